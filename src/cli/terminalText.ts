/**
 * Text for a terminal: the C0 and C1 control characters (but line feed and tab) and the bidi
 * embedding, override and isolate characters a document may hold are written as `\uXXXX`, so a
 * quoted word cannot colour, move the cursor, clear the screen or reorder the line it is shown on.
 * For the text output only: JSON escapes them itself, and SARIF keeps the document's text as it is.
 */
export function unsafeForTerminal(c: number): boolean {
  return (c <= 0x1f && c !== 0x0a && c !== 0x09) || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

export function forTerminal(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += unsafeForTerminal(c) ? `\\u${c.toString(16).padStart(4, '0')}` : text[i];
  }
  return out;
}
