import { catalogTree, formatTree } from '../core/catalog/catalogTree';
import type { Catalog } from '../core/catalog/model';
import { splitAtEndOfOptions } from './args';
import type { CliIO } from './io';

/** `sdp list --help`. */
export const LIST_HELP = `usage: sdp list [--json]
  the catalog as a tree: each item's title, kind and id, indented under its parent
  --json      the same tree as JSON, for programs
  --help, -h  print this and exit
`;

export function listCommand(args: readonly string[], io: CliIO, catalog: Catalog): number {
  // A lone `--` (end of the options, as for the other commands) is no argument.
  const { options, operands } = splitAtEndOfOptions(args);
  const unknown = [...options.filter((a) => a !== '--json'), ...operands];
  if (unknown.length > 0) {
    io.err(`sdp list: unexpected argument "${unknown[0]}"; ${LIST_HELP.split('\n')[0]}\n`);
    return 2;
  }
  io.out(options.includes('--json') ? JSON.stringify(catalogTree(catalog), null, 2) + '\n' : formatTree(catalog) + '\n');
  return 0;
}
