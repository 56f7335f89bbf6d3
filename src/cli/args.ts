/**
 * A command's words split at the first `--`, which ends the options: `options` before it (where a
 * flag, `--help` too, is read), `operands` after it (each a file or an id, even one starting with
 * `-`). Without `--` every word is in `options`. The `--` itself is in neither.
 */
export function splitAtEndOfOptions(args: readonly string[]): { options: readonly string[]; operands: readonly string[]; ended: boolean } {
  const end = args.indexOf('--');
  return end < 0 ? { options: args, operands: [], ended: false } : { options: args.slice(0, end), operands: args.slice(end + 1), ended: true };
}
