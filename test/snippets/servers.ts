/**
 * Real PostgreSQL and Redis for the snippet proofs, started from the Debian packages on loopback
 * with throw-away data directories, and stopped (and deleted) afterwards.
 *
 * A missing binary is an error that says how to install it: the proofs must fail, not skip, on a
 * machine without the servers.
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  readonly connectionString: string;
  stop(): void;
}

export interface RedisServer {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/** A TCP port that was free a moment ago on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The newest `/usr/lib/postgresql/<major>/bin`, or the directory of `initdb` on PATH. */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const majors = fs
      .readdirSync(root)
      .filter((d) => fs.existsSync(path.join(root, d, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (majors[0]) return path.join(root, majors[0], 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, 'initdb'))) return dir;
  }
  throw new Error('PostgreSQL is not installed: apt-get install postgresql (the proofs need initdb and pg_ctl)');
}

function findOnPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * PostgreSQL refuses to run as root. When the tests run as root (containers, CI), run the server
 * binaries as the `postgres` account that the Debian package creates.
 */
function postgresRunner(): { wrap: (cmd: string, args: string[]) => [string, string[]]; uid?: number; gid?: number } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return { wrap: (cmd, args) => [cmd, args] };
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  } catch {
    throw new Error(
      'the proofs run as root and PostgreSQL refuses to: install postgresql (apt-get install postgresql creates the "postgres" user) or run as a normal user',
    );
  }
  const runuser = findOnPath('runuser') ?? '/usr/sbin/runuser';
  return { wrap: (cmd, args) => [runuser, ['-u', 'postgres', '--', cmd, ...args]], uid, gid };
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const runner = postgresRunner();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdp-pg-'));
  const data = path.join(dir, 'data');
  if (runner.uid !== undefined) fs.chownSync(dir, runner.uid, runner.gid!);
  const run = (cmd: string, args: string[]): void => {
    const [file, argv] = runner.wrap(path.join(bin, cmd), args);
    try {
      execFileSync(file, argv, { stdio: 'pipe', cwd: dir });
    } catch (err) {
      const e = err as { stderr?: Buffer; stdout?: Buffer; message: string };
      throw new Error(`${cmd} failed: ${e.stderr?.toString() || e.stdout?.toString() || e.message}`, { cause: err });
    }
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  // Durability is pointless for a throw-away cluster; turning it off keeps the proofs fast.
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    `-c listen_addresses=${HOST}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
  let stopped = false;
  // Stopped only once pg_ctl has stopped it: a stop that fails throws and leaves the server as it
  // was, its data directory (pg_ctl finds the server there) and its exit listener, so the next
  // stop(), or the run's exit, tries again.
  const stop = (): void => {
    if (stopped) return;
    run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    stopped = true;
    process.off('exit', stop);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  return {
    host: HOST,
    port,
    user: 'postgres',
    database: 'postgres',
    connectionString: `postgresql://postgres@${HOST}:${port}/postgres`,
    stop,
  };
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, HOST);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startRedis(): Promise<RedisServer> {
  const binary = findOnPath('redis-server');
  if (!binary) throw new Error('Redis is not installed: apt-get install redis-server');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdp-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await ping(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`redis-server did not start on port ${port}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const killNow = (): void => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killNow);
  return {
    host: HOST,
    port,
    url: `redis://${HOST}:${port}`,
    stop: async () => {
      // A child killed by a signal has exitCode null and signalCode set: it has already exited.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        // A Redis that ignores SIGTERM is killed after 10 s (a hang guard, not a measured time).
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(force);
      }
      // Only once the server is gone: until then the exit listener is the run's last resort.
      process.off('exit', killNow);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// One server of each kind per test run, started on first use and stopped by the root hook.
let postgres: Promise<PostgresServer> | undefined;
let redis: Promise<RedisServer> | undefined;

export function sharedPostgres(): Promise<PostgresServer> {
  postgres ??= startPostgres();
  return postgres;
}

export function sharedRedis(): Promise<RedisServer> {
  redis ??= startRedis();
  return redis;
}

export async function stopSharedServers(): Promise<void> {
  const pg = postgres;
  const rd = redis;
  postgres = undefined;
  redis = undefined;
  await Promise.allSettled([pg?.then((s) => s.stop()), rd?.then((s) => s.stop())]);
}
