import * as vscode from 'vscode';

/** The settings of the suggest command and the Design Review view (package.json `contributes.configuration`). */
export const SETTINGS_SECTION = 'systemDesignPatterns';
export const SETTING = {
  refreshOnEdit: 'review.refreshOnEdit',
  editDelayMs: 'review.editDelayMs',
  maxDocumentSizeMB: 'suggest.maxDocumentSizeMB',
  minScore: 'suggest.minScore',
  deepDiveQuestions: 'suggest.deepDiveQuestions',
} as const;

/** One "MB" of a document is a million characters: what the engine counts, and close to bytes for prose. */
export const CHARS_PER_MB = 1_000_000;

export interface ReviewSettings {
  readonly refreshOnEdit: boolean;
  readonly editDelayMs: number;
  /** The limit as the user set it, for messages. */
  readonly maxDocumentSizeMB: number;
  readonly maxChars: number;
  /** Undefined: the engine's own default. */
  readonly minScore: number | undefined;
  /** False: open questions are design checks only (RFCs and design proposals). */
  readonly deepDives: boolean;
}

const DEFAULT_EDIT_DELAY_MS = 600;
const DEFAULT_MAX_MB = 10;

export function readReviewSettings(scope?: vscode.Uri): ReviewSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const delay = config.get<number>(SETTING.editDelayMs, DEFAULT_EDIT_DELAY_MS);
  const mb = config.get<number>(SETTING.maxDocumentSizeMB, DEFAULT_MAX_MB);
  const minScore = config.get<number | null>(SETTING.minScore, null);
  // Settings files are hand-edited: anything that is not a sensible number falls back to the default.
  const maxDocumentSizeMB = isFiniteNumber(mb) && mb > 0 ? mb : DEFAULT_MAX_MB;
  return {
    refreshOnEdit: config.get<boolean>(SETTING.refreshOnEdit, true) !== false,
    editDelayMs: isFiniteNumber(delay) && delay >= 0 ? delay : DEFAULT_EDIT_DELAY_MS,
    maxDocumentSizeMB,
    maxChars: Math.max(1, Math.floor(maxDocumentSizeMB * CHARS_PER_MB)),
    minScore: isFiniteNumber(minScore) ? Math.min(1, Math.max(0, minScore)) : undefined,
    // Only an explicit false turns the deep dives off: a hand-edited value of another type keeps the default.
    deepDives: config.get<unknown>(SETTING.deepDiveQuestions, true) !== false,
  };
}

export function affectsReviewSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return Object.values(SETTING).some((key) => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`));
}

/** The full id of a setting, for "Open Settings" links. */
export function settingId(key: (typeof SETTING)[keyof typeof SETTING]): string {
  return `${SETTINGS_SECTION}.${key}`;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
