/**
 * The documents the eval and the trainer read, as one list:
 * - the corpus splits materialised by eval/corpus/materialise.ts (third-party documents, outside
 *   the repository; only present where someone materialised them);
 * - the sets under test/fixtures/eval, written for this project and committed. They are all in
 *   the train split: they were tuned on for months, so none of them is held out any more.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_OUT, type Split } from './corpus/manifest';

export const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'eval');

export interface EvalDoc {
  /** Stable id: set and file. */
  readonly id: string;
  readonly split: Split;
  /** Repository (corpus) or fixture set name. */
  readonly repo: string;
  readonly register: 'engineering' | 'interview' | 'fixture';
  /** null: the document needs no pattern. */
  readonly primary: string | null;
  readonly relevant: readonly string[];
  readonly confidence: string;
  readonly text: string;
}

interface FixtureLabels {
  docs: { file: string; primary: string; relevant: string[]; confidence?: string }[];
  prompts?: { text: string; primary: string; relevant?: string[] }[];
  quiet?: (string | { file: string })[];
}

/** Every fixture set (the folders of test/fixtures/eval with a labels.json, and `quiet/`). */
export function fixtureDocs(): EvalDoc[] {
  const out: EvalDoc[] = [];
  for (const set of readdirSync(FIXTURES).sort()) {
    const dir = join(FIXTURES, set);
    const base = { split: 'train' as const, repo: `fixtures/${set}`, register: 'fixture' as const };
    if (set === 'quiet') {
      for (const f of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
        out.push({ ...base, id: `${set}/${f}`, primary: null, relevant: [], confidence: 'clear', text: readFileSync(join(dir, f), 'utf8') });
      }
      continue;
    }
    if (existsSync(join(dir, 'labels.json'))) out.push(...labelledSetDocs(dir, set, base.repo));
  }
  return out;
}

/**
 * The documents of one folder holding a `labels.json` (a fixture set's, or a set of
 * test/fixtures/eval/real/manifest.json saved with its documents): labelled documents, one-line
 * prompts, and documents that need no pattern. `set` names them in ids; `repo` groups them.
 */
export function labelledSetDocs(dir: string, set: string, repo = `fixtures/${set}`): EvalDoc[] {
  const base = { split: 'train' as const, repo, register: 'fixture' as const };
  const file = join(dir, 'labels.json');
  let labels: FixtureLabels;
  try {
    labels = JSON.parse(readFileSync(file, 'utf8')) as FixtureLabels;
  } catch (e) {
    throw new Error(`${file}: not readable JSON (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  if (!Array.isArray(labels.docs)) throw new Error(`${file}: needs a "docs" list; save one set's entry (with its "docs"), not a whole manifest of sets`);
  const out: EvalDoc[] = [];
  for (const d of labels.docs) {
    out.push({ ...base, id: `${set}/${d.file}`, primary: d.primary, relevant: d.relevant, confidence: d.confidence ?? 'clear', text: readFileSync(join(dir, d.file), 'utf8') });
  }
  for (const p of labels.prompts ?? []) {
    out.push({ ...base, id: `${set}/prompt:${p.text.slice(0, 50)}`, primary: p.primary, relevant: p.relevant ?? [p.primary], confidence: 'clear', text: p.text });
  }
  for (const q of labels.quiet ?? []) {
    const f = typeof q === 'string' ? q : q.file;
    out.push({ ...base, id: `${set}/${f}`, primary: null, relevant: [], confidence: 'clear', text: readFileSync(join(dir, f), 'utf8') });
  }
  return out;
}

interface CorpusLabels {
  docs: { file: string; repo: string; register: 'engineering' | 'interview'; kind: 'design' | 'none'; primary: string | null; relevant: string[]; confidence: string }[];
}

/** One materialised corpus split, or [] when it has not been materialised here. */
export function corpusDocs(split: Split, dir = DEFAULT_OUT): EvalDoc[] {
  const file = join(dir, split, 'labels.json');
  if (!existsSync(file)) return [];
  const labels = JSON.parse(readFileSync(file, 'utf8')) as CorpusLabels;
  return labels.docs.map((d) => ({
    id: d.file.replace(/^docs\//, ''), split, repo: d.repo, register: d.register,
    primary: d.kind === 'design' ? d.primary : null, relevant: d.kind === 'design' ? d.relevant : [], confidence: d.confidence,
    text: readFileSync(join(dir, split, d.file), 'utf8'),
  }));
}
