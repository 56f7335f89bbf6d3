import * as assert from 'node:assert/strict';
import { renderCardDocument } from '../../../src/core/render/cardDocument';
import { elementsOfDocument } from './htmlAudit';

const base = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abcdefghijklmnopqrstuvwx',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/card.js',
  card: { id: 'a/b', title: 'A "title" <b>', html: '<header><h1 id="card-title">A</h1></header><main id="card-main"></main>' },
  pinned: false,
  language: 'en',
};

describe('card document', () => {
  it('allows only the nonced bundle to run and nothing remote to load', () => {
    const html = renderCardDocument(base);
    const elements = elementsOfDocument(html);
    const scripts = elements.filter((e) => e.tag === 'script');
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0]!.attrs.get('nonce'), base.nonce);
    assert.equal(scripts[0]!.attrs.get('src'), base.scriptUri);
    assert.equal(scripts[0]!.text, '', 'no inline code');
    const csp = elements.find((e) => e.tag === 'meta' && e.attrs.get('http-equiv') === 'Content-Security-Policy')?.attrs.get('content');
    assert.ok(csp);
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), [`'nonce-${base.nonce}'`]);
    assert.deepEqual(directives.get('style-src'), [base.cspSource]);
    for (const [name, values] of directives) {
      assert.ok(!values.some((v) => v === "'unsafe-inline'" || v === "'unsafe-eval'" || v === '*' || v === 'https:'), `${name} is strict`);
    }
    assert.ok(!elements.some((e) => [...e.attrs.keys()].some((k) => k.startsWith('on'))), 'no event handler attributes');
  });

  it('escapes the title and carries the initial card and panel kind as data attributes', () => {
    const elements = elementsOfDocument(renderCardDocument({ ...base, pinned: true }));
    assert.equal(elements.find((e) => e.tag === 'title')?.text, 'A "title" <b>');
    const body = elements.find((e) => e.tag === 'body')!;
    assert.equal(body.attrs.get('data-node'), 'a/b');
    assert.equal(body.attrs.get('data-pinned'), 'true');
    assert.ok(elements.some((e) => e.tag === 'div' && e.attrs.get('id') === 'card-root'));
  });

  it('carries the host time the card was asked for only when it is a whole number of milliseconds', () => {
    const bodyOf = (requestedAt?: number) => elementsOfDocument(renderCardDocument({ ...base, requestedAt })).find((e) => e.tag === 'body')!;
    assert.equal(bodyOf(1764900000123).attrs.get('data-requested-at'), '1764900000123');
    assert.equal(bodyOf().attrs.has('data-requested-at'), false);
    assert.equal(bodyOf(Number.NaN).attrs.has('data-requested-at'), false);
  });

  it('refuses a weak nonce', () => {
    assert.throws(() => renderCardDocument({ ...base, nonce: 'x' }));
    assert.throws(() => renderCardDocument({ ...base, nonce: "abcdefghijklmnopqrstuvwx' 'unsafe-inline" }));
  });
});
