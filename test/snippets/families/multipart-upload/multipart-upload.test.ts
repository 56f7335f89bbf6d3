/**
 * multipart-upload against a local S3-like part server (it checks Content-MD5 as S3 does, answers
 * with the part's ETag, and assembles the object on completion): the object equals the file; a
 * failed run resumes and sends only the missing parts; a resume with another part size or a
 * changed file is refused instead of building a corrupt object; bytes damaged in transit are
 * rejected and resent; a file that shrinks mid-upload fails the part; a failure starts no new part.
 */
import { strict as assert } from 'assert';
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { proves } from '../../harness';
import { importSnippet, workDir } from '../../library';
import { patchTimers } from '../../patchTimers';
import { listen, until } from '../../s2-http';
import { gate } from '../../gate';
import { pinRandom } from '../../pinRandom';

interface Part {
  partNumber: number;
  etag: string;
}
interface Progress {
  fileSize: number;
  fileMtimeMs: number;
  partSize: number;
  parts: Part[];
}
interface Multipart {
  uploadResumable(
    filePath: string,
    uploadId: string,
    backend: { partUrl(id: string, n: number, signal: AbortSignal): Promise<string>; complete(id: string, parts: Part[], signal: AbortSignal): Promise<void> },
    progress: { load(id: string): Promise<Progress | null>; save(id: string, p: Progress): Promise<void> },
    options?: { partSize?: number; concurrency?: number; attempts?: number; retryBaseMs?: number; partTimeoutMs?: number; backendTimeoutMs?: number; completeTimeoutMs?: number; minPartSize?: number; maxPartSize?: number },
  ): Promise<void>;
}

const KiB = 1024;

/** A part server: PUT /<upload>/<part>. `faults` decides per request: 'ok', 'fail' (500), 'corrupt' (flip a byte in transit) or 'hang' (never answer). */
async function partServer() {
  const parts = new Map<string, Map<number, Buffer>>();
  const puts: { upload: string; part: number; status: number }[] = [];
  let faults: (upload: string, part: number) => 'ok' | 'fail' | 'corrupt' | 'hang' = () => 'ok';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const [, upload, part] = (req.url ?? '').split('/');
      const n = Number(part);
      let body = Buffer.concat(chunks);
      const fault = faults(upload!, n);
      if (fault === 'hang') {
        puts.push({ upload: upload!, part: n, status: 0 });
        return; // a stalled connection: no answer until the server closes
      }
      if (fault === 'corrupt') body = Buffer.from(body.map((b, i) => (i === 7 ? b ^ 0xff : b)));
      const md5 = createHash('md5').update(body).digest();
      let status = 200;
      if (fault === 'fail') status = 500;
      else if (!req.headers['content-md5']) status = 400; // this server insists on a checksum
      else if (Buffer.from(String(req.headers['content-md5']), 'base64').compare(md5) !== 0) status = 400; // BadDigest
      puts.push({ upload: upload!, part: n, status });
      if (status !== 200) {
        res.writeHead(status);
        return res.end();
      }
      if (!parts.has(upload!)) parts.set(upload!, new Map());
      parts.get(upload!)!.set(n, body);
      res.writeHead(200, { etag: `"${md5.toString('hex')}"` });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const objects = new Map<string, Buffer>();
  return {
    puts,
    objects,
    setFaults: (f: typeof faults) => void (faults = f),
    backend: {
      partUrl: async (id: string, n: number) => `http://127.0.0.1:${port}/${id}/${n}`,
      async complete(id: string, list: Part[]) {
        const stored = parts.get(id)!;
        const bodies = list.map((p) => {
          const body = stored.get(p.partNumber);
          assert.ok(body, `part ${p.partNumber} was never uploaded`);
          assert.equal(p.etag, `"${createHash('md5').update(body).digest('hex')}"`, `part ${p.partNumber}: ETag mismatch`);
          return body;
        });
        objects.set(id, Buffer.concat(bodies));
      },
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** The application's own API server, hung: it reads each request and never answers. `cancelled` counts requests the client gave up (the socket closed unanswered). */
async function hungApi() {
  let received = 0;
  let cancelled = 0;
  const server = await listen((req, res) => {
    received++;
    req.resume();
    res.on('close', () => void (res.writableEnded || cancelled++));
  });
  return { url: `${server.url}/api`, counts: () => ({ received, cancelled }), close: server.close };
}

/** A hang detector, not a timing claim: `run` must settle within 20 s (the snippet's deadlines here are 200 ms), so a hung upload fails the test with its name and runs its `finally`. */
function orHang<T>(run: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still hanging after 20 s: ${what}`)), 20_000)));
  return Promise.race([run, hung]).finally(() => clearTimeout(timer));
}

function jsonProgressStore() {
  const rows = new Map<string, string>();
  return {
    rows,
    load: async (id: string) => (rows.has(id) ? (JSON.parse(rows.get(id)!) as Progress) : null),
    save: async (id: string, p: Progress) => void rows.set(id, JSON.stringify(p)),
  };
}

describe('multipart-upload', function () {
  this.timeout(120_000);

  it('typescript: correct object, resume sends only missing parts, refuses a changed file or part size, rejects damaged bytes', async () => {
    const { uploadResumable } = importSnippet<Multipart>('multipart-upload');
    proves('multipart-upload', 'typescript');
    const dir = workDir('multipart-upload');
    const s3 = await partServer();
    try {
      const content = randomBytes(10 * 64 * KiB + 123); // 11 parts of 64 KiB, the last short
      const file = path.join(dir, 'video.bin');
      fs.writeFileSync(file, content);
      const options = { partSize: 64 * KiB, concurrency: 3, attempts: 2, retryBaseMs: 1, minPartSize: 64 * KiB };

      // 1. Part 4 fails every attempt: the run fails, its finished parts are saved.
      const store = jsonProgressStore();
      s3.setFaults((_u, n) => (n === 4 ? 'fail' : 'ok'));
      await assert.rejects(uploadResumable(file, 'up1', s3.backend, store, { ...options, concurrency: 1 }), /part 4/);
      const saved = (await store.load('up1'))!;
      assert.equal(saved.partSize, 64 * KiB);
      assert.equal(saved.fileSize, content.length);
      assert.ok(!saved.parts.some((p) => p.partNumber === 4));
      const before = new Set(saved.parts.map((p) => p.partNumber));
      assert.deepEqual([...before].sort(), [1, 2, 3], 'no new part starts after a failure');

      // 2. Resume: only the missing parts are sent, and the object equals the file.
      s3.setFaults(() => 'ok');
      s3.puts.length = 0;
      await uploadResumable(file, 'up1', s3.backend, store, options);
      const sent = s3.puts.map((p) => p.part).sort((a, b) => a - b);
      assert.deepEqual(sent, Array.from({ length: 11 }, (_, i) => i + 1).filter((n) => !before.has(n)), 'only missing parts are sent');
      assert.ok(s3.objects.get('up1')!.equals(content), 'the assembled object equals the file');

      // 3. A resume with another part size is refused (the saved parts were cut differently).
      const store2 = jsonProgressStore();
      s3.setFaults((_u, n) => (n === 3 ? 'fail' : 'ok'));
      await assert.rejects(uploadResumable(file, 'up2', s3.backend, store2, options));
      s3.setFaults(() => 'ok');
      await assert.rejects(uploadResumable(file, 'up2', s3.backend, store2, { ...options, partSize: 128 * KiB }), /part size changed/);
      assert.equal(s3.objects.has('up2'), false, 'no corrupt object is assembled');

      // 4. A resume after the file changed is refused.
      const changed = Buffer.from(content);
      changed[5] ^= 1;
      fs.writeFileSync(file, changed);
      fs.utimesSync(file, new Date(), new Date(Date.now() + 5_000));
      await assert.rejects(uploadResumable(file, 'up2', s3.backend, store2, options), /file or the part size changed/);
      assert.equal(s3.objects.has('up2'), false);

      // 5. Bytes damaged in transit are rejected by Content-MD5 and the part is resent.
      let corrupted = 0;
      s3.setFaults((_u, n) => (n === 2 && corrupted++ === 0 ? 'corrupt' : 'ok'));
      s3.puts.length = 0;
      await uploadResumable(file, 'up3', s3.backend, jsonProgressStore(), options);
      assert.deepEqual(s3.puts.filter((p) => p.part === 2).map((p) => p.status), [400, 200]);
      assert.ok(s3.objects.get('up3')!.equals(changed));

      // 6. The file shrinks during the upload: the short read fails the part instead of sending zeros.
      const shrinking = path.join(dir, 'shrinking.bin');
      fs.writeFileSync(shrinking, content);
      const truncating = {
        ...s3.backend,
        partUrl: async (id: string, n: number) => {
          if (n === 1) fs.truncateSync(shrinking, 64 * KiB + 10);
          return s3.backend.partUrl(id, n);
        },
      };
      await assert.rejects(uploadResumable(shrinking, 'up4', truncating, jsonProgressStore(), { ...options, concurrency: 1 }), /read \d+ of \d+ bytes/);
      assert.equal(s3.objects.has('up4'), false);
    } finally {
      await s3.close();
    }
  });

  it('typescript: a backend that never answers (partUrl, complete) fails the upload at its deadline (backendTimeoutMs, completeTimeoutMs) instead of hanging it; the signal cancels its request, and a call that ignores the signal is abandoned all the same', async () => {
    const { uploadResumable } = importSnippet<Multipart>('multipart-upload');
    proves('multipart-upload', 'typescript');
    const dir = workDir('multipart-upload');
    const s3 = await partServer();
    const api = await hungApi();
    try {
      const content = randomBytes(3 * 64 * KiB);
      const file = path.join(dir, 'hung-api.bin');
      fs.writeFileSync(file, content);
      const options = { partSize: 64 * KiB, concurrency: 1, attempts: 2, retryBaseMs: 1, minPartSize: 64 * KiB, backendTimeoutMs: 200, completeTimeoutMs: 300 };
      const hang = async (signal?: AbortSignal) => {
        await fetch(api.url, { method: 'POST', body: '{}', signal });
        throw new Error('the hung API answered');
      };

      // 1. Presigning hangs, the signal passed on: each attempt times out, its request is cancelled,
      //    and after the last attempt the upload fails; no part is sent, nothing is completed.
      const hungPresign = { ...s3.backend, partUrl: async (_id: string, _n: number, signal: AbortSignal) => (await hang(signal)) as never };
      s3.puts.length = 0;
      await assert.rejects(orHang(uploadResumable(file, 'hung1', hungPresign, jsonProgressStore(), options), 'presign'), /part 1: partUrl: no answer within 200 ms/);
      assert.equal(s3.puts.length, 0, 'no part was sent');
      assert.equal(s3.objects.has('hung1'), false);
      await until(() => api.counts().cancelled === 2, 'both presign requests cancelled');
      assert.deepEqual(api.counts(), { received: 2, cancelled: 2 }, 'one presign request per attempt, each cancelled');

      // 2. Completing hangs, and this call ignores the signal: the upload still fails, every part
      //    saved, and a second run (the API back) sends only the complete.
      const store = jsonProgressStore();
      const hungComplete = { ...s3.backend, complete: async () => hang() };
      await assert.rejects(orHang(uploadResumable(file, 'hung2', hungComplete, store, options), 'complete'), /upload hung2: complete: no answer within 300 ms/);
      assert.deepEqual((await store.load('hung2'))!.parts.map((p) => p.partNumber).sort(), [1, 2, 3], 'every part saved');
      assert.equal(s3.objects.has('hung2'), false);
      s3.puts.length = 0;
      await uploadResumable(file, 'hung2', s3.backend, store, options);
      assert.equal(s3.puts.length, 0, 'no part resent');
      assert.ok(s3.objects.get('hung2')!.equals(content), 'the rerun completes the object');
    } finally {
      await api.close();
      await s3.close();
    }
  });

  it('typescript: a complete slower than backendTimeoutMs but within completeTimeoutMs completes the upload (S3 may take minutes to assemble a large object); the deadline timer of every call that settled is cleared, so none outlives the upload', async () => {
    const { uploadResumable } = importSnippet<Multipart>('multipart-upload');
    proves('multipart-upload', 'typescript');
    const dir = workDir('multipart-upload');
    const s3 = await partServer();
    // Deadlines no other code uses, so `pick` takes only the snippet's deadline timers.
    const backendTimeoutMs = 123;
    const completeTimeoutMs = 54_321;
    const timers = patchTimers((ms) => ms === backendTimeoutMs || ms === completeTimeoutMs, { clearArmed: true });
    try {
      const content = randomBytes(3 * 64 * KiB);
      const file = path.join(dir, 'slow-complete.bin');
      fs.writeFileSync(file, content);
      // The complete stalls past the presign deadline (a stall of ours, not a timing claim), as
      // S3's CompleteMultipartUpload may for minutes on a large object.
      const slowComplete = {
        ...s3.backend,
        complete: async (id: string, list: Part[]) => {
          await new Promise((r) => setTimeout(r, 4 * backendTimeoutMs));
          await s3.backend.complete(id, list);
        },
      };
      const options = { partSize: 64 * KiB, concurrency: 1, attempts: 1, minPartSize: 64 * KiB, backendTimeoutMs, completeTimeoutMs };
      await uploadResumable(file, 'slow', slowComplete, jsonProgressStore(), options);
      assert.ok(s3.objects.get('slow')!.equals(content), 'the slow complete built the object');
      assert.deepEqual(timers.armed.map((t) => t.ms), [backendTimeoutMs, backendTimeoutMs, backendTimeoutMs, completeTimeoutMs], 'three presigns, one complete');
      const left = timers.armed.filter((t) => !timers.cleared.has(t.timer)).map((t) => t.ms);
      assert.deepEqual(left, [], 'deadline timers still armed after the upload succeeded');
    } finally {
      timers.restore();
      await s3.close();
    }
  });

  it("typescript: a partTimeoutMs, backendTimeoutMs or completeTimeoutMs a timer would not keep (over 2^31-1 ms: every call aborted after 1 ms; Infinity, NaN, 0, negative) or a retryBaseMs that is no finite number >= 0 is refused before anything is read or sent", async () => {
    const { uploadResumable } = importSnippet<Multipart>('multipart-upload');
    const untouched = new Proxy({}, { get: () => assert.fail('nothing may be called') }) as never;
    for (const name of ['partTimeoutMs', 'backendTimeoutMs', 'completeTimeoutMs']) {
      for (const bad of [2 ** 31, 30 * 24 * 3600 * 1000, Infinity, NaN, -1, 0]) {
        await assert.rejects(uploadResumable('/nonexistent', 'u', untouched, untouched, { [name]: bad }), (e: Error) => e instanceof RangeError && e.message.startsWith(name), `${name} ${bad}`);
      }
    }
    for (const bad of [Infinity, NaN, -1]) {
      await assert.rejects(uploadResumable('/nonexistent', 'u', untouched, untouched, { retryBaseMs: bad }), (e: Error) => e instanceof RangeError && /retryBaseMs/.test(e.message), `retryBaseMs ${bad}`);
    }
    proves('multipart-upload', 'typescript');
  });

  it('typescript: a failed progress save fails only its part (retried, later saves work); a stalled part times out and is retried; a part size under 5 MiB is refused', async () => {
    const { uploadResumable } = importSnippet<Multipart>('multipart-upload');
    proves('multipart-upload', 'typescript');
    const dir = workDir('multipart-upload');
    const s3 = await partServer();
    try {
      const content = randomBytes(5 * 64 * KiB);
      const file = path.join(dir, 'saves.bin');
      fs.writeFileSync(file, content);
      const options = { partSize: 64 * KiB, concurrency: 1, attempts: 3, retryBaseMs: 1, minPartSize: 64 * KiB };

      // 1. The second save fails once (a full disk, a dropped connection to the table).
      const store = jsonProgressStore();
      let saves = 0;
      const flaky = {
        load: store.load,
        save: async (id: string, p: Progress) => {
          if (++saves === 2) throw new Error('progress store unavailable');
          return store.save(id, p);
        },
      };
      await uploadResumable(file, 'save1', s3.backend, flaky, options);
      assert.ok(s3.objects.get('save1')!.equals(content), 'the upload completes after one failed save');
      assert.deepEqual((await store.load('save1'))!.parts.map((p) => p.partNumber).sort(), [1, 2, 3, 4, 5], 'later saves are not poisoned');

      // 2. Part 3's first request stalls: it times out and the retry delivers it.
      let stalled = 0;
      s3.setFaults((_u, n) => (n === 3 && stalled++ === 0 ? 'hang' : 'ok'));
      s3.puts.length = 0;
      await uploadResumable(file, 'stall1', s3.backend, jsonProgressStore(), { ...options, partTimeoutMs: 300 });
      assert.deepEqual(s3.puts.filter((p) => p.part === 3).map((p) => p.status), [0, 200], 'the stalled request was abandoned and resent');
      assert.ok(s3.objects.get('stall1')!.equals(content));
      s3.setFaults(() => 'ok');

      // 3. The default minimum: S3 rejects parts under 5 MiB (all but the last) only at complete.
      s3.puts.length = 0;
      await assert.rejects(uploadResumable(file, 'small1', s3.backend, jsonProgressStore(), { partSize: 64 * KiB }), /minimum part size/);
      assert.equal(s3.puts.length, 0, 'refused before any part is sent');
    } finally {
      await s3.close();
    }
  });

  it('typescript: once a part has failed for good, the other parts are stopped: one waiting to retry is not retried, one in flight has its request cancelled, and the upload rejects with the first failure at once (retry waits of 12 days and a part timeout of 10 min, given up on after 20 s)', async () => {
    const { uploadResumable } = importSnippet<Multipart>('multipart-upload');
    const dir = workDir('multipart-upload');
    const content = randomBytes(3 * 64 * KiB);
    const file = path.join(dir, 'stop.bin');
    fs.writeFileSync(file, content);
    // Part 2 fails at once; part 1's first request is held until the test releases it, then fails,
    // as does its retry; part 3 is held for good (a stalled connection).
    const requests: number[] = [];
    const release = gate();
    let part3Cancelled = false;
    const server = await listen((req, res) => {
      const part = Number((req.url ?? '').split('/')[2]);
      requests.push(part);
      req.resume();
      req.on('end', () => {
        const fail = () => {
          res.writeHead(500);
          res.end();
        };
        if (part === 2) fail();
        else if (part === 1 && requests.filter((n) => n === 1).length === 1) void release.wait.then(fail);
        else if (part === 1) fail();
        else res.on('close', () => void (part3Cancelled = !res.writableEnded));
      });
    });
    const backend = { partUrl: async (id: string, n: number) => `${server.url}/${id}/${n}`, complete: async () => assert.fail('no complete after a failure') };
    // Part 2's retry wait: 0.5 x 2^30 ms x 2 (12 days); part 1's: 0, so it fails for good at once.
    const random = pinRandom(0.5);
    try {
      const upload = uploadResumable(file, 'stop1', backend, jsonProgressStore(), {
        partSize: 64 * KiB,
        concurrency: 3,
        attempts: 2,
        retryBaseMs: 2 ** 30,
        partTimeoutMs: 600_000,
        minPartSize: 64 * KiB,
      });
      upload.catch(() => {});
      await until(() => random.draws === 1 && requests.includes(1) && requests.includes(3), 'part 2 waiting to retry, parts 1 and 3 in flight');
      random.value = 0;
      release.open();
      await assert.rejects(orHang(upload, 'the upload after part 1 failed for good'), /part 1: HTTP 500/);
      assert.deepEqual(requests.filter((n) => n === 2), [2], 'part 2 was retried after part 1 had failed for good');
      await until(() => part3Cancelled, "part 3's request cancelled");
    } finally {
      random.restore();
      release.open();
      await server.close();
    }
    proves('multipart-upload', 'typescript');
  });

  it('typescript: once a part has failed for good, a presign still in flight is stopped too: one that honours its signal sees it aborted, one that ignores it is no longer waited for and its deadline timer is cleared (it held the process for the 10 min deadline after the upload had rejected), no part is sent after the failure, and the upload rejects with that failure at once (given up on after 20 s)', async () => {
    const { uploadResumable } = importSnippet<Multipart>('multipart-upload');
    const dir = workDir('multipart-upload');
    const file = path.join(dir, 'stop-presign.bin');
    fs.writeFileSync(file, randomBytes(3 * 64 * KiB));
    // Part 1's PUT fails (500) once parts 2 and 3 are waiting for their URLs: part 2's presign
    // answers only when its signal aborts, part 3's never answers.
    const presigning = gate();
    const puts: number[] = [];
    const server = await listen((req, res) => {
      puts.push(Number((req.url ?? '').split('/')[2]));
      req.resume();
      req.on('end', () => void presigning.wait.then(() => (res.writeHead(500), res.end())));
    });
    const waiting = new Set<number>();
    let part2Signal: AbortSignal | undefined;
    const backend = {
      partUrl: (id: string, n: number, signal: AbortSignal) => {
        if (n === 1) return Promise.resolve(`${server.url}/${id}/${n}`);
        waiting.add(n);
        if (waiting.size === 2) presigning.open();
        if (n === 3) return new Promise<string>(() => {});
        part2Signal = signal;
        return new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(new Error('presign cancelled')), { once: true }));
      },
      complete: async () => assert.fail('no complete after a failure'),
    };
    const timers = patchTimers((ms) => ms === 600_000, { clearArmed: true }); // the presign deadlines
    try {
      const upload = uploadResumable(file, 'stop2', backend, jsonProgressStore(), {
        partSize: 64 * KiB,
        concurrency: 3,
        attempts: 1,
        backendTimeoutMs: 600_000,
        minPartSize: 64 * KiB,
      });
      upload.catch(() => {});
      await assert.rejects(orHang(upload, 'the upload after part 1 failed for good, presigns of parts 2 and 3 in flight'), /part 1: HTTP 500/);
      assert.equal(part2Signal?.aborted, true, "part 2's presign was not cancelled");
      assert.deepEqual(puts, [1], 'only part 1 was sent');
      assert.equal(timers.armed.length, 3, 'a presign deadline per part');
      const left = timers.armed.filter(({ timer }) => !timers.cleared.has(timer));
      assert.equal(left.length, 0, `${left.length} presign deadline timer(s) still armed after the upload rejected: the process stays up for them`);
    } finally {
      timers.restore();
      presigning.open();
      await server.close();
    }
    proves('multipart-upload', 'typescript');
  });

  it('typescript: a part still being read from the file when another part fails for good asks for no URL once read (no presign after the run stopped), and the upload rejects with the first failure', async () => {
    const { uploadResumable } = importSnippet<Multipart>('multipart-upload');
    const dir = workDir('multipart-upload');
    const file = path.join(dir, 'stop-read.bin');
    fs.writeFileSync(file, randomBytes(3 * 64 * KiB));
    // Part 2's read is held until the run has stopped: part 3's presign (honouring its signal)
    // is aborted once part 1 has failed for good.
    const handle = await fs.promises.open(file, 'r');
    const proto = Object.getPrototypeOf(handle) as { read: (...args: unknown[]) => Promise<unknown> };
    await handle.close();
    const read = proto.read;
    const stopped = gate();
    proto.read = async function (this: unknown, ...args: unknown[]) {
      if (args[3] === 64 * KiB) await stopped.wait;
      return read.apply(this, args);
    };
    const server = await listen((req, res) => {
      req.resume();
      req.on('end', () => (res.writeHead(500), res.end()));
    });
    const presigned: number[] = [];
    const backend = {
      partUrl: (id: string, n: number, signal: AbortSignal) => {
        presigned.push(n);
        if (n === 1) return Promise.resolve(`${server.url}/${id}/${n}`);
        return new Promise<string>((_, reject) =>
          signal.addEventListener('abort', () => (stopped.open(), reject(new Error('presign cancelled'))), { once: true }),
        );
      },
      complete: async () => assert.fail('no complete after a failure'),
    };
    try {
      const upload = uploadResumable(file, 'stop3', backend, jsonProgressStore(), { partSize: 64 * KiB, concurrency: 3, attempts: 1, minPartSize: 64 * KiB });
      upload.catch(() => {});
      await assert.rejects(orHang(upload, 'the upload after part 1 failed for good, part 2 being read'), /part 1: HTTP 500/);
      assert.deepEqual(presigned.sort(), [1, 3], 'a URL was asked for part 2 after the run had stopped');
    } finally {
      proto.read = read;
      stopped.open();
      await server.close();
    }
    proves('multipart-upload', 'typescript');
  });

  it('typescript: a concurrency, attempts or partSize that is not a whole number of at least 1 is refused before anything is read or sent (concurrency 0 on a resume completed a truncated object)', async () => {
    const { uploadResumable } = importSnippet<Multipart>('multipart-upload');
    const untouched = new Proxy({}, { get: () => assert.fail('nothing may be called') }) as never;
    const bad: [string, number][] = [
      ...[0, -1, NaN, 1.5, Infinity].map((v): [string, number] => ['concurrency', v]),
      ...[0, -2, NaN, 2.5, Infinity].map((v): [string, number] => ['attempts', v]),
      ...[0, -1, NaN, 1.5, Infinity].map((v): [string, number] => ['partSize', v]),
    ];
    for (const [name, value] of bad) {
      await assert.rejects(uploadResumable('/nonexistent', 'u', untouched, untouched, { [name]: value }), (e: Error) => e instanceof RangeError && e.message.startsWith(name), `${name} ${value}`);
    }
    const dir = workDir('multipart-upload');
    const s3 = await partServer();
    try {
      const content = randomBytes(6 * 64 * KiB);
      const file = path.join(dir, 'truncated.bin');
      fs.writeFileSync(file, content);
      const options = { partSize: 64 * KiB, concurrency: 1, attempts: 1, retryBaseMs: 1, minPartSize: 64 * KiB };
      const store = jsonProgressStore();
      s3.setFaults((_u, n) => (n === 4 ? 'fail' : 'ok'));
      await assert.rejects(uploadResumable(file, 'trunc1', s3.backend, store, options), /part 4/);
      s3.setFaults(() => 'ok');
      s3.puts.length = 0;
      await assert.rejects(uploadResumable(file, 'trunc1', s3.backend, store, { ...options, concurrency: 0 }), RangeError);
      assert.equal(s3.objects.has('trunc1'), false, 'no object built from parts 1-3 of 6');
      assert.equal(s3.puts.length, 0);
      // A progress record naming a part this cutting does not have is not completed either.
      const saved = (await store.load('trunc1'))!;
      await store.save('trunc1', { ...saved, parts: [...saved.parts, { partNumber: 7, etag: '"x"' }] });
      await assert.rejects(uploadResumable(file, 'trunc1', s3.backend, store, options), /out of range \[7\]/);
      assert.equal(s3.objects.has('trunc1'), false);
    } finally {
      await s3.close();
    }
    proves('multipart-upload', 'typescript');
  });

  it('typescript: a part whose file read fails (comes up short: the file shrank; or errs) fails for good at once, whatever `attempts` allows: the part is read once and never presigned, no later part starts, the upload rejects with the read error, the parts sent stay saved, and a rerun refuses the shrunk file', async () => {
    const { uploadResumable } = importSnippet<Multipart>('multipart-upload');
    const dir = workDir('multipart-upload');
    const s3 = await partServer();
    fs.writeFileSync(path.join(dir, 'probe.bin'), '');
    const probe = await fs.promises.open(path.join(dir, 'probe.bin'), 'r');
    const proto = Object.getPrototypeOf(probe) as { read: (this: unknown, buffer: unknown, offset: number, length: number, position: number) => Promise<{ bytesRead: number }> };
    await probe.close();
    const realRead = proto.read;
    let partTwoReads = 0;
    let readError: Error | undefined;
    proto.read = function (this: unknown, buffer: unknown, offset: number, length: number, position: number) {
      if (position === 64 * KiB) {
        partTwoReads++;
        if (readError) return Promise.reject(readError);
      }
      return realRead.call(this, buffer, offset, length, position);
    };
    // attempts 5 with no back-off: a retry of the read would show as more reads of part 2.
    const options = { partSize: 64 * KiB, concurrency: 1, attempts: 5, retryBaseMs: 0, minPartSize: 64 * KiB };
    try {
      for (const kind of ['short', 'error'] as const) {
        const file = path.join(dir, `read-fails-${kind}.bin`);
        fs.writeFileSync(file, randomBytes(3 * 64 * KiB));
        const presigned: number[] = [];
        partTwoReads = 0;
        readError = kind === 'error' ? Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }) : undefined;
        const backend = {
          ...s3.backend,
          partUrl: async (id: string, n: number) => {
            presigned.push(n);
            if (kind === 'short' && n === 1) fs.truncateSync(file, 64 * KiB + 10);
            return s3.backend.partUrl(id, n);
          },
        };
        const store = jsonProgressStore();
        await assert.rejects(orHang(uploadResumable(file, `readfail-${kind}`, backend, store, options), `a failed read of part 2 (${kind})`), kind === 'short' ? /part 2: read 10 of 65536 bytes/ : /EIO/);
        assert.equal(partTwoReads, 1, `${kind}: part 2 was read more than once (retried)`);
        assert.deepEqual(presigned, [1], `${kind}: presigned after part 2's read failed`);
        assert.deepEqual((JSON.parse(store.rows.get(`readfail-${kind}`)!) as Progress).parts.map((p) => p.partNumber), [1], `${kind}: the part sent is saved`);
        if (kind === 'short') {
          await assert.rejects(uploadResumable(file, `readfail-${kind}`, backend, store, options), /the file or the part size changed/);
        }
        assert.equal(s3.objects.has(`readfail-${kind}`), false);
      }
    } finally {
      proto.read = realRead;
      await s3.close();
    }
    proves('multipart-upload', 'typescript');
  });

  it('typescript: a part over maxPartSize is refused up front; a file read that returns less than asked (Linux stops at 2,147,479,552 bytes a read) is continued, not taken for a changed file', async () => {
    const { uploadResumable } = importSnippet<Multipart>('multipart-upload');
    const dir = workDir('multipart-upload');
    const s3 = await partServer();
    try {
      const content = randomBytes(3 * 64 * KiB + 5);
      const file = path.join(dir, 'reads.bin');
      fs.writeFileSync(file, content);
      const options = { partSize: 64 * KiB, concurrency: 2, attempts: 1, retryBaseMs: 1, minPartSize: 64 * KiB };

      s3.puts.length = 0;
      await assert.rejects(uploadResumable(file, 'big1', s3.backend, jsonProgressStore(), { ...options, partSize: 128 * KiB, maxPartSize: 64 * KiB }), /maximum part size/);
      assert.equal(s3.puts.length, 0, 'refused before any part is sent');

      // Every read of the file returns at most 1,000 bytes, as a read may.
      const probe = await fs.promises.open(file, 'r');
      const proto = Object.getPrototypeOf(probe) as { read: (this: unknown, buffer: unknown, offset: number, length: number, position: number) => Promise<{ bytesRead: number }> };
      await probe.close();
      const realRead = proto.read;
      let reads = 0;
      proto.read = function (this: unknown, buffer: unknown, offset: number, length: number, position: number) {
        reads++;
        return realRead.call(this, buffer, offset, Math.min(length, 1000), position);
      };
      try {
        await uploadResumable(file, 'short1', s3.backend, jsonProgressStore(), options);
      } finally {
        proto.read = realRead;
      }
      assert.ok(s3.objects.get('short1')!.equals(content), 'the object equals the file');
      assert.ok(reads >= Math.ceil(content.length / 1000), `each part read to the full: ${reads} reads`);
    } finally {
      await s3.close();
    }
    proves('multipart-upload', 'typescript');
  });
});
