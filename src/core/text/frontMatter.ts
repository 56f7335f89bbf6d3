/**
 * YAML front matter, as both the engine (blockParse.ts) and snippet placement (placement.ts) read
 * it: a document whose first line is exactly `---`, closed by a later line of `---` or `...`
 * (trailing spaces allowed) within the first FRONT_MATTER_MAX_LINES lines. Past that limit an
 * opening `---` is taken for a thematic break instead, so a rule at the top of a long document
 * does not swallow it. One rule for both, so a listing is never put where the engine reads YAML.
 */

/** How many lines the front matter may run to, its opening `---` included. */
export const FRONT_MATTER_MAX_LINES = 200;

/**
 * The 0-based line of the `---` (or `...`) that closes the front matter the document opens with;
 * undefined for none. `lineText` gives a line without its line break.
 */
export function frontMatterLastLine(lineText: (line: number) => string, lineCount: number): number | undefined {
  if (lineCount < 2 || lineText(0) !== '---') return undefined;
  for (let line = 1; line < Math.min(lineCount, FRONT_MATTER_MAX_LINES); line++) {
    if (/^(---|\.\.\.)\s*$/.test(lineText(line))) return line;
  }
  return undefined;
}
