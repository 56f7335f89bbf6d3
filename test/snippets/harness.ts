/**
 * The shared harness of the snippet proofs (see HARNESS.md):
 *
 * - `proves(snippet, language)`: a behaviour test says which shipped variant it executed; a root
 *   hook keeps the record only if the test passed, and the report lists it with the test's title.
 * - `markCompiled(snippet, language)`: the compile proofs say which variant compiled.
 * - `writeProofReport()`: test-results/snippet-proofs.json and the final "N of M" line.
 * - `freshDatabase()`, `proofEnv()`: a database of its own per proof on the throw-away PostgreSQL,
 *   and the environment a Python, Go or Java proof reads its servers from.
 * - `runPythonProof()`, `runGoProof()`, `runJavaProof()`: stage the variant (expanded with its
 *   defaults, exactly as inserted) next to the family's proof program in that language, run it with
 *   the real toolchain, fail with its output unless it passed, and register it with `proves()`.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import type { SnippetLanguage } from '../../src/core/snippets';
import { library, REPO_ROOT, variant, WORK_DIR } from './library';
import { sharedPostgres, sharedRedis } from './servers';

export const HARNESS_DIR = path.join(__dirname, 'lib');
export const FAMILIES_DIR = path.join(__dirname, 'families');
export const REPORT_FILE = path.join(REPO_ROOT, 'test-results', 'snippet-proofs.json');

/** Debian's interpreter: it has python3-psycopg and python3-redis (a pyenv `python3` may not). */
export const PYTHON = process.env.SDP_PYTHON ?? '/usr/bin/python3';
/** Debian's libpostgresql-jdbc-java. */
export const PG_JDBC_JAR = process.env.SDP_PG_JDBC_JAR ?? '/usr/share/java/postgresql.jar';
/** Debian's Go sources (golang-github-jackc-pgx-v4-dev and its dependencies), used in GOPATH mode. */
export const DEBIAN_GOCODE = '/usr/share/gocode';

// ---------------------------------------------------------------------------------------------
// The registry

const key = (snippet: string, language: string): string => `${snippet}/${language}`;

/** Variants the test now running has executed; moved to `proven` by the root afterEach if it passed. */
let pending: { snippet: string; language: SnippetLanguage }[] = [];
const proven = new Map<string, Set<string>>();
const compiled = new Set<string>();

/**
 * Call inside a behaviour test for each shipped variant the test executed. The record counts only
 * if the test passes. Throws at once for a variant that does not exist, so a typo cannot hide.
 */
export function proves(snippet: string, language: SnippetLanguage): void {
  variant(snippet, language);
  pending.push({ snippet, language });
}

/** Called by the compile proofs when a variant compiled (for SQL: ran twice on PostgreSQL). */
export function markCompiled(snippet: string, language: SnippetLanguage): void {
  compiled.add(key(snippet, language));
}

/** Root-hook side: the test `title` has ended in `state`. */
export function settleTest(title: string, state: string | undefined): void {
  if (state === 'passed') {
    for (const p of pending) {
      const k = key(p.snippet, p.language);
      if (!proven.has(k)) proven.set(k, new Set());
      proven.get(k)!.add(title);
    }
  }
  pending = [];
}

export interface ProofEntry {
  snippet: string;
  language: SnippetLanguage;
  compiled: boolean;
  executed: boolean;
  tests: string[];
}

/** True when mocha was asked for a subset of the tests (--grep, --fgrep, explicit spec files ...). */
function filteredRun(): boolean {
  const args = process.argv.slice(2);
  return args.some(
    (a, i) =>
      /^(--grep|-g|--fgrep|-f|--invert|-i|--spec)(=|$)/.test(a) ||
      (/\.(ts|js)$/.test(a) && !/^--/.test(args[i - 1] ?? '')),
  );
}

/**
 * Writes test-results/snippet-proofs.json (one entry per shipped variant) and prints, as the last
 * line of the run, how many of how many variants a behaviour test executed. On an unfiltered run
 * a shipped variant that no passing behaviour test executed fails the run (the teardown throws).
 */
export function writeProofReport(): void {
  const { snippets } = library();
  const variants: ProofEntry[] = snippets.flatMap((s) =>
    s.variants.map((v) => {
      const tests = [...(proven.get(key(s.id, v.language)) ?? [])].sort();
      return { snippet: s.id, language: v.language, compiled: compiled.has(key(s.id, v.language)), executed: tests.length > 0, tests };
    }),
  );
  const partial = filteredRun();
  // `filtered`: a --grep run proves only what it ran, so its record must not read as the whole one.
  fs.mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
  fs.writeFileSync(REPORT_FILE, `${JSON.stringify({ filtered: partial, variants }, null, 2)}\n`);
  const executed = variants.filter((v) => v.executed).length;
  const missing = variants.filter((v) => !v.executed).map((v) => `${v.snippet}/${v.language}`);
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  out('');
  if (missing.length > 0) out(`  not executed by a behaviour test: ${missing.join(', ')}`);
  out(`  report: ${path.relative(REPO_ROOT, REPORT_FILE)}`);
  const last = `snippet proofs: ${executed} of ${variants.length} variants executed by a behaviour test${partial ? ' (filtered run)' : ''}`;
  // Something a failed test left running (a timer, a socket) must not hang the run.
  setTimeout(() => {
    process.stderr.write('  handles were still open 15 s after the run; exiting\n');
    process.stdout.write(`${last}\n`); // still the last line
    process.exit();
  }, 15_000).unref();
  // Mocha sets the exit code from its failure count, so an unproven variant fails the run by failing
  // the global teardown; mocha prints a thrown string as is, so this line stays the last one.
  if (!partial && missing.length > 0) throw `${last} (every shipped variant must be)`;
  out(last);
}

// ---------------------------------------------------------------------------------------------
// Servers as a proof program sees them

export interface ProofDatabase {
  readonly name: string;
  /** libpq / psycopg / pgx / node-postgres URL. */
  readonly url: string;
  /** For PgJDBC (`DriverManager` or `PGSimpleDataSource.setURL`). */
  readonly jdbcUrl: string;
  /** Runs SQL (e.g. `sqlOf(id)`) in this database on a session of its own. */
  exec(sql: string): Promise<void>;
}

/**
 * A database of its own on the shared throw-away PostgreSQL (dropped first if a previous run left
 * it), so that default table names from the snippets never collide between proofs.
 * `name`: lowercase letters, digits and underscores.
 */
export async function freshDatabase(name: string): Promise<ProofDatabase> {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`database name "${name}": use [a-z0-9_]`);
  const server = await sharedPostgres();
  const admin = new Client({ connectionString: server.connectionString });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = `postgresql://${server.user}@${server.host}:${server.port}/${name}`;
  return {
    name,
    url,
    jdbcUrl: `jdbc:postgresql://${server.host}:${server.port}/${name}?user=${server.user}`,
    async exec(sql: string) {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * The environment of a proof program:
 * SDP_PG_URL, SDP_JDBC_URL, PGHOST/PGPORT/PGUSER/PGDATABASE (with `db`);
 * SDP_REDIS_HOST, SDP_REDIS_PORT, SDP_REDIS_URL (with `redis: true`; starts the shared Redis).
 */
export async function proofEnv(options: { db?: ProofDatabase; redis?: boolean } = {}): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  if (options.db) {
    const server = await sharedPostgres();
    Object.assign(env, {
      SDP_PG_URL: options.db.url,
      SDP_JDBC_URL: options.db.jdbcUrl,
      PGHOST: server.host,
      PGPORT: String(server.port),
      PGUSER: server.user,
      PGDATABASE: options.db.name,
    });
  }
  if (options.redis) {
    const redis = await sharedRedis();
    Object.assign(env, { SDP_REDIS_HOST: redis.host, SDP_REDIS_PORT: String(redis.port), SDP_REDIS_URL: redis.url });
  }
  return env;
}

// ---------------------------------------------------------------------------------------------
// Running proof programs

export interface ProofRun {
  status: number | null;
  output: string;
}

/** Runs a command without blocking the event loop; kills it after `timeoutMs`. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<ProofRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      output += `\n[harness] killed after ${options.timeoutMs} ms\n`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 300_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      const hint: Record<string, string> = {
        [PYTHON]: 'apt-get install python3 python3-psycopg python3-redis',
        go: 'apt-get install golang-go golang-github-jackc-pgx-v4-dev',
        javac: 'apt-get install default-jdk-headless libpostgresql-jdbc-java',
        java: 'apt-get install default-jdk-headless libpostgresql-jdbc-java',
      };
      reject(new Error(`${command}: ${err.message}${hint[command] ? ` (${hint[command]})` : ''}`, { cause: err }));
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

/** The marker a Python or Java proof program prints as its last line once every check passed. */
export const PASSED_MARKER = 'PROOF PASSED';

function requirePassed(what: string, result: ProofRun, passed: boolean): void {
  if (result.status !== 0 || !passed) {
    throw new Error(`${what} failed (exit ${result.status}):\n${result.output.trimEnd()}`);
  }
}

function lastLine(output: string): string {
  const lines = output.trimEnd().split('\n');
  return lines[lines.length - 1]?.trim() ?? '';
}

/** The proof program `file` of `family`: an absolute path, or a path in test/snippets/families/<family>/. */
function programFile(family: string, file: string): string {
  const resolved = path.isAbsolute(file) ? file : path.join(FAMILIES_DIR, family, file);
  if (!fs.existsSync(resolved)) throw new Error(`proof program not found: ${resolved}`);
  return resolved;
}

function stageDir(family: string, language: string, label: string): string {
  const dir = path.join(WORK_DIR, 'proofs', `${family}-${language}-${label}`.replace(/[^\w.-]+/g, '_'));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export interface ProofOptions {
  /** The family (folder under content/snippets/) whose variant is staged. */
  snippet: string;
  /** Proof program(s), relative to test/snippets/families/<snippet>/ (or absolute). */
  programs: string[];
  /** From proofEnv(). */
  env?: Record<string, string>;
  /** Arguments for the program (Python, Java). */
  args?: string[];
  timeoutMs?: number;
  /** Distinguishes the staging directory when one test runs several proofs of a family. */
  label?: string;
}

/**
 * Python: the variant is staged as `snippet.py` (the program does `import snippet`), the first of
 * `programs` is run with Debian's python3 (the others are copied next to it) through sdp_run.py,
 * which ends the process when the program ends even if one of its threads is still blocked.
 * Passes when the program exits 0 and its last line is `PROOF PASSED`.
 */
export async function runPythonProof(options: ProofOptions): Promise<string> {
  const dir = stageDir(options.snippet, 'python', options.label ?? 'run');
  fs.writeFileSync(path.join(dir, 'snippet.py'), variant(options.snippet, 'python').code);
  const helpers = ['sdp_proof.py', 'sdp_run.py'].map((f) => path.join(HARNESS_DIR, f));
  for (const file of [...helpers, ...options.programs.map((f) => programFile(options.snippet, f))]) {
    fs.copyFileSync(file, path.join(dir, path.basename(file)));
  }
  const main = path.basename(options.programs[0]!);
  const result = await run(PYTHON, ['-u', 'sdp_run.py', main, ...(options.args ?? [])], {
    cwd: dir,
    env: { ...options.env, PYTHONPATH: dir, PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: options.timeoutMs,
  });
  requirePassed(`python proof of ${options.snippet}`, result, lastLine(result.output) === PASSED_MARKER);
  proves(options.snippet, 'python');
  return result.output;
}

/** The `package` clause of Go source, or undefined. */
function goPackage(code: string): string | undefined {
  return /^package\s+(\w+)/m.exec(code)?.[1];
}

/**
 * Go, in GOPATH mode with Debian's sources (pgx v4: `github.com/jackc/pgx/v4/stdlib` registers the
 * "pgx" database/sql driver). The variant is staged as `snippet.go` in one package directory with
 * the `programs` (`*_test.go` files with `func TestXxx(t *testing.T)`) and, with `resp: true`, the
 * RESP client test/snippets/lib/resp.go. Every staged file gets the variant's package clause, so
 * the tests see the variant's unexported names. Runs `go test -count=1 -v`; passes when it exits 0
 * and at least one test passed. Returns the names of the Go tests that passed.
 */
export async function runGoProof(options: ProofOptions & { resp?: boolean }): Promise<string[]> {
  const dir0 = stageDir(options.snippet, 'go', options.label ?? 'run');
  const gopath = path.join(dir0, 'gopath');
  const pkgDir = path.join(gopath, 'src', 'sdpproof', options.snippet.replace(/-/g, ''));
  fs.mkdirSync(pkgDir, { recursive: true });
  let code = variant(options.snippet, 'go').code;
  let pkg = goPackage(code);
  if (!pkg) {
    // A body-only variant: give it a package of its own.
    pkg = 'snippet';
    code = `package snippet\n\n${code}`;
  }
  fs.writeFileSync(path.join(pkgDir, 'snippet.go'), code);
  const files = options.programs.map((f) => programFile(options.snippet, f));
  if (options.resp) files.push(path.join(HARNESS_DIR, 'resp.go'));
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8').replace(/^package\s+\w+/m, `package ${pkg}`);
    const base = path.basename(file);
    fs.writeFileSync(path.join(pkgDir, base === 'resp.go' ? 'sdp_resp.go' : base), source);
  }
  const cache = path.join(REPO_ROOT, '.sdp-tmp', 'go-build-cache');
  fs.mkdirSync(cache, { recursive: true });
  const result = await run('go', ['test', '-count=1', '-v', ...(options.args ?? []), '.'], {
    cwd: pkgDir,
    env: {
      ...options.env,
      GO111MODULE: 'off',
      GOPATH: `${gopath}${path.delimiter}${DEBIAN_GOCODE}`,
      GOFLAGS: '',
      GOPROXY: 'off',
      GOTOOLCHAIN: 'local',
      GOCACHE: cache,
      // Pure Go: the snippets need no C, and a machine without gcc (.ci/run installs none) can build them.
      CGO_ENABLED: '0',
    },
    timeoutMs: options.timeoutMs ?? 600_000,
  });
  const passed = [...result.output.matchAll(/^\s*--- PASS: (\S+)/gm)].map((m) => m[1]!);
  requirePassed(`go proof of ${options.snippet}`, result, passed.length > 0 && !/^\s*--- FAIL/m.test(result.output));
  proves(options.snippet, 'go');
  return passed;
}

/**
 * Java 17, JDK plus Debian's PgJDBC jar. The variant is staged under its public class name; the
 * `programs` (the first holds `public static void main`) are compiled with it, with
 * test/snippets/lib/Resp.java (a RESP client) and Check.java (assertions that work without -ea).
 * Runs `java -ea ProofMain <first program's class>` (ProofMain halts the JVM when main ends, so a
 * blocked thread cannot hang a failed proof); passes when it exits 0 and prints `PROOF PASSED` last.
 */
export async function runJavaProof(options: ProofOptions): Promise<string> {
  const dir = stageDir(options.snippet, 'java', options.label ?? 'run');
  const src = path.join(dir, 'src');
  const classes = path.join(dir, 'classes');
  fs.mkdirSync(src);
  const code = variant(options.snippet, 'java').code;
  const name = /public\s+(?:final\s+|abstract\s+)*(?:class|interface|record|enum)\s+(\w+)/.exec(code)?.[1];
  if (!name) throw new Error(`${options.snippet}: the Java variant declares no public class`);
  fs.writeFileSync(path.join(src, `${name}.java`), code);
  const programs = options.programs.map((f) => programFile(options.snippet, f));
  for (const file of [...programs, ...['Resp.java', 'Check.java', 'ProofMain.java'].map((f) => path.join(HARNESS_DIR, f))]) {
    fs.copyFileSync(file, path.join(src, path.basename(file)));
  }
  const sources = fs.readdirSync(src).map((f) => path.join(src, f));
  const classpath = [classes, PG_JDBC_JAR].join(path.delimiter);
  const compile = await run('javac', ['-d', classes, '-cp', PG_JDBC_JAR, '-encoding', 'UTF-8', ...sources], {
    cwd: dir,
    timeoutMs: 300_000,
  });
  requirePassed(`javac for the java proof of ${options.snippet}`, compile, true);
  const main = path.basename(programs[0]!, '.java');
  const result = await run('java', ['-ea', '-cp', classpath, 'ProofMain', main, ...(options.args ?? [])], {
    cwd: dir,
    env: options.env,
    timeoutMs: options.timeoutMs,
  });
  requirePassed(`java proof of ${options.snippet}`, result, lastLine(result.output) === PASSED_MARKER);
  proves(options.snippet, 'java');
  return result.output;
}
