-- 0005 ledger: double-entry accounts and transfers in integer minor units
-- (src/fund/ledger.h, docs/ledger.md).  Ids are the client's.  A transfer
-- row never changes except its status (a pending transfer that is posted,
-- voided or expires); corrections are reversing transfers.

CREATE TABLE ledger_account (
    id               INTEGER PRIMARY KEY,
    currency         TEXT NOT NULL,          -- ISO 4217
    code             INTEGER NOT NULL,
    flags            INTEGER NOT NULL,
    debits_pending   INTEGER NOT NULL DEFAULT 0,
    debits_posted    INTEGER NOT NULL DEFAULT 0,
    credits_pending  INTEGER NOT NULL DEFAULT 0,
    credits_posted   INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL         -- seconds since the epoch
);

CREATE TABLE ledger_transfer (
    id                 INTEGER PRIMARY KEY,
    debit_account_id   INTEGER NOT NULL REFERENCES ledger_account(id),
    credit_account_id  INTEGER NOT NULL REFERENCES ledger_account(id),
    amount             INTEGER NOT NULL CHECK (amount > 0),
    currency           TEXT NOT NULL,
    pending_id         INTEGER NOT NULL DEFAULT 0, -- 0 = none
    timeout            INTEGER NOT NULL DEFAULT 0,
    code               INTEGER NOT NULL,
    flags              INTEGER NOT NULL,
    reference          TEXT NOT NULL DEFAULT '',
    created_at         INTEGER NOT NULL,
    status             INTEGER NOT NULL,          -- ledger_status
    expires_at         INTEGER NOT NULL DEFAULT 0 -- 0 = never
);
-- Pending transfers that will expire, for the sweep before each batch.
CREATE INDEX ledger_transfer_due ON ledger_transfer(expires_at)
    WHERE status = 1 AND expires_at <> 0;

-- Ids whose transfer failed, with the result: a retry fails the same way.
CREATE TABLE ledger_failed (
    id         INTEGER PRIMARY KEY,
    result     INTEGER NOT NULL,
    failed_at  INTEGER NOT NULL
);

-- Dated exchange rates: 1 base = rate quote, a decimal string.
CREATE TABLE ledger_rate (
    id     INTEGER PRIMARY KEY,
    base   TEXT NOT NULL,
    quote  TEXT NOT NULL,
    day    TEXT NOT NULL,                 -- YYYY-MM-DD
    rate   TEXT NOT NULL,
    UNIQUE (base, quote, day)
);

-- Entries are immutable: a transfer's only change is its status, once,
-- from pending (1); a failed id stays failed.
CREATE TRIGGER ledger_transfer_immutable BEFORE UPDATE OF id, debit_account_id,
    credit_account_id, amount, currency, pending_id, timeout, code, flags,
    reference, created_at, expires_at ON ledger_transfer
BEGIN SELECT RAISE(ABORT, 'ledger transfers are immutable'); END;
CREATE TRIGGER ledger_transfer_status_once BEFORE UPDATE OF status ON ledger_transfer
    WHEN OLD.status <> 1
BEGIN SELECT RAISE(ABORT, 'ledger transfers are immutable'); END;
CREATE TRIGGER ledger_transfer_no_delete BEFORE DELETE ON ledger_transfer
BEGIN SELECT RAISE(ABORT, 'ledger transfers are immutable'); END;
CREATE TRIGGER ledger_failed_no_update BEFORE UPDATE ON ledger_failed
BEGIN SELECT RAISE(ABORT, 'failed ledger ids are permanent'); END;
CREATE TRIGGER ledger_failed_no_delete BEFORE DELETE ON ledger_failed
BEGIN SELECT RAISE(ABORT, 'failed ledger ids are permanent'); END;
