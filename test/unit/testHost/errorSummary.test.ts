import { strict as assert } from 'node:assert';
import * as nodeAssert from 'node:assert';
import { createRequire } from 'node:module';
import { errorSummary } from '../../support/errorSummary';

const caught = (run: () => void): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('errorSummary: the start of a failed test\'s error, for the summary of npm test', () => {
  // The reporter mocha runs in Node keeps its own copy: both must read errors the same way.
  const reporterSummary = (createRequire(__filename)('../../../scripts/test-host/statsReporter.cjs') as { errorSummary: (e: unknown) => string }).errorSummary;

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

  it('the reporter\'s copy gives the same summaries', () => {
    for (const error of [caught(() => nodeAssert.deepStrictEqual([1, 2, 3], [1, 2, 4])), caught(() => nodeAssert.strictEqual(1, 2)), caught(() => nodeAssert.ok(false)), new Error(''), new Error('a\nb\nc\nd\ne'), 'plain']) {
      assert.equal(reporterSummary(error), errorSummary(error));
    }
  });
});
