/**
 * Assigns each corpus repository to one split, once: `npx tsx eval/corpus/split.ts`.
 * A repository already in eval/corpus/splits.json never moves. Before the splits are frozen, a new
 * one is placed by a seeded hash of its name, and the order so drawn fills the test split to about
 * a quarter and the dev split to about a fifth of the documents that need a pattern, for each
 * register separately. Once they are frozen (`frozenOn` is set), a new repository goes to train:
 * the test split's first score must stay the score of the documents it held, and the dev split's
 * figures stay comparable with the ones quoted before. The `holdout` split is not drawn here: its
 * repositories were placed by hand before they were labelled (eval/preregistered/2026-12-06-session-17.md,
 * plan HC), and, like every placed repository, never move.
 * No document's content or score is read: only names and label counts.
 */
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { readManifests, readSplits, SPLITS_FILE, type Split, type Splits } from './manifest';

const SEED = 'sdp-corpus-2026-12-04';
const TARGET: Readonly<Record<'test' | 'dev', number>> = { test: 0.25, dev: 0.2 };

function main(): void {
  const current: Splits = existsSync(SPLITS_FILE)
    ? readSplits()
    : { about: '', seed: SEED, frozenOn: new Date().toISOString().slice(0, 10), train: [], dev: [], test: [], holdout: [], holdoutFrozenOn: '' };
  // A splits file written before holds the frozen splits; a first run draws them.
  const frozen = existsSync(SPLITS_FILE) && Boolean(current.frozenOn);
  const placed = new Map<string, Split>();
  for (const s of ['train', 'dev', 'test', 'holdout'] as const) {
    for (const r of current[s]) {
      const before = placed.get(r);
      if (before) throw new Error(before === s ? `${SPLITS_FILE}: ${r} is listed twice in the ${s} split` : `${SPLITS_FILE}: ${r} is in both the ${before} and the ${s} split; a repository sits in one`);
      placed.set(r, s);
    }
  }
  const manifests = readManifests();
  for (const register of ['engineering', 'interview'] as const) {
    const repos = manifests.filter((m) => m.register === register);
    const designs = (repo: string): number => repos.find((m) => m.repo === repo)?.docs.filter((d) => d.kind === 'design').length ?? 0;
    const total = repos.reduce((s, m) => s + Math.max(1, designs(m.repo)), 0);
    const filled = { test: 0, dev: 0 };
    for (const m of repos) {
      const s = placed.get(m.repo);
      if (s === 'test' || s === 'dev') filled[s] += Math.max(1, designs(m.repo));
    }
    const order = repos.filter((m) => !placed.has(m.repo))
      .sort((a, b) => hash(a.repo).localeCompare(hash(b.repo)));
    for (const m of order) {
      if (frozen) { placed.set(m.repo, 'train'); continue; }
      const w = Math.max(1, designs(m.repo));
      const split: Split = filled.test + w / 2 <= TARGET.test * total ? 'test' : filled.dev + w / 2 <= TARGET.dev * total ? 'dev' : 'train';
      if (split !== 'train') filled[split] += w;
      placed.set(m.repo, split);
    }
  }
  const by = (s: Split): string[] => [...placed].filter(([, v]) => v === s).map(([r]) => r).sort();
  const splits: Splits = {
    about: current.about || 'Corpus splits by repository: no repository is in two splits, and a repository once placed never moves (eval/corpus/split.ts). The test split is frozen: it is scored once, at the end, in summary only (npm run eval -- --split test).',
    seed: current.seed || SEED,
    frozenOn: current.frozenOn,
    train: by('train'), dev: by('dev'), test: by('test'),
    holdout: by('holdout'), holdoutFrozenOn: current.holdoutFrozenOn,
    ...(current.holdoutLabels ? { holdoutLabels: current.holdoutLabels } : {}),
  };
  writeFileSync(SPLITS_FILE, `${JSON.stringify(splits, null, 1)}\n`);
  for (const s of ['train', 'dev', 'test', 'holdout'] as const) console.log(`${s}: ${splits[s].length} repositories`);
}

function hash(s: string): string {
  return createHash('sha256').update(`${SEED}:${s}`).digest('hex');
}

main();
