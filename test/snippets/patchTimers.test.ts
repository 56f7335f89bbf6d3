/**
 * patchTimers (patchTimers.ts): the globals are the originals again after restore(), also when the
 * body threw; a picked timer is recorded, fired at once with atOnce, and cleared by restore() only
 * when the caller asked for it (clearArmed), so timers of other code that `pick` accepted still
 * run. "Never ran" is read after a real timer armed later with a longer delay has fired: Node runs
 * timers in the order they expire, so no clock is compared.
 */
import { strict as assert } from 'assert';
import { patchTimers } from './patchTimers';

const realSet = globalThis.setTimeout;
const realClear = globalThis.clearTimeout;

/** Resolves once a real timer of `ms`, armed now (after the timers under test), has fired. */
const after = (ms: number): Promise<void> => new Promise((resolve) => realSet(resolve, ms));

describe('patchTimers', () => {
  afterEach(() => {
    // A failed case must not leave the globals patched for the others.
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  });

  it('restore() puts back the very setTimeout and clearTimeout it replaced, also when the body threw', () => {
    const timers = patchTimers(() => true);
    assert.notEqual(globalThis.setTimeout, realSet, 'setTimeout is patched');
    assert.notEqual(globalThis.clearTimeout, realClear, 'clearTimeout is patched');
    assert.throws(() => {
      try {
        throw new Error('the proof failed');
      } finally {
        timers.restore();
      }
    }, /the proof failed/);
    assert.equal(globalThis.setTimeout, realSet, 'setTimeout after restore()');
    assert.equal(globalThis.clearTimeout, realClear, 'clearTimeout after restore()');
  });

  it('records the picked timers with their delay and every cleared timer; others run as asked; atOnce fires a picked 60 s timer before a real 50 ms one armed after it', async () => {
    const ran: string[] = [];
    const timers = patchTimers((ms) => ms === 60_000, { atOnce: true });
    try {
      const picked = setTimeout(() => ran.push('picked 60 s'), 60_000);
      setTimeout(() => ran.push('other 1 ms'), 1);
      const dropped = setTimeout(() => ran.push('other, cleared'), 5);
      clearTimeout(dropped);
      assert.deepEqual(timers.armed, [{ timer: picked, ms: 60_000 }], 'only the picked timer is recorded, with the delay asked for');
      assert.ok(timers.cleared.has(dropped), 'the cleared timer is recorded');
    } finally {
      timers.restore();
    }
    await after(50);
    try {
      assert.deepEqual(ran.sort(), ['other 1 ms', 'picked 60 s'], 'the picked timer fired at once, the other as asked, the cleared one not');
    } finally {
      for (const { timer } of timers.armed) realClear(timer); // a failed case leaves no 60 s timer behind
    }
  });

  it('with clearArmed, a picked timer that has not fired never runs after restore()', async () => {
    let ran = false;
    const timers = patchTimers((ms) => ms === 30, { clearArmed: true });
    try {
      setTimeout(() => (ran = true), 30);
    } finally {
      timers.restore();
    }
    await after(200);
    assert.equal(ran, false, 'the picked 30 ms timer ran after restore()');
  });

  it('without clearArmed, restore() leaves the picked timers armed (they may be other code\'s): the timer still runs', async () => {
    let ran = false;
    const timers = patchTimers((ms) => ms === 30);
    try {
      setTimeout(() => (ran = true), 30);
    } finally {
      timers.restore();
    }
    await after(200);
    assert.equal(ran, true, 'a picked timer the caller did not ask to clear was cleared by restore()');
  });
});
