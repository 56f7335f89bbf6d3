/** The engine's figures in the number style of the display language (src/core/suggest/format.ts). */
import { strict as assert } from 'node:assert';
import { createSuggestEngine } from '../../../src/core/suggest/engine';
import { formatBytes, formatCount, formatDuration, formatNumber, formatRate } from '../../../src/core/suggest/format';
import { ENGLISH_SUGGEST_MESSAGES, type SuggestMessages } from '../../../src/core/suggest/messages';
import { loadStringsUnder } from '../l10n/fakeL10n';
import { fixtureCatalog } from './fixtures';

const inLocale = (numberLocale: string): SuggestMessages => ({ ...ENGLISH_SUGGEST_MESSAGES, numberLocale });

describe('suggest: numbers in the display language\'s style', () => {
  it('writes English figures as before: grouped thousands, a point for decimals, no -0', () => {
    assert.equal(formatCount(12_345), '12,345');
    assert.equal(formatCount(2_500_000), '2.5M');
    assert.equal(formatCount(0.25), '0.25');
    assert.equal(formatCount(-0.001), '0');
    assert.equal(formatRate(45_000), '45,000/s');
    assert.equal(formatRate(12.34), '12.3/s');
    assert.equal(formatBytes(5_000_000), '5 MB');
    assert.equal(formatDuration(5400), '1.5 h');
    assert.equal(formatNumber(10_000), '10,000');
  });

  it('writes German figures the German way: 12.345 and 1,5', () => {
    const de = inLocale('de');
    assert.equal(formatCount(12_345, de), '12.345');
    assert.equal(formatCount(2_500_000, de), '2,5M');
    assert.equal(formatRate(45_000, de), '45.000/s');
    assert.equal(formatDuration(5400, de), '1,5 h');
    assert.equal(formatBytes(1_500_000, de), '1,5 MB');
    assert.equal(formatNumber(10_000, de), '10.000');
    // The abbreviations of millions, billions and trillions are words of the table, translated like units.
    const deUnits = { ...de, units: { ...de.units, million: '{0} Mio.', billion: '{0} Mrd.', trillion: '{0} Bio.' } };
    assert.equal(formatCount(2_500_000, deUnits), '2,5 Mio.');
    assert.equal(formatCount(3_000_000_000, deUnits), '3 Mrd.');
    assert.equal(formatCount(4e12, deUnits), '4 Bio.');
  });

  it('writes absurd and signed-zero figures plainly', () => {
    assert.equal(formatCount(1e300), '1e+300');
    assert.equal(formatNumber(-0), '0');
    assert.equal(formatCount(Number.NaN), 'NaN');
  });

  it('falls back to English for a tag the runtime cannot format (the pseudo-locale, a malformed tag)', () => {
    assert.equal(formatCount(12_345, inLocale('qps-ploc')), '12,345');
    assert.equal(formatCount(12_345, inLocale('not a tag!')), '12,345');
    assert.equal(formatCount(12_345, inLocale('')), '12,345');
  });

  it('the engine words the reasons and figures of a German session with German numbers', () => {
    const doc = [
      '# Ticket sales',
      '',
      'We expect 200,000 concurrent users competing for 10,000 seats when a big show goes on sale.',
      'Reads dominate: 500,000 reads per second at peak, served from a cache, with objects of 1.5 GB each.',
      '',
      'Writes come to 2 billion writes per day.',
    ].join('\n');
    const english = createSuggestEngine(fixtureCatalog()).suggest(doc, { minScore: 0 });
    const german = createSuggestEngine(fixtureCatalog(), inLocale('de-DE')).suggest(doc, { minScore: 0 });
    const figures = (r: typeof english): string[] => r.numbers.map((n) => n.normalized);
    assert.ok(figures(english).includes('500,000/s'), figures(english).join(' | '));
    assert.ok(figures(german).includes('500.000/s'), figures(german).join(' | '));
    assert.ok(figures(german).includes('1,5 GB'), figures(german).join(' | '));
    const reasons = german.suggestions.flatMap((s) => s.evidence.map((e) => `${e.reason} ${e.limit ?? ''}`)).join(' | ');
    // The figure as the document wrote it stays as written; what the engine computed is German.
    assert.match(reasons, /500,000 reads per second \(500\.000\/s\) is past/, reasons);
    assert.match(reasons, /2 billion writes per day \(231\.481\/s at peak\)/, reasons);
    assert.match(reasons, /~10\.000\/s reads/, reasons);
  });

  it('the extension passes VS Code\'s display language to the engine and to its own messages', () => {
    const german = loadStringsUnder({}, 'de');
    try {
      assert.equal(german.strings.suggestMessages().numberLocale, 'de');
      assert.match(german.strings.suggestTruncated('a.md', 12_345_678, 1.5, 'sdp.suggest.maxDocumentSizeMB', 1_000_000), /12\.345\.678.*1,5 MB.*1\.000\.000/);
    } finally {
      german.restore();
    }
  });
});
