/**
 * Writes the corpus documents out of local clones, by the commit and path the manifest names:
 *
 *   npx tsx eval/corpus/materialise.ts [--mirrors DIR] [--out DIR]
 *
 * `--mirrors` holds one bare clone per repository as `<owner>+<name>/repo` (the layout of the
 * search tool's fetch; default /work/.mirror) or `<owner>+<name>` itself. A repository too large to
 * clone may instead have its documents saved as plain files under `<owner>+<name>/files/<commit>/<path>` (the
 * document's own commit where the manifest gives one). Each split lands in
 * `<out>/<split>/` with the documents and a `labels.json`; the test and holdout splits are written too, but only
 * `npm run eval -- --split test` (or `holdout`) reads them, in summary only, and `eval/agreement.ts`
 * and `eval/holdout.ts` the holdout split, in summary only. Documents whose clone is missing are listed and skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_OUT, docFileName, readManifests, readSplits, splitOf, type Split } from './manifest';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

function gitDir(mirrors: string, repo: string): string | undefined {
  const base = join(mirrors, repo.replace('/', '+'));
  for (const dir of [join(base, 'repo'), base]) {
    if (existsSync(join(dir, 'HEAD'))) return dir;
    // A clone with a work tree: git's directory is its .git.
    if (existsSync(join(dir, '.git'))) return join(dir, '.git');
  }
  return undefined;
}

function main(): void {
  const mirrors = arg('--mirrors', '/work/.mirror');
  const out = arg('--out', DEFAULT_OUT);
  const splits = readSplits();
  const labels = new Map<Split, unknown[]>([['train', []], ['dev', []], ['test', []], ['holdout', []]]);
  rmSync(out, { recursive: true, force: true });
  const missing: string[] = [];
  let written = 0;
  for (const m of readManifests()) {
    const split = splitOf(splits, m.repo);
    if (!split) { missing.push(`${m.repo}: in no split (eval/corpus/splits.json)`); continue; }
    const dir = gitDir(mirrors, m.repo);
    const saved = join(mirrors, m.repo.replace('/', '+'), 'files');
    if (!dir && !existsSync(saved)) { missing.push(`${m.repo}: no clone or saved files under ${mirrors}`); continue; }
    mkdirSync(join(out, split, 'docs'), { recursive: true });
    for (const d of m.docs) {
      const commit = d.commit ?? m.commit;
      const file = join(saved, commit, d.path);
      let text: string;
      try {
        text = existsSync(file)
          ? readFileSync(file, 'utf8')
          : execFileSync('git', ['--git-dir', dir ?? '', 'show', `${commit}:${d.path}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
      } catch {
        missing.push(`${m.repo}@${commit.slice(0, 8)}:${d.path}: not in the clone`);
        continue;
      }
      const name = `docs/${docFileName(m.repo, d.path)}`;
      writeFileSync(join(out, split, name), text);
      labels.get(split)!.push({ file: name, repo: m.repo, register: m.register, kind: d.kind, primary: d.primary, relevant: d.relevant, confidence: d.confidence });
      written++;
    }
  }
  for (const [split, docs] of labels) {
    if (docs.length === 0) continue;
    writeFileSync(join(out, split, 'labels.json'), `${JSON.stringify({ split, docs }, null, 1)}\n`);
  }
  console.log(`materialised ${written} documents into ${out}`);
  if (missing.length > 0) console.log(`skipped:\n  ${missing.join('\n  ')}`);
}

main();
