#!/usr/bin/env node
// Renders the Marketplace icon media/icon.svg to media/icon.png (256×256) with the Chromium the
// UI tests use (scripts/test-host). The PNG is committed; run this after changing the SVG.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumCandidates } from './test-host/paths.mjs';
import { existsSync } from 'node:fs';

const root = fileURLToPath(new URL('..', import.meta.url));
const SIZE = 256;
const executablePath = process.env.SDP_CHROMIUM ?? chromiumCandidates.find((c) => existsSync(c));
if (!executablePath) {
  console.error('icon: no Chromium found. Install it with: sudo apt-get update && sudo apt-get install -y chromium (or set SDP_CHROMIUM).');
  process.exit(1);
}
const svg = readFileSync(join(root, 'media', 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(root, 'media', 'icon.png'), omitBackground: true });
  console.log('icon: wrote media/icon.png');
} finally {
  await browser.close();
}
