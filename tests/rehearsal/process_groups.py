"""The rehearsal's processes, each in a process group of its own so that stopping one stops
everything it started (gunicorn's workers, the Celery worker's pool)."""

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from .exceptions import StepFailed

TAIL_LINES = 25
PR_SET_CHILD_SUBREAPER = 36  # Linux prctl(2)


def become_subreaper() -> None:
    """Orphans of our children (a pool process whose parent was killed) come to us to be
    reaped instead of to PID 1, which in a container may never reap them."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def reap_orphans() -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def local_executable(argv: list[str]) -> list[str]:
    """`python`, `gunicorn`, `celery` as the image has them on its PATH: this virtualenv's."""
    if argv[0] == "python":
        return [sys.executable, *argv[1:]]
    found = shutil.which(argv[0], path=str(Path(sys.executable).parent))
    return [found or argv[0], *argv[1:]]


class Process:
    """A started command; its output goes to `log_path` and its last lines are kept."""

    def __init__(self, name: str, argv: list[str], *, env: dict, cwd: Path, log_path: Path):
        self.name = name
        self.argv = argv
        self.log_path = log_path
        self.lines: list[str] = []
        self._seen = threading.Condition()
        self.popen = subprocess.Popen(  # noqa: S603 - the compose file's own commands
            local_executable(argv),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,  # its own process group, led by itself
        )
        self.pgid = self.popen.pid
        self._relay = threading.Thread(target=self._read, daemon=True)
        self._relay.start()

    def _read(self) -> None:
        with self.log_path.open("w") as log:
            for line in self.popen.stdout:
                log.write(line)
                log.flush()
                with self._seen:
                    self.lines.append(line.rstrip("\n"))
                    self._seen.notify_all()
        with self._seen:
            self._seen.notify_all()

    def tail(self, count: int = TAIL_LINES) -> list[str]:
        with self._seen:
            return self.lines[-count:]

    def note(self, line: str) -> None:
        with self._seen:
            self.lines.append(f"[rehearsal] {line}")

    def running(self) -> bool:
        return self.popen.poll() is None

    def wait_for_output(self, text: str, *, timeout: float) -> None:
        """Until a line containing `text` is printed; fails if the process ends first."""
        deadline = time.monotonic() + timeout
        with self._seen:
            while True:
                if any(text in line for line in self.lines):
                    return
                if not self._relay.is_alive():
                    raise StepFailed(f"{self.name} ended (exit code {self.popen.poll()})")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StepFailed(f"{self.name} did not print {text!r} within {timeout:.0f} s")
                self._seen.wait(min(left, 0.5))

    def wait(self, *, timeout: float) -> int:
        """The exit code of a command that runs to its end; stopped if it takes too long."""
        try:
            code = self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop(grace=5)
            raise StepFailed(f"{self.name} did not finish within {timeout:.0f} s") from None
        self._relay.join(timeout=5)
        return code

    def signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pgid, signum)

    def stop(self, *, grace: float) -> None:
        stop_all([self], grace=grace)


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes in the group, from /proc; elsewhere, whether kill(0) works."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return []
        return [pgid]
    members = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...: comm may hold spaces and brackets, so split after it.
        state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if int(pgrp) == pgid and state != "Z":
            members.append(int(entry.name))
    return members


def stop_all(processes: list[Process], *, grace: float) -> list[str]:
    """SIGTERM to every group, SIGKILL to what is left after `grace` seconds. Returns a line
    for each group that still had a live process after that (empty when all is clean)."""
    for process in processes:
        if process.running() or group_members(process.pgid):
            process.signal_group(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.popen.wait(timeout=max(deadline - time.monotonic(), 0.1))
        while group_members(process.pgid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if process.running() or group_members(process.pgid):
            process.note(f"still running {grace:.0f} s after SIGTERM: SIGKILL")
            process.signal_group(signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.popen.wait(timeout=10)
    reap_orphans()
    leftovers = []
    for process in processes:
        time_left = time.monotonic() + 5
        while group_members(process.pgid) and time.monotonic() < time_left:
            time.sleep(0.1)
            reap_orphans()
        if members := group_members(process.pgid):
            leftovers.append(f"{process.name}: process group {process.pgid} still has {members}")
        process._relay.join(timeout=5)
    return leftovers
