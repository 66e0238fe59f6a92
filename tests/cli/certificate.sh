#!/bin/sh
# serai certificate: a certificate of attendance as PDF for a Chinese, a
# Latin and a mixed name, one A4 landscape page whose text pdftotext finds
# again (when poppler-utils is installed); refusals on stderr with exit 1:
# a script that needs shaping, a control character, an end before the
# start, no --out.
. "$(dirname "$0")/lib.sh"
sqlite_only "serai certificate uses no database"

expect_ok serai certificate --name "王小明" --event "Workshop" --from 2026-05-04 \
    --to 2026-05-06 --place Nairobi --out cert.pdf
expect_stdout_empty
expect_stderr_contains "wrote cert.pdf ("
[ "$(head -n 1 cert.pdf | cut -c 1-5)" = "%PDF-" ] || fail "cert.pdf does not start with %PDF-"
grep -q -F "DroidSansFallback" cert.pdf || fail "cert.pdf does not embed DroidSansFallback"

has_poppler=yes
command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 ||
    has_poppler=no
if [ $has_poppler = yes ]; then
    pdfinfo cert.pdf >info.txt 2>/dev/null || fail "pdfinfo cannot read cert.pdf"
    grep -q -x "Pages: *1" info.txt || fail "cert.pdf has not one page"
    grep -q "Page size: *841.89 x 595.27.* (A4)" info.txt || fail "cert.pdf is not A4 landscape"
    pdftotext -q cert.pdf cert.txt
    for line in "王小明" "Certificate of attendance" "attended the event" "Workshop" \
        "held in Nairobi from 4 May 2026 to 6 May 2026" "serai certificate SAMPLE"; do
        grep -q -x -F "$line" cert.txt || fail "cert.pdf lacks the line: $line"
    done
else
    echo "certificate: pdftotext not installed (poppler-utils), text not checked" >&2
fi

# Every option, a name in three scripts, the PDF on stdout.
expect_ok serai certificate --name "Zoë Ångström-Łukasiewicz 王小明" \
    --event "Семинар по водным ресурсам" --kind "training course" \
    --from 2026-05-04 --place online --country Sweden --issuer "Nordic Water Council" \
    --number NWC-2026-0007 --issued 2026-05-05 --verify "https://example.org/v/7" --out -
[ "$(head -n 1 "$OUT" | cut -c 1-5)" = "%PDF-" ] || fail "stdout is not a PDF"
expect_stderr_empty
if [ $has_poppler = yes ]; then
    pdftotext -q "$OUT" mixed.txt
    for line in "Zoë Ångström-Łukasiewicz 王小明" "Sweden" "attended the training course" \
        "Семинар по водным ресурсам" "held online on 4 May 2026" "Nordic Water Council" \
        "Certificate no. NWC-2026-0007, issued on 5 May 2026" "https://example.org/v/7"; do
        grep -q -x -F "$line" mixed.txt || fail "the mixed certificate lacks the line: $line"
    done
fi

# Refusals: one line on stderr naming the field, no file written.
expect_exit 1 serai certificate --name "محمد علي" --event "Workshop" --from 2026-05-04 \
    --place Cairo --out arabic.pdf
expect_stderr_contains "serai: participant_name: the participant name contains U+0645 (Arabic script)"
expect_stderr_lines 1
[ ! -e arabic.pdf ] || fail "a refused certificate was written"

expect_exit 1 serai certificate --name "$(printf 'Ann\001Lee')" --event "Workshop" \
    --from 2026-05-04 --place Nairobi --out bad.pdf
expect_stderr_contains "control character (U+0001)"

expect_exit 1 serai certificate --name "Ann Lee" --event "Workshop" --from 2026-05-04 \
    --to 2026-05-01 --place Nairobi --out bad.pdf
expect_stderr_contains "serai: end_date: the end date 2026-05-01 is before the start date 2026-05-04"

expect_exit 1 serai certificate --name "Ann Lee" --event "Workshop" --from 2026-05-04 \
    --place Nairobi
expect_stderr_contains "needs --out FILE.pdf"

expect_exit 1 serai certificate --event "Workshop" --from 2026-05-04 --place Nairobi \
    --out bad.pdf
expect_stderr_contains "participant name is missing"
[ ! -e bad.pdf ] || fail "a refused certificate was written"

expect_ok serai certificate --help
expect_stdout_contains "usage: serai certificate --name NAME --event TITLE"
