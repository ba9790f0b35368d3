# The two commands: `make run` (site under gunicorn + worker + beat with demo data) and
# `make test`; `make dev` is `make run` with Django's auto-reloading server for coding;
# `make test-fast` is the quick loop while working (see below), never what CI runs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run dev test test-fast install services lint format bench bench-data bench-pages clean

# Checked first with the system Python (stdlib only), so a missing service is
# reported at once, before minutes of installing.
services:
	@$(PYTHON) -m config.services

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

run dev: services install
	@$(PY) -m config.services --create-db
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@HOST=$(HOST) PORT=$(PORT) scripts/run.sh $(if $(filter dev,$@),dev,serve)

test: export REDIS_URL ?= redis://127.0.0.1:6379/15
test: services install
	$(VENV)/bin/lint-imports --no-logo
	$(PY) -m pytest $(PYTEST_ARGS)

# Everything but the browser journeys (e2e) and the scale checks (scale), on
# TEST_WORKERS pytest-xdist workers. Each worker has its own PostgreSQL database
# (test_<name>_gw0, ...) and its own Redis database: worker gwN uses database
# XDIST_FIRST_REDIS_DB + N on REDIS_URL's server (tests/conftest.py), so by default
# 1..N, clear of `make run`'s 0 and `make test`'s 15. Running beside someone else's
# test-fast on the same Redis, give yours another first database, e.g.
# `make test-fast XDIST_FIRST_REDIS_DB=4`; every worker's database must exist (0-15).
# -n 2, not auto: auto is 2 on these 2-core machines too (measured on a shared one:
# 1m49s-3m30s with 2, 3m02s-6m08s with auto, the spread the neighbours' load; make
# test 6m30s-7m30s), and a fixed count keeps the Redis databases at 1..2 where a
# many-core machine's auto would reach 15 (make test's). --dist load (xdist's default)
# runs each worker's tests in pytest-django's order, transactional tests last;
# worksteal breaks that order, and a test after a transactional one finds the
# migrations' rows (categories, the curator group) flushed.
TEST_WORKERS ?= 2
test-fast: export REDIS_URL ?= redis://127.0.0.1:6379/15
test-fast: export XDIST_FIRST_REDIS_DB ?= 1
test-fast: services install
	$(PY) -m pytest -n $(TEST_WORKERS) --dist load -m "not e2e and not scale" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/ingest.py

bench-data: install  # the 200,000-paper bench database (bench/README.md)
	$(PY) bench/synth.py --reset

bench-pages: install  # time and queries per page on it
	$(PY) bench/pages.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
