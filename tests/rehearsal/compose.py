"""The commands docker-compose.yml runs, read from the file so the rehearsal cannot drift."""

import shlex
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
APP_SERVICES = ("web", "worker", "beat")


@dataclass(frozen=True)
class Command:
    """One process to start: `service` is the compose service it belongs to; a `one_off` runs
    to the end before the next (web's `migrate && setup_roles && gunicorn` chain)."""

    name: str
    service: str
    argv: list[str]
    one_off: bool = False


def service_commands(compose_file: Path = COMPOSE_FILE) -> dict[str, list[list[str]]]:
    """Each app service's command as argument lists, in order; `sh -c "a && b"` gives two."""
    services = yaml.safe_load(compose_file.read_text())["services"]
    commands = {}
    for name in APP_SERVICES:
        argv = shlex.split(services[name]["command"])
        if argv[:2] == ["sh", "-c"]:
            if len(argv) != 3:
                raise ValueError(f'{name}: expected sh -c "...", got {argv!r}')
            commands[name] = [shlex.split(part) for part in argv[2].split("&&")]
        else:
            commands[name] = [argv]
    return commands


def rehearsal_commands(*, port: int, compose_file: Path = COMPOSE_FILE) -> list[Command]:
    """The compose services' commands in start order, with gunicorn bound to 127.0.0.1:`port`
    instead of 0.0.0.0:8000; nothing else is changed."""
    commands = []
    for service, chain in service_commands(compose_file).items():
        *one_offs, server = chain
        for argv in one_offs:
            # `python manage.py migrate --noinput` is called "migrate".
            name = argv[2] if argv[1:2] == ["manage.py"] else argv[0]
            commands.append(Command(name=name, service=service, argv=argv, one_off=True))
        if service == "web":
            server = _bound(server, port)
        commands.append(Command(name=service, service=service, argv=server))
    return commands


def _bound(argv: list[str], port: int) -> list[str]:
    """gunicorn's `--bind ADDRESS` (or `-b`, `--bind=`) pointed at 127.0.0.1:`port`."""
    address = f"127.0.0.1:{port}"
    for at, word in enumerate(argv):
        if word in ("--bind", "-b") and at + 1 < len(argv):
            return [*argv[: at + 1], address, *argv[at + 2 :]]
        if word.startswith("--bind="):
            return [*argv[:at], f"--bind={address}", *argv[at + 1 :]]
    # Without it gunicorn would listen on its default port, maybe someone else's server.
    raise ValueError(f"the web command has no --bind to replace: {shlex.join(argv)}")
