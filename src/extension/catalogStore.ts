import * as vscode from 'vscode';
import type { Catalog } from '../core/catalog/model';
import { parseCatalogJson } from '../core/catalog/catalogJson';

/**
 * Loads dist/catalog.json once, on first use, so activation stays cheap.
 * The file sits beside the extension bundle (both are in dist/); it is read through
 * `workspace.fs`, which reaches the extension's files on disk and, in the browser, on the web.
 */
export class CatalogStore {
  private loading: Promise<Catalog> | undefined;

  constructor(private readonly distDir: vscode.Uri) {}

  get(): Promise<Catalog> {
    this.loading ??= readText(vscode.Uri.joinPath(this.distDir, 'catalog.json')).then(parseCatalogJson);
    return this.loading;
  }
}

/** A UTF-8 file of the extension's own, as text. */
export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}
