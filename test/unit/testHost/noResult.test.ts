import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain ES module of the test host, without types
import { lastTestLine, writeNoResult } from '../../../scripts/test-host/noResult.mjs';

describe('noResult: what a test level that hung leaves for the summary of npm test', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sdp-noresult-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('remembers the last line that reports a test, passed, failed or skipped, and nothing else', () => {
    const seen = lastTestLine();
    assert.equal(seen.last, '');
    seen.see('Suggest patterns: command and Design Review view');
    seen.see('    ✔ the command is declared (12ms)');
    seen.see('Timed out waiting for authentication provider');
    assert.equal(seen.last, '✔ the command is declared (12ms)');
    seen.see('  ✘ Suite a test\nAssertionError: x');
    assert.equal(seen.last, '✘ Suite a test');
    seen.see('    ✔ one (1ms)\n    - two (skipped)\n- expected');
    assert.equal(seen.last, '- two (skipped)', 'the last test line of a message; an assertion\'s "- expected" line is no test');
    seen.see('- a markdown list item');
    assert.equal(seen.last, '- two (skipped)');
  });

  it('writes counts of nothing run, naming the hang and the last test line, the way test-all reads them', () => {
    const file = join(dir, 'integration.json');
    writeNoResult(file, 'integration: no result after 480 s', '✔ the last one (3ms)');
    const stats = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(stats, {
      passed: 0, failed: 0, skipped: 0, tests: 0, hung: true,
      failures: [{ title: 'integration: no result after 480 s', error: 'the last test line printed: ✔ the last one (3ms)' }],
    });
    const none = join(dir, 'none.json');
    writeNoResult(none, 'web: no result', '');
    assert.equal(JSON.parse(readFileSync(none, 'utf8')).failures[0].error, 'no test line was printed');
  });

  it('never overwrites the counts a suite wrote itself, and does nothing without a stats file', () => {
    const file = join(dir, 'integration.json');
    writeFileSync(file, '{"passed":64,"failed":0,"tests":64}');
    writeNoResult(file, 'integration: no result', 'x');
    assert.equal(readFileSync(file, 'utf8'), '{"passed":64,"failed":0,"tests":64}');
    assert.doesNotThrow(() => writeNoResult(undefined, 'integration: no result', 'x'));
  });
});
