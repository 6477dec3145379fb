/** XML element names as XLSForm allows them for questions, groups and lists. */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_\-.]*$/;

/** Form ids end up in document names (`survey/<formId>/…`) and URLs: a stricter, bounded pattern. */
export const FORM_ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_\-.]{0,99}$/;
