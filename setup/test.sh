#!/usr/bin/env bash
# Test command: the whole suite on PostgreSQL (TRYTOND_DATABASE_URI, default
# postgresql://postgres@127.0.0.1:5432/). QLVB_TEST_BACKEND=sqlite runs the
# module tests on SQLite instead. Extra arguments go to pytest.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install_python
install_fonts
install_ocr
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
    # pg.py ping: 0 ready, 1 nothing answers, 2 the server answered but
    # refused: waiting cannot help then, so stop at once with its reason.
    pg_ready() {
        local rc=0
        "$PY" "$ROOT/setup/pg.py" ping 2>"$OUT/pg-ping.log" || rc=$?
        [ $rc != 2 ] || die "$(cat "$OUT/pg-ping.log")"
        return $rc
    }
    if ! pg_ready; then
        if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql/*/main \
                >/dev/null 2>&1; then
            log "PostgreSQL does not answer: starting the local cluster"
            as_root pg_ctlcluster --skip-systemctl-redirect \
                "$(ls /etc/postgresql | tail -1)" main start || true
            for _ in $(seq 20); do pg_ready && break; sleep 1; done
        fi
        pg_ready || die "$(cat "$OUT/pg-ping.log")
Install a server (apt-get install postgresql) or point TRYTOND_DATABASE_URI
at a server whose role may create databases, then run this command again."
    fi
    # One database per run (and the eDXML scenario's <name>_peer), named
    # after this shell's pid so that the next run can drop them if this one
    # is killed (pg.py clean).
    export DB_NAME=${DB_NAME:-test_qlvb_$$}
    # Template databases cut activation time. trytond keys them on module
    # lists only: pg.py names them after this key too (code and packages)
    # and drops those of old code, and databases of runs that died.
    export DB_CACHE=${DB_CACHE:-postgresql://}
    export QLVB_CACHE_KEY
    QLVB_CACHE_KEY=$(fingerprint setup/requirements.txt setup/constraints.txt \
        $(cd "$ROOT" && find addons setup/demo -type f \
            -not -path '*/__pycache__/*' -not -path '*.egg-info/*' | sort))
    "$PY" "$ROOT/setup/pg.py" clean "$QLVB_CACHE_KEY"
    trap '"$PY" "$ROOT/setup/pg.py" drop "$DB_NAME" "${DB_NAME}_peer" || true' EXIT
    apt_install chromium:chromium chromedriver:chromium-driver
    install_sao
fi

log "Running the test suite on $BACKEND"
cd "$ROOT"
set +e
# Independent groups of tests (see conftest.py) run in parallel, one
# worker a core unless QLVB_TEST_WORKERS says otherwise.
"$PY" -m pytest -n "${QLVB_TEST_WORKERS:-auto}" --dist loadgroup "$@"
rc=$?
set -e
# pytest exits 5 when it collected nothing: that is a failure here too.
exit $rc
