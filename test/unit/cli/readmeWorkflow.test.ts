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

/**
 * The `run: |` script of the review step, dedented. The pull request's base branch reaches it as
 * BASE_REF, from the step's `env:` (runStep sets it), never spliced into the script.
 */
function reviewScript(readme: string): string {
  const lines = readme.split('\n');
  const step = lines.findIndex((l) => l.trim() === STEP);
  assert.ok(step >= 0, `README has no step "${STEP}"`);
  const envAt = lines.findIndex((l, i) => i > step && /^\s+env:$/.test(l));
  const runAt = lines.findIndex((l, i) => i > step && /^\s+run: \|$/.test(l));
  assert.ok(runAt > step, 'the review step has a run: | script');
  assert.ok(envAt > step && envAt < runAt && /^\s+BASE_REF: \$\{\{ github\.base_ref \}\}$/m.test(lines.slice(envAt, runAt).join('\n')),
    'the step passes the base branch as BASE_REF in its env');
  const body: string[] = [];
  const indent = (l: string): number => l.length - l.trimStart().length;
  const runIndent = indent(lines[runAt]!);
  for (const l of lines.slice(runAt + 1)) {
    if (l.trim() !== '' && indent(l) <= runIndent) break;
    body.push(l);
  }
  const cut = Math.min(...body.filter((l) => l.trim() !== '').map(indent));
  const script = body.map((l) => l.slice(cut)).join('\n');
  assert.doesNotMatch(script, /\$\{\{/, 'no context value is spliced into the script');
  return script;
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const DOC = 'Bookings take a lock on the seat row; two buyers race for the last seat.\n';
/** A doc with a finding at level warning (a review comment naming no id), for --fail-on warning. */
const WARNING_DOC = `<!-- sdp-ignore: Scaling-Raeds -->\n${DOC}`;

function write(dir: string, files: Record<string, string>): void {
  for (const [n, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, n)), { recursive: true });
    writeFileSync(join(dir, n), text);
  }
}

function commit(dir: string, message: string): void {
  git(dir, 'add', '-A');
  const r = spawnSync('git', ['commit', '-q', '--allow-empty', '-m', message], { cwd: dir, env: gitEnv, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/**
 * A scratch repository whose main branch (origin/main) holds `base` and whose pull request branch
 * then `change`s it; the README's review step run there with `bash -e`, as GitHub Actions runs it.
 */
function runStep(dir: string, base: Record<string, string>, change: (dir: string) => void, baseRef = 'main') {
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, { 'README.md': 'base\n', ...base });
  commit(dir, 'base');
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'pr');
  change(dir);
  commit(dir, 'pull request');
  symlinkSync(repoRoot, join(dir, '.sdp-tool'));
  const githubEnv = join(dir, 'github-env');
  writeFileSync(githubEnv, '');
  const runnerTemp = join(dir, 'runner-temp');
  mkdirSync(runnerTemp);
  const script = reviewScript(readFileSync(join(repoRoot, 'README.md'), 'utf8'));
  // Git's own default (core.quotePath on) as a runner has it, whatever this machine's config says.
  const run = spawnSync('bash', ['--noprofile', '--norc', '-e', '-c', script], {
    cwd: dir, encoding: 'utf8', env: { ...gitEnv, GITHUB_ENV: githubEnv, RUNNER_TEMP: runnerTemp, BASE_REF: baseRef },
  });
  const sarifFile = join(dir, 'design-review.sarif');
  return { status: run.status, stderr: run.stderr, githubEnv: readFileSync(githubEnv, 'utf8'), sarif: existsSync(sarifFile) ? readFileSync(sarifFile, 'utf8') : undefined };
}

type Log = { runs: { artifacts: { location: { uri: string } }[]; invocations?: { toolExecutionNotifications?: unknown[] }[] }[] };
const reviewed = (sarif: string | undefined): string[] =>
  (JSON.parse(sarif ?? 'null') as Log).runs[0]!.artifacts.map((a) => decodeURIComponent(a.location.uri)).sort();

describe('README CI recipe (the review step as a shell script)', () => {
  let dir: string;
  before(function () {
    if (!existsSync(join(repoRoot, 'dist', 'cli.js'))) assert.fail('dist/cli.js is missing: run npm run build first');
  });
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sdp-recipe-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reviews changed docs whose names hold non-ASCII letters and spaces (git quotes such names unless told not to)', function () {
    this.timeout(60000);
    const names = ['docs/café design.md', 'docs/deep/größe notes.md', 'docs/plain.md'];
    const run = runStep(dir, {}, (d) => write(d, Object.fromEntries(names.map((n) => [n, DOC]))));
    assert.ok(run.status === 0 || run.status === 1, `status ${run.status}: ${run.stderr}`);
    assert.doesNotMatch(run.stderr, /cannot read/);
    assert.deepEqual(reviewed(run.sarif), [...names].sort());
    assert.deepEqual((JSON.parse(run.sarif!) as Log).runs[0]!.invocations?.[0]?.toolExecutionNotifications ?? [], []);
    assert.match(run.githubEnv, /^sarif=1$/m);
  });

  it('no doc changed: the step passes, runs no review and writes no SARIF', function () {
    this.timeout(60000);
    const run = runStep(dir, { 'docs/old.md': DOC }, (d) => write(d, { 'src/app.ts': 'x\n' }));
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.sarif, undefined);
    assert.equal(run.githubEnv, '');
  });

  it('a deleted doc is not reviewed; a renamed and a modified one are', function () {
    this.timeout(60000);
    const run = runStep(dir, { 'docs/gone.md': DOC, 'docs/old name.md': DOC, 'docs/kept.md': DOC }, (d) => {
      rmSync(join(d, 'docs/gone.md'));
      git(d, 'mv', 'docs/old name.md', 'docs/new name.md');
      write(d, { 'docs/kept.md': `${DOC}More.\n` });
    });
    assert.ok(run.status === 0 || run.status === 1, `status ${run.status}: ${run.stderr}`);
    assert.deepEqual(reviewed(run.sarif), ['docs/kept.md', 'docs/new name.md']);
  });

  it('a finding at --fail-on warning: the step passes (so the upload runs) and sets failed=1 for the last step', function () {
    this.timeout(60000);
    const run = runStep(dir, {}, (d) => write(d, { 'docs/a.md': WARNING_DOC }));
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.githubEnv, /^failed=1$/m);
    assert.match(run.githubEnv, /^sarif=1$/m);
  });

  it('git diff fails (the base branch was not fetched): the step fails instead of reviewing nothing', function () {
    this.timeout(60000);
    const run = runStep(dir, {}, (d) => write(d, { 'docs/a.md': WARNING_DOC }), 'not-fetched');
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /not-fetched/);
    assert.equal(run.githubEnv, '');
  });
});
