#!/bin/sh
# run.sh SERAI BUILD_DIR -- the end-to-end tests of the web application: a
# real server on a fresh demo database, serving BUILD_DIR/web, driven by
# Debian's chromium through playwright-core.  Exits non-zero on any failure.
#
# playwright-core is the exact version pinned by package.json and
# package-lock.json beside this script, installed with `npm ci` into
# BUILD_DIR/e2e-node (never into the source tree) once per change of the
# lock file; it never downloads a browser: the tests drive /usr/bin/chromium
# (scripts/bootstrap installs it).  Screenshots go to BUILD_DIR/e2e-screenshots.
#
# Environment: SERAI_E2E_CHROMIUM (the browser, default /usr/bin/chromium),
# SERAI_E2E_ONLY (run only the specs whose file name contains it).
set -eu

if [ $# -ne 2 ]; then
    echo "usage: run.sh SERAI BUILD_DIR" >&2
    exit 2
fi
serai=$1
build=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
tool=$build/e2e-node
web=$build/web
shots=$build/e2e-screenshots
chromium=${SERAI_E2E_CHROMIUM:-/usr/bin/chromium}

fail() {
    echo "e2e: $*" >&2
    exit 1
}

command -v node >/dev/null 2>&1 ||
    fail "node is not installed (scripts/bootstrap installs nodejs and npm)"
command -v curl >/dev/null 2>&1 ||
    fail "curl is not installed (scripts/bootstrap installs it)"
[ -x "$chromium" ] ||
    fail "$chromium is missing (scripts/bootstrap installs Debian's chromium)"
[ -f "$web/index.html" ] ||
    fail "$web/index.html is missing: build the web application first (make)"

mkdir -p "$tool"
# Two test runs on one build tree would otherwise reinstall node_modules
# under each other's feet.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$tool/lock"
    flock 9
fi
# A copy of the lock file is kept only after a complete install, so an
# interrupted install is redone rather than trusted.
if [ ! -f "$tool/node_modules/playwright-core/package.json" ] ||
    ! cmp -s "$here/package-lock.json" "$tool/installed.lock" ||
    ! cmp -s "$here/package.json" "$tool/installed.json"; then
    command -v npm >/dev/null 2>&1 ||
        fail "npm is not installed (scripts/bootstrap installs it)"
    rm -f "$tool/installed.lock" "$tool/installed.json"
    cp "$here/package.json" "$here/package-lock.json" "$tool/"
    echo "e2e: installing playwright-core with npm ci into $tool" >&2
    if ! (cd "$tool" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
            npm ci --ignore-scripts --no-audit --no-fund --prefer-offline \
            --loglevel=error --fetch-retries=2 \
            --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=10000) \
            >"$tool/npm-ci.log" 2>&1; then
        tail -n 20 "$tool/npm-ci.log" >&2
        fail "npm ci failed, so playwright-core could not be installed; is" \
             "the npm registry ($(npm config get registry 2>/dev/null))" \
             "reachable? Full log: $tool/npm-ci.log"
    fi
    cp "$here/package-lock.json" "$tool/installed.lock"
    cp "$here/package.json" "$tool/installed.json"
fi
# The lock is held only for the install; the rest runs in a private directory.
exec 9>&-

work=$(mktemp -d "${TMPDIR:-/tmp}/serai-e2e.XXXXXX")
server=
cleanup() {
    if [ -n "$server" ]; then
        kill -KILL "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

"$serai" demo --db "$work/demo.db" --json >"$work/demo.json" 2>"$work/demo.err" ||
    fail "serai demo failed: $(cat "$work/demo.err")"

# Port 0: the system picks a free loopback port and the server says which.
"$serai" serve --db "$work/demo.db" --listen 127.0.0.1:0 --threads 4 \
    --web "$web" >"$work/serve.out" 2>"$work/serve.err" &
server=$!
port=
tries=300
while [ "$tries" -gt 0 ] && [ -z "$port" ]; do
    kill -0 "$server" 2>/dev/null ||
        fail "the server stopped: $(cat "$work/serve.err")"
    port=$(sed -n 's|^serai: serving on http://127\.0\.0\.1:\([0-9][0-9]*\) .*|\1|p' \
        "$work/serve.err")
    [ -n "$port" ] || sleep 0.1
    tries=$((tries - 1))
done
[ -n "$port" ] || fail "the server did not start in 30 s: $(cat "$work/serve.err")"
base=http://127.0.0.1:$port
tries=300
until curl -sf --max-time 2 -o /dev/null "$base/healthz"; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || fail "$base/healthz did not answer in 30 s"
    sleep 0.1
done

rm -rf "$shots"
mkdir -p "$shots"
status=0
SERAI_E2E_BASE=$base SERAI_E2E_ACCOUNTS=$work/demo.json \
SERAI_E2E_NODE=$tool SERAI_E2E_SCREENSHOTS=$shots \
SERAI_E2E_CHROMIUM=$chromium SERAI_E2E_PROFILE=$work/profile \
    node "$here/run.mjs" || status=$?

# A clean stop is part of the test: SIGTERM, then at most 30 s.
kill -TERM "$server"
tries=300
while kill -0 "$server" 2>/dev/null && [ "$tries" -gt 0 ]; do
    sleep 0.1
    tries=$((tries - 1))
done
if kill -0 "$server" 2>/dev/null; then
    echo "e2e: the server did not stop within 30 s of SIGTERM" >&2
    kill -KILL "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    status=1
else
    wait "$server" || {
        echo "e2e: the server exited with status $? after SIGTERM" >&2
        status=1
    }
fi
server=
if grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' "$work/serve.err"; then
    echo "e2e: sanitizer report from the server:" >&2
    cat "$work/serve.err" >&2
    status=1
fi
if [ "$status" -ne 0 ]; then
    echo "e2e: server log (last 40 lines):" >&2
    tail -n 40 "$work/serve.err" >&2
fi
exit "$status"
