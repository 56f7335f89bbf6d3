import assert from 'node:assert/strict';
import { loadRepoCatalog } from '../../../eval/catalog';
import type { Catalog } from '../../../src/core/catalog/model';
import { suggestCommand } from '../../../src/cli/suggest';
import { capturedIO } from './capturedIO';
import type { SarifLog } from '../../../src/core/review/sarif';

/**
 * An sdp-todo marker naming a real question keeps it open only when the review asks that question
 * of the document: otherwise `sdp suggest` says so, and why, rather than keeping nothing open in silence.
 */
describe('sdp suggest: an sdp-todo marker that keeps nothing open', () => {
  let catalog: Catalog;
  before(() => { catalog = loadRepoCatalog(); });

  const SEATS = '# Seat booking\n\nTwo million fans compete for 50,000 seats in the flash sale. We must never double-book a seat; the last seat goes to one buyer.\n\n';
  const MARKER = '## Deadlocks\n\n<!-- sdp-todo: contention/deadlocks -->\n\nMore text.\n';
  // The deadlock question is about Pessimistic Locking: asked only when the document relies on it.
  const LOCKING = 'Each seat row is locked with SELECT FOR UPDATE (pessimistic locking) while the order is written.\n\n';

  const run = async (doc: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    const io = capturedIO(doc);
    const code = await suggestCommand(['-', ...args], io, catalog);
    return { code, stdout: io.stdout, stderr: io.stderr };
  };

  it('the document never names the solution the question is about: the text says which, at the marker', async () => {
    const { code, stdout, stderr } = await run(SEATS + MARKER);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Findings:\n(.*\n)* {2}7:1 {2}warning {2}This sdp-todo marker \("contention\/deadlocks"\) keeps no question open: the question is asked only when the document relies on Pessimistic Locking, which it never names: name the one you use, or delete the marker\./);
    assert.equal(stdout.match(/contention\/deadlocks"\) keeps no question open/g)?.length, 1, 'said once, among the findings');
    const json = JSON.parse((await run(SEATS + MARKER, '--json')).stdout) as { idleTodos?: unknown };
    assert.deepEqual(json.idleTodos, [{ id: 'contention/deadlocks', text: '<!-- sdp-todo: contention/deadlocks', line: 7, column: 1, reason: 'solution-not-named', solutions: ['contention/pessimistic-locking'], solutionTitles: ['Pessimistic Locking'] }]);
  });

  it('once the document relies on it, the marker keeps the question open and nothing is said', async () => {
    const { stdout } = await run(SEATS + LOCKING + MARKER);
    assert.doesNotMatch(stdout, /keeps no question open/);
    assert.match(stdout, /\[contention\] .*deadlock/i);
    assert.ok(!('idleTodos' in (JSON.parse((await run(SEATS + LOCKING + MARKER, '--json')).stdout) as object)));
  });

  it('an sdp-ignore comment naming the same question wins, and the marker is told so', async () => {
    const { stdout } = await run(`${SEATS}${LOCKING}<!-- sdp-ignore: contention/deadlocks -->\n\n${MARKER}`);
    assert.match(stdout, /sdp-todo marker \("contention\/deadlocks"\) keeps no question open: an sdp-ignore comment names the same question/);
  });

  it('ignoring the same question under its other id, or its pattern, is told as ignoring (not as a question never asked)', async () => {
    // The lock-holder check replaces the distributed-locks deep dive: one question under two ids.
    const locks = `${SEATS}${LOCKING}<!-- sdp-ignore: contention/check-lock-holder-dies -->\n\n<!-- sdp-todo: contention/distributed-locks -->\n`;
    assert.deepEqual((JSON.parse((await run(locks, '--json')).stdout) as { idleTodos?: unknown }).idleTodos, [{ id: 'contention/distributed-locks', text: '<!-- sdp-todo: contention/distributed-locks', line: 9, column: 1, reason: 'ignored' }]);
    const pattern = `${SEATS}${LOCKING}<!-- sdp-ignore: contention -->\n\n${MARKER}`;
    assert.match((await run(pattern)).stdout, /sdp-todo marker \("contention\/deadlocks"\) keeps no question open: an sdp-ignore comment names the same question .*or its pattern/);
  });

  it('SARIF: a warning under the rule idle-todo at the marker\'s opener and id, saying why and what to do; --fail-on warning fails on it', async () => {
    const doc = SEATS + MARKER;
    const { code, stdout } = await run(doc, '--format', 'sarif', '--fail-on', 'warning');
    const run0 = (JSON.parse(stdout) as SarifLog).runs[0]!;
    const rule = run0.tool.driver.rules.find((r) => r.id === 'idle-todo');
    assert.ok(rule, 'the driver lists the rule');
    assert.equal(rule.defaultConfiguration.level, 'warning');
    assert.match(rule.fullDescription.text, /delete the marker/);
    const results = run0.results.filter((r) => r.ruleId === 'idle-todo');
    assert.equal(results.length, 1);
    const result = results[0]!;
    assert.equal(result.level, 'warning');
    assert.equal(run0.tool.driver.rules[result.ruleIndex]!.id, 'idle-todo');
    assert.match(result.message.text, /^This sdp-todo marker \("contention\/deadlocks"\) keeps no question open: the question is asked only when the document relies on Pessimistic Locking, which it never names: name the one you use, or delete the marker\.$/);
    const region = result.locations[0]!.physicalLocation.region;
    assert.deepEqual([region.startLine, region.startColumn, region.endLine], [7, 1, 7]);
    assert.equal(doc.split('\n')[6]!.slice(region.startColumn - 1, region.endColumn - 1), '<!-- sdp-todo: contention/deadlocks');
    assert.equal(code, 1, 'a marker that keeps nothing open is a warning');
    // Once the document relies on the solution, the marker holds its question: no such result.
    const held = JSON.parse((await run(SEATS + LOCKING + MARKER, '--format', 'sarif')).stdout) as SarifLog;
    assert.deepEqual(held.runs[0]!.results.filter((r) => r.ruleId === 'idle-todo'), []);
  });

  it('a document the pattern is not suggested for (no suggestion at all): the marker is still reported', async () => {
    const { stdout } = await run(`# Notes\n\nA short note about our team's lunch plans.\n\n${MARKER}`);
    assert.match(stdout, /No pattern suggested/);
    assert.match(stdout, /7:1 {2}warning {2}This sdp-todo marker \("contention\/deadlocks"\) keeps no question open: the question is asked only under Dealing with Contention, which the review is not sure this document needs/);
    const json = JSON.parse((await run(`# Notes\n\nA short note about our team's lunch plans.\n\n${MARKER}`, '--json')).stdout) as { idleTodos?: unknown };
    assert.deepEqual(json.idleTodos, [{ id: 'contention/deadlocks', text: '<!-- sdp-todo: contention/deadlocks', line: 7, column: 1, reason: 'pattern-not-suggested', patterns: ['contention'], patternTitles: ['Dealing with Contention'] }], 'ids, as a suggestion names patterns, and their titles');
  });
});
