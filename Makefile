# The two commands: `make run` (site + worker + beat with demo data) and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install services lint format bench bench-data bench-pages clean

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

run: services install
	@$(PY) -m config.services --create-db
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@HOST=$(HOST) PORT=$(PORT) scripts/run.sh

test: export REDIS_URL ?= redis://127.0.0.1:6379/15
test: services install
	$(VENV)/bin/lint-imports --no-logo
	$(PY) -m pytest $(PYTEST_ARGS)

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
