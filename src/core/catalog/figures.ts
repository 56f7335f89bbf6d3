import { parseYamlBlock } from './frontMatter';
import { hasCheckYear, hasSourceYear, REPORTED, SERVICE } from './contentRules';
import type { CatalogProblem } from './model';

/**
 * Shared figures: one data file (`content/figures.yaml`) holds the numbers several cards quote
 * (peak-to-average factors, read:write ratios, connection memory, the limits of real systems),
 * and the cards reference them as `{{fig:id}}`. The build expands each reference to the figure's
 * `value`, so two files can no longer state the same figure differently.
 */
export interface SharedFigure {
  readonly id: string;
  /** The text a reference expands to: one line, no `{{`. */
  readonly value: string;
  /** Where it comes from or how it was derived (shown nowhere; for reviewers). */
  readonly note?: string;
  /** 1-based line of the figure's key in its file. */
  readonly line: number;
}

export interface SharedFigures {
  readonly file: string;
  readonly byId: ReadonlyMap<string, SharedFigure>;
}

export const FIGURE_REFERENCE = /\{\{\s*fig:([^}\s]*)\s*\}\}/g;
const FIGURE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Parses `figures.yaml`: a mapping of kebab-case id to `{ value, note? }` (or to a plain string). */
export function parseFigures(file: string, text: string, problems: CatalogProblem[]): SharedFigures {
  const byId = new Map<string, SharedFigure>();
  const block = parseYamlBlock(text, file, 1, problems);
  for (const [id, raw] of Object.entries(block.data ?? {})) {
    const line = block.keyLines.get(id) ?? 1;
    if (!FIGURE_ID.test(id)) {
      problems.push({ file, line, message: `figure id "${id}" is not kebab-case` });
      continue;
    }
    const value = typeof raw === 'string' ? raw : raw && typeof raw === 'object' ? (raw as Record<string, unknown>)['value'] : undefined;
    const note = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)['note'] : undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push({ file, line, message: `figure "${id}" needs a "value": the text a {{fig:${id}}} reference expands to` });
      continue;
    }
    if (/[\n\r]/.test(value.trim()) || value.includes('{{') || value.includes('"')) {
      problems.push({ file, line, message: `figure "${id}": the value must be one line without {{ or double quotes (it is pasted into markdown and yaml)` });
      continue;
    }
    const service = SERVICE.exec(value);
    if (service && !hasCheckYear(value)) {
      problems.push({ file, line, message: `figure "${id}" names "${service[0].replace(/\s+/g, ' ')}" but carries no year it was checked: add one in parentheses, e.g. "(2026)"` });
      continue;
    }
    const reported = REPORTED.exec(value);
    if (reported && !hasSourceYear(value)) {
      problems.push({ file, line, message: `figure "${id}" quotes "${reported[0]}" but carries no year of its source: add who said it and when in parentheses, e.g. "(${reported[0]} engineering blog, 2012)"` });
      continue;
    }
    byId.set(id, { id, value: value.trim(), line, ...(typeof note === 'string' ? { note } : {}) });
  }
  return { file, byId };
}

/**
 * Replaces every `{{fig:id}}` in a content file by the figure's value, line by line so the
 * file's line numbers stay as written. An unknown id is a problem at its own line.
 */
export function expandFigures(
  file: string,
  text: string,
  figures: SharedFigures | undefined,
  problems: CatalogProblem[],
  used?: Set<string>,
): string {
  if (!text.includes('{{')) return text;
  return text
    .split('\n')
    .map((line, index) =>
      line.replace(FIGURE_REFERENCE, (whole, id: string) => {
        const figure = figures?.byId.get(id);
        if (figure) {
          used?.add(id);
          return figure.value;
        }
        const known = figures ? [...figures.byId.keys()] : [];
        const hint = figures ? closest(id, known) : ' (no figures file: add content/figures.yaml)';
        problems.push({ file, line: index + 1, message: `unknown figure reference ${whole}${hint}` });
        return whole;
      }),
    )
    .join('\n');
}

function closest(id: string, known: readonly string[]): string {
  const near = known.filter((k) => k.includes(id) || id.includes(k) || k.split('-')[0] === id.split('-')[0]);
  return near.length > 0 ? ` (known: ${near.slice(0, 4).join(', ')})` : ` (see figures.yaml for the ids)`;
}
