import hljs from 'highlight.js/lib/core';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import python from 'highlight.js/lib/languages/python';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';

// Only the languages the catalog's code is written in, to keep the card renderer small.
hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('python', python);
hljs.registerLanguage('go', go);
hljs.registerLanguage('java', java);
hljs.registerLanguage('sql', sql);

const ALIASES: Readonly<Record<string, string>> = { ts: 'typescript', js: 'javascript', py: 'python', golang: 'go', postgresql: 'sql', psql: 'sql' };

/**
 * Code as HTML with token spans (`<span class="hljs-keyword">`), for a known language; the
 * escaped plain code otherwise. highlight.js escapes the code itself and emits nothing but
 * spans with class attributes, so the output stays inside the card's no-script rules.
 */
export function highlightCode(code: string, language: string | undefined, escape: (s: string) => string): string {
  const name = language ? (ALIASES[language.toLowerCase()] ?? language.toLowerCase()) : undefined;
  if (!name || !hljs.getLanguage(name)) return escape(code);
  try {
    return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
  } catch {
    return escape(code);
  }
}
