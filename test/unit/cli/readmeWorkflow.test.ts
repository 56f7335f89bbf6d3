import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The README's GitHub Actions recipe, run as written: its review step's shell script in a scratch
 * git repository whose pull request changes docs with non-ASCII names and spaces, `.sdp-tool`
 * pointing at this checkout (dist/cli.js must be built, as for cliProcess.test.ts).
 */

const repoRoot = join(__dirname, '..', '..', '..');
const STEP = '- name: Review the changed design docs';

/** The `run: |` script of the review step, dedented, with the pull request's base branch filled in. */
function reviewScript(readme: string, baseRef: string): string {
  const lines = readme.split('\n');
  const step = lines.findIndex((l) => l.trim() === STEP);
  assert.ok(step >= 0, `README has no step "${STEP}"`);
  assert.match(lines[step + 1] ?? '', /^\s+run: \|$/);
  const body: string[] = [];
  const indent = (l: string): number => l.length - l.trimStart().length;
  const runIndent = indent(lines[step + 1]!);
  for (const l of lines.slice(step + 2)) {
    if (l.trim() !== '' && indent(l) <= runIndent) break;
    body.push(l);
  }
  const cut = Math.min(...body.filter((l) => l.trim() !== '').map(indent));
  return body.map((l) => l.slice(cut)).join('\n').replace(/\$\{\{ github\.base_ref \}\}/g, baseRef);
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('README CI recipe (the review step as a shell script)', () => {
  let dir: string;
  before(function () {
    if (!existsSync(join(repoRoot, 'dist', 'cli.js'))) assert.fail('dist/cli.js is missing: run npm run build first');
    dir = mkdtempSync(join(tmpdir(), 'sdp-recipe-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reviews changed docs whose names hold non-ASCII letters and spaces (git quotes such names unless told not to)', function () {
    this.timeout(60000);
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'README.md'), 'base\n');
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'add', 'README.md');
    spawnSync('git', ['commit', '-q', '-m', 'base'], { cwd: dir, env });
    git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    git(dir, 'checkout', '-q', '-b', 'pr');
    const doc = 'Bookings take a lock on the seat row; two buyers race for the last seat.\n';
    const names = ['docs/café design.md', 'docs/deep/größe notes.md', 'docs/plain.md'];
    for (const n of names) {
      mkdirSync(dirname(join(dir, n)), { recursive: true });
      writeFileSync(join(dir, n), doc);
    }
    git(dir, 'add', 'docs');
    spawnSync('git', ['commit', '-q', '-m', 'docs'], { cwd: dir, env });
    symlinkSync(repoRoot, join(dir, '.sdp-tool'));
    const githubEnv = join(dir, 'github-env');
    writeFileSync(githubEnv, '');
    const script = reviewScript(readFileSync(join(repoRoot, 'README.md'), 'utf8'), 'main');
    // Git's own default (core.quotePath on) as a runner has it, whatever this machine's config says.
    const run = spawnSync('bash', ['-e', '-c', script], {
      cwd: dir, encoding: 'utf8', env: { ...env, GITHUB_ENV: githubEnv, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    });
    assert.ok(run.status === 0 || run.status === 1, `status ${run.status}: ${run.stderr}`);
    assert.doesNotMatch(run.stderr, /cannot read/);
    const sarif = JSON.parse(readFileSync(join(dir, 'design-review.sarif'), 'utf8')) as {
      runs: { artifacts: { location: { uri: string } }[]; invocations?: { toolExecutionNotifications?: unknown[] }[] }[];
    };
    const uris = sarif.runs[0]!.artifacts.map((a) => decodeURIComponent(a.location.uri)).sort();
    assert.deepEqual(uris, [...names].sort());
    assert.deepEqual(sarif.runs[0]!.invocations?.[0]?.toolExecutionNotifications ?? [], []);
    assert.match(readFileSync(githubEnv, 'utf8'), /^sarif=1$/m);
  });
});
