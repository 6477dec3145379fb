/**
 * The number of bytes `TextEncoder` would write for `text`, without encoding it: 1 to 3 bytes per UTF-16 code
 * unit, 4 per surrogate pair, and 3 for a lone surrogate (it becomes U+FFFD, as the encoder writes it).
 * @example
 * utf8Length('é€😀'); // 2 + 3 + 4 = 9
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
