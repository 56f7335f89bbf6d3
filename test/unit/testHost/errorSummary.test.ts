import { strict as assert } from 'node:assert';
import * as nodeAssert from 'node:assert';
import { errorSummary } from '../../../scripts/test-host/testCounts.cjs';

const caught = (run: () => void): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('errorSummary: the start of a failed test\'s error, for the summary of npm test', () => {
  it('a deep-equal failure shows its diff lines, not only the header and legend', () => {
    const error = caught(() => nodeAssert.deepStrictEqual({ a: [1, 2] }, { a: [1, 3] }));
    const summary = errorSummary(error);
    assert.match(summary, /^Expected values to be strictly deep-equal:/);
    assert.match(summary, /\+ +2/);
    assert.match(summary, /- +3/);
    assert.doesNotMatch(summary, /\+ actual - expected/);
  });

  it('a failure without a diff keeps the lines that say what was compared', () => {
    assert.match(errorSummary(caught(() => nodeAssert.strictEqual(3, 4))), /3 !== 4/);
    assert.match(errorSummary(caught(() => nodeAssert.match('abc', /x/))), /abc/);
  });

  it('a one-line message stays as it is; an empty one gives the error\'s name; a thrown string is itself', () => {
    assert.equal(errorSummary(new Error('timed out waiting for the view')), 'timed out waiting for the view');
    assert.equal(errorSummary(new TypeError('')), 'TypeError');
    assert.equal(errorSummary('plain string'), 'plain string');
  });

  it('is cut to 300 characters', () => {
    assert.equal(errorSummary(new Error('x'.repeat(1000))).length, 300);
  });
});
