import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

interface Setting { scope?: string; markdownDescription?: string; description?: string; enum?: unknown[]; markdownEnumDescriptions?: string[] }
interface Step { id: string; title: string; description: string; media: Record<string, string>; completionEvents?: string[] }
interface Manifest {
  activationEvents?: string[];
  displayName: string;
  description: string;
  icon?: string;
  galleryBanner?: { color?: string; theme?: string };
  categories: string[];
  keywords: string[];
  l10n?: string;
  contributes: {
    configuration: { title: string; properties: Record<string, Setting> };
    commands: { command: string; title: string; category?: string }[];
    views: Record<string, { id: string; name: string; icon?: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    walkthroughs?: { id: string; title: string; description: string; steps: Step[] }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
  };
}

/** The Marketplace's categories (code.visualstudio.com/api/references/extension-manifest), plus the newer AI and Chat. */
const ALLOWED_CATEGORIES = new Set([
  'Programming Languages', 'Snippets', 'Linters', 'Themes', 'Debuggers', 'Formatters', 'Keymaps', 'SCM Providers', 'Other',
  'Extension Packs', 'Language Packs', 'Data Science', 'Machine Learning', 'Visualization', 'Notebooks', 'Education', 'Testing',
  'Azure', 'AI', 'Chat',
]);
/** The Marketplace keeps at most 30 tags per extension. */
const MAX_KEYWORDS = 30;

const raw = read('package.json');
const manifest = JSON.parse(raw) as Manifest;
const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.deepStrictEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
  assert.strictEqual(bytes.toString('latin1', 12, 16), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Every .ts file under `dir` (relative to the repository), as repository-relative paths. */
function tsFilesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tsFilesUnder(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []));
}

/** The context keys src/extension sets, by their constants' values: `setContext` on a `*_CONTEXT` constant or a literal. */
function contextKeysSet(): Set<string> {
  const keys = new Set<string>();
  const sources = execFileSync('git', ['ls-files', 'src/extension'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.ts'));
  for (const file of sources) {
    const text = read(file);
    const constants = new Map([...text.matchAll(/const (\w+_CONTEXT) = '([\w.]+)'/g)].map((m) => [m[1]!, m[2]!]));
    for (const m of text.matchAll(/'setContext',\s*(?:'([\w.]+)'|(\w+_CONTEXT))/g)) {
      const key = m[1] ?? constants.get(m[2]!);
      if (key) keys.add(key);
    }
  }
  return keys;
}

describe('package.json: localised, Marketplace-ready', () => {
  it('every %key% resolves in package.nls.json, and every key there is used', () => {
    const used = new Set([...raw.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!));
    assert.ok(used.size > 20, `only ${used.size} %keys% in package.json`);
    assert.deepStrictEqual([...used].filter((key) => typeof nls[key] !== 'string' || nls[key]!.trim() === ''), []);
    assert.deepStrictEqual(Object.keys(nls).filter((key) => !used.has(key)), []);
  });

  it('no manifest string shown to the user is written in English in package.json', () => {
    const shown: [string, string | undefined][] = [
      ['displayName', manifest.displayName], ['description', manifest.description], ['configuration.title', manifest.contributes.configuration.title],
      ...manifest.contributes.commands.flatMap((c): [string, string | undefined][] => [[`${c.command} title`, c.title], [`${c.command} category`, c.category]]),
      ...Object.values(manifest.contributes.views).flat().map((v): [string, string] => [`view ${v.id}`, v.name]),
      ...Object.entries(manifest.contributes.configuration.properties).map(([id, s]): [string, string | undefined] => [id, s.markdownDescription]),
      ...Object.entries(manifest.contributes.configuration.properties).flatMap(([id, s]) => (s.markdownEnumDescriptions ?? []).map((d, i): [string, string] => [`${id} enum ${i}`, d])),
      ...(manifest.contributes.walkthroughs ?? []).flatMap((w) => [
        [`walkthrough ${w.id}`, w.title] as [string, string], [`walkthrough ${w.id} description`, w.description] as [string, string],
        ...w.steps.flatMap((s): [string, string | undefined][] => [[`step ${s.id}`, s.title], [`step ${s.id} description`, s.description]]),
      ]),
    ];
    assert.deepStrictEqual(shown.filter(([, value]) => !/^%[^%]+%$/.test(value ?? '')).map(([where]) => where), []);
  });

  it('every setting has a scope and a markdownDescription (they are read per document)', () => {
    const settings = Object.entries(manifest.contributes.configuration.properties);
    assert.ok(settings.length >= 4);
    for (const [id, setting] of settings) {
      assert.ok(['resource', 'language-overridable', 'window', 'application', 'machine', 'machine-overridable'].includes(setting.scope ?? ''), `${id} scope`);
      assert.ok(setting.markdownDescription, `${id} markdownDescription`);
      assert.strictEqual(setting.description, undefined, `${id} has a plain description beside its markdownDescription`);
      if (setting.enum) assert.strictEqual(setting.markdownEnumDescriptions?.length, setting.enum.length, `${id}: a markdownEnumDescription per value`);
    }
  });

  it('has a 256×256 PNG icon, a gallery banner, allowed categories and at most 30 keywords', () => {
    assert.ok(manifest.icon, 'icon');
    assert.deepStrictEqual(pngSize(readFileSync(join(ROOT, manifest.icon))), { width: 256, height: 256 });
    assert.ok(existsSync(join(ROOT, manifest.icon.replace(/\.png$/, '.svg'))), 'the icon\'s SVG source is committed beside it');
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme ?? ''), 'galleryBanner.theme');
    assert.ok(manifest.categories.length > 0);
    assert.deepStrictEqual(manifest.categories.filter((c) => !ALLOWED_CATEGORIES.has(c)), []);
    assert.ok(manifest.keywords.length <= MAX_KEYWORDS, `${manifest.keywords.length} keywords`);
    assert.strictEqual(new Set(manifest.keywords.map((k) => k.toLowerCase())).size, manifest.keywords.length, 'keywords are unique');
  });

  it('gives each view of the container its own icon', () => {
    const container = manifest.contributes.viewsContainers.activitybar[0]!;
    const views = manifest.contributes.views[container.id] ?? [];
    assert.ok(views.length >= 2);
    const icons = views.map((v) => v.icon);
    for (const icon of icons) assert.ok(icon && existsSync(join(ROOT, icon)), `${icon} exists`);
    assert.strictEqual(new Set(icons).size, icons.length, `icons: ${icons.join(', ')}`);
    assert.ok(!icons.includes(container.icon), 'a view icon differs from the container icon');
  });

  it('does not activate on startup, and nothing of the extension opens the walkthrough itself (VS Code does on install)', () => {
    assert.ok(!(manifest.activationEvents ?? []).includes('onStartupFinished'), 'activationEvents has onStartupFinished');
    assert.ok(!(manifest.activationEvents ?? []).includes('*'), 'activationEvents has *');
    assert.deepStrictEqual(tsFilesUnder('src').filter((file) => /openWalkthrough|showAllWalkthroughs/.test(read(file))), []);
  });

  it('ships no walkthrough opener either: the built bundles never name openWalkthrough or showAllWalkthroughs', () => {
    // The sources are not all that runs: a dependency bundled into dist could open it as well.
    const bundles = ['dist/extension.js', 'dist/extension.web.js'];
    for (const bundle of bundles) {
      if (!existsSync(join(ROOT, bundle))) throw new Error(`${bundle} is missing: run npm run build first (npm test does this)`);
    }
    const lazy = existsSync(join(ROOT, 'dist/lazy')) ? readdirSync(join(ROOT, 'dist/lazy')).filter((f) => f.endsWith('.js')).map((f) => `dist/lazy/${f}`) : [];
    const openers = [...bundles, ...lazy].flatMap((file) =>
      [...read(file).matchAll(/openWalkthrough|showAllWalkthroughs/g)].map((m) => `${file}: ${m[0]}`));
    assert.deepStrictEqual(openers, []);
  });

  it('has a walkthrough of at least four steps, each with themable media and a completion event that can fire', () => {
    const walkthrough = manifest.contributes.walkthroughs?.find((w) => w.id === 'getStarted');
    assert.ok(walkthrough, 'the getStarted walkthrough');
    assert.ok(walkthrough.steps.length >= 4);
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    const views = new Set(Object.values(manifest.contributes.views).flat().map((v) => v.id));
    const contextKeys = contextKeysSet();
    for (const step of walkthrough.steps) {
      const media = step.media['svg'] ?? step.media['image'] ?? step.media['markdown'];
      assert.ok(media && existsSync(join(ROOT, media)), `${step.id}: media ${media}`);
      if (step.media['svg']) {
        const svg = read(step.media['svg']);
        assert.match(svg, /var\(--vscode-/, `${step.id}: the SVG takes the theme's colours`);
        // VS Code inlines svg media by path and ignores altText, and a picture's words would stay
        // English in every locale: the pictures carry no words, the step's text carries the meaning.
        assert.doesNotMatch(svg, /<(text|tspan|title|desc|foreignObject)\b/, `${step.id}: the SVG has no words`);
        assert.strictEqual(step.media['altText'], undefined, `${step.id}: altText is ignored for svg media`);
      }
      assert.ok((step.completionEvents ?? []).length > 0, `${step.id}: completionEvents`);
      for (const event of step.completionEvents!) {
        const [kind, target] = event.split(':');
        if (kind === 'onCommand') assert.ok(commands.has(target!), `${step.id}: ${event} names a contributed command`);
        else if (kind === 'onView') assert.ok(views.has(target!), `${step.id}: ${event} names a view`);
        // A context key the extension sets with setContext once the step's action has happened.
        else if (kind === 'onContext') assert.ok(contextKeys.has(target!), `${step.id}: ${event} names a context key the extension sets`);
        else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
      // Command links in the step's text name commands that exist (views' focus commands are VS Code's).
      for (const link of nls[step.description.replace(/%/g, '')]!.matchAll(/\(command:([\w.]+)/g)) {
        assert.ok(commands.has(link[1]!) || /^sdp\.\w+\.focus$/.test(link[1]!), `${step.id}: link to ${link[1]}`);
      }
    }
  });

  it('offers each Design Review item the actions its command can do, and Refresh only with a document followed', () => {
    const items = manifest.contributes.menus['view/item/context'] ?? [];
    const commandsFor = (value: string): string[] => [...new Set(items
      .filter((m) => m.when?.includes('view == sdp.designReview') && new RegExp(/viewItem =~ \/(.*)\//.exec(m.when)![1]!.replace(/\\\\/g, '\\')).test(value))
      .map((m) => m.command))].sort();
    // spanOf() reveals evidence, figures, a question placed at a line and a problem in a review comment; cardIdOf() opens the rest.
    assert.deepStrictEqual(commandsFor('sdp.review.question.hasLine'), ['sdp.review.openCard', 'sdp.review.revealLine']);
    assert.deepStrictEqual(commandsFor('sdp.review.question'), ['sdp.review.openCard']);
    assert.deepStrictEqual(commandsFor('sdp.review.evidence'), ['sdp.review.revealLine']);
    assert.deepStrictEqual(commandsFor('sdp.review.commentProblem'), ['sdp.review.revealLine']);
    const refresh = (manifest.contributes.menus['view/title'] ?? []).find((m) => m.command === 'sdp.review.refresh');
    assert.match(refresh?.when ?? '', /sdp\.designReview\.hasDocument/);
  });

  it('keeps the Design Review items to at most three inline actions each', () => {
    const inline = (manifest.contributes.menus['view/item/context'] ?? []).filter((m) => m.group?.startsWith('inline') && m.when?.includes('view == sdp.designReview'));
    for (const kind of ['suggestion', 'solution', 'question', 'question.hasLine', 'combination', 'evidence', 'number', 'commentProblem']) {
      const value = `sdp.review.${kind}`;
      const shown = inline.filter((m) => new RegExp(/viewItem =~ \/(.*)\//.exec(m.when!)![1]!.replace(/\\\\/g, '\\')).test(value));
      assert.ok(shown.length >= 1 && shown.length <= 3, `${value}: ${shown.length} inline actions`);
    }
  });

  it('ships its l10n folder and manifest strings in the .vsix', () => {
    assert.strictEqual(manifest.l10n, './l10n');
    const ignore = read('.vscodeignore').split('\n');
    for (const file of ['!package.nls.json', '!l10n/bundle.l10n.json']) assert.ok(ignore.includes(file), `.vscodeignore keeps ${file}`);
  });
});

describe('l10n bundle and literals (scripts/l10n.mjs, scripts/check-l10n-literals.mjs)', () => {
  it('the committed bundles are what the sources give (else: npm run l10n)', async () => {
    const { expectedFiles } = await import('../../../scripts/l10n.mjs');
    for (const [file, json] of await expectedFiles()) {
      assert.strictEqual(read(file), `${JSON.stringify(json, null, 2)}\n`, `${file} is stale: run "npm run l10n"`);
    }
  });

  it('finds no English literal passed to a user-facing API in src/extension', async () => {
    const { findUnlocalised } = await import('../../../scripts/check-l10n-literals.mjs');
    const findings = tsFilesUnder('src/extension').flatMap((file) => findUnlocalised(file, read(file)));
    assert.deepStrictEqual(findings, []);
  });

  it('the literal check catches English in each kind of place, and lets l10n.t, data and punctuation through', async () => {
    const { findUnlocalised } = await import('../../../scripts/check-l10n-literals.mjs');
    const planted = [
      "void vscode.window.showInformationMessage('Saved the review');",
      "void vscode.window.showWarningMessage(vscode.l10n.t('Fine {0}', name), 'Open Settings');",
      'const item = new vscode.TreeItem(`Line ${n} of the doc`);',
      "item.tooltip = 'Open it';",
      "await vscode.window.showQuickPick(picks, { placeHolder: 'Pick one' });",
      "const ok = { label: node.title, description: `${a} · ${b}`, detail: strings.x(), title: vscode.l10n.t('Title') };",
      "vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', link), 4000);",
    ].join('\n');
    const found = findUnlocalised('planted.ts', planted).map((f) => `${f.line}:${f.text}`);
    assert.deepStrictEqual(found, ['1:Saved the review', '2:Open Settings', '3:Line ', '3: of the doc', '4:Open it', '5:Pick one']);
  });

  it('the literal check looks past the first child: concatenation, ternaries, variables, diagnostics, code actions, hovers, errors', async () => {
    const { findUnlocalised } = await import('../../../scripts/check-l10n-literals.mjs');
    const planted = [
      "item.tooltip = reason + ' is why';",
      "void vscode.window.showInformationMessage(ok ? 'Done it' : 'Failed it');",
      "const text = 'Held first'; void vscode.window.showWarningMessage(text);",
      "const d = new vscode.Diagnostic(range, 'Needs a number', severity);",
      "const fix = new vscode.CodeAction('Add the figure', kind);",
      "const hover = new vscode.Hover(new vscode.MarkdownString('Hover words'));",
      "throw new Error('Could not read it');",
      "const fine = new vscode.Diagnostic(range, vscode.l10n.t('Needs {0}', n), severity); item.tooltip = `${a}: ${b}`;",
    ].join('\n');
    const found = findUnlocalised('planted.ts', planted).map((f) => `${f.line}:${f.text}`);
    assert.deepStrictEqual(found, [
      '1: is why', '2:Done it', '2:Failed it', '3:Held first', '4:Needs a number', '5:Add the figure', '6:Hover words', '7:Could not read it',
    ]);
  });
});
