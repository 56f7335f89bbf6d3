/**
 * An allow-list SVG sanitiser that needs no DOM. It reads the renderer's SVG as a stream of tags,
 * keeps only the elements and attributes a drawn diagram needs, and writes them out again with
 * every value escaped. What it drops, whatever the input: `<script>`, `<style>`, `<foreignObject>`,
 * `<image>`, `<a>`, `<use>` and any other element not listed (with everything inside it), event
 * handler attributes (`on*`), `style` attributes, `href`/`xlink:href`, and any `url(...)` that does
 * not point at an element of the same SVG (`url(#id)`). Comments, processing instructions,
 * doctypes and CDATA sections are dropped too.
 *
 * The card's CSP (no inline script or style, no remote resource) would block most of this anyway;
 * the sanitiser makes the SVG safe on its own, for `sdp show --json` and for any other consumer.
 */

/** Elements a diagram may contain. */
const ELEMENTS: ReadonlySet<string> = new Set([
  'svg', 'g', 'defs', 'marker', 'title', 'desc',
  'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'path', 'text', 'tspan',
]);

/** Attributes a diagram element may carry (ARIA is added by the caller, after sanitising). */
const ATTRIBUTES: ReadonlySet<string> = new Set([
  'xmlns', 'viewBox', 'width', 'height', 'id', 'class',
  'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'dx', 'dy', 'd', 'points', 'transform',
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-linejoin', 'stroke-linecap', 'stroke-opacity', 'opacity',
  'marker-start', 'marker-mid', 'marker-end', 'markerWidth', 'markerHeight', 'markerUnits', 'refX', 'refY', 'orient',
  'font-size', 'font-weight', 'font-style', 'font-family', 'text-anchor', 'dominant-baseline', 'alignment-baseline',
  'role', 'aria-labelledby', 'aria-hidden', 'focusable',
]);

/** Values that could load or run something, whatever attribute they sit in. */
const UNSAFE_VALUE = /javascript:|data:|vbscript:|expression\s*\(|@import|<|>/i;
const LOCAL_URL = /^url\(#[A-Za-z][\w-]*\)$/;

export interface SanitizeResult {
  readonly svg: string;
  /** What was removed, one entry per kind ("element script", "attribute onclick", ...), for tests and logs. */
  readonly removed: readonly string[];
}

/** A value rewriter for attribute values, for example theming colours; returns the value to keep. */
export type AttributeRewriter = (element: string, attribute: string, value: string) => string;

const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*>?|<\?[\s\S]*?(?:\?>|$)|<\/?([A-Za-z][\w:.-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*(\/?)>|<|[^<]+/g;
const ATTRIBUTE = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

export function sanitizeSvg(input: string, rewrite: AttributeRewriter = (_e, _a, v) => v): SanitizeResult {
  const out: string[] = [];
  const removed = new Set<string>();
  /** Depth inside a dropped element: everything in it goes too. */
  let dropDepth = 0;
  const open: string[] = [];
  let sawRoot = false;

  for (const match of input.matchAll(TOKEN)) {
    const token = match[0];
    const name = match[1];
    if (!name) {
      if (token.startsWith('<')) {
        if (token !== '<') removed.add(token.startsWith('<!--') ? 'comment' : 'markup declaration');
        continue;
      }
      if (dropDepth === 0 && open.length > 0) out.push(escapeText(decodeEntities(token)));
      continue;
    }
    const closing = token.startsWith('</');
    const selfClosing = match[3] === '/';
    const element = name;
    if (closing) {
      if (dropDepth > 0) {
        dropDepth -= 1;
        continue;
      }
      // Close only what is open; a stray closing tag is ignored.
      const at = open.lastIndexOf(element);
      if (at < 0) continue;
      while (open.length > at) out.push(`</${open.pop()!}>`);
      continue;
    }
    if (dropDepth > 0 || !ELEMENTS.has(element) || (element === 'svg' && sawRoot && open.length === 0)) {
      removed.add(`element ${element}`);
      if (!selfClosing) dropDepth += 1;
      continue;
    }
    if (open.length === 0 && element !== 'svg') {
      removed.add(`element ${element} outside <svg>`);
      if (!selfClosing) dropDepth += 1;
      continue;
    }
    if (element === 'svg' && open.length === 0) sawRoot = true;
    const attributes: string[] = [];
    for (const attribute of (match[2] ?? '').matchAll(ATTRIBUTE)) {
      const attributeName = attribute[1]!;
      const raw = attribute[2] ?? attribute[3] ?? attribute[4];
      if (!ATTRIBUTES.has(attributeName) || raw === undefined) {
        removed.add(`attribute ${attributeName}`);
        continue;
      }
      const value = rewrite(element, attributeName, decodeEntities(raw));
      if (!isSafeValue(value)) {
        removed.add(`attribute ${attributeName} (unsafe value)`);
        continue;
      }
      attributes.push(` ${attributeName}="${escapeAttribute(value)}"`);
    }
    out.push(`<${element}${attributes.join('')}${selfClosing ? '/>' : '>'}`);
    if (!selfClosing) open.push(element);
  }
  while (open.length > 0) out.push(`</${open.pop()!}>`);
  return { svg: out.join(''), removed: [...removed].sort() };
}

function isSafeValue(value: string): boolean {
  if (UNSAFE_VALUE.test(value)) return false;
  for (const url of value.matchAll(/url\s*\([^)]*\)?/gi)) {
    if (!LOCAL_URL.test(url[0])) return false;
  }
  return true;
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return safeCodePoint(Number.parseInt(entity.slice(2), 16)) ?? whole;
    if (entity.startsWith('#')) return safeCodePoint(Number(entity.slice(1))) ?? whole;
    return NAMED[entity] ?? whole;
  });
}

function safeCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}
