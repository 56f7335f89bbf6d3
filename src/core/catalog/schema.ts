import type { NodeKind } from './model';

export type FieldType = 'string' | 'string[]' | 'number' | 'source[]';

export interface KindSchema {
  /** Sections that must be present (compared case-insensitively). */
  readonly sections: readonly string[];
  /** Fields that must be present, beyond title and summary. */
  readonly required: readonly string[];
  /** Fields that may be present, beyond the common ones. */
  readonly optional: readonly string[];
  /** Minimum list lengths. */
  readonly minItems?: Readonly<Record<string, number>>;
}

/** Fields every node may carry. `title` and `summary` are required everywhere. */
export const COMMON_FIELDS: Readonly<Record<string, FieldType>> = {
  title: 'string',
  summary: 'string',
  keywords: 'string[]',
  related: 'string[]',
  order: 'number',
  parent: 'string',
};

export const FIELD_TYPES: Readonly<Record<string, FieldType>> = {
  ...COMMON_FIELDS,
  pros: 'string[]',
  cons: 'string[]',
  figures: 'string[]',
  bestFor: 'string',
  avoidWhen: 'string',
  cost: 'string',
  snippets: 'string[]',
  question: 'string',
  interviewAnswer: 'string',
  answeredBy: 'string[]',
  appliesTo: 'string[]',
  askedWhen: 'string[]',
  patterns: 'string[]',
  lessons: 'string[]',
  notKeywords: 'string[]',
  contextKeywords: 'string[]',
  sources: 'source[]',
  limits: 'string[]',
};

const bodyOnly: KindSchema = { sections: ['Body'], required: [], optional: ['question', 'patterns', 'figures'] };

export const SCHEMAS: Readonly<Record<NodeKind, KindSchema>> = {
  pattern: {
    sections: ['Overview', 'Problem', 'Comparison', 'When to reach for it'],
    required: ['order', 'keywords', 'sources'],
    optional: ['figures', 'notKeywords', 'contextKeywords', 'limits'],
  },
  solution: {
    sections: ['How it works', 'When to use'],
    required: ['pros', 'cons', 'keywords', 'bestFor', 'avoidWhen'],
    optional: ['figures', 'snippets', 'cost'],
    minItems: { pros: 2, cons: 2 },
  },
  'deep-dive': {
    sections: ['Answer'],
    required: ['question', 'interviewAnswer'],
    optional: ['answeredBy', 'appliesTo', 'askedWhen', 'figures', 'snippets'],
  },
  example: { sections: ['How it works'], required: [], optional: ['figures', 'lessons'] },
  combination: {
    sections: ['Problem', 'Architecture', 'Why it works'],
    required: ['patterns', 'keywords'],
    optional: ['figures', 'sources'],
    minItems: { patterns: 2 },
  },
  group: { sections: [], required: [], optional: [] },
  guide: { sections: [], required: [], optional: ['patterns', 'sources'] },
  step: bodyOnly,
  questions: bodyOnly,
  section: bodyOnly,
  entry: { ...bodyOnly, required: ['patterns'] },
};

/** Deep dives under a pattern feed the suggest engine's open questions, so they must say what answers them. */
export const PATTERN_DEEP_DIVE_REQUIRED = ['answeredBy'] as const;

export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const FULL_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
