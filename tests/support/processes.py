"""Child processes the tests and benchmarks start (workers, beat, gunicorn)."""

import subprocess


def process_stop(process: subprocess.Popen, *, grace: float = 20) -> None:
    """Ask the process to stop, and kill it if it has not within `grace` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
