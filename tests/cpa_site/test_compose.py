"""No Docker engine runs here, so the compose file is checked as data: services and wiring."""

import re
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def load_compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_web_worker_beat_from_one_image_with_their_services():
    services = load_compose()["services"]
    assert {"web", "worker", "beat", "db", "redis", "mailpit"} <= set(services)
    app_services = [services[name] for name in ("web", "worker", "beat")]
    assert len({s["image"] for s in app_services}) == 1
    assert all(s["build"] == "." for s in app_services)
    assert "gunicorn" in services["web"]["command"]
    assert "celery -A cpa_site worker" in services["worker"]["command"]
    assert "celery -A cpa_site beat" in services["beat"]["command"]
    for s in app_services:
        assert s["env_file"] == ".env"
        assert s["environment"]["REDIS_URL"].startswith("redis://redis:")
        assert s["environment"]["DATABASE_URL"].startswith("postgres://")
        assert "@db:5432/" in s["environment"]["DATABASE_URL"]
        assert s["environment"]["EMAIL_HOST"] == "mailpit"
        assert set(s["depends_on"]) == {"db", "redis"}
        assert all(v["condition"] == "service_healthy" for v in s["depends_on"].values())


def test_compose_pins_postgres_16_and_redis_7_with_health_checks_and_named_volumes():
    compose = load_compose()
    services = compose["services"]
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"].startswith("redis:7")
    assert services["mailpit"]["image"].startswith("axllent/mailpit")
    for name, service in services.items():
        assert "healthcheck" in service, name
    named = set(compose["volumes"])
    for name in ("db", "redis"):
        for volume in services[name]["volumes"]:
            assert volume.split(":")[0] in named


def test_every_setting_read_from_the_environment_is_documented():
    """Each variable the settings (and gunicorn's) read appears in .env.example and in the
    README's table."""
    files = [*(ROOT / "cpa_site" / "settings").glob("*.py"), ROOT / "cpa_site" / "gunicorn_conf.py"]
    source = "\n".join(p.read_text() for p in files)
    names = set(re.findall(r"""(?:environ\.get|env_bool|env_list)\(\s*["']([A-Z_]+)["']""", source))
    names.discard("CPA_VAR_DIR")
    assert names, "the pattern found no variables"
    example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    missing_example = sorted(n for n in names if f"{n}=" not in example)
    missing_readme = sorted(n for n in names if f"`{n}`" not in readme)
    assert not missing_example, f"not in .env.example: {missing_example}"
    assert not missing_readme, f"not in README: {missing_readme}"
