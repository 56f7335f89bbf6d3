/**
 * SARIF 2.1.0 for CI (`sdp suggest FILE... --format sarif`): one run over the files, one rule per pattern and per open-question
 * kind (deep dive of the catalog, or design check), one (`unknown-id`) for a review comment's word that is no id, one
 * (`malformed-comment`) for a review comment that does nothing for its form, one (`idle-todo`) for an
 * sdp-todo marker that keeps no question open, and one result per finding, located at its line and column.
 * GitHub code scanning and other CI tools read it. The shape follows the OASIS SARIF 2.1.0
 * schema; test/unit/review/sarif.test.ts validates the output against it.
 */
import { IDLE_TODO_RULE, MALFORMED_COMMENT_RULE, UNKNOWN_ID_RULE, type FindingKind, type ReviewFinding } from './inDocumentReview';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';
export const SARIF_LEVELS: readonly SarifLevel[] = ['none', 'note', 'warning', 'error'];
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The rule of a word a review comment names that is no id (the CLI lists it with the catalog's rules). */
export const UNKNOWN_ID_SARIF_RULE: SarifRuleSource = {
  id: UNKNOWN_ID_RULE,
  kind: 'unknown-id',
  title: 'Unknown id in a review comment',
  description: 'An sdp-ignore comment or sdp-todo marker names a word that is not an id it may name, so it hides nothing (or keeps no question open). Correct the id or remove it.',
};

/** The rule of a review comment that does nothing for its form (the CLI lists it with the catalog's rules). */
export const MALFORMED_COMMENT_SARIF_RULE: SarifRuleSource = {
  id: MALFORMED_COMMENT_RULE,
  kind: 'malformed-comment',
  title: 'Review comment that does nothing',
  description: 'An sdp-ignore comment with no --> after it on the line where it starts hides nothing, and an sdp-todo marker with no id right after its colon, or with no --> after it (none in its paragraph, for one read as paragraph text: inside a line of text, or indented four spaces or more under one), or with another comment (<!--) right after its colon, before its id (a preview ends the marker at that comment\'s -->), keeps no question open. Write the ignore comment on one line, the marker\'s id on its first line, and end the marker with --> (a marker that starts a line of its own, indented less than four spaces, may end after blank lines).',
};

/** The rule of an sdp-todo marker that names a real question but keeps it open nowhere (the CLI lists it with the catalog's rules). */
export const IDLE_TODO_SARIF_RULE: SarifRuleSource = {
  id: IDLE_TODO_RULE,
  kind: 'idle-todo',
  title: 'sdp-todo marker that keeps no question open',
  description: 'An sdp-todo marker names a deep dive or design check that the review does not ask of this document: the question is about a solution the document never names, or is asked only under a pattern the review is not sure the document needs, or an sdp-ignore comment names it too. The marker holds nothing open while it stands. Name what the question needs in the document, or delete the marker (or the sdp-ignore comment).',
};

/** The rule of each kind of finding on a review comment, for every such kind (the CLI lists them after the catalog's rules). */
export const REVIEW_COMMENT_SARIF_RULES: Readonly<Record<Exclude<FindingKind, 'question' | 'capacity'>, SarifRuleSource>> = {
  'unknown-id': UNKNOWN_ID_SARIF_RULE,
  'malformed-comment': MALFORMED_COMMENT_SARIF_RULE,
  'idle-todo': IDLE_TODO_SARIF_RULE,
};

/** The tag each kind of rule carries besides `design-review`. */
const TAGS: Readonly<Record<FindingKind, string>> = { question: 'open-question', capacity: 'capacity', 'unknown-id': 'review-comment', 'malformed-comment': 'review-comment', 'idle-todo': 'review-comment' };

export interface SarifRuleSource {
  readonly id: string;
  readonly kind: FindingKind;
  readonly title: string;
  /** A sentence: the pattern's summary, or the deep dive's question. */
  readonly description: string;
}

export interface SarifInput {
  /** Each analysed file as a URI reference (a relative path with forward slashes, or a file: URI), with its findings. */
  readonly artifacts: readonly {
    readonly uri: string;
    readonly findings: readonly ReviewFinding[];
    /** The artifact's property bag (SARIF 2.1.0 §3.8): what held for this file alone, e.g. `deepDivesOff`. */
    readonly properties?: Readonly<Record<string, unknown>>;
  }[];
  readonly rules: readonly SarifRuleSource[];
  readonly levels: Readonly<Record<FindingKind, SarifLevel>>;
  readonly toolVersion: string;
  /** Files that could not be reviewed (unreadable, binary): reported, while the others keep their results. */
  readonly failures?: readonly { readonly uri: string; readonly message: string }[];
  /** Files reviewed only in part (cut at the size limit): warning notifications, while the run still succeeded. */
  readonly partial?: readonly { readonly uri: string; readonly message: string }[];
  /** A property bag for the run's invocation (how the tool was run, e.g. `{ deepDives: false }`); with it the log holds an invocation. */
  readonly invocationProperties?: Readonly<Record<string, unknown>>;
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly SarifRun[];
}

interface SarifRun {
  readonly tool: { readonly driver: { readonly name: string; readonly fullName: string; readonly version: string; readonly rules: readonly SarifRule[] } };
  readonly columnKind: 'utf16CodeUnits';
  readonly artifacts: readonly { readonly location: { readonly uri: string }; readonly properties?: Readonly<Record<string, unknown>> }[];
  readonly results: readonly SarifResult[];
  readonly invocations?: readonly SarifInvocation[];
}

interface SarifInvocation {
  readonly executionSuccessful: boolean;
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly toolExecutionNotifications?: readonly {
    readonly level: 'error' | 'warning';
    readonly message: { readonly text: string };
    readonly locations: readonly { readonly physicalLocation: { readonly artifactLocation: { readonly uri: string } } }[];
  }[];
}

interface SarifRule {
  readonly id: string;
  readonly shortDescription: { readonly text: string };
  readonly fullDescription: { readonly text: string };
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: { readonly tags: readonly string[] };
}

interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: { readonly text: string };
  readonly locations: readonly {
    readonly physicalLocation: {
      readonly artifactLocation: { readonly uri: string; readonly index: number };
      readonly region: { readonly startLine: number; readonly startColumn: number; readonly endLine: number; readonly endColumn: number };
    };
  }[];
}

export function buildSarif(input: SarifInput): SarifLog {
  const toRule = (r: SarifRuleSource): SarifRule => ({
    id: r.id,
    shortDescription: { text: r.title },
    fullDescription: { text: r.description || r.title },
    defaultConfiguration: { level: input.levels[r.kind] },
    properties: { tags: ['design-review', TAGS[r.kind]] },
  });
  const rules: SarifRule[] = input.rules.map(toRule);
  const failures = input.failures ?? [];
  const partial = input.partial ?? [];
  const notification = (level: 'error' | 'warning') => (f: { readonly uri: string; readonly message: string }) => ({
    level, message: { text: f.message }, locations: [{ physicalLocation: { artifactLocation: { uri: f.uri } } }],
  });
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  const results: SarifResult[] = [];
  input.artifacts.forEach((artifact, index) => artifact.findings.forEach((f) => {
    const level = input.levels[f.kind];
    if (level === 'none') return;
    // A finding whose rule the caller did not list still counts: its rule is made from the finding,
    // so a new kind of question can never drop out of the CI log unseen.
    let ruleIndex = indexOf.get(f.ruleId);
    if (ruleIndex === undefined) {
      const source: SarifRuleSource = f.kind === 'question'
        ? { id: f.ruleId, kind: f.kind, title: f.questionTitle ?? f.cardTitle, description: f.question ?? f.cardTitle }
        : f.kind === 'capacity'
          ? { id: f.ruleId, kind: f.kind, title: f.patternTitle, description: f.patternTitle }
          : REVIEW_COMMENT_SARIF_RULES[f.kind];
      ruleIndex = rules.push(toRule(source)) - 1;
      indexOf.set(f.ruleId, ruleIndex);
    }
    results.push({
      ruleId: f.ruleId, ruleIndex, level, message: { text: f.message },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: artifact.uri, index },
          // SARIF lines and columns are 1-based; endColumn is the column after the region.
          region: { startLine: f.range.startLine + 1, startColumn: f.range.startCharacter + 1, endLine: f.range.endLine + 1, endColumn: f.range.endCharacter + 1 },
        },
      }],
    });
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'sdp', fullName: 'System Design Patterns: design review', version: input.toolVersion, rules } },
      columnKind: 'utf16CodeUnits',
      artifacts: input.artifacts.map((a) => ({ location: { uri: a.uri }, ...(a.properties ? { properties: a.properties } : {}) })),
      results,
      ...(failures.length > 0 || partial.length > 0 || input.invocationProperties ? {
        invocations: [{
          executionSuccessful: failures.length === 0,
          ...(input.invocationProperties ? { properties: input.invocationProperties } : {}),
          ...(failures.length > 0 || partial.length > 0 ? {
            toolExecutionNotifications: [...failures.map(notification('error')), ...partial.map(notification('warning'))],
          } : {}),
        }],
      } : {}),
    }],
  };
}

/** Whether a run with these results should fail a build that fails on `threshold` or worse. */
export function failsAt(log: SarifLog, threshold: SarifLevel): boolean {
  if (threshold === 'none') return false;
  const at = SARIF_LEVELS.indexOf(threshold);
  return log.runs.some((run) => run.results.some((r) => SARIF_LEVELS.indexOf(r.level) >= at));
}

/** The rules of a catalog: every pattern (its figures past a limit) and every deep dive that asks a question. */
export function sarifRules(
  nodes: Iterable<{ readonly id: string; readonly kind: string; readonly title: string; readonly summary: string; readonly question?: string }>,
  /** The design checks (content/suggest/checks.json) the engine may ask: each is an open-question rule too. */
  checks: Iterable<{ readonly id: string; readonly title: string; readonly question: string }> = [],
): SarifRuleSource[] {
  const rules: SarifRuleSource[] = [];
  for (const n of nodes) {
    if (n.kind === 'pattern') rules.push({ id: n.id, kind: 'capacity', title: n.title, description: n.summary });
    else if (n.kind === 'deep-dive' && n.question) rules.push({ id: n.id, kind: 'question', title: n.title, description: n.question });
  }
  for (const c of checks) rules.push({ id: c.id, kind: 'question', title: c.title, description: c.question });
  return rules;
}
