#!/usr/bin/env node
// The extension's localisation files, generated (docs/localisation.md):
//   l10n/bundle.l10n.json          every literal `vscode.l10n.t('...')` under src/, extracted by
//                                  @vscode/l10n-dev (the same extractor as `npx @vscode/l10n-dev export`)
//   l10n/bundle.l10n.qps-ploc.json the pseudo-locale of it: accented and wrapped in ⟦ ⟧
//   package.nls.qps-ploc.json      the pseudo-locale of package.nls.json (the manifest's strings)
//
//   node scripts/l10n.mjs          writes the three files
//   node scripts/l10n.mjs --check  writes nothing; exits 1 and names the stale files if any
//                                  differs from what the sources give (the unit level runs it too)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getL10nJson, getL10nPseudoLocalized } from '@vscode/l10n-dev';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Marks of the pseudo-locale: a string shown without them did not come from a bundle. */
export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The English bundle: key = the literal, value = the same text (VS Code's format for the default bundle). */
export async function englishBundle() {
  const files = sourceFiles(join(root, 'src')).map((path) => ({ contents: readFileSync(path, 'utf8'), extension: extname(path) }));
  const bundle = await getL10nJson(files);
  // Sorted, so the file does not churn when code moves between files.
  return Object.fromEntries(Object.keys(bundle).sort().map((key) => [key, bundle[key]]));
}

/** Accented by @vscode/l10n-dev (placeholders, codicons and command links kept), then bracketed. */
export function pseudoBundle(bundle) {
  const accented = getL10nPseudoLocalized(bundle);
  return Object.fromEntries(Object.entries(accented).map(([key, value]) => {
    const text = typeof value === 'string' ? value : value.message;
    return [key, `${PSEUDO_OPEN}${text}${PSEUDO_CLOSE}`];
  }));
}

export async function expectedFiles() {
  const bundle = await englishBundle();
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
  return new Map([
    ['l10n/bundle.l10n.json', bundle],
    ['l10n/bundle.l10n.qps-ploc.json', pseudoBundle(bundle)],
    ['package.nls.qps-ploc.json', pseudoBundle(nls)],
  ]);
}

const format = (json) => `${JSON.stringify(json, null, 2)}\n`;

async function main() {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const [file, json] of await expectedFiles()) {
    const path = join(root, file);
    let current;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === format(json)) continue;
    if (check) stale.push(relative(root, path));
    else writeFileSync(path, format(json));
  }
  if (check && stale.length > 0) {
    console.error(`l10n: ${stale.join(', ')} ${stale.length === 1 ? 'is' : 'are'} stale: a vscode.l10n.t string or package.nls.json changed. Run "npm run l10n" and commit the result.`);
    process.exit(1);
  }
  if (!check) console.log('l10n: wrote l10n/bundle.l10n.json, l10n/bundle.l10n.qps-ploc.json and package.nls.qps-ploc.json');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
