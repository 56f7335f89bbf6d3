// package.json's contributes.snippets against the snippet files the build writes: each entry names a
// language the library is offered in and a snippet file the build writes (the .vsix carries no other:
// .vscodeignore), written for that language, once; and every file the build writes is contributed
// for each of its languages. That each file reads as a VS Code snippet file (a JSON object of
// snippets, each with a prefix and a body) is the generator's to keep, and its unit test's
// (test/unit/snippets/generator.test.ts): an entry names one of those files or is refused. Used by
// `npm run check:content` (scripts/check-content.mjs) and by the build (scripts/build.mjs), so
// `npm test`, which checks content through the build, runs it too.
import { existsSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

/**
 * The problems, one line each, naming the entry (`contributes.snippets[i]`, its language and path).
 * `written`: the build's snippet files ({ language, path }, path absolute, under `distDir`).
 * `distDir`: where this run wrote dist/ (the build's dist/, or check:content's throw-away folder), so that an entry's
 * `./dist/…` path is read there. A path is read as VS Code reads it, joined to the extension's
 * folder (`.`, `..` and `//` normalised); one to a file of the clone outside the built snippet files
 * (a file of the repository) is refused, as the .vsix would not carry it.
 */
export function snippetContributionProblems({ manifest, distDir, written }) {
  const problems = [];
  const entries = manifest?.contributes?.snippets;
  if (entries === undefined) return written.length > 0 ? ['package.json: contributes.snippets is missing; the build writes snippet files to contribute'] : [];
  if (!Array.isArray(entries)) return ['package.json: contributes.snippets must be an array of { language, path }'];
  const rel = (file) => relative(distDir, file).split('\\').join('/');
  const writtenFor = new Map();
  for (const w of written) writtenFor.set(rel(w.path), [...(writtenFor.get(rel(w.path)) ?? []), w.language]);
  const offered = [...new Set(written.map((w) => w.language))];
  /** `language file` -> the index of the entry that contributes it. */
  const declared = new Map();
  entries.forEach((entry, i) => {
    const language = typeof entry?.language === 'string' ? entry.language : undefined;
    const path = typeof entry?.path === 'string' ? entry.path : undefined;
    const name = `package.json: contributes.snippets[${i}] (${language ?? '?'} ${path ?? '?'})`;
    if (!language || !path) {
      problems.push(`${name}: needs a string "language" and a string "path"`);
      return;
    }
    if (!offered.includes(language)) problems.push(`${name}: "${language}" is not a language the snippet library is offered in (${offered.join(', ')})`);
    const inDist = posix.normalize(path).match(/^dist\/(.*)$/);
    const languages = inDist ? writtenFor.get(inDist[1]) : undefined;
    if (!inDist || !languages) {
      const built = [...writtenFor.keys()].map((f) => `./dist/${f}`).join(', ');
      problems.push(inDist && !existsSync(join(distDir, inDist[1])) ? `${name}: no such file is built; the build writes ${built}`
        : `${name}: not a snippet file the build writes, the only ones the .vsix carries; the build writes ${built}`);
      return;
    }
    if (offered.includes(language) && !languages.includes(language)) {
      problems.push(`${name}: the build writes this file for ${languages.join(', ')}, not ${language}`);
    }
    const key = `${language} ${inDist[1]}`;
    if (declared.has(key)) {
      problems.push(`${name}: the same as contributes.snippets[${declared.get(key)}]; VS Code would offer each of its snippets twice`);
      return;
    }
    declared.set(key, i);
  });
  for (const w of written) {
    if (!declared.has(`${w.language} ${rel(w.path)}`)) problems.push(`package.json: contributes.snippets lacks { "language": "${w.language}", "path": "./dist/${rel(w.path)}" }, which the build writes; add it`);
  }
  return problems;
}
