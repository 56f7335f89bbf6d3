import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { walkCatalog } from '../../../src/core/catalog/indexCatalog';
import { loadCatalog } from '../../../src/core/catalog/load';
import type { Catalog } from '../../../src/core/catalog/model';
import type { CliIO } from '../../../src/cli/io';
import { listCommand } from '../../../src/cli/listCommand';
import { main } from '../../../src/cli/main';
import { nearestIds, showCommand } from '../../../src/cli/showCommand';
import { SUGGEST_OPTIONS, suggestCommand, type SuggestOption } from '../../../src/cli/suggest';

/**
 * The CLI commands run in-process on the catalog from content/ (main() itself reads
 * dist/catalog.json next to the bundle, which only exists after a build; see cliProcess.test.ts).
 */

const contentDir = join(__dirname, '..', '..', '..', 'content');

interface Captured extends CliIO {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

function fakeIO(): Captured {
  let out = '';
  let err = '';
  return {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    readStdin: async () => '',
    stdout: () => out,
    stderr: () => err,
  };
}

interface TreeJson {
  id: string;
  kind: string;
  title: string;
  summary?: string;
  pros?: string[];
  cons?: string[];
  children: TreeJson[];
}

const KINDS = new Set(['pattern', 'solution', 'deep-dive', 'example', 'combination', 'group', 'guide', 'step', 'questions', 'section', 'entry']);
/** What a tree entry may carry: the required fields, the summary, and pros/cons on solutions. Nothing else. */
const TREE_KEYS = new Set(['id', 'kind', 'title', 'summary', 'pros', 'cons', 'children']);

describe('sdp CLI commands', () => {
  let catalog: Catalog;

  before(() => {
    const result = loadCatalog(contentDir);
    assert.deepEqual(result.problems, []);
    catalog = result.catalog;
  });

  describe('list --json', () => {
    let tree: TreeJson[];
    let io: Captured;

    before(() => {
      io = fakeIO();
      assert.equal(listCommand(['--json'], io, catalog), 0);
      tree = JSON.parse(io.stdout()) as TreeJson[];
    });

    it('prints only JSON on stdout and nothing on stderr', () => {
      assert.equal(io.stderr(), '');
      assert.ok(io.stdout().endsWith('\n'));
      assert.ok(Array.isArray(tree));
    });

    it('is the catalog tree: one entry per root, every node once, in tree order', () => {
      assert.deepEqual(tree.map((e) => e.id), catalog.roots.map((r) => r.id));
      const ids: string[] = [];
      const visit = (e: TreeJson): void => {
        ids.push(e.id);
        e.children.forEach(visit);
      };
      tree.forEach(visit);
      assert.deepEqual(ids, [...walkCatalog(catalog)].map((n) => n.id));
      assert.equal(new Set(ids).size, ids.length);
    });

    it('every node has a full id, a kind, a title and children; no extra noise', () => {
      const visit = (e: TreeJson, parent: string | undefined): void => {
        assert.equal(typeof e.id, 'string');
        if (parent) assert.ok(e.id.startsWith(`${parent}/`), `${e.id} is not a full id under ${parent}`);
        assert.ok(KINDS.has(e.kind), `${e.id}: kind ${e.kind}`);
        assert.equal(typeof e.title, 'string');
        assert.ok(e.title.length > 0, e.id);
        assert.ok(Array.isArray(e.children), e.id);
        for (const key of Object.keys(e)) assert.ok(TREE_KEYS.has(key), `${e.id} carries "${key}"`);
        if (e.kind !== 'solution') {
          assert.equal(e.pros, undefined, `${e.id} (${e.kind}) has pros`);
          assert.equal(e.cons, undefined, `${e.id} (${e.kind}) has cons`);
        }
        e.children.forEach((c) => visit(c, e.id));
      };
      tree.forEach((e) => visit(e, undefined));
    });

    it('has full ids like realtime-updates/websockets', () => {
      const realtime = tree.find((e) => e.id === 'realtime-updates');
      const ws = realtime?.children.find((c) => c.id === 'realtime-updates/websockets');
      assert.ok(ws, 'realtime-updates/websockets is not a child of realtime-updates');
      assert.equal(ws.kind, 'solution');
      assert.equal(ws.title, catalog.byId.get('realtime-updates/websockets')?.title);
    });

    it('solution nodes carry pros and cons as arrays of strings', () => {
      let solutions = 0;
      const visit = (e: TreeJson): void => {
        if (e.kind === 'solution') {
          solutions++;
          for (const list of [e.pros, e.cons]) {
            assert.ok(Array.isArray(list), `${e.id}: pros/cons not an array`);
            assert.ok(list.length >= 2, e.id);
            for (const item of list) assert.equal(typeof item, 'string');
          }
          assert.deepEqual(e.pros, catalog.byId.get(e.id)?.pros);
          assert.deepEqual(e.cons, catalog.byId.get(e.id)?.cons);
        }
        e.children.forEach(visit);
      };
      tree.forEach(visit);
      assert.ok(solutions >= 35, `${solutions} solutions`);
    });

    it('covers the other kinds: deep-dive, example, combination, guide, step, questions, section, entry', () => {
      const kinds = new Set<string>();
      const visit = (e: TreeJson): void => {
        kinds.add(e.kind);
        e.children.forEach(visit);
      };
      tree.forEach(visit);
      for (const kind of ['pattern', 'solution', 'deep-dive', 'example', 'combination', 'guide', 'step', 'questions', 'section', 'entry']) {
        assert.ok(kinds.has(kind), `no ${kind} in the tree`);
      }
    });
  });

  describe('list', () => {
    it('prints the same tree for a person: indented lines with title, kind and id', () => {
      const io = fakeIO();
      assert.equal(listCommand([], io, catalog), 0);
      assert.equal(io.stderr(), '');
      const lines = io.stdout().trimEnd().split('\n');
      const nodes = [...walkCatalog(catalog)];
      assert.equal(lines.length, nodes.length);
      const depth = (id: string): number => {
        let d = 0;
        for (let n = catalog.byId.get(id); n?.parent; n = catalog.byId.get(n.parent)) d++;
        return d;
      };
      nodes.forEach((node, i) => {
        const line = lines[i]!;
        assert.ok(line.startsWith('  '.repeat(depth(node.id)) + node.title), line);
        assert.ok(line.includes(node.kind) && line.endsWith(node.id), line);
      });
      assert.throws(() => JSON.parse(io.stdout()));
    });

    it('rejects an unexpected argument with status 2 and the usage', () => {
      const io = fakeIO();
      assert.equal(listCommand(['--jsn'], io, catalog), 2);
      assert.equal(io.stdout(), '');
      assert.match(io.stderr(), /unexpected argument "--jsn"; usage: sdp list \[--json\]/);
    });
  });

  describe('show', () => {
    it('show ID prints the node as text: title, kind, pros, cons, sections', () => {
      const io = fakeIO();
      assert.equal(showCommand(['realtime-updates/websockets'], io, catalog), 0);
      assert.equal(io.stderr(), '');
      const text = io.stdout();
      const node = catalog.byId.get('realtime-updates/websockets')!;
      assert.ok(text.includes(node.title.toUpperCase()), 'title');
      assert.ok(text.includes('realtime-updates/websockets'), 'id');
      assert.ok(text.includes(node.summary), 'summary');
      assert.match(text, /^Pros$/m);
      assert.match(text, /^Cons$/m);
      for (const pro of node.pros!) assert.ok(text.includes(pro), pro);
      for (const con of node.cons!) assert.ok(text.includes(con), con);
      for (const section of node.sections) assert.ok(text.includes(`## ${section.heading}`), section.heading);
      assert.ok(text.includes('How it works'));
      assert.ok(!text.trimStart().startsWith('{'), 'text, not JSON');
    });

    it('show ID on a deep dive prints the question and the interview answer', () => {
      const io = fakeIO();
      assert.equal(showCommand(['realtime-updates/reconnection'], io, catalog), 0);
      const node = catalog.byId.get('realtime-updates/reconnection')!;
      assert.ok(io.stdout().includes(node.question!));
      assert.ok(io.stdout().includes(node.interviewAnswer!));
    });

    it('show ID --json prints the node as JSON', () => {
      const io = fakeIO();
      assert.equal(showCommand(['realtime-updates/websockets', '--json'], io, catalog), 0);
      assert.equal(io.stderr(), '');
      const json = JSON.parse(io.stdout()) as { id: string; kind: string; title: string; pros: string[]; cons: string[]; sections: Array<{ heading: string; markdown: string }> };
      const node = catalog.byId.get('realtime-updates/websockets')!;
      assert.equal(json.id, node.id);
      assert.equal(json.kind, 'solution');
      assert.equal(json.title, node.title);
      assert.deepEqual(json.pros, node.pros);
      assert.deepEqual(json.cons, node.cons);
      assert.deepEqual(json.sections.map((s) => s.heading), node.sections.map((s) => s.heading));
    });

    it('--json may come before the id', () => {
      const io = fakeIO();
      assert.equal(showCommand(['--json', 'contention'], io, catalog), 0);
      assert.equal((JSON.parse(io.stdout()) as { kind: string }).kind, 'pattern');
    });

    it('-- ends the options: the word after it is the id, and --json after it is no option', () => {
      const io = fakeIO();
      assert.equal(showCommand(['--', 'contention'], io, catalog), 0, io.stderr());
      assert.match(io.stdout(), /Contention/);
      const json = fakeIO();
      assert.equal(showCommand(['--json', '--', 'contention'], json, catalog), 0, json.stderr());
      assert.doesNotThrow(() => JSON.parse(json.stdout()));
      assert.equal(showCommand(['--', '--json'], fakeIO(), catalog), 2);
      const list = fakeIO();
      assert.equal(listCommand(['--json', '--'], list, catalog), 0, list.stderr());
      assert.doesNotThrow(() => JSON.parse(list.stdout()));
      assert.equal(listCommand(['--', '--json'], fakeIO(), catalog), 2);
    });

    it('works for every id of the catalog', () => {
      for (const id of catalog.byId.keys()) {
        const io = fakeIO();
        assert.equal(showCommand([id], io, catalog), 0, id);
        assert.ok(io.stdout().length > 0, id);
      }
    });

    it('an unknown id exits with status 2 and lists the nearest ids', () => {
      const io = fakeIO();
      assert.equal(showCommand(['contention/optimistic-lock'], io, catalog), 2);
      assert.equal(io.stdout(), '');
      assert.match(io.stderr(), /no item has the id "contention\/optimistic-lock"/);
      const nearest = /Nearest: (.*)$/m.exec(io.stderr())?.[1]?.split(', ') ?? [];
      assert.equal(nearest[0], 'contention/optimistic-locking', io.stderr());
      for (const id of nearest) assert.ok(catalog.byId.has(id), id);
    });

    it('an unknown id with --json also exits with status 2', () => {
      const io = fakeIO();
      assert.equal(showCommand(['websocket', '--json'], io, catalog), 2);
      assert.equal(io.stdout(), '');
      assert.match(io.stderr(), /realtime-updates\/websockets/);
    });

    it('nearest ids: a mistyped last segment finds the right node', () => {
      assert.equal(nearestIds('realtime-updates/websocket', catalog)[0], 'realtime-updates/websockets');
      assert.equal(nearestIds('scaling-reads/cachng', catalog)[0], 'scaling-reads/caching');
      assert.equal(nearestIds('sagas', catalog)[0], 'multi-step-processes/saga');
      assert.equal(nearestIds('x', catalog, 3).length, 3);
    });

    it('no id exits with status 2 and an example', () => {
      const io = fakeIO();
      assert.equal(showCommand([], io, catalog), 2);
      assert.equal(io.stdout(), '');
      assert.match(io.stderr(), /give exactly one id, for example: sdp show /);
    });

    it('two ids exit with status 2', () => {
      const io = fakeIO();
      assert.equal(showCommand(['contention', 'scaling-reads'], io, catalog), 2);
      assert.match(io.stderr(), /exactly one id/);
    });
  });

  describe('main', () => {
    it('no command prints the usage and exits with status 2', async () => {
      const io = fakeIO();
      assert.equal(await main([], io), 2);
      assert.match(io.stdout(), /Usage:/);
      assert.match(io.stdout(), /sdp list \[--json\]/);
      assert.match(io.stdout(), /sdp show ID \[--json\]/);
    });

    it('help prints the usage and exits with status 0', async () => {
      for (const arg of ['help', '--help', '-h']) {
        const io = fakeIO();
        assert.equal(await main([arg], io), 0, arg);
        assert.match(io.stdout(), /Usage:/);
      }
    });

    describe('help lists every option sdp suggest takes', () => {
      const help = async (): Promise<string> => {
        const io = fakeIO();
        assert.equal(await main(['help'], io), 0);
        return io.stdout();
      };
      const listed = Object.values(SUGGEST_OPTIONS) as readonly SuggestOption[];

      it('each option on a line of its own, with its value and a meaning', async () => {
        const lines = (await help()).split('\n');
        assert.deepEqual(listed.map((o) => o.flag).sort(), ['--fail-on', '--format', '--help', '--json', '--max-size', '--min-score', '--no-deep-dives']);
        for (const o of listed) {
          const written = `${o.flag}${o.short ? `, ${o.short}` : ''}${o.value ? ` ${o.value}` : ''}`;
          const line = lines.find((l) => l.trimStart().startsWith(`${written} `));
          assert.ok(line, `${written} is in help`);
          assert.ok(line.includes(o.help) && o.help.length > 10, `${o.flag} says what it does: ${line}`);
        }
        assert.match(await help(), /sdp suggest FILE\|- /);
        assert.match(await help(), /several FILEs only with --format sarif/);
      });

      it('sdp suggest --help and -h print the suggest options and exit 0, reading no file', async () => {
        for (const args of [['--help'], ['-h'], ['-', '--help'], ['no-such-file.md', '-h']]) {
          const io = { ...fakeIO(), readStdin: async () => { throw new Error('stdin read'); } };
          assert.equal(await suggestCommand(args, io, catalog), 0, `${args.join(' ')}: ${io.stderr()}`);
          assert.equal(io.stderr(), '');
          assert.match(io.stdout(), /sdp suggest FILE\|- \[options\]/);
          for (const o of listed) assert.ok(io.stdout().includes(o.help), `${args.join(' ')}: ${o.flag}`);
        }
      });

      it('--help or -h anywhere on the line wins: next to an unknown option, a bad value, or where a value is expected', async () => {
        for (const args of [['--bogus', '--help'], ['--format', 'xml', '--help'], ['--fail-on', 'loud', '-h'], ['--max-size', '--help'], ['-', '--min-score', '-h'], ['-h', '--bogus']]) {
          const io = { ...fakeIO(), readStdin: async () => { throw new Error('stdin read'); } };
          assert.equal(await suggestCommand(args, io, catalog), 0, `${args.join(' ')}: ${io.stderr()}`);
          assert.equal(io.stderr(), '', args.join(' '));
          assert.match(io.stdout(), /sdp suggest FILE\|- \[options\]/, args.join(' '));
        }
        // The usage line of an error names the short form too.
        const io = fakeIO();
        assert.equal(await suggestCommand(['--bogus'], io, catalog), 2);
        assert.match(io.stderr(), /\[--help\|-h\]/);
      });

      it('the parser accepts each of them, and no flag that is not in the list', async () => {
        const values: Record<string, string> = { '--format': 'json', '--fail-on': 'none', '--max-size': '1000', '--min-score': '0.5' };
        for (const o of listed) {
          const io = { ...fakeIO(), readStdin: async () => '# Notes\n\nNothing here.\n' };
          const code = await suggestCommand(['-', o.flag, ...(values[o.flag] !== undefined ? [values[o.flag]!] : [])], io, catalog);
          assert.equal(code, 0, `${o.flag}: ${io.stderr()}`);
        }
        const io = fakeIO();
        assert.equal(await suggestCommand(['-', '--max-chars', '5'], io, catalog), 2);
        assert.match(io.stderr(), /unknown option --max-chars/);
        // The parser reads no flag of its own: every '--flag' in its source is one of the list.
        const source = readFileSync(join(__dirname, '..', '..', '..', 'src', 'cli', 'suggest.ts'), 'utf8');
        const flags = new Set([...source.matchAll(/'(--[a-z][a-z-]*)'/g)].map((m) => m[1]!));
        for (const flag of flags) assert.ok(listed.some((o) => o.flag === flag), `${flag} in src/cli/suggest.ts is not in SUGGEST_OPTIONS`);
        assert.ok(flags.size >= listed.length, 'the flags are literals in the source');
      });
    });
  });
});
