/**
 * Design checks (content/suggest/checks.json, asked by questions.ts): the data is well formed and
 * fits the catalog, and a check is asked exactly when the document relies on its mechanism and has
 * not answered it.
 */
import { strict as assert } from 'node:assert';
import { loadRepoCatalog } from '../../../eval/catalog';
import { indexCatalog } from '../../../src/core/suggest/catalogIndex';
import { createSuggestEngine } from '../../../src/core/suggest/engine';
import { readWords } from '../../../src/core/suggest/evidence';
import { CHECKS } from '../../../src/core/suggest/lexicon';
import { fillPlaces, findNamed, openQuestions } from '../../../src/core/suggest/questions';
import { readStructure } from '../../../src/core/suggest/structure';
import { stemsOf } from '../../../src/core/suggest/tokens';
import type { Suggestion } from '../../../src/core/suggest/types';
import { indexCatalog as catalogOf } from '../../../src/core/catalog/indexCatalog';
import { SHARDED_INGEST, SHARDED_MULTI_REGION, SHARDED_QUEUED_INGEST } from './designCheckDocs';
import { fixtureCatalog } from './fixtures';

const sure = (pattern: string, score = 0.9): Suggestion => ({ pattern, title: pattern, score, solutions: [], evidence: [], words: [] });

describe('design checks: content/suggest/checks.json', () => {
  const catalog = loadRepoCatalog();
  it('every check has a unique id under one of its patterns, a title, a question, and a card the catalog has', () => {
    const ids = new Set<string>();
    for (const c of CHECKS) {
      assert.ok(!ids.has(c.id), `${c.id} twice`);
      ids.add(c.id);
      assert.match(c.id, /^[a-z0-9-]+\/check-[a-z0-9-]+$/, c.id);
      assert.ok(!catalog.byId.has(c.id), `${c.id} is also a catalog id`);
      assert.ok(c.patterns.length > 0 && c.patterns.every((p) => catalog.byId.get(p)?.kind === 'pattern'), `${c.id}: patterns ${c.patterns.join(', ')}`);
      assert.equal(c.id.split('/')[0], c.patterns[0], `${c.id} is filed under its first pattern`);
      assert.ok(catalog.byId.has(c.card), `${c.id}: card ${c.card} is not in the catalog`);
      assert.ok(c.title.trim().length > 0 && c.question.trim().endsWith('?'), c.id);
      assert.ok(c.askedWhen.length > 0 && c.answeredBy.length > 0, c.id);
      if (c.replaces !== undefined) {
        const dd = catalog.byId.get(c.replaces);
        assert.ok(dd?.kind === 'deep-dive' && dd.parent === c.patterns[0], `${c.id}: replaces ${c.replaces}, not a deep dive of ${c.patterns[0]}`);
      }
    }
  });
  it('no phrase both asks and answers a check, and every askedWhen phrase can fire outside its false friends', () => {
    for (const c of CHECKS) {
      const answers = new Set(c.answeredBy.map((a) => stemsOf(a).join(' ')));
      const notWhen = (c.notWhen ?? []).map(stemsOf);
      for (const w of c.askedWhen) {
        const stems = stemsOf(w);
        assert.ok(stems.length > 0, `${c.id}: "${w}" has no word`);
        assert.ok(!answers.has(stems.join(' ')), `${c.id}: "${w}" both asks and answers`);
        // Alone, the phrase is named: no false friend of its own swallows it.
        assert.equal(findNamed(stems, stems, notWhen), 0, `${c.id}: "${w}" is inside one of its notWhen phrases`);
      }
    }
  });
});

describe('design checks: when a check is asked', () => {
  const index = indexCatalog(fixtureCatalog());
  const ask = (text: string, suggestions: Suggestion[] = [sure('scaling-reads')], pending: ReadonlySet<string> = new Set()) => {
    const structure = readStructure(text);
    const words = readWords(structure, index);
    return openQuestions(index, suggestions, { structure, blocksByKeyStem: words.blocksByKeyStem }, new Map(), undefined, pending);
  };
  const ids = (text: string, suggestions?: Suggestion[], pending?: ReadonlySet<string>): string[] =>
    ask(text, suggestions, pending).map((q) => q.id).filter((id) => id.includes('/check-'));
  /** The question ids the real catalog asks of a sharded scaling-writes document (sharding named at line 5), under these markers and ignores. */
  const shardedQuestions = (doc: string) => {
    const real = indexCatalog(loadRepoCatalog());
    const structure = readStructure(doc);
    const input = { structure, blocksByKeyStem: readWords(structure, real).blocksByKeyStem };
    return ({ pending = [], ignored = [] }: { pending?: string[]; ignored?: string[] }): string[] =>
      openQuestions(real, [sure('scaling-writes')], input, new Map([['scaling-writes/sharding', 5]]), undefined, new Set(pending), new Set(ignored)).map((q) => q.id);
  };
  const relies = '# Profile service\n\nProfiles are read far more than written.\n\nEach profile is kept in a cache in front of the database.\n\nThe cache is shared by all web servers.\n';

  it('asks when the design relies on the mechanism, at the first line naming it, with the check\'s title and card', () => {
    const q = ask(relies).find((x) => x.id === 'scaling-reads/check-stale-cache');
    assert.ok(q, JSON.stringify(ask(relies)));
    assert.equal(q.line, 5);
    assert.equal(q.pattern, 'scaling-reads');
    assert.equal(q.title, CHECKS.find((c) => c.id === q.id)!.title);
    assert.equal(q.card, 'scaling-reads/caching');
    assert.match(q.reason, /cache/);
  });
  it('does not ask once any of its answers stands anywhere in the document, read loosely', () => {
    assert.deepEqual(ids(`${relies}\nEntries expire after a minute.\n`).filter((id) => id === 'scaling-reads/check-stale-cache'), []);
    assert.deepEqual(ids(`${relies}\nA write invalidates the entry.\n`).filter((id) => id === 'scaling-reads/check-stale-cache'), []);
  });
  it('one passing mention is not reliance; a heading is', () => {
    const once = '# Profile service\n\nProfiles are read far more than written.\n\nA cache sits in front of the database.\n';
    assert.deepEqual(ids(once), []);
    const heading = '# Profile service\n\nProfiles are read far more than written.\n\n## Cache\n\nIn front of the database.\n';
    assert.ok(ids(heading).includes('scaling-reads/check-stale-cache'));
  });
  it('a false friend is not the mechanism, and code, tables and set-aside sections do not count', () => {
    assert.deepEqual(ids('# Scanner\n\nRows are packed to fit a cache line.\n\nEach cache line holds eight rows.\n'), [], 'cache line');
    assert.deepEqual(ids('# Profile service\n\nReads are heavy.\n\n```\ncache.get(key)\ncache.put(key)\n```\n\n## Alternatives\n\nA cache in front of the database.\n\nA shared cache.\n'), []);
    // The tests' catalog has no notKeywords for scaling-reads: this comes from the check's own notWhen.
    assert.equal(findNamed(stemsOf('fits the cache line well, then the cache'), stemsOf('cache'), [stemsOf('cache line')]), 7);
  });
  it('only for a pattern the scorer is sure of, listed under the first of its patterns that is', () => {
    assert.deepEqual(ids(relies, [sure('scaling-reads', 0.4)]), [], 'a doubtful pattern gets no questions');
    // check-resharding lists scaling-writes, then contention: it goes under whichever the document surely needs first in that order.
    const sharded = '# Orders\n\nOrders are sharded by customer.\n\nEach shard holds a range of customers.\n';
    const under = (suggestions: Suggestion[]): string[] => ask(sharded, suggestions).filter((q) => q.id === 'scaling-writes/check-resharding').map((q) => q.pattern);
    assert.deepEqual(under([sure('contention'), sure('scaling-writes', 0.8)]), ['scaling-writes']);
    assert.deepEqual(under([sure('contention')]), ['contention']);
    assert.deepEqual(under([sure('realtime-updates')]), []);
  });
  it('an sdp-todo marker keeps it open, answered or not; a heading that restates its title names nothing', () => {
    const answered = `${relies}\nEntries expire after a minute.\n`;
    assert.ok(ids(answered, undefined, new Set(['scaling-reads/check-stale-cache'])).includes('scaling-reads/check-stale-cache'));
    // A title that names the mechanism ("An empty cache"), as the heading "Add a section answering"
    // writes it, does not make a document that mentions a cache once rely on one.
    const title = CHECKS.find((c) => c.id === 'scaling-reads/check-cold-cache')!.title;
    assert.ok(findNamed(stemsOf(title), stemsOf('cache'), []) !== -1, 'the title names a cache');
    const once = '# Profile service\n\nA cache sits in front of the database.\n';
    assert.deepEqual(ids(once), []);
    assert.deepEqual(ids(`${once}\n## ${title}\n`), []);
    assert.ok(ids(`${once}\n## Another cache\n`).length > 0, 'any other heading that names it does');
  });
  it('pressing deep dives first, then checks; a check and its card\'s deep dive are never both asked', () => {
    const structure = (text: string) => readStructure(text);
    const asked = (text: string, solutionLines: ReadonlyMap<string, number>): string[] => {
      const st = structure(text);
      return openQuestions(index, [sure('realtime-updates')], { structure: st, blocksByKeyStem: readWords(st, index).blocksByKeyStem }, solutionLines).map((q) => q.id);
    };
    // check-missed-events names the tests' catalog's reconnection deep dive as its card; only it fires here.
    assert.equal(CHECKS.find((c) => c.id === 'realtime-updates/check-missed-events')!.card, 'realtime-updates/reconnection');
    const stream = '# Feed\n\nClients follow the event stream of their team.\n\nThe event stream carries every change.\n';
    // No solution named: the reconnection deep dive is not pressing, so the check stands and the deep dive is not asked.
    assert.deepEqual(asked(stream, new Map()), ['realtime-updates/check-missed-events']);
    // The document names WebSockets (line 3): the reconnection deep dive is pressing, comes first, and stands for the check.
    assert.deepEqual(asked(stream, new Map([['realtime-updates/websockets', 3]])), ['realtime-updates/reconnection']);
  });
  it('a check stands for its card\'s deep dive when that one would be asked as a general question', () => {
    // The tests' catalog with the reconnection deep dive tied to no solution: a general question of the leading pattern.
    const roots = fixtureCatalog().roots.map((n) => (n.id !== 'realtime-updates' ? n : {
      ...n, children: n.children.map((c) => (c.id === 'realtime-updates/reconnection' ? { ...c, appliesTo: undefined } : c)),
    }));
    const general = indexCatalog(catalogOf(roots));
    const ids = (text: string): string[] => {
      const st = readStructure(text);
      return openQuestions(general, [sure('realtime-updates')], { structure: st, blocksByKeyStem: readWords(st, general).blocksByKeyStem }, new Map()).map((q) => q.id);
    };
    assert.deepEqual(ids('# Feed\n\nUpdates reach the clients live.\n'), ['realtime-updates/reconnection'], 'no mechanism: the general question');
    assert.deepEqual(ids('# Feed\n\nClients follow the event stream of their team.\n\nThe event stream carries every change.\n'), ['realtime-updates/check-missed-events']);
  });
  it('a marker keeps its question, whichever of a check and the deep dive it replaces it names', () => {
    const st = readStructure('# Feed\n\nClients follow the event stream of their team.\n\nThe event stream carries every change.\n');
    const input = { structure: st, blocksByKeyStem: readWords(st, index).blocksByKeyStem };
    const asked = (pending: string[], lines = new Map([['realtime-updates/websockets', 3]])): string[] =>
      openQuestions(index, [sure('realtime-updates')], input, lines, undefined, new Set(pending)).map((q) => q.id);
    assert.deepEqual(asked([]), ['realtime-updates/reconnection'], 'the pressing deep dive stands for the check');
    assert.deepEqual(asked(['realtime-updates/check-missed-events']), ['realtime-updates/check-missed-events'], 'the marked check stands');
    assert.deepEqual(asked(['realtime-updates/check-missed-events', 'realtime-updates/reconnection']), ['realtime-updates/reconnection', 'realtime-updates/check-missed-events']);
    // A general deep dive (no solution named) that a marker keeps open stands for the check.
    const roots = fixtureCatalog().roots.map((n) => (n.id !== 'realtime-updates' ? n : {
      ...n, children: n.children.map((c) => (c.id === 'realtime-updates/reconnection' ? { ...c, appliesTo: undefined } : c)),
    }));
    const general = indexCatalog(catalogOf(roots));
    const generalInput = { structure: st, blocksByKeyStem: readWords(st, general).blocksByKeyStem };
    assert.deepEqual(openQuestions(general, [sure('realtime-updates')], generalInput, new Map(), undefined, new Set(['realtime-updates/reconnection'])).map((q) => q.id),
      ['realtime-updates/reconnection']);
  });
  it('ignoring either of a check and the deep dive it replaces ignores both; an ignored question leaves its place to the next', () => {
    const st = readStructure('# Feed\n\nClients follow the event stream of their team.\n\nThe event stream carries every change.\n');
    const input = { structure: st, blocksByKeyStem: readWords(st, index).blocksByKeyStem };
    const ids = (ignored: string[]): string[] =>
      openQuestions(index, [sure('realtime-updates')], input, new Map([['realtime-updates/websockets', 3]]), undefined, new Set(), new Set(ignored)).map((q) => q.id);
    assert.deepEqual(ids(['realtime-updates/reconnection']), [], 'the same question under the check\'s id does not come back');
    assert.deepEqual(ids(['realtime-updates/check-missed-events']), [], 'nor under the deep dive\'s');
    // Four questions (a pressing deep dive, then three checks) for two places and a check's extra place: ignoring the first lets the fourth in.
    const questions = shardedQuestions(SHARDED_QUEUED_INGEST);
    const asked = (ignored: string[]): string[] => questions({ ignored });
    const all = asked([]);
    assert.equal(all.length, 3, all.join(', '));
    const next = asked([all[0]!]);
    assert.deepEqual(next.slice(0, 2), all.slice(1), next.join(', '));
    assert.equal(next.length, 3, next.join(', '));
    assert.ok(!all.includes(next[2]!), `a fourth question takes the place: ${next.join(', ')}`);
  });
  it('pairs are settled before the two places are filled', () => {
    const chat = '# Chat\n\nMessages reach browsers over WebSockets.\n\nEach WebSocket stays open while the tab is open.\n\nSlow consumers are disconnected.\n';
    const st = readStructure(chat);
    const input = { structure: st, blocksByKeyStem: readWords(st, index).blocksByKeyStem };
    const ids = (pending: string[] = []): string[] =>
      openQuestions(index, [sure('realtime-updates')], input, new Map([['realtime-updates/websockets', 3]]), undefined, new Set(pending)).map((q) => q.id);
    // Pressing reconnection; then the checks: missed events (paired with reconnection: dropped) and connection routing.
    assert.deepEqual(ids(), ['realtime-updates/reconnection', 'realtime-updates/check-connection-routing']);
  });
  it('a question a marker keeps open always has a place, even when it comes fourth', () => {
    const questions = shardedQuestions(SHARDED_QUEUED_INGEST);
    const asked = (pending: string[]): string[] => questions({ pending });
    const [failover, resharding, buffered, backlog] = ['failover-write-loss', 'check-resharding', 'check-buffered-writes', 'check-backlog'].map((id) => `scaling-writes/${id}`);
    assert.deepEqual(asked([]), [failover, resharding, buffered], 'two places, then the first check they cut');
    // The marked fourth takes a place; the first of the others keeps the other, the first check cut gets the extra place, and the order stays.
    assert.deepEqual(asked([backlog!]), [failover, resharding, backlog]);
    // A marked question already in the places uses one of them: the others go as before.
    assert.deepEqual(asked([failover!]), [failover, resharding, buffered]);
    assert.deepEqual(asked([failover!, resharding!, buffered!, backlog!]), [failover, resharding, buffered, backlog], 'every marked question, in order');
  });
  it('a deep dive the places cut stays out: the extra place is a check\'s only', () => {
    const questions = shardedQuestions(SHARDED_MULTI_REGION);
    const asked = (ignored: string[]): string[] => questions({ ignored });
    const shown = asked([]);
    assert.equal(shown.length, 2, shown.join(', '));
    assert.ok(shown.every((id) => !id.includes('/check-')), shown.join(', '));
    // The document has a third pressing deep dive: ignoring the first brings it in.
    const third = asked([shown[0]!]).find((id) => !shown.includes(id));
    assert.ok(third && !third.includes('/check-'), `a third deep dive was cut: ${asked([shown[0]!]).join(', ')}`);
  });
  it('a deep dive that a check replaces, cut by the places, takes its check with it: the pair was settled for the deep dive', () => {
    // The tests' catalog with two more pressing deep dives of WebSockets ahead of reconnection, which check-missed-events replaces.
    const roots = fixtureCatalog().roots.map((n) => {
      if (n.id !== 'realtime-updates') return n;
      const reconnection = n.children.find((c) => c.id === 'realtime-updates/reconnection')!;
      const ahead = ['heartbeats', 'ordering'].map((name) => ({
        ...reconnection, id: `realtime-updates/${name}`, title: name, question: `What about ${name}?`, answeredBy: [`${name} policy`],
      }));
      return { ...n, children: [...n.children.filter((c) => c.kind !== 'deep-dive'), ...ahead, ...n.children.filter((c) => c.kind === 'deep-dive')] };
    });
    const crowded = indexCatalog(catalogOf(roots));
    const st = readStructure('# Feed\n\nClients follow the event stream of their team.\n\nThe event stream carries every change.\n');
    const asked = (idx: typeof crowded): string[] =>
      openQuestions(idx, [sure('realtime-updates')], { structure: st, blocksByKeyStem: readWords(st, idx).blocksByKeyStem }, new Map([['realtime-updates/websockets', 3]])).map((q) => q.id);
    // Reconnection is pressing and third: the places cut it, and the check it stands for was dropped before the places were filled.
    assert.deepEqual(asked(crowded), ['realtime-updates/heartbeats', 'realtime-updates/ordering']);
    // The same check, paired with nothing, is a check the places cut: it takes the extra place.
    const unpaired = { ...crowded, checks: crowded.checks.map((c) => (c.check.id === 'realtime-updates/check-missed-events' ? { ...c, replaces: undefined } : c)) };
    assert.deepEqual(asked(unpaired), ['realtime-updates/heartbeats', 'realtime-updates/ordering', 'realtime-updates/check-missed-events']);
  });
  it('fillPlaces: only a design check the full places cut takes an extra place, at most as many as there are, where it stands', () => {
    const q = (id: string) => ({ id });
    const order = ['pressing-1', 'check-a', 'pressing-2', 'check-b', 'check-c', 'general'].map(q);
    const isCheck = (x: { id: string }) => x.id.startsWith('check-');
    const ids = (pending: string[], places: number, extra: number) => fillPlaces(order, isCheck, new Set(pending), places, extra).map((x) => x.id);
    assert.deepEqual(ids([], 2, 0), ['pressing-1', 'check-a'], 'no extra place: the first two');
    assert.deepEqual(ids([], 2, 1), ['pressing-1', 'check-a', 'check-b'], 'a deep dive the places cut gets no extra place; the first check cut does');
    assert.deepEqual(ids([], 2, 2), ['pressing-1', 'check-a', 'check-b', 'check-c']);
    assert.deepEqual(ids([], 3, 1), ['pressing-1', 'check-a', 'pressing-2', 'check-b']);
    assert.deepEqual(ids([], 2, 1.7), ids([], 2, 1), 'a whole number of places');
    assert.deepEqual(ids([], 2, -1), ids([], 2, 0));
    assert.deepEqual(ids([], 2, Number.NaN), ids([], 2, 0));
    assert.deepEqual(ids(['general'], 2, 1), ['pressing-1', 'check-a', 'general'],
      'a marked question takes a place; the check the place left then cuts gets the extra one, in its position');
    assert.deepEqual(fillPlaces([q('pressing-1'), q('pressing-2'), q('general')], isCheck, new Set(), 2, 1).map((x) => x.id), ['pressing-1', 'pressing-2'], 'no check, no extra place');
  });
  it('a check pairs only with a deep dive of its first pattern', () => {
    // check-missed-events replaces the reconnection deep dive; move that deep dive under another pattern.
    const roots = fixtureCatalog().roots.map((n) => {
      if (n.id === 'realtime-updates') return { ...n, children: n.children.filter((c) => c.id !== 'realtime-updates/reconnection') };
      if (n.id === 'scaling-reads') {
        const moved = fixtureCatalog().byId.get('realtime-updates/reconnection')!;
        return { ...n, children: [...n.children, { ...moved, parent: 'scaling-reads', appliesTo: undefined }] };
      }
      return n;
    });
    const other = indexCatalog(catalogOf(roots));
    assert.equal(other.checks.find((c) => c.check.id === 'realtime-updates/check-missed-events')?.replaces, undefined);
    assert.equal(indexCatalog(fixtureCatalog()).checks.find((c) => c.check.id === 'realtime-updates/check-missed-events')?.replaces, 'realtime-updates/reconnection');
  });
  it('a pressing deep dive comes before a check, and both fit in the two places', () => {
    const engine = createSuggestEngine(loadRepoCatalog());
    const doc = SHARDED_INGEST;
    const kinds = engine.suggest(doc).openQuestions.map((q) => (q.id.includes('/check-') ? 'check' : q.line !== undefined ? 'pressing' : 'general'));
    assert.deepEqual(kinds, ['pressing', 'check']);
  });
  it('points at the line of the word, also inside a paragraph of several lines, in list order of the text', () => {
    const text = '# Profile service\n\nProfiles are read far more\nthan they are written, so\na cache sits in front of the database.\n\nThe cache is shared.\n';
    assert.equal(ask(text).find((x) => x.id === 'scaling-reads/check-stale-cache')?.line, 5);
    // Two phrases of one check in one block: the one that comes first in the text wins, not the first in the list.
    const realIndex = indexCatalog(loadRepoCatalog());
    const lock = '# Jobs\n\nEach runner takes a lease\non the job, then holds the lock\nwhile it runs.\n\nThe lease is kept in etcd.\n';
    const st = readStructure(lock);
    const q = openQuestions(realIndex, [sure('contention')], { structure: st, blocksByKeyStem: readWords(st, realIndex).blocksByKeyStem }, new Map())
      .find((x) => x.id === 'contention/check-lock-holder-dies');
    assert.ok(q);
    assert.equal(q.line, 3, 'lease (line 3) comes before lock (line 4), though lock is listed first');
  });
  it('through the engine: sdp-ignore drops a check, and an sdp-todo marker points it at its section', () => {
    const engine = createSuggestEngine(loadRepoCatalog());
    const doc = SHARDED_INGEST;
    const first = engine.suggest(doc).openQuestions.find((q) => q.id.includes('/check-'));
    assert.ok(first, JSON.stringify(engine.suggest(doc).openQuestions));
    assert.ok(!engine.suggest(`<!-- sdp-ignore: ${first.id} -->\n${doc}`).openQuestions.some((q) => q.id === first.id));
    const marked = `${doc}\n## ${first.title}\n\n<!-- sdp-todo: ${first.id}\nAnswer here.\n-->\n`;
    const kept = engine.suggest(marked).openQuestions.find((q) => q.id === first.id);
    assert.ok(kept);
    assert.equal(kept.line, doc.split('\n').length + 1, 'points at the heading written for it');
  });
});
