/**
 * Names from the network (mDNS instance names, agent-info display names) and other remote text must not drive the
 * terminal they are printed on: an ESC starts a colour or cursor sequence, an OSC retitles the window, a C1 CSI
 * (U+009B) does the same on many terminals, bidi overrides reorder what follows, zero-width characters make two
 * names look alike. Everything of that kind is shown as a visible escape instead.
 */

/** C0/C1 controls and DEL, format characters (bidi, zero-width…), line/paragraph separators, lone surrogates. */
const UNSAFE = /[\\\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
/** A zero-width joiner inside an emoji sequence (👩‍💻) is harmless and part of the name's look. */
const EMOJI_BEFORE = /\p{Extended_Pictographic}\uFE0F?$/u;
const EMOJI_AFTER = /^\p{Extended_Pictographic}/u;

/**
 * `text` made safe to print on a terminal: controls and invisible characters appear as `\x1b` or `\u{202e}`, and
 * a backslash as `\\`, so what is shown maps back to exactly one string.
 *
 * @example
 * terminalSafe('Victim\x1b[31m'); // 'Victim\\x1b[31m'
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (char: string, offset: number) => {
    if (char === '\\') return '\\\\';
    if (
      char === '\u200d' &&
      EMOJI_BEFORE.test(text.slice(Math.max(0, offset - 3), offset)) &&
      EMOJI_AFTER.test(text.slice(offset + 1, offset + 3))
    )
      return char;
    const code = char.codePointAt(0) ?? 0;
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** Characters `JSON.stringify` leaves raw but a terminal may act on (DEL, C1 controls, bidi, separators). */
const JSON_UNSAFE = /[\u007f-\u009f\p{Cf}\u2028\u2029]/gu;

/**
 * `JSON.stringify(value)` for output that may reach a terminal: the same JSON value (a parser gets the real
 * names back), with every control and invisible character written as a `\uXXXX` escape.
 */
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(JSON_UNSAFE, (char) => {
    let escaped = '';
    for (let i = 0; i < char.length; i += 1)
      escaped += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return escaped;
  });
}
