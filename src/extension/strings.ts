import * as vscode from 'vscode';

/**
 * Every user-visible string of the editor layer, in one place and through `vscode.l10n.t`
 * so it can be localized.
 */
export const strings = {
  catalogLoadFailed: (detail: string) =>
    vscode.l10n.t('System Design Patterns could not load its catalog: {0}. Reinstall the extension or run "npm run build" in its folder.', detail),
  searchPlaceholder: () => vscode.l10n.t('Search patterns, solutions, deep dives and guides by title, keyword or summary'),
  kindLabel: (kind: string) => vscode.l10n.t(kindLabels[kind] ?? kind),
  nodeNotFound: (id: string) => vscode.l10n.t('No catalog item has the id "{0}".', id),
  copiedLink: (link: string) => vscode.l10n.t('Copied {0}', link),
};

const kindLabels: Record<string, string> = {
  pattern: 'pattern',
  solution: 'solution',
  'deep-dive': 'deep dive',
  example: 'real-world example',
  combination: 'combination',
  group: 'overview',
  guide: 'guide',
  step: 'step',
  questions: 'interview question',
  section: 'section',
  entry: 'scenario',
};
