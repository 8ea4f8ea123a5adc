#!/usr/bin/env bash
# Test command: the whole suite on PostgreSQL (TRYTOND_DATABASE_URI, default
# postgresql://postgres@127.0.0.1:5432/). QLVB_TEST_BACKEND=sqlite runs the
# module tests on SQLite instead. Extra arguments go to pytest.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install_python
install_fonts
install_libreoffice
BACKEND=${QLVB_TEST_BACKEND:-postgresql}
OUT="$ROOT/test-output"
mkdir -p "$OUT"
export QLVB_TEST_OUTPUT="$OUT"

if [ "$BACKEND" = sqlite ]; then
    export TRYTOND_DATABASE_URI=sqlite:// DB_NAME=:memory:
    unset DB_CACHE
    set -- -m "not browser and not postgresql" "$@"
else
    export TRYTOND_DATABASE_URI=${TRYTOND_DATABASE_URI:-postgresql://postgres@127.0.0.1:5432/}
    pg_ready() { "$PY" "$ROOT/setup/pg.py" ping 2>/dev/null; }
    if ! pg_ready; then
        if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql/*/main \
                >/dev/null 2>&1; then
            log "PostgreSQL does not answer: starting the local cluster"
            as_root pg_ctlcluster --skip-systemctl-redirect \
                "$(ls /etc/postgresql | tail -1)" main start || true
            for _ in $(seq 20); do pg_ready && break; sleep 1; done
        fi
        pg_ready || die "no PostgreSQL server answers at $TRYTOND_DATABASE_URI.
Install one (apt-get install postgresql) or point TRYTOND_DATABASE_URI
at a server whose role may create databases, then run this command again."
    fi
    export DB_NAME=${DB_NAME:-test_qlvb_$$}
    # Template databases cut activation time; their key ignores code
    # changes, so drop them whenever the modules change.
    export DB_CACHE=${DB_CACHE:-postgresql://}
    "$PY" "$ROOT/setup/pg.py" cache-key "$(fingerprint $(cd "$ROOT" && \
        find addons -type f -not -path '*/__pycache__/*' | sort))"
    trap '"$PY" "$ROOT/setup/pg.py" drop "$DB_NAME" || true' EXIT
    apt_install chromium:chromium chromedriver:chromium-driver
    install_sao
fi

log "Running the test suite on $BACKEND"
cd "$ROOT"
set +e
"$PY" -m pytest "$@"
rc=$?
set -e
# pytest exits 5 when it collected nothing: that is a failure here too.
exit $rc
