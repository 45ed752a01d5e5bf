#!/usr/bin/env bash
# The production stack on http://127.0.0.1:8000 (DEBUG=false): gunicorn with deploy/gunicorn.conf.py,
# static files collected and served by WhiteNoise, and the task worker. Settings from the environment
# win; the SECRET_KEY is made once and kept in var/secret_key.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
mkdir -p var
[ -s var/secret_key ] || $PY -c "import secrets; print(secrets.token_urlsafe(64))" >var/secret_key
export DEBUG=false TASKS_BACKEND=db SECRET_KEY="${SECRET_KEY:-$(cat var/secret_key)}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}" SITE_URL="${SITE_URL:-http://127.0.0.1:8000}"
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}" BEHIND_PROXY="${BEHIND_PROXY:-false}"
$PY manage.py collectstatic --no-input -v0
$PY manage.py pdf_worker --no-reload --no-startup-delay &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker' EXIT
echo "  Website: http://${GUNICORN_BIND:-127.0.0.1:8000}/  (gunicorn + task worker, DEBUG=false; Ctrl+C stops both)"
.venv/bin/gunicorn --config deploy/gunicorn.conf.py --no-control-socket
