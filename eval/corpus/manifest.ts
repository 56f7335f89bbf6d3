/** The corpus manifest (eval/corpus/manifest/*.json) and its split by repository (eval/corpus/splits.json). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS_DIR = __dirname;
export const MANIFEST_DIR = join(__dirname, 'manifest');
export const SPLITS_FILE = join(__dirname, 'splits.json');
/** Where `materialise.ts` writes the documents by default (git-ignored). */
export const DEFAULT_OUT = join(__dirname, '..', '..', '.sdp-tmp', 'corpus');

export type Split = 'train' | 'dev' | 'test';

export interface ManifestDoc {
  readonly path: string;
  readonly kind: 'design' | 'none';
  readonly primary: string | null;
  readonly relevant: readonly string[];
  readonly confidence: 'clear' | 'arguable';
  readonly why?: string;
}

export interface RepoManifest {
  readonly repo: string;
  readonly commit: string;
  readonly register: 'engineering' | 'interview';
  /** Who labelled the documents, and when (YYYY-MM-DD): a repository labelled after the splits froze goes to train. */
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
}

export function readSplits(): Splits {
  return JSON.parse(readFileSync(SPLITS_FILE, 'utf8')) as Splits;
}

export function splitOf(splits: Splits, repo: string): Split | undefined {
  if (splits.test.includes(repo)) return 'test';
  if (splits.dev.includes(repo)) return 'dev';
  if (splits.train.includes(repo)) return 'train';
  return undefined;
}

/** File name of a document in a materialised split: repo and path, flattened. */
export function docFileName(repo: string, path: string): string {
  return `${repo.replace('/', '__')}__${path.replace(/[\\/]/g, '__')}`;
}
