#!/bin/sh
# person add with an ORCID iD, languages, keywords and an affiliation; person
# show and person list with its filters.
. "$(dirname "$0")/lib.sh"

expect_ok serai org add --name "Peking University" --type university --country CN
expect_ok serai org add --name "University of Nairobi" --type university --country KE

expect_ok serai person add --name "Wang Fang" --country CN \
    --orcid 0000-0002-1825-0097 --email wang.fang@example.edu \
    --languages en,zh --keywords 'groundwater; isotope hydrology' \
    --expertise "Karst aquifers of southern China" \
    --org 1 --role professor --since 2019-09-01 --json
expect_equal "$(json_value id)" 1 "id of the first person"
expect_json '"name": "Wang Fang","orcid": "0000-0002-1825-0097","email": "wang.fang@example.edu","country": "CN"'
expect_json '"languages": ["en","zh"]'
expect_json '"keywords": ["groundwater","isotope hydrology"]'
expect_json '"expertise": "Karst aquifers of southern China"'
expect_json '"affiliations": [{"organization_id": 1,"role": "professor","start": "2019-09-01","end": null}]'

# The ORCID iD may come as a URL and with a lower-case check character.
expect_ok serai person add --name "Josiah Carberry" --country US \
    --orcid https://orcid.org/0000-0002-1694-233x --json
expect_json '"orcid": "0000-0002-1694-233X"'

expect_ok serai person add --name "Amina Njoroge" --country KE \
    --languages sw,en --keywords 'soil carbon;agroforestry' --org 2 --role lecturer
expect_stdout_contains "Amina Njoroge"
# People without languages or keywords (this one, and Josiah Carberry) are
# deliberate: the empty lists take their own path through the library.
expect_ok serai person add --name "张伟" --country CN --keywords 'remote sensing'

expect_ok serai person show 1
expect_stdout_contains "Wang Fang"
expect_stdout_contains '["groundwater","isotope hydrology"]'
expect_ok serai person show 4 --json
expect_json '"name": "张伟"'
expect_json '"orcid": null'
expect_json '"languages": []'

expect_ok serai person list
expect_stdout_line "$(printf 'id\tcountry\torcid\tname')"
expect_stdout_line "$(printf '1\tCN\t0000-0002-1825-0097\tWang Fang')"
expect_stdout_line "$(printf '3\tKE\t-\tAmina Njoroge')"
expect_equal "$(stdout_lines)" 5 "lines of person list"

expect_ok serai person list --country CN --json
expect_equal "$(json_count '"country": "CN"')" 2 "people in CN"
expect_json_lacks '"country": "KE"'
expect_ok serai person list --org 2 --json
expect_equal "$(json_count '"name": ')" 1 "people of organisation 2"
expect_json '"name": "Amina Njoroge"'
# --q searches names, keywords and the expertise text.
expect_ok serai person list --q agroforestry
expect_stdout_contains "Amina Njoroge"
expect_equal "$(stdout_lines)" 2 "lines of person list --q agroforestry"
expect_ok serai person list --q karst
expect_stdout_contains "Wang Fang"
expect_ok serai person list --q 张
expect_stdout_contains "张伟"
expect_equal "$(stdout_lines)" 2 "lines of person list --q 张"
expect_ok serai person list --country FR --json
expect_json '"items": []'

expect_exit 1 serai person list --org first
expect_stderr_contains "--org"
expect_exit 1 serai person show 99
expect_stderr_contains "no person with id 99"
