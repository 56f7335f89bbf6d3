/**
 * Servers the Redis, caching and real-time proofs need beyond the shared ones (servers.ts):
 * - a Redis in cluster mode (one node serving all 16384 slots), where a multi-key command or script
 *   over keys of different slots fails with CROSSSLOT exactly as on a real cluster;
 * - a PostgreSQL streaming replica of the shared server, whose replay a test can pause to make
 *   replica lag deterministic.
 * Both are throw-away and stopped by the root hook through `stopS2Servers()`.
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { freePort, startPostgres, type PostgresServer } from './servers';

const HOST = '127.0.0.1';
const stops: (() => Promise<void> | void)[] = [];

export async function stopS2Servers(): Promise<void> {
  for (const stop of stops.splice(0).reverse()) await stop();
}

function findOnPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, binary))) return path.join(dir, binary);
  }
  return undefined;
}

/** One RESP command on a fresh connection; the raw reply text. */
function command(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, HOST);
    let reply = '';
    socket.once('connect', () => socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`));
    socket.on('data', (d) => {
      reply += d.toString();
      if (reply.endsWith('\r\n')) {
        socket.destroy();
        resolve(reply);
      }
    });
    socket.once('error', reject);
  });
}

export interface ClusterRedis {
  host: string;
  port: number;
  url: string;
}

let cluster: Promise<ClusterRedis> | undefined;

/** A one-node Redis Cluster (cluster mode, all slots on this node), started once per run. */
export function clusterRedis(): Promise<ClusterRedis> {
  cluster ??= (async () => {
    const binary = findOnPath('redis-server');
    if (!binary) throw new Error('Redis is not installed: apt-get install redis-server');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdp-redis-cluster-'));
    const port = await freePort();
    const child: ChildProcess = spawn(
      binary,
      ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir,
        '--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, 'nodes.conf')],
      { stdio: 'ignore' },
    );
    const kill = (): void => void (child.exitCode === null && child.kill('SIGKILL'));
    process.once('exit', kill);
    stops.push(() => {
      kill();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    for (let i = 0; ; i++) {
      try {
        if ((await command(port, 'PING')).startsWith('+PONG')) break;
      } catch {
        /* not listening yet */
      }
      if (i > 200) throw new Error('cluster-mode redis-server did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    const added = await command(port, 'CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    if (!added.startsWith('+OK')) throw new Error(`CLUSTER ADDSLOTSRANGE: ${added}`);
    for (let i = 0; !(await command(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'); i++) {
      if (i > 200) throw new Error('the one-node cluster did not reach cluster_state:ok');
      await new Promise((r) => setTimeout(r, 50));
    }
    return { host: HOST, port, url: `redis://${HOST}:${port}` };
  })();
  return cluster;
}

/** Runs a PostgreSQL binary, as the `postgres` account when the tests run as root. */
function pgRun(bin: string, args: string[], cwd: string): void {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const [file, argv] = asRoot ? [findOnPath('runuser') ?? '/usr/sbin/runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    execFileSync(file, argv, { stdio: 'pipe', cwd });
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(`${path.basename(bin)} failed: ${e.stderr?.toString() || e.message}`, { cause: err });
  }
}

function pgBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const m of majors) if (fs.existsSync(path.join(root, m, 'bin', 'pg_basebackup'))) return path.join(root, m, 'bin');
  throw new Error('PostgreSQL is not installed: apt-get install postgresql');
}

export interface Replica {
  connectionString: string;
}

let pair: Promise<{ primary: PostgresServer; replica: Replica }> | undefined;

/**
 * A PostgreSQL primary of its own (small and quiet, so the base backup is quick whatever the other
 * proofs put in the shared server; settings as in servers.ts, synchronous_commit off included) and a
 * streaming replica of it (pg_basebackup -R), started once per run.
 */
export function primaryWithReplica(): Promise<{ primary: PostgresServer; replica: Replica }> {
  pair ??= (async () => {
    const primary = await startPostgres();
    stops.push(() => primary.stop());
    const bin = pgBinDir();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdp-pg-replica-'));
    const data = path.join(dir, 'data');
    if (typeof process.getuid === 'function' && process.getuid() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      fs.chownSync(dir, uid, gid);
    }
    pgRun(path.join(bin, 'pg_basebackup'), ['-h', primary.host, '-p', String(primary.port), '-U', primary.user, '-D', data, '-R', '-X', 'stream', '--no-sync'], dir);
    const port = await freePort();
    const options = [`-p ${port}`, `-k ${dir}`, `-c listen_addresses=${HOST}`, '-c fsync=off', '-c hot_standby=on', '-c max_connections=200' /* >= the primary's */].join(' ');
    pgRun(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start'], dir);
    let stopped = false;
    // Stopped only once pg_ctl has stopped it, as the primary (servers.ts): a failed stop is tried again on exit.
    const stop = (): void => {
      if (stopped) return;
      pgRun(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], dir);
      stopped = true;
      process.off('exit', stop);
      fs.rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', stop);
    stops.push(stop);
    return { primary, replica: { connectionString: `postgresql://${primary.user}@${HOST}:${port}/postgres` } };
  })();
  return pair;
}

// Registered on the root suite when a spec first imports this module: stop what was started here.
if (typeof after === 'function') after(stopS2Servers);
