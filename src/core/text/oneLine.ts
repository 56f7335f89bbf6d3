/**
 * A quoted span as one line, for places that show it in a line of their own (a tree label, a
 * message, a list item of the copied review). The engine quotes spans exactly as written, so a
 * figure or a phrase that wraps keeps its line break and the next line's indentation: right for
 * ranges (selection, hover, SARIF regions), wrong in a label.
 */
export function asOneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
