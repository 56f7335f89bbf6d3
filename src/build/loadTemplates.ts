/**
 * Build step: the design doc templates of content/templates/*.md, parsed and checked, for
 * dist/templates.json (the "New Design Doc" command reads it).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseTemplate, type DesignDocTemplate, type TemplateProblem } from '../core/templates/designDocTemplates';

export function loadTemplates(dir: string, displayRoot: string): { templates: DesignDocTemplate[]; problems: TemplateProblem[] } {
  const templates: DesignDocTemplate[] = [];
  const problems: TemplateProblem[] = [];
  if (!existsSync(dir)) return { templates, problems };
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.md') || name === 'README.md') continue;
    const file = relative(displayRoot, join(dir, name)).split('\\').join('/');
    const template = parseTemplate(file, readFileSync(join(dir, name), 'utf8'), problems);
    if (template && !template.body.includes('{{')) problems.push({ file, kind: 'no-placeholder', message: 'the template has no {{placeholder}}: give the writer at least one tab stop' });
    if (template) templates.push(template);
  }
  return { templates, problems };
}
