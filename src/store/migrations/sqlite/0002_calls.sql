-- 0002 calls for proposals and proposals (the project-support model).
-- Money is INTEGER minor units beside an ISO 4217 code.  Instants are ISO
-- 8601 UTC text; those compared by the library (deadlines, submission) are
-- also kept as Unix seconds.  JSON columns hold per-language variants
-- ({"en": "...", "zh": "..."}) and lists.

CREATE TABLE call (
    id             INTEGER PRIMARY KEY,
    programme      TEXT NOT NULL,
    edition        TEXT NOT NULL,
    title          TEXT NOT NULL,          -- in the authoritative language
    title_lang     TEXT NOT NULL,
    titles         TEXT NOT NULL,          -- JSON lang -> title
    descriptions   TEXT NOT NULL DEFAULT '{}', -- JSON lang -> description
    funding_mode   TEXT NOT NULL CHECK (funding_mode IN ('virtual_common_pot',
                       'real_common_pot', 'mixed')),
    time_zone      TEXT NOT NULL,          -- announced zone, e.g. Europe/Brussels
    status         TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed',
                       'in_evaluation', 'decided')),
    agenda_issues  TEXT NOT NULL DEFAULT '[]', -- JSON array of agenda issue ids
    rule_version   INTEGER NOT NULL DEFAULT 0, -- current rule set; 0 = none yet
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (programme, edition)
);
CREATE INDEX call_by_status ON call(status, id);

-- Stages in order: an optional letter of intent / stage 1, then the full
-- proposal.  Deadlines are UTC; the call's time_zone is how it was announced.
CREATE TABLE call_stage (
    id             INTEGER PRIMARY KEY,
    call_id        INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,       -- 1, 2
    kind           TEXT NOT NULL CHECK (kind IN ('letter_of_intent', 'stage_1',
                       'full_proposal')),
    opens_at       TEXT,
    deadline       TEXT NOT NULL,
    deadline_unix  INTEGER NOT NULL,
    UNIQUE (call_id, seq)
);

-- Participating funders (funding agencies) with their budget for the call
-- and their national annex (the annex object of docs/eligibility.md).
CREATE TABLE call_funder (
    id             INTEGER PRIMARY KEY,
    call_id        INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
    org_id         INTEGER NOT NULL REFERENCES organization(id),
    budget         INTEGER NOT NULL CHECK (budget >= 0),
    currency       TEXT NOT NULL,
    annex          TEXT,                   -- JSON object or NULL
    UNIQUE (call_id, org_id)
);
CREATE INDEX call_funder_by_org ON call_funder(org_id);

-- Rule sets, versioned per call: a new version never replaces an old one,
-- so every stored eligibility result can name the rules it was judged by.
CREATE TABLE call_rules (
    id             INTEGER PRIMARY KEY,
    call_id        INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    rules          TEXT NOT NULL,          -- JSON: the "rules" object
    created_at     TEXT NOT NULL,
    UNIQUE (call_id, version)
);

CREATE TABLE proposal (
    id             INTEGER PRIMARY KEY,
    call_id        INTEGER NOT NULL REFERENCES call(id),
    stage          INTEGER NOT NULL DEFAULT 1,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'submitted',
                       'eligible', 'ineligible', 'withdrawn', 'in_review',
                       'ranked', 'selected', 'reserve', 'rejected', 'funded')),
    acronym        TEXT,
    title          TEXT NOT NULL,
    abstract       TEXT NOT NULL DEFAULT '',
    keywords       TEXT NOT NULL DEFAULT '[]', -- JSON array
    duration_months INTEGER NOT NULL CHECK (duration_months BETWEEN 1 AND 1200),
    created_by     INTEGER REFERENCES account(id),
    submitted_at   TEXT,
    submitted_unix INTEGER,
    rule_version   INTEGER,                -- rules judged by at submission
    eligibility    TEXT,                   -- JSON result stored at submission
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX proposal_by_call ON proposal(call_id, id);
CREATE INDEX proposal_by_creator ON proposal(created_by, id);

-- The consortium, in order (seq from 0, as the engine's partner indices).
CREATE TABLE proposal_partner (
    id             INTEGER PRIMARY KEY,
    proposal_id    INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    org_id         INTEGER NOT NULL REFERENCES organization(id),
    role           TEXT NOT NULL CHECK (role IN ('coordinator', 'partner')),
    pi_person_id   INTEGER REFERENCES person(id),
    funder_org_id  INTEGER REFERENCES organization(id),
    requested      INTEGER NOT NULL CHECK (requested >= 0),
    currency       TEXT NOT NULL,
    own_cash       INTEGER NOT NULL DEFAULT 0 CHECK (own_cash >= 0),
    own_in_kind    INTEGER NOT NULL DEFAULT 0 CHECK (own_in_kind >= 0),
    own_expense    INTEGER NOT NULL DEFAULT 0,
    team_size      INTEGER NOT NULL DEFAULT 1,
    committed_at   TEXT,                   -- commitment form signed
    UNIQUE (proposal_id, seq)
);
CREATE INDEX proposal_partner_by_org ON proposal_partner(org_id);
CREATE INDEX proposal_partner_by_funder ON proposal_partner(funder_org_id);
CREATE INDEX proposal_partner_by_pi ON proposal_partner(pi_person_id);

-- Further team members besides the partners' PIs.
CREATE TABLE proposal_person (
    id             INTEGER PRIMARY KEY,
    proposal_id    INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
    person_id      INTEGER NOT NULL REFERENCES person(id),
    UNIQUE (proposal_id, person_id)
);
CREATE INDEX proposal_person_by_person ON proposal_person(person_id);

-- Budget lines of a partner; when a partner has lines they add up to its
-- budget (requested + own_cash + own_in_kind).
CREATE TABLE budget_line (
    id             INTEGER PRIMARY KEY,
    proposal_id    INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
    partner_seq    INTEGER NOT NULL,
    category       TEXT NOT NULL CHECK (category IN ('personnel', 'equipment',
                       'travel', 'subcontracting', 'consumables', 'other',
                       'indirect')),
    description    TEXT,
    amount         INTEGER NOT NULL CHECK (amount >= 0)
);
CREATE INDEX budget_line_by_proposal ON budget_line(proposal_id);
