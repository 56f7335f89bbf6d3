import * as assert from 'node:assert';
import { randomBytes } from 'node:crypto';
import { looksBinary } from '../../../src/core/text/looksBinary';

describe('looksBinary', () => {
  it('takes ordinary text in any script for text', () => {
    assert.strictEqual(looksBinary('# Design\n\nWe need 10K reads/s.\r\n\tIndented\f'), false);
    assert.strictEqual(looksBinary('日本語のデザイン文書。Ελληνικά. Русский текст. 🚀'), false);
    assert.strictEqual(looksBinary(''), false);
  });

  it('takes a NUL character anywhere in the first 8 KB for binary', () => {
    assert.strictEqual(looksBinary('PK\u0003\u0004 archive\u0000 data'), true);
    assert.strictEqual(looksBinary(`${'a'.repeat(8000)}\u0000`), true);
  });

  it('takes random bytes decoded as UTF-8 for binary', () => {
    const decoded = new TextDecoder('utf-8').decode(randomBytes(4096).map((b) => (b === 0 ? 1 : b)));
    assert.strictEqual(looksBinary(decoded), true);
  });

  it('tolerates a few stray control characters in real text', () => {
    const text = `${'Some design text. '.repeat(200)}\u0007\u001b[0m`;
    assert.strictEqual(looksBinary(text), false);
  });
});
