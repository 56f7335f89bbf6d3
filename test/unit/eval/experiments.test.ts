/**
 * The variants kept as patches (eval/experiments/): each is listed in the folder's README with the
 * commit it was made against, and applies cleanly to that commit. Checked against a throw-away index
 * (git read-tree into a temporary index file, then git apply --cached --check), so no working tree
 * is touched.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const DIR = join(ROOT, 'eval/experiments');

/** Patch file name -> base commit, from the README's table. */
function listed(): Map<string, string> {
  const rows = readFileSync(join(DIR, 'README.md'), 'utf8').split('\n');
  const out = new Map<string, string>();
  for (const row of rows) {
    const m = /^\|\s*([\w.-]+\.patch)\s*\|\s*([0-9a-f]{7,40})\s*\|/.exec(row);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

const git = (args: string[], env: NodeJS.ProcessEnv = process.env): string =>
  execFileSync('git', args, { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** True when this checkout has no history to apply against (a shallow clone): then, and only then, the apply checks do not run. */
function isShallow(): boolean {
  return git(['rev-parse', '--is-shallow-repository']).trim() === 'true';
}

describe('eval/experiments: patches of variants not kept', () => {
  const patches = readdirSync(DIR).filter((f) => f.endsWith('.patch')).sort();
  const bases = listed();
  const shallow = isShallow();
  before(() => {
    if (shallow) console.warn('    eval/experiments: this clone is shallow, so the patches cannot be applied to their base commits here; those checks are skipped (.ci/run deepens a shallow clone first)');
  });

  it('lists every patch in the README with its base commit, and lists no patch that is missing', () => {
    assert.ok(patches.length > 0);
    assert.deepEqual([...bases.keys()].sort(), patches);
  });

  for (const patch of patches) {
    it(`${patch} applies cleanly to its base commit`, function () {
      const base = bases.get(patch);
      assert.ok(base, `${patch} is not listed in eval/experiments/README.md`);
      // A shallow clone has no history to apply against (the warning above says so). Anywhere else a
      // base that is not a commit of this repository fails below, in read-tree.
      if (shallow) this.skip();
      const dir = mkdtempSync(join(tmpdir(), 'sdp-experiments-'));
      const env = { ...process.env, GIT_INDEX_FILE: join(dir, 'index') };
      try {
        git(['read-tree', base], env);
        git(['apply', '--cached', '--check', join(DIR, patch)], env);
      } catch (e) {
        const err = e as { stderr?: string };
        assert.fail(`${patch} does not apply to ${base}: ${err.stderr ?? String(e)}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
