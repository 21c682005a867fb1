"""`make run`'s process manager: the web server, a Celery worker and Celery beat together.

    python -m cpa_site.local_platform --port 8000

Ctrl-C (or SIGTERM) asks each process to stop as a server would (SIGTERM: the worker finishes
what it holds, a warm shutdown) and waits up to STOP_SECONDS before forcing it. A worker or
beat that dies on its own is started again after a short pause (as compose's
`restart: unless-stopped` does); if the web server dies, everything stops.
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STOP_SECONDS = 15
RESTART_PAUSE_SECONDS = 2


def commands(port: int) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}"],
        "worker": [python, "-m", "celery", "-A", "cpa_site", "worker", "--loglevel=INFO",
                   "--concurrency=2"],
        "beat": [python, "-m", "celery", "-A", "cpa_site", "beat", "--loglevel=INFO"],
    }  # fmt: skip


class Platform:
    def __init__(self, port: int):
        self.commands = commands(port)
        # Links in emails and calendars follow the address the site is served on.
        self.env = {**os.environ}
        self.env.setdefault("SITE_BASE_URL", f"http://127.0.0.1:{port}")
        self.processes: dict[str, subprocess.Popen] = {}
        self.stopping = threading.Event()
        self.output = threading.Lock()

    def say(self, name: str, line: str) -> None:
        with self.output:
            sys.stdout.write(f"{time.strftime('%H:%M:%S')} {name:<6} | {line}")
            sys.stdout.flush()

    def start(self, name: str) -> None:
        # A session of its own: Ctrl-C in the terminal reaches this manager only, which then
        # stops each process in order instead of all of them being interrupted at once.
        process = subprocess.Popen(  # noqa: S603 - our own fixed commands
            self.commands[name],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.processes[name] = process
        threading.Thread(target=self.relay, args=(name, process), daemon=True).start()
        self.say(name, f"started (pid {process.pid})\n")

    def relay(self, name: str, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.say(name, line)

    def watch(self) -> int:
        """Restart a worker or beat that died; stop everything if the web server did."""
        while not self.stopping.wait(0.5):
            for name, process in list(self.processes.items()):
                code = process.poll()
                if code is None:
                    continue
                if name == "web":
                    self.say(name, f"stopped (exit code {code}); stopping the platform\n")
                    return code or 1
                self.say(name, f"died (exit code {code}); starting it again\n")
                time.sleep(RESTART_PAUSE_SECONDS)
                if not self.stopping.is_set():
                    self.start(name)
        return 0

    def stop(self) -> None:
        self.stopping.set()
        for name, process in self.processes.items():
            if process.poll() is None:
                self.say(name, "stopping\n")
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for name, process in self.processes.items():
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                self.say(name, f"still running after {STOP_SECONDS} s: forcing it\n")
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.say("all", "stopped\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args()
    platform = Platform(args.port)

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    code = 0
    try:
        for name in platform.commands:
            platform.start(name)
        code = platform.watch()
    except KeyboardInterrupt:
        pass
    finally:
        platform.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
