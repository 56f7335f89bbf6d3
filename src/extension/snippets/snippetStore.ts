import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Snippet } from '../../core/snippets/types';
import { parseSnippetsJson } from '../../core/snippets/snippetsJson';

/** Loads dist/snippets.json on first use; the snippet bodies are only needed when inserting or showing code. */
export class SnippetStore {
  private loading: Promise<ReadonlyMap<string, Snippet>> | undefined;

  constructor(private readonly distDir: string) {}

  all(): Promise<ReadonlyMap<string, Snippet>> {
    this.loading ??= readFile(path.join(this.distDir, 'snippets.json'), 'utf8').then(
      (text) => new Map(parseSnippetsJson(text).map((s) => [s.id, s])),
    );
    return this.loading;
  }

  async get(id: string): Promise<Snippet | undefined> {
    return (await this.all()).get(id);
  }
}
