import * as vscode from 'vscode';
import type { Snippet } from '../../core/snippets/types';
import { parseSnippetsJson } from '../../core/snippets/snippetsJson';
import { readText } from '../catalogStore';

/** Loads dist/snippets.json on first use; the snippet bodies are only needed when inserting or showing code. */
export class SnippetStore {
  private loading: Promise<ReadonlyMap<string, Snippet>> | undefined;

  constructor(private readonly distDir: vscode.Uri) {}

  all(): Promise<ReadonlyMap<string, Snippet>> {
    this.loading ??= readText(vscode.Uri.joinPath(this.distDir, 'snippets.json')).then(
      (text) => new Map(parseSnippetsJson(text).map((s) => [s.id, s])),
    );
    return this.loading;
  }

  async get(id: string): Promise<Snippet | undefined> {
    return (await this.all()).get(id);
  }
}
