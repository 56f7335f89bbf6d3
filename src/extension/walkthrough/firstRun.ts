import * as vscode from 'vscode';

/** The Get Started walkthrough's id in package.json `contributes.walkthroughs`. */
export const WALKTHROUGH_ID = 'getStarted';
/** globalState key: the walkthrough was opened (or deliberately not) once on this machine. */
export const FIRST_RUN_KEY = 'sdp.walkthrough.firstRunDone';

export type FirstRunOutcome = 'opened' | 'already-done' | 'turned-off';

export interface FirstRunDeps {
  readonly globalState: vscode.Memento & { setKeysForSync(keys: readonly string[]): void };
  readonly extensionId: string;
  /** Reads a workbench setting; the real one by default, a table in tests. */
  readonly setting?: <T>(section: string, key: string) => T | undefined;
  /** Runs a command; the real one by default. */
  readonly executeCommand?: (command: string, ...args: unknown[]) => Thenable<unknown>;
}

/**
 * Opens the Get Started walkthrough the first time the extension runs on a machine. VS Code opens
 * it by itself only when the extension is installed from its Extensions view; installs from the
 * command line, a synced profile or a dev container would never show it. Runs once: the flag is
 * written before the walkthrough opens (two windows starting together open it at most twice, not on
 * every start) and synced, so a second machine of the same user does not open it again. Users
 * who turned off startup editors or walkthroughs on install are left alone.
 */
export async function openWalkthroughOnFirstRun(deps: FirstRunDeps): Promise<FirstRunOutcome> {
  const { globalState } = deps;
  globalState.setKeysForSync([FIRST_RUN_KEY]);
  if (globalState.get<boolean>(FIRST_RUN_KEY) === true) return 'already-done';
  await globalState.update(FIRST_RUN_KEY, true);

  const setting = deps.setting ?? (<T>(section: string, key: string) => vscode.workspace.getConfiguration(section).get<T>(key));
  const startupEditor = setting<string>('workbench', 'startupEditor');
  const openOnInstall = setting<boolean>('workbench', 'welcomePage.walkthroughs.openOnInstall');
  if (startupEditor === 'none' || openOnInstall === false) return 'turned-off';

  const execute = deps.executeCommand ?? vscode.commands.executeCommand;
  await execute('workbench.action.openWalkthrough', `${deps.extensionId}#${WALKTHROUGH_ID}`);
  return 'opened';
}
