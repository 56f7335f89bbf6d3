/**
 * The start of a failed test's error, on one line, for the summary at the end of `npm test`
 * (scripts/test-all.mjs): its first line, then the lines of an assertion's diff ("+ 3", "- 4"), or
 * else the next few lines ("3 !== 4", the expression that was falsy), up to 300 characters. scripts/test-host/statsReporter.cjs holds the same function for the levels
 * mocha runs in Node (it is not bundled, so it cannot import this one).
 */
export function errorSummary(error: unknown): string {
  const e = error as { message?: unknown; name?: unknown } | undefined;
  const message = typeof e?.message === 'string' && e.message.trim() ? e.message : String(e?.name ?? error);
  const lines = message.split('\n').map((line) => line.trim()).filter(Boolean);
  // An assertion's diff ("+ 3", "- 4") when it has one; else the lines after the first ("3 !== 4", the expression).
  const rest = lines.slice(1).filter((line) => line !== '+ actual - expected');
  const diff = rest.filter((line) => /^[+-] /.test(line));
  return [lines[0] ?? '', ...(diff.length > 0 ? diff : rest.slice(0, 3))].join(' ').slice(0, 300);
}
