/**
 * idleTodos.ts on a catalog the repository's content cannot give: a deep dive with no parent
 * pattern. Every card's deep dive has one today, so only the tests' catalog reaches the engine's
 * guard that such a question is never "asked only under a pattern" (its sentence would name none).
 */
import { strict as assert } from 'node:assert';
import { indexCatalog } from '../../../src/core/catalog/indexCatalog';
import type { Catalog, CatalogNode } from '../../../src/core/catalog/model';
import { createSuggestEngine } from '../../../src/core/suggest/engine';
import { isSuggestResult } from '../../../src/core/suggest/resultCheck';
import { fixtureCatalog } from './fixtures';

/** The tests' catalog with the reconnection deep dive still under Real-time Updates, but naming no parent. */
function withParentlessDeepDive(): Catalog {
  const orphan = (c: CatalogNode): CatalogNode => {
    if (c.id !== 'realtime-updates/reconnection') return c;
    const rest: { -readonly [K in keyof CatalogNode]?: CatalogNode[K] } = { ...c };
    delete rest.parent;
    return rest as CatalogNode;
  };
  return indexCatalog(fixtureCatalog().roots.map((n) => (n.id !== 'realtime-updates' ? n : { ...n, children: n.children.map(orphan) })));
}

describe('idle sdp-todo markers: a deep dive with no parent pattern', () => {
  const engine = createSuggestEngine(withParentlessDeepDive());
  const idle = (doc: string): ReturnType<typeof engine.suggest>['idleTodos'] => engine.suggest(doc).idleTodos;

  it('is never "pattern not suggested" (no pattern to name) nor "ignored" (no pattern hidden): the next reason that holds', () => {
    // Nothing here suggests Real-time Updates, and WebSockets (what the deep dive is about) is not named.
    const doc = '# Notes\n\nLunch plans for the team.\n\n<!-- sdp-todo: realtime-updates/reconnection -->\n';
    const result = engine.suggest(doc);
    assert.deepEqual(result.idleTodos?.map(({ reason, patterns, solutionTitles }) => ({ reason, patterns, solutionTitles })),
      [{ reason: 'solution-not-named', patterns: undefined, solutionTitles: ['WebSockets'] }]);
    assert.ok(isSuggestResult(result), 'the worker-result check takes the engine\'s result');
  });

  it('with its solution named, the question is simply not asked', () => {
    const doc = '# Notes\n\nThe office screen uses a websocket for the lunch menu.\n\n<!-- sdp-todo: realtime-updates/reconnection -->\n';
    assert.deepEqual(idle(doc)?.map((t) => t.reason), ['not-asked']);
  });

  it('an ignored pattern hides no parentless question: only an sdp-ignore comment naming the question itself does', () => {
    const marker = '<!-- sdp-todo: realtime-updates/reconnection -->\n';
    // The pattern the deep dive's id sits under (here it names no parent): ignoring it does not hide the question.
    assert.deepEqual(idle(`# Notes\n\nLunch plans.\n\n<!-- sdp-ignore: realtime-updates -->\n\n${marker}`)?.map((t) => t.reason), ['solution-not-named']);
    assert.deepEqual(idle(`# Notes\n\nLunch plans.\n\n<!-- sdp-ignore: realtime-updates/reconnection -->\n\n${marker}`)?.map((t) => t.reason), ['ignored']);
  });
});
