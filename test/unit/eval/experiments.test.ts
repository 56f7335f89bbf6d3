/**
 * The variants kept as patches (eval/experiments/): each is listed in the folder's README with the
 * commit it was made against, that commit is in this branch's history, and the patch applies
 * cleanly to it. Checked against a throw-away index (git read-tree into a temporary index file, then
 * git apply --cached --check), so no working tree is touched.
 *
 * The checks need the repository's history. Where there is none to read (a copy of the files with no
 * `.git` of its own, such as a source archive, or a shallow clone whose history does not reach a
 * base), they are skipped with a printed reason. In a checkout with a `.git`, a git that cannot read
 * it fails (say, one that refuses a checkout owned by another user), and so does a wrong base.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

/** Whether these files are a git checkout of their own: a `.git` folder, or a worktree's `.git` file, beside them. Decided from the files, so a git that fails to read it is a failure, not a skip. */
const IS_CHECKOUT = existsSync(join(ROOT, '.git'));

/** The object's type ('commit', 'tree', 'blob', 'tag'), or undefined when this repository does not hold it. */
function objectType(id: string): string | undefined {
  try {
    return git(['cat-file', '-t', id]).trim();
  } catch {
    return undefined;
  }
}

function isAncestorOfHead(commit: string): boolean {
  try {
    git(['merge-base', '--is-ancestor', commit, 'HEAD']);
    return true;
  } catch {
    return false;
  }
}

describe('eval/experiments: patches of variants not kept', () => {
  const patches = readdirSync(DIR).filter((f) => f.endsWith('.patch')).sort();
  const bases = listed();
  // Read once, inside a test (a git that cannot read the checkout fails the tests, not the whole run).
  let shallowRead: boolean | undefined;
  const isShallow = (): boolean => {
    if (shallowRead === undefined) {
      try {
        shallowRead = git(['rev-parse', '--is-shallow-repository']).trim() === 'true';
      } catch (e) {
        // Not kept: every test that asks fails the same way.
        throw new Error(`git cannot read this checkout: ${(e as { stderr?: string }).stderr?.trim().split('\n')[0] ?? String(e)}`, { cause: e });
      }
    }
    return shallowRead;
  };
  const skipped: string[] = [];
  after(() => {
    if (skipped.length === 0) return;
    const why = !IS_CHECKOUT
      ? 'these files are not a git checkout (no .git), so there is no history to apply against'
      : 'this clone is shallow and its history does not reach their base commits (git fetch --unshallow gives it the history)';
    console.warn(`    eval/experiments: ${skipped.length} patch check(s) skipped: ${why}`);
  });

  it('lists every patch in the README with its base commit, and lists no patch that is missing', () => {
    assert.ok(patches.length > 0);
    assert.deepEqual([...bases.keys()].sort(), patches);
  });

  for (const patch of patches) {
    it(`${patch} applies cleanly to its base commit, a commit of this branch's history`, function () {
      const base = bases.get(patch);
      assert.ok(base, `${patch} is not listed in eval/experiments/README.md`);
      if (!IS_CHECKOUT) {
        skipped.push(patch);
        this.skip();
      }
      // An object that is there but is no commit (a tree, a blob, a tag) is wrong in any clone.
      const type = objectType(base);
      assert.ok(type === undefined || type === 'commit', `${patch}: its base ${base} is a ${type}, not a commit`);
      // In a shallow clone a base may be missing, or present with its link to HEAD cut off: neither
      // can be told from a wrong base there, so both skip.
      if (isShallow() && !(type === 'commit' && isAncestorOfHead(base))) {
        skipped.push(patch);
        this.skip();
      }
      assert.ok(type === 'commit', `${patch}: its base ${base} is not an object of this repository`);
      assert.ok(isAncestorOfHead(base), `${patch}: its base ${base} is not in this branch's history (a clone of main would not have it)`);
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
