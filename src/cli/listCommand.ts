import { catalogTree, formatTree } from '../core/catalog/catalogTree';
import type { Catalog } from '../core/catalog/model';
import type { CliIO } from './io';

export function listCommand(args: readonly string[], io: CliIO, catalog: Catalog): number {
  const unknown = args.filter((a) => a !== '--json');
  if (unknown.length > 0) {
    io.err(`sdp list: unexpected argument "${unknown[0]}"; usage: sdp list [--json]\n`);
    return 2;
  }
  io.out(args.includes('--json') ? JSON.stringify(catalogTree(catalog), null, 2) + '\n' : formatTree(catalog) + '\n');
  return 0;
}
