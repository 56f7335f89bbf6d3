import * as assert from 'node:assert/strict';
import { isCardState, isExternalUrl, isHostMessage, isWebviewMessage, LIMITS } from '../../../src/shared/cardProtocol';

const card = { id: 'realtime-updates/websockets', title: 'WebSockets', html: '<main></main>' };

describe('card message protocol guards', () => {
  it('accepts every host message shape', () => {
    assert.ok(isHostMessage({ type: 'showCard', card }));
    assert.ok(isHostMessage({ type: 'showCard', card, requestId: 3 }));
    assert.ok(isHostMessage({ type: 'cardMissing', requestId: 3, id: 'a' }));
  });

  it('rejects unknown or malformed host messages', () => {
    for (const message of [
      null,
      'showCard',
      [],
      {},
      { type: 'eval', code: 'alert(1)' },
      { type: 'showCard' },
      { type: 'showCard', card: { ...card, id: 'Not An Id' } },
      { type: 'showCard', card: { ...card, html: 42 } },
      { type: 'showCard', card: { ...card, extra: true } },
      { type: 'showCard', card, requestId: -1 },
      { type: 'showCard', card, requestId: 1.5 },
      { type: 'showCard', card, script: 'x' },
      { type: 'showCard', card: { ...card, html: 'x'.repeat(LIMITS.htmlLength + 1) } },
      { type: 'cardMissing', requestId: 1 },
      { type: 'cardMissing', requestId: '1', id: 'a' },
    ]) {
      assert.equal(isHostMessage(message), false, JSON.stringify(message)?.slice(0, 80));
    }
  });

  it('accepts every webview message shape', () => {
    for (const message of [
      { type: 'ready' },
      { type: 'requestCard', requestId: 0, id: 'contention/optimistic-locking' },
      { type: 'cardShown', id: 'contention' },
      { type: 'openExternal', url: 'https://example.com/a?b=c#d' },
      { type: 'insertSnippet', snippetId: 'idempotency-key', language: 'python' },
      { type: 'copySnippet', snippetId: 'idempotency-key' },
    ]) {
      assert.ok(isWebviewMessage(message), JSON.stringify(message));
    }
  });

  it('rejects unknown or malformed webview messages', () => {
    for (const message of [
      undefined,
      { type: 'runCommand', command: 'workbench.action.quit' },
      { type: 'ready', extra: 1 },
      { type: 'requestCard', requestId: 1, id: '../../etc/passwd' },
      { type: 'requestCard', id: 'a' },
      { type: 'cardShown', id: 'x'.repeat(LIMITS.idLength + 1) },
      { type: 'openExternal', url: 'command:workbench.action.quit' },
      { type: 'openExternal', url: 'javascript:alert(1)' },
      { type: 'openExternal', url: 'file:///etc/passwd' },
      { type: 'openExternal', url: 'vscode://ms-vscode.x/y' },
      { type: 'openExternal', url: `https://e.com/${'a'.repeat(LIMITS.urlLength)}` },
      { type: 'insertSnippet', snippetId: '' },
      { type: 'insertSnippet', snippetId: 'a', language: 3 },
      { type: 'copySnippet', snippetId: 'a', command: 'x' },
    ]) {
      assert.equal(isWebviewMessage(message), false, JSON.stringify(message)?.slice(0, 80));
    }
  });

  it('accepts only well-formed persisted state', () => {
    const state = { version: 1, pinned: false, history: [{ id: 'a', scrollY: 0 }, { id: 'a/b', scrollY: 120 }], index: 1 };
    assert.ok(isCardState(state));
    assert.equal(isCardState({ ...state, index: 2 }), false);
    assert.equal(isCardState({ ...state, history: [] }), false);
    assert.equal(isCardState({ ...state, version: 2 }), false);
    assert.equal(isCardState({ ...state, history: [{ id: 'a', scrollY: Number.NaN }] , index: 0 }), false);
    assert.equal(isCardState({ ...state, pinned: 'no' }), false);
  });

  it('treats only http(s) URLs with a host as external', () => {
    assert.ok(isExternalUrl('http://example.com'));
    assert.ok(isExternalUrl('HTTPS://example.com/x'));
    for (const url of ['https://', 'https:///x', 'mailto:a@b.c', 'sdp:a', '//example.com', 'https://exa mple.com']) {
      assert.equal(isExternalUrl(url), false, url);
    }
  });
});
