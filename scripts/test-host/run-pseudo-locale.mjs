#!/usr/bin/env node
// The pseudo-locale level (docs/localisation.md): code-server with its display language set to
// qps-ploc, the extension loaded from the repository, and the suite in test/pseudo-locale run in
// its extension host. Then the page itself is checked: the extension's view titles and a
// notification the suite raised must be pseudo-localised (bracketed ⟦ ⟧) on screen.
//
// code-server resolves a display language only when a language pack for it is installed (without
// one, `--locale qps-ploc` falls back to English and the extension host never asks for the pseudo
// bundle). The Pseudo Language pack comes from the Marketplace, which the test host does not reach,
// so this runner installs a stand-in: an extension contributing the qps-ploc locale with no
// translations of VS Code's own strings. VS Code's own strings stay English; the extension's
// come from l10n/bundle.l10n.qps-ploc.json and package.nls.qps-ploc.json (npm run l10n). Exit code 0 = all passed.
import { chromium } from 'playwright-core';
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTestHost } from './ensure.mjs';
import { startCodeServer, freshDataDir, installVsix, writeUserSettings, CHROMIUM_ARGS } from './server.mjs';
import { repoRoot } from './paths.mjs';

const LOCALE = 'qps-ploc';
const TIMEOUT_MS = Number(process.env.SDP_INTEGRATION_TIMEOUT_MS ?? 5 * 60_000);
const outDir = join(repoRoot, '.sdp-tmp', 'pseudo-locale');

/** The suite: test/integration/index.ts as the entry point, beside only the pseudo-locale tests. */
async function bundleSuite() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    // Named entries: both land in outDir itself, where index.js looks for *.test.js.
    entryPoints: { index: join(repoRoot, 'test', 'integration', 'index.ts'), 'pseudoLocale.test': join(repoRoot, 'test', 'pseudo-locale', 'pseudoLocale.test.ts') },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(outDir, 'index');
}

/**
 * Installs a stand-in qps-ploc language pack: a real extension contributing the locale, with no
 * translations of VS Code's own strings, registered in the user data folder's languagepacks.json
 * as VS Code registers an installed pack, so the display language resolves to qps-ploc.
 */
function installPseudoLanguagePack(dataDir) {
  const packDir = join(dataDir, 'qps-ploc-pack');
  mkdirSync(packDir, { recursive: true });
  writeFileSync(join(packDir, 'package.json'), JSON.stringify({
    name: 'qps-ploc-pack',
    displayName: 'Pseudo Language (test stand-in)',
    description: 'A qps-ploc language pack with no translations, for the pseudo-locale test level.',
    publisher: 'sdp-test',
    version: '1.0.0',
    license: 'MIT',
    engines: { vscode: '^1.90.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [{
        languageId: LOCALE, languageName: 'Pseudo Language', localizedLanguageName: 'Pseudo Language',
        translations: [{ id: 'vscode', path: './main.i18n.json' }],
      }],
    },
  }, null, 2));
  writeFileSync(join(packDir, 'main.i18n.json'), JSON.stringify({ contents: {} }));
  writeFileSync(join(packDir, 'README.md'), '# Pseudo Language (test stand-in)\n');
  const vsix = join(dataDir, 'qps-ploc-pack.vsix');
  const packaged = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], {
    cwd: packDir, encoding: 'utf8',
  });
  if (packaged.status !== 0) throw new Error(`pseudo-locale: packaging the language pack failed:\n${packaged.stdout}\n${packaged.stderr}`);
  installVsix(dataDir, vsix);
  // What VS Code writes to languagepacks.json when a pack is installed from its UI (an install from
  // the command line leaves it to the next scan, after the display language was already resolved).
  const id = 'sdp-test.qps-ploc-pack';
  const version = '1.0.0';
  const installed = join(dataDir, 'ext', `${id}-${version}`);
  if (!existsSync(join(installed, 'main.i18n.json'))) throw new Error(`pseudo-locale: the language pack is not at ${installed}`);
  writeFileSync(join(dataDir, 'ud', 'languagepacks.json'), JSON.stringify({
    [LOCALE]: {
      hash: createHash('md5').update(id).update(version).digest('hex'),
      extensions: [{ extensionIdentifier: { id }, version }],
      translations: { vscode: join(installed, 'main.i18n.json') },
      label: 'Pseudo Language',
    },
  }));
}

export async function runPseudoLocale() {
  const host = ensureTestHost();
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('pseudo-locale: dist/extension.js is missing; run "npm run build" first.');
  for (const file of ['l10n/bundle.l10n.qps-ploc.json', 'package.nls.qps-ploc.json']) {
    if (!existsSync(join(repoRoot, file))) throw new Error(`pseudo-locale: ${file} is missing; run "npm run l10n" first.`);
  }
  const pseudoNls = JSON.parse(readFileSync(join(repoRoot, 'package.nls.qps-ploc.json'), 'utf8'));
  const index = await bundleSuite();
  const dataDir = freshDataDir('pseudo-locale');
  writeUserSettings(dataDir, {});
  installPseudoLanguagePack(dataDir);
  const workspace = join(dataDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });

  const server = await startCodeServer({ dataDir, folder: workspace, smokeTestDriver: true, extraArgs: ['--locale', LOCALE] });
  const browser = await chromium.launch({ executablePath: host.chromium, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let finish;
    const done = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (_level, message) => {
      const text = Array.isArray(message) ? message.join(' ') : String(message);
      if (!/vsda|open-vsx|OverlayWebview has been disposed/.test(text)) console.log(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
    const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(index)],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS).unref());
    const code = await Promise.race([done, timeout]);
    if (code === 'timeout') throw new Error(`pseudo-locale: no result after ${TIMEOUT_MS / 1000} s; see ${server.logFile}`);
    if (code !== 0) return code;

    // On screen: the views' titles and the notification the suite left open.
    const failures = [];
    const headers = await page.locator('.pane-header h3.title').allInnerTexts();
    for (const key of ['view.patterns.name', 'view.designReview.name']) {
      if (!headers.some((h) => h.trim().toLowerCase() === String(pseudoNls[key]).toLowerCase())) failures.push(`view title ${pseudoNls[key]} not among: ${headers.join(' | ')}`);
    }
    const toasts = page.locator('.notifications-toasts .notification-toast .notification-list-item-message');
    await toasts.first().waitFor({ timeout: 15_000 }).catch(() => {});
    const messages = await toasts.allInnerTexts();
    if (!messages.some((m) => /^⟦[\s\S]*⟧$/.test(m.trim()))) failures.push(`no pseudo-localised notification on screen: ${messages.join(' | ') || '(none)'}`);
    await page.screenshot({ path: join(dataDir, 'pseudo-locale.png') });
    if (failures.length > 0) {
      console.error(`pseudo-locale: on screen:\n  ${failures.join('\n  ')}\n  screenshot: ${join(dataDir, 'pseudo-locale.png')}`);
      return 1;
    }
    console.log(`pseudo-locale: on screen: view titles ${headers.join(' | ')}; notification ${messages.find((m) => m.includes('⟦'))}`);
    return 0;
  } finally {
    await browser.close().catch(() => {});
    server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runPseudoLocale().then(
    (code) => {
      if (code !== 0) console.error(`pseudo-locale: failed (exit code ${code}).`);
      process.exit(code);
    },
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
