import { parseFragment, parse } from 'parse5';

/**
 * A real HTML parser's view of rendered card markup (parse5 parses as a browser does), so the
 * safety checks see what the webview would build, not what a regular expression guesses.
 */
export interface ParsedElement {
  readonly tag: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly text: string;
}

interface P5Node {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: P5Node[];
  content?: P5Node;
  value?: string;
}

function textOf(node: P5Node): string {
  if (node.nodeName === '#text') return node.value ?? '';
  return (node.childNodes ?? []).map(textOf).join('');
}

function collect(node: P5Node, out: ParsedElement[]): void {
  if (node.tagName) {
    out.push({ tag: node.tagName, attrs: new Map((node.attrs ?? []).map((a) => [a.name, a.value])), text: textOf(node) });
  }
  for (const child of node.childNodes ?? []) collect(child, out);
  if (node.content) collect(node.content, out);
}

export function elementsOfFragment(html: string): ParsedElement[] {
  const out: ParsedElement[] = [];
  collect(parseFragment(html) as unknown as P5Node, out);
  return out;
}

export function elementsOfDocument(html: string): ParsedElement[] {
  const out: ParsedElement[] = [];
  collect(parse(html) as unknown as P5Node, out);
  return out;
}

/** Components the card may use; anything else custom would be an injection. */
const ALLOWED_CUSTOM = new Set(['vscode-button', 'vscode-badge', 'vscode-tabs', 'vscode-tab-header', 'vscode-tab-panel']);
const FORBIDDEN_TAGS = new Set([
  'script', 'style', 'link', 'meta', 'base', 'iframe', 'frame', 'object', 'embed', 'img', 'picture', 'source',
  'video', 'audio', 'track', 'math', 'form', 'input', 'textarea', 'select', 'template', 'noscript', 'portal',
  // Inline SVG is allowed for build-time diagrams (docs/diagrams.md), but nothing in it that embeds or links.
  'foreignObject', 'foreignobject', 'image', 'use', 'feImage', 'animate', 'set', 'animateTransform', 'animateMotion',
]);
const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
const RESOURCE_ATTRS = new Set(['src', 'srcset', 'style', 'action', 'formaction', 'background', 'poster', 'data', 'xlink:href', 'ping']);

/**
 * Every problem that would let a card run code or load something: scripts and other active or
 * embedding elements, event handler attributes, resource attributes, and links other than
 * in-panel catalog links and marked http(s) links. Empty when the markup is safe.
 */
export function auditCardMarkup(elements: readonly ParsedElement[], hasNode: (id: string) => boolean): string[] {
  const problems: string[] = [];
  for (const el of elements) {
    if (FORBIDDEN_TAGS.has(el.tag)) problems.push(`<${el.tag}> element`);
    if (el.tag.includes('-') && !ALLOWED_CUSTOM.has(el.tag)) problems.push(`unexpected custom element <${el.tag}>`);
    for (const [name, value] of el.attrs) {
      if (/^on/i.test(name)) problems.push(`event handler attribute ${name} on <${el.tag}>`);
      if (RESOURCE_ATTRS.has(name)) problems.push(`resource attribute ${name}="${value}" on <${el.tag}>`);
      if (/^\s*(javascript|vbscript|data|command|file|vscode):/i.test(value)) problems.push(`${name}="${value}" on <${el.tag}>`);
      const svgNamespace = name === 'xmlns' && el.tag === 'svg' && value === SVG_NAMESPACE;
      if (name !== 'href' && name !== 'title' && !svgNamespace && /https?:\/\//i.test(value)) problems.push(`remote URL in ${name}="${value}" on <${el.tag}>`);
      if (/url\(\s*(?!#)/i.test(value)) problems.push(`url() to something outside the card in ${name}="${value}" on <${el.tag}>`);
    }
    const href = el.attrs.get('href');
    if (href !== undefined) {
      if (el.tag !== 'a') problems.push(`href on <${el.tag}>`);
      const node = /^sdp:(.+)$/.exec(href);
      if (node) {
        if (el.attrs.get('data-node') !== node[1]) problems.push(`catalog link ${href} without a matching data-node`);
        if (!hasNode(node[1]!)) problems.push(`catalog link ${href} to a missing node`);
      } else if (/^https?:\/\/[^\s/?#]+/i.test(href)) {
        if (el.attrs.get('data-external') !== 'true') problems.push(`web link ${href} not marked data-external`);
      } else {
        problems.push(`link with href="${href}"`);
      }
    }
  }
  return problems;
}
