#!/bin/sh
# serai pb on real Pabulib files reproduces the official outcomes: Equal
# Shares with the add-one completion on Assen 2024 and Świecie 2023 (META
# rule equalshares/add1), greedy on a Warszawa file whose ties in votes are
# broken by the order of the projects.
. "$(dirname "$0")/lib.sh"
sqlite_only "serai pb uses no database"

data=$SOURCE_ROOT/../shared/data/pabulib
[ -d "$data" ] || skip "$data is absent"

# the official selection of a file: its selected column, one id a line,
# sorted (some files have CRLF line ends)
official()
{
    tr -d '\r' <"$1" |
    awk -F';' '/^PROJECTS/ { p = 1; getline; for (i = 1; i <= NF; i++) if ($i == "selected") c = i; next }
               /^VOTES/ { exit }
               p && $c == 1 { print $1 }' | sort
}

expect_ok serai pb --method mes "$data/Netherlands_Assen_2024.pb"
printf '3\n9\n2\n11\n13\n14\n5\n6\n12\n' >want
cmp -s "$OUT" want || fail "Assen: $(tr '\n' ' ' <"$OUT")"
sort "$OUT" >got
official "$data/Netherlands_Assen_2024.pb" >off
cmp -s got off || fail "Assen differs from the official outcome"
expect_stderr_line "serai: Equal Shares selected 9 of 14 projects, spent 76700 of 100000"
expect_stderr_line "endowment 170812 / 84 voters (2033.48 each) after 843 add-one steps"
expect_stderr_line "round 6: 14 cost 5000, 14 supporters, rho 0.0726654, effective votes 13.76; 13 paid 363.33 each, 1 paid all they had, 0 had nothing left; supporters keep 14320, all keep 111612"
expect_stderr_line "1 rounds had equal rho; the cheaper project, then the one with more supporters, then the earlier one was taken"

for f in Poland_Swiecie_2023 Poland_Wieliczka_2023_Green_Budget; do
    expect_ok serai pb --method mes "$data/$f.pb" --json
    json_compact "$OUT" | sed -n 's/.*"selected": \[\([^]]*\)\].*/\1/p' | tr ',' '\n' |
        tr -d '"' | sort >got
    official "$data/$f.pb" >off
    cmp -s got off || fail "$f differs from the official outcome"
done

f=$data/Poland_Warszawa_2019_Targowek_Mieszkaniowy.pb
expect_ok serai pb --method greedy "$f"
sort "$OUT" >got
official "$f" >off
cmp -s got off || fail "Targówek differs from the official outcome"
expect_stderr_line "skipped 845: score 173, cost 25000 does not fit in 5267 left"
