import MarkdownIt from 'markdown-it';

/**
 * A Mermaid diagram as written in a card's markdown: a ```mermaid fence whose first lines name the
 * diagram for screen readers with Mermaid's own accessibility lines, `accTitle: ...` (the title) and
 * `accDescr: ...` (the text alternative). Those lines travel with the source, so a diagram copied
 * into a design doc stays accessible where GitHub or another Mermaid renderer draws it.
 */
export interface DiagramSource {
  /** The fence's content as written (what "Copy Mermaid" copies). */
  readonly source: string;
  /**
   * The source with the accessibility lines turned into Mermaid comments (`%%`), for the validator
   * and the renderer: line numbers stay those of the source.
   */
  readonly body: string;
  readonly title: string | undefined;
  readonly alt: string | undefined;
  /** 0-based line of the opening fence inside the markdown it came from. */
  readonly fenceLine: number;
}

/** The info string of a diagram fence. */
export const DIAGRAM_LANGUAGE = 'mermaid';

const md = new MarkdownIt({ html: false });
const ACC_LINE = /^\s*(accTitle|accDescr)\s*:\s*(.*?)\s*$/;
const ACC_BLOCK = /^\s*accDescr\s*\{/;

/** Every ```mermaid fence of a markdown text, in order. */
export function findDiagrams(markdown: string): DiagramSource[] {
  const out: DiagramSource[] = [];
  for (const token of md.parse(markdown, {})) {
    if (token.type !== 'fence' || !token.map || !isDiagramInfo(token.info)) continue;
    out.push(readDiagram(token.content, token.map[0]));
  }
  return out;
}

export function isDiagramInfo(info: string): boolean {
  return info.trim().split(/\s+/)[0]?.toLowerCase() === DIAGRAM_LANGUAGE;
}

/** The key a rendered diagram is found by when its fence is rendered: the source without trailing space. */
export function diagramKey(source: string): string {
  return source.replace(/\s+$/, '');
}

function readDiagram(content: string, fenceLine: number): DiagramSource {
  const source = diagramKey(content);
  let title: string | undefined;
  let alt: string | undefined;
  const body = source
    .split('\n')
    .map((line) => {
      const acc = ACC_LINE.exec(line);
      if (!acc) return line;
      if (acc[1] === 'accTitle') title ??= acc[2] || undefined;
      else alt ??= acc[2] || undefined;
      return `%% ${acc[1]}`;
    })
    .join('\n');
  return { source, body, title, alt, fenceLine };
}

/**
 * Lines that would paint with a colour of their own: `classDef`, `style`, `linkStyle` (flowcharts
 * and state diagrams) and a coloured `rect` block (sequence diagrams). The card themes every diagram
 * from VS Code's colours, so a literal colour has no place to go (it would hide a label on one theme
 * or another); the line is refused at its own line.
 */
const STYLE_LINE = /^\s*(?:(classDef|style|linkStyle)\b|(rect)\s+(?:rgba?\(|hsla?\(|#|[A-Za-z]+\s*$))/;

/** Problems a diagram has before it is rendered: what a reader with a screen reader would miss, and colours of its own. */
export function diagramSourceProblems(diagram: DiagramSource): { line: number; message: string }[] {
  const problems: { line: number; message: string }[] = [];
  const lines = diagram.source.split('\n');
  const block = lines.findIndex((l) => ACC_BLOCK.test(l));
  if (block >= 0) {
    problems.push({ line: block + 1, message: 'write the diagram\'s text alternative on one line, "accDescr: ...", not as an "accDescr { ... }" block' });
  }
  lines.forEach((l, i) => {
    const styled = STYLE_LINE.exec(l);
    if (!styled) return;
    const what = styled[2] ? 'a coloured "rect" block' : `"${styled[1]}"`;
    problems.push({ line: i + 1, message: `${what} gives the diagram a colour of its own: remove it, the card draws every diagram in the editor's theme colours` });
  });
  if (!diagram.title) problems.push({ line: 1, message: 'diagram has no title: add a line "accTitle: <what the diagram shows>" after the diagram type' });
  if (!diagram.alt) {
    problems.push({ line: 1, message: 'diagram has no text alternative: add a line "accDescr: <the diagram in one or two sentences>" after the diagram type' });
  }
  return problems;
}
