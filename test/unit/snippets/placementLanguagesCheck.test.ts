/**
 * The build's check of snippet placement's language table (src/build/placementLanguagesCheck.ts),
 * on a copy of the table under a temporary root; the parser's own cases are in placementLanguages.test.ts.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildCatalogJson } from '../../../src/build/buildCatalogJson';
import { placementLanguagesProblems } from '../../../src/build/placementLanguagesCheck';
import { parsePlacementLanguages, PLACEMENT_LANGUAGES_FILE } from '../../../src/core/snippets/placementLanguages';

describe('the build stops on a broken placement table', () => {
  const repoRoot = join(__dirname, '..', '..', '..');
  let root: string;
  /** A root whose content/ holds only the table: the repository's, changed by `edit`. */
  const rootWith = (edit: (file: { rows: Record<string, unknown>[] }) => void): string => {
    const file = JSON.parse(readFileSync(join(repoRoot, PLACEMENT_LANGUAGES_FILE), 'utf8')) as { rows: Record<string, unknown>[] };
    edit(file);
    const path = join(root, PLACEMENT_LANGUAGES_FILE);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(file, null, 2));
    return root;
  };
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'sdp-placement-')); });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('one path for the table: the parser names by default the file the build\'s check reads', () => {
    assert.throws(() => parsePlacementLanguages('no rows'), (e: Error) => e.message.startsWith(`${PLACEMENT_LANGUAGES_FILE}: `));
  });

  it('the repository\'s table has no problem; a broken row is named with its file, row and field', () => {
    assert.deepEqual(placementLanguagesProblems(repoRoot), []);
    const [problem, ...more] = placementLanguagesProblems(rootWith((f) => { f.rows[0]!['decorators'] = ['@@']; }));
    assert.ok(problem?.startsWith(`${PLACEMENT_LANGUAGES_FILE}: row 1: "decorators" holds "@@"; allowed: @, `), problem);
    assert.deepEqual(more, []);
    assert.deepEqual(placementLanguagesProblems(rootWith((f) => { delete f.rows[1]!['openingLines']; })), [`${PLACEMENT_LANGUAGES_FILE}: row 2: "openingLines" must be an array`]);
  });

  it('a file that is no JSON is named too', () => {
    const path = join(root, PLACEMENT_LANGUAGES_FILE);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '{ "rows": [');
    const [problem, ...more] = placementLanguagesProblems(root);
    assert.match(problem ?? '', /^content\/snippets\/placement-languages\.json: .*JSON/);
    assert.deepEqual(more, []);
  });

  it('the build step reads the table from its root and counts the problem (so npm run build exits 1 and prints it)', async () => {
    const broken = rootWith((f) => { f.rows[0]!['decorators'] = ['@@']; });
    const printed: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => { printed.push(args.join(' ')); };
    try {
      const summary = await buildCatalogJson(broken, join(root, 'dist'));
      assert.equal(summary.problems, printed.length);
    } finally {
      console.error = error;
    }
    assert.ok(printed.some((line) => line.startsWith(`${PLACEMENT_LANGUAGES_FILE}: row 1: "decorators" holds "@@"; allowed: `)), printed.join('\n'));
  });
});
