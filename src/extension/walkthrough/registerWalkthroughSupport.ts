import type * as vscode from 'vscode';
import type { CommandManager } from '../commands/commandManager';
import { OpenSampleDocCommand } from './openSampleCommand';

/**
 * The Get Started walkthrough (package.json `contributes.walkthroughs`): its sample-doc command.
 * The walkthrough is opened by VS Code itself when the extension is installed
 * (`workbench.welcomePage.walkthroughs.openOnInstall`); the extension never opens it, so it
 * needs no activation at startup and respects a user who turned that setting off
 * (docs/walkthrough.md says why).
 */
export function registerWalkthroughSupport(context: vscode.ExtensionContext, commands: CommandManager): void {
  commands.register(new OpenSampleDocCommand(context.extensionUri));
}
