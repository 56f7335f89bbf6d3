/** Counts markdown-it block parses on this thread, for tests that check which work a path does. */
import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { readOutline } from '../../../src/core/review/outline';

/** How many markdown-it parses `run` made on this thread (the spy is checked to see one first). */
export function parsesDuring(run: () => void): number {
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
    parses = 0;
    run();
    return parses;
  } finally {
    proto.parse = parse;
  }
}
