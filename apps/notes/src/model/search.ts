/** The words of a query, lower-cased; empty: everything matches. */
export function queryWords(query: string): string[] {
  return query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
}

/** Whether every word of the query occurs in the title or the body (case-insensitive, anywhere in a word). */
export function matches(words: readonly string[], title: string, body: string): boolean {
  if (words.length === 0) return true;
  const haystack = `${title}\n${body}`.toLocaleLowerCase();
  return words.every((word) => haystack.includes(word));
}
