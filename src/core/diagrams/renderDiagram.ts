import { escapeHtml } from '../render/escapeHtml';
import { themeAttribute } from './diagramTheme';
import type { DiagramSource } from './findDiagrams';
import { sanitizeSvg } from './sanitizeSvg';

/** A problem in one diagram; `line` is 1-based inside the diagram's source (1 = the line after the fence). */
export interface DiagramProblem {
  readonly line: number;
  readonly message: string;
}

/**
 * The font the diagram's text is drawn in, kept in the SVG (the card does not swap it). The
 * renderer sizes each box from its own estimate of Inter's letter widths; Arial, its metric twin
 * Liberation Sans and Helvetica are narrower than that estimate, so a label drawn in any of them
 * fits the box laid out for it. A generic `system-ui` (DejaVu Sans on many Linux desktops) is wider,
 * and labels ran past their boxes.
 */
export const DIAGRAM_FONT = "Inter, Arial, 'Liberation Sans', Helvetica, sans-serif";

export type RenderOutcome = { readonly svg: string } | { readonly problems: readonly DiagramProblem[] };

/** Renders one diagram to a safe, themed, accessible SVG, or says why it cannot. */
export type DiagramRenderer = (diagram: DiagramSource, idPrefix: string) => RenderOutcome;

/** What the renderer needs from the two libraries (injected, so core never loads them itself). */
export interface MermaidLibraries {
  /** `@probelabs/maid`'s `validate`: Mermaid syntax errors with line and column. */
  readonly validate: (text: string) => { errors: readonly { line: number; column?: number; message: string; severity?: string }[] };
  /** `beautiful-mermaid`'s `renderMermaidSVG`: layout and drawing, no DOM. */
  readonly renderMermaidSVG: (text: string, options: { bg: string; fg: string; transparent: boolean; padding: number }) => string;
}

/**
 * The diagram pipeline: validate the Mermaid text (a syntax error is reported at its line, never
 * drawn half-right), draw it, sanitise the SVG with an allow-list, tie its colours to VS Code theme
 * variables, and give it `role="img"`, a `<title>` and a `<desc>` for screen readers. Ids inside the
 * SVG get `idPrefix` so two diagrams on one card never share an id.
 */
export function createDiagramRenderer(libraries: MermaidLibraries): DiagramRenderer {
  return (diagram, idPrefix) => {
    const errors = libraries.validate(diagram.body).errors.filter((e) => e.severity !== 'warning');
    if (errors.length > 0) {
      return { problems: errors.map((e) => ({ line: e.line, message: `Mermaid syntax: ${e.message}${e.column ? ` (column ${e.column})` : ''}` })) };
    }
    let drawn: string;
    try {
      // A 16 px margin instead of the renderer's 40: the card's figure has its own padding, and a
      // side panel is narrow.
      drawn = libraries.renderMermaidSVG(diagram.body, { bg: 'var(--bg)', fg: 'var(--fg)', transparent: true, padding: 16 });
    } catch (error) {
      return { problems: [{ line: 1, message: `Mermaid could not be drawn: ${(error as Error).message}` }] };
    }
    const unknown = new Set<string>();
    const { svg } = sanitizeSvg(drawn, (element, attribute, value) => {
      const themed = themeAttribute(attribute, value, (name) => unknown.add(name), element);
      return roundNumbers(prefixIds(attribute, themed, idPrefix));
    });
    if (unknown.size > 0) {
      return {
        problems: [{ line: 1, message: `the renderer used colour variables with no theme colour (${[...unknown].join(', ')}): add them to DIAGRAM_COLOURS in src/core/diagrams/diagramTheme.ts` }],
      };
    }
    return { svg: withAccessibleName(svg.replace(/>\s+</g, '><'), diagram.title ?? '', diagram.alt ?? '', idPrefix) };
  };
}

/** Coordinates to two decimals: the layout's float noise (`36.900000000000006`) only costs bytes. */
function roundNumbers(value: string): string {
  return value.replace(/-?\d+\.\d{3,}/g, (n) => String(Math.round(Number(n) * 100) / 100));
}

function prefixIds(attribute: string, value: string, prefix: string): string {
  if (attribute === 'id') return `${prefix}${value}`;
  return value.replace(/url\(#([A-Za-z][\w-]*)\)/g, (_whole, id: string) => `url(#${prefix}${id})`);
}

/**
 * Adds `role="img"`, the `<title>` as its name (`aria-labelledby`, short) and the `<desc>` as its
 * description (`aria-describedby`, the longer text alternative), so a screen reader announces the
 * title first and the description after it rather than one 300-character name.
 */
function withAccessibleName(svg: string, title: string, alt: string, prefix: string): string {
  const titleId = `${prefix}title`;
  const descId = `${prefix}desc`;
  return svg.replace(
    /^<svg([^>]*)>/,
    (_whole, attributes: string) =>
      `<svg${attributes} class="sdp-diagram" role="img" aria-labelledby="${titleId}" aria-describedby="${descId}" font-family="${DIAGRAM_FONT}">` +
      `<title id="${titleId}">${escapeHtml(title)}</title><desc id="${descId}">${escapeHtml(alt)}</desc>`,
  );
}

/** A short, stable id prefix for a diagram: letters and digits from its node id, and its index. */
export function diagramIdPrefix(nodeId: string, index: number): string {
  let hash = 0x811c9dc5;
  for (const ch of nodeId) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `sdpd-${hash.toString(36)}-${index}-`;
}
