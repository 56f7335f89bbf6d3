import { LIMITS, type CardState, type HistoryEntry } from './cardProtocol';

/**
 * Back/forward history of one card panel, as pure functions over the persisted `CardState`
 * (the webview stores the result with `setState`). Entries keep their scroll offset so going
 * back lands where the reader left.
 */

export function initialHistory(id: string, pinned: boolean): CardState {
  return { version: 1, pinned, history: [{ id, scrollY: 0 }], index: 0 };
}

export function currentEntry(state: CardState): HistoryEntry {
  return state.history[state.index]!;
}

/** Records the scroll offset of the entry on screen. */
export function withScroll(state: CardState, scrollY: number): CardState {
  const history = state.history.slice();
  history[state.index] = { ...currentEntry(state), scrollY: Math.max(0, Math.round(scrollY)) };
  return { ...state, history };
}

/**
 * Shows `id` as a new entry after the current one, dropping the forward entries, as a browser
 * does. Showing the card already on screen changes nothing. The oldest entries go first when
 * the history is full.
 */
export function pushEntry(state: CardState, id: string): CardState {
  if (currentEntry(state).id === id) return state;
  const history = [...state.history.slice(0, state.index + 1), { id, scrollY: 0 }];
  const overflow = Math.max(0, history.length - LIMITS.historyLength);
  return { ...state, history: history.slice(overflow), index: history.length - 1 - overflow };
}

export function canGoBack(state: CardState): boolean {
  return state.index > 0;
}

export function canGoForward(state: CardState): boolean {
  return state.index < state.history.length - 1;
}

/** The index `delta` steps away, or undefined when there is no such entry. */
export function targetIndex(state: CardState, delta: number): number | undefined {
  const index = state.index + delta;
  return index >= 0 && index < state.history.length ? index : undefined;
}

export function moveTo(state: CardState, index: number): CardState {
  if (index < 0 || index >= state.history.length) return state;
  return { ...state, index };
}

/** Drops an entry whose node no longer exists (a card restored after the catalog changed). */
export function removeEntry(state: CardState, index: number): CardState | undefined {
  if (state.history.length <= 1) return undefined;
  const history = state.history.filter((_, i) => i !== index);
  const newIndex = Math.min(index <= state.index ? Math.max(0, state.index - 1) : state.index, history.length - 1);
  return { ...state, history, index: newIndex };
}
