/**
 * The Get Started walkthrough's title and step titles in English, as the manifest declares them:
 * package.json's `%key%` strings looked up in package.nls.json. The UI specs compare what VS Code
 * shows with these, so a step renamed or added in the manifest needs no second edit here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..');
const WALKTHROUGH_ID = 'getStarted';

export function walkthroughTexts(): { title: string; steps: string[] } {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { walkthroughs: { id: string; title: string; steps: { title: string }[] }[] };
  };
  const nls = JSON.parse(readFileSync(join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const text = (value: string): string => {
    const key = /^%(.+)%$/.exec(value)?.[1];
    if (key === undefined) return value;
    const english = nls[key];
    if (english === undefined) throw new Error(`package.nls.json has no ${key}`);
    return english;
  };
  const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === WALKTHROUGH_ID);
  if (!walkthrough) throw new Error(`package.json declares no ${WALKTHROUGH_ID} walkthrough`);
  return { title: text(walkthrough.title), steps: walkthrough.steps.map((s) => text(s.title)) };
}
