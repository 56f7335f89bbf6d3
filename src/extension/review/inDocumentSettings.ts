import * as vscode from 'vscode';

/** Settings of the in-document review (package.json `contributes.configuration`, scope resource). */
export const IN_DOCUMENT_SETTING = {
  hovers: 'review.hovers',
  codeLensTop: 'review.codeLens.top',
  codeLensHeadings: 'review.codeLens.headings',
  diagnostics: 'review.diagnostics',
  questionSeverity: 'review.questionSeverity',
  capacitySeverity: 'review.capacitySeverity',
} as const;

const SECTION = 'systemDesignPatterns';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

export interface InDocumentSettings {
  readonly hovers: boolean;
  readonly codeLensTop: boolean;
  readonly codeLensHeadings: boolean;
  readonly diagnostics: boolean;
  readonly questionSeverity: vscode.DiagnosticSeverity;
  readonly capacitySeverity: vscode.DiagnosticSeverity;
}

const SEVERITIES: Record<SeverityName, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function readInDocumentSettings(scope?: vscode.Uri): InDocumentSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  // Settings files are hand-edited: anything that is not the expected type falls back to the default.
  const flag = (key: string): boolean => config.get<unknown>(key, true) !== false;
  const severity = (key: string, fallback: SeverityName): vscode.DiagnosticSeverity => {
    const value = config.get<unknown>(key, fallback);
    return typeof value === 'string' && value in SEVERITIES ? SEVERITIES[value as SeverityName] : SEVERITIES[fallback];
  };
  return {
    hovers: flag(IN_DOCUMENT_SETTING.hovers),
    codeLensTop: flag(IN_DOCUMENT_SETTING.codeLensTop),
    codeLensHeadings: flag(IN_DOCUMENT_SETTING.codeLensHeadings),
    diagnostics: flag(IN_DOCUMENT_SETTING.diagnostics),
    questionSeverity: severity(IN_DOCUMENT_SETTING.questionSeverity, 'information'),
    capacitySeverity: severity(IN_DOCUMENT_SETTING.capacitySeverity, 'warning'),
  };
}

export function affectsInDocumentSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return Object.values(IN_DOCUMENT_SETTING).some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
}
