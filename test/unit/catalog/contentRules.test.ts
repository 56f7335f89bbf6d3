import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog, type ContentFile } from '../../../src/core/catalog/buildCatalog';
import { longParagraphs, MAX_PARAGRAPH_WORDS, parseNamedSystems, parseProseWords, PROSE_WORD_LISTS, sourceNames, undatedServiceLimits } from '../../../src/core/catalog/contentRules';
import { expandFigures, parseFigures } from '../../../src/core/catalog/figures';
import { walkCatalog } from '../../../src/core/catalog/indexCatalog';
import { loadCatalog } from '../../../src/core/catalog/load';
import type { CatalogProblem } from '../../../src/core/catalog/model';

/**
 * The content rules of issue 12: shared figures referenced by id, a year on every named-service
 * limit, sources on every pattern, avoidWhen on every solution, and paragraphs a side panel can
 * read. Each rule is tested on a small file that breaks it once, and then on the real content.
 */

const root = join(__dirname, '..', '..', '..');
const F = 'content/figures.yaml';
const X = 'content/x.md';

const FIGURES = ['peak:', '  value: 3–10×', 'sqs-size:', '  value: 1 MiB per SQS message (2026)', ''].join('\n');

/** A valid pattern whose Overview text is `overview` (starts at line 12) and whose solution has `extra` fields. */
function pattern(overview: string, opts: { sources?: boolean; avoidWhen?: boolean; figures?: string } = {}): string {
  return [
    '---', // 1
    'id: alpha', // 2
    'kind: pattern', // 3
    'title: Alpha', // 4
    'summary: The alpha pattern.', // 5
    'order: 1', // 6
    'keywords: [alpha]', // 7
    opts.sources === false ? 'related: []' : "sources: [{title: Alpha docs, url: 'https://example.com/alpha'}]", // 8
    '---', // 9
    '', // 10
    '## Overview', // 11
    overview, // 12
    '',
    '## Problem',
    '',
    'A problem.',
    '',
    '## Comparison',
    '',
    'Compared.',
    '',
    '## When to reach for it',
    '',
    'Often.',
    '',
    '## Solution: one',
    '',
    '```yaml',
    'title: One',
    'summary: The first solution.',
    'keywords: [one]',
    'bestFor: tests',
    ...(opts.avoidWhen === false ? [] : ['avoidWhen: never']),
    'pros: [fast, simple]',
    'cons: [fragile, costly]',
    ...(opts.figures ? [`figures: ["${opts.figures}"]`] : []),
    '```',
    '',
    '### How it works',
    '',
    'It works.',
    '',
    '### When to use',
    '',
    'Always.',
    '',
  ].join('\n');
}

function build(text: string, figuresText = FIGURES): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const figures = parseFigures(F, figuresText, problems);
  const files: ContentFile[] = [{ file: X, text }];
  return [...problems, ...buildCatalog(files, { figures }).problems];
}

function show(problems: readonly CatalogProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n') || '(none)';
}

/** Uses every figure of FIGURES once, so "unused figure" stays quiet. */
const USES_ALL = 'Peaks run {{fig:peak}} the average; queues take {{fig:sqs-size}}.';

describe('content rules', () => {
  it('the fixture is valid', () => {
    assert.equal(show(build(pattern(USES_ALL))), '(none)');
  });

  describe('shared figures', () => {
    it('expands {{fig:id}} to the value, keeping line numbers', () => {
      const problems: CatalogProblem[] = [];
      const figures = parseFigures(F, FIGURES, problems);
      const out = expandFigures(X, 'a\nPeaks run {{fig:peak}} the average.\nb', figures, problems);
      assert.equal(out, 'a\nPeaks run 3–10× the average.\nb');
      assert.deepEqual(problems, []);
    });

    it('an unknown reference is reported at its file and line', () => {
      const problems = build(pattern(`${USES_ALL}\nAnd {{fig:peek}} too.`));
      assert.equal(problems.length, 1, show(problems));
      assert.equal(problems[0]!.file, X);
      assert.equal(problems[0]!.line, 13);
      assert.match(problems[0]!.message, /unknown figure reference \{\{fig:peek\}\}/);
    });

    it('an unknown reference inside a yaml field is reported at the field line', () => {
      const problems = build(pattern(USES_ALL, { figures: '{{fig:nope}} per node' }));
      const text = pattern(USES_ALL, { figures: '{{fig:nope}} per node' });
      const line = text.split('\n').findIndex((l) => l.includes('{{fig:nope}}')) + 1;
      assert.deepEqual(
        problems.map((p) => `${p.file}:${p.line}`),
        [`${X}:${line}`],
        show(problems),
      );
    });

    it('a figure no card uses is reported at its line in figures.yaml', () => {
      const problems = build(pattern('Peaks run {{fig:peak}} the average.'));
      assert.deepEqual(problems.map((p) => `${p.file}:${p.line}`), [`${F}:3`], show(problems));
      assert.match(problems[0]!.message, /"sqs-size" is referenced by no card/);
    });

    it('a figure without a value, or with a double quote, is rejected', () => {
      const problems: CatalogProblem[] = [];
      parseFigures(F, 'a:\n  note: no value\nb:\n  value: say "hi"\n', problems);
      assert.deepEqual(problems.map((p) => p.line), [1, 3], show(problems));
    });

    it('a figure value quoting a company needs the year of its source', () => {
      const problems: CatalogProblem[] = [];
      parseFigures(F, 'a:\n  value: 4 MB Dropbox blocks\nb:\n  value: 4 MB Dropbox blocks (Dropbox, 2014)\n', problems);
      assert.deepEqual(problems.map((p) => p.line), [1], show(problems));
      assert.match(problems[0]!.message, /quotes "Dropbox" but carries no year of its source/);
    });

    it('a figure value naming a service needs a year it was checked', () => {
      const problems: CatalogProblem[] = [];
      parseFigures(F, 'a:\n  value: tens of thousands of writes/s per Cassandra node\nb:\n  value: 1 MiB per SQS message (2026)\n', problems);
      assert.deepEqual(problems.map((p) => p.line), [1], show(problems));
      assert.match(problems[0]!.message, /"Cassandra" but carries no year/);
    });
  });

  describe('a year on named-service limits', () => {
    it('a sentence naming a service with a limit and no year is rejected at its line', () => {
      const problems = build(pattern(`${USES_ALL}\nFine so far. S3 caps a single PUT at 5 GB, so large files need multipart.`));
      assert.equal(problems.length, 1, show(problems));
      assert.equal(problems[0]!.line, 13);
      assert.match(problems[0]!.message, /"S3" is stated with the figure "5 GB" but no year/);
    });

    it('the same sentence with the year it was checked passes', () => {
      assert.deepEqual(undatedServiceLimits('S3 caps a single PUT at 5 GB (2026), so large files need multipart.'), []);
      assert.deepEqual(undatedServiceLimits('MySQL waits 50 s by default (checked 2025).'), []);
    });

    it('each sentence needs its own year', () => {
      const hits = undatedServiceLimits('S3 caps a PUT at 5 GB (2026).\nSQS refuses messages over 1 MiB.');
      assert.deepEqual(hits.map((h) => h.offset), [1]);
    });

    it('a table row is one unit: the service in one cell, its figure in another', () => {
      const table = '| a | b |\n| --- | --- |\n| Redis | ~100K ops/s per node |\n| SQS | 1 MiB max (2026) |';
      assert.deepEqual(undatedServiceLimits(table).map((h) => h.offset), [2]);
    });

    it('a capped count (items, replicas, parts) is a limit too; other counts are not', () => {
      assert.equal(undatedServiceLimits('DynamoDB BatchWriteItem accepts up to 25 items per call.').length, 1);
      assert.deepEqual(undatedServiceLimits('Kafka has 5 solutions up to the reader.'), []);
    });

        it('a latency next to a service name counts as a claim about it', () => {
      assert.equal(undatedServiceLimits('A Redis round trip takes 1-5 ms.').length, 1);
    });

    it('a design choice with a service name and a number is not a limit', () => {
      assert.deepEqual(undatedServiceLimits('Take the lock with `SET lock NX PX 30000` in Redis, a 30 s expiry of our choosing.'), []);
      assert.deepEqual(undatedServiceLimits('Feeds are cached in Redis for about 5 minutes.'), []);
    });

    describe('bypasses that used to pass', () => {
      const flagged = (t: string): void => assert.equal(undatedServiceLimits(t).length, 1, t);
      it('a service name in backticks', () => flagged('`Redis` handles 100,000 ops/s per node.'));
      it('a pronoun in the next sentence', () => {
        const hits = undatedServiceLimits('We use Redis. It handles 100,000 ops/s per node.');
        assert.deepEqual(hits.map((h) => h.message.slice(0, 7)), ['"Redis"']);
        assert.deepEqual(undatedServiceLimits('We use Redis. Our app handles 100,000 ops/s per node.'), []);
      });
      it('operations per second, with a word between', () => flagged('Redis handles on the order of 100,000 such operations/s per node.'));
      it('write units', () => flagged('A DynamoDB partition takes at most 1,000 write units per second.'));
      it('a price', () => flagged('S3 charges $0.005 per 1,000 PUT requests.'));
      it('"per <service> node"', () => flagged('Expect 20,000 writes/s per Cassandra node.'));
      it('"retains"', () => flagged('Kafka retains messages for 7 days.'));
      it('"supports"', () => flagged('Aurora supports 15 replicas.'));
      it('a historical bracketed year is a citation, not a check', () => {
        flagged('Cassandra sustains 1.1M writes/s on 288 nodes (Netflix, 2011).');
        assert.deepEqual(undatedServiceLimits('Cassandra sustains 1.1M writes/s on 288 nodes (Netflix, 2011; checked 2026).'), []);
      });
      it('NLB and ELB are named services', () => {
        flagged('An NLB closes idle TCP flows after 350 s.');
        flagged('ELB has a 60 s idle timeout by default.');
      });
    });

    describe('sentences that used to slip through (audit of named-system claims)', () => {
      const flagged = (t: string): void => assert.equal(undatedServiceLimits(t).length, 1, t);
      const passes = (t: string): void => assert.deepEqual(undatedServiceLimits(t), [], t);

      it('a figure in words: "a few milliseconds", "sub-millisecond", "a few ms", "a few days", "a couple days"', () => {
        flagged('ZooKeeper runs consensus. They are slower, a few milliseconds per acquisition.');
        flagged('| Redis `SET NX` | Sub-millisecond | rare double holders |');
        flagged('| ZooKeeper / etcd | A few ms (quorum write) | strong |');
        flagged('download links are presigned S3 URLs that expire, commonly after a few days');
        // A couple of a unit, with or without its "of", as "a couple of hours" always was.
        flagged('download links are presigned S3 URLs that expire, commonly after a couple of days');
        flagged('download links are presigned S3 URLs that expire, commonly after a couple days');
        flagged('download links are presigned S3 URLs that expire, commonly after a couple\nhours');
        passes('download links are presigned S3 URLs, which expire after at most 7 days when signed with SigV4 (2026)');
      });

      it('a phrase of the word lists read across a line break ("up\\nto", "a couple\\nthousand")', () => {
        flagged('Kafka keeps messages up\nto 7 days.');
        flagged('Twitter kept a couple\nthousand entries in each cached timeline.');
        passes('Kafka keeps messages up\nto 7 days (2026).');
      });

      it('ZooKeeper and etcd are named services', () => {
        flagged('etcd handles thousands of operations per second.');
        passes('etcd handles thousands of operations per second (checked 2026).');
      });

      it('a bold name opening a list item carries to its later sentences', () => {
        const item = '- **AWS Step Functions** uses a JSON state language. Standard workflows may run for up to a year; Express workflows are limited to 5 minutes.';
        assert.deepEqual(undatedServiceLimits(item).map((h) => h.message.slice(0, 16)), ['"Step Functions"']);
        passes(`${item.slice(0, -1)} (2026).`);
        // The carry ends with the item.
        passes('- **AWS Step Functions** is one engine.\n- Our own workflows are limited to 5 minutes.');
      });

      it('"N by default" and "since <year or version>" are figures of the service', () => {
        flagged("Cassandra's num_tokens is 16 by default.");
        flagged('S3 has offered strong read-after-write consistency since late 2020.');
        passes('S3 has offered strong read-after-write consistency since December 2020 (checked 2026).');
      });

      it('a durability in nines needs a check year (2024 or later), named service or not; the store is the writer\'s to name', () => {
        flagged('Durability is designed for eleven nines by storing redundant copies.');
        flagged('Object storage offers 99.999999999% durability.');
        flagged('S3 is designed for eleven nines of durability (2020).');
        passes('S3 is designed for eleven nines of durability (2026).');
      });

      it('a figure a company published needs the year of its source, any year', () => {
        flagged('Dropbox splits files into 4 MB blocks identified by SHA-256 hashes');
        flagged('YouTube has said that over 500 hours of video are uploaded every minute');
        flagged('WhatsApp publicly reported about 2M connections on one Erlang server in 2012');
        flagged("Instagram's early design mapped thousands of logical shards onto a few servers");
        flagged('Discord stored billions of chat messages in Cassandra.');
        // A vague amount of a spelled scale is a figure too.
        flagged("Instagram's early design mapped several thousand logical shards onto a few servers");
        flagged('Twitter kept a few hundred entries in each cached timeline.');
        // "a couple" without its "of", before a spelled scale.
        flagged('Twitter kept a couple thousand entries in each cached timeline.');
        passes("Instagram's early design mapped several thousand logical shards onto a few servers (Instagram engineering blog, 2011)");
        flagged('Twitter has publicly cited around 500M tweets a day.');
        flagged('cached home timelines capped at a few hundred entries (Twitter described ~800)');
        flagged("Facebook's Haystack appends photos into volume files of around 100 GB.");
        passes('Dropbox splits files into 4 MB blocks (Dropbox tech blog, 2014).');
        passes('WhatsApp reported about 2M connections on one Erlang server (WhatsApp blog, 2012).');
        passes('cached home timelines capped at a few hundred entries (Twitter described ~800, 2012)');
      });

      it('a company named in passing quotes nothing', () => {
        passes('Consider a photo service in the spirit of Instagram: 1 billion photos of 2 MB.');
        passes("We pack small files into blobs of 100 MB, as Facebook's Haystack does.");
        passes('A teaching model, not Slack\'s published internals: a heartbeat every 30 s.');
        passes('| [Twitter timeline](sdp:combinations/twitter-timeline) | about 60 reads per tweet |');
        passes('Twitter and Dropbox are both examples in this guide.');
      });

      it('an exercise or the card\'s own sizing that names a company quotes nothing', () => {
        passes('Design Dropbox: split each file into 4 MB blocks.');
        passes('Designing a Twitter clone for 200M daily users.');
        passes('A rider in Uber waits about 3 minutes in our example.');
        passes('Sizing YouTube at 500 hours of uploads a minute is our own assumption.');
        // Without the exercise or the sizing, the same figures are quotes.
        flagged('Dropbox splits each file into 4 MB blocks.');
        flagged('A rider in Uber waits about 3 minutes.');
      });

      it('an exercise title excuses only the name it opens with: a figure of the company after it, or a book title, is still a quote', () => {
        flagged('Design Dropbox: Dropbox stores 500 PB of user files.');
        flagged('Design Dropbox: like YouTube, take 500 hours of uploads a minute.');
        flagged('Designing Data-Intensive Applications says Twitter fans out 300K timeline writes per second.');
        flagged('The system design Instagram uses stores 1 billion photos.');
        passes('**Design Dropbox**: split each file into 4 MB blocks.');
        // The exercise's name is no subject for a pronoun in the next sentence either.
        passes('Design Dropbox: sync files across devices. It splits each file into 4 MB blocks.');
      });

      it('an availability percentage or nines next to a service is its figure', () => {
        flagged('Amazon S3 Standard offers 99.99% availability.');
        flagged('Spanner multi-region instances promise an availability of 99.999%.');
        flagged('DynamoDB global tables give five nines of availability.');
        passes('Amazon S3 Standard is designed for 99.99% availability (2026).');
        // A percentage of our own with no service named is the card's arithmetic.
        passes('3 participants at 99.9% availability each give about 99.7% together.');
      });

      it('spelled small counts of our own are not figures', () => {
        passes('Redis takes two writes per request here.');
        passes('In Redis, a worker reads the list and writes a reply.');
      });
    });

    it('code blocks are not prose', () => {
      assert.deepEqual(undatedServiceLimits('```\nS3 max object 5 TB default\n```'), []);
    });

    it('a limit in a field (figures, pros, cons) is reported at the field line', () => {
      const text = pattern(USES_ALL, { figures: 'DynamoDB items are limited to 400 KB' });
      const problems = build(text);
      const line = text.split('\n').findIndex((l) => l.startsWith('figures:')) + 1;
      assert.deepEqual(problems.map((p) => p.line), [line], show(problems));
      assert.match(problems[0]!.message, /figures of "alpha\/one"/);
    });

    it('a figure reference carries its year into the sentence', () => {
      assert.equal(show(build(pattern(`SQS accepts {{fig:sqs-size}}, and peaks run {{fig:peak}}.`))), '(none)');
    });
  });

  describe('the rule\'s words are data (content/rules/prose-words.json)', () => {
    const real = JSON.parse(readFileSync(join(root, 'content', 'rules', 'prose-words.json'), 'utf8')) as Record<string, unknown>;
    const without = (key: string): Record<string, unknown> => Object.fromEntries(Object.entries(real).filter(([k]) => k !== key));

    it('the file holds every list the rule reads, each with a note and words', () => {
      const words = parseProseWords(real);
      assert.deepEqual(Object.keys(words), [...PROSE_WORD_LISTS]);
      assert.ok(words.limitCues.includes('up to') && words.pronounOpenings.includes('it'));
    });

    it('a broken shape stops the load with a message naming the file and the list', () => {
      const F = 'content/rules/prose-words.json';
      assert.throws(() => parseProseWords([]), /prose-words\.json: expected an object/);
      assert.throws(() => parseProseWords(without('note')), /the top-level "note"/);
      assert.throws(() => parseProseWords(without('limitCues')), new RegExp(`${F}: the word list "limitCues" is missing`));
      assert.throws(() => parseProseWords({ ...real, limitCue: { note: 'typo', words: ['x'] } }), /unknown word list\(s\) "limitCue"/);
      assert.throws(() => parseProseWords({ ...real, ninesWords: { words: ['nines'] } }), /"ninesWords" needs a "note"/);
      assert.throws(() => parseProseWords({ ...real, ninesWords: { note: 'n', words: [] } }), /"ninesWords" needs "words", a non-empty array/);
      assert.throws(() => parseProseWords({ ...real, ninesWords: { note: 'n', words: ['nines', 7] } }), /"ninesWords" word 2 \(7\) must be a non-empty string/);
      assert.throws(() => parseProseWords({ ...real, ninesWords: { note: 'n', words: ['nines', 'up  to'] } }), /word 2 \("up {2}to"\)/);
    });

    it('named-systems.json is checked the same way', () => {
      assert.deepEqual(parseNamedSystems({ services: ['S3'], reported: ['Dropbox'] }), { services: ['S3'], reported: ['Dropbox'], platformHosts: [] });
      assert.deepEqual(parseNamedSystems({ services: ['S3'], reported: ['Dropbox'], platformHosts: { note: 'n', hosts: ['youtube.com'] } }).platformHosts, ['youtube.com']);
      assert.throws(() => parseNamedSystems({ services: ['S3'], reported: ['Dropbox'], platformHosts: { note: 'n', hosts: ['YouTube.com'] } }), /"platformHosts" must be/);
      assert.throws(() => parseNamedSystems({ services: ['S3'] }), /named-systems\.json: "reported" must be a non-empty array of names/);
      assert.throws(() => parseNamedSystems({ services: ['S3', ' Redis'], reported: ['Dropbox'] }), /"services" name 2 \(" Redis"\)/);
    });
  });

  describe('a source naming the company behind every quoted figure', () => {
    const ALPHA = "sources: [{title: Alpha docs, url: 'https://example.com/alpha'}]";
    const withSources = (text: string, ...extra: string[]): string =>
      text.replace(ALPHA, `sources: [{title: Alpha docs, url: 'https://example.com/alpha'}${extra.map((e) => `, ${e}`).join('')}]`);
    const QUOTE = `${USES_ALL} Dropbox splits files into 4 MB blocks (Dropbox tech blog, 2014).`;

    it('a dated quote with no source naming the company is rejected at its line', () => {
      const problems = build(pattern(QUOTE));
      assert.equal(problems.length, 1, show(problems));
      assert.equal(problems[0]!.line, 12);
      assert.match(problems[0]!.message, /"Dropbox" is quoted with a figure, but none of this file's sources names Dropbox/);
    });

    it('a source whose title or URL names the company satisfies it', () => {
      assert.equal(show(build(withSources(pattern(QUOTE), "{title: 'Dropbox Tech Blog (2014): Streaming file synchronization', url: 'https://example.org/sync'}"))), '(none)');
      assert.equal(show(build(withSources(pattern(QUOTE), "{title: 'Streaming file synchronization (2014)', url: 'https://dropbox.tech/infrastructure/sync'}"))), '(none)');
      // A source about another company does not.
      assert.equal(build(withSources(pattern(QUOTE), "{title: 'Instagram Engineering (2011)', url: 'https://instagram-engineering.com/x'}")).length, 1);
    });

    it('a name inside a longer word of a source\'s title or URL does not count: "Kubernetes" does not name Uber', () => {
      const UBER = pattern(`${USES_ALL} Uber's dispatch handles 1M requests per second (Uber engineering blog, 2016).`);
      assert.equal(build(UBER).length, 1, show(build(UBER)));
      assert.equal(build(withSources(UBER, "{title: 'Kubernetes docs: Scheduling, preemption and eviction', url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/'}")).length, 1);
      assert.equal(show(build(withSources(UBER, "{title: 'Dispatch at scale (2016)', url: 'https://www.uber.com/blog/dispatch'}"))), '(none)');
      assert.equal(show(build(withSources(UBER, "{title: \"Uber's engineering blog (2016): dispatch\", url: 'https://example.org/d'}"))), '(none)');
    });

    it('on a site where anyone posts (YouTube, Twitter, X, Medium), only the account names a company, not the site', () => {
      const YT = pattern(`${USES_ALL} YouTube has said that over 500 hours of video are uploaded every minute (YouTube, 2019).`);
      const TW = pattern(`${USES_ALL} Twitter kept about 800 entries in each cached timeline (Twitter, 2012).`);
      // Anyone's video or post: the site's name is no source for the company.
      assert.equal(build(withSources(YT, "{title: 'A talk on video storage (2019)', url: 'https://www.youtube.com/watch?v=abc'}")).length, 1);
      assert.equal(build(withSources(TW, "{title: 'A thread on timelines (2012)', url: 'https://twitter.com/someone/status/1'}")).length, 1);
      assert.equal(build(withSources(TW, "{title: 'A thread on timelines (2012)', url: 'https://m.twitter.com/someone/status/1'}")).length, 1);
      // The company's own account, own site, or a title that names it does.
      assert.equal(show(build(withSources(TW, "{title: 'A thread on timelines (2012)', url: 'https://twitter.com/TwitterEng/status/1'}"))), '(none)');
      assert.equal(show(build(withSources(YT, "{title: 'Press (2019)', url: 'https://www.youtube.com/@YouTube/about'}"))), '(none)');
      assert.equal(show(build(withSources(YT, "{title: 'Press (2019)', url: 'https://blog.youtube/news-and-events/x'}"))), '(none)');
      assert.equal(show(build(withSources(TW, "{title: 'Twitter Engineering (2012): timelines', url: 'https://www.youtube.com/watch?v=abc'}"))), '(none)');
      assert.equal(sourceNames({ title: 'x', url: 'https://medium.com/@netflix/post' }, 'Netflix'), true);
      // LinkedIn, Facebook and Instagram are such sites too: anyone's post there names none of them.
      assert.equal(sourceNames({ title: 'x', url: 'https://www.linkedin.com/pulse/someones-post' }, 'LinkedIn'), false);
      assert.equal(sourceNames({ title: 'x', url: 'https://www.facebook.com/someone/posts/1' }, 'Facebook'), false);
      assert.equal(sourceNames({ title: 'x', url: 'https://www.instagram.com/p/abc' }, 'Instagram'), false);
      assert.equal(sourceNames({ title: 'x', url: 'https://engineering.linkedin.com/blog/2016/x' }, 'LinkedIn'), true);
    });

    it('a name in passing, an exercise title or our own sizing needs no source', () => {
      assert.equal(show(build(pattern(`${USES_ALL} Consider a photo service in the spirit of Instagram: 1 billion photos of 2 MB.`))), '(none)');
      assert.equal(show(build(pattern(`${USES_ALL} Design Dropbox: split each file into 4 MB blocks.`))), '(none)');
      assert.equal(show(build(pattern(`${USES_ALL} A rider in Uber waits about 3 minutes in our example.`))), '(none)');
    });

    it('a quote in a solution\'s field is checked against the file\'s sources, at the field line', () => {
      const text = pattern(USES_ALL, { figures: '1.1M writes/s on 288 nodes (Netflix, 2011)' });
      const line = text.split('\n').findIndex((l) => l.startsWith('figures:')) + 1;
      const problems = build(text);
      assert.deepEqual(problems.map((p) => p.line), [line], show(problems));
      assert.match(problems[0]!.message, /figures of "alpha\/one": "Netflix" is quoted with a figure/);
      assert.equal(show(build(withSources(text, "{title: 'Netflix Tech Blog (2011): Benchmarking Cassandra', url: 'https://example.org/b'}"))), '(none)');
    });

    it('a shared figure that quotes a company needs the source on the card that uses it', () => {
      const figures = `${FIGURES}nflx:\n  value: about 11,500 replica writes/s per node (Netflix, 2011)\n`;
      const problems = build(pattern(`${USES_ALL} Netflix measured {{fig:nflx}}.`), figures);
      assert.equal(problems.length, 1, show(problems));
      assert.match(problems[0]!.message, /"Netflix" is quoted with a figure, but none of this file's sources/);
    });
  });

  describe('sources and avoidWhen', () => {
    it('a pattern without sources is rejected', () => {
      const problems = build(pattern(USES_ALL, { sources: false }));
      assert.equal(problems.length, 1, show(problems));
      assert.match(problems[0]!.message, /pattern "alpha" is missing the field "sources"/);
    });

    it('a source must have a title and an https url', () => {
      const text = pattern(USES_ALL).replace("url: 'https://example.com/alpha'", "url: 'ftp://example.com/alpha'");
      const problems = build(text);
      assert.deepEqual(problems.map((p) => p.line), [8], show(problems));
      assert.match(problems[0]!.message, /https:\/\//);
    });

    it('a solution without avoidWhen is rejected', () => {
      const problems = build(pattern(USES_ALL, { avoidWhen: false }));
      assert.equal(problems.length, 1, show(problems));
      assert.match(problems[0]!.message, /solution "alpha\/one" is missing the field "avoidWhen"/);
    });
  });

  describe('paragraph length', () => {
    const words = (n: number): string => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

    it(`a paragraph of ${MAX_PARAGRAPH_WORDS} words passes, one word more fails at its line`, () => {
      assert.deepEqual(longParagraphs(words(MAX_PARAGRAPH_WORDS)), []);
      const hits = longParagraphs(`Short.\n\n${words(MAX_PARAGRAPH_WORDS + 1)}`);
      assert.deepEqual(hits.map((h) => h.offset), [2]);
      assert.match(hits[0]!.message, /81 words/);
    });

    it('list items are paragraphs too; tables and code are not', () => {
      assert.equal(longParagraphs(`- ${words(90)}`).length, 1);
      assert.equal(longParagraphs(`| a |\n| --- |\n| ${words(90)} |`).length, 0);
      assert.equal(longParagraphs('```\n' + words(90) + '\n```').length, 0);
    });

    it('applies to summaries and interview answers too', () => {
      const longSummary = pattern(USES_ALL).replace('summary: The first solution.', `summary: ${words(90)}`);
      const problems = build(longSummary);
      assert.equal(problems.length, 1, show(problems));
      assert.match(problems[0]!.message, /summary of "alpha\/one": paragraph of 90 words/);
      const dive = [
        '',
        '## Deep dive: why',
        '',
        '```yaml',
        'title: Why',
        'summary: Why it is so.',
        'question: Why?',
        `interviewAnswer: ${words(85)}`,
        'answeredBy: [why]',
        '```',
        '',
        '### Answer',
        '',
        'Because.',
        '',
      ].join('\n');
      const hits = build(pattern(USES_ALL) + dive);
      assert.equal(hits.length, 1, show(hits));
      assert.match(hits[0]!.message, /interviewAnswer of "alpha\/why": paragraph of 85 words/);
    });

    it('is reported by the validator with the section', () => {
      const problems = build(pattern(`${USES_ALL} ${words(90)}`));
      assert.equal(problems.length, 1, show(problems));
      assert.equal(problems[0]!.line, 12);
      assert.match(problems[0]!.message, /section "Overview" of "alpha"/);
    });
  });

  describe('the real content', () => {
    const { catalog, problems } = loadCatalog(join(root, 'content'));

    it('passes every rule', () => {
      assert.equal(show(problems), '(none)');
    });

    it('fills avoidWhen on every solution (35 of 35) and sources on every pattern', () => {
      const nodes = [...walkCatalog(catalog)];
      const solutions = nodes.filter((n) => n.kind === 'solution');
      assert.equal(solutions.length, 35);
      assert.deepEqual(solutions.filter((n) => !n.avoidWhen).map((n) => n.id), []);
      const patterns = nodes.filter((n) => n.kind === 'pattern');
      assert.equal(patterns.length, 7);
      assert.deepEqual(patterns.filter((n) => !n.sources?.length).map((n) => n.id), []);
    });

    it('states no shared figure as a literal: cards reference it with {{fig:id}}', () => {
      const problems: CatalogProblem[] = [];
      const figures = parseFigures(F, readFileSync(join(root, F), 'utf8'), problems);
      // Known values that used to be hard-coded, and every value long enough to be unambiguous.
      const literals = [...figures.byId.values()].map((f) => f.value).filter((v) => v.length >= 12);
      // Short forms of shared figures that cards used to hard-code (and stale ones that must not return).
      literals.push('5–30 KB', '5-30 KB', '3–10×', '1–5 ms', '1-5 ms', '4–8 KB', '100,000 operations/s', '100,000 such operations');
      assert.ok(literals.includes('about 5–30 KB per idle connection'), 'connection-memory is still a shared figure');
      const files = ['patterns', 'combinations', 'guides'].flatMap((dir) =>
        readdirSync(join(root, 'content', dir)).filter((f) => f.endsWith('.md')).map((f) => join('content', dir, f)),
      );
      const found: string[] = [];
      for (const file of files) {
        const text = readFileSync(join(root, file), 'utf8');
        for (const value of literals) if (text.includes(value)) found.push(`${file}: "${value}"`);
      }
      assert.deepEqual(found, []);
    });

    it('leaves no {{fig:}} reference unexpanded', () => {
      const leftover = [...walkCatalog(catalog)].filter((n) => JSON.stringify(n).includes('{{fig:'));
      assert.deepEqual(leftover.map((n) => n.id), []);
    });
  });
});
