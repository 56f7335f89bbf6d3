/**
 * The global setTimeout and clearTimeout patched for a proof that reads a snippet's timers (a
 * backoff sleep, a pause, a lifetime or poll timer): the snippets call the globals, and take no
 * option that exists only for tests. Every timer whose delay `pick` accepts is recorded in `armed`
 * with the delay asked for (with `atOnce` it fires at once instead, so a proof does not wait out a
 * minute's backoff); every other timer runs as asked. Every timer handed to clearTimeout is
 * recorded in `cleared`. `pick` runs inside the patched setTimeout, so it may read the caller's
 * stack.
 *
 * Call it just before the try whose finally calls `restore()`: nothing between the patch and the
 * return can throw, so a failed test never leaves the globals patched for later tests (HARNESS.md:
 * a failed test leaves no timers behind). restore() puts the real functions back; with
 * `clearArmed` it also clears the recorded timers still armed. Ask for that only when `pick`
 * accepts nothing but the proof's own timers (a delay no other code uses, or a check of the
 * caller's stack): a timer of other code (a client library's, mocha's) that `pick` also accepted
 * would never run. pinRandom.ts does the same for Math.random.
 *
 * Not handled: a timer cleared by its numeric id (clearTimeout(Number(timer)), which Node accepts)
 * is recorded in `cleared` as that number, not as the timer; util.promisify(setTimeout) of the
 * patched function lacks Node's util.promisify.custom (a promise that resolves with the delay's
 * value), and node:timers/promises is not patched at all.
 */
export interface PatchedTimers {
  /** The timers `pick` accepted, in the order they were armed, with the delay asked for. */
  armed: { timer: NodeJS.Timeout; ms: number }[];
  /** Every timer passed to the global clearTimeout while patched. */
  cleared: Set<unknown>;
  restore(): void;
}

export function patchTimers(
  pick: (ms: number | undefined) => boolean,
  options: { atOnce?: boolean; clearArmed?: boolean } = {},
): PatchedTimers {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const armed: PatchedTimers['armed'] = [];
  const cleared = new Set<unknown>();
  globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) => {
    if (!pick(ms)) return realSet(fn, ms, ...rest);
    const timer = realSet(fn, options.atOnce ? 0 : ms, ...rest);
    armed.push({ timer, ms: ms ?? 0 });
    return timer;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((timer?: NodeJS.Timeout | string | number) => {
    cleared.add(timer);
    realClear(timer);
  }) as typeof clearTimeout;
  return {
    armed,
    cleared,
    restore: () => {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
      if (options.clearArmed) for (const { timer } of armed) realClear(timer);
    },
  };
}
