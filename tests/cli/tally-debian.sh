#!/bin/sh
# serai tally counts the real Debian leader elections of ../shared/data
# (PrefLib .soi files and Debian tally sheets, two of them Latin-1) with
# no database: the Schulze winner is the elected leader in all six, the
# readable output of 2002 is exact (ranking, pairwise matrix, strongest
# paths), and --json carries winners, ranking, pairwise and the paths.
. "$(dirname "$0")/lib.sh"
sqlite_only "serai tally uses no database"

DATA=$SOURCE_ROOT/../shared/data
if [ ! -d "$DATA/preflib" ] && [ ! -d "$DATA/debian-votes" ]; then
    skip "no real data in $DATA (see its README.md)"
fi

checked=0
for pair in "preflib/debian-2002-00002-00000001.soi|Bdale Garbee" \
    "debian-votes/leader2006_tally.txt|Anthony Towns" \
    "debian-votes/leader2007_tally.txt|Sam Hocevar" \
    "preflib/debian-2010-00002-00000006.soi|Stefano Zacchiroli" \
    "preflib/debian-2012-00002-00000007.soi|Stefano Zacchiroli" \
    "debian-votes/leader2020_tally.txt|Jonathan Carter"; do
    file=${pair%%|*}
    winner=${pair#*|}
    [ -f "$DATA/$file" ] || continue
    expect_ok serai tally --method schulze "$DATA/$file" --json
    expect_json "\"winners\": [\"$winner\"],"
    expect_ok serai tally --method schulze "$DATA/$file"
    expect_stdout_line "winner: $winner"
    checked=$((checked + 1))
done
echo "checked $checked real elections" >&2
[ "$checked" -gt 0 ] || skip "none of the six elections is in $DATA"

# 2002 in full: Bdale Garbee beats everyone pairwise.
f2002=$DATA/preflib/debian-2002-00002-00000001.soi
if [ -f "$f2002" ]; then
    expect_ok serai tally --method schulze "$f2002"
    expect_stderr_empty
    tab=$(printf '\t')
    sed "s/<TAB>/$tab/g" >want.txt <<'TXT'
schulze: 475 ballots (41 distinct), 4 candidates
winner: Bdale Garbee

rank<TAB>#<TAB>candidate
1<TAB>3<TAB>Bdale Garbee
2<TAB>1<TAB>Branden Robinson
3<TAB>2<TAB>Raphael Hertzog
4<TAB>4<TAB>None Of The Above

pairwise: ballots ranking the row's candidate (#) above the column's
<TAB>1<TAB>2<TAB>3<TAB>4
1<TAB>-<TAB>260<TAB>180<TAB>387
2<TAB>199<TAB>-<TAB>140<TAB>407
3<TAB>291<TAB>327<TAB>-<TAB>444
4<TAB>68<TAB>50<TAB>18<TAB>-

strongest paths (winning votes): strength of the strongest path from row to column
<TAB>1<TAB>2<TAB>3<TAB>4
1<TAB>-<TAB>260<TAB>0<TAB>387
2<TAB>0<TAB>-<TAB>0<TAB>407
3<TAB>291<TAB>327<TAB>-<TAB>444
4<TAB>0<TAB>0<TAB>0<TAB>-
TXT
    cmp -s "$OUT" want.txt || fail "2002 output differs: $(diff want.txt "$OUT")"

    expect_ok serai tally --method irv "$f2002"
    expect_stdout_line "round 1: 1=144 2=101 3=227 4=3 inactive=0; out: None Of The Above"
    expect_stdout_line "round 4: 3=460 inactive=15"
fi

# 2007 is Latin-1: the name arrives as UTF-8.
f2007=$DATA/debian-votes/leader2007_tally.txt
if [ -f "$f2007" ]; then
    expect_ok serai tally --method schulze "$f2007" --json
    expect_json '"format": "debian",'
    expect_json '["Sam Hocevar"],["Steve McIntyre"],["Raphaël Hertzog"],'
    expect_json '"ballots": 482,'
    expect_json '{"from": "Sam Hocevar","to": "Wouter Verhelst","strength": 237,"against": 0,"path": ["Sam Hocevar","Wouter Verhelst"]}'
fi

# 2020 as JSON: the pairwise matrix in the order of the file.
f2020=$DATA/debian-votes/leader2020_tally.txt
if [ -f "$f2020" ]; then
    expect_ok serai tally --method schulze "$f2020" --json
    expect_json '"candidates": ["Jonathan Carter","Sruthi Chandran","Brian Gupta","None Of The Above"],'
    expect_json '"pairwise": [[0,258,281,301],[57,0,163,244],[40,114,0,194],[34,76,125,0]],'
    expect_json '"ranking": [["Jonathan Carter"],["Sruthi Chandran"],["Brian Gupta"],["None Of The Above"]],'
fi
exit 0
