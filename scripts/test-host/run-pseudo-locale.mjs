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
import { startCodeServer, stopAfterRun, freshDataDir, installVsix, writeUserSettings, CHROMIUM_ARGS } from './server.mjs';
import { repoRoot } from './paths.mjs';
import { lastTestLine, writeNoResult } from './noResult.mjs';

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

/**
 * The checks on screen, run while the suite waits (the extension host stops when the suite ends):
 * the suite logs SDP_PSEUDO_UI_CHECK <file>, the runner answers in <file>.
 */
async function runFromPalette(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ timeout: 20_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  const listed = await row.waitFor({ timeout: 20_000 }).then(() => true, () => false);
  if (listed) {
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1000);
  }
  return listed;
}

async function checkOnScreen(page, pseudoNls, dataDir) {
  // On screen, as a user meets it: the activity-bar entry and the views' titles, the notification
  // the suite raised, and a command picked from the palette by its pseudo title.
  const failures = [];
  const container = String(pseudoNls['viewsContainer.title']);
  const entry = page.locator(`.part.activitybar a.action-label[aria-label^="${container}"]`).first();
  await entry.waitFor({ timeout: 30_000 }).catch(() => failures.push(`no activity-bar entry labelled ${container}`));
  if (failures.length === 0) {
    await entry.click();
    await page.locator('[id="workbench.view.extension.systemDesignPatterns"] .pane-header').first().waitFor({ timeout: 20_000 }).catch(() => {});
  }
  const headers = (await page.locator('[id="workbench.view.extension.systemDesignPatterns"] .pane-header h3.title').allInnerTexts()).map((h) => h.trim());
  for (const key of ['view.patterns.name', 'view.designReview.name']) {
    const name = String(pseudoNls[key]);
    if (!headers.some((h) => h.toLowerCase() === name.toLowerCase())) failures.push(`view title ${name} not among: ${headers.join(' | ') || '(none)'}`);
  }
  // The notification the suite raised just before asking (Suggest Patterns with no editor open):
  // a toast, or, once the toast has gone, an entry in the notification centre.
  const toastTexts = page.locator('.notifications-toasts .notification-list-item-message');
  let messages = await toastTexts.first().waitFor({ timeout: 10_000 }).then(() => toastTexts.allInnerTexts(), () => []);
  if (messages.length === 0) {
    await runFromPalette(page, 'Notifications: Show Notifications');
    const centre = page.locator('.notifications-center .notification-list-item-message');
    messages = await centre.first().waitFor({ timeout: 10_000 }).then(() => centre.allInnerTexts(), () => []);
  }
  if (!messages.some((m) => /^⟦[\s\S]*⟧$/.test(m.trim()))) failures.push(`no pseudo-localised notification on screen: ${messages.join(' | ') || '(none)'}`);
  await page.keyboard.press('Escape');

  // A command picked from the palette by its pseudo title, and the quick pick it opens.
  const title = String(pseudoNls['command.search.title']);
  const listed = await runFromPalette(page, title);
  if (!listed) failures.push(`the command palette does not list ${title}`);
  else {
    const placeholder = await page.locator('.quick-input-widget input.input').getAttribute('placeholder').catch(() => null);
    if (!/^⟦[\s\S]*⟧$/.test(placeholder ?? '')) failures.push(`the search's placeholder is ${placeholder}`);
    await page.keyboard.press('Escape');
  }
  await page.screenshot({ path: join(dataDir, 'pseudo-locale.png') });
  return { failures, headers, title, messages, screenshot: join(dataDir, 'pseudo-locale.png') };
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

  const statsFile = process.env.SDP_TEST_STATS;
  const server = await startCodeServer({
    dataDir, folder: workspace, smokeTestDriver: true, extraArgs: ['--locale', LOCALE], env: statsFile ? { SDP_TEST_STATS: statsFile } : {},
  });
  // The browser starts inside the try: code-server is stopped even when it cannot start.
  let browser;
  let failed = false;
  try {
    browser = await chromium.launch({ executablePath: host.chromium, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let finish;
    const done = new Promise((resolve) => (finish = resolve));
    const seen = lastTestLine();
    await page.exposeFunction('codeAutomationLog', (_level, message) => {
      const text = Array.isArray(message) ? message.join(' ') : String(message);
      seen.see(text);
      if (!/vsda|open-vsx|OverlayWebview has been disposed/.test(text)) console.log(text);
      const ask = /SDP_PSEUDO_UI_CHECK (\S+)/.exec(text);
      if (ask) {
        checkOnScreen(page, pseudoNls, dataDir).then(
          (result) => writeFileSync(ask[1], JSON.stringify(result)),
          (error) => writeFileSync(ask[1], JSON.stringify({ failures: [`the check on screen failed: ${error.message}`] })),
        );
      }
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
    if (code === 'timeout') {
      writeNoResult(statsFile, `pseudo-locale: no result after ${TIMEOUT_MS / 1000} s`, seen.last);
      throw new Error(`pseudo-locale: no result after ${TIMEOUT_MS / 1000} s; see ${server.logFile}`);
    }
    return code;
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await browser?.close().catch(() => {});
    await stopAfterRun(server, failed);
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
