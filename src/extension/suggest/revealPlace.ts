/**
 * Where a review item's quoted text stands now. The Design Review keeps the place the last analysis
 * gave (1-based line and column); after an edit, until the next analysis (with
 * `review.refreshOnEdit` off, until a save), that place may hold other text, and selecting it
 * would show the writer the wrong words. No `vscode` here, so it is tested in plain Node.
 */
import { splitLines } from '../../core/review/ranges';

/** A 0-based line and character (UTF-16 code units), as VS Code's `Position`. */
export interface Place {
  readonly line: number;
  readonly character: number;
}

/**
 * The occurrence of `text` nearest to `at`: at `at` itself when it is there, else on the line
 * nearest to it (a line above before one below at the same distance), nearest to its character on
 * that line. A quote that wraps over line breaks (a figure written "50,000" at the end of one line,
 * "seats" at the start of the next) is found where it wraps the same way: the end of a line, whole
 * lines between, the start of the last; whatever its line breaks are (LF, CR LF, a lone CR). The
 * place is the quote's start. `undefined` when the text is nowhere in the document, or is empty.
 * `lineAt(i)` gives line i's text without its line break.
 */
export function nearestOccurrence(text: string, at: Place, lineCount: number, lineAt: (line: number) => string): Place | undefined {
  if (text === '' || lineCount <= 0) return undefined;
  const parts = splitLines(text);
  const from = Math.min(Math.max(at.line, 0), lineCount - 1);
  for (let distance = 0; distance < lineCount; distance++) {
    for (const line of distance === 0 ? [from] : [from - distance, from + distance]) {
      if (line < 0 || line >= lineCount) continue;
      const character = parts.length === 1 ? nearestOnLine(lineAt(line), text, at.character) : wrappedFrom(parts, line, lineCount, lineAt);
      if (character !== undefined) return { line, character };
    }
    if (from - distance < 0 && from + distance >= lineCount) break;
  }
  return undefined;
}

/** The start of the occurrence of `text` in `lineText` nearest to `character`, if any. */
function nearestOnLine(lineText: string, text: string, character: number): number | undefined {
  let best: number | undefined;
  for (let i = lineText.indexOf(text); i !== -1; i = lineText.indexOf(text, i + 1)) {
    if (best === undefined || Math.abs(i - character) < Math.abs(best - character)) best = i;
    if (i >= character) break;
  }
  return best;
}

/** Where a quote of several lines (`parts`) starts if it starts on `line`: its first part ends that line, its last starts the line it ends on. */
function wrappedFrom(parts: readonly string[], line: number, lineCount: number, lineAt: (line: number) => string): number | undefined {
  const last = parts.length - 1;
  if (line + last >= lineCount) return undefined;
  const first = lineAt(line);
  if (!first.endsWith(parts[0]!)) return undefined;
  for (let i = 1; i < last; i++) if (lineAt(line + i) !== parts[i]) return undefined;
  return lineAt(line + last).startsWith(parts[last]!) ? first.length - parts[0]!.length : undefined;
}

/**
 * Whether the reveal must look for the quoted `text` elsewhere: only when the document changed since
 * the analysis and its place now holds other text. While the document is the version analysed
 * (`analysedVersion`), the place is right even where its text differs from the quote (a link is
 * quoted by its text alone); looking for such a quote would find nothing (nothing selected) or a
 * like phrase elsewhere. A quote over a line break is the document's own text, break and all. Without a version (an older caller), any other text there counts as a change.
 */
export function mustRelocate(text: unknown, textAtPlace: string, analysedVersion: unknown, documentVersion: number): text is string {
  if (typeof text !== 'string' || text === '' || textAtPlace === text) return false;
  return typeof analysedVersion !== 'number' || analysedVersion !== documentVersion;
}
