/**
 * Text for a terminal: the C0 and C1 control characters (but line feed and tab) and the bidi
 * embedding, override and isolate characters a document may hold are written as `\uXXXX`, so a
 * quoted word cannot colour, move the cursor, clear the screen or reorder the line it is shown on.
 * For the text output and every message on standard error (file names and arguments are the
 * user's words too: terminalSafe in io.ts): JSON escapes them itself, and SARIF keeps the text as it is.
 */
export function unsafeForTerminal(c: number): boolean {
  return (c <= 0x1f && c !== 0x0a && c !== 0x09) || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/**
 * `text` with each unsafe character (unsafeForTerminal) and each lone surrogate (half a pair, which a
 * UTF-8 terminal would get as U+FFFD, hiding what was written) as `\\uXXXX`.
 */
export function forTerminal(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      out += text.slice(i, i + 2);
      i++;
      continue;
    }
    out += unsafeForTerminal(c) || (c >= 0xd800 && c <= 0xdfff) ? `\\u${c.toString(16).padStart(4, '0')}` : text[i];
  }
  return out;
}

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;
