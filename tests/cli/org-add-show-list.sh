#!/bin/sh
# org add / show / list / update, read back through --json; a Chinese name
# variant and a Chinese authoritative name survive the round trip.
. "$(dirname "$0")/lib.sh"

expect_ok serai org add --name "Peking University" --type university \
    --country CN --ror 02v51f717 --name-zh 北京大学 \
    --website https://english.pku.edu.cn --json
expect_equal "$(json_value id)" 1 "id of the first organisation"
expect_json '"name": "Peking University","name_lang": "en"'
expect_json '"names": {"en": "Peking University","zh": "北京大学"}'
expect_json '"type": "university","country": "CN","parent_id": null,"ror": "02v51f717"'
expect_json '"website": "https://english.pku.edu.cn","sme": false,"sme_evidence": null'

# The ROR id may be given as a URL; it is stored in its short form.
expect_ok serai org add --name 中国科学院 --name-lang zh \
    --name-en "Chinese Academy of Sciences" --type research_institute \
    --country CN --ror https://ror.org/034t30j35 --json
expect_json '"name": "中国科学院","name_lang": "zh"'
expect_json '"names": {"en": "Chinese Academy of Sciences","zh": "中国科学院"}'
expect_json '"ror": "034t30j35"'

expect_ok serai org add --name "Lake Victoria Fisheries Organization" \
    --type international_organization --country UG
expect_stdout_contains "Lake Victoria Fisheries Organization"
expect_ok serai org add --name "Nairobi Drylands Lab" --type sme --country KE \
    --sme --sme-evidence "12 staff, audited accounts 2025" --parent 1
expect_ok serai org show 4 --json
expect_json '"sme": true,"sme_evidence": "12 staff, audited accounts 2025"'
expect_json '"parent_id": 1'

# show: a record per line in text, the same record in JSON.
expect_ok serai org show 2
expect_stdout_contains "中国科学院"
expect_stdout_contains '{"en":"Chinese Academy of Sciences","zh":"中国科学院"}'
expect_ok serai org show 2 --json
expect_equal "$(json_value name)" "中国科学院" "name of organisation 2"

# list: all, then filtered.
expect_ok serai org list
expect_stdout_line "$(printf 'id\tcountry\ttype\tror\tname')"
expect_stdout_line "$(printf '1\tCN\tuniversity\t02v51f717\tPeking University')"
expect_stdout_line "$(printf '3\tUG\tinternational_organization\t-\tLake Victoria Fisheries Organization')"
expect_equal "$(stdout_lines)" 5 "lines of org list"
expect_ok serai org list --json
expect_equal "$(json_count '"id": ')" 4 "organisations in org list --json"
expect_json '"next": null'
expect_ok serai org list --country CN --json
expect_equal "$(json_count '"country": "CN"')" 2 "organisations in CN"
expect_json_lacks '"country": "UG"'
expect_ok serai org list --type sme --json
expect_equal "$(json_count '"id": ')" 1 "SMEs"
expect_json '"name": "Nairobi Drylands Lab"'
# --q matches any name variant, in any script, case-insensitively.
expect_ok serai org list --q 科学
expect_stdout_contains "中国科学院"
expect_equal "$(stdout_lines)" 2 "lines of org list --q 科学"
expect_ok serai org list --q "ACADEMY of"
expect_stdout_contains "中国科学院"
expect_ok serai org list --q 北京
expect_stdout_contains "Peking University"
expect_ok serai org list --q "no such thing" --json
expect_json '"items": []'

# update changes what it is given and keeps the rest.
expect_ok serai org update 1 --website https://www.pku.edu.cn --json
expect_json '"website": "https://www.pku.edu.cn"'
expect_json '"names": {"en": "Peking University","zh": "北京大学"}'
expect_json '"ror": "02v51f717"'
expect_ok serai org show 1 --json
expect_json '"website": "https://www.pku.edu.cn"'

expect_exit 1 serai org show 99
expect_stderr_contains "no organization with id 99"
expect_exit 1 serai org update 99 --name Nobody
expect_stderr_contains "99"
