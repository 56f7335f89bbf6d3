/**
 * How DocumentAnalyzer (src/extension/suggest/documentAnalyzer.ts) fills DocumentReview.outline:
 * on this thread, the outline of the engine's own analysis (readOutline of the text analysed); off
 * it, the worker's; and after a worker that failed or answered something malformed, this thread's
 * again. Against a fake `vscode`, the real lazy suggest module and engine, and a fake worker.
 */
import { strict as assert } from 'node:assert';
import { EMPTY_OUTLINE, readOutline } from '../../../src/core/review/outline';
import { suggestWithOutline } from '../../../src/core/review/suggestWithOutline';
import { createSuggestEngine, ENGLISH_SUGGEST_MESSAGES, type SuggestOptions } from '../../../src/core/suggest';
import * as suggestModule from '../../../src/extension/lazy/suggest';
import { OFF_THREAD_CHARS } from '../../../src/extension/suggest/offThreadAnalysis';
import type { ReviewSettings } from '../../../src/extension/suggest/reviewSettings';
import { fixtureCatalog } from './fixtures';
import { analyzerUnderTest, fakeDocument as document, type WorkerJob } from '../support/analyzer';

const SETTINGS: ReviewSettings = { refreshOnEdit: true, editDelayMs: 600, maxDocumentSizeMB: 10, maxChars: 10_000_000, minScore: 0, deepDives: true };
const SECTION = 'Two million fans compete for 50,000 seats; double booking must never happen.\n\n';
/** A design doc with a review comment and a marker (the outline then needs its own parse), a comment-hidden heading and a setext heading. */
const SMALL = `# Seat booking\n<!-- sdp-ignore: large-blobs -->\n\n${SECTION}<!-- guidance\n## Hidden\n-->\nAlternatives\n---\n\n<!-- sdp-todo: contention/distributed-locks\n-->\n\n## Appendix\n\n${SECTION}`;
const LARGE = `${SMALL}${Array.from({ length: Math.ceil(OFF_THREAD_CHARS / 80) }, (_, i) => `## Part ${i}\n\n${SECTION}`).join('')}`;

/** The analyzer with the real engine; `worker` answers each job (undefined: no worker can start). */
function setUp(worker?: (job: WorkerJob & { options: SuggestOptions }) => unknown) {
  return analyzerUnderTest({
    worker: worker ? (job) => worker(job as WorkerJob & { options: SuggestOptions }) : 'none',
    catalog: fixtureCatalog(), suggestModule: suggestModule as never, messages: ENGLISH_SUGGEST_MESSAGES,
  });
}

describe('DocumentAnalyzer fills the review\'s outline', function () {
  this.timeout(120_000);
  const engine = createSuggestEngine(fixtureCatalog());
  let done: (() => void) | undefined;
  afterEach(() => {
    done?.();
    done = undefined;
  });

  it('the large document is over the threshold', () => assert.ok(LARGE.length > OFF_THREAD_CHARS, String(LARGE.length)));

  it('on this thread: the outline readOutline gives the document (its review comments read as written)', async () => {
    const set = setUp();
    done = () => (set.analyzer.dispose(), set.restore());
    const review = await set.analyzer.analyse(document(SMALL) as never, SETTINGS);
    assert.ok(review.result.suggestions.length > 0);
    assert.deepStrictEqual(review.outline, readOutline(SMALL));
    assert.ok(review.outline.headings.some((h) => h.text === 'Alternatives' && h.role === 'alternatives'));
    assert.deepEqual(set.started, [], 'no worker for a small document');
  });

  it('a document with nothing written (empty, or white space only) is marked empty and not analysed; one with text is not marked', async () => {
    const set = setUp();
    done = () => (set.analyzer.dispose(), set.restore());
    for (const text of ['', ' \n\n\t\n']) {
      const review = await set.analyzer.analyse(document(text) as never, SETTINGS);
      assert.equal(review.empty, true, JSON.stringify(text));
      assert.equal(review.result.suggestions.length, 0);
      assert.equal(review.outline, EMPTY_OUTLINE);
    }
    assert.equal((await set.analyzer.analyse(document('# Notes\n\nWe renamed a flag.\n') as never, SETTINGS)).empty, undefined);
  });

  it('a document with no suggestion: the empty outline', async () => {
    const set = setUp();
    done = () => (set.analyzer.dispose(), set.restore());
    const review = await set.analyzer.analyse(document(SMALL) as never, { ...SETTINGS, minScore: 1.01 });
    assert.equal(review.result.suggestions.length, 0);
    assert.equal(review.outline, EMPTY_OUTLINE);
  });

  it('off this thread: the worker\'s outline', async () => {
    const computed = suggestWithOutline(engine, LARGE, { maxChars: LARGE.length, minScore: 0 });
    // A valid outline this thread would not read: only the worker's can give it (an analyser that
    // parsed the text again here would pass with the worker's true outline).
    const last = computed.outline.headings.length - 1;
    const posted = { ...computed, outline: { ...computed.outline, headings: computed.outline.headings.map((h, i) => (i === last ? { ...h, text: 'Told by the worker' } : h)) } };
    assert.notDeepStrictEqual(posted.outline, readOutline(LARGE));
    const set = setUp(() => ({ ok: true, ...structuredClone(posted) }));
    done = () => (set.analyzer.dispose(), set.restore());
    const review = await set.analyzer.analyse(document(LARGE) as never, SETTINGS);
    assert.deepEqual(set.started, [LARGE.length]);
    assert.equal(review.offThread, true);
    assert.deepStrictEqual(review.outline, posted.outline);
  });

  for (const [what, worker] of [
    ['a worker that cannot start', undefined],
    ['a worker that answers null', () => null],
    ['a worker whose outline makes no sense', () => ({ ok: true, result: { suggestions: [], numbers: [], openQuestions: [], combinations: [] }, outline: { headings: [], bodyStart: 0, lineCount: 0 } })],
  ] as const) {
    it(`${what}: analysed on this thread, with this thread's outline (readOutline of the document)`, async () => {
      const set = setUp(worker);
      done = () => (set.analyzer.dispose(), set.restore());
      const review = await set.analyzer.analyse(document(LARGE) as never, SETTINGS);
      assert.deepEqual(set.started, [LARGE.length], 'a worker was tried');
      assert.equal(review.offThread, undefined);
      assert.ok(review.result.suggestions.length > 0);
      assert.deepStrictEqual(review.outline, readOutline(LARGE));
      assert.equal(set.warnings.length, 1, set.warnings.join(' | '));
    });
  }
});

describe('DocumentAnalyzer tells the engine when it analyses only the first part of a document', function () {
  this.timeout(120_000);
  const engine = createSuggestEngine(fixtureCatalog());
  const COMMENT = '<!-- sdp-ignore: contention -->\nMore text here.\n';
  /** The limit, in characters, that cuts `text` inside its last sdp-ignore comment (before its `-->`). */
  const cutInComment = (text: string): number => text.lastIndexOf('<!-- sdp-ignore:') + '<!-- sdp-ignore: conten'.length;
  let done: (() => void) | undefined;
  afterEach(() => {
    done?.();
    done = undefined;
  });

  it('on this thread: a comment cut by the size limit is not reported as malformed; the same text as a whole document is', async () => {
    const text = SMALL + COMMENT;
    const maxChars = cutInComment(text);
    const set = setUp();
    done = () => (set.analyzer.dispose(), set.restore());
    const cut = await set.analyzer.analyse(document(text) as never, { ...SETTINGS, maxChars });
    assert.equal(cut.truncation?.analysedChars, maxChars);
    assert.equal(cut.result.malformedComments, undefined);
    const whole = await set.analyzer.analyse(document(text.slice(0, maxChars)) as never, SETTINGS);
    assert.equal(whole.truncation, undefined);
    assert.deepEqual(whole.result.malformedComments?.map((m) => m.kind), ['ignore-not-closed']);
  });

  it('off this thread: the worker\'s options say the text is a prefix when the document is over the limit, and only then', async () => {
    const text = LARGE + COMMENT;
    const maxChars = cutInComment(text);
    const jobs: SuggestOptions[] = [];
    const set = setUp((job) => (jobs.push(job.options), { ok: true, ...structuredClone(suggestWithOutline(engine, job.text, job.options)) }));
    done = () => (set.analyzer.dispose(), set.restore());
    const cut = await set.analyzer.analyse(document(text) as never, { ...SETTINGS, maxChars });
    assert.equal(cut.offThread, true);
    assert.equal(cut.result.malformedComments, undefined);
    const whole = await set.analyzer.analyse(document(text.slice(0, maxChars)) as never, SETTINGS);
    assert.equal(whole.offThread, true);
    assert.deepEqual(whole.result.malformedComments?.map((m) => m.kind), ['ignore-not-closed']);
    assert.deepEqual(jobs.map((o) => [o.maxChars, o.textIsPrefix]), [[maxChars, true], [maxChars, undefined]]);
  });
});
