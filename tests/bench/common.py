"""What every benchmark shares: a result row, the gunicorn server, wrk, plain HTTP helpers."""

import contextlib
import http.client
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.support.processes import process_stop

ROOT = Path(__file__).resolve().parent.parent.parent
BENCH_DIR = ROOT / "var" / "bench"
HOST = "127.0.0.1"  # every request of the suite goes to this machine only


@dataclass
class Result:
    """One row of the table; `passed` is None where there is no target or it was skipped."""

    name: str
    figure: float | int | None
    unit: str
    baseline: float | int | None = None
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None
    note: str = ""

    def as_json(self) -> dict:
        row = asdict(self)
        row["pass"] = row.pop("passed")
        return row


def skipped(name: str, reason: str, target: str = "") -> Result:
    return Result(name, None, "", target=target, note=f"skipped: {reason}")


@dataclass
class Bench:
    """What the runner hands each benchmark module's `run(bench)`."""

    env: dict[str, str]  # the environment of every server process
    database: str  # "postgresql" or "sqlite"
    skip_reasons: dict[str, str] = field(default_factory=dict)
    server_pid: int | None = None  # gunicorn's master while server() runs

    @contextlib.contextmanager
    def server(self, *, workers: int | None = None, extra_env: dict[str, str] | None = None):
        """gunicorn on a free local port with the settings that ship (cpa_site/gunicorn_conf.py;
        `workers` overrides theirs), stopped on the way out whatever happened."""
        port = free_port()
        log = (BENCH_DIR / f"gunicorn-{port}.log").open("w")
        command = [
            sys.executable, "-m", "gunicorn", "cpa_site.wsgi:application",
            "--config", "python:cpa_site.gunicorn_conf", "--bind", f"{HOST}:{port}",
            *(["--workers", str(workers)] if workers else []),
            "--timeout", "120", "--backlog", "2048", "--error-logfile", "-",
        ]  # fmt: skip
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, **(extra_env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://{HOST}:{port}"
        try:
            wait_until_up(port, process)
            self.server_pid = process.pid
            yield base_url
        finally:
            self.server_pid = None
            process_stop(process)
            log.close()


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user and system) used so far by a process and its children that are still
    running (gunicorn's master and its workers), from /proc; None where there is no /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total, found = 0.0, False
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        # After the name: state, ppid, ..., utime and stime are the 12th and 13th fields.
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
            found = True
    return total if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_answers(port: int, host: str = HOST) -> bool:
    try:
        with socket.create_connection((host, port), 2):
            return True
    except OSError:
        return False


def wait_until_up(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see var/bench/*.log")
        with contextlib.suppress(OSError):
            if request(port, "GET", "/bench/bare")[0] == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {seconds:.0f} s")


def request(port: int, method: str, path: str, *, body: str = "", headers=None, timeout=60):
    """(status, headers, body text) of one request to the local server; no redirects followed."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body.encode() or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode(errors="replace")
    finally:
        conn.close()


@dataclass
class WrkRun:
    rps: float
    non_2xx: int
    errors: int
    p50_ms: float | None
    p99_ms: float | None


WRK_MISSING = "wrk is not installed (Debian/Ubuntu: apt-get install -y wrk)"


def wrk(url: str, *, seconds: int = 10, connections: int = 8, headers=()) -> WrkRun:
    """Load one URL with wrk (2 threads); the run is bounded by its duration."""
    if not shutil.which("wrk"):
        raise RuntimeError(WRK_MISSING)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return WrkRun(
        rps=rps,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        errors=sum(int(n) for n in errors.groups()) if errors else 0,
        p50_ms=_latency(out, "50%"),
        p99_ms=_latency(out, "99%"),
    )


def _latency(out: str, percentile: str) -> float | None:
    match = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
    if not match:
        return None
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def session_cookie(user) -> str:
    """A signed-in session for `user`, as the Cookie header value a browser would send."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def path_of(page) -> str:
    from urllib.parse import urlparse

    return urlparse(page.get_url()).path


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: p99 of 200 values is the 198th smallest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]
