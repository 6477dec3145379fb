/** Where the person's name is kept between visits (the page's origin is the app's own). */
export const nameKey = 'offgrid-notes.name';

/** The parts of `Storage` used (localStorage in the page; anything in tests). */
export interface NameStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The stored name, or undefined when there is none yet (or storage is refused, e.g. in a private window). */
export function loadName(storage: NameStorage | undefined): string | undefined {
  try {
    const name = storage?.getItem(nameKey)?.trim();
    return name ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the name (best effort: the name is asked again next time if storage refuses). */
export function saveName(storage: NameStorage | undefined, name: string): void {
  try {
    storage?.setItem(nameKey, name);
  } catch {
    // Private mode or a full quota: the name still works for this visit.
  }
}

/** Trims and bounds a typed name; undefined when nothing is left. */
export function cleanName(typed: string): string | undefined {
  const name = typed.trim().replace(/\s+/g, ' ').slice(0, 60);
  return name === '' ? undefined : name;
}
