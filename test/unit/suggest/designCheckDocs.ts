/** Short design docs that get a design check from the real catalog (checks.test.ts, sarif.test.ts). */

/** A write-heavy ingest sharded by customer: a pressing deep dive (failover) and the resharding check. */
export const SHARDED_INGEST = [
  '# Order ingest: scaling writes', '',
  'The ingest path is write heavy: 40,000 writes per second at peak, far past what one database node accepts.', '',
  'So the orders table is sharded by customer id, and each shard takes the writes of a range of customers.', '',
  'Writes to one shard never wait on another.', '',
].join('\n');

/** The same with batched writes and flushes: three questions, two places and a check's extra place. */
export const SHARDED_BATCHED_INGEST = SHARDED_INGEST.replace(
  'Writes to one shard never wait on another.',
  'Writes to one shard never wait on another, and each writer batches its writes before it flushes them.\n\nA flush writes one batch of rows.',
);

/** The same with a queue in front of the writers: four questions, of which the fourth (a check) is cut. */
export const SHARDED_QUEUED_INGEST = `${SHARDED_BATCHED_INGEST}
Writes first land in a queue, and the shard writers are its consumers.

The queue absorbs bursts.
`;

/** Sharded writes in several regions with a hot partition: three pressing deep dives and no check, so the third is cut. */
export const SHARDED_MULTI_REGION = [
  '# Event store: scaling writes', '',
  'Writes peak at 40,000 per second, far past what one database node accepts.', '',
  'The events table is sharded by account id, and each shard holds a range of accounts.', '',
  'The store accepts writes in multiple regions.', '',
  'One celebrity account can draw most of the traffic: a hot partition.', '',
].join('\n');
