/**
 * Math.random pinned for a proof that reads a snippet's one random draw (a jittered delay or
 * lifetime): every call returns `value` and counts itself in `draws`, until `restore()` puts the real
 * function back. Snippets take no option that exists only for tests; a proof pins their draw this
 * way, and restores it in `finally`, so a failed test leaves no patched global behind (as
 * HARNESS.md asks of timers, sockets and blocked handlers).
 */
export interface PinnedRandom {
  /** What Math.random returns, set by the test before each draw it reads. */
  value: number;
  /** Calls since pinRandom() or since the test last reset it to 0. */
  draws: number;
  restore(): void;
}

export function pinRandom(value = 0): PinnedRandom {
  const real = Math.random;
  const pinned: PinnedRandom = {
    value,
    draws: 0,
    restore: () => {
      Math.random = real;
    },
  };
  Math.random = () => {
    pinned.draws++;
    return pinned.value;
  };
  return pinned;
}
