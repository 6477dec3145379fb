/** What a note with no words on its first line is called in the list. */
export const untitled = 'Untitled';

/** Longest title shown; the rest of the line stays in the body. */
const maxTitleLength = 120;

/**
 * A note's title: its first line with words, without Markdown's heading, quote and list markers. Derived from
 * the body rather than stored beside it, so two people editing at once never fight over a title field: the
 * title converges with the text.
 *
 * @example titleOf('# Shopping\nmilk') === 'Shopping'
 */
export function titleOf(body: string): string {
  for (const line of body.split('\n', 50)) {
    const words = line.replace(/^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+(?:\[[ xX]\]\s+)?)*/, '').trim();
    if (words !== '') return words.length > maxTitleLength ? `${words.slice(0, maxTitleLength - 1)}…` : words;
  }
  return '';
}
