#!/usr/bin/env bash
# The production stack on one machine, on PostgreSQL:
#   - trytond's WSGI application (trytond.application:app) under gunicorn,
#     several processes (the `trytond` command is a one-process development
#     server), with threads for the bus's long polling;
#   - one trytond-cron (scheduled actions: reminders, edXML exchange);
#   - trytond-worker processes for the queue (heavy jobs).
#
# Usage: setup/stack.sh start|stop|status
# Environment (defaults in brackets):
#   QLVB_DB [qlvb]            database (created and updated beforehand, see
#                             docs/administration.md)
#   QLVB_PORT [8000]          port on 127.0.0.1
#   QLVB_WEB_WORKERS [cores]  gunicorn processes
#   QLVB_WEB_THREADS [8]      threads a process (long polling holds one)
#   QLVB_QUEUE_WORKERS [1]    trytond-worker processes
#   QLVB_FILESTORE [var/]     where documents' files are kept
#   QLVB_STACK_DIR [var/stack-$QLVB_DB]   configuration, pids and logs
#   QLVB_UNACCENT_FUNCTION    [database] unaccent_function, where the
#                             database has it (accent-free search)
#   TRYTOND_DATABASE_URI [postgresql://postgres@127.0.0.1:5432/]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB=${QLVB_DB:-qlvb}
PORT=${QLVB_PORT:-8000}
WEB_WORKERS=${QLVB_WEB_WORKERS:-$(nproc)}
WEB_THREADS=${QLVB_WEB_THREADS:-8}
QUEUE_WORKERS=${QLVB_QUEUE_WORKERS:-1}
FILESTORE=${QLVB_FILESTORE:-$VAR}
DIR=${QLVB_STACK_DIR:-$VAR/stack-$DB}
URI=${TRYTOND_DATABASE_URI:-postgresql://postgres@127.0.0.1:5432/}
CONF="$DIR/trytond.conf"
PARTS=(web cron worker)

pid_of() { cat "$DIR/$1.pid" 2>/dev/null || true; }
alive() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

write_stack_config() {
    mkdir -p "$DIR" "$FILESTORE"
    cat > "$CONF" <<CONF
[database]
uri = $URI
path = $FILESTORE
retry = 20
${QLVB_UNACCENT_FUNCTION:+unaccent_function = $QLVB_UNACCENT_FUNCTION}

[web]
listen = 127.0.0.1:$PORT
root = $SAO

[session]
timeout = 36000

[password]
length = 8

# Jobs pushed to the queue run in trytond-worker, not in the web request.
[queue]
worker = True

# Notifications reach the web client through PostgreSQL's LISTEN/NOTIFY,
# whichever process sent them.
[bus]
allow_subscribe = True
CONF
}

answers() {
    "$PY" - "$PORT" <<'PY'
import sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(f'http://127.0.0.1:{sys.argv[1]}/', timeout=10)
except urllib.error.HTTPError:
    pass
except OSError:
    sys.exit(1)
PY
}

start() {
    [[ $URI == postgresql* ]] || die "the production stack runs on PostgreSQL (TRYTOND_DATABASE_URI=$URI)"
    for part in "${PARTS[@]}"; do
        alive "$part" && die "$part is already running (pid $(pid_of "$part")); run: $0 stop"
    done
    install_python
    [ -f "$SAO/.installed" ] || install_sao
    write_stack_config
    log "Starting the web application: $WEB_WORKERS processes × $WEB_THREADS threads on 127.0.0.1:$PORT"
    # PYTHONOPTIMIZE: trytond checks each row of a search result against
    # the whole result in an assert (docs/administration.md).
    env TRYTOND_CONFIG="$CONF" TRYTOND_DATABASE_NAMES="$DB" PYTHONOPTIMIZE=1 \
        "$VENV/bin/gunicorn" trytond.application:app \
        --bind "127.0.0.1:$PORT" --workers "$WEB_WORKERS" \
        --worker-class gthread --threads "$WEB_THREADS" \
        --timeout 120 --graceful-timeout 30 --no-control-socket --capture-output \
        --pid "$DIR/web.pid" --error-logfile "$DIR/web.log" --daemon
    log "Starting trytond-cron and $QUEUE_WORKERS trytond-worker"
    setsid "$VENV/bin/trytond-cron" -c "$CONF" -d "$DB" -n 1 \
        >>"$DIR/cron.log" 2>&1 < /dev/null &
    echo $! > "$DIR/cron.pid"
    setsid env PYTHONOPTIMIZE=1 "$VENV/bin/trytond-worker" -c "$CONF" \
        -d "$DB" -n "$QUEUE_WORKERS" >>"$DIR/worker.log" 2>&1 < /dev/null &
    echo $! > "$DIR/worker.pid"
    # Each process loads the database's modules before it answers.
    for _ in $(seq 180); do
        answers && break
        # gunicorn stops when its processes cannot load the application.
        [ -f "$DIR/web.pid" ] && ! alive web && break
        sleep 1
    done
    answers || { tail -30 "$DIR/web.log" >&2; die "the web application does not answer, see $DIR/web.log"; }
    for part in cron worker; do
        alive "$part" || { tail -30 "$DIR/$part.log" >&2; die "$part stopped, see $DIR/$part.log"; }
    done
    log "Running: http://127.0.0.1:$PORT/ (database $DB); logs in $DIR"
}

stop() {
    local part pid
    for part in "${PARTS[@]}"; do
        pid=$(pid_of "$part")
        [ -n "$pid" ] || continue
        if kill -0 "$pid" 2>/dev/null; then
            # cron and worker lead their own process group (setsid): stop
            # their pool processes with them.
            if [ "$part" = web ]; then kill -TERM "$pid"
            else kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"; fi
            for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
            if kill -0 "$pid" 2>/dev/null; then
                kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
        rm -f "$DIR/$part.pid"
        log "Stopped $part"
    done
}

status() {
    local part rc=0
    for part in "${PARTS[@]}"; do
        if alive "$part"; then echo "$part: running (pid $(pid_of "$part"))"
        else echo "$part: stopped"; rc=3; fi
    done
    return $rc
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) die "usage: $0 start|stop|status (see the top of this file)" ;;
esac
