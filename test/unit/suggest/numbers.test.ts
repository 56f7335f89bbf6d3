import { strict as assert } from 'node:assert';
import { documentDirection, extractNumbers, undecidedNoun } from '../../../src/core/suggest/numbers';
import { checkLimits } from '../../../src/core/suggest/limits';
import type { NumberFact } from '../../../src/core/suggest/types';

function facts(line: string): NumberFact[] {
  const out: NumberFact[] = [];
  extractNumbers(line, 0, line.length, 1, out);
  return out;
}
const near = (a: number, b: number): boolean => Math.abs(a - b) / b < 0.01;

describe('number extraction and normalisation', () => {
  it('normalises per-day and per-month rates with K/M/B and words', () => {
    const [f] = facts('500M reads/day');
    assert.equal(f!.kind, 'rate');
    assert.equal(f!.subject, 'reads');
    assert.ok(near(f!.value, 5787));
    assert.ok(near(f!.peakPerSecond!, 57870));
    assert.ok(near(facts('250 billion read requests per month')[0]!.value, 250e9 / (30 * 86400)));
    assert.ok(near(facts('1M tweets/min at peak')[0]!.value, 1e6 / 60));
    assert.equal(facts('1M tweets/min at peak')[0]!.peakPerSecond, facts('1M tweets/min at peak')[0]!.value);
    assert.equal(facts('50,000 writes per second')[0]!.value, 50_000);
    assert.equal(facts('12K QPS')[0]!.value, 12_000);
    assert.equal(facts('100 thousand read requests per second')[0]!.value, 100_000);
  });
  it('reads sizes, durations, counts and ratios', () => {
    const size = facts('1 billion photos of 2MB each');
    assert.equal(size.find((f) => f.kind === 'size')!.value, 2e6);
    assert.equal(size.find((f) => f.kind === 'size')!.subject, 'objects');
    assert.equal(size.find((f) => f.kind === 'count')!.value, 1e9);
    const d = facts('Processing takes 5-30 minutes')[0]!;
    assert.equal(d.kind, 'duration');
    assert.equal(d.value, 1800);
    assert.equal(d.subject, 'task');
    assert.equal(facts('HTTP timeout: 30 seconds')[0]!.subject, 'other');
    const r = facts('10:1 write to read ratio')[0]!;
    assert.equal(r.kind, 'ratio');
    assert.ok(near(r.value, 0.1));
    assert.equal(facts('100:1 read to write ratio')[0]!.value, 100);
    const users = facts('2 million fans in the first 5 minutes');
    assert.equal(users[0]!.subject, 'users');
    assert.equal(users[0]!.value, 2e6);
  });
  it('ignores identifiers and bare numbers', () => {
    assert.deepEqual(facts('Store it in S3 and EC2 v2'), []);
    assert.deepEqual(facts('step 3 of 7'), []);
  });
  it('compares figures with the guide limits', () => {
    const f = checkLimits(facts('500M reads/day'));
    assert.equal(f[0]!.pattern, 'scaling-reads');
    assert.match(f[0]!.reason, /5,787\/s average.*57,870\/s at a 10x peak.*10,000 reads\/s/);
    assert.equal(checkLimits(facts('50,000 writes per second'))[0]!.pattern, 'scaling-writes');
    assert.equal(checkLimits(facts('creators upload 10GB files'))[0]!.pattern, 'large-blobs');
    assert.equal(checkLimits(facts('transcoding takes 5-30 minutes'))[0]!.pattern, 'long-running-tasks');
    assert.equal(checkLimits(facts('50,000 seats, 2 million fans'))[0]!.pattern, 'contention');
    assert.deepEqual(checkLimits(facts('400 requests per second')), []);
  });
});

describe('verb-based read/write attribution of counted events', () => {
  it('reads a figure as writes when its clause records, counts or logs the noun', () => {
    assert.equal(facts('We record 300,000 impressions per second')[0]!.subject, 'writes');
    assert.equal(facts('300,000 impressions per second are logged to Kafka')[0]!.subject, 'writes');
    assert.equal(facts('we count 50K page views per second')[0]!.subject, 'writes');
  });
  it('reads a figure as reads when its clause serves or shows the noun', () => {
    assert.equal(facts('The ad server serves 300,000 impressions per second')[0]!.subject, 'reads');
    assert.equal(facts('We show 20K events per second on the dashboard')[0]!.subject, 'reads');
  });
  it('keeps the noun\'s own direction when no verb says otherwise', () => {
    assert.equal(facts('300,000 impressions per second at peak')[0]!.subject, 'reads');
    assert.equal(facts('1,500 clicks per second')[0]!.subject, 'writes');
    assert.equal(facts('we record 500M reads/day')[0]!.subject, 'reads');
  });
  it('lets the rest of the document decide a figure its clause leaves open', () => {
    const [open] = facts('Load: 300,000 impressions per second at peak');
    assert.equal(open!.subject, 'reads');
    assert.equal(undecidedNoun(open!), 'impression');
    assert.equal(undecidedNoun(facts('We record 300,000 impressions per second')[0]!), undefined);
    assert.equal(documentDirection('we count impressions and clicks per campaign. load: 300,000 impressions per second.', 'impression'), 'writes');
    assert.equal(documentDirection('impressions go to a log (kafka). load: 300,000 impressions per second.', 'impression'), 'writes');
    assert.equal(documentDirection('we serve ad impressions to publishers. load: 300,000 impressions per second.', 'impression'), 'reads');
    assert.equal(documentDirection('load: 300,000 impressions per second.', 'impression'), undefined);
  });
  it('treats a stated write-heavy ratio like a write limit crossing', () => {
    const ten = checkLimits(facts('10:1 write to read ratio')).find((f) => f.pattern === 'scaling-writes');
    assert.equal(ten?.strength, 1);
    const two = checkLimits(facts('2:1 write to read ratio')).find((f) => f.pattern === 'scaling-writes');
    assert.ok(two !== undefined && two.strength > 0.5 && two.strength < 1);
    assert.equal(checkLimits(facts('1:1 write to read ratio')).length, 0);
  });
});

describe('number extraction: shares of traffic and what each device sends', () => {
  it('reads "99% writes" and "90% of requests are reads" as read:write ratios', () => {
    const w = facts('It is write-dominated (99% writes) and append-only.').find((f) => f.kind === 'ratio');
    assert.ok(w, 'a ratio is read');
    assert.equal(w!.subject, 'writes');
    assert.ok(near(w!.value, 1 / 99));
    const r = facts('About 90% of requests are reads.').find((f) => f.kind === 'ratio');
    assert.equal(r?.subject, 'reads');
    assert.ok(near(r!.value, 9));
  });
  it('does not read a percentage of something else as a count or a ratio', () => {
    assert.deepEqual(facts('A 90% cache hit rate is the goal.').filter((f) => f.kind === 'ratio' || f.kind === 'count'), []);
    assert.deepEqual(facts('CPU sits at 100% writes aside').filter((f) => f.kind === 'ratio'), []);
  });
  it('multiplies what each device sends at a time, past a parenthesis and an adjective', () => {
    const rate = facts('10 million connected devices (cars / meters): each reports 20 metrics every 10 seconds.').find((f) => f.kind === 'rate' && f.value > 1000);
    assert.ok(rate, 'the fleet rate is read');
    assert.equal(rate!.subject, 'writes');
    assert.ok(near(rate!.value, 10e6 * 20 / 10));
  });
});

describe('number extraction: work cut off by a timeout', () => {
  it('reads "times out after 30 seconds" as work that outlasts the request', () => {
    const [f] = facts('The import endpoint times out after 30 seconds.');
    assert.equal(f!.kind, 'duration');
    assert.equal(f!.subject, 'task');
    assert.equal(f!.timedOut, true);
    const findings = checkLimits([f!]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.pattern, 'long-running-tasks');
  });
  it('leaves a short timeout and a plain timeout setting alone', () => {
    assert.deepEqual(checkLimits(facts('The lookup times out after 200 ms.')), []);
    assert.ok(!facts('Set the timeout to 30 seconds.').some((f) => f.timedOut));
  });
});

describe('number extraction: powers of ten and word magnitudes', () => {
  it('reads "10^4 QPS" and "10^6+ SKUs"', () => {
    const f = facts('Scale: 10^6+ SKUs, 10^4 QPS on category endpoints');
    assert.equal(f.find((x) => x.kind === 'rate')?.value, 10_000);
    assert.equal(f.find((x) => x.kind === 'count')?.value, 1_000_000);
  });
  it('reads "tens of millions of log lines per second" and "millions of users"', () => {
    const rate = facts('tens of millions of log lines per second pour out of containers').find((x) => x.kind === 'rate');
    assert.equal(rate?.value, 10_000_000);
    assert.equal(rate?.subject, 'writes');
    assert.equal(facts('hundreds of thousands of concurrent users').find((x) => x.kind === 'count')?.value, 100_000);
    assert.deepEqual(facts('thousands and thousands'), []);
  });
});

describe('number extraction: spelled-out figures, windows of time, what requests do', () => {
  it('reads figures spelled out in words only when a scale word follows', () => {
    assert.equal(facts('a hundred thousand data points per second').find((f) => f.kind === 'rate')?.value, 100_000);
    assert.equal(facts('two million writes per day').find((f) => f.kind === 'rate')?.subject, 'writes');
    assert.deepEqual(facts('a single request to one server'), []);
  });
  it('takes "the last 90 days" for a window, not for the run time of a job', () => {
    const f = facts('the batch job reports the p95 temperature for the last 90 days');
    assert.ok(f.every((x) => x.subject !== 'task'));
    assert.equal(facts('the batch job takes 3 hours')[0]!.subject, 'task');
  });
  it('reads requests as writes or reads from the verb of their clause', () => {
    assert.equal(facts('50,000 requests per second to update scores').find((f) => f.kind === 'rate')?.subject, 'writes');
    assert.equal(facts('50,000 requests per second fetch profiles').find((f) => f.kind === 'rate')?.subject, 'reads');
    assert.equal(facts('50,000 requests per second').find((f) => f.kind === 'rate')?.subject, 'requests');
  });
});

describe('number extraction: what the review found', () => {
  const rate = (line: string): NumberFact | undefined => facts(line).find((f) => f.kind === 'rate');
  it('reads every digit of a power of ten, a coefficient before it, and no absurd exponent', () => {
    assert.deepEqual(facts('10^100 users'), []);
    assert.equal(facts('2 x 10^6 users')[0]?.value, 2_000_000);
    assert.equal(facts('2×10^6 users')[0]?.value, 2_000_000);
  });
  it('reads compound spelled-out figures', () => {
    assert.equal(facts('ninety-nine thousand users')[0]?.value, 99_000);
    assert.equal(facts('twenty five thousand users')[0]?.value, 25_000);
    assert.equal(facts('one hundred and fifty thousand users')[0]?.value, 150_000);
  });
  it('multiplies only by a count of things each one sends, not by a size or a wait', () => {
    assert.equal(rate('1M users, each storing 500 MB, syncing every minute'), undefined);
    const waiting = rate('10K clients, each waiting 30 seconds, polling every minute');
    assert.ok(waiting === undefined || waiting.value <= 10_000 / 60, 'never multiplied by the 30 seconds');
    const fleet = facts('2M devices, each reports 20 metrics every 10 s');
    assert.deepEqual(fleet.filter((f) => f.kind === 'rate').map((f) => f.value), [4_000_000], 'one system rate, no per-device one');
  });
  it('does not derive a per-user rate across a sentence', () => {
    assert.equal(rate('We expect 2M users by next year. After that a cleanup job runs every minute.'), undefined);
  });
  it('reads a share of traffic only as "N% reads/writes" or "N% of requests are reads"', () => {
    assert.deepEqual(facts('99.9% read availability').filter((f) => f.kind === 'ratio'), []);
    assert.deepEqual(facts('99% of reads complete under 50 ms').filter((f) => f.kind === 'ratio'), []);
    assert.deepEqual(facts('- 99% of writes succeed within 100 ms').filter((f) => f.kind === 'ratio'), []);
    assert.equal(facts('90% reads, 10% writes').filter((f) => f.kind === 'ratio').length, 2);
  });
  it('takes the verb for rows, points and readings', () => {
    assert.equal(rate('At peak we read 50K rows per second from the replica')?.subject, 'reads');
    assert.equal(rate('The analytics query scans 5M rows per second')?.subject, 'reads');
    assert.equal(rate('We insert 5,000 rows per second')?.subject, 'writes');
  });
  it('does not turn requests into writes because requests are logged', () => {
    const doc = 'The product page gets 100K requests per second at peak.\nEvery request is logged for auditing.';
    assert.equal(documentDirection(doc, 'request'), undefined);
    assert.equal(documentDirection('Every request to the public API must increment a counter.', 'request'), 'writes');
  });
  it('takes only work that times out for a long task', () => {
    assert.ok(!facts('Idle connections time out after 60 seconds').some((f) => f.timedOut));
    assert.ok(!facts('The API gateway times out after 10 seconds and returns a 504').some((f) => f.timedOut));
    assert.ok(facts('The import endpoint times out after 30 seconds').some((f) => f.timedOut));
  });
  it('never states an infinite rate', () => {
    assert.ok(facts('100 messages every 0 seconds').every((f) => Number.isFinite(f.value)));
  });
});
