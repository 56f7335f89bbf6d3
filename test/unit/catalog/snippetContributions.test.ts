/**
 * `npm run check:content` checks package.json's contributes.snippets against the snippet files the
 * build writes (scripts/snippet-contributions.mjs): each entry's language and path, and every
 * written file contributed (that each reads as a VS Code snippet file is the generator's unit
 * test's: test/unit/snippets/generator.test.ts). A broken manifest
 * (snippetContributions/broken-package.json) against fixture snippet files standing for the
 * build's dist/ (snippetContributions/built/), each problem named by its entry.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import brokenManifest from './snippetContributions/broken-package.json';

const FIXTURES = join(__dirname, 'snippetContributions');
const DIST = join(FIXTURES, 'built');
/** What the build writes for the fixture: one file per library language, TypeScript's for two VS Code languages. */
const WRITTEN = [
  ['typescript', 'typescript'], ['typescriptreact', 'typescript'], ['python', 'python'], ['go', 'go'], ['java', 'java'], ['sql', 'sql'],
].map(([language, file]) => ({ language: language!, path: join(DIST, 'snippets', `${file}.code-snippets`) }));

async function problems(manifest: unknown): Promise<string[]> {
  const { snippetContributionProblems } = await import('../../../scripts/snippet-contributions.mjs');
  return snippetContributionProblems({ manifest, distDir: DIST, written: WRITTEN });
}

describe('check:content: package.json\'s contributes.snippets', () => {
  it('a manifest that contributes what the build writes, in good files: no problem', async () => {
    const good = { contributes: { snippets: [
      { language: 'typescript', path: './dist/snippets/typescript.code-snippets' },
      { language: 'typescriptreact', path: './dist/snippets/typescript.code-snippets' },
      { language: 'python', path: './dist/snippets/python.code-snippets' },
      { language: 'go', path: 'dist/snippets/go.code-snippets' },
    ] } };
    const { snippetContributionProblems } = await import('../../../scripts/snippet-contributions.mjs');
    assert.deepEqual(snippetContributionProblems({ manifest: good, distDir: DIST, written: WRITTEN.filter((w) => !/java|sql/.test(w.language)) }), []);
  });

  it('a broken manifest: each problem names its entry (index, language, path) and what is wrong', async () => {
    const entry = (i: number, language: string, path: string) => `package.json: contributes.snippets[${i}] (${language} ${path})`;
    assert.deepEqual(await problems(brokenManifest), [
      `${entry(1, 'pyhton', './dist/snippets/python.code-snippets')}: "pyhton" is not a language the snippet library is offered in (typescript, typescriptreact, python, go, java, sql)`,
      `${entry(2, 'python', './dist/snippets/pyton.code-snippets')}: no such file is built; the build writes ./dist/snippets/typescript.code-snippets, ./dist/snippets/python.code-snippets, ./dist/snippets/go.code-snippets, ./dist/snippets/java.code-snippets, ./dist/snippets/sql.code-snippets`,
      `${entry(3, 'go', './dist/snippets/python.code-snippets')}: the build writes this file for python, not go`,
      `${entry(6, 'go', '?')}: needs a string "language" and a string "path"`,
      'package.json: contributes.snippets lacks { "language": "typescriptreact", "path": "./dist/snippets/typescript.code-snippets" }, which the build writes; add it',
      'package.json: contributes.snippets lacks { "language": "python", "path": "./dist/snippets/python.code-snippets" }, which the build writes; add it',
      'package.json: contributes.snippets lacks { "language": "go", "path": "./dist/snippets/go.code-snippets" }, which the build writes; add it',
    ]);
  });

  it('an entry for a file the build does not write as a snippet file, or one contributed twice: refused by name, though VS Code reads it from a clone', async () => {
    const contributed = [
      { language: 'typescript', path: './dist/snippets/typescript.code-snippets' },
      { language: 'typescriptreact', path: './dist/snippets/typescript.code-snippets' },
      { language: 'python', path: './dist/snippets/python.code-snippets' },
      { language: 'go', path: 'dist/snippets/go.code-snippets' },
    ];
    const manifest = { contributes: { snippets: [
      ...contributed,
      // A good snippet file in the clone, outside dist/: the .vsix carries dist/snippets/ alone (.vscodeignore).
      { language: 'python', path: './built/snippets/python.code-snippets' },
      // A built file that holds no snippets (an empty object reads as a snippet file with none).
      { language: 'go', path: './dist/catalog.json' },
      // The same entry again: VS Code would offer each of its snippets twice.
      { language: 'go', path: './dist/snippets/go.code-snippets' },
    ] } };
    const { snippetContributionProblems } = await import('../../../scripts/snippet-contributions.mjs');
    const found = snippetContributionProblems({ manifest, distDir: DIST, written: WRITTEN.filter((w) => !/java|sql/.test(w.language)) });
    const built = './dist/snippets/typescript.code-snippets, ./dist/snippets/python.code-snippets, ./dist/snippets/go.code-snippets';
    assert.deepEqual(found, [
      `package.json: contributes.snippets[4] (python ./built/snippets/python.code-snippets): not a snippet file the build writes, the only ones the .vsix carries; the build writes ${built}`,
      `package.json: contributes.snippets[5] (go ./dist/catalog.json): not a snippet file the build writes, the only ones the .vsix carries; the build writes ${built}`,
      'package.json: contributes.snippets[6] (go ./dist/snippets/go.code-snippets): the same as contributes.snippets[3]; VS Code would offer each of its snippets twice',
    ]);
  });

  it('a path spelled otherwise than ./dist/…, as VS Code joins it to the extension\'s folder: read as that file, and a second spelling of one entry is a repeat', async () => {
    const manifest = { contributes: { snippets: [
      { language: 'typescript', path: 'dist//snippets/typescript.code-snippets' },
      { language: 'typescriptreact', path: './dist/./snippets/typescript.code-snippets' },
      { language: 'python', path: './dist/lazy/../snippets/python.code-snippets' },
      { language: 'go', path: 'dist/snippets/go.code-snippets' },
      { language: 'go', path: './dist/snippets/../snippets/go.code-snippets' },
    ] } };
    const { snippetContributionProblems } = await import('../../../scripts/snippet-contributions.mjs');
    assert.deepEqual(snippetContributionProblems({ manifest, distDir: DIST, written: WRITTEN.filter((w) => !/java|sql/.test(w.language)) }), [
      'package.json: contributes.snippets[4] (go ./dist/snippets/../snippets/go.code-snippets): the same as contributes.snippets[3]; VS Code would offer each of its snippets twice',
    ]);
  });

  it('no contributes.snippets, or not an array: said once', async () => {
    assert.deepEqual(await problems({ contributes: {} }), ['package.json: contributes.snippets is missing; the build writes snippet files to contribute']);
    assert.deepEqual(await problems({ contributes: { snippets: {} } }), ['package.json: contributes.snippets must be an array of { language, path }']);
  });
});
