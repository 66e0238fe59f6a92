#!/bin/sh
# serve-web: `serai serve --web DIR` serves the web application at / beside
# the API: content types, cache headers (immutable for assets/, revalidated
# for the rest, ETag and 304), index.html for client-side routes, 404 for a
# missing file with an extension and for every way out of DIR (.., %2e%2e,
# %00, backslash, hidden files, symbolic links), GET and HEAD only, and
# /api/ never falls back to the application.  Without --web it serves web/
# beside the program, or a page saying the application is not built.
# Needs curl.
. "$(dirname "$0")/lib.sh"
need_tool curl

mkdir -p web/assets web/sub outside
printf '<!doctype html><title>serai</title><div id="app"></div>\n' >web/index.html
printf 'console.log("app");\n' >web/assets/app-abc123.js
printf 'body{margin:0}\n' >web/assets/app-abc123.css
printf '{"name":"serai"}\n' >web/manifest.webmanifest
printf 'User-agent: *\n' >web/robots.txt
printf '<svg xmlns="http://www.w3.org/2000/svg"/>\n' >web/logo.svg
printf 'wOF2' >web/assets/font-1a2b.woff2
printf 'secret\n' >web/.env
printf 'outside\n' >outside/secret.txt
ln -s "$WORK/outside/secret.txt" web/assets/leak.txt
ln -s "$WORK/outside" web/out
ln -s app-abc123.js web/assets/alias.js

expect_exit 1 serai serve --listen 127.0.0.1:0 --web "$WORK/no-such-dir"
expect_stderr_contains "--web"

# start NAME ARGS...: start a server on a free port; sets $base.
start()
{
    _name=$1
    shift
    start_bg "$_name.out" "$_name.err" "$@" --listen 127.0.0.1:0 --threads 2
    server=$BG_PID
    wait_for_line "$_name.err" "serai: serving on http://127.0.0.1:" 30 ||
        fail "the server did not start: $(cat "$_name.err")"
    port=$(sed -n 's|^serai: serving on http://127\.0\.0\.1:\([0-9][0-9]*\) .*|\1|p' "$_name.err")
    base=http://127.0.0.1:$port
}

stop()
{
    kill -TERM "$server"
    wait_status "$server" 30
    expect_equal "$STATUS" 0 "exit status after SIGTERM"
    check_sanitizers "$1.err"
}

# get PATH [CURL ARGS...]: status in $code, headers in the file head, the
# body in the file body.
get()
{
    _path=$1
    shift
    : >body
    code=$(curl -sS --max-time 10 --path-as-is -D head -o body -w '%{http_code}' \
        "$@" "$base$_path") || fail "curl failed on $_path"
    tr -d '\r' <head >head.txt
    mv head.txt head
}

header()
{
    grep -i "^$1: " head | sed 's/^[^:]*: //' | tail -n 1
}

expect_file()
{
    get "$1"
    expect_equal "$code" 200 "status of GET $1"
    expect_equal "$(header content-type)" "$2" "Content-Type of $1"
    expect_equal "$(header cache-control)" "$3" "Cache-Control of $1"
}

expect_404()
{
    get "$1"
    expect_equal "$code" 404 "status of GET $1"
    expect_equal "$(header content-type)" "application/problem+json" \
        "Content-Type of the 404 for $1"
    grep -q -x -F 'outside' body && fail "GET $1 served a file outside the web directory"
    grep -q -x -F 'secret' body && fail "GET $1 served a hidden file"
    :
}

start web "$SERAI_BIN" serve --web "$WORK/web"
grep -q -F "web application from $WORK/web" web.err ||
    fail "the server does not say where the application is: $(cat web.err)"

immutable="public, max-age=31536000, immutable"
expect_file / "text/html; charset=utf-8" no-cache
grep -q -F '<div id="app">' body || fail "/ is not index.html: $(cat body)"
expect_file /index.html "text/html; charset=utf-8" no-cache
expect_file /assets/app-abc123.js "text/javascript; charset=utf-8" "$immutable"
expect_file /assets/app-abc123.css "text/css; charset=utf-8" "$immutable"
expect_file /assets/font-1a2b.woff2 "font/woff2" "$immutable"
expect_file /manifest.webmanifest "application/manifest+json; charset=utf-8" no-cache
expect_file /robots.txt "text/plain; charset=utf-8" no-cache
expect_file /logo.svg "image/svg+xml; charset=utf-8" no-cache
get /assets/app-abc123.js
grep -q -F 'console.log("app")' body || fail "the asset's bytes differ: $(cat body)"
expect_equal "$(header x-content-type-options)" nosniff "X-Content-Type-Options"
# A link that stays inside the directory is followed.
expect_file /assets/alias.js "text/javascript; charset=utf-8" "$immutable"

# Client-side routes get index.html, never cached.
for route in /login /calls/12 /sub /sub/ /deep/er/path; do
    expect_file "$route" "text/html; charset=utf-8" no-cache
    grep -q -F '<div id="app">' body || fail "$route is not index.html"
done
# ... but a file name with an extension is a missing file.
expect_404 /assets/app-missing.js
expect_404 /missing.png
expect_404 /sub/thing.css

# Ways out of the directory, and hidden files.
expect_404 /../outside/secret.txt
expect_404 /assets/../../outside/secret.txt
expect_404 /%2e%2e/outside/secret.txt
expect_404 /assets/%2E%2E/%2e%2e/outside/secret.txt
expect_404 /..%2foutside%2fsecret.txt
expect_404 '/assets%5c..%5c..%5coutside%5csecret.txt'
expect_404 '/index.html%00.png'
expect_404 '/%00'
expect_404 /.env
expect_404 /./index.html
expect_404 //etc/passwd
expect_404 /assets/leak.txt
expect_404 /out/secret.txt
expect_404 "/$WORK/outside/secret.txt"

# Revalidation: the ETag answers 304 with no body.
get /index.html
etag=$(header etag)
[ -n "$etag" ] || fail "no ETag on /index.html"
get /index.html -H 'If-None-Match: "0-0-0"'
expect_equal "$code" 200 "status with a differing ETag"
get /index.html -H "If-None-Match: $etag"
expect_equal "$code" 304 "status of a revalidation with the same ETag"
[ -s body ] && fail "a 304 has a body: $(cat body)"
get /index.html -H "If-None-Match: \"0-0-0\", $etag"
expect_equal "$code" 304 "status of a revalidation with a list of ETags"

# HEAD: the headers of GET, no body.  Other methods: 405.
get /assets/app-abc123.js -I
expect_equal "$code" 200 "status of HEAD"
expect_equal "$(header cache-control)" "$immutable" "Cache-Control of HEAD"
expect_equal "$(header content-length)" 20 "Content-Length of HEAD"
get /login -X POST
expect_equal "$code" 405 "status of POST /login"
expect_equal "$(header allow)" "GET, HEAD" "Allow of POST /login"
get /index.html -X DELETE
expect_equal "$code" 405 "status of DELETE /index.html"

# The API keeps its paths: JSON, and 404 problems instead of index.html.
get /api/v1/organizations
expect_equal "$code" 200 "status of /api/v1/organizations"
expect_equal "$(header content-type)" application/json "Content-Type of the API"
grep -q -F '"items"' body || fail "no items from /api/v1/organizations: $(cat body)"
for p in /api/v1/no-such-thing /api/v1 /api /api/ /api/index.html /API/V1/ORGANIZATIONS; do
    get "$p"
    expect_equal "$code" 404 "status of GET $p"
    expect_equal "$(header content-type)" application/problem+json "Content-Type of $p"
done
get /healthz
expect_equal "$code" 200 "status of /healthz"
grep -q -e 'GET /assets/app-abc123.js 200' web.err || fail "no access log line for an asset"
stop web

# Without --web: web/ beside the program, or the page saying it is not built.
mkdir bin
cp "$SERAI_BIN" bin/serai
start bare "$WORK/bin/serai" serve
grep -q -F "not built" bare.err || fail "the server does not say the application is not built: $(cat bare.err)"
expect_file / "text/html; charset=utf-8" no-cache
grep -q -F 'not built' body || fail "/ does not say the application is not built: $(cat body)"
expect_file /login "text/html; charset=utf-8" no-cache
expect_404 /assets/app-abc123.js
get /api/v1/organizations
expect_equal "$code" 200 "status of the API without the application"
stop bare

cp -R web bin/web
start beside "$WORK/bin/serai" serve
expect_file /assets/app-abc123.js "text/javascript; charset=utf-8" "$immutable"
expect_file /login "text/html; charset=utf-8" no-cache
grep -q -F '<div id="app">' body || fail "web/ beside the program is not served"
stop beside
