/**
 * The generated design doc of the bench: a few seed documents repeated, each copy's lines with a
 * different suffix so lines do not repeat verbatim (real documents rarely do), which would flatter
 * the line cache.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FILLER = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike',
  'november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra', 'tango', 'uniform', 'victor', 'whiskey', 'xray', 'yankee', 'zulu',
  'amber', 'basil', 'cedar', 'dune', 'ember', 'fern', 'grove', 'heath', 'iris', 'jade', 'kelp', 'linden', 'maple', 'nettle'];

/** A template's guidance, as design-doc templates keep it: a comment under each section's heading. */
const GUIDANCE = '<!--\nGuidance: say what this section decides, the load it must carry, and what happens when a part of it fails.\nDelete this comment once the section is written.\n-->';

/** `withComments`: a guidance comment under each section's heading (the engine blanks it before reading). */
export function generateDoc(targetChars: number, withComments = false): string {
  const dir = join(__dirname, '..', 'test', 'fixtures', 'eval');
  const seeds = ['dev/docs/primer-twitter.md', 'dev/docs/primer-mint.md', 'heldout/docs/export-service.md', 'quiet/npm-chalk.md']
    .map((f) => readFileSync(join(dir, f), 'utf8').split('\n'));
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < targetChars; i++) {
    const copy = Math.floor(i / seeds.length);
    const suffix = ` ${FILLER[copy % FILLER.length]} ${FILLER[Math.floor(copy / FILLER.length) % FILLER.length]}`;
    const lines = seeds[i % seeds.length]!.map((l) => (l.trim() === '' || l.trimStart().startsWith('```') ? l : l + suffix));
    const s = `\n## Section ${i}\n\n${withComments ? `${GUIDANCE}\n\n` : ''}${lines.join('\n')}`;
    parts.push(s);
    size += s.length;
  }
  return parts.join('').slice(0, targetChars);
}

