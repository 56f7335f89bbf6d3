import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The built CLI as a process: exit codes, stdout/stderr and dist/catalog.json next to the bundle.
 * The tests never build; `npm test` builds first. Run `npm run build` before `npx mocha` alone.
 */

const repoRoot = join(__dirname, '..', '..', '..');
const cli = join(repoRoot, 'dist', 'cli.js');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function sdp(...args: string[]): Run {
  assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 15000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface TreeJson {
  id: string;
  kind: string;
  title: string;
  pros?: unknown;
  cons?: unknown;
  children: TreeJson[];
}

describe('sdp CLI process (node dist/cli.js)', () => {
  before(function () {
    this.timeout(30000);
    assert.ok(existsSync(cli), `dist/cli.js is missing: run npm run build first (npm test does this)`);
    assert.ok(existsSync(join(repoRoot, 'dist', 'catalog.json')), 'dist/catalog.json is missing: run npm run build first');
  });

  it('list --json exits 0 with the tree as JSON on stdout', () => {
    const run = sdp('list', '--json');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    const tree = JSON.parse(run.stdout) as TreeJson[];
    const byId = new Map<string, TreeJson>();
    const visit = (e: TreeJson): void => {
      assert.equal(typeof e.id, 'string');
      assert.equal(typeof e.kind, 'string');
      assert.equal(typeof e.title, 'string');
      assert.ok(Array.isArray(e.children), e.id);
      if (e.kind === 'solution') {
        assert.ok(Array.isArray(e.pros) && e.pros.every((p) => typeof p === 'string'), `${e.id} pros`);
        assert.ok(Array.isArray(e.cons) && e.cons.every((c) => typeof c === 'string'), `${e.id} cons`);
      }
      byId.set(e.id, e);
      e.children.forEach(visit);
    };
    tree.forEach(visit);
    assert.equal(byId.get('realtime-updates/websockets')?.kind, 'solution');

    // The stable ids must be in the built catalog too (a stale dist/ fails here: rebuild).
    const ids = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'catalog-ids.json'), 'utf8')) as {
      patterns: Record<string, { solutions: string[] }>;
    };
    for (const [pattern, spec] of Object.entries(ids.patterns)) {
      for (const s of spec.solutions) assert.ok(byId.has(`${pattern}/${s}`), `${pattern}/${s} missing from dist/catalog.json: run npm run build`);
    }
  });

  it('list prints the tree for a person', () => {
    const run = sdp('list');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Real-time Updates {2}\[pattern\] realtime-updates$/m);
    assert.match(run.stdout, /^ {2}WebSockets {2}\[solution\] realtime-updates\/websockets$/m);
  });

  it('show ID prints text, show ID --json prints JSON', () => {
    const text = sdp('show', 'contention/optimistic-locking');
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^Pros$/m);
    assert.match(text.stdout, /contention\/optimistic-locking/);
    const json = sdp('show', 'contention/optimistic-locking', '--json');
    assert.equal(json.status, 0, json.stderr);
    const node = JSON.parse(json.stdout) as { id: string; kind: string };
    assert.equal(node.id, 'contention/optimistic-locking');
    assert.equal(node.kind, 'solution');
  });

  it('an unknown id exits with status 2 and the nearest ids on stderr', () => {
    const run = sdp('show', 'contention/optimistic-lock');
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /Nearest: contention\/optimistic-locking\b/);
  });

  it('no id exits with status 2', () => {
    const run = sdp('show');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /exactly one id/);
  });

  it('no command prints the usage and exits with status 2; an unknown command too', () => {
    const none = sdp();
    assert.equal(none.status, 2);
    assert.match(none.stdout, /Usage:/);
    const unknown = sdp('lst');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command "lst"/);
  });
});
