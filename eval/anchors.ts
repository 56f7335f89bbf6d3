/**
 * The two anchors the engine must beat, scored in the same run:
 * - naive: seven short keyword lists (eval/naive-anchor.json) counted by substring in the
 *   lowercased document; patterns with at least one hit, by count.
 * - probe: TF-IDF cosine between the document and each pattern file of content/patterns, unigrams
 *   and bigrams, headings weighted 3x, no tuning. It ranks every pattern and is never quiet.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import naiveAnchor from './naive-anchor.json';
import { addTerms, cosine, weigh } from '../src/core/suggest/catalogIndex';

const ORDER = Object.keys(naiveAnchor.keywords);

export function naiveRank(text: string): string[] {
  const lower = text.toLowerCase();
  const counts = ORDER.map((p) => {
    let n = 0;
    for (const k of (naiveAnchor.keywords as Record<string, string[]>)[p]!) {
      for (let i = lower.indexOf(k); i >= 0; i = lower.indexOf(k, i + k.length)) n++;
    }
    return [p, n] as const;
  });
  return counts.filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([p]) => p);
}

/** The probe's term frequency as first defined, 1 + log(count), kept apart from the engine's own. */
const probeTf = (count: number): number => 1 + Math.log(count);

function fileTerms(markdown: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of markdown.split('\n')) addTerms(line, /^\s*#{1,6}\s/.test(line) ? 3 : 1, counts);
  return counts;
}

export function createProbe(contentDir: string): (text: string) => string[] {
  const dir = join(contentDir, 'patterns');
  const files = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  const counts = files.map((f) => fileTerms(readFileSync(join(dir, f), 'utf8')));
  const df = new Map<string, number>();
  for (const c of counts) for (const t of c.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = new Map([...df].map(([t, d]) => [t, Math.log((1 + files.length) / (1 + d)) + 1]));
  const vectors = counts.map((c) => weigh(c, idf, probeTf));
  const ids = files.map((f) => f.replace(/\.md$/, ''));
  return (text) => {
    const v = weigh(fileTerms(text), idf, probeTf);
    return ids.map((id, i) => [id, cosine(v, vectors[i]!)] as const).sort((a, b) => b[1] - a[1]).map(([id]) => id);
  };
}
