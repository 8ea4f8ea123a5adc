#!/usr/bin/env bash
# Demo command: install everything into the checkout, create the demo
# database with Binh Thuan's organisation and a month of its work (the
# living demo, qlvb_demo.month), start the web client on
# http://127.0.0.1:8000. A second run reuses what is there.
#
#   bash setup/demo.sh              # SQLite var/qlvb_demo.sqlite, then serve
#   bash setup/demo.sh --no-serve   # build only (or QLVB_DEMO_SERVE=0)
#   TRYTOND_DATABASE_URI=postgresql://user@host:5432/ bash setup/demo.sh
#                                   # the same demo on PostgreSQL
#   QLVB_DEMO_MONTH=0               # the organisation only, no month
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB=${QLVB_DEMO_DB:-qlvb_demo}
MODULES="qlvb_dieuhanh kiem_tra_cong_vu"
SERVE=${QLVB_DEMO_SERVE:-1}
for arg in "$@"; do
    case $arg in
        --no-serve) SERVE=0 ;;
        *) die "unknown option $arg (use --no-serve)" ;;
    esac
done
URI=${TRYTOND_DATABASE_URI:-sqlite://}
case $URI in
    sqlite*|postgresql*) ;;
    *) die "TRYTOND_DATABASE_URI must be sqlite:// or postgresql://..." ;;
esac

install_python
install_fonts
install_ocr
install_libreoffice
install_sao
CONF=$(write_config "$URI" demo.conf)
ADMIN=("$VENV/bin/trytond-admin" -c "$CONF" -d "$DB")
key=$(fingerprint setup/lib.sh $(cd "$ROOT" && git ls-files addons 2>/dev/null \
    || find addons -type f -not -path '*/__pycache__/*' | sort))

# The database: a file for SQLite, a database of the server for
# PostgreSQL (created here, dropped again when its creation fails).
pg() { "$PY" - "$URI" "$DB" "$1" <<'PY'
import sys
import psycopg
uri, db, action = sys.argv[1:]
with psycopg.connect(uri.rstrip('/') + '/postgres', autocommit=True) as conn:
    if action == 'exists':
        sys.exit(0 if conn.execute('SELECT 1 FROM pg_database '
            'WHERE datname = %s', [db]).fetchone() else 1)
    elif action == 'create':
        conn.execute(f'CREATE DATABASE "{db}" TEMPLATE template0 '
            "ENCODING 'unicode'")
    elif action == 'drop':
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
PY
}
db_exists() {
    case $URI in
        sqlite*) [ -f "$VAR/$DB.sqlite" ] ;;
        *) pg exists && [ -f "$VAR/$DB.installed" ] ;;
    esac
}
db_create() {
    case $URI in
        sqlite*) touch "$VAR/$DB.sqlite.new"
            mv "$VAR/$DB.sqlite.new" "$VAR/$DB.sqlite" ;;
        *) pg drop && pg create ;;
    esac
}
db_drop() {
    case $URI in
        sqlite*) rm -f "$VAR/$DB.sqlite" ;;
        *) pg drop ;;
    esac
    rm -rf "${VAR:?}/$DB" "$VAR/$DB.installed"
}

if ! db_exists; then
    log "Creating the demo database $DB ($URI)"
    pass=$(mktemp)
    "$PY" -m qlvb_demo --password > "$pass"
    db_create || die "cannot create the database $DB"
    if ! TRYTONPASSFILE="$pass" "${ADMIN[@]}" --all --email admin@example.org \
            -vv >"$VAR/demo-init.log" 2>&1 \
        || ! "${ADMIN[@]}" -u $MODULES --activate-dependencies -l vi \
            >>"$VAR/demo-init.log" 2>&1 \
        || ! "$PY" -m qlvb_demo -c "$CONF" \
            -d "$DB" >>"$VAR/demo-init.log" 2>&1; then
        db_drop
        rm -f "$pass"
        tail -30 "$VAR/demo-init.log" >&2
        die "creating the demo database failed (log: $VAR/demo-init.log)"
    fi
    rm -f "$pass"
    if [ "${QLVB_DEMO_MONTH:-1}" != 0 ]; then
        log "Playing a month of the province's work (a few minutes)"
        if ! "$PY" -m qlvb_demo.month -c "$CONF" -d "$DB" \
                >>"$VAR/demo-init.log" 2>&1; then
            db_drop
            tail -30 "$VAR/demo-init.log" >&2
            die "playing the month failed (log: $VAR/demo-init.log)"
        fi
        tail -1 "$VAR/demo-init.log" >&2
    fi
    echo "$key" > "$VAR/$DB.installed"
elif [ "$(cat "$VAR/$DB.installed" 2>/dev/null)" != "$key" ]; then
    log "Updating the demo database to the current modules"
    "${ADMIN[@]}" --all -l vi >"$VAR/demo-update.log" 2>&1 \
        || { tail -30 "$VAR/demo-update.log" >&2; die "update failed"; }
    echo "$key" > "$VAR/$DB.installed"
fi

cat <<MSG

  Phần mềm Quản lý văn bản và Điều hành — demo
  Web client: http://127.0.0.1:${QLVB_PORT:-8000}/  (database: $DB)
MSG
"$PY" -m qlvb_demo --logins
if [ "$SERVE" = 0 ]; then
    echo "  Built; not serving (--no-serve). Serve it with:"
    echo "  $VENV/bin/trytond -c $CONF -d $DB"
    exit 0
fi
echo "  Stop with Ctrl+C."
# Preload the database: trytond 8.0 does not load a pool on first login
# when the in-memory cache touched it first.
exec "$VENV/bin/trytond" -c "$CONF" -d "$DB"
