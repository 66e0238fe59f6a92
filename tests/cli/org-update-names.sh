#!/bin/sh
# org update --name-XX adds or changes that one name variant: the other
# variants stay, as every field not given stays.
. "$(dirname "$0")/lib.sh"

expect_ok serai org add --name "Peking University" --type university \
    --country CN --name-zh 北京大学
expect_ok serai org update 1 --name-fr "Université de Pékin" --json
expect_json '"fr": "Université de Pékin"'
expect_json '"zh": "北京大学"'
expect_json '"en": "Peking University"'

expect_ok serai org update 1 --name-zh 北京大學 --json
expect_json '"zh": "北京大學"'
expect_json '"fr": "Université de Pékin"'

# Changing the authoritative name keeps it among the variants.
expect_ok serai org update 1 --name "Peking University (PKU)" --json
expect_json '"name": "Peking University (PKU)","name_lang": "en"'
expect_json '"en": "Peking University (PKU)"'
expect_json '"zh": "北京大學"'

expect_ok serai org show 1 --json
expect_json '"en": "Peking University (PKU)"'
expect_json '"zh": "北京大學"'
expect_json '"fr": "Université de Pékin"'
