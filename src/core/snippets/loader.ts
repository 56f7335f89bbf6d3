/**
 * Reads `content/snippets/<id>/` folders into `Snippet`s and reports every problem as
 * `file:line: message`. See `content/snippets/README.md` for the format.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import type { CatalogProblem } from '../catalog/model';
import { SOURCE_LIST_RULE, sourceLinks } from '../catalog/schema';
import { expandSnippetBody, validateSnippetBody } from './syntax';
import { SNIPPET_LANGUAGES, VARIANT_FILES, type Snippet, type SnippetLanguage, type SnippetVariant } from './types';

export const SNIPPET_METADATA_FILE = 'snippet.yaml';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const FULL_ID = /^[a-z0-9]+(-[a-z0-9]+)*(\/[a-z0-9]+(-[a-z0-9]+)*)*$/;
const PREFIX = /^sdp-[a-z0-9]+(-[a-z0-9]+)*$/;
const KNOWN_FIELDS = new Set(['id', 'title', 'description', 'prefix', 'implements', 'tags', 'sources']);

export interface LoadSnippetsOptions {
  /** Full catalog ids; when given, every `implements` entry must be one of them. */
  readonly knownIds?: ReadonlySet<string>;
}

export interface LoadedSnippets {
  readonly snippets: Snippet[];
  readonly problems: CatalogProblem[];
}

/** Line (1-based) of a top-level `key:` in a YAML text, or 1 when absent. */
function lineOfKey(text: string, key: string): number {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith(`${key}:`));
  return i < 0 ? 1 : i + 1;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * Loads every snippet folder under `dir`. Never throws for content errors: a broken snippet is
 * left out and its problems are returned, so one run reports everything there is to fix.
 */
export function loadSnippets(dir: string, options: LoadSnippetsOptions = {}): LoadedSnippets {
  const snippets: Snippet[] = [];
  const problems: CatalogProblem[] = [];
  const byPrefix = new Map<string, string>();
  const byTitle = new Map<string, string>();

  const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.'));
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const folder = path.join(dir, entry.name);
    const metaFile = path.join(folder, SNIPPET_METADATA_FILE);
    const before = problems.length;
    const report = (file: string, line: number, message: string): void => {
      problems.push({ file, line, message });
    };

    if (!fs.existsSync(metaFile)) {
      report(folder, 1, `snippet folder has no ${SNIPPET_METADATA_FILE}; add one (see content/snippets/README.md)`);
      continue;
    }
    const text = fs.readFileSync(metaFile, 'utf8');
    let meta: unknown;
    try {
      meta = parseYaml(text);
    } catch (err) {
      const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 1;
      report(metaFile, line, `invalid YAML: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
      report(metaFile, 1, `${SNIPPET_METADATA_FILE} must be a mapping of fields (id, title, description, prefix, implements, tags, sources)`);
      continue;
    }
    const m = meta as Record<string, unknown>;
    for (const key of Object.keys(m)) {
      if (!KNOWN_FIELDS.has(key)) {
        report(metaFile, lineOfKey(text, key), `unknown field "${key}"; allowed: ${[...KNOWN_FIELDS].join(', ')}`);
      }
    }
    const requireString = (key: string): string => {
      const value = m[key];
      if (typeof value !== 'string' || value.trim() === '') {
        report(metaFile, lineOfKey(text, key), `"${key}" is required and must be a non-empty string`);
        return '';
      }
      return value.trim();
    };
    const id = requireString('id');
    const title = requireString('title');
    const description = requireString('description');
    const prefix = requireString('prefix');
    if (id && id !== entry.name) {
      report(metaFile, lineOfKey(text, 'id'), `id "${id}" must equal its folder name "${entry.name}"`);
    } else if (id && !ID.test(id)) {
      report(metaFile, lineOfKey(text, 'id'), `id "${id}" must be kebab-case ([a-z0-9]+(-[a-z0-9]+)*)`);
    }
    if (prefix && !PREFIX.test(prefix)) {
      report(metaFile, lineOfKey(text, 'prefix'), `prefix "${prefix}" must start with "sdp-" and be kebab-case, e.g. "sdp-${entry.name}"`);
    } else if (prefix) {
      const other = byPrefix.get(prefix);
      if (other) report(metaFile, lineOfKey(text, 'prefix'), `prefix "${prefix}" is already used by snippet "${other}"`);
      else byPrefix.set(prefix, entry.name);
    }
    if (title) {
      const other = byTitle.get(title);
      if (other) report(metaFile, lineOfKey(text, 'title'), `title "${title}" is already used by snippet "${other}"; titles name the snippet in the Insert Snippet picker`);
      else byTitle.set(title, entry.name);
    }

    const implementsIds = m['implements'];
    if (!isStringList(implementsIds) || implementsIds.length === 0) {
      report(metaFile, lineOfKey(text, 'implements'), '"implements" is required: a list of full catalog ids of solutions or deep dives (e.g. contention/optimistic-locking)');
    } else {
      for (const target of implementsIds) {
        if (!FULL_ID.test(target) || !target.includes('/')) {
          report(metaFile, lineOfKey(text, 'implements'), `"implements" entry "${target}" must be a full id "<pattern>/<solution-or-deep-dive>"`);
        } else if (options.knownIds && !options.knownIds.has(target)) {
          report(metaFile, lineOfKey(text, 'implements'), `"implements" entry "${target}" is not a catalog id`);
        }
      }
    }
    const tags = m['tags'] ?? [];
    if (!isStringList(tags)) report(metaFile, lineOfKey(text, 'tags'), '"tags" must be a list of strings');
    const sources = m['sources'] === undefined ? undefined : sourceLinks(m['sources']);
    if (m['sources'] !== undefined && sources === undefined) {
      report(metaFile, lineOfKey(text, 'sources'), `"sources" must be ${SOURCE_LIST_RULE} (the pages the code's claims about real systems were checked against)`);
    }

    const variantFiles = new Map<string, SnippetLanguage>(SNIPPET_LANGUAGES.map((l) => [VARIANT_FILES[l], l]));
    const variants: SnippetVariant[] = [];
    for (const file of fs.readdirSync(folder).sort()) {
      if (file === SNIPPET_METADATA_FILE) continue;
      const language = variantFiles.get(file);
      const filePath = path.join(folder, file);
      if (!language) {
        report(filePath, 1, `unexpected file; a variant is named one of ${[...variantFiles.keys()].join(', ')}`);
        continue;
      }
      const body = fs.readFileSync(filePath, 'utf8').replace(/\r\n/g, '\n');
      if (body.trim() === '') {
        report(filePath, 1, 'variant is empty');
        continue;
      }
      for (const p of validateSnippetBody(body)) report(filePath, p.line, `${p.message} (column ${p.column})`);
      variants.push({ language, body, code: expandSnippetBody(body), source: { file: filePath, line: 1 } });
    }
    if (variants.length === 0) {
      report(folder, 1, `snippet has no variant; add at least one of ${[...variantFiles.keys()].join(', ')}`);
    }
    if (problems.length > before) continue;

    variants.sort((a, b) => SNIPPET_LANGUAGES.indexOf(a.language) - SNIPPET_LANGUAGES.indexOf(b.language));
    snippets.push({
      id,
      title,
      description,
      prefix,
      implements: implementsIds as string[],
      tags: tags as string[],
      ...(sources === undefined ? {} : { sources }),
      variants,
      source: { file: metaFile, line: 1 },
    });
  }
  return { snippets, problems };
}
