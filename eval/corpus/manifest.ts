/** The corpus manifest (eval/corpus/manifest/*.json) and its split by repository (eval/corpus/splits.json). */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS_DIR = __dirname;
export const MANIFEST_DIR = join(__dirname, 'manifest');
export const SPLITS_FILE = join(__dirname, 'splits.json');
/** Where `materialise.ts` writes the documents by default (git-ignored). */
export const DEFAULT_OUT = join(__dirname, '..', '..', '.sdp-tmp', 'corpus');

/**
 * `holdout`: a second held-out split of repositories chosen after the others froze, labelled blind
 * and scored once, in summary only, like the test split (eval/preregistered/2026-12-06-session-17.md,
 * plan HC). Never trained or tuned on.
 */
export type Split = 'train' | 'dev' | 'test' | 'holdout';

/** The splits scored in summary only, whose first score is recorded (eval/run.ts). */
export const HELD_OUT_SPLITS: ReadonlySet<Split> = new Set(['test', 'holdout']);

export interface ManifestDoc {
  readonly path: string;
  readonly kind: 'design' | 'none';
  readonly primary: string | null;
  readonly relevant: readonly string[];
  readonly confidence: 'clear' | 'arguable';
  readonly why?: string;
  /**
   * The commit this document was saved at, when it differs from the repository's: a repository too
   * large to fetch whole has its documents saved one by one from stored copies, each at the commit it
   * is stored at (materialise.ts reads them from `files/<commit>/<path>`).
   */
  readonly commit?: string;
}

export interface RepoManifest {
  readonly repo: string;
  readonly commit: string;
  readonly register: 'engineering' | 'interview';
  /** Who labelled the documents, and when (YYYY-MM-DD): a repository labelled after the splits froze goes to train, unless it was placed in the holdout split before it was labelled. */
  readonly labelledBy?: string;
  readonly labelledOn?: string;
  /** What a reader of the figures should know about the repository (how its documents were written, what they lean on). */
  readonly note?: string;
  readonly docs: readonly ManifestDoc[];
}

export function readManifests(): RepoManifest[] {
  if (!existsSync(MANIFEST_DIR)) return [];
  return readdirSync(MANIFEST_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => {
    const m = JSON.parse(readFileSync(join(MANIFEST_DIR, f), 'utf8')) as RepoManifest;
    if (!m.repo || !/^[0-9a-f]{40}$/.test(m.commit) || !Array.isArray(m.docs)) throw new Error(`${f}: needs repo, a 40-hex commit and docs`);
    for (const d of m.docs) if (d.commit !== undefined && !/^[0-9a-f]{40}$/.test(d.commit)) throw new Error(`${f}: ${d.path}: a document's commit must be 40 hex digits`);
    return m;
  });
}

export interface Splits {
  readonly about: string;
  readonly seed: string;
  readonly frozenOn: string;
  readonly train: readonly string[];
  readonly dev: readonly string[];
  readonly test: readonly string[];
  /** The second held-out split (plan HC), placed by hand before its documents were labelled; frozen on `holdoutFrozenOn`. */
  readonly holdout: readonly string[];
  readonly holdoutFrozenOn: string;
  /**
   * What the holdout split held when it was first scored, checked by test/unit/eval/corpus.test.ts:
   * its counts, the fingerprint of its manifests (`sha256`, `labelsFingerprint`) and of its second
   * labels (`secondSha256`, `secondLabelsFingerprint`), and of the texts scored (`textSha256`,
   * eval/holdout.ts `textsFingerprint`; warned about when the materialised split differs).
   */
  readonly holdoutLabels?: {
    readonly documents: number; readonly design: number; readonly none: number;
    readonly sha256: string; readonly secondSha256: string; readonly textSha256: string;
  };
}

/** Orders strings by UTF-16 code units, the same everywhere (localeCompare depends on the locale). */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The SHA-256 of what a set of repositories' manifests say about their documents: repository,
 * commits, register, and each document's path, commit and labels (not the `why`, which is prose).
 * The holdout split's is recorded in splits.json (`holdoutLabels`): its labels are frozen with it.
 */
export function labelsFingerprint(manifests: readonly RepoManifest[]): string {
  // Ordered by code units, repositories and documents alike: reordering a file changes nothing.
  const canonical = [...manifests].sort((a, b) => byCodeUnits(a.repo, b.repo)).map((m) => ({
    repo: m.repo, commit: m.commit, register: m.register,
    docs: [...m.docs].sort((a, b) => byCodeUnits(a.path, b.path))
      .map((d) => ({ path: d.path, commit: d.commit ?? null, kind: d.kind, primary: d.primary, relevant: [...d.relevant], confidence: d.confidence })),
  }));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** The same for a second labelling (eval/corpus/second-labels/<split>.json): each document's id and labels, and a third label where there is one. */
export function secondLabelsFingerprint(docs: readonly { id: string; kind: string; primary: string | null; relevant: readonly string[]; confidence: string; third?: { kind: string; primary: string | null; relevant: readonly string[]; confidence: string } }[]): string {
  const label = (l: { kind: string; primary: string | null; relevant: readonly string[]; confidence: string }) => ({ kind: l.kind, primary: l.primary, relevant: [...l.relevant], confidence: l.confidence });
  const canonical = [...docs].sort((a, b) => byCodeUnits(a.id, b.id)).map((d) => ({ id: d.id, ...label(d), third: d.third ? label(d.third) : null }));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export function readSplits(): Splits {
  const splits = JSON.parse(readFileSync(SPLITS_FILE, 'utf8')) as Splits;
  for (const s of ['train', 'dev', 'test'] as const) if (!Array.isArray(splits[s])) throw new Error(`${SPLITS_FILE}: the ${s} split is missing (a list of repositories); a repository once placed never moves`);
  // A splits file from before the holdout split: none.
  return { ...splits, holdout: splits.holdout ?? [], holdoutFrozenOn: splits.holdoutFrozenOn ?? '' };
}

export function splitOf(splits: Splits, repo: string): Split | undefined {
  if (splits.holdout.includes(repo)) return 'holdout';
  if (splits.test.includes(repo)) return 'test';
  if (splits.dev.includes(repo)) return 'dev';
  if (splits.train.includes(repo)) return 'train';
  return undefined;
}

/** File name of a document in a materialised split: repo and path, flattened. */
export function docFileName(repo: string, path: string): string {
  return `${repo.replace('/', '__')}__${path.replace(/[\\/]/g, '__')}`;
}
