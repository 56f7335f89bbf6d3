import * as vscode from 'vscode';
import type { CommandManager } from '../commands/commandManager';
import { openWalkthroughOnFirstRun } from './firstRun';
import { OpenSampleDocCommand } from './openSampleCommand';

/**
 * The Get Started walkthrough (package.json `contributes.walkthroughs`): its sample-doc command,
 * and opening it once on the first run. Opening is not awaited: activation does not wait for
 * an editor to open, and a failure is logged, never shown.
 */
export function registerWalkthroughSupport(context: vscode.ExtensionContext, commands: CommandManager, log: vscode.LogOutputChannel): void {
  commands.register(new OpenSampleDocCommand(context.extensionUri));
  openWalkthroughOnFirstRun({ globalState: context.globalState, extensionId: context.extension.id }).then(
    (outcome) => log.info(`walkthrough on first run: ${outcome}`),
    (error: unknown) => log.warn(`walkthrough on first run: ${error instanceof Error ? error.message : String(error)}`),
  );
}
