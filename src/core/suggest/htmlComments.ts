/**
 * HTML comments are not part of the document a reader reads: GitHub and VS Code's preview hide
 * them, and design-document templates keep their guidance in them (what a section should cover,
 * the questions a reviewer will ask). The engine parses markdown with raw HTML off, where a comment
 * would be paragraph text, so before the structure stage every comment is blanked: its words are no
 * evidence, no figure and no answer, and no line or column moves (commentSpans.ts).
 *
 * A comment runs from `<!--` to the first `-->` after it (`<!-->` is a whole one), over lines too, as a renderer reads an
 * HTML block or inline HTML. One inside code (a fenced or indented block, an inline code span:
 * codeLayout.ts) is text about a comment and stays. A `<!--` with no `-->` after it is left as
 * text: a typo must not hide the rest of a document.
 */
import { readLayout } from './codeLayout';
import { blankCommentSpans, type CommentSpan } from './commentSpans';
import { lineStartsOf } from './lines';

const OPEN = '<!--';
const CLOSE = '-->';

/** The text with every HTML comment outside code blanked; the same string when it holds none. */
export function hideHtmlComments(text: string): string {
  let open = text.indexOf(OPEN);
  if (open === -1) return text;
  // Only a document holding a comment pays for the block parse that says where code is.
  const layout = readLayout(text, lineStartsOf(text));
  const spans: CommentSpan[] = [];
  while (open !== -1) {
    if (layout.inCode(open)) {
      open = text.indexOf(OPEN, open + OPEN.length);
      continue;
    }
    // From the opener's third character: `<!-->` and `<!--->` are whole (empty) comments.
    const close = text.indexOf(CLOSE, open + 2);
    // No later `-->`: neither this opener nor any after it closes.
    if (close === -1) break;
    const end = close + CLOSE.length;
    spans.push({ start: open, end });
    open = text.indexOf(OPEN, end);
  }
  return blankCommentSpans(text, spans);
}
