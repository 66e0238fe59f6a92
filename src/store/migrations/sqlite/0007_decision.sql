-- 0007 decisions and grants (src/decision/decision.h, docs/decisions.md):
-- selection runs with the input they were computed from (so anyone can
-- recompute them), each funder's decision on each selected proposal, the
-- grants that follow, their milestones, reports, tranches paid through the
-- fund ledger, and partners' own contributions against their commitment.

CREATE TABLE selection_run (
    id             INTEGER PRIMARY KEY,
    call_id        INTEGER NOT NULL REFERENCES call(id),
    mode           TEXT NOT NULL CHECK (mode IN ('vcp', 'rcp', 'mixed')),
    kind           TEXT NOT NULL CHECK (kind IN ('binding', 'rerun', 'optimal')),
    input          TEXT NOT NULL,          -- JSON: the selection input
    input_digest   TEXT NOT NULL,          -- SHA-256 of input, hex
    result         TEXT NOT NULL,          -- JSON: outcomes and explanations
    created_at     TEXT NOT NULL
);
CREATE INDEX selection_run_by_call ON selection_run(call_id, id);

-- Per proposal and funder: earmarked -> national_evaluation -> approved ->
-- contract_signed, or declined (which blocks the consortium).
CREATE TABLE funding_decision (
    id             INTEGER PRIMARY KEY,
    call_id        INTEGER NOT NULL REFERENCES call(id),
    proposal_id    INTEGER NOT NULL REFERENCES proposal(id),
    funder_org_id  INTEGER NOT NULL REFERENCES organization(id),
    amount         INTEGER NOT NULL CHECK (amount > 0),
    currency       TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('earmarked',
                       'national_evaluation', 'approved', 'contract_signed',
                       'declined')),
    run_id         INTEGER NOT NULL REFERENCES selection_run(id),
    note           TEXT,
    updated_at     TEXT NOT NULL,
    UNIQUE (proposal_id, funder_org_id)
);
CREATE INDEX funding_decision_by_call ON funding_decision(call_id, proposal_id);

-- The call's common project start date, once decided.
CREATE TABLE call_decision (
    id             INTEGER PRIMARY KEY,
    call_id        INTEGER NOT NULL UNIQUE REFERENCES call(id),
    project_start  TEXT,                   -- YYYY-MM-DD
    updated_at     TEXT NOT NULL
);

-- A grant: one partner of a funded proposal, from one funder, committed in
-- a fund (fund_commitment) at award.
CREATE TABLE award (
    id             INTEGER PRIMARY KEY,
    proposal_id    INTEGER NOT NULL REFERENCES proposal(id),
    partner_seq    INTEGER NOT NULL,
    org_id         INTEGER NOT NULL REFERENCES organization(id),
    funder_org_id  INTEGER NOT NULL REFERENCES organization(id),
    amount         INTEGER NOT NULL CHECK (amount > 0),
    currency       TEXT NOT NULL,
    start_on       TEXT NOT NULL,
    end_on         TEXT NOT NULL,
    fund_id        INTEGER NOT NULL REFERENCES fund(id),
    commitment_id  INTEGER NOT NULL REFERENCES fund_commitment(id),
    own_cash       INTEGER NOT NULL DEFAULT 0,  -- co-funding committed
    own_in_kind    INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL CHECK (status IN ('active', 'closed')),
    created_at     TEXT NOT NULL,
    UNIQUE (proposal_id, partner_seq, funder_org_id)
);

CREATE TABLE award_milestone (
    id             INTEGER PRIMARY KEY,
    award_id       INTEGER NOT NULL REFERENCES award(id),
    kind           TEXT NOT NULL CHECK (kind IN ('milestone', 'deliverable')),
    title          TEXT NOT NULL,
    due_on         TEXT NOT NULL,
    done_on        TEXT
);
CREATE INDEX award_milestone_by_award ON award_milestone(award_id, due_on);

CREATE TABLE award_report (
    id             INTEGER PRIMARY KEY,
    award_id       INTEGER NOT NULL REFERENCES award(id),
    period_end     TEXT NOT NULL,
    due_on         TEXT NOT NULL,
    submitted_on   TEXT,
    accepted_on    TEXT,
    UNIQUE (award_id, period_end)
);

CREATE TABLE award_tranche (
    id             INTEGER PRIMARY KEY,
    award_id       INTEGER NOT NULL REFERENCES award(id),
    seq            INTEGER NOT NULL,
    due_on         TEXT NOT NULL,
    amount         INTEGER NOT NULL CHECK (amount > 0),
    paid_on        TEXT,
    transfer_id    INTEGER,                -- the fund ledger's disbursement
    UNIQUE (award_id, seq)
);

-- Own contributions reported by a partner against its co-funding
-- commitment (cash or in kind).
CREATE TABLE award_cofunding (
    id             INTEGER PRIMARY KEY,
    award_id       INTEGER NOT NULL REFERENCES award(id),
    kind           TEXT NOT NULL CHECK (kind IN ('cash', 'in_kind')),
    amount         INTEGER NOT NULL CHECK (amount > 0),
    reported_on    TEXT NOT NULL,
    note           TEXT
);
