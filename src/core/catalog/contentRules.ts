import MarkdownIt from 'markdown-it';

/**
 * Rules about what the content says, not its structure. Each check takes one text (a section's
 * markdown or a field's string) and the file line of its first line, and returns the lines to fix.
 */

/**
 * Named real systems whose limits change over time. A sentence (or table row, or list item)
 * that names one of them together with a measured figure and a word of limit or behaviour
 * ("default", "up to", "caps", "ops/s", a latency in ms, ...) states that system's limit or
 * behaviour, and must say when it was checked: "(2025)", "(checked 2025)", "(as of 2025)".
 */
export const NAMED_SERVICES = [
  'S3',
  'SQS',
  'SNS',
  'DynamoDB',
  'API Gateway',
  'Lambda',
  'Kinesis',
  'Step Functions',
  'EventBridge',
  'CloudFront',
  'ElastiCache',
  'Aurora',
  'RDS',
  'Application Load Balancer',
  'ALB',
  'Network Load Balancer',
  'NLB',
  'Elastic Load Balancing',
  'ELB',
  'Cloudflare',
  'Heroku',
  'Google Cloud Storage',
  'GCS',
  'Cloud Tasks',
  'Azure',
  'Firestore',
  'Kafka',
  'Redis',
  'Memcached',
  'Stripe',
  'GitHub',
  'Temporal',
  'Cassandra',
  'PostgreSQL',
  'Postgres',
  'MySQL',
] as const;

export const SERVICE = new RegExp(`(?<![\\w-])(?:${NAMED_SERVICES.map((s) => s.replace(/ /g, '\\s+')).join('|')})(?![\\w-])`);

/**
 * A measured figure: a number with a unit of size, time or rate, or a count of the things a system
 * caps (items, replicas, parts, characters, events). Other counts ("5 solutions") do not trigger it.
 */
const MEASURED =
  /\d(?:[\d,.]*\d)?\s*(?:[KMGTP]i?B\b|bytes?\b|ms\b|µs\b|s\b|secs?\b|seconds?\b|min\b|minutes?\b|hours?\b|h\b|days?\b|[KM]?\/s\b|(?:ops|writes|reads|requests|messages|transactions|TPS|QPS)(?:\s*\/\s*s|\s+per\s+second)\b|TPS\b|QPS\b|[KM]\s+(?:ops|writes|reads|requests|messages)|(?:[a-z-]+\s+){0,2}(?:ops|operations|writes|reads|requests|messages)(?:\s*\/\s*s\b|\s+per\s+second\b)|(?:WCUs?|RCUs?|(?:write|read|capacity|request)\s+units?)\b|(?:items?|replicas|parts|characters|events)\b)|[$€£]\s?\d[\d,.]*|\d\s*(?:USD|cents?)\b/i;

/**
 * Words that make a figure a statement about the system rather than a design choice ("a lock with
 * a 30 s expiry" is ours; "`innodb_lock_wait_timeout`, 50 s by default" is MySQL's). A latency in
 * milliseconds next to a system's name is a claim about that system too.
 */
const LIMIT_CUE =
  /\b(?:defaults?|limits?|limited|caps?|capped|max(?:imum)?|minimum|up to|at most|at least|no more than|designed for|quotas?|refuses?|rejects?|accepts?|allows?|scales? to|handles?|supports?|retains?|retention|costs?|charges?|priced|takes|sustains?|timeouts?|times? out|idle|closes?|gives? up|loses?|lost|guarantees?|ops\/s|per (?:[\w-]+\s+)?node|per (?:prefix|partition|item|message|object|shard|request|connection|key))\b|\d\s*(?:ms|µs)\b/i;

/**
 * The earliest year a check can carry. A bracketed older year is a citation of history ("(Netflix,
 * 2011)"), not the date a limit was checked, so it does not date the sentence.
 */
export const MIN_CHECK_YEAR = 2024;

/** "(2025)", "(checked 2025)", "(as of Dec 2025)", "(2024; raised since)": a parenthesis holding a year of checking. */
export function hasCheckYear(text: string): boolean {
  for (const m of text.matchAll(/\([^()]*\)/g)) {
    for (const y of m[0].matchAll(/\b(20\d\d)\b/g)) if (Number(y[1]) >= MIN_CHECK_YEAR) return true;
  }
  return false;
}

/** A sentence that opens by pointing back at the previous sentence's subject ("It handles ..."). */
const PRONOUN_OPENING = /^\W*(?:it|its|it's|they|their|them|this|that|these|those|each|one|the service|the cluster|a node|each node|one node)\b/i;

export interface RuleHit {
  /** 0-based line offset inside the text. */
  readonly offset: number;
  readonly message: string;
}

/** Splits text into sentence-sized units (sentences, table rows, list items), with their offsets. */
function units(text: string): { unit: string; index: number }[] {
  const out: { unit: string; index: number }[] = [];
  // Blank lines, table rows (a row is one unit: a service in one cell, its figure in another),
  // list markers at a line start and sentence ends all cut a unit.
  const cut = /\n\s*\n|\n(?=\s*\|)|\|\s*\n|\n\s*(?:[-*+]|\d+[.)])\s+|(?<=[.!?][*_]*)\s+(?=[A-Z*`[(])/g;
  let start = 0;
  for (const m of text.matchAll(cut)) {
    out.push({ unit: text.slice(start, m.index), index: start });
    start = m.index! + m[0].length;
  }
  out.push({ unit: text.slice(start), index: start });
  return out.filter((u) => u.unit.trim() !== '');
}

/** Code blocks and inline code are not prose: blank them out, keeping every newline. */
function withoutCode(text: string): string {
  return text
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ' '))
    // Inline code stays prose-visible with its backticks as spaces, so `Redis` still names Redis.
    .replace(/`([^`\n]*)`/g, ' $1 ');
}

export function undatedServiceLimits(text: string): RuleHit[] {
  const prose = withoutCode(text);
  const hits: RuleHit[] = [];
  let previous: RegExpExecArray | null = null;
  for (const { unit, index } of units(prose)) {
    const own = SERVICE.exec(unit);
    // "We use Redis. It handles 100,000 ops/s per node.": the pronoun carries the service over.
    const service: RegExpExecArray | null = own ?? (previous && PRONOUN_OPENING.test(unit) ? previous : null);
    previous = own ?? (service && PRONOUN_OPENING.test(unit) ? service : null);
    if (!service || !MEASURED.test(unit) || !LIMIT_CUE.test(unit) || hasCheckYear(unit)) continue;
    const figure = MEASURED.exec(unit)![0];
    const offset = prose.slice(0, index + (unit.length - unit.trimStart().length)).split('\n').length - 1;
    hits.push({
      offset,
      message: `"${service[0].replace(/\s+/g, ' ')}" is stated with the figure "${figure.trim()}" but no year it was checked: add the year it was checked (${MIN_CHECK_YEAR} or later) to the sentence, e.g. "(2025)", or reference a dated shared figure ({{fig:id}})`,
    });
  }
  return hits;
}

export const MAX_PARAGRAPH_WORDS = 80;
const md = new MarkdownIt({ html: false });

/** Paragraphs (including list-item paragraphs) longer than `MAX_PARAGRAPH_WORDS` words. */
export function longParagraphs(markdown: string, max = MAX_PARAGRAPH_WORDS): RuleHit[] {
  const tokens = md.parse(markdown, {});
  const hits: RuleHit[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type !== 'inline' || tokens[i - 1]!.type !== 'paragraph_open' || !token.map) continue;
    const words = token.content.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    if (words > max) {
      hits.push({ offset: token.map[0], message: `paragraph of ${words} words: a side panel reads best at ${max} or fewer; split it or make it a list` });
    }
  }
  return hits;
}
