import type { CardPanels, OpenCardOptions } from '../card/cardPanels';
import { OPEN_CARD_COMMAND } from '../tree/patternTreeProvider';
import type { Command } from './commandManager';
import { nodeIdFromArgument } from './nodeArgument';

export const OPEN_CARD_TO_SIDE_COMMAND = 'sdp.openCardToSide';

/** `sdp.openCard(id | node, { preserveFocus, besideDocument }?)`: shows the card in the reusable panel. */
export class OpenCardCommand implements Command {
  readonly id = OPEN_CARD_COMMAND;

  constructor(private readonly panels: CardPanels) {}

  async execute(arg?: unknown, options?: unknown): Promise<boolean> {
    const id = nodeIdFromArgument(arg);
    if (!id) return false;
    return this.panels.open(id, { preserveFocus: readFlag(options, 'preserveFocus'), besideDocument: readFlag(options, 'besideDocument') });
  }
}

/**
 * `sdp.openCardToSide(id | node?)`: a new panel beside the editor that keeps its card while the
 * reusable one follows the tree. Without an argument it opens the active card to the side: from a
 * pinned panel's own title bar that is a second panel in the next column (the one asked from
 * already keeps its card).
 */
export class OpenCardToSideCommand implements Command {
  readonly id = OPEN_CARD_TO_SIDE_COMMAND;

  constructor(private readonly panels: CardPanels) {}

  async execute(arg?: unknown): Promise<boolean> {
    const given = nodeIdFromArgument(arg);
    const id = given ?? this.panels.activeNodeId;
    if (!id) return false;
    const options: OpenCardOptions = { toSide: true, fromActiveCard: given === undefined };
    return this.panels.open(id, options);
  }
}

/** A boolean field of a command's options argument, if it is one. */
function readFlag(options: unknown, key: 'preserveFocus' | 'besideDocument'): boolean | undefined {
  if (typeof options !== 'object' || options === null || !(key in options)) return undefined;
  const value = (options as Record<string, unknown>)[key];
  return typeof value === 'boolean' ? value : undefined;
}
