import * as assert from 'node:assert/strict';
import { highlightCode } from '../../../src/core/render/highlightCode';
import { escapeHtml } from '../../../src/core/render/escapeHtml';

describe('highlightCode', () => {
  it('marks tokens of a known language with highlight.js spans', () => {
    const html = highlightCode('const limit = 10; // retries', 'typescript', escapeHtml);
    assert.match(html, /<span class="hljs-keyword">const<\/span>/);
    assert.match(html, /<span class="hljs-number">10<\/span>/);
    assert.match(html, /<span class="hljs-comment">\/\/ retries<\/span>/);
  });

  it('accepts the aliases fenced code uses (ts, py, golang, postgresql)', () => {
    for (const alias of ['ts', 'py', 'golang', 'postgresql']) {
      assert.match(highlightCode('select 1', alias, escapeHtml), /hljs-|select 1/);
    }
    assert.match(highlightCode('def f(): pass', 'py', escapeHtml), /hljs-keyword/);
  });

  it('keeps hostile code escaped, in any language or none', () => {
    const hostile = '"</code><script>alert(1)</script><img src=x onerror=alert(2)>"';
    for (const language of ['typescript', 'sql', 'python', undefined, 'no-such-language']) {
      const html = highlightCode(hostile, language, escapeHtml);
      assert.doesNotMatch(html, /<script|<img|<\/code>/i, `language ${String(language)}`);
      // Only highlight.js spans survive as markup.
      for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) assert.match(tag, /^<span class="hljs-[a-z_ .-]+">$/);
    }
  });

  it('falls back to escaped plain text for an unknown language', () => {
    assert.equal(highlightCode('a < b && c', 'brainfuck', escapeHtml), escapeHtml('a < b && c'));
  });
});
