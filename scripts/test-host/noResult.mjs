// A test level that hangs writes no counts of its own. So that the summary of `npm test`
// (scripts/test-all.mjs) can still say what happened, its runner records the last test line the
// suite printed and, on its timeout, writes a stats file that names the hang.
import { existsSync, writeFileSync } from 'node:fs';

/** Remembers the last line that reports a test (✔ or ✘) among the lines a suite prints. */
export function lastTestLine() {
  let last = '';
  return {
    see(text) {
      const lines = String(text).split('\n').filter((l) => /^\s*[✔✘] /.test(l) || /^\s*- .*\(skipped\)\s*$/.test(l));
      if (lines.length > 0) last = lines[lines.length - 1].trim();
    },
    get last() {
      return last;
    },
  };
}

/** Writes `statsFile` for a level that gave no result, unless the suite wrote its own counts. */
export function writeNoResult(statsFile, title, lastLine) {
  if (!statsFile || existsSync(statsFile)) return;
  const error = lastLine ? `the last test line printed: ${lastLine}` : 'no test line was printed';
  writeFileSync(statsFile, JSON.stringify({ passed: 0, failed: 0, skipped: 0, tests: 0, hung: true, failures: [{ title, error }] }));
}
