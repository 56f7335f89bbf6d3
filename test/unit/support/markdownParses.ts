/** Counts markdown-it block parses on this thread, for tests that check which work a path does. */
import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { readOutline } from '../../../src/core/review/outline';

/** Replaces markdown-it's parse with a counting one; the spy is checked to see a parse before it is trusted. */
function installSpy(): { readonly parses: () => number; readonly restore: () => void } {
  const proto = MarkdownIt.prototype as { parse(...args: unknown[]): unknown };
  const parse = proto.parse;
  let parses = 0;
  proto.parse = function (this: unknown, ...args: unknown[]) {
    parses++;
    return parse.apply(this, args);
  };
  try {
    readOutline('# probe\n');
    assert.ok(parses > 0, 'the spy counts a parse');
  } catch (error) {
    proto.parse = parse;
    throw error;
  }
  parses = 0;
  return { parses: () => parses, restore: () => { proto.parse = parse; } };
}

/** How many markdown-it parses `run` made on this thread. */
export function parsesDuring(run: () => void): number {
  const spy = installSpy();
  try {
    run();
    return spy.parses();
  } finally {
    spy.restore();
  }
}

/** How many markdown-it parses `run` made on this thread while its promise was pending. */
export async function parsesDuringAsync(run: () => Promise<unknown>): Promise<number> {
  const spy = installSpy();
  try {
    await run();
    return spy.parses();
  } finally {
    spy.restore();
  }
}
