import type { NodeKind, SourceLink } from './model';

export type FieldType = 'string' | 'string[]' | 'number' | 'source[]';

/** What a `sources` list must be, as a problem states it: a catalog file's front matter and a snippet's snippet.yaml alike. */
export const SOURCE_LIST_RULE = 'a non-empty list of { title, url } entries, each url an https:// address';
const SOURCE_URL = /^https:\/\/[^\s/]+\.[^\s]+$/;

/**
 * A `sources` value as read from YAML, its titles trimmed, when it is a non-empty list of entries
 * with a non-blank `title`, an https `url` (a host with a dot, no white space) and no other key;
 * undefined otherwise.
 */
export function sourceLinks(value: unknown): SourceLink[] | undefined {
  const isLink = (v: unknown): v is SourceLink =>
    typeof v === 'object' && v !== null && Object.keys(v).every((k) => k === 'title' || k === 'url') &&
    typeof (v as Record<string, unknown>)['title'] === 'string' && (v as SourceLink).title.trim() !== '' &&
    typeof (v as Record<string, unknown>)['url'] === 'string' && SOURCE_URL.test((v as SourceLink).url);
  return Array.isArray(value) && value.length > 0 && value.every(isLink) ? value.map((v) => ({ title: v.title.trim(), url: v.url })) : undefined;
}

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
