/**
 * Text as an editor shows it: without the leading byte order mark (U+FEFF) some tools write at the
 * start of a UTF-8 file. VS Code drops it when it opens a file, so a reader of files outside the
 * editor (the CLI's suggest and the team template parser) drops it too, once, and line 1's columns
 * agree. The built catalog is read without it: the build writes no mark.
 */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
