/**
 * A gate for the proofs' stalls: code under test awaits `wait` and stays there until the test calls
 * `open()`. Opening twice is harmless, so a test can open in `finally` as well (HARNESS.md: a failed
 * test must not leave a handler blocked).
 */
export interface Gate {
  readonly wait: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}
