import { editDistance } from '../core/text/editDistance';
import type { Catalog } from '../core/catalog/model';
import { nodeToText } from '../core/render/nodeText';
import { splitAtEndOfOptions } from './args';
import type { CliIO } from './io';

/** `sdp show --help`. */
export const SHOW_HELP = `usage: sdp show ID [--json]
  one item of the catalog (pattern, solution, deep dive, ...) by its id, as text
  (sdp list gives the ids, for example contention/optimistic-locking)
  --json      the item as JSON, for programs
  --help, -h  print this and exit
`;

export function showCommand(args: readonly string[], io: CliIO, catalog: Catalog): number {
  // `--` ends the options, as for suggest (and main() reads no --help after it): the word after it is the id.
  const { options, operands } = splitAtEndOfOptions(args);
  const json = options.includes('--json');
  const ids = [...options.filter((a) => a !== '--json'), ...operands];
  if (ids.length !== 1) {
    io.err('sdp show: give exactly one id, for example: sdp show contention/optimistic-locking\n');
    return 2;
  }
  const id = ids[0]!;
  const node = catalog.byId.get(id);
  if (!node) {
    io.err(`sdp show: no item has the id "${id}". Nearest: ${nearestIds(id, catalog).join(', ')}\n`);
    return 2;
  }
  io.out(json ? JSON.stringify(node, null, 2) + '\n' : nodeToText(node, catalog));
  return 0;
}

/** The ids closest to a mistyped one: same last segment first, then by edit distance. */
export function nearestIds(id: string, catalog: Catalog, count = 5): string[] {
  const last = id.split('/').pop() ?? id;
  return [...catalog.byId.keys()]
    .map((candidate) => {
      const candidateLast = candidate.split('/').pop() ?? candidate;
      const score = Math.min(editDistance(id, candidate), editDistance(last, candidateLast) + 1);
      return { candidate, score: candidate.includes(last) ? score - 2 : score };
    })
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map((entry) => entry.candidate);
}
