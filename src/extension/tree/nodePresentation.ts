import * as vscode from 'vscode';
import type { CatalogNode, NodeKind } from '../../core/catalog/model';
import { strings } from '../strings';

/** Codicon per node kind, so a glance at the tree tells patterns from solutions from questions. */
const ICONS: Record<NodeKind, string> = {
  pattern: 'symbol-structure',
  solution: 'lightbulb',
  'deep-dive': 'question',
  example: 'globe',
  combination: 'layers',
  group: 'layers-active',
  guide: 'book',
  step: 'list-ordered',
  questions: 'comment-discussion',
  section: 'note',
  entry: 'arrow-right',
};

export function iconFor(kind: NodeKind): vscode.ThemeIcon {
  return new vscode.ThemeIcon(ICONS[kind]);
}

/** The short text beside a label: what the item is for, or what kind of item it is. */
export function descriptionFor(node: CatalogNode): string {
  if (node.kind === 'solution' && node.bestFor) return node.bestFor;
  return strings.kindLabel(node.kind);
}

export function tooltipFor(node: CatalogNode): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.supportHtml = false;
  tooltip.appendMarkdown(`**${escapeMarkdown(node.title)}** · ${escapeMarkdown(strings.kindLabel(node.kind))}\n\n`);
  tooltip.appendMarkdown(escapeMarkdown(node.question ?? node.summary));
  return tooltip;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
