# The two commands: `make run` (the whole platform, locally) and `make test` (the whole suite).
.DEFAULT_GOAL := help
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# The first Python 3.11+ on this machine (override with `make PYTHON=/path/to/python3.12 ...`).
PYTHON ?= $(shell for p in python3.12 python3.11 python3.13 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; \
	then echo $$p; break; fi; done)

.PHONY: help run test lint format check messages bench rehearsal clean

help:
	@echo "make run    set up and run the platform (web, worker, scheduler, demo) on port $(PORT)"
	@echo "make test   set up and run the whole test suite"
	@echo "make lint / make format / make check / make messages / make bench / make rehearsal / make clean"

$(VENV)/.runtime: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed; none was found." >&2; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

run: $(VENV)/.runtime
	@mkdir -p var/mail
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_academy
	@echo
	@echo "  Site:   http://127.0.0.1:$(PORT)/"
	@echo "  Admin:  http://127.0.0.1:$(PORT)/admin/  (sign in with an email and password above)"
	@echo "  Emails: written to var/mail/ (one .log file per message batch)"
	@echo "  Stop:   Ctrl-C stops the web server, the worker and the scheduler together."
	@echo
	$(PY) -m cpa_site.local_platform --port $(PORT)

test: $(VENV)/.dev
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates courses enrollment cpa_site

format: $(VENV)/.dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/djhtml templates courses enrollment cpa_site

check: $(VENV)/.dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# The Spanish and Vietnamese catalogues (cpa_site/locale/): extract the site's words, compile.
# Needs gettext (apt-get install gettext); the compiled files are committed, so running the site
# does not.
messages: $(VENV)/.dev
	$(PY) manage.py catalogues_update

# Every benchmark in one run on this machine (not in CI): var/bench/results.json and a table.
bench: $(VENV)/.dev
	@command -v wrk >/dev/null || { echo "Installing wrk (apt-get install -y wrk) ..."; \
		{ apt-get install -y wrk || { apt-get update -qq && apt-get install -y wrk; }; } \
		>/dev/null 2>&1 || echo "No wrk: run 'sudo apt-get install -y wrk' (throughput is skipped)." >&2; }
	$(PY) -m tests.bench.run

# docker-compose.yml's processes with the production settings, and one resident's journey
# through them (CI runs it): needs PostgreSQL and Redis on 127.0.0.1.
rehearsal: $(VENV)/.dev
	$(PY) -m tests.rehearsal.run

clean:
	rm -rf $(VENV) var
