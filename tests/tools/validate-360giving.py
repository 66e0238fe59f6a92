#!/usr/bin/python3
# validate-360giving.py DOC SCHEMA_DIR -- check a 360Giving data package
# against the package schema, with the grant schema it refers to by URL
# resolved from the local file, and date-time checked as RFC 3339 (the
# schemas' oneOf between a date-time and a plain date needs the format
# asserted; Debian's jsonschema has no date-time checker of its own).
# Exit 0 when valid; the first errors on stderr otherwise.
import json, re, sys
import jsonschema
from jsonschema import Draft202012Validator, FormatChecker, RefResolver
doc_path, schema_dir = sys.argv[1], sys.argv[2]
pkg = json.load(open(schema_dir + '/360-giving-package-schema.json'))
grant = json.load(open(schema_dir + '/360-giving-schema.json'))
store = {pkg['properties']['grants']['items']['$ref']: grant,
         grant['$id']: grant, pkg['$id']: pkg}
checker = FormatChecker()
rfc3339 = re.compile(r'^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$')
@checker.checks('date-time')
def date_time(value):
    return not isinstance(value, str) or rfc3339.match(value) is not None
validator = Draft202012Validator(pkg, resolver=RefResolver.from_schema(pkg, store=store),
                                 format_checker=checker)
errors = list(validator.iter_errors(json.load(open(doc_path))))
for e in errors[:10]:
    print('  360Giving:', '/'.join(str(p) for p in e.absolute_path), e.message[:200],
          file=sys.stderr)
sys.exit(1 if errors else 0)
