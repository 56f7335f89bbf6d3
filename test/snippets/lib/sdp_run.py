"""Runs a Python proof program (argv[1]) as __main__ and ends the process when it ends, even if a
thread the program started is still blocked (a failed check must not hang the run)."""
import os
import runpy
import sys
import traceback

program = sys.argv[1]
sys.argv = sys.argv[1:]
try:
    runpy.run_path(program, run_name="__main__")
    code = 0
except SystemExit as e:
    code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
except BaseException:  # noqa: BLE001 - reported, and the process fails
    traceback.print_exc()
    code = 1
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
