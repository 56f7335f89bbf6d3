import { strict as assert } from 'node:assert';
import { createSuggestEngine } from '../../../src/core/suggest';
import { fixtureCatalog } from './fixtures';

/** Deterministic PRNG so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['# ', '## ', '- ', '> ', '```', '~~~', '\r\n', '\n', ' ', '500M reads/day', '10:1', '2MB', '5-30 minutes', ',', '.', '1,000,000',
  '[a](http://x/y)', 'https://a.b/c', "don't", 'not need', 'websocket', 'double-book', '日本語', 'Привет', 'مرحبا', '\u0000', '\uFFFD', '\uD800',
  '((((', ']]]]', '****', '9'.repeat(40), '1.2.3.4', '::::', '////', 'per per per', 'K M B', '\t'];

describe('suggest fuzz', function () {
  this.timeout(120_000);
  it('survives 10,000 random and adversarial inputs', () => {
    const engine = createSuggestEngine(fixtureCatalog());
    const rand = rng(42);
    const adversarial = [
      'a'.repeat(200_000), '#'.repeat(100_000), '-'.repeat(100_000), '1'.repeat(100_000), '1,'.repeat(50_000), '> '.repeat(50_000),
      '```\n'.repeat(10_000), '('.repeat(50_000) + ')'.repeat(50_000), 'not '.repeat(50_000) + 'cache', '\r\n'.repeat(50_000),
      Array.from({ length: 5000 }, (_, i) => '  '.repeat(i % 50) + '- nested').join('\n'),
    ];
    for (let i = 0; i < 10_000; i++) {
      let text: string;
      if (i < adversarial.length) text = adversarial[i]!;
      else if (i % 3 === 0) {
        const n = Math.floor(rand() * 300);
        text = String.fromCharCode(...Array.from({ length: n }, () => Math.floor(rand() * 0x10000)));
      } else {
        const n = Math.floor(rand() * 60);
        text = Array.from({ length: n }, () => PIECES[Math.floor(rand() * PIECES.length)]!).join('');
      }
      const t0 = Date.now();
      const r = engine.suggest(text);
      assert.ok(Date.now() - t0 < 2000, `slow input #${i}`);
      JSON.stringify(r);
      for (const s of r.suggestions) assert.ok(s.score >= 0 && s.score <= 1);
    }
  });
});
