import * as assert from 'node:assert/strict';
import {
  canGoBack,
  canGoForward,
  currentEntry,
  initialHistory,
  moveTo,
  pushEntry,
  removeEntry,
  targetIndex,
  withScroll,
} from '../../../src/shared/cardHistory';
import { isCardState, LIMITS } from '../../../src/shared/cardProtocol';

describe('card history', () => {
  it('pushes, goes back and forward, and keeps each entry scroll offset', () => {
    let state = initialHistory('a', false);
    assert.equal(canGoBack(state), false);
    state = withScroll(state, 340.6);
    state = pushEntry(state, 'b');
    state = pushEntry(state, 'c');
    assert.deepEqual(state.history.map((e) => e.id), ['a', 'b', 'c']);
    assert.ok(canGoBack(state) && !canGoForward(state));
    state = moveTo(state, targetIndex(state, -2)!);
    assert.deepEqual(currentEntry(state), { id: 'a', scrollY: 341 });
    assert.ok(canGoForward(state));
    assert.equal(targetIndex(state, -1), undefined);
    assert.ok(isCardState(state));
  });

  it('drops the forward entries when a new card is pushed, and ignores the card on screen', () => {
    let state = pushEntry(pushEntry(initialHistory('a', true), 'b'), 'c');
    state = moveTo(state, 0);
    state = pushEntry(state, 'd');
    assert.deepEqual(state.history.map((e) => e.id), ['a', 'd']);
    assert.equal(pushEntry(state, 'd'), state);
  });

  it('keeps at most the limit, dropping the oldest', () => {
    let state = initialHistory('n-0', false);
    for (let i = 1; i < LIMITS.historyLength + 10; i++) state = pushEntry(state, `n-${i}`);
    assert.equal(state.history.length, LIMITS.historyLength);
    assert.equal(currentEntry(state).id, `n-${LIMITS.historyLength + 9}`);
    assert.ok(isCardState(state));
  });

  it('removes an entry whose node disappeared', () => {
    const state = moveTo(pushEntry(pushEntry(initialHistory('a', false), 'b'), 'c'), 1);
    assert.deepEqual(removeEntry(state, 1), { ...state, history: [state.history[0], state.history[2]], index: 0 });
    assert.equal(removeEntry(initialHistory('a', false), 0), undefined);
  });
});
