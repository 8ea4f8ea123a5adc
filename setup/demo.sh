#!/usr/bin/env bash
# Demo command: install everything into the checkout, create the SQLite demo
# database with Binh Thuan's organisation, start the web client on
# http://127.0.0.1:8000. A second run reuses what is there.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB=${QLVB_DEMO_DB:-qlvb_demo}
MODULES="qlvb_dieuhanh kiem_tra_cong_vu"

install_python
install_fonts
install_ocr
install_libreoffice
install_sao
CONF=$(write_config sqlite:// demo.conf)
ADMIN=("$VENV/bin/trytond-admin" -c "$CONF" -d "$DB")
key=$(fingerprint setup/lib.sh $(cd "$ROOT" && git ls-files addons 2>/dev/null \
    || find addons -type f -not -path '*/__pycache__/*' | sort))

if [ ! -f "$VAR/$DB.sqlite" ]; then
    log "Creating the demo database $VAR/$DB.sqlite"
    pass=$(mktemp)
    "$PY" -m qlvb_demo --password > "$pass"
    touch "$VAR/$DB.sqlite.new"
    mv "$VAR/$DB.sqlite.new" "$VAR/$DB.sqlite"
    if ! TRYTONPASSFILE="$pass" "${ADMIN[@]}" --all --email admin@example.org \
            -vv >"$VAR/demo-init.log" 2>&1 \
        || ! "${ADMIN[@]}" -u $MODULES --activate-dependencies -l vi \
            >>"$VAR/demo-init.log" 2>&1 \
        || ! "$PY" -m qlvb_demo -c "$CONF" \
            -d "$DB" >>"$VAR/demo-init.log" 2>&1; then
        rm -f "$VAR/$DB.sqlite" "$pass"
        tail -30 "$VAR/demo-init.log" >&2
        die "creating the demo database failed (log: $VAR/demo-init.log)"
    fi
    rm -f "$pass"
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
echo "  Stop with Ctrl+C."
# Preload the database: trytond 8.0 does not load a pool on first login
# when the in-memory cache touched it first.
exec "$VENV/bin/trytond" -c "$CONF" -d "$DB"
