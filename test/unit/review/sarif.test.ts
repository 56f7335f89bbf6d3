import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { artifactUri, suggestCommand, suggestHelp } from '../../../src/cli/suggest';
import { buildSarif, failsAt, type SarifLog } from '../../../src/core/review/sarif';
import { CHECKS } from '../../../src/core/suggest/lexicon';
import { capturedIO } from '../cli/capturedIO';
import { SHARDED_INGEST } from '../suggest/designCheckDocs';
import { realEngine } from './shared';

const repoRoot = join(__dirname, '..', '..', '..');
/** The OASIS SARIF 2.1.0 schema (JSON Schema draft-04), as @microsoft/jest-sarif ships it. */
const SCHEMA_FILE = join(repoRoot, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

function validator(): (log: unknown) => string[] {
  // The schema's `language` pattern has a stray "]" that only a non-unicode RegExp accepts.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

async function sarifOf(file: string, extra: string[] = []): Promise<{ code: number; log: SarifLog; stderr: string }> {
  const io = capturedIO();
  const code = await suggestCommand([file, '--format', 'sarif', ...extra], io, realEngine().catalog);
  return { code, log: JSON.parse(io.stdout) as SarifLog, stderr: io.stderr };
}

/** The CLI's levels (src/cli/suggest.ts). */
const LEVELS = { question: 'note', capacity: 'warning', 'unknown-id': 'warning', 'malformed-comment': 'warning', 'idle-todo': 'warning' } as const;

describe('SARIF output (sdp suggest --format sarif)', () => {
  const validate = validator();

  it('the validator rejects what is not SARIF (so a pass means something)', () => {
    assert.notDeepEqual(validate({ version: '2.1.0', runs: [{ results: [] }] }), []);
    assert.notDeepEqual(validate({ version: '2.0.0', runs: [] }), []);
  });

  it('the sample doc validates against the SARIF 2.1.0 schema, one rule per pattern and per deep dive, one result per finding', async () => {
    const { code, log } = await sarifOf(join(repoRoot, 'examples', 'ticket-booking-design.md'));
    assert.equal(code, 0, 'no --fail-on: success');
    assert.deepEqual(validate(log), []);
    const run = log.runs[0]!;
    const { catalog } = realEngine();
    const patterns = [...catalog.byId.values()].filter((n) => n.kind === 'pattern').map((n) => n.id);
    const deepDives = [...catalog.byId.values()].filter((n) => n.kind === 'deep-dive' && n.question).map((n) => n.id);
    assert.deepEqual(run.tool.driver.rules.map((r) => r.id).sort(), [...patterns, ...deepDives, ...CHECKS.map((c) => c.id), 'unknown-id', 'malformed-comment', 'idle-todo'].sort());
    const lines = readFileSync(join(repoRoot, 'examples', 'ticket-booking-design.md'), 'utf8').split('\n');
    const warning = run.results.find((r) => r.level === 'warning')!;
    assert.equal(warning.ruleId, 'contention');
    assert.equal(run.tool.driver.rules[warning.ruleIndex]!.id, 'contention');
    const region = warning.locations[0]!.physicalLocation.region;
    assert.equal(lines[region.startLine - 1]!.slice(region.startColumn - 1, region.endColumn - 1), '50,000 seats');
    const notes = run.results.filter((r) => r.level === 'note');
    assert.ok(notes.length >= 1);
    for (const n of notes) assert.ok(deepDives.includes(n.ruleId));
  });

  it('a design check the engine asks is a result too, under its own rule (a check id names no catalog node)', async () => {
    const doc = SHARDED_INGEST;
    const asked = realEngine().engine.suggest(doc).openQuestions.filter((q) => q.id.includes('/check-'));
    assert.ok(asked.length > 0, 'the document gets a design check');
    const io = capturedIO(doc);
    await suggestCommand(['-', '--format', 'sarif'], io, realEngine().catalog);
    const log = JSON.parse(io.stdout) as SarifLog;
    assert.deepEqual(validate(log), []);
    const run = log.runs[0]!;
    for (const q of asked) {
      const result = run.results.find((r) => r.ruleId === q.id);
      assert.ok(result, `${q.id} is in the log`);
      assert.equal(result.level, 'note');
      const rule = run.tool.driver.rules[result.ruleIndex]!;
      assert.deepEqual([rule.id, rule.shortDescription.text, rule.fullDescription.text], [q.id, q.title, q.question]);
      assert.equal(result.locations[0]!.physicalLocation.region.startLine, q.line);
    }
  });

  it('--fail-on sets the exit status: warning fails on a figure past a limit, note fails on a question', async () => {
    const file = join(repoRoot, 'examples', 'ticket-booking-design.md');
    const warning = await sarifOf(file, ['--fail-on', 'warning']);
    assert.equal(warning.code, 1);
    assert.match(warning.stderr, /--fail-on warning/);
    assert.equal((await sarifOf(file, ['--fail-on', 'note'])).code, 1);
    assert.equal((await sarifOf(file, ['--fail-on', 'none'])).code, 0);
    const chat = await sarifOf(join(repoRoot, 'examples', 'chat-app-design.md'), ['--fail-on', 'warning']);
    assert.deepEqual(validate(chat.log), []);
    assert.equal(chat.code, chat.log.runs[0]!.results.some((r) => r.level === 'warning') ? 1 : 0);
  });

  it('a document with no design content: valid SARIF with no results, exit 0 even with --fail-on note', async () => {
    const { engine } = realEngine();
    const log = buildSarif({ artifacts: [{ uri: 'notes.md', findings: [] }], rules: [], levels: LEVELS, toolVersion: '0.1.0' });
    assert.deepEqual(validate(log), []);
    assert.equal(failsAt(log, 'note'), false);
    assert.equal(engine.suggest('# Release notes\n\nThe button is blue now.\n').suggestions.length, 0);
  });

  it('a finding whose rule was not listed is still reported, under a rule made from it (nothing drops out unseen)', () => {
    const finding = {
      kind: 'question' as const, ruleId: 'contention/check-new-kind', range: { startLine: 2, startCharacter: 0, endLine: 2, endCharacter: 4 },
      message: 'Dealing with Contention: who releases it?', pattern: 'contention', patternTitle: 'Dealing with Contention',
      cardId: 'contention/distributed-locks', cardTitle: 'Distributed locks at scale', question: 'Who releases it?', questionTitle: 'Release',
    };
    const log = buildSarif({ artifacts: [{ uri: 'doc.md', findings: [finding, { ...finding, range: { ...finding.range, startLine: 5, endLine: 5 } }] }], rules: [], levels: LEVELS, toolVersion: '0.1.0' });
    assert.deepEqual(validate(log), []);
    const run = log.runs[0]!;
    assert.deepEqual(run.results.map((r) => [r.ruleId, r.ruleIndex, r.locations[0]!.physicalLocation.region.startLine]), [['contention/check-new-kind', 0, 3], ['contention/check-new-kind', 0, 6]]);
    assert.deepEqual(run.tool.driver.rules.map((r) => [r.id, r.shortDescription.text, r.fullDescription.text]), [['contention/check-new-kind', 'Release', 'Who releases it?']]);
    // A figure past a limit under a pattern nobody listed: its rule is the pattern, by title, not one finding's message.
    const capacity = { ...finding, kind: 'capacity' as const, ruleId: 'contention', message: '2 million fans for 50,000 seats', question: undefined, questionTitle: undefined };
    const withCapacity = buildSarif({ artifacts: [{ uri: 'doc.md', findings: [capacity] }], rules: [], levels: LEVELS, toolVersion: '0.1.0' });
    assert.deepEqual(validate(withCapacity), []);
    assert.deepEqual(withCapacity.runs[0]!.tool.driver.rules.map((r) => [r.id, r.shortDescription.text, r.fullDescription.text]), [['contention', 'Dealing with Contention', 'Dealing with Contention']]);
    assert.equal(withCapacity.runs[0]!.results[0]!.level, 'warning');
  });

  it('a word a review comment names that is no id: a warning under its own rule (unknown-id) at the word, valid SARIF, also with nothing suggested', async () => {
    const doc = '# Seat booking\n<!-- sdp-ignore: contention, CONTENSION -->\n\nTwo million fans compete for 50,000 seats.\n';
    const io = capturedIO(doc);
    const code = await suggestCommand(['-', '--format', 'sarif', '--fail-on', 'warning'], io, realEngine().catalog);
    assert.equal(code, 1, 'a warning fails --fail-on warning');
    const log = JSON.parse(io.stdout) as SarifLog;
    assert.deepEqual(validate(log), []);
    const run = log.runs[0]!;
    assert.deepEqual(run.results.map((r) => [r.ruleId, r.level]), [['unknown-id', 'warning']]);
    const [result] = run.results;
    const rule = run.tool.driver.rules[result!.ruleIndex]!;
    assert.deepEqual([rule.id, rule.defaultConfiguration.level, rule.properties.tags], ['unknown-id', 'warning', ['design-review', 'review-comment']]);
    assert.deepEqual(result!.locations[0]!.physicalLocation.region, { startLine: 2, startColumn: 30, endLine: 2, endColumn: 40 });
    assert.equal(doc.split('\n')[1]!.slice(29, 39), 'CONTENSION');
    assert.match(result!.message.text, /^"CONTENSION" is not a pattern, deep-dive or design-check id, .* Did you mean "contention"\?$/);
    // A run that lists no rules still reports it, under the same rule.
    const unlisted = buildSarif({
      artifacts: [{ uri: 'doc.md', findings: [{ kind: 'unknown-id', ruleId: 'unknown-id', range: { startLine: 1, startCharacter: 29, endLine: 1, endCharacter: 39 }, message: 'm', unknown: { id: 'contension', text: 'CONTENSION', line: 2, column: 30, comment: 'sdp-ignore' } }] }],
      rules: [], levels: LEVELS, toolVersion: '0.1.0',
    });
    assert.deepEqual(validate(unlisted), []);
    assert.deepEqual(unlisted.runs[0]!.tool.driver.rules.map((r) => r.id), ['unknown-id']);
  });

  it('a review comment that does nothing (not closed on its line, a marker naming nothing): a warning under malformed-comment at its opener', async () => {
    const doc = '# Seat booking\n<!-- sdp-ignore: contention,\nscaling-reads -->\n\n<!--  SDP-TODO:\ncontention/distributed-locks\n-->\nTwo million fans compete for 50,000 seats.\n';
    const io = capturedIO(doc);
    assert.equal(await suggestCommand(['-', '--format', 'sarif', '--fail-on', 'warning'], io, realEngine().catalog), 1);
    const log = JSON.parse(io.stdout) as SarifLog;
    assert.deepEqual(validate(log), []);
    const run = log.runs[0]!;
    assert.deepEqual(run.results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.region]), [
      ['malformed-comment', 'warning', { startLine: 2, startColumn: 1, endLine: 2, endColumn: 17 }],
      ['malformed-comment', 'warning', { startLine: 5, startColumn: 1, endLine: 5, endColumn: 16 }],
    ]);
    const rule = run.tool.driver.rules[run.results[0]!.ruleIndex]!;
    assert.deepEqual([rule.id, rule.defaultConfiguration.level, rule.properties.tags], ['malformed-comment', 'warning', ['design-review', 'review-comment']]);
    // The rule names each form, the comment before a marker's id too (todo-comment-before-id).
    assert.match(rule.fullDescription.text, /another comment \(<!--\) right after its colon, before its id/);
    assert.match(run.results[0]!.message.text, /sdp-ignore comment has no "-->" after it on the line where it starts/);
    assert.match(run.results[1]!.message.text, /sdp-todo marker names no deep dive or design check/);
  });

  it('several files make one run with one artifact each; results point at their own file', async () => {
    const files = ['ticket-booking-design.md', 'chat-app-design.md'].map((f) => join(repoRoot, 'examples', f));
    const io = capturedIO();
    assert.equal(await suggestCommand([...files, '--format', 'sarif'], io, realEngine().catalog), 0);
    const log = JSON.parse(io.stdout) as SarifLog;
    assert.deepEqual(validate(log), []);
    assert.equal(log.runs.length, 1);
    assert.deepEqual(log.runs[0]!.artifacts.map((a) => a.location.uri), files.map((f) => `file://${f}`));
    const indexes = new Set(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.index));
    assert.deepEqual([...indexes].sort(), [0, 1], 'both files have findings');
    const text = capturedIO();
    assert.equal(await suggestCommand([...files], text, realEngine().catalog), 2);
    assert.match(text.stderr, /only --format sarif takes several/);
  });

  it('several files, one unreadable and one binary: the others keep their results, the two are named in the log, exit 2', async () => {
    const good = join(repoRoot, 'examples', 'ticket-booking-design.md');
    const missing = join(repoRoot, 'examples', 'no-such-design.md');
    const binary = join(repoRoot, 'docs', 'images', 'in-document-hover.png');
    const io = capturedIO();
    assert.equal(await suggestCommand([missing, good, binary, '--format', 'sarif', '--fail-on', 'note'], io, realEngine().catalog), 2);
    const log = JSON.parse(io.stdout) as SarifLog;
    assert.deepEqual(validate(log), []);
    const run = log.runs[0]! as SarifLog['runs'][number] & { invocations?: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.deepEqual(run.artifacts.map((a) => a.location.uri), [`file://${good}`]);
    assert.ok(run.results.length > 0 && run.results.every((r) => r.locations[0]!.physicalLocation.artifactLocation.index === 0));
    assert.equal(run.invocations?.[0]?.executionSuccessful, false);
    const notes = run.invocations![0]!.toolExecutionNotifications;
    assert.deepEqual(notes.map((n) => n.locations[0]!.physicalLocation.artifactLocation.uri), [`file://${missing}`, `file://${binary}`]);
    assert.match(notes[0]!.message.text, /cannot read .*no such file/);
    assert.match(notes[1]!.message.text, /looks like binary data/);
    assert.match(io.stderr, /cannot read/);
    // Other formats still stop at the first file they cannot read.
    const text = capturedIO();
    assert.equal(await suggestCommand([missing], text, realEngine().catalog), 2);
    assert.equal(text.stdout, '');
  });
  it('records deep dives turned off: the flag on the invocation, each file\'s own record (flag or comment) on its artifact; still valid SARIF', async () => {
    const off = '<!-- sdp-ignore: deep-dives -->';
    const files = ['ticket-booking-design.md', 'chat-app-design.md'].map((f) => join(repoRoot, 'examples', f));
    type Run = SarifLog['runs'][number] & { invocations?: { executionSuccessful: boolean; properties?: Record<string, unknown>; toolExecutionNotifications?: unknown[] }[] };
    const run = async (args: string[], stdin = ''): Promise<Run> => {
      const io = capturedIO(stdin);
      assert.equal(await suggestCommand([...args, '--format', 'sarif'], io, realEngine().catalog), 0);
      const log = JSON.parse(io.stdout) as SarifLog;
      assert.deepEqual(validate(log), []);
      return log.runs[0]! as Run;
    };
    const on = await run(files);
    assert.equal(on.invocations, undefined, 'deep dives on: no invocation, no property');
    assert.ok(on.artifacts.every((a) => !('properties' in a)));
    const flag = await run([...files, '--no-deep-dives']);
    assert.deepEqual(flag.invocations, [{ executionSuccessful: true, properties: { deepDives: false } }]);
    for (const a of flag.artifacts as unknown as { properties?: { deepDivesOff?: { by: string[]; questionsWithDeepDives: number; deepDivesNotAsked: number } } }[]) {
      assert.deepEqual(a.properties?.deepDivesOff?.by, ['flag']);
      assert.ok(a.properties.deepDivesOff.questionsWithDeepDives > 0);
    }
    // The comment in one document: that file's artifact says so, and the run has no invocation property.
    const commented = readFileSync(files[1]!, 'utf8').replace('\n', `\n${off}\n`);
    const byComment = await run(['-'], commented);
    assert.equal(byComment.invocations, undefined);
    assert.deepEqual((byComment.artifacts[0] as { properties?: unknown }).properties, { deepDivesOff: { by: ['comment'], questionsWithDeepDives: 2, deepDivesNotAsked: 2 } });
    assert.ok(byComment.results.every((r) => r.ruleId.includes('/check-') || !r.ruleId.includes('/')), 'no deep dive is a result');
  });
  it('a relative path stays a relative URI reference with forward slashes', () => {
    assert.equal(artifactUri('./docs/design/My Doc.md'), 'docs/design/My%20Doc.md');
    assert.equal(artifactUri('docs\\rfc.md'), 'docs/rfc.md');
    assert.equal(artifactUri('/abs/x.md'), 'file:///abs/x.md');
  });

  it('a wrong --format or --fail-on value is a usage error (exit 2) that lists the choices', async () => {
    const io = capturedIO();
    assert.equal(await suggestCommand(['x.md', '--format', 'xml'], io, realEngine().catalog), 2);
    assert.match(io.stderr, /--format takes one of text, json, sarif, got "xml"/);
    const io2 = capturedIO();
    assert.equal(await suggestCommand(['x.md', '--fail-on'], io2, realEngine().catalog), 2);
    assert.match(io2.stderr, /--fail-on takes one of none, note, warning, error, got ""/);
  });

  it('--fail-on error is accepted, reviews, and exits 0 with a warning on stderr: no finding is an error, so it never fails', async () => {
    const file = join(repoRoot, 'examples', 'ticket-booking-design.md');
    const atWarning = capturedIO();
    assert.equal(await suggestCommand([file, '--format', 'sarif', '--fail-on', 'warning'], atWarning, realEngine().catalog), 1, 'the document has warnings, so --fail-on warning fails');
    const io = capturedIO();
    assert.equal(await suggestCommand([file, '--format', 'sarif', '--fail-on', 'error'], io, realEngine().catalog), 0);
    assert.equal(io.stdout, atWarning.stdout, 'the same log is written');
    assert.match(io.stderr, /warning: --fail-on error never fails: no finding of sdp suggest is at level "error".*use --fail-on warning or --fail-on note/);
    const quiet = capturedIO();
    assert.equal(await suggestCommand([file, '--format', 'sarif', '--fail-on', 'warning'], quiet, realEngine().catalog), 1);
    assert.doesNotMatch(quiet.stderr, /never fails/, 'no warning for a level findings have');
    const overridden = capturedIO();
    assert.equal(await suggestCommand([file, '--format', 'sarif', '--fail-on', 'error', '--fail-on', 'warning'], overridden, realEngine().catalog), 1);
    assert.doesNotMatch(overridden.stderr, /never fails/, 'the last --fail-on applies, and it fails');
    assert.match(suggestHelp('', 20), /neither does error, since no finding is an error/);
  });
});
