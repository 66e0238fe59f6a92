#!/bin/sh
# A tiny valid example in the OpenReview expertise format, old and new
# shapes ({"value": ...}) and Chinese text: exit 0, the exact CSV header,
# one row per (submission, reviewer) pair with a three-decimal score, the
# reviewer id from the file name, the expert ranked first, and the same
# bytes on a second run.
. "$(dirname "$0")/lib.sh"

mkdir archives
cat >subs.json <<'JSON'
{"sub-reef": {"content": {"title": "Coral reef resilience under ocean warming",
                          "abstract": "Bleaching of coral reefs after marine heatwaves."}},
 "sub-graph": {"content": {"title": {"value": "Graph neural networks for molecules"},
                           "abstract": {"value": "Message passing predicts molecular properties."}}},
 "sub-zh": {"content": {"title": "深度学习在医学图像识别中的应用", "abstract": null}}}
JSON
printf '%s\n' '{"content": {"title": "Marine heatwaves and coral bleaching", "abstract": "Reef resilience."}}' \
    '{"content": {"title": {"value": "Ocean warming"}, "abstract": {"value": "Sea surface temperature."}}}' \
    >archives/~marine.jsonl
printf '%s\n' '{"content": {"title": "Message passing neural networks", "abstract": "Molecular property prediction."}}' \
    >archives/~graphs.jsonl
printf '%s\n' '{"content": {"title": "基于深度学习的医学图像识别方法", "abstract": "卷积神经网络。"}}' \
    >archives/~zh.jsonl
: >archives/~newcomer.jsonl

expect_ok serai affinity --submissions subs.json --archives archives --out scores.csv
expect_stderr_contains "3 submissions x 4 reviewers"
[ -f scores.csv ] || fail "no scores.csv"
expect_equal "$(head -n 1 scores.csv)" "submission,reviewer,score" "CSV header"
expect_equal "$(wc -l <scores.csv | tr -d ' ')" 13 "lines (header + 3 x 4 rows)"
bad=$(sed 1d scores.csv | grep -v -E '^[^,]+,~[a-z]+,[01]\.[0-9]{3}$' || true)
[ -z "$bad" ] || fail "malformed rows: $bad"
grep -q -x 'sub-reef,~newcomer,0.000' scores.csv || fail "a reviewer without papers scores 0"

# Each submission's best reviewer is its expert.
best() { grep "^$1," scores.csv | sort -t, -k3,3r | head -n 1 | cut -d, -f2; }
expect_equal "$(best sub-reef)" "~marine" "best reviewer of sub-reef"
expect_equal "$(best sub-graph)" "~graphs" "best reviewer of sub-graph"
expect_equal "$(best sub-zh)" "~zh" "best reviewer of sub-zh"

cp scores.csv first.csv
expect_ok serai affinity --submissions subs.json --archives archives --out scores.csv
cmp -s first.csv scores.csv || fail "a second run wrote different bytes"

# --out - writes the same CSV to standard output.
expect_ok serai affinity --submissions subs.json --archives archives --out -
cmp -s "$OUT" first.csv || fail "--out - differs from the file"
expect_stderr_contains "scores in standard output"
