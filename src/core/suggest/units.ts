/**
 * Units and nouns for reading the figures of a design doc. Generic measurement vocabulary:
 * multipliers, sizes, durations, and the nouns that say what is being counted.
 */

export const MULTIPLIERS: ReadonlyMap<string, number> = new Map([
  ['k', 1e3], ['thousand', 1e3], ['m', 1e6], ['mm', 1e6], ['mn', 1e6], ['mil', 1e6], ['million', 1e6], ['millions', 1e6],
  ['b', 1e9], ['bn', 1e9], ['billion', 1e9], ['billions', 1e9], ['t', 1e12], ['trillion', 1e12],
]);

export const SIZE_UNITS: ReadonlyMap<string, number> = new Map([
  ['byte', 1], ['bytes', 1],
  ['kb', 1e3], ['kib', 1024], ['kilobyte', 1e3], ['kilobytes', 1e3],
  ['mb', 1e6], ['mib', 1024 ** 2], ['megabyte', 1e6], ['megabytes', 1e6],
  ['gb', 1e9], ['gib', 1024 ** 3], ['gigabyte', 1e9], ['gigabytes', 1e9],
  ['tb', 1e12], ['tib', 1024 ** 4], ['terabyte', 1e12], ['terabytes', 1e12],
  ['pb', 1e15], ['pib', 1024 ** 5], ['petabyte', 1e15], ['petabytes', 1e15],
]);

const DAY = 86_400;
export const DURATION_UNITS: ReadonlyMap<string, number> = new Map([
  ['ms', 1e-3], ['millisecond', 1e-3], ['milliseconds', 1e-3], ['msec', 1e-3],
  ['s', 1], ['sec', 1], ['secs', 1], ['second', 1], ['seconds', 1],
  ['min', 60], ['mins', 60], ['minute', 60], ['minutes', 60],
  ['h', 3600], ['hr', 3600], ['hrs', 3600], ['hour', 3600], ['hours', 3600],
  ['day', DAY], ['days', DAY], ['week', 7 * DAY], ['weeks', 7 * DAY],
  ['month', 30 * DAY], ['months', 30 * DAY], ['mo', 30 * DAY], ['year', 365 * DAY], ['years', 365 * DAY], ['yr', 365 * DAY],
]);

/** Adverbs of frequency ("1M requests daily"). */
export const FREQUENCY_WORDS: ReadonlyMap<string, number> = new Map([
  ['hourly', 3600], ['daily', DAY], ['weekly', 7 * DAY], ['monthly', 30 * DAY], ['yearly', 365 * DAY], ['annually', 365 * DAY],
]);

/** Units that are already per second. */
export const PER_SECOND_UNITS = new Set(['qps', 'rps', 'tps', 'ops', 'iops']);

/** What a count counts. Singular forms; a trailing "s"/"es" is removed before lookup. */
export const SUBJECT_NOUNS: ReadonlyMap<string, 'reads' | 'writes' | 'requests' | 'users' | 'items' | 'objects'> = new Map([
  ...['read', 'view', 'pageview', 'query', 'queri', 'search', 'lookup', 'fetch', 'get', 'visit', 'impression', 'hit', 'download', 'watch', 'play', 'stream', 'redirect']
    .map((w) => [w, 'reads'] as const),
  ...['write', 'insert', 'update', 'post', 'tweet', 'message', 'event', 'upload', 'transaction', 'order', 'payment', 'booking',
    'click', 'like', 'vote', 'log', 'record', 'submission', 'commit', 'ingest', 'purchase', 'checkout', 'edit', 'keystroke', 'reservation',
    'location', 'ping', 'metric', 'sample', 'trade', 'datapoint', 'point', 'reading', 'measurement', 'row']
    .map((w) => [w, 'writes'] as const),
  ...['request', 'req', 'call', 'operation', 'op'].map((w) => [w, 'requests'] as const),
  ...['user', 'customer', 'client', 'visitor', 'fan', 'buyer', 'player', 'subscriber', 'follower', 'viewer', 'member', 'people',
    'person', 'driver', 'rider', 'shopper', 'attendee', 'device', 'connection', 'dau', 'mau', 'participant', 'bidder', 'guest',
    'courier', 'vehicle', 'sensor', 'tenant', 'account']
    .map((w) => [w, 'users'] as const),
  ...['seat', 'ticket', 'item', 'unit', 'room', 'slot', 'spot', 'stock', 'inventory', 'product', 'sku', 'listing', 'table', 'appointment', 'share', 'pair', 'coupon']
    .map((w) => [w, 'items'] as const),
  ...['file', 'photo', 'image', 'video', 'object', 'blob', 'attachment', 'document', 'asset', 'clip', 'recording', 'backup', 'pdf', 'song', 'track', 'picture']
    .map((w) => [w, 'objects'] as const),
]);

/** Words that may stand between a figure and its noun ("10M daily active users"). */
export const FILLER_WORDS = new Set([
  'active', 'daily', 'monthly', 'weekly', 'concurrent', 'simultaneous', 'new', 'total', 'average', 'avg', 'peak', 'unique',
  'of', 'api', 'http', 'db', 'database', 'paste', 'page', 'web', 'registered', 'online', 'global', 'more', 'additional',
  'incoming', 'outgoing', 'raw', 'user', 'read', 'write', 'search', 'fan', 'out', 'fanout', 'delivered', 'the', 'and', 'or',
  'on', 'at', 'in', 'to', 'photo', 'video', 'status', 'location', 'chat', 'financial', 'individual', 'hot', 'live',
  'connected', 'paying', 'signed', 'logged', 'mobile', 'iot', 'smart', 'enterprise', 'data', 'sensor',
]);

/** Words that make a duration the run time of a piece of work. */
export const WORK_WORDS = new Set([
  'take', 'takes', 'took', 'taking', 'run', 'runs', 'running', 'last', 'lasts', 'process', 'processing', 'job', 'jobs', 'task',
  'tasks', 'export', 'exports', 'transcode', 'transcoding', 'encode', 'encoding', 'render', 'rendering', 'generate',
  'generating', 'generation', 'report', 'reports', 'build', 'builds', 'compute', 'computing', 'computation', 'analysis',
  'analyze', 'analyse', 'import', 'migration', 'training', 'train', 'crawl', 'crawling', 'pipeline', 'workflow', 'batch',
  'complete', 'completes', 'finish', 'finishes', 'conversion', 'convert', 'upto',
]);

/** Words that make a duration a limit, a latency or an interval rather than a run time. */
export const NOT_WORK_DURATION_WORDS = new Set([
  'timeout', 'latency', 'within', 'every', 'ttl', 'expire', 'expires', 'expiry', 'response', 'respond', 'p99', 'p95', 'p50',
  'under', 'interval', 'heartbeat', 'delay', 'retention', 'retain', 'ago', 'sla', 'window', 'lag', 'backoff',
  // A person's time, not the machine's: "manual review can take 2 days", "customers may take a week to accept".
  // Someone else's time: "property valuation (third party, 3-10 days)", "external vendor, can take hours".
  'party', 'vendor', 'partner', 'external',
  'manual', 'manually', 'human', 'review', 'reviewer', 'approval', 'approve', 'wait', 'waits', 'waiting', 'accept', 'accepted',
]);

export const PEAK_WORDS = new Set(['peak', 'peaks', 'burst', 'bursts', 'spike', 'spikes', 'max', 'maximum', 'busiest']);
export const AT_ONCE_WORDS = new Set(['concurrent', 'concurrently', 'simultaneous', 'simultaneously', 'once', 'same']);

/** Verbs that say what each counted user or device does ("each pinging", "send a reading"). */
export const ENTITY_VERBS: ReadonlyMap<string, 'reads' | 'writes'> = new Map([
  ...['send', 'sends', 'sending', 'ping', 'pings', 'pinging', 'report', 'reports', 'reporting', 'post', 'posts', 'posting', 'upload',
    'uploads', 'uploading', 'emit', 'emits', 'emitting', 'publish', 'publishes', 'publishing', 'write', 'writes', 'writing', 'record',
    'records', 'recording', 'submit', 'submits', 'submitting', 'log', 'logs', 'logging', 'reading', 'readings', 'beacon', 'heartbeat']
    .map((w) => [w, 'writes'] as const),
  ...['poll', 'polls', 'polling', 'refresh', 'refreshes', 'refreshing', 'fetch', 'fetches', 'fetching', 'check', 'checks', 'checking',
    'load', 'loads', 'loading', 'view', 'views', 'viewing', 'open', 'opens', 'opening', 'browse', 'browses', 'browsing']
    .map((w) => [w, 'reads'] as const),
]);

/**
 * Nouns that say a size is the size of one stored or transferred object: a thing a user uploads,
 * keeps or downloads whole ("2 MB photos", "a 4 GB video", "20 MB log bundles"). Language for
 * attributing a size figure, pattern-neutral: it says what the figure measures, not what to do.
 * Singular forms; a trailing "s"/"es" is removed before lookup.
 */
export const OBJECT_SIZE_NOUNS = new Set([
  'file', 'photo', 'image', 'video', 'object', 'blob', 'attachment', 'document', 'asset', 'clip', 'recording', 'backup', 'pdf',
  'song', 'track', 'picture', 'upload', 'media', 'episode', 'movie', 'footage', 'scan', 'archive', 'zip', 'tarball', 'artifact',
  'artefact', 'checkpoint', 'weight', 'audio', 'chunk', 'part', 'bundle', 'mp3', 'mp4',
]);

/**
 * Nouns that say a size is something other than one object: configuration, working data held in
 * memory, logs, caches, messages, rows, apps and pages. "6 MB snapshot", "300 MB dataset",
 * "rotate at 10 MB of logs", "4 GB RAM" measure state or limits, not objects people store.
 */
export const NON_OBJECT_SIZE_NOUNS = new Set([
  'config', 'configuration', 'setting', 'snapshot', 'dataset', 'data', 'extract', 'log', 'logfile', 'cache', 'ram', 'memory',
  'heap', 'payload', 'message', 'row', 'record', 'event', 'request', 'response', 'body', 'json', 'index', 'table', 'database',
  'db', 'disk', 'partition', 'shard', 'buffer', 'batch', 'app', 'apk', 'ipa', 'binary', 'build', 'font', 'page', 'script',
  'css', 'javascript', 'js', 'queue', 'topic', 'segment', 'wal', 'sstable', 'container', 'instance', 'node', 'pod',
  'worker', 'machine', 'server', 'vm', 'limit', 'quota', 'ruleset', 'model', 'library', 'package', 'dependency', 'rotate',
  'rotation', 'bandwidth', 'network',
]);

/**
 * Counted nouns whose direction depends on what the system does with them: an impression, view
 * or click the system serves is a read, one it records or counts is a write. The verbs next to
 * the figure (CONTEXT_VERBS) decide; without one the noun's entry in SUBJECT_NOUNS stands.
 * Singular forms; a trailing "s"/"es" is removed before lookup.
 */
export const CONTEXT_NOUNS = new Set([
  'impression', 'view', 'pageview', 'hit', 'play', 'visit', 'watch', 'click', 'like', 'vote', 'event', 'download',
  'row', 'record', 'point', 'datapoint', 'reading', 'measurement', 'sample',
]);

/**
 * Verbs that say what the system does with a counted noun: record, count, log, ingest, track,
 * store, emit, collect it (a write), or serve, show, display, render, read it (a read).
 */
export const CONTEXT_VERBS: ReadonlyMap<string, 'reads' | 'writes'> = new Map([
  ...['record', 'count', 'log', 'ingest', 'track', 'store', 'emit', 'collect', 'persist', 'save', 'increment', 'capture',
    'append', 'aggregate', 'tally', 'meter', 'accumulate']
    .flatMap((v) => [v, `${v}s`, `${v}ed`, `${v}d`, `${v}ing`, v.endsWith('e') ? `${v.slice(0, -1)}ing` : v, v.endsWith('t') ? `${v}er` : v])
    .map((w) => [w, 'writes'] as const),
  ...['logged', 'logging', 'stored', 'storing', 'saved', 'saving', 'counter', 'counters', 'ingestion', 'tracking', 'recorded', 'written', 'write', 'writes', 'writing',
    'update', 'updates', 'updated', 'updating', 'insert', 'inserts', 'inserted', 'inserting', 'submit', 'submits', 'submitted', 'submitting', 'upsert', 'upserts']
    .map((w) => [w, 'writes'] as const),
  ...['serve', 'show', 'display', 'render', 'read', 'fetch', 'browse', 'deliver', 'scan', 'query']
    .flatMap((v) => [v, `${v}s`, `${v}ed`, `${v}d`, `${v}ing`, v.endsWith('e') ? `${v.slice(0, -1)}ing` : v])
    .map((w) => [w, 'reads'] as const),
  ...['served', 'serving', 'shown', 'showing', 'displayed', 'rendered', 'reading', 'reads'].map((w) => [w, 'reads'] as const),
]);
