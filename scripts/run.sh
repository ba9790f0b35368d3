#!/usr/bin/env bash
# Web server, one Celery worker and Celery beat together; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
mkdir -p var/log
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

.venv/bin/celery -A config.celery worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A config.celery beat --loglevel=INFO --pidfile= >var/log/beat.log 2>&1 &
pids+=($!)

cat <<MSG

  Peerfolio is running on http://${HOST}:${PORT}/
  Demo logins: demo@peerfolio.localhost / peerfolio-demo (a researcher)
               curator@peerfolio.localhost / peerfolio-curator (curator tools, /admin/)
  Worker and beat logs: var/log/worker.log, var/log/beat.log. Ctrl-C stops everything.

MSG
$PY manage.py runserver "${HOST}:${PORT}"
