/**
 * Line breaks as editors read them. VS Code, GitHub and markdown-it all end a line at `\r\n`, `\n`
 * or a lone `\r` (the old Mac convention); the engine and the review count lines at `\n`. So a lone
 * `\r` becomes `\n` before either reads a text. It is one character for one, so every offset and
 * column stays where it was, and `\r\n` is left alone.
 */
export function withLoneCarriageReturnsAsNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}
