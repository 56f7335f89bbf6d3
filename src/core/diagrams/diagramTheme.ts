/**
 * The diagram's colours, tied to VS Code's theme. The renderer (beautiful-mermaid) paints every
 * shape with a CSS variable (`var(--_line)`, `var(--_node-fill)`, ...) that its own `<style>` derives
 * from a background and a foreground. That style element is removed (the card's CSP allows no inline
 * style), and each variable is replaced here by the VS Code theme colour with the same role, so one
 * SVG reads in light, dark and high-contrast themes and follows a theme change without a re-render.
 *
 * Every value falls back to a CSS system colour (`Canvas`, `CanvasText`, `GrayText`), so the SVG
 * also reads outside VS Code (`sdp show --json`). In high-contrast themes `--vscode-contrastBorder`
 * is defined and wins for outlines; in other themes it is not, and the next colour applies.
 */
export const DIAGRAM_COLOURS: Readonly<Record<string, string>> = {
  // Background and text.
  '--bg': 'var(--vscode-editor-background, Canvas)',
  '--_group-fill': 'var(--vscode-editor-background, Canvas)',
  '--fg': 'var(--vscode-editor-foreground, CanvasText)',
  '--_text': 'var(--vscode-editor-foreground, CanvasText)',
  '--_text-sec': 'var(--vscode-descriptionForeground, CanvasText)',
  '--_text-muted': 'var(--vscode-descriptionForeground, CanvasText)',
  '--_text-faint': 'var(--vscode-descriptionForeground, GrayText)',
  // Connectors: the line in the secondary text colour, the arrow head in the text colour.
  '--_line': 'var(--vscode-contrastBorder, var(--vscode-descriptionForeground, CanvasText))',
  '--_arrow': 'var(--vscode-editor-foreground, CanvasText)',
  // Boxes: the editor widgets' fill, outlined in a colour with contrast on every theme.
  '--_node-fill': 'var(--vscode-editorWidget-background, Canvas)',
  '--_node-stroke': 'var(--vscode-contrastBorder, var(--vscode-descriptionForeground, CanvasText))',
  '--_group-hdr': 'var(--vscode-textCodeBlock-background, Canvas)',
  '--_key-badge': 'var(--vscode-textCodeBlock-background, Canvas)',
  '--_inner-stroke': 'var(--vscode-contrastBorder, var(--vscode-widget-border, GrayText))',
};

/** Attributes that carry a colour. */
const COLOUR_ATTRIBUTES: ReadonlySet<string> = new Set(['fill', 'stroke', 'stop-color', 'color']);

/** Colour values that are no colour of their own. */
const NEUTRAL = /^(?:none|transparent|currentColor|inherit|url\(#[A-Za-z][\w-]*\))$/i;

/** Elements whose `fill` is the colour of their letters, not of an area. */
const TEXT_ELEMENTS: ReadonlySet<string> = new Set(['text', 'tspan']);

/**
 * Rewrites one attribute value: each `var(--name)` of the renderer becomes its theme colour. A
 * literal colour (`#fff`, `red`, `rgb(...)`) should not reach this point (the validator refuses the
 * `classDef`, `style` and `linkStyle` lines that produce one), but if the renderer ever writes one
 * it is not kept: an area's fill becomes the box colour, and a line or the letters become
 * `currentColor`, the card's text colour, so a label is never painted in its own box's colour. A
 * variable with no mapping is reported through `unknown`, so the build fails rather than ship an
 * unthemed shape.
 */
export function themeAttribute(attribute: string, value: string, unknown: (name: string) => void, element = ''): string {
  const themed = value.replace(/var\(\s*(--[\w-]+)\s*(?:,[^()]*(?:\([^()]*\)[^()]*)*)?\)/g, (whole, name: string) => {
    const colour = DIAGRAM_COLOURS[name];
    if (colour === undefined) {
      unknown(name);
      return whole;
    }
    return colour;
  });
  if (!COLOUR_ATTRIBUTES.has(attribute)) return themed;
  const trimmed = themed.trim();
  if (NEUTRAL.test(trimmed) || trimmed.startsWith('var(--vscode-')) return trimmed;
  return attribute === 'fill' && element !== '' && !TEXT_ELEMENTS.has(element) ? DIAGRAM_COLOURS['--_node-fill']! : 'currentColor';
}
