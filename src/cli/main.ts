import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCatalogJson } from '../core/catalog/catalogJson';
import type { Catalog } from '../core/catalog/model';
import { LIST_HELP, listCommand } from './listCommand';
import { SHOW_HELP, showCommand } from './showCommand';
import { splitAtEndOfOptions } from './args';
import { consoleIO, terminalSafe, type CliIO } from './io';
import { suggestCommand, suggestHelp } from './suggest';
import { forTerminal } from './terminalText';

// The suggest lines come from the options its parser reads (suggest.ts), so help cannot fall behind them.
const USAGE = `sdp: system design patterns from the command line

Usage:
  sdp list [--json]                         the catalog as a tree
  sdp show ID [--json]                      one item (pattern, solution, deep dive, ...)
${suggestHelp('  ', 44)}
  sdp help                                  this text
`;

function loadCatalog(file: string): Catalog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    // The bundle runs from dist/, next to the catalog the build writes: a checkout not built yet has none.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`the built catalog ${file} is missing: run "npm run build" in the extension's source folder first`, { cause: error });
    throw new Error(`cannot read the built catalog ${file}: ${(error as Error).message}`, { cause: error });
  }
  return parseCatalogJson(text);
}

/** `catalogFile`: the built catalog, next to the bundle (a test may name another). */
export async function main(argv: readonly string[], userIO: CliIO, catalogFile = join(__dirname, 'catalog.json')): Promise<number> {
  // A message naming the user's words (a file, an id, an unknown command) shows their control
  // characters escaped: here, once, for every command (they take this io as it is).
  const io = terminalSafe(userIO);
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  // A command's help needs no catalog: it is printed before the catalog is read, and wins over
  // anything else on the line (as `sdp suggest --help` does).
  const help = new Map([['list', LIST_HELP], ['show', SHOW_HELP], ['suggest', `${suggestHelp('  ', 44)}\n`]]).get(command);
  const { options } = splitAtEndOfOptions(args);
  if (help !== undefined && options.some((a) => a === '--help' || a === '-h')) {
    io.out(help);
    return 0;
  }
  let catalog: Catalog;
  try {
    catalog = loadCatalog(catalogFile);
  } catch (error) {
    io.err(`sdp: ${(error as Error).message}\n`);
    return 1;
  }
  switch (command) {
    case 'list':
      return listCommand(args, io, catalog);
    case 'show':
      return showCommand(args, io, catalog);
    case 'suggest':
      return suggestCommand([...args], io, catalog);
    default:
      io.err(`sdp: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

/** What an unexpected error prints on stderr: its stack, escaped like every other message (a file name in it is the user's words). */
export function crashMessage(error: unknown): string {
  return forTerminal(`sdp: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2), consoleIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(crashMessage(error));
      process.exitCode = 1;
    },
  );
}
