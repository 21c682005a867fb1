"""`make rehearsal`: docker-compose.yml's own processes with the production settings, on one
machine without Docker, and one resident's journey through them over HTTP.

(Just over 400 lines: start, walk and stop are one sequence whose clean-up must see every
process it started; the parts that stand alone are in the modules beside it.)

    python -m tests.rehearsal.run

Runs collectstatic (as the Dockerfile does), then the web service's `migrate`, `setup_roles` and
gunicorn, the worker and beat, exactly as the compose file says (read from it; only gunicorn's
bind address differs), against a throwaway PostgreSQL database `cpa_rehearsal`, Redis database
7 and an SMTP sink in this process. A resident signs up, confirms their email from the link that
arrives, signs in, applies, and the worker's "You have a seat" email must arrive. Everything is
stopped and the database dropped at the end, whatever happened; exit code 0 means the journey
worked. Only 127.0.0.1 is contacted; every wait is bounded. Logs: var/rehearsal/*.log.
"""

import contextlib
import fcntl
import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import redis
from psycopg import sql

from .browser import Browser, form_with
from .compose import ROOT, rehearsal_commands
from .exceptions import StepFailed
from .mail_sink import MailSink, text_of
from .process_groups import TAIL_LINES, Process, become_subreaper, stop_all

HOST = "127.0.0.1"
DATABASE = "cpa_rehearsal"
POSTGRES_ADMIN_URL = f"postgresql://postgres@{HOST}:5432/postgres"
REDIS_DB = 7  # tests use 0, make bench 5: only this one is flushed
LOG_DIR = ROOT / "var" / "rehearsal"
COLLECTSTATIC = ["python", "manage.py", "collectstatic", "--noinput"]  # the Dockerfile's step
SEAT_SUBJECT = "You have a seat in {cohort}"  # enrollment/emails/catalogue.py
# Bounds, in seconds.
ONE_OFF_SECONDS = 300
START_SECONDS = 90
EMAIL_SECONDS = 60
STOP_GRACE_SECONDS = 20

FIRST_NAME = "Nora"
EMAIL = "nora.quintero@example.org"
PASSWORD = "lantern-harbor-2026"
SIGN_UP = {
    "first_name": FIRST_NAME,
    "last_name": "Quintero",
    "email": EMAIL,
    "password1": PASSWORD,
    "password2": PASSWORD,
}
APPLICATION = {
    "date_of_birth": "1984-09-17",
    "address": "412 Linwood Boulevard, Kansas City, MO 64109",
    "phone": "816-555-0123",
    "residency_basis": "lives",
    "emergency_contact_name": "Marco Quintero",
    "emergency_contact_phone": "816-555-0188",
    "accessibility_needs": "",
    "motivation": "I want to understand how officers are trained.",
    "consent": "on",
}


class Interrupted(BaseException):
    """SIGTERM or Ctrl-C: stop everything as on a failure."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "-_!@#%^&*+="
    return "".join(secrets.choice(alphabet) for _ in range(60))


def environment(*, port: int, smtp_port: int, var_dir: Path) -> dict[str, str]:
    """What compose's env_file and `environment:` give the containers, for this machine. Built
    from nothing: the shell's variables (CI's DATABASE_URL, DJANGO_SETTINGS_MODULE) stay out."""
    venv_bin = str(Path(sys.executable).parent)
    passed = {name: os.environ[name] for name in ("HOME", "LANG", "LC_ALL") if name in os.environ}
    return {
        **passed,
        "PATH": f"{venv_bin}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        # As the Dockerfile sets them.
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "CPA_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "cpa_site.settings.production",
        "SECRET_KEY": secret_key(),
        "ALLOWED_HOSTS": HOST,
        "HTTPS_ONLY": "false",  # plain http on 127.0.0.1, as .env.example says for localhost
        "STAFF_REQUIRE_MFA": "true",
        "SITE_BASE_URL": f"http://{HOST}:{port}",
        "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{DATABASE}",
        "REDIS_URL": f"redis://{HOST}:6379/{REDIS_DB}",
        "EMAIL_HOST": HOST,
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
    }


class Rehearsal:
    def __init__(self):
        self.started = time.monotonic()
        self.step_name = ""
        self.failed_step = ""
        self.processes: list[Process] = []
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self.sink = MailSink(host=HOST, port=free_port())
        self.var_dir = Path(tempfile.mkdtemp(prefix="cpa-rehearsal-"))
        self.env = environment(
            port=self.port, smtp_port=self.sink.controller.port, var_dir=self.var_dir
        )
        self.database_created = False
        self.long_running: list[list[str]] = []
        self.cohort: dict = {}

    # Reporting

    @contextlib.contextmanager
    def step(self, name: str):
        self.step_name = name
        began = time.monotonic()
        print(f"[{began - self.started:6.1f}s] {name} ...", flush=True)
        yield
        print(f"         ok ({time.monotonic() - began:.1f}s)", flush=True)

    def detail(self, text: str) -> None:
        print(f"         {text}", flush=True)

    # Services this machine provides instead of compose's db, redis and mailpit

    def database_create(self) -> None:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=10) as db:
            _drop_database(db)  # a run killed before its clean-up left one behind
            db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
        self.database_created = True

    def database_drop(self) -> None:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=10) as db:
            _drop_database(db)
            left = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if left:
            raise StepFailed(f"database {DATABASE} is still there after DROP DATABASE")

    def redis_flush(self) -> None:
        with redis.Redis(host=HOST, port=6379, db=REDIS_DB, socket_timeout=10) as client:
            client.flushdb()

    # Processes

    def start(self, name: str, argv: list[str]) -> Process:
        process = Process(name, argv, env=self.env, cwd=ROOT, log_path=LOG_DIR / f"{name}.log")
        self.processes.append(process)
        self.detail(f"{name}: {' '.join(argv)} (pid {process.popen.pid})")
        return process

    def run_to_end(self, name: str, argv: list[str]) -> Process:
        process = self.start(name, argv)
        code = process.wait(timeout=ONE_OFF_SECONDS)
        if code != 0:
            raise StepFailed(f"`{' '.join(argv)}` exited with code {code}")
        return process

    def running(self, name: str) -> Process:
        return next(p for p in self.processes if p.name == name)

    def check_still_running(self) -> None:
        for process in self.processes:
            if process.argv in self.long_running and not process.running():
                raise StepFailed(f"{process.name} stopped (exit code {process.popen.poll()})")

    # The rehearsal

    def run(self) -> None:
        with self.step("docker-compose.yml: the web, worker and beat commands"):
            commands = rehearsal_commands(port=self.port)
            self.long_running = [c.argv for c in commands if not c.one_off]

        with self.step("PostgreSQL: a fresh database; Redis: an empty db; SMTP sink"):
            self.database_create()
            self.redis_flush()
            self.sink.start()
            self.detail(f"postgres://{HOST}:5432/{DATABASE}, redis://{HOST}:6379/{REDIS_DB}, "
                        f"SMTP {HOST}:{self.sink.controller.port}")  # fmt: skip

        with self.step("collectstatic (the Dockerfile's build step; manifest storage)"):
            self.run_to_end("collectstatic", COLLECTSTATIC)

        for command in commands:
            if command.one_off:
                with self.step(f"{command.service}: {command.name}"):
                    self.run_to_end(command.name, command.argv)
            else:
                with self.step(f"{command.service}: start"):
                    self.start(command.name, command.argv)

        with self.step("/healthz: database, cache and broker ok"):
            health = self.wait_until_healthy()
            self.detail(json.dumps(health["checks"]))

        with self.step("worker and beat ready"):
            self.running("worker").wait_for_output(" ready.", timeout=START_SECONDS)
            self.running("beat").wait_for_output("beat: Starting", timeout=START_SECONDS)

        with self.step("A cohort open for applications (Django, production settings)"):
            out = self.run_to_end("academy", ["python", "-m", "tests.rehearsal.academy"])
            printed = [line for line in out.lines if line.startswith('{"cohort_id"')]
            if not printed:
                raise StepFailed("tests.rehearsal.academy printed no cohort")
            self.cohort = json.loads(printed[-1])
            self.detail(f"cohort {self.cohort['cohort_id']}: {self.cohort['cohort_name']}")

        self.journey()

        with self.step("web, worker and beat still running"):
            self.check_still_running()

    def wait_until_healthy(self) -> dict:
        browser = Browser(self.base_url)
        deadline = time.monotonic() + START_SECONDS
        last = "no answer"
        while time.monotonic() < deadline:
            self.check_still_running()
            try:
                page = browser.get("/healthz")
            except OSError as exc:
                last = f"no answer ({exc.__class__.__name__})"
            else:
                if page.status == 200:
                    return json.loads(page.text)
                last = f"{page.status}: {page.text[:300]}"
            time.sleep(0.3)
        raise StepFailed(f"/healthz did not answer 200 within {START_SECONDS} s; last: {last}")

    def journey(self) -> None:
        cohort_id, cohort_name = self.cohort["cohort_id"], self.cohort["cohort_name"]
        browser = Browser(self.base_url)

        with self.step("The site answers: landing page, upcoming classes, static files"):
            home = expect(browser.get("/"), 200, "Citizens Police Academy")
            classes = expect(browser.get("/classes/"), 200, cohort_name)
            if f"/classes/{cohort_id}/apply/" not in classes.text:
                raise StepFailed(f"/classes/ has no link to apply for {cohort_name}")
            stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home.text)
            if not stylesheet or not re.search(r"\.[0-9a-f]{12}\.css$", stylesheet.group(1)):
                raise StepFailed("the landing page links no hashed stylesheet (manifest storage)")
            css = expect(browser.get(stylesheet.group(1)), 200)
            if "{" not in css.text:
                raise StepFailed(f"{stylesheet.group(1)} came back empty")
            self.detail(f"{stylesheet.group(1)}: {len(css.text):,} characters (WhiteNoise)")

        with self.step("Sign up at /accounts/signup/"):
            page = expect(browser.get("/accounts/signup/"), 200, "Create an account")
            page = browser.submit(page, form_with(page, "email"), SIGN_UP)
            expect(page, 200, "Check your email")

        with self.step("Confirm the email from the link in allauth's email"):
            message = self.sink.wait_for(
                to=EMAIL, subject="Confirm your email address", timeout=EMAIL_SECONDS
            )
            link = re.search(
                rf"{re.escape(self.base_url)}/accounts/confirm-email/[^/\s]+/", text_of(message)
            )
            if not link:
                raise StepFailed(f"no confirmation link to {self.base_url} in:\n{text_of(message)}")
            page = expect(browser.get(link.group(0)), 200, EMAIL)
            page = browser.submit(page, form_with(page, "csrfmiddlewaretoken"), {})
            expect(page, 200)
            self.detail(f"{message['Subject']!s} -> {link.group(0)}")

        # Later, in a fresh browser session: signs in with the confirmed address.
        browser = Browser(self.base_url)
        with self.step("Sign in at /accounts/login/"):
            page = expect(browser.get("/accounts/login/"), 200, "Sign in")
            page = browser.submit(
                page, form_with(page, "login"), {"login": EMAIL, "password": PASSWORD}
            )
            expect(page, 200, f"Signed in as {FIRST_NAME}")

        with self.step(f"Apply at /classes/{cohort_id}/apply/"):
            page = expect(browser.get(f"/classes/{cohort_id}/apply/"), 200, cohort_name)
            page = browser.submit(page, form_with(page, "consent"), APPLICATION)
            expect(page, 200, f"You have a seat in {cohort_name}")
            if not page.url.endswith("/my-academy/"):
                raise StepFailed(f"expected My academy after applying, got {page.url}")

        with self.step("The worker's seat email arrives"):
            subject = SEAT_SUBJECT.format(cohort=cohort_name)
            message = self.sink.wait_for(to=EMAIL, subject=subject, timeout=EMAIL_SECONDS)
            links = re.findall(r"https?://\S+", text_of(message))
            stray = [link for link in links if not link.startswith(self.base_url)]
            if stray:
                raise StepFailed(f"links not on SITE_BASE_URL in the seat email: {stray}")
            self.detail(f"{message['Subject']!s} (to {message['To']!s}; links: {len(links)})")

    # Clean-up

    def clean_up(self) -> list[str]:
        """Stops every process and drops the database; returns what could not be cleaned."""
        problems = stop_all(self.processes, grace=STOP_GRACE_SECONDS)
        with contextlib.suppress(Exception):
            self.sink.stop()
        if self.database_created:
            try:
                self.database_drop()
            except Exception as exc:  # noqa: BLE001 - reported, never hides the run's result
                problems.append(f"dropping database {DATABASE}: {exc}")
        try:
            self.redis_flush()
        except Exception as exc:  # noqa: BLE001
            problems.append(f"flushing Redis db {REDIS_DB}: {exc}")
        shutil.rmtree(self.var_dir, ignore_errors=True)
        return problems

    def report_failure(self, message: str) -> None:
        print(f"\nREHEARSAL FAILED at step “{self.failed_step}”:\n  {message}\n", flush=True)
        for process in self.processes:
            # A one-off that finished well needs only its last few lines.
            short = process.argv not in self.long_running and process.popen.poll() == 0
            print(f"--- {process.name}: last lines (all in {process.log_path}) ---")
            for line in process.tail(5 if short else TAIL_LINES):
                print(f"  {line}")
        sys.stdout.flush()


def _drop_database(db) -> None:
    db.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))


def expect(page, status: int, text: str = ""):
    if page.status != status or text not in page.text:
        wanted = f"{status}" + (f" containing {text!r}" if text else "")
        snippet = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))[:400]
        raise StepFailed(f"{page.url}: expected {wanted}, got {page.status}: {snippet}")
    return page


@contextlib.contextmanager
def one_rehearsal_at_a_time():
    """Two at once would share Redis db 7 and the database name: the second refuses to start."""
    path = Path(tempfile.gettempdir()) / "cpa-rehearsal.lock"
    with path.open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StepFailed(f"another rehearsal is running on this machine ({path})") from None
        yield


def main() -> int:
    os.chdir(ROOT)
    LOG_DIR.mkdir(parents=True, exist_ok=True)

    def interrupted(signum, frame):
        raise Interrupted(signal.Signals(signum).name)

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    become_subreaper()
    rehearsal = None
    failure = ""
    try:
        with one_rehearsal_at_a_time():
            rehearsal = Rehearsal()
            print(f"Production rehearsal of docker-compose.yml on {rehearsal.base_url}", flush=True)
            try:
                rehearsal.run()
            except StepFailed as exc:
                failure = str(exc)
            except Interrupted as exc:
                failure = f"interrupted by {exc}"
            except Exception as exc:  # noqa: BLE001 - any error fails the step it happened in
                failure = f"{exc.__class__.__name__}: {exc}"
            finally:
                rehearsal.failed_step = rehearsal.step_name
                # Clean-up must finish even if a second signal arrives.
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                with rehearsal.step("Stop every process; drop the database"):
                    problems = rehearsal.clean_up()
    except StepFailed as exc:
        print(f"REHEARSAL FAILED: {exc}", flush=True)
        return 1
    total = time.monotonic() - rehearsal.started
    if failure:
        rehearsal.report_failure(failure)
    if problems:
        print("\nREHEARSAL LEFT THINGS BEHIND:\n  " + "\n  ".join(problems), flush=True)
    if failure or problems:
        print(f"\nTotal {total:.1f}s: FAILED", flush=True)
        return 1
    print(f"\nTotal {total:.1f}s: the resident's journey worked on the production setup.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
