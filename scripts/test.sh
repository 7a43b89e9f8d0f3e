#!/usr/bin/env bash
# The whole test suite, with everything it needs set up first:
# PostgreSQL running, the official stripe Python library for the interop test,
# Chromium for the web UI test,
# then fmt, clippy and the tests of every crate. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "PostgreSQL (tests create their own databases)"
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "PostgreSQL is not answering on 127.0.0.1:5432; starting it"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432
export PAYDESK_TEST_PG_URL="${PAYDESK_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

step "Python with the official stripe library (signature interop test)"
venv=target/pyenv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import stripe' 2>/dev/null; then
    mkdir -p target
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'stripe>=16,<17'
fi
export PAYDESK_PYTHON="$PWD/$venv/bin/python"

step "Chromium for the web UI test"
if [ ! -x /usr/bin/chromium ]; then
    echo "installing Debian's chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends chromium >/dev/null ||
        { apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null; }
fi
/usr/bin/chromium --version
export PAYDESK_REQUIRE_BROWSER=1

step "Format"
cargo fmt --all -- --check

step "Lints"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "Tests"
cargo test --workspace --quiet 2>&1 | tee target/test.log
passed=$(grep -Eo '[0-9]+ passed' target/test.log | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' target/test.log | awk '{s+=$1} END {print s+0}')
echo "$passed passed, $failed failed"
