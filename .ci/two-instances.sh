#!/usr/bin/env bash
# The deployment of docs/deployment.md on one machine: two gunicorn instances and the task
# worker on the PostgreSQL and Redis that .ci/run started (DATABASE_URL, CACHE_URL), with the
# production settings; tests/deployment publishes through one instance and reads from the other.
# Usage: eval "$(.ci/postgres.sh start)"; eval "$(.ci/redis.sh start)"; .ci/two-instances.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?Start PostgreSQL first: eval \"\$(.ci/postgres.sh start)\"}"
: "${CACHE_URL:?Start Redis first: eval \"\$(.ci/redis.sh start)\"}"

PORT_A=${PORT_A:-58101}
PORT_B=${PORT_B:-58102}
BIN=.venv/bin
WORK=$(mktemp -d /tmp/portal-ci-two.XXXXXX)
ADMIN_PASSWORD=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
pids=()

stop_all() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap stop_all EXIT

# What both instances and the worker share besides the database and the cache: the media
# folders (on two machines, a shared disk or object storage).
export DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=ci-two-instances \
    ALLOWED_HOSTS=127.0.0.1 STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media" \
    PRIVATE_MEDIA_ROOT="$WORK/private"

# The static files (compressed, hashed: most of the set-up's time) are collected meanwhile.
$BIN/python manage.py collectstatic --noinput >/dev/null &
collecting=$!
pids+=("$collecting")
$BIN/python manage.py migrate --noinput >/dev/null
DJANGO_SUPERUSER_PASSWORD="$ADMIN_PASSWORD" $BIN/python manage.py createsuperuser \
    --noinput --username ci-admin --email ci-admin@example.org >/dev/null
$BIN/python manage.py shell -c "from tests.deployment.seed import seed; seed()" >/dev/null
wait "$collecting"

# Started straight from this shell, so that each PID is the server's own and stops it.
for port in "$PORT_A" "$PORT_B"; do
    $BIN/gunicorn config.wsgi:application --workers 2 --bind "127.0.0.1:$port" \
        >"$WORK/gunicorn-$port.log" 2>&1 &
    pids+=($!)
done
$BIN/python manage.py db_worker --no-reload >"$WORK/worker.log" 2>&1 &
pids+=($!)

for port in "$PORT_A" "$PORT_B"; do
    for _ in $(seq 100); do
        curl -fso /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$port/" && break
        sleep 0.2
    done
done

DJANGO_SETTINGS_MODULE=config.settings.test \
    PORTAL_TWO_INSTANCES="http://127.0.0.1:$PORT_A http://127.0.0.1:$PORT_B" \
    PORTAL_ADMIN="ci-admin:$ADMIN_PASSWORD" \
    $BIN/python -m pytest tests/deployment -q -p no:cacheprovider -s || {
    tail -n 40 "$WORK"/gunicorn-*.log "$WORK/worker.log" >&2
    exit 1
}
echo "two-instance stage: ${SECONDS} s" >&2
