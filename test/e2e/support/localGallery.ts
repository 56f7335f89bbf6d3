/**
 * A one-extension Marketplace on loopback, so a UI test can install the packaged .vsix the way a
 * user does: search in the Extensions view, click Install. code-server reads its gallery from the
 * EXTENSIONS_GALLERY environment variable (JSON, as product.json's `extensionsGallery`); VS Code
 * then posts its searches to `<serviceUrl>/extensionquery` and fetches the files a result lists
 * under the version's `assetUri`. This answers just enough of that protocol for one extension:
 * a search whose words all occur in the extension's name, description or keywords, and a lookup by
 * id or name, find it; anything else (the Popular list, say, or a search of only `@` filters such
 * as `@popular`, or no words at all) finds nothing. A request it cannot read (bad JSON, bad
 * %-encoding, criteria of the wrong shape) gets 400 with the reason.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VsixArchive } from './vsixArchive';

/** The gallery's filter types and asset types (the Marketplace's numbers and names). */
const FILTER_EXTENSION_ID = 4;
const FILTER_EXTENSION_NAME = 7;
const FILTER_SEARCH_TEXT = 10;
const ASSET = {
  manifest: 'Microsoft.VisualStudio.Code.Manifest',
  vsix: 'Microsoft.VisualStudio.Services.VSIXPackage',
  readme: 'Microsoft.VisualStudio.Services.Content.Details',
  icon: 'Microsoft.VisualStudio.Services.Icons.Default',
  signature: 'Microsoft.VisualStudio.Services.VsixSignature',
};
const ENGINE_PROPERTY = 'Microsoft.VisualStudio.Code.Engine';

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  displayName?: string;
  description?: string;
  keywords?: string[];
  categories?: string[];
  icon?: string;
  engines: { vscode: string };
}

interface Criterion {
  filterType: number;
  value?: string;
}

/** A request the gallery cannot read: answered 400, not 500. */
class BadRequest extends Error {}

export class LocalGallery {
  /** Every request, as "METHOD path", in order: the test checks the package was downloaded from here. */
  readonly requests: string[] = [];
  private readonly archive: VsixArchive;
  private readonly manifest: Manifest;
  private readonly strings: Record<string, string>;
  private readonly extensionUuid = randomUUID();
  private readonly publisherUuid = randomUUID();
  private server: Server | undefined;
  private baseUrl = '';

  constructor(vsixPath: string) {
    this.archive = new VsixArchive(vsixPath);
    this.manifest = JSON.parse(this.archive.readText('extension/package.json')) as Manifest;
    const nls = this.archive.read('extension/package.nls.json');
    this.strings = nls ? (JSON.parse(nls.toString('utf8')) as Record<string, string>) : {};
  }

  get id(): string {
    return `${this.manifest.publisher}.${this.manifest.name}`;
  }

  get displayName(): string {
    return this.localised(this.manifest.displayName) ?? this.manifest.name;
  }

  /** The value code-server expects in EXTENSIONS_GALLERY. */
  get environmentValue(): string {
    return JSON.stringify({ serviceUrl: this.baseUrl, itemUrl: `${this.baseUrl}/item` });
  }

  /** How many times the .vsix itself was downloaded. */
  packageDownloads(): number {
    return this.requests.filter((r) => r.startsWith('GET ') && r.includes(`/${ASSET.vsix}`)).length;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          response.writeHead(error instanceof BadRequest ? 400 : 500, corsHeaders({ 'Content-Type': 'text/plain' }));
          response.end(`local gallery: ${error instanceof Error ? error.message : String(error)}`);
        } else {
          response.destroy();
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl);
    this.requests.push(`${request.method} ${url.pathname}`);
    // The workbench queries from the browser page, so the answers must allow that origin.
    if (request.method === 'OPTIONS') {
      response.writeHead(204, corsHeaders());
      response.end();
      return;
    }
    if (request.method === 'POST' && url.pathname === '/extensionquery') {
      const filters = parseQuery(await readBody(request));
      const results = filters.map((criteria) => {
        const found = this.matches(criteria) ? [this.rawExtension()] : [];
        return { extensions: found, resultMetadata: [{ metadataType: 'ResultCount', metadataItems: [{ name: 'TotalCount', count: found.length }] }] };
      });
      sendJson(response, { results });
      return;
    }
    const latest = `/vscode/${this.manifest.publisher}/${this.manifest.name}/latest`;
    if (request.method === 'GET' && url.pathname.toLowerCase() === latest.toLowerCase()) {
      sendJson(response, this.rawExtension());
      return;
    }
    const asset = this.asset(url.pathname);
    if (request.method === 'GET' && asset) {
      response.writeHead(200, corsHeaders({ 'Content-Type': asset.type, 'Content-Length': String(asset.body.length) }));
      response.end(asset.body);
      return;
    }
    response.writeHead(404, corsHeaders({ 'Content-Type': 'text/plain' }));
    response.end(`local gallery: nothing at ${url.pathname}`);
  }

  /** Whether a filter's criteria select this extension. */
  private matches(criteria: Criterion[]): boolean {
    const ids = criteria.filter((c) => c.filterType === FILTER_EXTENSION_ID).map((c) => c.value);
    const names = criteria.filter((c) => c.filterType === FILTER_EXTENSION_NAME).map((c) => c.value?.toLowerCase());
    const texts = criteria.filter((c) => c.filterType === FILTER_SEARCH_TEXT).map((c) => c.value ?? '');
    if (ids.length + names.length + texts.length === 0) return false;
    if (ids.length && !ids.includes(this.extensionUuid)) return false;
    if (names.length && !names.includes(this.id.toLowerCase())) return false;
    const haystack = [this.id, this.displayName, this.localised(this.manifest.description) ?? '', ...(this.manifest.keywords ?? [])].join(' ').toLowerCase();
    return texts.every((text) => {
      const words = text
        .toLowerCase()
        .split(/\s+/)
        .filter((word) => word.length > 0 && !word.startsWith('@'));
      // No words left ('' or only filters such as '@popular'): a list, not a search for this one.
      return words.length > 0 && words.every((word) => haystack.includes(word));
    });
  }

  /** The extension as the gallery's query API describes it. */
  private rawExtension(): object {
    const m = this.manifest;
    const assetUri = `${this.baseUrl}/assets/${m.publisher}/${m.name}/${m.version}`;
    // The Marketplace signs every public extension, and VS Code 1.139 greys out Install for an
    // unsigned one from a configured gallery. So the signature is listed, as the Marketplace does;
    // it is never served: code-server's server does not verify signatures (its extension
    // downloader turns verification off), and the request log would show a fetch.
    const listed = [ASSET.manifest, ASSET.vsix, ASSET.readme, ASSET.signature, ...(m.icon ? [ASSET.icon] : [])];
    const files = listed.map((assetType) => ({ assetType, source: `${assetUri}/${assetType}` }));
    const now = new Date().toISOString();
    return {
      extensionId: this.extensionUuid,
      extensionName: m.name,
      displayName: this.displayName,
      shortDescription: this.localised(m.description) ?? '',
      publisher: { publisherId: this.publisherUuid, publisherName: m.publisher, displayName: m.publisher, flags: '' },
      versions: [{ version: m.version, lastUpdated: now, assetUri, fallbackAssetUri: assetUri, files, properties: [{ key: ENGINE_PROPERTY, value: m.engines.vscode }] }],
      statistics: [],
      tags: m.keywords ?? [],
      categories: m.categories ?? [],
      releaseDate: now,
      publishedDate: now,
      lastUpdated: now,
      flags: 'validated, public',
    };
  }

  private asset(pathname: string): { type: string; body: Buffer } | undefined {
    const m = this.manifest;
    const prefix = `/assets/${m.publisher}/${m.name}/${m.version}/`;
    if (!pathname.startsWith(prefix)) return undefined;
    let name: string;
    try {
      name = decodeURIComponent(pathname.slice(prefix.length));
    } catch {
      throw new BadRequest(`bad %-encoding in ${pathname}`);
    }
    switch (name) {
      case ASSET.manifest:
        return { type: 'application/json', body: Buffer.from(this.archive.readText('extension/package.json')) };
      case ASSET.vsix:
        return { type: 'application/octet-stream', body: this.archive.whole() };
      case ASSET.readme:
        return { type: 'text/markdown', body: this.archive.read('extension/readme.md') ?? Buffer.from('') };
      case ASSET.icon: {
        const icon = m.icon ? this.archive.read(`extension/${m.icon}`) : undefined;
        return icon ? { type: 'image/png', body: icon } : undefined;
      }
      default:
        return undefined;
    }
  }

  /** A manifest string: `%key%` resolved from package.nls.json. */
  private localised(value: string | undefined): string | undefined {
    const key = /^%(.+)%$/.exec(value ?? '')?.[1];
    return key !== undefined ? this.strings[key] : value;
  }
}

/** The criteria of each filter of an extension query, checked: bad input is a BadRequest. */
function parseQuery(text: string): Criterion[][] {
  let body: unknown;
  try {
    body = JSON.parse(text || '{}');
  } catch (error) {
    throw new BadRequest(`the query is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('the query is not a JSON object');
  const filters = (body as { filters?: unknown }).filters ?? [{}];
  if (!Array.isArray(filters)) throw new BadRequest('the query\'s filters is not an array');
  return filters.map((filter: unknown, i) => {
    if (typeof filter !== 'object' || filter === null) throw new BadRequest(`filter ${i} is not an object`);
    const criteria = (filter as { criteria?: unknown }).criteria ?? [];
    if (!Array.isArray(criteria)) throw new BadRequest(`filter ${i}: criteria is not an array`);
    return criteria.map((criterion: unknown, j): Criterion => {
      const c = criterion as { filterType?: unknown; value?: unknown } | null;
      if (typeof c !== 'object' || c === null || typeof c.filterType !== 'number' || (c.value !== undefined && typeof c.value !== 'string')) {
        throw new BadRequest(`filter ${i}, criterion ${j}: expected {filterType: number, value?: string}`);
      }
      return c.value === undefined ? { filterType: c.filterType } : { filterType: c.filterType, value: c.value };
    });
  });
}

function corsHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS', ...extra };
}

function sendJson(response: ServerResponse, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  response.writeHead(200, corsHeaders({ 'Content-Type': 'application/json', 'Content-Length': String(body.length) }));
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
