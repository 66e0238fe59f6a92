#!/bin/sh
# lint.sh SERAI BUILD_DIR -- lint the OpenAPI document that `SERAI openapi`
# prints with Redocly's recommended ruleset; exit non-zero on any error or
# warning.
#
# The linter is the exact version pinned by package.json and
# package-lock.json beside this script.  It is installed with `npm ci` into
# BUILD_DIR/openapi-lint (never into the source tree), once per change of
# the lock file; later runs reuse it.  When npm cannot install it -- no npm,
# or no way to reach the npm registry -- the test fails and says so: a lint
# that did not run has not passed.
set -eu

if [ $# -ne 2 ]; then
    echo "usage: lint.sh SERAI BUILD_DIR" >&2
    exit 2
fi
serai=$1
here=$(cd "$(dirname "$0")" && pwd)
tool=$2/openapi-lint
redocly=$tool/node_modules/.bin/redocly

fail() {
    echo "openapi/lint: $*" >&2
    exit 1
}

command -v node >/dev/null 2>&1 ||
    fail "node is not installed (scripts/bootstrap installs nodejs and npm)"

mkdir -p "$tool"
# Two test runs on one build tree (two people, or two ctest processes)
# would otherwise reinstall node_modules under each other's feet.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$tool/lock"
    flock 9
fi
# A copy of the lock file is kept only after a complete install, so an
# interrupted install is redone rather than trusted.
if [ ! -x "$redocly" ] ||
    ! cmp -s "$here/package-lock.json" "$tool/installed.lock" ||
    ! cmp -s "$here/package.json" "$tool/installed.json"; then
    command -v npm >/dev/null 2>&1 ||
        fail "npm is not installed (scripts/bootstrap installs it)"
    rm -f "$tool/installed.lock" "$tool/installed.json"
    cp "$here/package.json" "$here/package-lock.json" "$tool/"
    echo "openapi/lint: installing the linter with npm ci into $tool" >&2
    if ! (cd "$tool" && npm ci --ignore-scripts --no-audit --no-fund \
            --loglevel=error --fetch-retries=2 \
            --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=10000) \
            >"$tool/npm-ci.log" 2>&1; then
        tail -n 20 "$tool/npm-ci.log" >&2
        fail "npm ci failed, so the linter could not be installed; is the" \
             "npm registry ($(npm config get registry 2>/dev/null))" \
             "reachable? Full log: $tool/npm-ci.log"
    fi
    cp "$here/package-lock.json" "$tool/installed.lock"
    cp "$here/package.json" "$tool/installed.json"
fi

doc=$tool/openapi.json
"$serai" openapi >"$doc" || fail "\`$serai openapi\` failed"

# No telemetry and no update check: the linter talks to no one.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
status=0
"$redocly" lint --config "$here/redocly.yaml" --format json "$doc" \
    >"$tool/lint.json" 2>"$tool/lint.err" || status=$?

# Print every problem, and fail on errors and warnings alike.
node - "$tool/lint.json" "$status" <<'JS' || { cat "$tool/lint.err" >&2; exit 1; }
const fs = require('fs');
const [file, status] = process.argv.slice(2);
let report;
try {
  report = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`openapi/lint: the linter gave no report (exit ${status})`);
  process.exit(1);
}
for (const p of report.problems) {
  const where = (p.location || []).map((l) => l.pointer).join(', ');
  console.error(`${p.severity} ${p.ruleId}: ${p.message} at ${where}`);
}
const t = report.totals;
console.error(`openapi/lint: ${t.errors} errors, ${t.warnings} warnings ` +
              `(redocly ${report.version}, exit ${status})`);
process.exit(t.errors === 0 && t.warnings === 0 && status === '0' ? 0 : 1);
JS
