import { isNodeId } from '../../shared/cardProtocol';

/**
 * The node id a command was invoked with: a string id (tree item, search, other commands) or a
 * catalog node (tree context menu, which passes the element). Undefined for anything else.
 */
export function nodeIdFromArgument(arg: unknown): string | undefined {
  if (isNodeId(arg)) return arg;
  if (typeof arg === 'object' && arg !== null && 'id' in arg && isNodeId((arg as { id: unknown }).id)) {
    return (arg as { id: string }).id;
  }
  return undefined;
}
