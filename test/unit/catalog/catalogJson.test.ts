import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CATALOG_JSON_VERSION, parseCatalogJson, serializeCatalog } from '../../../src/core/catalog/catalogJson';
import { walkCatalog } from '../../../src/core/catalog/indexCatalog';
import { loadCatalog } from '../../../src/core/catalog/load';
import type { Catalog } from '../../../src/core/catalog/model';

const contentDir = join(__dirname, '..', '..', '..', 'content');

describe('catalog.json', () => {
  let catalog: Catalog;

  before(() => {
    ({ catalog } = loadCatalog(contentDir));
  });

  it('serialize → parse round trip gives the same catalog', () => {
    const text = serializeCatalog(catalog);
    const parsed = parseCatalogJson(text);
    assert.equal(serializeCatalog(parsed), text);
    // Same tree (JSON drops only undefined-valued keys, so compare in JSON form).
    assert.deepStrictEqual(JSON.parse(JSON.stringify(parsed.roots)), JSON.parse(JSON.stringify(catalog.roots)));
    assert.deepEqual([...parsed.byId.keys()], [...catalog.byId.keys()]);
  });

  it('the parsed index points into the parsed tree', () => {
    const parsed = parseCatalogJson(serializeCatalog(catalog));
    const walked = [...walkCatalog(parsed)];
    assert.equal(walked.length, parsed.byId.size);
    for (const node of walked) assert.equal(parsed.byId.get(node.id), node, node.id);
    const ws = parsed.byId.get('realtime-updates/websockets');
    assert.equal(ws?.kind, 'solution');
    assert.ok((ws?.pros?.length ?? 0) >= 2);
    assert.equal(typeof ws?.source.line, 'number');
  });

  it('writes the format version', () => {
    const json = JSON.parse(serializeCatalog(catalog)) as { version: unknown; roots: unknown[] };
    assert.equal(json.version, CATALOG_JSON_VERSION);
    assert.equal(json.roots.length, catalog.roots.length);
  });

  it('round-trips an empty catalog', () => {
    const parsed = parseCatalogJson(serializeCatalog({ roots: [], byId: new Map() }));
    assert.deepEqual(parsed.roots, []);
    assert.equal(parsed.byId.size, 0);
  });

  describe('rejects unusable input with an actionable message', () => {
    const rejects = (text: string, ...fragments: RegExp[]): void => {
      assert.throws(
        () => parseCatalogJson(text),
        (error: unknown) => {
          assert.ok(error instanceof Error);
          for (const fragment of fragments) assert.match(error.message, fragment);
          return true;
        },
      );
    };

    it('invalid JSON', () => {
      rejects('{"version": 1, "roots": [', /catalog\.json is not valid JSON/, /rebuild with "npm run build"/);
    });

    it('an empty file', () => {
      rejects('', /not valid JSON/, /npm run build/);
    });

    it('a wrong version', () => {
      rejects(JSON.stringify({ version: CATALOG_JSON_VERSION + 1, roots: [] }), /unexpected format/, new RegExp(`version ${CATALOG_JSON_VERSION}`), /rebuild with "npm run build"/);
    });

    it('a missing version', () => {
      rejects(JSON.stringify({ roots: [] }), /unexpected format/, /npm run build/);
    });

    it('roots that are not a list', () => {
      rejects(JSON.stringify({ version: CATALOG_JSON_VERSION, roots: {} }), /unexpected format/, /npm run build/);
    });

    it('null and non-objects', () => {
      rejects('null', /unexpected format/, /npm run build/);
      rejects('42', /unexpected format/, /npm run build/);
    });
  });
});
