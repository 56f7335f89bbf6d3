/**
 * The Node activation bundle (package.json `main`, dist/extension.js) must not carry what loads on
 * first use: markdown-it with the card renderer (dist/lazy/render.js) and the suggest engine with
 * its block parse (dist/lazy/suggest.js), as src/extension/lazyModules.ts and docs/platform-seam.md
 * promise. One import of a constant from a module that parses (ignoreComments.ts) once pulled all
 * of them in (a development build went from about 150 KB to 352 KB); the builders a message needs live in commentText.ts instead.
 *
 * The bundles are built here with esbuild's metafile, in memory (`write: false`), with the options
 * scripts/build.mjs gives them; the shared dist/ is not touched. The web build (extension.web.js)
 * holds the lazy modules by design and is not checked here.
 */
import { strict as assert } from 'node:assert';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';

const root = join(__dirname, '..', '..', '..');

/** What only the lazily loaded modules may hold: each pattern is matched against esbuild's input paths. */
const LAZY_ONLY: readonly { readonly name: string; readonly path: RegExp }[] = [
  { name: 'markdown-it', path: /(^|\/)node_modules\/markdown-it\// },
  { name: 'linkify-it (markdown-it)', path: /(^|\/)node_modules\/linkify-it\// },
  { name: 'mdurl (markdown-it)', path: /(^|\/)node_modules\/mdurl\// },
  { name: 'the block parse', path: /^src\/core\/suggest\/(blockParse|leanBlockState)\.ts$/ },
  { name: 'the code layout', path: /^src\/core\/suggest\/codeLayout\.ts$/ },
  { name: 'reading the comments', path: /^src\/core\/suggest\/(ignoreComments|commentSpans|htmlComments)\.ts$/ },
  { name: 'the document structure', path: /^src\/core\/suggest\/structure\.ts$/ },
  { name: 'the engine', path: /^src\/core\/suggest\/(engine|questions|scorer|figures)\.ts$/ },
  { name: 'the in-document review', path: /^src\/core\/review\/(inDocumentReview|insertions)\.ts$/ },
  { name: 'the card renderer', path: /^src\/core\/render\/cardHtml\.ts$/ },
];

/** The input files of one Node bundle, as scripts/build.mjs builds it (development options), relative to the repository. */
async function bundleInputs(entry: string): Promise<{ inputs: string[]; bytes: number }> {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(root, entry)],
    outfile: join(root, 'dist-activation-check', 'out.js'),
    write: false,
    metafile: true,
    bundle: true,
    minify: false,
    sourcemap: false,
    logLevel: 'silent',
    legalComments: 'inline',
    define: { 'process.env.NODE_ENV': JSON.stringify('development') },
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
  });
  const inputs = Object.keys(result.metafile.inputs).map((p) => relative(root, join(root, p)).split('\\').join('/'));
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  return { inputs, bytes };
}

describe('the activation bundle (dist/extension.js)', function () {
  this.timeout(120000);
  let activation: { inputs: string[]; bytes: number };
  let lazy: string[];

  before(async () => {
    activation = await bundleInputs('src/extension/extension.ts');
    const loaded = await Promise.all(['render', 'suggest'].map((name) => bundleInputs(`src/extension/lazy/${name}.ts`)));
    lazy = loaded.flatMap((b) => b.inputs);
  });

  it('holds none of what loads on first use (markdown-it, the block parse, the engine, the card renderer)', () => {
    const found = LAZY_ONLY.flatMap(({ name, path }) => activation.inputs.filter((i) => path.test(i)).map((i) => `${name}: ${i}`));
    assert.deepEqual(found, [], `the activation bundle (${activation.bytes} bytes) imports what should load on first use:\n${found.join('\n')}`);
  });

  it('names only modules the lazy bundles really hold (the list above is not stale)', () => {
    const missing = LAZY_ONLY.filter(({ path }) => !lazy.some((i) => path.test(i))).map(({ name }) => name);
    assert.deepEqual(missing, [], `no lazy bundle holds: ${missing.join(', ')}`);
  });

  it('still bundles the extension itself', () => {
    assert.ok(activation.inputs.includes('src/extension/extension.ts'), activation.inputs.slice(0, 5).join(', '));
  });
});
