/**
 * The JavaScript stand-in for @vscode/spdlog that the test host puts into code-server instead of
 * compiling the native addon (scripts/test-host/spdlog-stand-in.cjs, docs/test-host.md). VS Code
 * reads the files it writes back: the Output view shows an Output channel's file, and parses a log
 * channel's lines by their "[level]". So what lands in the file is what is checked here.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface StandInLogger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  critical(message: string): void;
  getLevel(): number;
  setLevel(level: number): void;
  setPattern(pattern: string): void;
  clearFormatters(): void;
  flush(): void;
  drop(): void;
}
interface StandIn {
  version: number;
  setFlushOn(level: number): void;
  createAsyncRotatingLogger(name: string, filename: string, filesize: number, filecount: number): Promise<StandInLogger>;
}

const standInFile = join(__dirname, '..', '..', '..', 'scripts', 'test-host', 'spdlog-stand-in.cjs');
const VSCODE_PATTERN = '%Y-%m-%d %H:%M:%S.%e [%l] %v'; // the pattern VS Code sets on its loggers

describe('the spdlog stand-in of the test host', () => {
  let spdlog: StandIn;
  let dir: string;
  before(async () => {
    // As VS Code loads it: `await import("@vscode/spdlog")`, then the named exports, no `default`.
    spdlog = (await import(pathToFileURL(standInFile).href)) as StandIn;
  });
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sdp-spdlog-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  /** A logger that writes messages as they are, without VS Code's time and level prefix. */
  const plainLogger = async (name: string, file: string, filesize: number, filecount: number): Promise<StandInLogger> => {
    const logger = await spdlog.createAsyncRotatingLogger(name, file, filesize, filecount);
    logger.clearFormatters();
    return logger;
  };

  it('offers VS Code\'s calls as named exports of an ES module import', () => {
    for (const name of ['setFlushOn', 'setLevel', 'createRotatingLogger', 'createAsyncRotatingLogger', 'Logger'] as const) {
      assert.equal(typeof (spdlog as unknown as Record<string, unknown>)[name], 'function', name);
    }
    assert.equal(typeof spdlog.version, 'number');
  });

  it('creates the folders and the file at once, before anything is logged', async () => {
    const file = join(dir, 'logs', 'exthost1', 'channel.log');
    await spdlog.createAsyncRotatingLogger('channel', file, 1024, 1);
    assert.equal(readFileSync(file, 'utf8'), '');
  });

  it('writes VS Code\'s pattern with spdlog\'s level names, one line per call, readable at once', async () => {
    const file = join(dir, 'main.log');
    const logger = await spdlog.createAsyncRotatingLogger('main', file, 1024 * 1024, 6);
    logger.setPattern(VSCODE_PATTERN);
    logger.setLevel(0);
    logger.trace('t');
    logger.warn('w 100%');
    logger.critical('c');
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[3], '');
    assert.match(lines[0], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \[trace\] t$/);
    assert.match(lines[1], /\[warning\] w 100%$/);
    assert.match(lines[2], /\[critical\] c$/);
  });

  it('writes only the message, with no line end, once the formatters are cleared (Output channels append text)', async () => {
    const file = join(dir, 'output.log');
    const logger = await plainLogger('output', file, 1024, 1);
    logger.info('half a line, ');
    logger.info('the rest\n');
    assert.equal(readFileSync(file, 'utf8'), 'half a line, the rest\n');
  });

  it('drops messages below its level and everything once off or dropped', async () => {
    const file = join(dir, 'levels.log');
    const logger = await plainLogger('levels', file, 1024, 1);
    logger.setLevel(3);
    assert.equal(logger.getLevel(), 3);
    logger.info('info is below warning;');
    logger.warn('warn;');
    logger.error('error;');
    logger.setLevel(6);
    logger.critical('off means off;');
    logger.setLevel(0);
    logger.drop();
    logger.error('after drop;');
    assert.equal(readFileSync(file, 'utf8'), 'warn;error;');
  });

  it('rotates by size into name.1.ext, name.2.ext, keeping as many old files as asked', async () => {
    const file = join(dir, 'rot.log');
    const logger = await plainLogger('rot', file, 10, 2);
    for (const chunk of ['aaaaaaaa', 'bbbbbbbb', 'cccccccc', 'dddddddd']) logger.info(chunk);
    assert.equal(readFileSync(file, 'utf8'), 'dddddddd');
    assert.equal(readFileSync(join(dir, 'rot.1.log'), 'utf8'), 'cccccccc');
    assert.equal(readFileSync(join(dir, 'rot.2.log'), 'utf8'), 'bbbbbbbb');
    assert.equal(existsSync(join(dir, 'rot.3.log')), false);
  });

  it('does not rotate for a line that exactly fills the file, only for one that would pass the limit (spdlog\'s rule)', async () => {
    // spdlog 1.12's rotating_file_sink rotates when current size + line > max size and the file is
    // not empty; at exactly max size it writes on.
    const file = join(dir, 'full.log');
    const logger = await plainLogger('full', file, 10, 2);
    logger.info('aaaaa');
    logger.info('bbbbb');
    assert.equal(readFileSync(file, 'utf8'), 'aaaaabbbbb');
    assert.equal(existsSync(join(dir, 'full.1.log')), false);
    logger.info('c');
    assert.equal(readFileSync(file, 'utf8'), 'c');
    assert.equal(readFileSync(join(dir, 'full.1.log'), 'utf8'), 'aaaaabbbbb');
  });

  it('counts what a reopened file already holds: the line that would pass the limit rotates', async () => {
    const file = join(dir, 'reopened.log');
    writeFileSync(file, 'aaaaaaaa'); // left by an earlier server, 2 bytes short of the limit
    const logger = await plainLogger('reopened', file, 10, 1);
    logger.info('bbb');
    assert.equal(readFileSync(file, 'utf8'), 'bbb');
    assert.equal(readFileSync(join(dir, 'reopened.1.log'), 'utf8'), 'aaaaaaaa');
  });

  it('never throws into its caller when the log folder is deleted and the next line must rotate', async () => {
    // spdlog only throws for a message that is not a string; a failed write or rotation goes to its
    // error handler. VS Code calls logger.info() everywhere and does not expect it to throw.
    const folder = join(dir, 'exthost1');
    const file = join(folder, 'gone.log');
    const logger = await plainLogger('gone', file, 10, 2);
    logger.info('aaaaaaaa');
    rmSync(folder, { recursive: true });
    assert.doesNotThrow(() => logger.info('bbbbbbbb')); // past the limit: rotates in a missing folder
    assert.doesNotThrow(() => logger.info('b'));
    assert.equal(existsSync(folder), false, 'the line is lost, as with spdlog; nothing is recreated');
    // Once the folder is back, logging goes on in a fresh file.
    mkdirSync(folder);
    logger.info('cccccccc');
    assert.equal(readFileSync(file, 'utf8'), 'cccccccc');
  });

  it('appends to a file that already exists, as a restarted server does', async () => {
    const file = join(dir, 'again.log');
    const first = await plainLogger('again', file, 1024, 1);
    first.info('one;');
    const second = await plainLogger('again', file, 1024, 1);
    second.info('two;');
    assert.equal(readFileSync(file, 'utf8'), 'one;two;');
  });
});
