-- 0006 fund: cooperative guidance funds and their contribution pipeline
-- (src/fund/fund.h, docs/fund.md).  Money moves only in the ledger (0005):
-- each row below that moves money names the ledger transfer it posted, and
-- fund_account says which ledger account plays which part.  Ledger ids of
-- the fund module are FUND_LEDGER_BASE (2^60) + the row id here.

CREATE TABLE fund (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,      -- short, for identifiers: "BRGF"
    name           TEXT NOT NULL,
    names          TEXT NOT NULL DEFAULT '{}', -- JSON lang -> name
    kind           TEXT NOT NULL CHECK (kind IN ('guidance_fund', 'call_pot')),
    call_id        INTEGER REFERENCES call(id),
    trustee_org_id INTEGER REFERENCES organization(id),
    currency       TEXT NOT NULL,             -- reporting currency, ISO 4217
    gate_bp        INTEGER NOT NULL CHECK (gate_bp BETWEEN 0 AND 10000),
                                              -- commitment authority: signed
                                              -- must cover gate_bp/100 % of pledged
    created_at     TEXT NOT NULL
);

-- The part a ledger account plays: for the fund (pledged, signed, notes,
-- available), for a contributor (pledge_source, sign_source, contributor),
-- for a commitment (commitment) or for a recipient (recipient).  0 = none.
CREATE TABLE fund_account (
    id             INTEGER PRIMARY KEY,       -- ledger id = 2^60 + id
    fund_id        INTEGER NOT NULL REFERENCES fund(id),
    part           TEXT NOT NULL,
    org_id         INTEGER NOT NULL DEFAULT 0,
    commitment_id  INTEGER NOT NULL DEFAULT 0,
    currency       TEXT NOT NULL,
    UNIQUE (fund_id, part, org_id, commitment_id, currency)
);

CREATE TABLE fund_contribution (
    id             INTEGER PRIMARY KEY,
    fund_id        INTEGER NOT NULL REFERENCES fund(id),
    org_id         INTEGER NOT NULL REFERENCES organization(id),
    currency       TEXT NOT NULL,
    pledged        INTEGER NOT NULL CHECK (pledged > 0),
    pledged_on     TEXT NOT NULL,             -- YYYY-MM-DD
    signed         INTEGER NOT NULL DEFAULT 0,
    signed_on      TEXT,
    instrument     TEXT CHECK (instrument IN ('cash', 'promissory_note')),
    received       INTEGER NOT NULL DEFAULT 0,
    encashed       INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL CHECK (status IN ('pledged', 'signed', 'paid',
                       'cancelled')),
    reference      TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX fund_contribution_by_fund ON fund_contribution(fund_id, org_id);

-- A promissory note's encashment schedule.
CREATE TABLE fund_encashment (
    id              INTEGER PRIMARY KEY,
    contribution_id INTEGER NOT NULL REFERENCES fund_contribution(id),
    due_on          TEXT NOT NULL,
    amount          INTEGER NOT NULL CHECK (amount > 0),
    encashed        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX fund_encashment_by_contribution ON fund_encashment(contribution_id, due_on);

CREATE TABLE fund_commitment (
    id               INTEGER PRIMARY KEY,
    fund_id          INTEGER NOT NULL REFERENCES fund(id),
    currency         TEXT NOT NULL,
    committed        INTEGER NOT NULL DEFAULT 0,  -- net of decommitments
    disbursed        INTEGER NOT NULL DEFAULT 0,
    returned         INTEGER NOT NULL DEFAULT 0,
    committed_on     TEXT NOT NULL,
    title            TEXT NOT NULL,
    description      TEXT,
    call_id          INTEGER REFERENCES call(id),
    proposal_id      INTEGER REFERENCES proposal(id),
    recipient_org_id INTEGER REFERENCES organization(id), -- NULL: a call envelope
    start_on         TEXT,
    end_on           TEXT,
    status           TEXT NOT NULL CHECK (status IN ('committed', 'closed',
                         'cancelled')),
    created_at       TEXT NOT NULL
);
CREATE INDEX fund_commitment_by_fund ON fund_commitment(fund_id, id);

-- Every pipeline step, one ledger transfer each (ledger id = 2^60 + id).
CREATE TABLE fund_txn (
    id              INTEGER PRIMARY KEY,
    fund_id         INTEGER NOT NULL REFERENCES fund(id),
    kind            TEXT NOT NULL CHECK (kind IN ('pledge', 'cancel_pledge',
                        'sign', 'receive', 'encash', 'commit', 'decommit',
                        'disburse', 'return')),
    contribution_id INTEGER REFERENCES fund_contribution(id),
    commitment_id   INTEGER REFERENCES fund_commitment(id),
    org_id          INTEGER REFERENCES organization(id), -- contributor or recipient
    currency        TEXT NOT NULL,
    amount          INTEGER NOT NULL CHECK (amount > 0),
    value_date      TEXT NOT NULL,            -- YYYY-MM-DD
    note            TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX fund_txn_by_fund ON fund_txn(fund_id, value_date, id);
CREATE TRIGGER fund_txn_immutable BEFORE UPDATE ON fund_txn
BEGIN SELECT RAISE(ABORT, 'fund transactions are immutable'); END;
CREATE TRIGGER fund_txn_no_delete BEFORE DELETE ON fund_txn
BEGIN SELECT RAISE(ABORT, 'fund transactions are immutable'); END;
