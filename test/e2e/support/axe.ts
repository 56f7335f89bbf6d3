import { readFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import type { Workbench } from './workbench';

/**
 * Runs axe-core (the npm package, injected from node_modules) inside the active card's document
 * and returns its violations, one line each, so a failing assertion says what to fix.
 */
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

/** The card's own document: the inner frame of the webview (what `wb.card()` locates). */
export async function cardFrame(wb: Workbench): Promise<Frame> {
  const outer = await wb.page.locator('iframe.webview.ready').elementHandle();
  const outerFrame = await outer?.contentFrame();
  const inner = await outerFrame?.locator('#active-frame').elementHandle();
  const frame = await inner?.contentFrame();
  if (!frame) throw new Error('no card webview frame is open');
  return frame;
}

export async function axeViolations(wb: Workbench): Promise<AxeViolation[]> {
  const frame = await cardFrame(wb);
  // Evaluated through the debugging protocol, which the webview's CSP does not apply to.
  if (!(await frame.evaluate('typeof window.axe === "object"'))) await frame.evaluate(axeSource);
  return frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
    }));
  });
}

export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.map((v) => `${v.impact ?? '?'} ${v.id}: ${v.help} (${v.targets.join(', ')})`).join('\n');
}
