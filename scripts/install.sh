#!/usr/bin/env bash
# make install: system libraries WeasyPrint and the PDF checks need (Debian, as root), then .venv with
# the locked dependencies: requirements-dev.lock (runtime and development: tests, browser tests, lint), or with
# --production (make install-production) requirements.lock only, what a server runs.
# Python >= 3.12: $PYTHON, else python3.13/3.12 on PATH, pyenv's, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
	"") lock=requirements-dev.lock ;;
	--production) lock=requirements.lock ;;
	*) echo "usage: scripts/install.sh [--production]"; exit 2 ;;
esac
scripts/need-packages.sh lib:libharfbuzz-subset=libharfbuzz-subset0 \
	"lib:libpango-1.0=libpango-1.0-0 libpangoft2-1.0-0" cmd:pdftoppm=poppler-utils cmd:gs=ghostscript
if [ -z "${PYTHON:-}" ]; then
	for candidate in python3.13 python3.12 "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3.1[23] python3; do
		if command -v "$candidate" >/dev/null 2>&1 &&
			"$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
			PYTHON=$candidate
			break
		fi
	done
fi
if [ -z "${PYTHON:-}" ]; then
	echo "akk-cms needs Python 3.12 or newer, and none was found."
	echo "Install one (e.g. 'pyenv install 3.13' or 'apt-get install python3.13') or set PYTHON=/path/to/python3.12."
	exit 1
fi
echo "Using $PYTHON ($("$PYTHON" --version))"
# The print master's FOGRA39 profile (not committed: generated here, see docs/pdf.md): about 20 s of CPU that
# needs no Python package, so it is made while pip downloads and unpacks.
scripts/build-print-profile.sh &
profile=$!
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r $lock
wait "$profile"
