import assert from 'node:assert/strict';
import { capturedIO } from './capturedIO';
import { main } from '../../../src/cli/main';

/**
 * `sdp COMMAND --help` (or -h) prints that command's help on stdout and exits 0, before the
 * catalog is read: main() is given a catalog file that does not exist, so a command that read it
 * first would fail here.
 */

const NO_CATALOG = '/nonexistent/sdp-catalog.json';

describe('sdp COMMAND --help', () => {
  const cases: [string[], RegExp][] = [
    [['show', '--help'], /^usage: sdp show ID \[--json\]/m],
    [['show', '-h'], /^usage: sdp show ID \[--json\]/m],
    [['show', 'contention', '--help'], /^usage: sdp show ID \[--json\]/m],
    [['list', '--help'], /^usage: sdp list \[--json\]/m],
    [['list', '--json', '-h'], /^usage: sdp list \[--json\]/m],
    [['suggest', '--help'], /--max-size CHARS/],
  ];
  for (const [args, usage] of cases) {
    it(`sdp ${args.join(' ')}: the command's help on stdout, exit 0`, async () => {
      const io = capturedIO();
      assert.equal(await main(args, io, NO_CATALOG), 0, io.stderr);
      assert.match(io.stdout, usage);
      assert.equal(io.stderr, '');
    });
  }

  it('show and list help say what --json does', async () => {
    for (const command of ['show', 'list']) {
      const io = capturedIO();
      await main([command, '--help'], io, NO_CATALOG);
      assert.match(io.stdout, /--json\s+\S/, command);
    }
  });
});
