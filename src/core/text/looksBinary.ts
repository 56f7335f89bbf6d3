/** How much of the start of a text is inspected; binary formats show themselves early. */
const SAMPLE_CHARS = 8192;
/** Share of control or undecodable characters above which text is taken for binary data. */
const MAX_ODD_SHARE = 0.1;

/**
 * True when `text` is most likely binary data decoded as text (an image, an archive, a PDF
 * opened by mistake): it holds a NUL character, or more than a tenth of its first 8 KB are
 * control characters or U+FFFD, the mark a UTF-8 decoder leaves for bytes it cannot read.
 */
export function looksBinary(text: string): boolean {
  const end = Math.min(text.length, SAMPLE_CHARS);
  if (end === 0) return false;
  let odd = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return true;
    const control = code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12;
    if (control || code === 0xfffd) odd++;
  }
  return odd / end > MAX_ODD_SHARE;
}
