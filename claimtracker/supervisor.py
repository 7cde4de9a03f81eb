"""Run several commands side by side and stop them together (``make run``: gunicorn and one
``claimtracker worker``). Standard library only.

    python -m claimtracker.supervisor "gunicorn …" "claimtracker worker"

Each argument is one command line (split like a shell would, but never run by a shell).
Ctrl-C or SIGTERM stops every command; when one command exits, the others are stopped
and the supervisor exits with that command's status.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from types import FrameType

GRACE_SECONDS = 10.0


def _stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def run(commands: list[str]) -> int:
    """Start every command, wait until one exits or a stop signal arrives, stop them all.
    Returns the exit status to use."""
    if not commands:
        print("usage: python -m claimtracker.supervisor COMMAND...", file=sys.stderr)
        return 2
    stopping: list[int] = []

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    # Each child leads its own process group, so the terminal's Ctrl-C reaches only us and
    # we stop them in order (a worker finishing its job, gunicorn closing its sockets).
    # The commands are the operator's own (the Makefile's), never request input.
    children = [
        subprocess.Popen(shlex.split(c), start_new_session=True)  # noqa: S603
        for c in commands
    ]
    status = 0
    try:
        while not stopping:
            ended = [c for c in children if c.poll() is not None]
            if ended:
                status = ended[0].returncode or 0
                name = shlex.split(commands[children.index(ended[0])])[0]
                print(f"supervisor: {name} exited ({status}); stopping", flush=True)
                break
            time.sleep(0.2)
    finally:
        _stop(children)
    return status


def main() -> None:
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
