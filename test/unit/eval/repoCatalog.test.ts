/**
 * The eval's catalog loader: the scripts that write generated files (the trainer, `eval --snapshot`)
 * load it strictly and stop on a catalog problem, listing it as file:line; reading figures is lenient.
 * Checked on a copy of content/ with one card broken, with process.exit and console.error caught.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRepoCatalog } from '../../../eval/catalog';

const ROOT = join(__dirname, '../../..');
const CONTENT = join(ROOT, 'content');

class Exited extends Error {
  constructor(readonly code: number | undefined) {
    super(`exit ${code}`);
  }
}

/** Runs `fn` with process.exit throwing and console.error collected. */
function captured<T>(fn: () => T): { value?: T; exit?: number; lines: string[] } {
  const lines: string[] = [];
  const exit = process.exit;
  const error = console.error;
  process.exit = ((code?: number) => {
    throw new Exited(code);
  }) as typeof process.exit;
  console.error = (...args: unknown[]) => void lines.push(args.join(' '));
  try {
    return { value: fn(), lines };
  } catch (e) {
    if (e instanceof Exited) return { exit: e.code, lines };
    throw e;
  } finally {
    process.exit = exit;
    console.error = error;
  }
}

describe('eval: the repository catalog loader', function () {
  let dir = '';
  before(function () {
    dir = mkdtempSync(join(tmpdir(), 'sdp-repo-catalog-'));
    cpSync(CONTENT, dir, { recursive: true });
    const card = join(dir, 'patterns/long-running-tasks.md');
    const text = readFileSync(card, 'utf8');
    const broken = text.replace(/^title: .+$/m, 'title:');
    assert.notEqual(broken, text, 'the card has a title line to break');
    writeFileSync(card, broken);
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the real content with no message in either mode', function () {
    for (const strict of [false, true]) {
      const run = captured(() => loadRepoCatalog({ strict }));
      assert.equal(run.exit, undefined);
      assert.deepEqual(run.lines, []);
      assert.ok(run.value && run.value.byId.size > 0);
    }
  });

  it('strict: lists each problem as file:line and exits 1 before returning anything', function () {
    const run = captured(() => loadRepoCatalog({ strict: true, contentDir: dir }));
    assert.equal(run.exit, 1);
    assert.equal(run.value, undefined);
    assert.ok(run.lines.some((l) => /long-running-tasks\.md:\d+: .*title/.test(l)), run.lines.join('\n'));
    assert.match(run.lines.at(-1) ?? '', /1 problem\(s\).*fix them and run again/);
  });

  it('lenient: notes the count and returns what loaded', function () {
    const run = captured(() => loadRepoCatalog({ contentDir: dir }));
    assert.equal(run.exit, undefined);
    assert.ok(run.value && run.value.byId.size > 0);
    assert.deepEqual(run.lines, ['note: the catalog has 1 problem(s); evaluating what loaded.']);
  });
});

/**
 * The scripts themselves, run on a copy of src/, eval/ and content/ with one card broken: each one
 * that writes something to keep stops before writing it. (A unit test of the loader alone would not
 * notice a script that stopped asking for strict loading.)
 */
describe('eval: scripts that write generated files refuse a broken catalog', function () {
  this.timeout(180000);
  let root = '';
  before(function () {
    root = mkdtempSync(join(tmpdir(), 'sdp-strict-scripts-'));
    for (const d of ['src', 'eval', 'content']) cpSync(join(ROOT, d), join(root, d), { recursive: true });
    for (const f of ['package.json', 'tsconfig.json']) cpSync(join(ROOT, f), join(root, f));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    const card = join(root, 'content/patterns/long-running-tasks.md');
    writeFileSync(card, readFileSync(card, 'utf8').replace(/^title: .+$/m, 'title:'));
  });
  after(function () {
    rmSync(root, { recursive: true, force: true });
  });

  const runs: [string, string[], string][] = [
    ['the trainer', ['eval/train.ts'], 'content/suggest/weights.generated.json'],
    ['eval --snapshot', ['eval/run.ts', '--snapshot'], 'eval/snapshot.json'],
    ['eval on a held-out split', ['eval/run.ts', '--split', 'holdout'], 'eval/corpus/holdout-first-score-engineering.json'],
    ['the holdout summary', ['eval/holdout.ts'], 'eval/corpus/holdout-first-score-engineering.json'],
  ];
  for (const [name, args, written] of runs) {
    it(`${name}: exits 1 naming the problem, ${written} untouched`, function () {
      const before = readFileSync(join(root, written), 'utf8');
      const run = spawnSync(join(root, 'node_modules/.bin/tsx'), args, { cwd: root, encoding: 'utf8' });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, /long-running-tasks\.md:\d+: .*title/);
      assert.match(run.stderr, /fix them and run again/);
      assert.equal(readFileSync(join(root, written), 'utf8'), before);
    });
  }
});
