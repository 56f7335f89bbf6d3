/** Loads the labelled eval sets of test/fixtures/eval (shared by run.ts and train.ts). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Labelled } from './metrics';

export const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'eval');

interface LabelFile {
  docs: { file: string; primary: string; relevant: string[]; confidence?: string }[];
  prompts?: { text: string; primary: string; relevant?: string[] }[];
  /** Files (relative to the set) of documents that need no pattern (or entries naming them, as in real/manifest.json). */
  quiet?: (string | { file: string })[];
}

export interface LoadedSet {
  docs: Labelled[];
  prompts: Labelled[];
  quiet: { name: string; text: string }[];
}

export function loadSet(name: string): LoadedSet | undefined {
  return loadSetAt(join(FIXTURES, name), name === 'quiet');
}

/**
 * A labelled set in any folder (`labels.json` beside its files), e.g. documents kept outside the
 * repository because their text is not ours to commit; `allQuiet` reads every `.md` as a no-pattern doc.
 */
export function loadSetAt(dir: string, allQuiet = false): LoadedSet | undefined {
  if (allQuiet) {
    const quiet = readdirSync(dir).filter((f) => f.endsWith('.md')).sort().map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
    return { docs: [], prompts: [], quiet };
  }
  if (!existsSync(join(dir, 'labels.json'))) return undefined;
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as LabelFile;
  return {
    docs: labels.docs.map((d) => ({ name: d.file, text: readFileSync(join(dir, d.file), 'utf8'), primary: d.primary, relevant: d.relevant, confidence: d.confidence })),
    prompts: (labels.prompts ?? []).map((p) => ({ name: p.text.slice(0, 60), text: p.text, primary: p.primary, relevant: p.relevant ?? [p.primary] })),
    quiet: (labels.quiet ?? []).map((q) => (typeof q === 'string' ? q : q.file)).map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') })),
  };
}
