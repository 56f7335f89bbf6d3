/**
 * Every variant, with its placeholders filled by their defaults, compiles with the real tool of its
 * language: tsc (strict), python3 -m py_compile, go vet (stdlib only, offline), javac, and SQL
 * executed twice against a real PostgreSQL (the second run proves the script is re-runnable).
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import type { SnippetLanguage } from '../../src/core/snippets';
import { markCompiled } from './harness';
import { library, REPO_ROOT, variantsOf, workDir } from './library';
import { sharedPostgres } from './servers';

interface ToolRun {
  status: number | null;
  output: string;
}

function runTool(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): ToolRun {
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    const install: Record<string, string> = {
      python3: 'apt-get install python3',
      go: 'apt-get install golang-go',
      javac: 'apt-get install openjdk-17-jdk-headless',
    };
    throw new Error(`${command} is not installed: ${install[command] ?? `install ${command}`}`);
  }
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Lines of `output` that mention `marker` (a file or folder name), with the lines following them. */
function errorsFor(output: string, marker: string): string {
  const lines = output.split('\n');
  const picked: string[] = [];
  lines.forEach((line, i) => {
    if (line.includes(marker)) picked.push(line, ...lines.slice(i + 1, i + 3).filter((l) => l.startsWith(' ')));
  });
  return picked.join('\n');
}

describe('snippet library', () => {
  it('loads without problems', () => {
    const { problems, snippets } = library();
    assert.deepEqual(
      problems.map((p) => `${path.relative(REPO_ROOT, p.file)}:${p.line}: ${p.message}`),
      [],
    );
    assert.ok(snippets.length >= 30, `expected at least 30 snippets, found ${snippets.length}`);
  });
});

function describeLanguage(language: SnippetLanguage, title: string, check: () => (id: string) => void): void {
  describe(`${title} variants compile`, function () {
    let verdict: ((id: string) => void) | undefined;
    before(function () {
      this.timeout(240_000);
      verdict = check();
    });
    for (const { snippet } of variantsOf(language)) {
      it(snippet.id, () => {
        verdict!(snippet.id);
        markCompiled(snippet.id, language);
      });
    }
  });
}

describeLanguage('typescript', 'TypeScript', () => {
  const dir = workDir('tsc');
  const files = variantsOf('typescript').map(({ snippet, variant }) => {
    const file = path.join(dir, `${snippet.id}.ts`);
    fs.writeFileSync(file, variant.code);
    return file;
  });
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'node16',
      moduleResolution: 'node16',
      lib: ['ES2022'],
      types: ['node'],
      strict: true,
      noUnusedLocals: true,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: true,
      esModuleInterop: true,
      skipLibCheck: true,
      // Every snippet is its own module, even one without imports.
      moduleDetection: 'force',
      noEmit: true,
    },
    files,
  };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = runTool(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')], dir);
  // An error tsc cannot pin on a snippet file (configuration, types) fails every variant.
  const unattributed = run.output
    .split('\n')
    .filter((l) => /error TS\d+/.test(l) && !/^[\w-]+\.ts\(/.test(l));
  return (id) => {
    assert.deepEqual(unattributed, [], `tsc failed:\n${run.output}`);
    assert.equal(errorsFor(run.output, `${id}.ts(`), '', `tsc reports errors in ${id}`);
    if (run.status !== 0) assert.ok(/error TS/.test(run.output), `tsc exited ${run.status}:\n${run.output}`);
  };
});

describeLanguage('python', 'Python', () => {
  const dir = workDir('python');
  const files = variantsOf('python').map(({ snippet, variant }) => {
    const file = path.join(dir, `${snippet.id.replace(/-/g, '_')}.py`);
    fs.writeFileSync(file, variant.code);
    return file;
  });
  const script = [
    'import py_compile, sys',
    'for f in sys.argv[1:]:',
    '    try:',
    '        py_compile.compile(f, doraise=True)',
    '    except py_compile.PyCompileError as e:',
    '        print(e.msg)',
  ].join('\n');
  const run = runTool('python3', ['-c', script, ...files], dir);
  return (id) => {
    assert.equal(errorsFor(run.output, `${id.replace(/-/g, '_')}.py`), '', `py_compile fails for ${id}`);
    assert.equal(run.status, 0, `python3 failed:\n${run.output}`);
  };
});

describeLanguage('go', 'Go', () => {
  const dir = workDir('go');
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module sdpproof\n\ngo 1.19\n');
  for (const { snippet, variant } of variantsOf('go')) {
    const pkg = path.join(dir, snippet.id.replace(/-/g, ''));
    fs.mkdirSync(pkg);
    fs.writeFileSync(path.join(pkg, 'snippet.go'), variant.code);
  }
  // Offline and stdlib only: no module download is possible, none is needed.
  const run = runTool('go', ['vet', './...'], dir, {
    GOFLAGS: '-mod=mod',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    GO111MODULE: 'on',
    CGO_ENABLED: '0',
  });
  const packages = variantsOf('go').map(({ snippet }) => `${snippet.id.replace(/-/g, '')}/`);
  return (id) => {
    assert.equal(errorsFor(run.output, `${id.replace(/-/g, '')}/`), '', `go vet reports problems in ${id}`);
    // A failure no package can be blamed for (module setup, toolchain) fails every variant.
    if (run.status !== 0) assert.ok(packages.some((p) => run.output.includes(p)), `go vet failed:\n${run.output}`);
  };
});

describeLanguage('java', 'Java', () => {
  const dir = workDir('java');
  const files = variantsOf('java').map(({ snippet, variant }) => {
    const name = /public\s+(?:final\s+|abstract\s+)*(?:class|interface|record|enum)\s+(\w+)/.exec(variant.code)?.[1];
    assert.ok(name, `${snippet.id}: the Java variant must declare a public class`);
    const sub = path.join(dir, 'src', snippet.id);
    fs.mkdirSync(sub, { recursive: true });
    const file = path.join(sub, `${name}.java`);
    fs.writeFileSync(file, variant.code);
    return file;
  });
  const run = runTool('javac', ['-d', path.join(dir, 'classes'), '-encoding', 'UTF-8', '-Xlint:all', ...files], dir);
  return (id) => {
    const errors = errorsFor(run.output, `${path.sep}${id}${path.sep}`).split('\n').filter((l) => /error:/.test(l));
    assert.deepEqual(errors, [], `javac fails for ${id}:\n${run.output}`);
    if (run.status !== 0) assert.ok(/\.java:\d+: error:/.test(run.output), `javac failed:\n${run.output}`);
  };
});

describe('SQL variants execute on PostgreSQL', function () {
  this.timeout(120_000);
  for (const { snippet, variant } of variantsOf('sql')) {
    it(snippet.id, async () => {
      const server = await sharedPostgres();
      const schema = `compile_${snippet.id.replace(/-/g, '_')}`;
      // Twice, on separate sessions: the script must be safe to re-run.
      for (let run = 0; run < 2; run++) {
        const client = new Client({ connectionString: server.connectionString });
        await client.connect();
        try {
          await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
          await client.query(variant.code);
        } catch (err) {
          throw new Error(`${snippet.id} (run ${run + 1}): ${(err as Error).message}`, { cause: err });
        } finally {
          await client.end();
        }
      }
      markCompiled(snippet.id, 'sql');
    });
  }
});
