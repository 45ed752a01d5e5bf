# akk-cms: `make run` to try it, `make test` to check it, `make` for the list. Longer recipes: scripts/.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python
MANAGE := $(PY) manage.py
FAST := not browser and not postgres and not slow
# Arguments of the two passes when run alone (make test narrows them, see there).
SQLITE_ARGS := -m "not postgres"
# Compiled modules may be cached (__pycache__/, git-ignored) even where the environment says not to: otherwise
# every test process compiles the project and rewrites the test modules again.
export PYTHONDONTWRITEBYTECODE :=
# Where `make run` serves (make run ADDR=127.0.0.1:8001); SITE_URL follows it unless set: links in pages, feed,
# sitemap, citations and the demo PDFs point where the site is served.
ADDR ?= 127.0.0.1:8000
DEV_SITE_URL := SITE_URL="$${SITE_URL:-http://$(ADDR)}"

.PHONY: help install install-production print-profile preflight run demo migrate test test-fast test-sqlite test-postgres lint format serve worker \
	bench pdf-preview review-pdfs backup restore check-security loadtest

help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /|/' | column -t -s '|'

install: .venv/.installed  ## create .venv with the locked dependencies, runtime and development (and the system libraries, as root)
.venv/.installed: requirements.lock requirements-dev.lock pyproject.toml scripts/install.sh scripts/build-print-profile.sh
	scripts/install.sh
	@touch $@

install-production:  ## .venv with the runtime dependencies only (requirements.lock), as on a server (docs/deploy.md)
	scripts/install.sh --production

print-profile:  ## build the FOGRA39 print profile into var/icc/ (done by make install; needs argyll, icc-profiles-free)
	scripts/build-print-profile.sh

preflight: install  ## check a print master as a print shop's PDF/X-4 preflight would: make preflight SLUG=<interview slug>
	$(MANAGE) preflight $(SLUG)

migrate: install
	$(MANAGE) migrate --no-input

demo: migrate  ## load the demo content and the demo accounts (idempotent)
	$(DEV_SITE_URL) $(MANAGE) load_demo

run: demo  ## install, migrate, load the demo, serve http://127.0.0.1:8000 or ADDR=host:port (admin login above)
	$(DEV_SITE_URL) $(MANAGE) runserver $(ADDR)

test: install lint  ## every check and the whole suite, on SQLite and a throwaway PostgreSQL side by side
	@scripts/need-packages.sh "file:/usr/lib/postgresql/*/bin/initdb=postgresql-15" cmd:nginx=nginx cmd:openssl=openssl
	@# The two passes run side by side on two cores. Tests that need one backend's server or whose outcome
	@# cannot depend on the backend run once, split so that the passes take about as long: the browser tests
	@# (Chromium against the live server) and the sqlite_pass ones in the SQLite pass, the other
	@# backend_independent ones (PDF layout, print files) in the PostgreSQL pass, or on SQLite when there is
	@# no PostgreSQL here (docs/testing.md).
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres \
		SQLITE_ARGS='-m "not postgres and (not backend_independent or sqlite_pass)"' \
		POSTGRES_ARGS='-m "not browser and not sqlite_pass"' \
		WITHOUT_POSTGRES='-m "backend_independent and not sqlite_pass"'

test-fast: install lint  ## the inner loop (< 60 s): all but browser, PostgreSQL, server, PDF-rendering and permission-matrix tests
	.venv/bin/pytest -q -n 2 -m "$(FAST)"

test-sqlite: install
	.venv/bin/pytest $(SQLITE_ARGS)

test-postgres: install  ## the whole suite on a throwaway PostgreSQL (make test leaves out its browser tests)
	WITHOUT_POSTGRES='$(WITHOUT_POSTGRES)' $(PY) -m tests.postgres $(POSTGRES_ARGS)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

format: install
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

serve: migrate  ## the production stack: gunicorn (DEBUG=false), WhiteNoise and the task worker
	scripts/serve.sh

worker: migrate  ## the background worker that renders PDFs (django-tasks-db)
	TASKS_BACKEND=db $(MANAGE) pdf_worker

bench: install  ## benchmark: pages and PDFs under load, render times, growth (docs/performance.md)
	@scripts/need-packages.sh cmd:wrk=wrk
	$(PY) -m bench.run

pdf-preview: install  ## PNGs of every page of the demo PDFs and collections in pdf-preview/ (own database)
	scripts/pdf-preview.sh

review-pdfs: install print-profile  ## the review set (bench/review_set.py): PDFs, PNGs and typographic figures in var/review/ (own database)
	$(PY) -m bench.review

backup: install  ## online backup of database and media into BACKUP_ROOT/<time>/ (default backups/)
	$(MANAGE) backup

restore: install  ## restore the newest backup (or BACKUP=backups/<time>)
	$(MANAGE) restore $(BACKUP)

check-security: install  ## security checks with figures (deploy check, headers, uploads, permissions)
	$(PY) -m tests.security_report

loadtest: install  ## gunicorn + wrk with a PDF burst on 127.0.0.1:18301 (docs/reliability.md)
	@scripts/need-packages.sh cmd:wrk=wrk
	$(PY) -m tests.load_test
