/**
 * webhook-sender: a delivery retries transient failures with the same event id and a valid, fresh
 * signature each time; gives up on a rejection; never follows a redirect; waits at least the
 * receiver's Retry-After; refuses addresses of our own network (SSRF), also behind a DNS name.
 * The signature covers `<id>.<t>.<body>` (the webhook-verifier vectors' signing cases), and an event
 * id that cannot be signed unambiguously (a '.', say) is refused before anything is sent.
 * The Python proof runs the same scenarios against the same receiver.
 */
import { strict as assert } from 'assert';
import dns from 'dns';
import * as net from 'net';
import { proves, runPythonProof } from '../../harness';
import { importSnippet } from '../../library';
import { signingVectors, UNSIGNABLE_IDS } from '../webhook-verifier/vectors';
import { startReceiver, type Receiver } from './receiver';

interface Sender {
  sendWebhook(
    delivery: { eventId: string; url: string; payload: unknown },
    secret: string,
    options?: {
      maxAttempts?: number;
      baseMs?: number;
      maxMs?: number;
      timeoutMs?: number;
      isAllowedAddress?: (address: string) => boolean;
      sleep?: (ms: number) => Promise<void>;
    },
  ): Promise<{ delivered: boolean; status: number | null; attempts: number; retryAfterMs?: number; error?: string }>;
  isPublicAddress(address: string): boolean;
  signPayload(secret: string, eventId: string, body: string, timestamp?: number): string;
}

const SECRET = 'whsec-test';

/**
 * Addresses both variants must refuse: our own network, some of them inside IPv6 (NAT64, 6to4,
 * IPv4-compatible), and the first and last addresses of every block the Python variant refuses
 * (Python's is_global, from the IANA special-purpose registries), also written IPv4-mapped.
 */
const PRIVATE = ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '224.0.0.1',
  '64:ff9b::a00:1', '64:ff9b:1::a00:1', '2002:a00:1::1', '::a00:1'];
/** Blocks the TypeScript variant let through before it was brought to parity with Python. */
const PARITY = [
  '192.0.2.0', '192.0.2.255', '198.51.100.0', '198.51.100.255', '203.0.113.0', '203.0.113.255', // documentation (TEST-NET-1, 2, 3)
  '::ffff:192.0.2.1', '::ffff:c633:6401', '::ffff:203.0.113.9',
  '100::', '100::ffff:ffff:ffff:ffff', // discard-only
  '2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001:1ff:ffff:ffff::1', // 2001::/23, Teredo (which carries an IPv4 address) in it
  '2001:2::1', '2001:10::1', // benchmarking, deprecated ORCHID
  '2001:db8::1', '2001:db8:ffff:ffff::1', // documentation
  '3fff::1', '3fff:fff:ffff::1', '5f00::1', 'fec0::1', 'feff:ffff::1', // newer than some Pythons' tables; deprecated site-local
  // Found in review of 964230b, let through by both variants before: the dummy prefix (RFC 9780, in the IANA IPv6
  // registry) and IPv4-translated addresses (SIIT), 10.0.0.1, 127.0.0.1 and 169.254.169.254 inside.
  '100:0:0:1::', '100::1:ffff:ffff:ffff:ffff', '::ffff:0:a00:1', '::ffff:0:7f00:1', '::ffff:0:a9fe:a9fe',
];
/** The edges of the blocks refused before: still refused. */
const EDGES = ['0.255.255.255', '10.255.255.255', '100.127.255.255', '127.255.255.255', '169.254.0.0', '169.254.255.255', '172.31.255.255', '192.0.0.0', '192.0.0.255',
  '192.168.255.255', '198.18.0.0', '198.19.255.255', '239.255.255.255', '240.0.0.1', '255.255.255.255', '::', '::ffff:127.0.0.1', '::ffff:a9fe:a9fe', '::ffff:100.64.0.1',
  '::ffff:0.0.0.0', '::ffff:255.255.255.255', 'fc00::', 'fdff:ffff:ffff:ffff::1', 'febf:ffff::1', 'ff02::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'];
/** Public neighbours of those blocks: both variants must let them through. */
const PUBLIC = ['93.184.216.34', '8.8.8.8', '1.1.1.1', '2606:4700::1111', '::ffff:93.184.216.34', '::ffff:8.8.8.8', '1.0.0.1', '9.255.255.255', '11.0.0.0', '100.63.255.255',
  '100.128.0.0', '126.255.255.255', '128.0.0.0', '169.253.255.255', '169.255.0.0', '172.15.255.255', '172.32.0.0', '192.0.1.0', '192.0.3.0', '192.167.255.255',
  '192.169.0.0', '198.17.255.255', '198.20.0.0', '198.51.99.255', '198.51.101.0', '203.0.112.255', '203.0.114.0', '223.255.255.255',
  '2001:200::1', '2001:4860:4860::8888', '2001:db7:ffff::1', '2001:db9::1', '2003::1', '2a00:1450::1', '3ffe::1', '3fff:1000::1'];
const REFUSED = [...PRIVATE, ...PARITY, ...EDGES];
/**
 * Text that is not an IP address, public-looking or not: refused by both (the TypeScript variant
 * called every one of them public before, since BlockList finds no block for it; Python read
 * '8.8.8.8%eth0' as 8.8.8.8).
 */
const NOT_IP = ['example.com', 'dns.google', 'localhost', '', ' ', '127.1', '2130706433', '0x7f.0.0.1', '08.8.8.8', '8.8.8.8 ', ' 8.8.8.8', '8.8.8.8.',
  '1.2.3.4.5', '8.8.8.8:80', '8.8.8.8%eth0', '[2606:4700::1111]', '2606:4700::1111/128', '::ffff:8.8.8', '\uff18.8.8.8'];
/**
 * The well-known NAT64 prefix 64:ff9b::/96 is globally reachable (IANA IPv6 registry): DNS64 puts
 * every IPv4-only receiver there on an IPv6-only network. Both variants refused all of it before;
 * now it is judged by the IPv4 address in its last 32 bits. The local-use 64:ff9b:1::/48 is not
 * globally reachable: refused whatever it carries.
 */
const NAT64 = {
  refused: ['64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '64:ff9b::192.168.1.1', '64:ff9b::', '64:ff9b::ffff:ffff', '64:ff9b::6440:1', '64:ff9b::c000:8', '64:ff9b::c000:2ff',
    '64:ff9b::e000:1', '64:ff9b::a00:1%eth0', '64:ff9b:0:0:0:0:ac10:1', '64:ff9b:1::808:808', '64:ff9b:1::8.8.8.8', '64:ff9b:1::', '64:ff9b:1:ffff:ffff:ffff:ffff:ffff'],
  public: ['64:ff9b::808:808', '64:ff9b::8.8.8.8', '64:ff9b::5db8:d822', '64:ff9b::101:101', '64:ff9b::b00:0', '64:ff9b::9ff:ffff', '64:ff9b::643f:ffff', '64:ff9b::808:808%eth0',
    '64:ff9b:0:0:0:0:0808:0808'],
};
/**
 * The rest of 64:ff9b::/32, outside the well-known /96 (and the local-use /48, refused whole): no
 * receiver is there (IANA's IPv6 address space registry leaves it in 0000::/8, reserved by IETF),
 * but a translator set up on a prefix there (RFC 6052 allows /32 to /64) carries the IPv4 address
 * in other bits than the last 32. Both variants called all of it public; refused whole now. Here
 * 127.0.0.1, 169.254.169.254 and 10.0.0.1 as a /32, /40, /48, /56 and /64 prefix of 64:ff9b:: would
 * carry them (RFC 6052 section 2.2), the edges and the addresses just past the /96.
 */
const NAT64_OUTSIDE_96 = ['64:ff9b:7f00:1::', '64:ff9b:7f:0:1::', '64:ff9b:0:7f00:0:100::', '64:ff9b:0:7f:0:1::', '64:ff9b::7f:0:100:0',
  '64:ff9b:a9fe:a9fe::', '64:ff9b:a9:fea9:fe::', '64:ff9b:0:a9fe:a9:fe00::', '64:ff9b:0:a9:fe:a9fe::', '64:ff9b::a9:fea9:fe00:0', '64:ff9b:a00:1::', '64:ff9b::a:0:100:0',
  '64:ff9b::1:0:0', '64:ff9b::1:808:808', '64:ff9b::ffff:7f00:1', '64:ff9b::1:0:0%eth0', '64:ff9b:0:0:1::', '64:ff9b:0:ffff::', '64:ff9b:2::', '64:ff9b:ffff:ffff:ffff:ffff:ffff:ffff'];
/**
 * IPv6 outside 2000::/3, the global unicast space (IANA's IPv6 address space registry): the rest is
 * reserved by IETF, unique-local, link-local or multicast, so no public receiver is there. Both
 * variants called these public (no special-purpose block names them); refused now, the edges of
 * 2000::/3 too. IPv4-mapped ::ffff:a.b.c.d and the well-known NAT64 /96 stay judged by the IPv4
 * address they carry.
 */
const OUTSIDE_GLOBAL_UNICAST = {
  refused: ['4000::1', '1000::1', '200::1', '400::1', '800::1', '1::', '::1:0:0:0', '1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '4000::', '6000::1', '8000::1',
    'a000::1', 'c000::1', 'e000::1', 'f000::1', 'f800::1', 'fe00::1', 'fe7f:ffff::1', '4000::1%eth0', 'fb00::1'],
  public: ['2000::', '2000::1', '3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '2606:4700::1111%eth0', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'],
};
/**
 * The special-purpose blocks inside 2000::/3 (IANA IPv6 special-purpose registry), refused by both
 * variants whatever the Python: is_global disagrees across versions there (measured 2026: 3.10.13,
 * 3.11.7 and 3.12.1 call 6to4 2002::/16 global and refuse 2001::/23 whole; 3.13.0 and Debian's
 * 3.11.2 call 2001:1::1, 2001:1::2, 2001:3::/32, 2001:4:112::/48, ORCHIDv2 2001:20::/28 and
 * 2001:30::/28 global; none of them knows 3fff::/20 or 2001:1::3). Before, Python let those six
 * blocks through where is_global did, while TypeScript refuses 2001::/23 whole.
 */
const INSIDE_GLOBAL_UNICAST_REFUSED = ['2001::', '2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001:1::1', '2001:1::2', '2001:1::3', '2001:2::1', '2001:3::1',
  '2001:4:112::1', '2001:10::1', '2001:20::1', '2001:2f:ffff::1', '2001:30::1', '2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff', '2001:db8::', '2001:db8:ffff:ffff::1',
  '2002::', '2002:a00:1::1', '2002:808:808::1', '2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '3fff::', '3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff', '2001:20::1%eth0'];
const isIPv6 = (address: string): boolean => net.isIPv6(address);
/** Scoped IPv6 addresses (as a lookup may give them) are judged by the address. */
const SCOPED = { refused: ['fe80::1%eth0', '::ffff:10.0.0.1%eth0'], public: ['2606:4700::1111%eth0'] };

/** The scripts both languages run against. */
function scriptAll(receiver: Receiver, prefix: string): void {
  receiver.script(`/${prefix}/flaky`, [{ status: 500 }, { status: 503 }, { status: 200 }]);
  receiver.script(`/${prefix}/gone`, [{ status: 410 }]);
  receiver.script(`/${prefix}/redirect`, [{ status: 302, headers: { location: receiver.url(`/${prefix}/internal`) } }]);
  receiver.script(`/${prefix}/internal`, [{ status: 200 }]);
  receiver.script(`/${prefix}/busy`, [{ status: 429, headers: { 'retry-after': '7' } }, { status: 200 }]);
  receiver.script(`/${prefix}/busy-long`, [{ status: 503, headers: { 'retry-after': '3600' } }]);
  receiver.script(`/${prefix}/ssrf`, [{ status: 200 }]);
  receiver.script(`/${prefix}/byname`, [{ status: 200 }]);
}

/** What the receiver must have seen after either language ran the scenarios. */
function checkReceiver(receiver: Receiver, prefix: string): void {
  const flaky = receiver.hits(`/${prefix}/flaky`);
  assert.equal(flaky.length, 3, 'two failures, then delivered');
  assert.deepEqual(flaky.map((h) => h.id), ['evt-flaky', 'evt-flaky', 'evt-flaky'], 'the same event id on every retry, in x-webhook-id');
  assert.ok(flaky.every((h) => h.signatureOk), 'every attempt carries a valid, fresh signature');
  assert.ok(flaky.every((h) => h.otherIdRejected), 'the signature covers the event id: another id does not verify');
  assert.deepEqual(JSON.parse(flaky[0]!.body), { order: 42, status: 'paid' });
  assert.equal(receiver.hits(`/${prefix}/gone`).length, 1, 'a 410 is not retried');
  assert.equal(receiver.hits(`/${prefix}/redirect`).length, 1, 'a redirect is not retried');
  assert.equal(receiver.hits(`/${prefix}/internal`).length, 0, 'the redirect target is never called');
  assert.equal(receiver.hits(`/${prefix}/busy`).length, 2);
  assert.equal(receiver.hits(`/${prefix}/busy-long`).length, 1, 'a Retry-After beyond the cap ends the run');
  assert.equal(receiver.hits(`/${prefix}/ssrf`).length, 0, 'loopback refused by default, by IP and by name');
  assert.equal(receiver.hits(`/${prefix}/byname`).length, 1, 'a name whose address is allowed is called once');
}

describe('webhook-sender', function () {
  this.timeout(300_000);
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver(SECRET);
  });
  after(async () => receiver.close());

  it('typescript: signs <id>.<t>.<body> exactly as the shared signing vectors, and refuses an event id with a dot', async () => {
    const { signPayload, sendWebhook } = importSnippet<Sender>('webhook-sender');
    proves('webhook-sender', 'typescript');
    for (const c of signingVectors()) assert.equal(signPayload(c.secret, c.id, c.body, c.timestamp), c.header, JSON.stringify(c));
    for (const id of UNSIGNABLE_IDS) {
      assert.throws(() => signPayload(SECRET, id, '{}', 1_700_000_000), /event id/, JSON.stringify(id));
    }
    receiver.script('/ts/dotted', [{ status: 200 }]);
    await assert.rejects(
      sendWebhook({ eventId: 'evt.1', url: receiver.url('/ts/dotted'), payload: {} }, SECRET, { isAllowedAddress: (a) => a === '127.0.0.1', sleep: async () => {} }),
      /event id/,
    );
    assert.equal(receiver.hits('/ts/dotted').length, 0, 'nothing is sent for an id that cannot be signed');
  });

  it('typescript: retries with one event id (x-webhook-id) and fresh signatures, honours Retry-After, follows no redirect, refuses private addresses (also inside NAT64, 6to4, ::/96)', async () => {
    const { sendWebhook, isPublicAddress } = importSnippet<Sender>('webhook-sender');
    proves('webhook-sender', 'typescript');
    scriptAll(receiver, 'ts');
    const waits: number[] = [];
    const options = {
      baseMs: 10,
      isAllowedAddress: (a: string) => a === '127.0.0.1',
      sleep: async (ms: number) => void waits.push(ms),
    };
    const send = (path: string, extra = {}) =>
      sendWebhook({ eventId: `evt-${path}`, url: receiver.url(`/ts/${path}`), payload: { order: 42, status: 'paid' } }, SECRET, { ...options, ...extra });

    assert.deepEqual(await send('flaky'), { delivered: true, status: 200, attempts: 3 });
    assert.equal(waits.length, 2);
    assert.ok(waits.every((w) => w >= 0 && w <= 20), `jittered backoff within 2 x baseMs: ${waits}`);

    // The backoff ceiling is capped at maxMs, whatever baseMs * 2 ** attempt comes to (port 1
    // refuses the connection: a network error, retried).
    waits.length = 0;
    const down = await sendWebhook({ eventId: 'evt-down', url: 'http://127.0.0.1:1/down', payload: {} }, SECRET, {
      ...options,
      maxAttempts: 4,
      baseMs: 1e9,
      maxMs: 1000,
    });
    assert.deepEqual([down.delivered, down.attempts], [false, 4]);
    assert.equal(waits.length, 3);
    assert.ok(waits.every((w) => w >= 0 && w <= 1000), `backoff capped at maxMs (1000 ms): ${waits}`);

    assert.deepEqual(await send('gone'), { delivered: false, status: 410, attempts: 1 });
    const redirected = await send('redirect');
    assert.equal(redirected.delivered, false);
    assert.equal(redirected.attempts, 1);

    waits.length = 0;
    assert.deepEqual(await send('busy'), { delivered: true, status: 200, attempts: 2 });
    assert.equal(waits.length, 1);
    assert.ok(waits[0]! >= 7000, `waited at least Retry-After (7 s), asked for ${waits[0]} ms`);

    const long = await send('busy-long', { maxMs: 60_000 });
    assert.equal(long.delivered, false);
    assert.equal(long.retryAfterMs, 3_600_000, 'reports the Retry-After so the queue reschedules');

    // The default policy: loopback is our own network, by IP literal and behind a DNS name.
    const byIp = await sendWebhook({ eventId: 'e1', url: receiver.url('/ts/ssrf'), payload: {} }, SECRET, { sleep: options.sleep });
    const byName = await sendWebhook({ eventId: 'e2', url: receiver.url('/ts/ssrf').replace('127.0.0.1', 'localhost'), payload: {} }, SECRET, {
      sleep: options.sleep,
    });
    // A DNS name whose resolved address the policy allows is delivered (the checked lookup connects).
    const allowedByName = await sendWebhook({ eventId: 'e3', url: receiver.url('/ts/byname').replace('127.0.0.1', 'localhost'), payload: {} }, SECRET, {
      isAllowedAddress: (a) => a === '127.0.0.1' || a === '::1',
      sleep: options.sleep,
    });
    assert.equal(allowedByName.delivered, true, JSON.stringify(allowedByName));
    assert.equal(byIp.delivered, false);
    assert.equal(byName.delivered, false);
    assert.equal(byName.attempts, 1, 'a refused address is not retried');
    for (const address of PRIVATE) {
      assert.equal(isPublicAddress(address), false, `${address} is not public`);
    }
    for (const address of PUBLIC) assert.equal(isPublicAddress(address), true, address);
    checkReceiver(receiver, 'ts');
  });

  it('typescript: refuses every address block the Python variant refuses (before: TEST-NET-1/2/3, IPv4-mapped too, 100::/64, 2001::/23 with Teredo, 2001:db8::/32 were allowed), lets their public neighbours through', () => {
    const { isPublicAddress } = importSnippet<Sender>('webhook-sender');
    const allowed = REFUSED.filter((address) => isPublicAddress(address));
    assert.deepEqual(allowed, [], 'addresses of blocks Python refuses that the TypeScript variant allows');
    const refused = PUBLIC.filter((address) => !isPublicAddress(address));
    assert.deepEqual(refused, [], 'public addresses refused');
    proves('webhook-sender', 'typescript');
  });

  it('typescript: isPublicAddress refuses text that is not an IP address (before: true for a host name such as example.com, or 127.1)', () => {
    const { isPublicAddress } = importSnippet<Sender>('webhook-sender');
    assert.deepEqual(NOT_IP.filter((text) => isPublicAddress(text)), [], 'not IP addresses, called public');
    assert.deepEqual(SCOPED.refused.filter((address) => isPublicAddress(address)), []);
    assert.deepEqual(SCOPED.public.filter((address) => !isPublicAddress(address)), []);
    proves('webhook-sender', 'typescript');
  });

  it('python: is_public_address refuses text that is not an IP address, as TypeScript does (before: 8.8.8.8%eth0 read as 8.8.8.8)', async () => {
    const lists = { refused: [...NOT_IP, ...SCOPED.refused], public: SCOPED.public };
    await runPythonProof({ snippet: 'webhook-sender', programs: ['proof_addresses.py'], label: 'addresses', args: [JSON.stringify(lists)] });
  });

  it('typescript: an address in the well-known NAT64 prefix 64:ff9b::/96 is judged by the IPv4 address it carries, 64:ff9b:1::/48 is refused (before: all of 64:ff9b::/96 refused, so no IPv4-only receiver could be reached through DNS64)', () => {
    const { isPublicAddress } = importSnippet<Sender>('webhook-sender');
    assert.deepEqual(NAT64.refused.filter((address) => isPublicAddress(address)), [], 'NAT64 addresses carrying a refused IPv4 address, or local-use, called public');
    assert.deepEqual(NAT64.public.filter((address) => !isPublicAddress(address)), [], 'NAT64 addresses carrying a public IPv4 address, refused');
    proves('webhook-sender', 'typescript');
  });

  it('python: is_public_address judges 64:ff9b::/96 by the IPv4 address it carries and refuses 64:ff9b:1::/48, as TypeScript does (before: all of 64:ff9b::/96 refused)', async () => {
    await runPythonProof({ snippet: 'webhook-sender', programs: ['proof_addresses.py'], label: 'nat64', args: [JSON.stringify(NAT64)] });
  });

  it('typescript: isPublicAddress refuses 64:ff9b::/32 outside the well-known /96 whatever it carries (before: 64:ff9b::1:0:0, 64:ff9b:7f00:1:: and the like called public)', () => {
    const { isPublicAddress } = importSnippet<Sender>('webhook-sender');
    assert.deepEqual(NAT64_OUTSIDE_96.filter((address) => isPublicAddress(address)), [], 'outside 64:ff9b::/96, called public');
    assert.deepEqual(NAT64.public.filter((address) => !isPublicAddress(address)), [], 'inside 64:ff9b::/96, carrying a public IPv4 address: still public');
    proves('webhook-sender', 'typescript');
  });

  it('python: is_public_address refuses 64:ff9b::/32 outside the well-known /96 whatever it carries, as TypeScript does (before: 64:ff9b::1:0:0 and the like called public)', async () => {
    await runPythonProof({ snippet: 'webhook-sender', programs: ['proof_addresses.py'], label: 'nat64-outside-96', args: [JSON.stringify({ refused: NAT64_OUTSIDE_96, public: NAT64.public })] });
  });

  it('typescript: isPublicAddress refuses IPv6 outside the global unicast 2000::/3, but IPv4-mapped and well-known NAT64 addresses judged by their IPv4 address (before: 4000::1, fe00::1 and the like called public)', () => {
    const { isPublicAddress } = importSnippet<Sender>('webhook-sender');
    assert.deepEqual(OUTSIDE_GLOBAL_UNICAST.refused.filter((address) => isPublicAddress(address)), [], 'outside 2000::/3, called public');
    assert.deepEqual(OUTSIDE_GLOBAL_UNICAST.public.filter((address) => !isPublicAddress(address)), [], 'global unicast (or carrying a public IPv4 address), refused');
    proves('webhook-sender', 'typescript');
  });

  it('python: is_public_address refuses IPv6 outside the global unicast 2000::/3, as TypeScript does (before: 4000::1, fe00::1 and the like called public)', async () => {
    await runPythonProof({ snippet: 'webhook-sender', programs: ['proof_addresses.py'], label: 'outside-2000-3', args: [JSON.stringify(OUTSIDE_GLOBAL_UNICAST)] });
  });

  it('typescript: isPublicAddress refuses the special-purpose blocks inside 2000::/3 (2001::/23 whole, 2001:db8::/32, 6to4 2002::/16, 3fff::/20), as Python does', () => {
    const { isPublicAddress } = importSnippet<Sender>('webhook-sender');
    assert.deepEqual(INSIDE_GLOBAL_UNICAST_REFUSED.filter((address) => isPublicAddress(address)), [], 'special-purpose inside 2000::/3, called public');
    proves('webhook-sender', 'typescript');
  });

  it('python: is_public_address refuses 2001::/23 whole, 2001:db8::/32, 6to4 2002::/16 and 3fff::/20 itself, so its IPv6 answers hang on no Python\'s is_global, as in TypeScript (before: 2001:1::1, ORCHIDv2 2001:20::/28 and others called public where is_global calls them global; with an is_global that calls every IPv6 address global, 2001:db8::1 and all 2001::/23 too)', async () => {
    const refused = [...INSIDE_GLOBAL_UNICAST_REFUSED, ...REFUSED, ...OUTSIDE_GLOBAL_UNICAST.refused, ...NAT64.refused, ...NAT64_OUTSIDE_96, ...SCOPED.refused].filter(isIPv6);
    const lists = { refused, public: [...PUBLIC, ...OUTSIDE_GLOBAL_UNICAST.public, ...NAT64.public, ...SCOPED.public].filter(isIPv6) };
    await runPythonProof({ snippet: 'webhook-sender', programs: ['proof_addresses.py'], label: 'inside-2000-3', args: [JSON.stringify(lists)] });
    await runPythonProof({ snippet: 'webhook-sender', programs: ['proof_addresses.py'], label: 'inside-2000-3-any-is-global', args: [JSON.stringify(lists), 'ipv6-is-global-always'] });
  });

  it('typescript: a DNS lookup that never answers ends with the attempt\'s timeout, as in Python: each attempt is aborted and retried, nothing sent', async () => {
    const { sendWebhook } = importSnippet<Sender>('webhook-sender');
    // The snippet's lookup calls node:dns's lookup through the module object, so the proof swaps it there
    // (the default import is that object; a namespace import would be a copy).
    const dnsModule = dns as unknown as { lookup: (...args: unknown[]) => void };
    const real = dnsModule.lookup;
    const stalled: string[] = [];
    dnsModule.lookup = (host: unknown, ...rest: unknown[]) => (host === 'stalled.test' ? void stalled.push(host) : real(host, ...rest));
    const waits: number[] = [];
    try {
      const result = await sendWebhook({ eventId: 'evt-stalled-dns', url: 'http://stalled.test/hook', payload: {} }, SECRET, {
        maxAttempts: 2,
        timeoutMs: 300,
        isAllowedAddress: () => true,
        sleep: async (ms) => void waits.push(ms),
      });
      assert.deepEqual([result.delivered, result.status, result.attempts], [false, null, 2], JSON.stringify(result));
      assert.deepEqual([stalled.length, waits.length], [2, 1], 'two lookups, both abandoned at the timeout; one backoff between');
    } finally {
      dnsModule.lookup = real;
    }
    proves('webhook-sender', 'typescript');
  });

  it('typescript: a 2xx whose body never ends is delivered once (before: the timeout failed it and it was sent again); a URL that does not parse is refused, not retried', async () => {
    const { sendWebhook } = importSnippet<Sender>('webhook-sender');
    // Status line and headers at once, then a body that never comes.
    let connections = 0;
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      connections++;
      sockets.add(socket);
      socket.on('error', () => {});
      socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\npartial'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const waits: number[] = [];
    try {
      const { port } = server.address() as net.AddressInfo;
      const result = await sendWebhook({ eventId: 'evt-endless', url: `http://127.0.0.1:${port}/hook`, payload: {} }, SECRET, {
        maxAttempts: 3,
        timeoutMs: 500,
        isAllowedAddress: (a) => a === '127.0.0.1',
        sleep: async (ms) => void waits.push(ms),
      });
      assert.deepEqual(result, { delivered: true, status: 200, attempts: 1 }, 'the status is the answer');
      assert.deepEqual([connections, waits.length], [1, 0], 'sent once, no retry');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
    const bad = await sendWebhook({ eventId: 'evt-bad-url', url: 'not a url', payload: {} }, SECRET, { sleep: async (ms) => void waits.push(ms) });
    assert.deepEqual([bad.delivered, bad.attempts, waits.length], [false, 1, 0], `refused at once: ${JSON.stringify(bad)}`);
    assert.match(bad.error ?? '', /invalid URL/);
    proves('webhook-sender', 'typescript');
  });

  it('typescript: an option out of range or a payload with no JSON form throws before anything is sent (before: 0 or NaN attempts sent nothing and reported a failure; a NaN or fractional timeoutMs failed every attempt before sending, retried with backoff; 2^31 ms fired after 1 ms; undefined was retried as a network error)', async () => {
    const { sendWebhook } = importSnippet<Sender>('webhook-sender');
    receiver.script('/ts/refused-options', [{ status: 200 }]);
    const waits: number[] = [];
    const base = { isAllowedAddress: (a: string) => a === '127.0.0.1', sleep: async (ms: number) => void waits.push(ms) };
    const send = (payload: unknown, options: Record<string, number>) =>
      sendWebhook({ eventId: 'evt-options', url: receiver.url('/ts/refused-options'), payload }, SECRET, { ...base, ...options });
    const badOptions: Record<string, number>[] = [
      { maxAttempts: 0 }, { maxAttempts: Number.NaN }, { maxAttempts: 2.5 },
      { timeoutMs: Number.NaN }, { timeoutMs: Number.POSITIVE_INFINITY }, { timeoutMs: 0 }, { timeoutMs: 2 ** 31 },
      { baseMs: Number.NaN }, { baseMs: -1 }, { maxMs: Number.POSITIVE_INFINITY }, { maxMs: 2 ** 31 },
    ];
    for (const options of badOptions) await assert.rejects(send({}, options), RangeError, JSON.stringify(options, (_k, v) => (typeof v === 'number' ? String(v) : v)));
    for (const payload of [undefined, () => 1, 10n]) await assert.rejects(send(payload, {}), TypeError, `payload ${typeof payload}`);
    assert.deepEqual([receiver.hits('/ts/refused-options').length, waits.length], [0, 0], 'nothing sent, nothing retried');
    assert.equal((await send({}, { timeoutMs: 1500.5 })).delivered, true, 'a fractional timeout in range is kept (rounded up for AbortSignal.timeout)');
    proves('webhook-sender', 'typescript');
  });

  it('typescript: a payload holding NaN, an infinity or an invalid Date anywhere throws a TypeError before anything is sent (before: JSON.stringify sent them as null and reported delivered: true; Python refuses NaN and Infinity too)', async () => {
    const { sendWebhook } = importSnippet<Sender>('webhook-sender');
    receiver.script('/ts/non-finite', [{ status: 200 }]);
    const waits: number[] = [];
    const send = (payload: unknown) =>
      sendWebhook({ eventId: 'evt-non-finite', url: receiver.url('/ts/non-finite'), payload }, SECRET, {
        isAllowedAddress: (a) => a === '127.0.0.1',
        sleep: async (ms) => void waits.push(ms),
      });
    const bad: [string, unknown][] = [
      ['NaN at the top', Number.NaN],
      ['NaN in an object', { amount: Number.NaN }],
      ['Infinity deep in an array', { lines: [{ qty: 1 }, { qty: Number.POSITIVE_INFINITY }] }],
      ['-Infinity', { delta: Number.NEGATIVE_INFINITY }],
      ['a Number object holding NaN', { amount: new Number(Number.NaN) }],
      ['a toJSON that returns NaN', { amount: { toJSON: () => Number.NaN } }],
      ['an invalid Date', { at: new Date(Number.NaN) }],
      ['an invalid Date at the top', new Date('not a date')],
    ];
    for (const [name, payload] of bad) await assert.rejects(send(payload), TypeError, name);
    assert.deepEqual([receiver.hits('/ts/non-finite').length, waits.length], [0, 0], 'nothing sent, nothing retried');
    // Ordinary data, a valid Date and an undefined inside the payload (left out, as JSON.stringify does) still go out.
    const at = new Date(Date.UTC(2026, 0, 2));
    assert.equal((await send({ amount: 1.5, big: Number.MAX_VALUE, at, note: undefined, list: [0, -0] })).delivered, true);
    const hits = receiver.hits('/ts/non-finite');
    assert.equal(hits.length, 1);
    assert.deepEqual(JSON.parse(hits[0]!.body), { amount: 1.5, big: Number.MAX_VALUE, at: '2026-01-02T00:00:00.000Z', list: [0, 0] });
    proves('webhook-sender', 'typescript');
  });

  it('python: signs <id>.<t>.<body> as the shared signing vectors, refuses an id with a dot; the same scenarios against the same receiver; a receiver that trickles its answer cannot hold the sender past its timeout', async () => {
    scriptAll(receiver, 'py');
    receiver.script('/py/dotted', [{ status: 200 }]);
    await runPythonProof({ snippet: 'webhook-sender', programs: ['proof.py'], args: [receiver.url('/py'), JSON.stringify(REFUSED), JSON.stringify(signingVectors()), JSON.stringify(UNSIGNABLE_IDS), JSON.stringify(PUBLIC)] });
    assert.equal(receiver.hits('/py/dotted').length, 0, 'nothing is sent for an id that cannot be signed');
    checkReceiver(receiver, 'py');
  });

  it('python: the DNS lookup counts against the attempt\'s timeout: a resolver that stalls fails each attempt at its deadline and send_webhook returns while the lookups still hang (before: it waited for the resolver, past its timeout)', async () => {
    for (const path of ['quick', 'missing', 'stalled', 'stuck', 'after']) receiver.script(`/py-dns/${path}`, [{ status: 200 }]);
    await runPythonProof({ snippet: 'webhook-sender', programs: ['slow_resolver.py'], label: 'dns', args: [receiver.url('/py-dns')] });
    assert.equal(receiver.hits('/py-dns/quick').length, 1, 'a name that resolves in time is delivered');
    assert.deepEqual([receiver.hits('/py-dns/missing').length, receiver.hits('/py-dns/stalled').length, receiver.hits('/py-dns/stuck').length], [0, 0, 0], 'nothing reached the receiver for the names that did not resolve in time');
    assert.equal(receiver.hits('/py-dns/after').length, 1, 'delivered once the stalled lookups ended');
  });
});
