import { strict as assert } from 'node:assert';
import { createSuggestEngine } from '../../../src/core/suggest';
import { extractNumbers } from '../../../src/core/suggest/numbers';
import { checkLimits } from '../../../src/core/suggest/limits';
import type { NumberFact } from '../../../src/core/suggest/types';
import { fixtureCatalog } from './fixtures';

function facts(line: string): NumberFact[] {
  const out: NumberFact[] = [];
  extractNumbers(line, 0, line.length, 1, out);
  return out;
}

describe('suggest: loose phrases', () => {
  const engine = createSuggestEngine(fixtureCatalog());
  it('matches a phrase whose words stand apart or reordered within a clause', () => {
    const r = engine.suggest('# Notes\n\nThe page is heavy on reads, and a replica serves the read traffic.');
    const reads = r.suggestions.find((s) => s.pattern === 'scaling-reads');
    assert.ok(reads, 'scaling-reads suggested');
    assert.ok(reads!.evidence.some((e) => /heavy on reads/i.test(e.text)), 'loose "read heavy" is evidence');
  });
  it('does not match across a clause break', () => {
    const r = engine.suggest('# Notes\n\nIt is heavy. Reads are few.');
    assert.ok(!r.suggestions.some((s) => s.evidence.some((e) => /heavy/i.test(e.text))));
  });
  it('weighs a loose match below the phrase word for word', () => {
    const exact = engine.suggest('# Notes\n\nread heavy\n\ncache', { minScore: 0 }).suggestions.find((s) => s.pattern === 'scaling-reads');
    const loose = engine.suggest('# Notes\n\nheavy on reads\n\ncache', { minScore: 0 }).suggestions.find((s) => s.pattern === 'scaling-reads');
    assert.ok(exact && loose && exact.score > loose.score);
  });
  it('matches agent nouns with their verbs ("editor" ~ "edit")', () => {
    const catalogEngine = createSuggestEngine(fixtureCatalog());
    const r = catalogEngine.suggest('# Seat bookers\n\nTwo bookers must never double-book.');
    assert.equal(r.suggestions[0]?.pattern, 'contention');
  });
});

describe('suggest: rate per user × users', () => {
  it('multiplies a count of users by what each of them does', () => {
    const f = facts('300,000 drivers, each pinging every 4 s').find((x) => x.kind === 'rate')!;
    assert.equal(f.subject, 'writes');
    assert.equal(f.value, 75_000);
    const g = facts('50K users polling twice a minute').find((x) => x.kind === 'rate')!;
    assert.equal(g.subject, 'reads');
    assert.ok(Math.abs(g.value - 50_000 * 2 / 60) < 1e-6);
    assert.equal(checkLimits(facts('300,000 drivers, each pinging every 4 s'))[0]!.pattern, 'scaling-writes');
  });
  it('leaves a count alone without a per-user frequency', () => {
    assert.ok(!facts('5,000 users, step 3 every day').some((x) => x.kind === 'rate'));
  });
  it('counts a restated figure once', () => {
    const all = [...facts('100 billion searches per month'), ...facts('40,000 search requests per second')];
    assert.equal(checkLimits(all).length, 1);
  });
});

describe('suggest: section weighting', () => {
  const engine = createSuggestEngine(fixtureCatalog());
  it('weighs mentions under "Scale the design" less than in the body', () => {
    const body = engine.suggest('# Notes\n\n## Design\n\nA redis cache in front of each read replica.').suggestions.find((s) => s.pattern === 'scaling-reads')!;
    const scale = engine.suggest('# Notes\n\n## Scale the design\n\nA redis cache in front of each read replica.').suggestions.find((s) => s.pattern === 'scaling-reads');
    assert.ok(!scale || scale.score < body.score);
  });
  it('weighs figures under "Scale the design" less than in the body', () => {
    const text = (h: string) => `# Notes\n\n## ${h}\n\n40,000 read requests per second\n`;
    const body = engine.suggest(text('Constraints')).suggestions.find((s) => s.pattern === 'scaling-reads')!;
    const scale = engine.suggest(text('Scale the design')).suggestions.find((s) => s.pattern === 'scaling-reads');
    assert.ok(!scale || scale.score < body.score);
  });
});

describe('suggest: re-analysis after an edit', () => {
  it('gives the same result as a fresh engine, wherever the edit is', () => {
    const base = [
      '# Seat booking', '', '## Requirements', '- no double booking of a seat', '- 500M reads/day', '', '```', 'cache', '```',
      '## Out of scope', 'websocket chat', '## Design', 'A redis cache and a read replica.', 'We do not need real-time updates.',
    ].join('\n');
    const edits: ((t: string) => string)[] = [
      (t) => t.replace('## Out of scope', '## In scope'), (t) => t.replace('```\ncache', 'cache'), (t) => `${t}\nshard writes`,
      (t) => `# Chat\n${t}`, (t) => t.replace('500M', '5M'), (t) => t.replace('\n', '\r\n'), (t) => t.slice(0, 40), (t) => t.replace('do not need', 'need'),
    ];
    const reused = createSuggestEngine(fixtureCatalog());
    reused.suggest(base);
    for (const edit of edits) {
      const text = edit(base);
      const a = reused.suggest(text);
      const b = createSuggestEngine(fixtureCatalog()).suggest(text);
      assert.deepEqual(a, b, `edit ${edit.toString()}`);
      reused.suggest(base);
    }
  });
});
