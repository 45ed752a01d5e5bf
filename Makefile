# akk-cms: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed

# A Python >= 3.12: PYTHON from the environment, then python3.13/3.12 on PATH,
# then pyenv's versions, then python3.
PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3 \
	$$HOME/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3.1[23] python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: help
help:
	@echo "make run      install, migrate, load demo content, serve http://127.0.0.1:8000"
	@echo "make test     install and run every check and test"
	@echo "make serve    the production stack on http://127.0.0.1:8000 (gunicorn, WhiteNoise, task worker)"
	@echo "make worker   the background task worker (PDF rendering; TASKS_BACKEND=db)"
	@echo "make install  create .venv and install the locked dependencies"
	@echo "make demo     load the demo content (idempotent)"
	@echo "make bench    benchmark: HTTP, PDF and growth figures (docs/performance.md)"
	@echo "make pdf-preview  PNGs of every page of the demo PDFs in pdf-preview/"
	@echo "make backup   online backup of database and media into backups/<time>/ (BACKUP_ROOT)"
	@echo "make restore  restore the newest backup (or BACKUP=backups/<time>)"
	@echo "make check-security  security checks with figures (deploy check, headers, uploads, ...)"
	@echo "make loadtest gunicorn + wrk load test with a PDF burst (docs/reliability.md)"

$(STAMP): requirements.lock pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "akk-cms needs Python 3.12 or newer, and none was found."; \
		echo "Install one (e.g. 'pyenv install 3.13' or 'apt-get install python3.13') or set PYTHON=/path/to/python3.12."; \
		exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $(STAMP)

.PHONY: install
install: system-deps $(STAMP)

# System libraries WeasyPrint and the PDF checks need (Debian/Ubuntu, as root).
.PHONY: system-deps
system-deps:
	@missing=""; \
	ldconfig -p | grep -q libharfbuzz-subset || missing="$$missing libharfbuzz-subset0"; \
	ldconfig -p | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else echo "Please install these system packages:$$missing"; fi; fi

.PHONY: migrate
migrate: install
	$(MANAGE) migrate --no-input

.PHONY: demo
demo: migrate
	$(MANAGE) load_demo

.PHONY: run
run: demo
	@echo
	@echo "  Website:   http://127.0.0.1:8000/"
	@echo "  Redaktion: http://127.0.0.1:8000/admin/  (Login siehe oben)"
	@echo
	$(MANAGE) runserver 127.0.0.1:8000

.PHONY: lint
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

.PHONY: migrations-check
migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

# The suite runs twice, on SQLite and on a throwaway PostgreSQL server that
# tests/postgres.py starts and stops (skipped without PostgreSQL, except under
# CI=true). The two passes run side by side, one per core; each prints its
# output when it is done.
.PHONY: test
test: install test-deps lint migrations-check
	@echo "Running the test suite on SQLite and on PostgreSQL side by side; each pass reports when done ..."
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

.PHONY: test-sqlite
test-sqlite: install
	$(VENV)/bin/pytest -m "not postgres"

.PHONY: test-postgres
test-postgres: install test-deps
	$(PY) -m tests.postgres

# Servers the tests start themselves: PostgreSQL (second pass) and nginx (tests/test_serving.py).
.PHONY: test-deps
test-deps:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || missing="$$missing postgresql-15"; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing system packages for the tests:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else echo "Please install these system packages for the tests:$$missing"; fi; fi

# The production stack on http://127.0.0.1:8000 (DEBUG=false): gunicorn with
# deploy/gunicorn.conf.py, static files collected and served by WhiteNoise, and
# the task worker. Settings from the environment win; the SECRET_KEY is made once.
PROD_ENV = mkdir -p var && { [ -s var/secret_key ] || $(PY) -c "import secrets; print(secrets.token_urlsafe(64))" > var/secret_key; } && \
	export DEBUG=false TASKS_BACKEND=db SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" SITE_URL="$${SITE_URL:-http://127.0.0.1:8000}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" BEHIND_PROXY="$${BEHIND_PROXY:-false}"

.PHONY: serve
serve: migrate
	@$(PROD_ENV) && $(MANAGE) collectstatic --no-input -v0 && \
	{ $(MANAGE) pdf_worker --no-reload --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	echo "  Website: http://$${GUNICORN_BIND:-127.0.0.1:8000}/  (gunicorn + task worker, DEBUG=false; Ctrl+C stops both)"; \
	$(VENV)/bin/gunicorn --config deploy/gunicorn.conf.py --no-control-socket; }

# The background worker for PDF rendering (django-tasks-db). Pages enqueue
# tasks only with TASKS_BACKEND=db (the default with DEBUG=false).
.PHONY: worker
worker: migrate
	TASKS_BACKEND=db $(MANAGE) pdf_worker

# PNGs of every page of the demo PDFs (pdftoppm), to look at the layout.
# Works in pdf-preview/ with its own database and media; never touches db.sqlite3.
PREVIEW := $(CURDIR)/pdf-preview
PREVIEW_ENV := DATABASE_URL=sqlite:///$(PREVIEW)/demo.sqlite3 MEDIA_ROOT=$(PREVIEW)/media
.PHONY: pdf-preview
pdf-preview: install
	rm -rf $(PREVIEW) && mkdir -p $(PREVIEW)
	$(PREVIEW_ENV) $(MANAGE) migrate --no-input -v0
	$(PREVIEW_ENV) $(MANAGE) load_demo --no-users
	$(PREVIEW_ENV) $(MANAGE) render_pdfs
	@for f in $(PREVIEW)/media/pdf/*.pdf; do \
		name=$$(basename $$f .pdf); name=$${name%-*}; cp $$f $(PREVIEW)/$$name.pdf; \
		pdftoppm -r 60 -png $$f $(PREVIEW)/$$name; done
	@echo "Seitenbilder: $$(ls $(PREVIEW)/*.png | wc -l) PNG-Dateien in pdf-preview/"

# Benchmark (docs/performance.md): gunicorn + wrk, PDF renders, 6/60/600 interviews.
# Works in bench-results/ with its own databases; never touches db.sqlite3.
.PHONY: bench
bench: install
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing wrk"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else echo "make bench needs wrk: apt-get install wrk"; exit 1; fi; }
	$(PY) -m bench.run

.PHONY: format
format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Backups (core/backup.py): consistent while the site runs; see docs/reliability.md.
.PHONY: backup
backup: install
	$(MANAGE) backup

.PHONY: restore
restore: install
	$(MANAGE) restore $(BACKUP)

# Security checks that print figures (tests/security_report.py).
.PHONY: check-security
check-security: install
	$(PY) -m tests.security_report

# Bounded load test against gunicorn on 127.0.0.1:18301 (tests/load_test.py, needs wrk).
.PHONY: loadtest
loadtest: install
	$(PY) -m tests.load_test
