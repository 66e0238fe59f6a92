#!/bin/sh
# The ledger from JSON-lines files: accounts, a batch of transfers in which
# some fail with their stable reasons (each named by file and line), the
# same file again (every event reported as already existing or failing the
# same way, nothing applied twice), a linked chain that fails as a whole
# and leaves no trace, a malformed line refusing the whole file, balances,
# the invariant check, and an audit record per batch.
. "$(dirname "$0")/lib.sh"

DB=$(new_db ledger)
expect_ok serai init --db "$DB"

cat >accounts.jsonl <<'JSON'
{"id": 1, "currency": "EUR", "flags": ["debits_must_not_exceed_credits"]}
{"id": 2, "currency": "EUR"}
{"id": 3, "currency": "JPY"}
JSON
_audit0=$(SERAI_DB=$DB audit_count)
expect_ok serai ledger accounts --db "$DB" --file accounts.jsonl
expect_stdout_contains "accounts: 3 ok, 0 already existed, 0 failed"
# Every batch leaves one audit record, written with it.
expect_equal "$(SERAI_DB=$DB audit_count)" "$((_audit0 + 1))" "audit records after a batch"

cat >transfers.jsonl <<'JSON'
{"id": 10, "debit_account_id": 2, "credit_account_id": 1, "amount": 5000, "reference": "pledge"}
{"id": 11, "debit_account_id": 1, "credit_account_id": 2, "amount": 6000}

{"id": 12, "debit_account_id": 1, "credit_account_id": 3, "amount": 1}
{"id": 13, "debit_account_id": 1, "credit_account_id": 2, "amount": 100, "flags": ["pending"], "timeout": 3600}
JSON
expect_exit 1 serai ledger transfer --db "$DB" --file transfers.jsonl
expect_stdout_line "transfers.jsonl:2: id 11: exceeds_credits (/debit_account_id)"
expect_stdout_line "transfers.jsonl:4: id 12: accounts_must_have_same_currency (/credit_account_id)"
expect_stdout_contains "transfers: 2 ok, 0 already existed, 2 failed"

# Again: nothing is applied twice; failed ids keep failing the same way.
expect_exit 1 serai ledger transfer --db "$DB" --file transfers.jsonl
expect_stdout_contains "transfers: 0 ok, 2 already existed, 2 failed"
expect_stdout_line "transfers.jsonl:2: id 11: exceeds_credits (/debit_account_id)"

# The same id with another amount is refused, naming the field.
printf '%s\n' '{"id": 10, "debit_account_id": 2, "credit_account_id": 1, "amount": 5001, "reference": "pledge"}' >changed.jsonl
expect_exit 1 serai ledger transfer --db "$DB" --file changed.jsonl
expect_stdout_contains "id 10: exists_with_different_amount (/amount)"

# A linked chain whose second event fails leaves no trace.
cat >chain.jsonl <<'JSON'
{"id": 20, "debit_account_id": 1, "credit_account_id": 2, "amount": 1000, "flags": ["linked"]}
{"id": 21, "debit_account_id": 1, "credit_account_id": 2, "amount": 999999}
JSON
expect_exit 1 serai ledger transfer --db "$DB" --file chain.jsonl
expect_stdout_contains "id 20: linked_event_failed"
expect_exit 1 serai ledger show --db "$DB" --transfer 20
expect_stderr_contains "20"

expect_ok serai ledger show --db "$DB" --account 1 --json
expect_stdout_contains '"credits_posted": 5000'
expect_stdout_contains '"debits_pending": 100'
expect_stdout_contains '"debits_posted": 0'

# A malformed line refuses the whole file before anything is posted.
printf '%s\n' '{"id": 30, "debit_account_id": 2, "credit_account_id": 1, "amount": 1}' \
    '{"id": 31, "amount": "lots"}' >bad.jsonl
expect_exit 1 serai ledger transfer --db "$DB" --file bad.jsonl
expect_stderr_contains "bad.jsonl:2: /amount"
expect_exit 1 serai ledger show --db "$DB" --transfer 30

expect_ok serai ledger check --db "$DB"
expect_stdout_contains "debits equal credits in every currency"
