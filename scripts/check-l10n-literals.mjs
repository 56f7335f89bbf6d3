#!/usr/bin/env node
// Static half of the localisation check (docs/localisation.md): flags English text that reaches
// the user without going through `vscode.l10n.t`. It parses every file under src/extension and
// looks at what is passed to the APIs that show text (notifications, the status bar, quick picks,
// input boxes, progress, tree items, markdown tooltips, webview titles, output channels) and at
// the properties that hold shown text (label, description, detail, tooltip, placeHolder, title,
// prompt, message). Such a value may be a call (`vscode.l10n.t('...')`, `strings.x()`), data
// (`node.title`) or a template whose literal parts are only punctuation (`${a} · ${b}`); a string
// literal or a template with words in it is reported as file:line.
//
//   node scripts/check-l10n-literals.mjs     exit 0 when clean, 1 with the findings
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Functions whose every argument (and the text-bearing properties of an object argument) is shown. */
const SHOWING_CALLS = new Set([
  'showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'setStatusBarMessage',
  'showQuickPick', 'showInputBox', 'withProgress', 'createOutputChannel', 'appendMarkdown', 'createStatusBarItem',
]);
/** Constructors whose shown argument is at the given position (Diagnostic's message is second). */
const SHOWING_CONSTRUCTORS = new Map([
  ['TreeItem', 0], ['MarkdownString', 0], ['CodeAction', 0], ['Hover', 0], ['Diagnostic', 1],
  ['Error', 0], ['TypeError', 0], ['RangeError', 0],
]);
/** Properties that hold shown text, in object literals and in assignments (`item.tooltip = ...`). */
const TEXT_PROPERTIES = new Set(['label', 'description', 'detail', 'tooltip', 'placeHolder', 'placeholder', 'title', 'prompt', 'message']);
/** Arguments of these positions in `createWebviewPanel(viewType, title, ...)` are shown. */
const WEBVIEW_TITLE_ARG = 1;

/** A literal with at least two letters in a row is words, not punctuation or a codicon. */
const WORDS = /\p{L}{2,}/u;

function files(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(path));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

function calleeName(expression) {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/** The literal texts of `node` that would be shown as written (not those inside a call). A name
 * declared in the same file with an initializer (`const text = 'Saved'; show(text)`) is followed
 * to that initializer (`variables`: name -> initializers; `seen` stops a cycle). */
function literalTexts(node, out = [], variables = new Map(), seen = new Set()) {
  if (ts.isIdentifier(node)) {
    if (seen.has(node.text)) return out;
    seen.add(node.text);
    for (const initializer of variables.get(node.text) ?? []) literalTexts(initializer, out, variables, seen);
  } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    out.push(node);
  } else if (ts.isTemplateExpression(node)) {
    out.push(node.head, ...node.templateSpans.map((span) => span.literal));
    for (const span of node.templateSpans) literalTexts(span.expression, out, variables, seen);
  } else if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    // A call's result is what it returns: `vscode.l10n.t('...')`, `strings.x()`, `String(n)`.
  } else if (ts.isObjectLiteralExpression(node) || ts.isArrayLiteralExpression(node)) {
    // Checked property by property below.
  } else if (ts.isElementAccessExpression(node)) {
    // `TABLE[key]` reads data; its index is not shown.
  } else {
    // The callback must return nothing: forEachChild stops at the first child whose callback
    // returns a truthy value, which would hide `reason + ' is why'` or `ok ? 'a' : 'b'`.
    ts.forEachChild(node, (child) => {
      literalTexts(child, out, variables, seen);
    });
  }
  return out;
}

export function findUnlocalised(fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings = [];
  const variables = new Map();
  const collect = (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      variables.set(node.name.text, [...(variables.get(node.name.text) ?? []), node.initializer]);
    }
    ts.forEachChild(node, collect);
  };
  collect(source);
  const report = (value, what) => {
    for (const literal of literalTexts(value, [], variables)) {
      if (!WORDS.test(literal.text)) continue;
      const { line } = source.getLineAndCharacterOfPosition(literal.getStart(source));
      findings.push({ file: fileName, line: line + 1, what, text: literal.text });
    }
  };
  const visit = (node) => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node.expression);
      if (name && SHOWING_CALLS.has(name)) node.arguments.forEach((arg) => report(arg, `${name}()`));
      if (name === 'createWebviewPanel' && node.arguments[WEBVIEW_TITLE_ARG]) report(node.arguments[WEBVIEW_TITLE_ARG], 'createWebviewPanel() title');
    } else if (ts.isNewExpression(node)) {
      const name = calleeName(node.expression);
      const position = name === undefined ? undefined : SHOWING_CONSTRUCTORS.get(name);
      const arg = position === undefined ? undefined : node.arguments?.[position];
      if (arg) report(arg, `new ${name}()`);
    } else if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) && TEXT_PROPERTIES.has(node.name.text)) {
      report(node.initializer, `${node.name.text}:`);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && TEXT_PROPERTIES.has(node.left.name.text)) {
      report(node.right, `.${node.left.name.text} =`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

function main() {
  const findings = files(join(root, 'src', 'extension')).flatMap((path) => findUnlocalised(relative(root, path), readFileSync(path, 'utf8')));
  for (const f of findings) console.error(`${f.file}:${f.line}: "${f.text}" is passed to ${f.what} as written; wrap it in vscode.l10n.t('...') (or strings.ts)`);
  if (findings.length > 0) {
    console.error(`l10n literals: ${findings.length} user-visible string(s) bypass the l10n bundle.`);
    process.exit(1);
  }
  console.log('l10n literals: every user-visible string in src/extension goes through vscode.l10n.t');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
