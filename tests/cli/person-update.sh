#!/bin/sh
# person update changes the fields it is given: lists (languages, keywords,
# affiliations) are replaced whole, the other fields stay.
. "$(dirname "$0")/lib.sh"

expect_ok serai org add --name "Peking University" --type university --country CN
expect_ok serai org add --name "University of Nairobi" --type university --country KE
expect_ok serai person add --name "Wang Fang" --country CN \
    --orcid 0000-0002-1825-0097 --languages en,zh --keywords 'groundwater;karst' \
    --org 1 --role lecturer --since 2015-09-01
expect_ok serai person add --name "Other" --country KE --orcid 0000-0001-5109-3700 \
    --languages en --keywords soil

expect_ok serai person update 1 --keywords 'isotope hydrology' --json
expect_json '"keywords": ["isotope hydrology"]'
expect_json '"languages": ["en","zh"]'
expect_json '"orcid": "0000-0002-1825-0097"'
expect_json '"organization_id": 1,"role": "lecturer","start": "2015-09-01"'

expect_ok serai person update 1 --name "王芳" --email wang@example.cn --json
expect_json '"name": "王芳","orcid": "0000-0002-1825-0097","email": "wang@example.cn"'
expect_ok serai person show 1 --json
expect_json '"name": "王芳"'
expect_json '"languages": ["en","zh"]'

# Taking another person's ORCID iD is refused; nothing changes.
expect_exit 1 serai person update 1 --orcid 0000-0001-5109-3700
expect_stderr_contains "0000-0001-5109-3700"
expect_exit 1 serai person update 1 --orcid 0000-0002-1825-0098
expect_stderr_contains "expected 7"
expect_exit 1 serai person update 1 --country ZZ
expect_exit 1 serai person update 99 --name Nobody
expect_stderr_contains "99"
expect_exit 1 serai person update --name Nobody
expect_stderr_contains "give one id"
expect_ok serai person show 1 --json
expect_json '"orcid": "0000-0002-1825-0097"'
expect_json '"country": "CN"'

# --org (with --role, --since) alone replaces the affiliations.
expect_ok serai person update 1 --org 2 --role professor --since 2022-01-01 --json
expect_json '"affiliations": [{"organization_id": 2,"role": "professor","start": "2022-01-01","end": null}]'
expect_json '"keywords": ["isotope hydrology"]'
expect_json '"name": "王芳"'
