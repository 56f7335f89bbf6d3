import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ContentFile } from './buildCatalog';

/** Catalog files are the markdown files under content/ except docs about the format, snippets and design doc templates. */
const SKIP_DIRS = new Set(['snippets', 'templates']);
const SKIP_FILES = new Set(['FORMAT.md', 'README.md']);

/** Reads every catalog markdown file under `contentDir`, in a stable order. */
export function readContentDir(contentDir: string, displayRoot: string): ContentFile[] {
  const out: ContentFile[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (!SKIP_DIRS.has(name)) visit(path);
      } else if (name.endsWith('.md') && !SKIP_FILES.has(name)) {
        out.push({ file: relative(displayRoot, path).split('\\').join('/'), text: readFileSync(path, 'utf8') });
      }
    }
  };
  visit(contentDir);
  return out;
}
