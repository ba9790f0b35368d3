#!/usr/bin/env bash
# Web server, one Celery worker and Celery beat together; Ctrl-C stops all three.
# `scripts/run.sh` (make run) serves like production: gunicorn, WEB_CONCURRENCY sync
# workers, static files collected and served by WhiteNoise. `scripts/run.sh dev`
# (make dev) runs Django's auto-reloading development server instead.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
MODE=${1:-serve}
mkdir -p var/log
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

if [ "$MODE" != dev ]; then
  # Served as in production (DEBUG off: the site's own error pages, no debug details, cached
  # templates), but over plain HTTP on this machine: no HTTPS redirect, HSTS or HTTPS-only
  # cookies unless they are set. The key is the one made on first run (var/secret_key).
  export DEBUG=${DEBUG:-false}
  if [ "$DEBUG" = false ]; then
    export SECRET_KEY=${SECRET_KEY:-$(cat var/secret_key)}
    export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-false} SECURE_HSTS_SECONDS=${SECURE_HSTS_SECONDS:-0}
    export SESSION_COOKIE_SECURE=${SESSION_COOKIE_SECURE:-false} CSRF_COOKIE_SECURE=${CSRF_COOKIE_SECURE:-false}
    export SECURE_PROXY_SSL_HEADER=${SECURE_PROXY_SSL_HEADER:-none}
  fi
fi

.venv/bin/celery -A config.celery worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A config.celery beat --loglevel=INFO --pidfile= >var/log/beat.log 2>&1 &
pids+=($!)

if [ "$MODE" = dev ]; then
  server="Django's development server (reloads on code changes)"
else
  export WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
  server="gunicorn, ${WEB_CONCURRENCY} workers; access log var/log/access.log"
  $PY manage.py collectstatic --noinput --verbosity 0
fi

cat <<MSG

  Peerfolio is running on http://${HOST}:${PORT}/ (${server})
  Demo logins: demo@peerfolio.localhost / peerfolio-demo (a researcher)
               curator@peerfolio.localhost / peerfolio-curator (curator tools, /admin/)
  Worker and beat logs: var/log/worker.log, var/log/beat.log. Ctrl-C stops everything.

MSG
if [ "$MODE" = dev ]; then
  $PY manage.py runserver "${HOST}:${PORT}"
else
  # Sync workers serve one request each, so a kept connection per worker is bounded by
  # WEB_CONCURRENCY (a threaded server keeps none: DB_CONN_MAX_AGE defaults to 0).
  DB_CONN_MAX_AGE=${DB_CONN_MAX_AGE:-60} .venv/bin/gunicorn config.wsgi:application \
    --bind "${HOST}:${PORT}" --workers "${WEB_CONCURRENCY}" --timeout 60 \
    --access-logfile var/log/access.log
fi
