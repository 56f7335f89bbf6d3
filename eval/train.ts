/**
 * `npx tsx eval/train.ts [--write]`: fits the suggest engine's learned decision (model.ts) on the
 * labelled eval sets, EXCEPT the newest held-out set (`HOLDOUT`, never trained on), and prints
 * leave-one-set-out cross-validation figures per set (compare with `npm run eval` for the rules' in-sample figures).
 *
 * - Relevance: one row per (design doc, pattern with evidence); label 1 when the labels name the
 *   pattern (primary only or any relevant pattern: chosen by cross-validation).
 * - Gate: one row per document with any evidence; label 1 for a design doc, 0 for a doc that
 *   needs no pattern. The gate reads the document's features and the top candidate's.
 * - The L2 penalty, the label mode, the ranking (learned or raw) and the gate threshold are chosen
 *   by leave-one-set-out cross-validation on the pooled out-of-fold predictions.
 * `--write` refits on all training sets with the chosen settings and writes
 * src/core/suggest/model.generated.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSuggestEngine, DEFAULTS, documentEvidence, pickPatterns } from '../src/core/suggest/engine';
import { documentFeatures, PATTERN_FEATURES, patternFeatures } from '../src/core/suggest/features';
import { decide, GATE_FEATURES, gateFeatures, selectGateFeatures, type DecisionInput, type LinearModel, type SuggestModel } from '../src/core/suggest/model';
import { loadRepoCatalog } from './catalog';
import { trainLogistic } from './logistic';
import { loadSet } from './sets';

export const TRAIN_SETS = ['dev', 'heldout', 'heldout2', 'heldout3', 'heldout4', 'quiet2', 'heldout5', 'heldout6', 'quiet'];
export const HOLDOUT = 'heldout7';
/** Document features added in round 7; `--no-register` trains the gate without them (the round-6 feature set). */
const REGISTER_FEATURES: readonly string[] = ['registerShare', 'coreShare'];
const GATE_NAMES = process.argv.includes('--no-register') ? GATE_FEATURES.filter((f) => !REGISTER_FEATURES.includes(f)) : [...GATE_FEATURES];

interface Example {
  readonly set: string;
  readonly name: string;
  /** Undefined for a document that needs no pattern. */
  readonly primary?: string;
  readonly relevant: readonly string[];
  readonly input: DecisionInput;
}

interface Settings { lambda: number; label: 'primary' | 'relevant'; ranking: 'learned' | 'raw'; relevanceThreshold: number }

function examples(): Example[] {
  const engine = createSuggestEngine(loadRepoCatalog());
  const out: Example[] = [];
  for (const set of TRAIN_SETS) {
    const s = loadSet(set)!;
    for (const d of [...s.docs, ...s.prompts]) out.push({ set, name: d.name, primary: d.primary, relevant: d.relevant, input: engine.analysis(d.text) });
    for (const q of s.quiet) out.push({ set, name: q.name, relevant: [], input: engine.analysis(q.text) });
  }
  return out;
}

function fit(train: readonly Example[], st: Settings): SuggestModel {
  const rx: number[][] = [], ry: number[] = [];
  for (const e of train) {
    if (!e.primary) continue;
    const scores = e.input.scores;
    for (let i = 0; i < scores.length; i++) {
      if (scores[i]!.raw <= 0) continue;
      rx.push(patternFeatures(scores, i, e.input.stats));
      ry.push((st.label === 'primary' ? scores[i]!.pattern === e.primary : e.relevant.includes(scores[i]!.pattern)) ? 1 : 0);
    }
  }
  const relevance = trainLogistic(PATTERN_FEATURES, rx, ry, { lambda: st.lambda });
  const partial: SuggestModel = { relevance, gate: placeholderGate(), gateThreshold: 0, relevanceThreshold: st.relevanceThreshold, ranking: st.ranking };
  const gx: number[][] = [], gy: number[] = [];
  for (const e of train) {
    const x = gateRow(e.input, partial);
    if (!x) continue;
    gx.push(x);
    gy.push(e.primary ? 1 : 0);
  }
  // Balance the two classes so the threshold, not the class sizes of the training sets, sets the trade-off.
  const pos = gy.filter((v) => v === 1).length, neg = gy.length - pos;
  const rowWeights = gy.map((v) => (v === 1 ? gy.length / (2 * pos) : gy.length / (2 * neg)));
  const gate = trainLogistic(GATE_NAMES, gx, gy, { lambda: st.lambda, rowWeights });
  return { ...partial, gate };
}

function placeholderGate(): LinearModel {
  const n = GATE_NAMES.length;
  return { features: GATE_NAMES, mean: new Array(n).fill(0), scale: new Array(n).fill(1), weights: new Array(n).fill(0), bias: 0 };
}

/** The gate's input for a document, as `decide` computes it; undefined when no pattern has evidence. */
function gateRow(input: DecisionInput, model: SuggestModel): number[] | undefined {
  const ranked = decide(input, { ...model, gateThreshold: Infinity }).ranked;
  const top = ranked[0];
  if (!top) return undefined;
  const index = input.scores.indexOf(top.score);
  const full = gateFeatures(documentFeatures(input.stats, input.facts, input.findings, input.scores), patternFeatures(input.scores, index, input.stats), top.relevance);
  return selectGateFeatures(model.gate, full);
}

interface Outcome { readonly e: Example; readonly gate: number; readonly ranked: readonly string[] }

function outcome(e: Example, model: SuggestModel): Outcome {
  const d = decide(e.input, { ...model, gateThreshold: -1 });
  // What the engine shows when the gate lets the document through: the top candidate and the others past the relevance threshold.
  return { e, gate: d.picked.length > 0 ? d.gate : -1, ranked: d.picked.map((r) => r.score.pattern) };
}

interface Figures { designs: number; top1: number; top3: number; quietDocs: number; quiet: number }

function figures(outs: readonly Outcome[], threshold: number): Figures {
  const f = { designs: 0, top1: 0, top3: 0, quietDocs: 0, quiet: 0 };
  for (const o of outs) {
    const speaks = o.gate >= threshold && o.ranked.length > 0;
    if (o.e.primary) {
      f.designs++;
      const pos = speaks ? o.ranked.indexOf(o.e.primary) : -1;
      if (pos === 0) f.top1++;
      if (pos >= 0 && pos < 3) f.top3++;
    } else {
      f.quietDocs++;
      if (!speaks) f.quiet++;
    }
  }
  return f;
}

/** Sum of the slack over the bar (top-1 90%, top-3 96%, quiet 75%), each in units of its allowance. */
function utility(f: Figures): number {
  return (f.top1 / f.designs - 0.9) / 0.1 + (f.top3 / f.designs - 0.96) / 0.04 + (f.quiet / f.quietDocs - 0.75) / 0.25;
}

function bestThreshold(outs: readonly Outcome[]): { threshold: number; utility: number } {
  let best = { threshold: 0.5, utility: -Infinity };
  for (let t = 0.05; t <= 0.951; t += 0.025) {
    const u = utility(figures(outs, t));
    if (u > best.utility + 1e-9) best = { threshold: Math.round(t * 1000) / 1000, utility: u };
  }
  return best;
}

function crossValidate(all: readonly Example[], st: Settings): Outcome[] {
  const outs: Outcome[] = [];
  for (const held of TRAIN_SETS) {
    const model = fit(all.filter((e) => e.set !== held), st);
    for (const e of all.filter((x) => x.set === held)) outs.push(outcome(e, model));
  }
  return outs;
}

const pct = (a: number, b: number): string => (b === 0 ? '   -' : `${((100 * a) / b).toFixed(0).padStart(3)}%`);
function line(label: string, f: Figures): string {
  return `${label.padEnd(10)} designs ${String(f.designs).padStart(3)}  top1 ${pct(f.top1, f.designs)}  top3 ${pct(f.top3, f.designs)}` +
    `   quiet docs ${String(f.quietDocs).padStart(2)}  quiet ${pct(f.quiet, f.quietDocs)}`;
}

function main(): void {
  const all = examples();
  const grid: Settings[] = [];
  for (const lambda of [0.003, 0.01, 0.03, 0.1, 0.3, 1]) {
    for (const label of ['primary', 'relevant'] as const) {
      for (const ranking of ['learned', 'raw'] as const) for (const relevanceThreshold of [0.05, 0.15, 0.3]) grid.push({ lambda, label, ranking, relevanceThreshold });
    }
  }
  let best: { st: Settings; threshold: number; utility: number; outs: Outcome[] } | undefined;
  for (const st of grid) {
    const outs = crossValidate(all, st);
    const b = bestThreshold(outs);
    const f = figures(outs, b.threshold);
    console.log(`cv lambda ${String(st.lambda).padEnd(5)} ${st.label.padEnd(8)} ${st.ranking.padEnd(7)} rel ${st.relevanceThreshold.toFixed(2)} t=${b.threshold.toFixed(3)} utility ${b.utility.toFixed(2)}  ${line('pooled', f)}`);
    if (!best || b.utility > best.utility + 1e-9) best = { st, ...b, outs };
  }
  const chosen = best!;
  console.log(`\nchosen: lambda ${chosen.st.lambda}, label ${chosen.st.label}, ranking ${chosen.st.ranking}, relevance threshold ${chosen.st.relevanceThreshold}, gate threshold ${chosen.threshold}`);
  console.log('\nleave-one-set-out CV of the learned decision, per held-out fold:');
  for (const set of TRAIN_SETS) console.log(line(set, figures(chosen.outs.filter((o) => o.e.set === set), chosen.threshold)));
  console.log(line('pooled', figures(chosen.outs, chosen.threshold)));
  // The previous hand rule and two combinations with the cross-validated model, over the same documents.
  const rulesOf = new Map(chosen.outs.map((o) => [o, pickPatterns(o.e.input.scores, DEFAULTS.minScore, false, documentEvidence(o.e.input.facts)).map((s) => s.pattern)]));
  const variants: [string, (o: Outcome) => Outcome][] = [
    ['rules', (o) => ({ e: o.e, gate: 1, ranked: rulesOf.get(o)! })],
    ['rules-gate+model-rank', (o) => ({ e: o.e, gate: rulesOf.get(o)!.length > 0 ? 1 : -1, ranked: o.ranked })],
    ['both-gates', (o) => ({ ...o, gate: rulesOf.get(o)!.length > 0 ? o.gate : -1 })],
  ];
  for (const [name, make] of variants) {
    const outs = chosen.outs.map(make);
    const t = name === 'both-gates' ? chosen.threshold : 0.5;
    console.log(`\n${name}:`);
    for (const set of TRAIN_SETS) console.log(line(set, figures(outs.filter((o) => o.e.set === set), t)));
    console.log(line('pooled', figures(outs, t)));
  }
  if (process.argv.includes('--verbose')) {
    for (const o of chosen.outs) {
      const speaks = o.gate >= chosen.threshold;
      if (o.e.primary ? !(speaks && o.ranked[0] === o.e.primary) : speaks) {
        console.log(`  ${o.e.primary ? 'MISS ' : 'NOISY'} ${o.e.set}/${o.e.name.slice(0, 40)} want ${o.e.primary ?? '-'} gate ${o.gate.toFixed(2)} got [${o.ranked.slice(0, 3).join(', ')}]`);
      }
    }
  }
  const jsonAt = process.argv.indexOf('--json');
  if (jsonAt >= 0) {
    // The refitted model as JSON (for comparing candidates with eval/holdout.ts --model), without touching the engine.
    writeFileSync(process.argv[jsonAt + 1]!, JSON.stringify({ ...fit(all, chosen.st), gateThreshold: chosen.threshold }));
  }
  if (process.argv.includes('--write')) {
    const model = { ...fit(all, chosen.st), gateThreshold: chosen.threshold };
    const header = `// Generated by \`npx tsx eval/train.ts --write\` (eval/train.ts): logistic regressions fitted on the eval sets\n` +
      `// ${TRAIN_SETS.join(', ')} (not ${HOLDOUT}); settings chosen by leave-one-set-out cross-validation:\n` +
      `// lambda ${chosen.st.lambda}, label ${chosen.st.label}, ranking ${chosen.st.ranking}, relevance threshold ${chosen.st.relevanceThreshold},\n` +
      `// gate threshold ${chosen.threshold}. Do not edit by hand.\n`;
    const body = `import type { SuggestModel } from './model';\n\nexport const MODEL: SuggestModel = ${JSON.stringify(model, null, 1)};\n`;
    writeFileSync(join(__dirname, '..', 'src', 'core', 'suggest', 'model.generated.ts'), header + body);
    console.log('wrote src/core/suggest/model.generated.ts');
  }
}

if (require.main === module) main();
