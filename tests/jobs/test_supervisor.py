"""make run's supervisor: both commands start, and one signal stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest


@pytest.fixture(params=["sqlite-queue"])  # no queue involved; run once
def job_backend(request):
    return request.param


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_one_signal_stops_every_command(tmp_path, stop):
    pids = tmp_path / "pids"
    script = f"import os,time; open('{pids}','a').write(f'{{os.getpid()}} '); time.sleep(60)"
    child = f'{sys.executable} -c "{script}"'
    proc = subprocess.Popen([sys.executable, "-m", "claimtracker.supervisor", child, child])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (not pids.exists() or len(pids.read_text().split()) < 2):
        time.sleep(0.05)
    started = [int(p) for p in pids.read_text().split()]
    assert len(started) == 2 and all(_alive(p) for p in started)
    proc.send_signal(stop)
    assert proc.wait(timeout=15) == 0
    time.sleep(0.2)
    assert not any(_alive(p) for p in started)


def test_one_command_ending_stops_the_others(tmp_path):
    quick = f'{sys.executable} -c "import sys; sys.exit(3)"'
    slow = f'{sys.executable} -c "import time; time.sleep(60)"'
    proc = subprocess.run(
        [sys.executable, "-m", "claimtracker.supervisor", quick, slow],
        timeout=20,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 3
    assert "exited (3); stopping" in proc.stdout
