#!/usr/bin/env bash
# The production topology on one machine, for trying it: two gunicorn app processes, one Celery
# worker (two processes), exactly one Celery beat, DEBUG off, against the local PostgreSQL and Redis;
# nginx in front on one port when nginx is installed. Everything runs as the current user, from this
# checkout's .venv, with its state in var/topology/ (pid files, logs, media, static, e-mails).
#
#   deploy/local-topology.sh up [--demo]   migrate, collect static files, start; --demo loads the
#                                          reference and demo data first (takes a few minutes)
#   deploy/local-topology.sh status        which processes run, and /healthz of each app process
#   deploy/local-topology.sh down          stop what `up` started (by its pid files, nothing else)
#
# Variables (defaults in brackets):
#   TOPOLOGY_DATABASE_URL  [postgres://postgres@127.0.0.1:5432/mosty_local]  created when missing
#   TOPOLOGY_REDIS_URL     [redis://127.0.0.1:6379/3]   cache, sessions and broker of this topology
#   TOPOLOGY_PORTS         ["8001 8002"]                one app process per port
#   TOPOLOGY_PROXY_PORT    [8080]                       nginx, when installed
#   TOPOLOGY_DIR           [var/topology]
# E-mails are written to $TOPOLOGY_DIR/mail (Django's file-based backend), not sent.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN="$ROOT/.venv/bin"
DATABASE_URL_LOCAL=${TOPOLOGY_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/mosty_local}
REDIS_URL_LOCAL=${TOPOLOGY_REDIS_URL:-redis://127.0.0.1:6379/3}
PORTS=${TOPOLOGY_PORTS:-8001 8002}
PROXY_PORT=${TOPOLOGY_PROXY_PORT:-8080}
DIR=${TOPOLOGY_DIR:-$ROOT/var/topology}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

say() { printf '%s\n' "$*"; }
die() { printf 'local-topology: %s\n' "$*" >&2; exit 1; }

environment() {
  [ -s "$DIR/secret_key" ] || head -c 48 /dev/urandom | base64 | tr -d '\n/+=' >"$DIR/secret_key"
  export DJANGO_SETTINGS_MODULE=mosty.settings
  export DJANGO_DEBUG=0
  DJANGO_SECRET_KEY=$(cat "$DIR/secret_key")
  export DJANGO_SECRET_KEY
  export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
  # Plain HTTP on loopback: no HTTPS redirect, no secure-only cookies, no proxy headers trusted.
  export DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 DJANGO_SECURE_HSTS_SECONDS=0
  export MOSTY_BEHIND_PROXY=0
  export MOSTY_SITE_URL="http://127.0.0.1:$PROXY_PORT"
  export MOSTY_VAR_DIR="$DIR/var" DJANGO_MEDIA_ROOT="$DIR/media" DJANGO_STATIC_ROOT="$DIR/static"
  export DATABASE_URL="$DATABASE_URL_LOCAL"
  export REDIS_URL="$REDIS_URL_LOCAL" CELERY_BROKER_URL="$REDIS_URL_LOCAL"
  export MOSTY_CACHE_PREFIX=mosty-local
  export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH="$DIR/mail"
  export PYTHONUNBUFFERED=1
}

services_ready() {
  "$BIN/python" - "$DATABASE_URL_LOCAL" "$REDIS_URL_LOCAL" <<'PY'
import sys

import psycopg
import redis
from psycopg import sql

database_url, redis_url = sys.argv[1], sys.argv[2]
base, name = database_url.rsplit("/", 1)
try:
    with psycopg.connect(base + "/postgres", connect_timeout=3, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")
except psycopg.Error as error:
    sys.exit(f"PostgreSQL is not reachable at {base}: {error}")
try:
    redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
except redis.RedisError as error:
    sys.exit(f"Redis is not reachable at {redis_url}: {error}")
PY
}

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_healthy() {
  local port=$1
  for _ in $(seq 1 240); do
    if "$BIN/python" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/healthz', timeout=3)" \
      2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  die "the app process on port $port did not become healthy; see $DIR/web-$port.log"
}

nginx_conf() {
  local servers=""
  for port in $PORTS; do servers+="        server 127.0.0.1:$port;"$'\n'; done
  mkdir -p "$DIR/nginx"
  cat >"$DIR/nginx.conf" <<CONF
# Written by deploy/local-topology.sh; the production file is deploy/nginx/mosty.conf.
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    access_log $DIR/nginx-access.log;
    client_body_temp_path $DIR/nginx/body;
    proxy_temp_path $DIR/nginx/proxy;
    fastcgi_temp_path $DIR/nginx/fastcgi;
    uwsgi_temp_path $DIR/nginx/uwsgi;
    scgi_temp_path $DIR/nginx/scgi;
    upstream mosty_app {
        least_conn;
$servers        keepalive 16;
    }
    server {
        listen 127.0.0.1:$PROXY_PORT;
        client_max_body_size 21m;
        gzip on;
        gzip_types text/plain text/css application/javascript application/json image/svg+xml;
        location /static/ { alias $DIR/static/; gzip_static on; expires 1y; }
        location /media/ { return 404; }
        location / {
            proxy_pass http://mosty_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_read_timeout 75s;
            proxy_next_upstream error timeout http_502 http_503;
        }
    }
}
CONF
}

up() {
  [ -x "$BIN/gunicorn" ] || die "no $BIN/gunicorn: run 'make install' first"
  environment
  services_ready || die "PostgreSQL and Redis must be running"
  mkdir -p "$DIR/mail" "$DIR/media" "$DIR/static" "$DIR/var"
  say "migrating $DATABASE_URL_LOCAL"
  "$BIN/python" manage.py migrate --noinput -v0
  "$BIN/python" manage.py collectstatic --noinput -v0
  if [ "${1:-}" = "--demo" ]; then
    "$BIN/python" manage.py load_reference_data
    "$BIN/python" manage.py load_demo_data
  fi
  for port in $PORTS; do
    if alive "$DIR/web-$port.pid"; then say "app process on $port already runs"; continue; fi
    "$BIN/gunicorn" mosty.wsgi:application --bind "127.0.0.1:$port" --workers 2 --timeout 60 \
      --daemon --pid "$DIR/web-$port.pid" --access-logfile "$DIR/web-$port.log" \
      --error-logfile "$DIR/web-$port.log"
  done
  if ! alive "$DIR/worker.pid"; then
    "$BIN/celery" -A mosty worker --detach --concurrency 2 --loglevel INFO --hostname "local@%h" \
      --without-gossip --without-mingle --pidfile "$DIR/worker.pid" --logfile "$DIR/worker.log"
  fi
  if ! alive "$DIR/beat.pid"; then  # exactly one scheduler
    "$BIN/celery" -A mosty beat --detach --loglevel INFO --schedule "$DIR/var/celerybeat-schedule" \
      --pidfile "$DIR/beat.pid" --logfile "$DIR/beat.log"
  fi
  for port in $PORTS; do wait_healthy "$port"; say "app process: http://127.0.0.1:$port/"; done
  if command -v nginx >/dev/null; then
    nginx_conf
    alive "$DIR/nginx.pid" || nginx -c "$DIR/nginx.conf" -p "$DIR/nginx" -e "$DIR/nginx-error.log"
    say "nginx in front of them: http://127.0.0.1:$PROXY_PORT/"
  else
    say "(nginx is not installed: no proxy in front; deploy/nginx/mosty.conf is the production one)"
  fi
  say "logs, pid files, media and e-mails: $DIR"
}

stop_pid() {
  local file=$1
  if alive "$file"; then
    local pid
    pid=$(cat "$file")
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
    say "stopped $(basename "$file" .pid) ($pid)"
  fi
  rm -f "$file"
}

down() {
  [ -s "$DIR/nginx.pid" ] && alive "$DIR/nginx.pid" && nginx -c "$DIR/nginx.conf" -p "$DIR/nginx" \
    -e "$DIR/nginx-error.log" -s quit && sleep 1
  rm -f "$DIR/nginx.pid"
  stop_pid "$DIR/beat.pid"
  stop_pid "$DIR/worker.pid"
  for port in $PORTS; do stop_pid "$DIR/web-$port.pid"; done
}

status() {
  local code=0
  for name in beat worker nginx; do
    if alive "$DIR/$name.pid"; then say "$name: running ($(cat "$DIR/$name.pid"))"; else say "$name: stopped"; fi
  done
  for port in $PORTS; do
    if alive "$DIR/web-$port.pid" && "$BIN/python" -c \
      "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/healthz', timeout=3)" 2>/dev/null; then
      say "app process on $port: healthy ($(cat "$DIR/web-$port.pid"))"
    else
      say "app process on $port: not running"; code=1
    fi
  done
  return $code
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  *) die "usage: $0 up [--demo] | status | down" ;;
esac
