#!/usr/bin/env node
// The web level: the extension's browser bundle in a real browser's web worker extension host.
// code-server's browser client runs one; an extension whose manifest has a `browser` entry and
// no `main` is placed there. So this runner packages the files the .vsix carries (as `vsce ls`
// lists them) with `main` removed from the manifest and installs that .vsix, exactly as a user
// installs an extension. The suite (test/web, bundled for the browser) runs through the
// workbench's smoke-test driver from a small development extension, the "carrier", which is
// browser-only too, so the suite runs in the same web worker host as the extension. The folder
// opens with workspace trust on and untrusted: Restricted Mode, where VS Code disables an
// installed extension that does not declare support for it (a development extension is
// exempt, hence the carrier). Exit code 0 = all passed.
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureTestHost } from './ensure.mjs';
import { startCodeServer, stopAfterRun, freshDataDir, installVsix, writeUserSettings, CHROMIUM_ARGS } from './server.mjs';
import { repoRoot } from './paths.mjs';
import { lastTestLine, writeNoResult } from './noResult.mjs';
import { platformSeam } from '../platform-seam.mjs';

const TIMEOUT_MS = Number(process.env.SDP_WEB_TIMEOUT_MS ?? 8 * 60_000);
export const webExtensionDir = join(repoRoot, '.sdp-tmp', 'web-extension');
const carrierDir = join(repoRoot, '.sdp-tmp', 'web-test-carrier');
/** The carrier's virtual file system (test/web/carrier.ts), opened as the folder of the second pass. */
const VIRTUAL_SCHEME = 'sdp-vfs';
/** Taken while the suite runs, when it logs "sdp-web-screenshot" (test/web/flows.test.ts). */
const screenshot = join(repoRoot, 'test-results', 'screenshots', 'web-host.png');

/** The packaged files, with a manifest that offers only the browser entry. */
export function stageWebExtension() {
  const listed = spawnSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`web: "vsce ls" failed:\n${listed.stdout}\n${listed.stderr}`);
  const files = listed.stdout.split('\n').map((f) => f.trim()).filter(Boolean);
  rmSync(webExtensionDir, { recursive: true, force: true });
  for (const file of files) {
    mkdirSync(dirname(join(webExtensionDir, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(webExtensionDir, file));
  }
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  if (!manifest.browser) throw new Error('web: package.json has no "browser" entry');
  if (!files.includes(manifest.browser.replace(/^\.\//, ''))) throw new Error(`web: the package does not carry ${manifest.browser} (see .vscodeignore)`);
  delete manifest.main;
  // Without the declaration (docs/platform-seam.md): the virtual pass still passes, VS Code takes it as supported.
  if (process.env.SDP_WEB_WITHOUT_VIRTUAL_WORKSPACES === '1') delete manifest.capabilities?.virtualWorkspaces;
  writeFileSync(join(webExtensionDir, 'package.json'), JSON.stringify(manifest, null, 2));
  return files.length;
}

/** The staged web-only extension as a .vsix of its own (for `npm start -- --web`). */
export function packageWebExtension() {
  stageWebExtension();
  const vsix = join(repoRoot, '.sdp-tmp', 'system-design-patterns-web.vsix');
  const packaged = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], {
    cwd: webExtensionDir,
    encoding: 'utf8',
  });
  if (packaged.status !== 0) throw new Error(`web: packaging the web-only copy failed:\n${packaged.stdout}\n${packaged.stderr}`);
  return vsix;
}

/**
 * Mocha's browser build is a UMD file. The web worker host runs the bundle inside a function of
 * (module, exports, require), so the UMD would take its CommonJS branch and replace the suite's
 * own exports with mocha. Hidden from those names, it takes its global branch: `globalThis.mocha`.
 */
const mochaAsGlobal = {
  name: 'mocha-as-global',
  setup(build) {
    build.onLoad({ filter: /[\\/]mocha[\\/]mocha\.js$/ }, (args) => ({
      contents: `(function (module, exports, define) {\n${readFileSync(args.path, 'utf8')}\n}).call(globalThis);`,
      loader: 'js',
    }));
  },
};

/**
 * The carrier: a development extension with nothing but a browser entry that does nothing, and
 * test/web as one CommonJS file for the web worker host, whose loader offers no `require` but
 * `vscode`. The workbench runs a suite in the extension host of the development extension.
 */
async function stageCarrier() {
  rmSync(carrierDir, { recursive: true, force: true });
  mkdirSync(carrierDir, { recursive: true });
  // Its entry serves the virtual folder of the second pass (test/web/carrier.ts), activated when the workbench opens it.
  const manifest = {
    name: 'sdp-web-test-carrier', publisher: 'sdp-test', version: '0.0.0', engines: { vscode: '^1.90.0' }, browser: './carrier.js',
    activationEvents: [`onFileSystem:${VIRTUAL_SCHEME}`],
  };
  writeFileSync(join(carrierDir, 'package.json'), JSON.stringify(manifest, null, 2));
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test', 'web', 'carrier.ts')],
    outfile: join(carrierDir, 'carrier.js'),
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    logLevel: 'warning',
  });
  const outfile = join(carrierDir, 'test', 'index.js');
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test', 'web', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    sourcemap: 'inline',
    external: ['vscode'],
    // Extension modules the tests import see the web platform, as in the browser bundle.
    plugins: [platformSeam('web'), mochaAsGlobal],
    logLevel: 'warning',
  });
  return join(carrierDir, 'test', 'index');
}

export async function runWeb({ statsFile } = {}) {
  const host = ensureTestHost();
  if (!existsSync(join(repoRoot, 'dist', 'extension.web.js'))) {
    throw new Error('web: dist/extension.web.js is missing; run "npm run build" first.');
  }
  const vsix = packageWebExtension();
  const testsIndex = await stageCarrier();
  console.log(`web: packaged ${vsix} (the .vsix's files, manifest without "main")`);

  const dataDir = freshDataDir('web');
  writeUserSettings(dataDir, {
    'security.workspace.trust.enabled': true,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.untrustedFiles': 'open',
  });
  const workspace = join(dataDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
  installVsix(dataDir, vsix);

  const server = await startCodeServer({ dataDir, folder: workspace, smokeTestDriver: true, workspaceTrust: true });
  // The browser starts inside the try: code-server is stopped even when it cannot start.
  let browser;
  let failed = false;
  try {
    browser = await chromium.launch({ executablePath: host.chromium, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let finish;
    let stats;
    let seen = lastTestLine();
    await page.exposeFunction('codeAutomationLog', (_level, message) => {
      const text = Array.isArray(message) ? message.join(' ') : String(message);
      seen.see(text);
      const counted = /^sdp-web-stats (\{.*\})$/.exec(text.trim());
      if (counted) stats = JSON.parse(counted[1]);
      else if (text.trim() === 'sdp-web-screenshot') {
        mkdirSync(dirname(screenshot), { recursive: true });
        void page.screenshot({ path: screenshot }).catch((error) => console.error(`web: screenshot failed: ${error.message}`));
      }
      else if (!/vsda|open-vsx|OverlayWebview has been disposed/.test(text)) console.log(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish?.(Number(code)));
    // The workbench's own console (the web worker host's errors land here too), for diagnosis.
    const consoleLog = join(dataDir, 'browser-console.log');
    page.on('console', (message) => appendFileSync(consoleLog, `[${message.type()}] ${message.text()}\n`));
    const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(carrierDir)],
      ['extensionTestsPath', remote(testsIndex)],
      ['skipWelcome', 'true'],
    ]);
    /** One pass: the workbench on `folder` (a path on the server, or a URI), the suite to its end. */
    const pass = async (name, folder) => {
      stats = undefined;
      seen = lastTestLine();
      const done = new Promise((resolve) => (finish = resolve));
      console.log(`web: ${name}`);
      await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
      const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS).unref());
      const code = await Promise.race([done, timeout]);
      if (code === 'timeout') {
        await page.screenshot({ path: join(dataDir, `timeout-${name.split(' ')[0]}.png`) }).catch(() => {});
        writeNoResult(statsFile, `web: no result after ${TIMEOUT_MS / 1000} s (${name})`, seen.last);
        throw new Error(`web: no result after ${TIMEOUT_MS / 1000} s (${name}); see ${server.logFile} and ${dataDir}`);
      }
      if (!stats) console.error(`web: the suite reported no counts (${name}); did it run in the web worker extension host? See the log above.`);
      return { code: stats ? code : 1, stats };
    };
    const passes = [
      await pass('folder on the server, Restricted Mode', workspace),
      // A virtual workspace, as github.dev opens one: the workbench takes a URI with a scheme as the folder.
      await pass('virtual folder', `${VIRTUAL_SCHEME}:/`),
    ];
    const counted = passes.every((p) => p.stats);
    if (statsFile && counted) {
      const sum = (key) => passes.reduce((total, p) => total + (p.stats[key] ?? 0), 0);
      writeFileSync(statsFile, JSON.stringify({ passed: sum('passed'), failed: sum('failed'), skipped: sum('skipped'), notRun: sum('notRun'), tests: sum('tests'), failures: passes.flatMap((p) => p.stats.failures ?? []) }));
    }
    return passes.find((p) => p.code !== 0)?.code ?? 0;
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await browser?.close().catch(() => {});
    await stopAfterRun(server, failed);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runWeb({ statsFile: process.env.SDP_TEST_STATS }).then(
    (code) => {
      if (code !== 0) console.error(`web: the web extension-host suite failed (exit code ${code}).`);
      process.exit(code);
    },
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
