/** A small in-memory catalog for the suggest engine's unit tests (independent of content/). */
import type { Catalog, CatalogNode, NodeKind } from '../../../src/core/catalog/model';
import { indexCatalog } from '../../../src/core/catalog/indexCatalog';

function node(id: string, kind: NodeKind, title: string, extra: Partial<CatalogNode> = {}, children: CatalogNode[] = []): CatalogNode {
  return {
    id, kind, title, summary: `${title}.`, order: 0, keywords: [], related: [], sections: [], children,
    source: { file: 'fixture.md', line: 1 }, ...extra,
  };
}

export function fixtureCatalog(): Catalog {
  const roots = [
    node('realtime-updates', 'pattern', 'Real-time Updates', { keywords: ['real-time', 'live update', 'chat', 'push notification'] }, [
      node('realtime-updates/websockets', 'solution', 'WebSockets', { parent: 'realtime-updates', keywords: ['websocket', 'full duplex'] }),
      node('realtime-updates/polling', 'solution', 'Long Polling', { parent: 'realtime-updates', keywords: ['long polling'] }),
      node('realtime-updates/reconnection', 'deep-dive', 'Reconnection', {
        parent: 'realtime-updates', question: 'How do clients reconnect and catch up?', answeredBy: ['reconnect', 'backoff', 'last event id'],
        appliesTo: ['realtime-updates/websockets'],
      }),
      node('realtime-updates/fan-out', 'deep-dive', 'Fan-out to millions', {
        parent: 'realtime-updates', question: 'How does one post reach millions of followers?', answeredBy: ['fan out on read'],
        appliesTo: ['realtime-updates/websockets'], askedWhen: ['follower', 'news feed'],
      }),
    ]),
    node('contention', 'pattern', 'Dealing with Contention', { keywords: ['double booking', 'book', 'seat', 'oversell'], contextKeywords: ['ticket'], notKeywords: ['order book'], limits: ['users:items >= 10'] }, [
      node('contention/optimistic-locking', 'solution', 'Optimistic Locking', { parent: 'contention', keywords: ['version column'] }),
    ]),
    node('scaling-reads', 'pattern', 'Scaling Reads', { keywords: ['read heavy', 'cache', 'read replica'], limits: ['reads/s > 10000', 'reads:writes >= 10'] }, [
      node('scaling-reads/caching', 'solution', 'Caching', { parent: 'scaling-reads', keywords: ['redis', 'cache'] }),
    ]),
    node('scaling-writes', 'pattern', 'Scaling Writes', { keywords: ['write heavy', 'shard'], limits: ['writes/s > 10000'] }),
    node('combinations', 'group', 'Combinations', {}, [
      node('combinations/live-scores', 'combination', 'Live scores', { parent: 'combinations', patterns: ['realtime-updates', 'scaling-reads'], keywords: ['scoreboard'] }),
    ]),
  ];
  return indexCatalog(roots);
}
