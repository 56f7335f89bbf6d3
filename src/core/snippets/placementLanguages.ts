/**
 * How snippet placement reads a document's lines in each language (content/snippets/placement-languages.json):
 * which decorator openers, comment markers and opening lines exist there. A language the file does
 * not list reads by its "unknown" row, every rule at once (how placement read every file before
 * it knew the language). Plain data, no `vscode`.
 */
// Only `rows`: the bundler leaves the file's note and sources out of the activation bundle.
import { rows as ROW_DATA } from '../../../content/snippets/placement-languages.json';

export const DECORATOR_OPENERS = ['@', '@expression', '#[', '[', '[[', '//go:', '@target:', '@[', 'template<'] as const;
export const OPENING_LINES = ['shebang', 'encodingDeclaration', 'futureImports', 'directives', 'innerAttributes', 'goBuild', 'phpOpening', 'magicComments', 'fileAnnotations', 'appDirectives', 'frontMatter'] as const;

export interface PlacementLanguage {
  readonly decorators: readonly (typeof DECORATOR_OPENERS)[number][];
  readonly lineComments: readonly string[];
  readonly blockComments: readonly (readonly [open: string, close: string])[];
  readonly openingLines: readonly (typeof OPENING_LINES)[number][];
  /**
   * Comments that apply to the line under them (`// @ts-expect-error`, `//nolint:`): read as
   * decorators, so a block goes above them, not between them and their line. Optional in the file;
   * none when left out.
   */
  readonly nextLineComments: readonly NextLineComment[];
}

/**
 * One comment that applies to the line under it, matched as its tool reads it: one of `markers`
 * (each one of the row's line comment markers, or longer: `///`), then white space when `space`
 * allows it, then `text`. With `block`, also the row's block comment openers (`/* @ts-ignore *\/`),
 * the comment closing on its line; with `blockStars` too, the opener may be followed by more `*`
 * and `/` (tsc reads `/** @ts-ignore *\/`; ESLint reads no `/** eslint-disable-next-line *\/`).
 * Unless `runOn`, `text` must not run on into a letter, digit or `-` (tsc does read `@ts-ignored`);
 * with `end` "space", white space or the comment's end must follow it (ESLint reads no
 * `// eslint-disable-next-line, see below`); with `end` "whole", nothing but the comment's end
 * (Prettier reads only a comment that is `prettier-ignore` and nothing more). With `multiLine`
 * (`block` only), the block form may close on a later line and applies to the line after its close
 * (ESLint 8.6 and later read `/* eslint-disable-next-line x --` with a description on lines under it).
 */
export interface NextLineComment {
  readonly markers: readonly string[];
  readonly text: string;
  readonly space: boolean;
  readonly block: boolean;
  readonly runOn: boolean;
  readonly blockStars?: boolean;
  readonly multiLine?: boolean;
  readonly end?: NextLineEnd;
}

/** What must follow a next-line comment's `text` (runOn false only); absent: no letter, digit or `-`. */
export const NEXT_LINE_ENDS = ['space', 'whole'] as const;
export type NextLineEnd = (typeof NEXT_LINE_ENDS)[number];

/** The table, from the repository's root: where the bundles import it from (above), and how a problem names it (the build's check, src/build/placementLanguagesCheck.ts, too). */
export const PLACEMENT_LANGUAGES_FILE = 'content/snippets/placement-languages.json';
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isMarker = (v: unknown): v is string => typeof v === 'string' && v !== '' && !/\s/.test(v);

/** Checks the shape of the file's "rows"; throws naming the file, the row and the field to fix. */
export function parsePlacementLanguages(data: unknown, file = PLACEMENT_LANGUAGES_FILE): ReadonlyMap<string, PlacementLanguage> {
  if (!Array.isArray(data)) throw new Error(`${file}: "rows" must be an array of { languages, decorators, lineComments, blockComments, openingLines }`);
  const rows = new Map<string, PlacementLanguage>();
  for (const [index, row] of data.entries()) {
    const where = `${file}: row ${index + 1}`;
    if (!isRecord(row)) throw new Error(`${where}: expected { languages, decorators, lineComments, blockComments, openingLines }`);
    const list = (key: string): unknown[] => {
      const v = row[key];
      if (!Array.isArray(v)) throw new Error(`${where}: "${key}" must be an array`);
      return v;
    };
    const oneOf = <T extends string>(key: string, allowed: readonly T[]): T[] => list(key).map((v) => {
      if (!allowed.includes(v as T)) throw new Error(`${where}: "${key}" holds ${JSON.stringify(v)}; allowed: ${allowed.join(', ')}`);
      return v as T;
    });
    const lineComments = list('lineComments').map((v) => {
      if (!isMarker(v)) throw new Error(`${where}: "lineComments" holds ${JSON.stringify(v)}; a marker is a non-empty string without spaces`);
      return v;
    });
    const blockComments = list('blockComments').map((v) => {
      if (!Array.isArray(v) || v.length !== 2 || !isMarker(v[0]) || !isMarker(v[1])) throw new Error(`${where}: "blockComments" holds ${JSON.stringify(v)}; expected [open, close] markers`);
      return [v[0], v[1]] as const;
    });
    const nextLineComments = row.nextLineComments === undefined ? [] : list('nextLineComments').map((v): NextLineComment => {
      const bad = (why: string) => new Error(`${where}: "nextLineComments" holds ${JSON.stringify(v)}; ${why}`);
      if (!isRecord(v)) throw bad('expected { markers, text, space, block, runOn }');
      const { markers, text, space, block, runOn, blockStars, multiLine, end } = v;
      if (!Array.isArray(markers) || markers.length === 0 || !markers.every((m) => isMarker(m) && lineComments.some((marker) => m.startsWith(marker)))) {
        throw bad(`"markers" must list one or more of the row's "lineComments" markers (or longer ones that open with one)`);
      }
      if (!isMarker(text)) throw bad('"text" must be a non-empty string without spaces');
      for (const [key, flag] of Object.entries({ space, block, runOn })) if (typeof flag !== 'boolean') throw bad(`"${key}" must be true or false`);
      if (block === true && blockComments.length === 0) throw bad('"block" is true but the row has no "blockComments"');
      if (blockStars !== undefined && typeof blockStars !== 'boolean') throw bad('"blockStars" must be true or false when given');
      if (blockStars === true && block !== true) throw bad('"blockStars" is true but "block" is not');
      if (multiLine !== undefined && typeof multiLine !== 'boolean') throw bad('"multiLine" must be true or false when given');
      if (multiLine === true && block !== true) throw bad('"multiLine" is true but "block" is not');
      if (end !== undefined && !NEXT_LINE_ENDS.includes(end as NextLineEnd)) throw bad(`"end" must be one of ${NEXT_LINE_ENDS.join(', ')} when given`);
      if (end !== undefined && runOn !== false) throw bad('"end" is given but "runOn" is not false');
      return {
        markers: markers as string[], text, space: space as boolean, block: block as boolean, runOn: runOn as boolean,
        ...(blockStars === undefined ? {} : { blockStars }), ...(multiLine === undefined ? {} : { multiLine }), ...(end === undefined ? {} : { end: end as NextLineEnd }),
      };
    });
    const openingLines = oneOf('openingLines', OPENING_LINES);
    // Front matter is read instead of every other opening line (placement.ts), never with them.
    if (openingLines.includes('frontMatter') && openingLines.length > 1) throw new Error(`${where}: "openingLines" holds "frontMatter" with other kinds; a row with front matter reads no other opening line`);
    const language: PlacementLanguage = { decorators: oneOf('decorators', DECORATOR_OPENERS), lineComments, blockComments, openingLines, nextLineComments };
    const ids = list('languages');
    if (ids.length === 0) throw new Error(`${where}: "languages" names no VS Code language id`);
    for (const id of ids) {
      if (!isMarker(id)) throw new Error(`${where}: "languages" holds ${JSON.stringify(id)}; a language id is a non-empty string without spaces`);
      if (rows.has(id)) throw new Error(`${where}: language "${id}" has a row already`);
      rows.set(id, language);
    }
  }
  for (const needed of ['unknown', 'markdown']) {
    if (!rows.has(needed)) throw new Error(`${file}: the "${needed}" row is missing (how ${needed === 'unknown' ? 'a language not listed' : 'markdown, with its front matter,'} is read)`);
  }
  return rows;
}

/** Read on the first insert, not at activation (the build has checked the file: buildCatalogJson.ts). */
let rows: ReadonlyMap<string, PlacementLanguage> | undefined;

/** The row for `languageId`; for an id not listed (or none), the "unknown" row. */
export function placementLanguage(languageId: string | undefined): PlacementLanguage {
  rows ??= parsePlacementLanguages(ROW_DATA);
  return (languageId === undefined ? undefined : rows.get(languageId)) ?? rows.get('unknown')!;
}
