import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { consoleIO } from '../../../src/cli/io';

/** Standard output closed by its reader (`sdp show ID --json | head -c 10`): a quiet end, no stack trace. */

const repoRoot = join(__dirname, '..', '..', '..');
const cli = join(repoRoot, 'dist', 'cli.js');

/** A stdout whose reader has gone: every write fails with EPIPE, as a closed pipe does. */
function closedPipe(): Writable & { writes: number } {
  const stream = new Writable({
    write(_chunk, _encoding, done) {
      stream.writes++;
      done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    },
  }) as Writable & { writes: number };
  stream.writes = 0;
  return stream;
}

describe('CLI standard output', () => {
  it('EPIPE: the rest of the output is dropped, nothing is thrown, the process is not ended early', async () => {
    const stdout = closedPipe();
    const exits: number[] = [];
    const io = consoleIO(stdout, (code) => exits.push(code));
    io.out('first');
    await new Promise((r) => setImmediate(r));
    io.out('second');
    io.out('third');
    await new Promise((r) => setImmediate(r));
    assert.equal(stdout.writes, 1);
    assert.deepEqual(exits, []);
  });

  it('another write error is said in one line and exits 1', async () => {
    const stdout = new Writable({ write(_c, _e, done) { done(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })); } });
    const exits: number[] = [];
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => { stderr.push(s); return true; }) as typeof process.stderr.write;
    try {
      consoleIO(stdout, (code) => exits.push(code)).out('x');
      await new Promise((r) => setImmediate(r));
    } finally {
      process.stderr.write = write;
    }
    assert.deepEqual(exits, [1]);
    assert.deepEqual(stderr, ['sdp: cannot write to standard output: no space left on device\n']);
  });

  it('stderr closed early (2>&1 | head): the rest of the messages is dropped, nothing is thrown, no exit', async () => {
    const stderr = closedPipe();
    const exits: number[] = [];
    const io = consoleIO(new Writable({ write(_c, _e, done) { done(); } }), (code) => exits.push(code), stderr);
    io.err('first');
    await new Promise((r) => setImmediate(r));
    io.err('second');
    await new Promise((r) => setImmediate(r));
    assert.equal(stderr.writes, 1);
    assert.deepEqual(exits, []);
  });

  it('the built CLI whose stderr reader is gone keeps its exit status (2 for unreadable files, not a crash\'s 1)', async function () {
    this.timeout(30000);
    assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
    // Enough unreadable files that their messages outrun a pipe nobody reads.
    const files = Array.from({ length: 3000 }, (_, i) => `no-such-file-${i}.md`);
    const child = spawn(process.execPath, [cli, 'suggest', ...files, '--format', 'sarif'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 2);
  });

  it('the built CLI whose reader closed the pipe exits 0 with nothing on stderr (needs npm run build)', async function () {
    this.timeout(30000);
    assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
    // More than a pipe holds (about 100 kB), and the reader gone before the first write.
    const child = spawn(process.execPath, [cli, 'show', 'contention', '--json'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });
});
