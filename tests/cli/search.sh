#!/bin/sh
# serai search: partner search through the index the registry keeps; Chinese
# by pairs of characters, accents folded, filters, --json, hostile text, an
# empty query refused naming q, and the index rebuilt by migrate and
# --reindex.
. "$(dirname "$0")/lib.sh"

expect_ok serai org add --name 中国科学院 --name-lang zh \
    --name-en "Chinese Academy of Sciences" --type research_institute --country CN
expect_ok serai org add --name "Solar Water Systems" --type sme --country CN \
    --sme --sme-evidence "40 staff"
expect_ok serai org add --name "Lake Victoria Water Board" --type ngo --country KE
expect_ok serai org add --name "Universität Zürich" --name-lang de --type university --country CH
expect_ok serai person add --name "Wang Fang" --country CN --keywords "water reuse" \
    --email wang.fang@hidden.example

expect_ok serai search "科学"
expect_stdout_contains "中国科学院"
expect_ok serai search "zurich"
expect_stdout_contains "Universität Zürich"

expect_ok serai search "water" --country CN --json
expect_json '"title": "Solar Water Systems"'
expect_json '"title": "Wang Fang"'
expect_json_lacks "Lake Victoria"
expect_ok serai search "water" --type sme
expect_stdout_contains "Solar Water Systems"
expect_stdout_lacks "Wang Fang"
expect_ok serai search "water" --region Africa --kind organization
expect_stdout_contains "Lake Victoria Water Board"
expect_stdout_lacks "Solar"
expect_ok serai search "hidden"
expect_stdout_lacks "Wang Fang"

# Hostile text is just words.
expect_ok serai search '"water" OR (solar* NEAR ^x) AND NOT title_terms:y'
expect_ok serai search "water'; DROP TABLE search_doc; --"
expect_ok serai search "'water'; --"
expect_stdout_contains "Solar Water Systems"

# Nothing to search for, and bad filters.
expect_exit 1 serai search '"*^:()"'
expect_stderr_contains "q"
expect_exit 1 serai search water --country XX
expect_stderr_contains "country"
expect_exit 1 serai search

# An update moves the organisation in the index.
expect_ok serai org update 3 --name "Lake Victoria Fisheries Board"
expect_ok serai search "water" --country KE
expect_stdout_lacks "Lake Victoria"

# The copy made by migrate searches alike; --reindex rebuilds.
DST=$(new_db copy) || exit 2
expect_ok serai migrate --from "$SERAI_DB" --to "$DST"
expect_stderr_contains "search_doc"
expect_ok serai search "科学" --db "$DST"
expect_stdout_contains "中国科学院"
expect_ok serai search --reindex --db "$DST"
expect_stdout_contains "indexed 5 documents"
expect_ok serai search "solar water" --db "$DST" --json
expect_json '"title": "Solar Water Systems"'
