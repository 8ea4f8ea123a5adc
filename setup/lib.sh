# Shared steps of the demo and test commands; sourced, not run.
# Everything is installed inside the checkout: .venv (Python), .sao (web
# client). Each step is skipped when its inputs did not change.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"
SAO="$ROOT/.sao"
VAR="$ROOT/var"
SAO_VERSION="${SAO_VERSION:-8.0}"
PY="$VENV/bin/python"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

# A hash of the files that decide what an install step produces.
fingerprint() { (cd "$ROOT" && cat "$@" 2>/dev/null | sha256sum | cut -c1-16); }

# Run a command as root without ever prompting: a password prompt would
# hang CI and unattended runs. Fails (status 1) with what to do instead.
as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        printf '\033[31mERROR: root is needed to run: %s\n%s\033[0m\n' "$*" \
            "sudo is missing or asks for a password. Run that command as root
(or run \"sudo -v\" first so sudo does not ask), then run this again." >&2
        return 1
    fi
}

apt_install() {
    # Install Debian packages whose command is missing; $1.. = cmd:package.
    local missing=() pair
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
    done
    [ ${#missing[@]} = 0 ] && return 0
    command -v apt-get >/dev/null || die "please install: ${missing[*]}"
    log "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        "${missing[@]}" >/dev/null
}

install_python() {
    local key
    key=$(fingerprint setup/requirements.txt setup/constraints.txt \
        addons/*/pyproject.toml setup/demo/pyproject.toml)
    if [ -f "$VENV/.installed" ] && [ "$(cat "$VENV/.installed")" = "$key" ]
    then return 0; fi
    command -v python3 >/dev/null || die "python3 (3.11) is required"
    python3 -c 'import venv, ensurepip' 2>/dev/null \
        || apt_install python3-venv:python3-venv
    [ -x "$PY" ] || { log "Creating $VENV"; python3 -m venv "$VENV"; }
    log "Installing Python packages"
    "$PY" -m pip install -q --disable-pip-version-check \
        -r "$ROOT/setup/requirements.txt" -c "$ROOT/setup/constraints.txt" \
        -e "$ROOT/setup/demo" $(printf -- '-e %s ' "$ROOT"/addons/*/)
    echo "$key" > "$VENV/.installed"
}

install_fonts() {
    # Signature stamps embed Liberation Serif 2 (Times New Roman metrics,
    # with the Vietnamese glyphs the 1.x Debian fonts lack).
    [ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] \
        && return 0
    log "Installing fonts for signature stamps"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        fonts-liberation2 >/dev/null
}

install_ocr() {
    # Search inside scanned documents (qlvb_fulltext/extraction.py): a page
    # is rendered by pdftoppm and read by Tesseract's Vietnamese model.
    apt_install pdftoppm:poppler-utils tesseract:tesseract-ocr
    # The model has no command: asked for by a name no command has.
    tesseract --list-langs 2>/dev/null | grep -qx vie \
        || apt_install no-tesseract-vie:tesseract-ocr-vie
}

install_libreoffice() {
    # Drafts made from the ODT templates become PDF through LibreOffice.
    command -v soffice >/dev/null && return 0
    command -v apt-get >/dev/null || {
        log "LibreOffice is missing: drafts from templates stay ODT"
        return 0; }
    log "Installing LibreOffice Writer (templates to PDF)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends libreoffice-writer-nogui >/dev/null
}

install_sao() {
    local key
    key=$(fingerprint setup/lib.sh setup/sao/vi.po setup/sao_po2json.py \
        setup/sao/custom.js)
    if [ -f "$SAO/.installed" ] && [ "$(cat "$SAO/.installed")" = "$key" ]
    then return 0; fi
    apt_install npm:npm
    if [ ! -f "$SAO/index.html" ] || [ ! -d "$SAO/node_modules" ]; then
        log "Installing the web client (tryton-sao@$SAO_VERSION)"
        local tmp
        tmp=$(mktemp -d)
        (cd "$tmp" && npm pack -q "tryton-sao@$SAO_VERSION" >/dev/null \
            && tar xzf tryton-sao-*.tgz)
        rm -rf "$SAO" && mv "$tmp/package" "$SAO" && rm -rf "$tmp"
        (cd "$SAO" && npm install -q --omit=dev --legacy-peer-deps \
            --no-audit --no-fund >/dev/null)
    fi
    log "Building the web client's Vietnamese strings"
    python3 "$ROOT/setup/sao_po2json.py" "$ROOT/setup/sao/vi.po" \
        "$SAO/locale/vi.json"
    # The product's changes (setup/sao/custom.js: title, Vietnamese as the
    # language whatever the browser's) go through sao's custom.js hook; the
    # page itself is Vietnamese and named after the product before they run.
    cp "$ROOT/setup/sao/custom.js" "$SAO/custom.js"
    sed -i -e 's|<html \(.*\)lang="en"|<html \1lang="vi"|' \
        -e 's|<title>Tryton</title>|<title>Quản lý văn bản và điều hành</title>|' \
        -e 's|<span id="title">Tryton</span>|<span id="title">Quản lý văn bản và điều hành</span>|' \
        "$SAO/index.html"
    grep -q '<title>Quản lý văn bản' "$SAO/index.html" \
        || die "sao's index.html changed: update install_sao's patch"
    echo "$key" > "$SAO/.installed"
}

# Write a trytond configuration for a database URI into $VAR/$2.
write_config() {
    local uri=$1 name=$2
    mkdir -p "$VAR"
    cat > "$VAR/$name" <<CONF
[database]
uri = $uri
path = $VAR
# Let conflicting requests retry longer under load rather than answer
# "service unavailable".
retry = 20

[web]
listen = 127.0.0.1:${QLVB_PORT:-8000}
root = $SAO

[session]
timeout = 36000

[password]
length = 8

# The bell and the discussions update live (long polling).
[bus]
allow_subscribe = True
CONF
    echo "$VAR/$name"
}
