import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface WebhookDelivery {
  /** Stable per event, signed: the receiver deduplicates retries by it. 1 to 128 of A-Z a-z 0-9 _ -. */
  eventId: string;
  url: string;
  payload: unknown;
}

const EVENT_ID = /^[A-Za-z0-9_-]{1,128}\$/;

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<id>.<t>.<body>")>`. The signed text is the one
 * Standard Webhooks signs: the event id and the timestamp with the body, so a receiver can trust the
 * id it deduplicates on and reject replays of old captured requests. The headers are not Standard
 * Webhooks' (webhook-id, webhook-timestamp, webhook-signature: v1,<base64>), whose verifiers would
 * reject them. The id is 1 to 128 of A-Z a-z 0-9 _ -: a '.' would let "<id>.<t>" split two ways.
 */
export function signPayload(secret: string, eventId: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  if (!EVENT_ID.test(eventId)) throw new Error(`event id \${JSON.stringify(eventId)} must be 1 to 128 of A-Z a-z 0-9 _ -`);
  const mac = createHmac('sha256', secret).update(`\${eventId}.\${timestamp}.\${body}`).digest('hex');
  return `t=\${timestamp},v1=\${mac}`;
}

// Customer-supplied URLs must not reach our own network (SSRF). IPv4: refused are the blocks the
// IANA special-purpose registry marks not globally reachable (loopback, private, link-local with
// the cloud metadata service at 169.254.169.254, carrier-grade NAT 100.64.0.0/10, this-network 0/8,
// documentation, benchmarking, reserved 240/4, broadcast), 192.0.0.0/24 whole, and multicast.
// IPv6: only the global unicast space 2000::/3 is called (IANA's address space registry: the rest
// is reserved by IETF, unique-local fc00::/7, link-local fe80::/10 or multicast ff00::/8, so
// 4000::1 or fe00::1 is no public receiver), and in it not 2001::/23 (IETF protocol assignments,
// Teredo carrying an IPv4 address among them; whole, as in Python, whatever its is_global says),
// documentation 2001:db8::/32 and 3fff::/20, nor 6to4 2002::/16, which carries an IPv4
// address (2002:a00:1:: reaches 10.0.0.1). Outside 2000::/3 two kinds of address are judged by the
// IPv4 address in their last 32 bits instead: IPv4-mapped ::ffff:a.b.c.d (a dual-stack socket
// connects over IPv4) and the well-known NAT64 prefix 64:ff9b::/96, which IANA marks globally
// reachable (on an IPv6-only network DNS64 gives every IPv4-only receiver an address there). The
// rest of 0000::/8 is refused with it: IPv4-compatible ::/96, IPv4-translated ::ffff:0:0:0/96 (SIIT),
// the local-use NAT64 64:ff9b:1::/48 and the unassigned rest of 64:ff9b::/32, where a translator on
// a /32 to /64 prefix would carry the IPv4 address in other bits (64:ff9b:7f00:1:: is 127.0.0.1
// under a /32). The special-purpose registry grows (100:0:0:1::/64 came with RFC 9780): recheck
// the blocks refused inside 2000::/3 against it.
// A library can do the classification: ipaddr.js (npm) names the range of an address, and
// ipaddr.process(a).range() !== 'unicast' refuses most of the above (and all of 64:ff9b::/96),
// but not ::/96 (IPv4-compatible) nor 100:0:0:1::/64, which 2.5.0 calls unicast;
// request-filtering-agent puts that check in an http.Agent. This variant keeps its own list in node:net's BlockList to stay on Node's built-ins.
const blocked = new BlockList();
const IPV4_REFUSED = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 3], // multicast 224/4, reserved 240/4 and the broadcast address
] as const;
/** The blocks refused inside 2000::/3; every IPv6 address outside it is refused (or judged as IPv4) anyway. */
const IPV6_REFUSED = [['2001::', 23], ['2001:db8::', 32], ['2002::', 16], ['3fff::', 20]] as const;
for (const [net, prefix] of IPV4_REFUSED) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of IPV6_REFUSED) blocked.addSubnet(net, prefix, 'ipv6');
const globalUnicast = new BlockList();
globalUnicast.addSubnet('2000::', 3, 'ipv6');
/** IPv6 addresses judged by the IPv4 address in their last 32 bits. */
const carriesIPv4 = new BlockList();
carriesIPv4.addSubnet('::ffff:0:0', 96, 'ipv6'); // IPv4-mapped (::ffff:10.0.0.1, also written ::ffff:a00:1)
carriesIPv4.addSubnet('64:ff9b::', 96, 'ipv6'); // the well-known NAT64 prefix

/** The eight 16-bit groups of an IPv6 address (WHATWG URL writes it out in its shortest form first). */
function ipv6Groups(address: string): number[] {
  const [head = '', tail] = new URL(`http://[\${address.split('%')[0]}]`).hostname.slice(1, -1).split('::');
  const groups = (text: string | undefined) => (text ? text.split(':').map((group) => parseInt(group, 16)) : []);
  const [left, right] = [groups(head), groups(tail)];
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** True only for an IP address outside every refused block; false for anything else (a name, '127.1', a stray space). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  // Fail closed: BlockList finds text that is not an address in no block, which would read as public.
  if (family === 0) return false;
  if (family === 4) return !blocked.check(address, 'ipv4');
  if (carriesIPv4.check(address, 'ipv6')) {
    const [, , , , , , high = 0, low = 0] = ipv6Groups(address);
    return isPublicAddress([high >> 8, high & 255, low >> 8, low & 255].join('.'));
  }
  return globalUnicast.check(address, 'ipv6') && !blocked.check(address, 'ipv6');
}

/** 2xx is done; 4xx other than 408/425/429 will not improve with retries; the rest may. */
const retryable = (status: number): boolean => status === 408 || status === 425 || status === 429 || status >= 500;

/** Retry-After in milliseconds (delta-seconds or an HTTP date), or undefined. */
function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const ms = /^\d+\$/.test(value.trim()) ? Number(value.trim()) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

export interface SendOptions {
  maxAttempts?: number;
  baseMs?: number;
  /** Longest wait between attempts; a Retry-After beyond it ends this run (retry from your queue). */
  maxMs?: number;
  timeoutMs?: number;
  /** Which resolved addresses may be called; the default refuses private networks. */
  isAllowedAddress?: (address: string) => boolean;
  sleep?: (ms: number) => Promise<void>;
}

/** setTimeout's longest delay: Node runs a longer one after 1 ms (and AbortSignal.timeout takes whole ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkOptions(maxAttempts: number, baseMs: number, maxMs: number, timeoutMs: number): void {
  // Each of these used to fail quietly: 0 or NaN attempts sent nothing; a NaN or fractional
  // timeoutMs made every attempt throw before sending (retried, with backoff, as if the network
  // were down); a timeoutMs or a wait past the timer limit fired after 1 ms.
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be a whole number >= 1, got \${maxAttempts}`);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMER_MS) {
    throw new RangeError(`timeoutMs must be a number of ms above 0 and at most \${MAX_TIMER_MS}, got \${timeoutMs}`);
  }
  for (const [name, ms] of [['baseMs', baseMs], ['maxMs', maxMs]] as const) {
    if (!Number.isFinite(ms) || ms < 0 || ms > MAX_TIMER_MS) throw new RangeError(`\${name} must be a number of ms from 0 to \${MAX_TIMER_MS}, got \${ms}`);
  }
}

/**
 * JSON.stringify's replacer for the payload: a NaN or infinite number, or an invalid Date (its
 * toJSON gives null), anywhere in the value would be sent as null and reported delivered; refused
 * instead, as the Python variant's json.dumps(allow_nan=False) refuses NaN and Infinity.
 */
function finiteJson(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date && Number.isNaN(raw.getTime())) throw new TypeError('payload must not hold an invalid Date: JSON.stringify would send it as null');
  const primitive = value instanceof Number ? value.valueOf() : value;
  if (typeof primitive === 'number' && !Number.isFinite(primitive)) throw new TypeError('payload must not hold NaN or an infinite number: JSON.stringify would send it as null');
  return value;
}

export type SendResult = { delivered: boolean; status: number | null; attempts: number; retryAfterMs?: number; error?: string };

/**
 * Delivers one event, retrying network errors and retryable statuses with capped exponential
 * backoff and full jitter, and waiting at least as long as the receiver's Retry-After. Each attempt
 * is re-signed with a fresh timestamp. Redirects are not followed (a 3xx could point inside our
 * network), and the address check runs in the DNS lookup of the connection itself, so a name that
 * resolves to a public address when checked and a private one when connecting (DNS rebinding)
 * cannot slip through. The answer counts once its status line and headers are in: its body is not
 * read, so a 2xx whose body never ends is delivered, not timed out and sent again. Persist failures
 * and retry from a queue for long outages. Throws (nothing sent) for an event id that cannot be
 * signed, a payload with no JSON form (TypeError: a BigInt, a cycle, undefined or a function as the
 * whole payload, and anywhere in it a NaN or infinite number or an invalid Date, which JSON.stringify
 * would send as null), or an option out of range; a URL that does not parse, or is not http(s), is
 * refused like a private address (not retried).
 */
export async function ${1:sendWebhook}(delivery: WebhookDelivery, secret: string, options: SendOptions = {}): Promise<SendResult> {
  const { maxAttempts = ${2:6}, baseMs = ${3:1000}, maxMs = 60_000, timeoutMs = 10_000 } = options;
  const allowed = options.isAllowedAddress ?? isPublicAddress;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  checkOptions(maxAttempts, baseMs, maxMs, timeoutMs);
  const body = JSON.stringify(delivery.payload, finiteJson); // TypeError on a BigInt, a cycle, NaN, an infinity, an invalid Date
  if (body === undefined) throw new TypeError(`payload \${typeof delivery.payload} has no JSON form`);
  signPayload(secret, delivery.eventId, body); // throws at once on an event id that cannot be signed
  let status: number | null = null;
  let error: string | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let waitAtLeast = 0;
    try {
      const response = await post(delivery.url, body, { 'x-webhook-id': delivery.eventId, 'x-webhook-signature': signPayload(secret, delivery.eventId, body) }, allowed, timeoutMs);
      status = response.status;
      error = undefined;
      if (status >= 200 && status < 300) return { delivered: true, status, attempts: attempt };
      if (!retryable(status)) return { delivered: false, status, attempts: attempt };
      waitAtLeast = retryAfterMs(response.retryAfter) ?? 0;
      if (waitAtLeast > maxMs) return { delivered: false, status, attempts: attempt, retryAfterMs: waitAtLeast };
    } catch (err) {
      status = null; // network error, timeout or refused address
      error = err instanceof Error ? err.message : String(err);
      if (err instanceof RefusedAddress) return { delivered: false, status, attempts: attempt, error };
    }
    if (attempt < maxAttempts) {
      const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
      await sleep(Math.max(waitAtLeast, Math.random() * ceiling));
    }
  }
  return { delivered: false, status, attempts: maxAttempts, error };
}

class RefusedAddress extends Error {}

function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  allowed: (address: string) => boolean,
  timeoutMs: number,
): Promise<{ status: number; retryAfter?: string }> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(new RefusedAddress(`invalid URL \${JSON.stringify(url)}`));
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return Promise.reject(new RefusedAddress(`scheme \${target.protocol}`));
  const host = target.hostname.replace(/^\[|\]\$/g, '');
  // An IP literal is connected to without a lookup, so it is checked here.
  if (isIP(host) && !allowed(host)) return Promise.reject(new RefusedAddress(`address \${host} is not allowed`));
  const lookup: LookupFunction = (hostname, opts, callback) => {
    dnsLookup(hostname, { ...opts, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const ok = addresses.filter((a) => allowed(a.address));
      if (ok.length === 0) return callback(new RefusedAddress(`\${hostname} resolves to no allowed address`), '', 0);
      if (opts.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, ok);
      callback(null, ok[0]!.address, ok[0]!.family);
    });
  };
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        lookup,
        signal: AbortSignal.timeout(Math.ceil(timeoutMs)),
      },
      (response) => {
        // The status is the answer. The body is not read (a receiver could trickle it, or send it
        // without end, and the timeout would then fail a delivery that succeeded): the connection
        // is closed instead of being kept for the next request.
        resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] });
        response.destroy();
      },
    );
    request.on('error', (err) => reject(err.cause instanceof RefusedAddress ? err.cause : err));
    request.end(body);
  });
}
$0
