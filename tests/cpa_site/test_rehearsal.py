"""`make rehearsal` (run by CI, not by pytest) starts what docker-compose.yml says, read from it."""

import shlex

import pytest
import yaml

from tests.rehearsal.compose import COMPOSE_FILE, rehearsal_commands


def test_rehearsal_runs_the_compose_commands_with_only_gunicorns_address_changed():
    services = yaml.safe_load(COMPOSE_FILE.read_text())["services"]
    commands = rehearsal_commands(port=8123)

    assert [(c.name, c.one_off) for c in commands] == [
        ("migrate", True),
        ("setup_roles", True),
        ("web", False),
        ("worker", False),
        ("beat", False),
    ]
    sh, dash_c, chain = shlex.split(services["web"]["command"])
    assert (sh, dash_c) == ("sh", "-c")
    rehearsed_web = " && ".join(shlex.join(c.argv) for c in commands if c.service == "web")
    assert "0.0.0.0:8000" in chain
    assert rehearsed_web == " ".join(chain.replace("0.0.0.0:8000", "127.0.0.1:8123").split())
    for name in ("worker", "beat"):
        assert [c.argv for c in commands if c.service == name] == [
            shlex.split(services[name]["command"])
        ]


def test_a_changed_compose_file_changes_what_the_rehearsal_runs(tmp_path):
    compose = yaml.safe_load(COMPOSE_FILE.read_text())
    compose["services"]["worker"]["command"] = "celery -A cpa_site worker --concurrency=4"
    compose["services"]["web"]["command"] = 'sh -c "gunicorn cpa_site.wsgi:application -b :80"'
    changed = tmp_path / "docker-compose.yml"
    changed.write_text(yaml.safe_dump(compose))

    commands = {c.name: c.argv for c in rehearsal_commands(port=9000, compose_file=changed)}

    assert commands["worker"] == ["celery", "-A", "cpa_site", "worker", "--concurrency=4"]
    assert commands["web"] == ["gunicorn", "cpa_site.wsgi:application", "-b", "127.0.0.1:9000"]
    assert "migrate" not in commands


def test_a_web_command_without_a_bind_address_is_refused(tmp_path):
    compose = yaml.safe_load(COMPOSE_FILE.read_text())
    compose["services"]["web"]["command"] = "gunicorn cpa_site.wsgi:application"
    changed = tmp_path / "docker-compose.yml"
    changed.write_text(yaml.safe_dump(compose))

    with pytest.raises(ValueError, match="no --bind"):
        rehearsal_commands(port=9000, compose_file=changed)
