-- 0008 agenda: the issue-setting model (src/agenda/agenda.h,
-- docs/agenda.md).  A process runs through its phases (proposal ->
-- consultation -> voting -> adopted); members propose and support global
-- common issues, discuss and amend them, their delegates cast ballots, and
-- the tally adopts a ranked agenda whose issues are linked to the calls
-- that address them.

CREATE TABLE agenda_process (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    title              TEXT NOT NULL,
    titles             TEXT NOT NULL DEFAULT '{}',  -- JSON lang -> title
    description        TEXT,
    ballot             TEXT NOT NULL CHECK (ballot IN ('ranked', 'approval',
                           'score', 'budget')),
    method             TEXT NOT NULL,               -- tally method or greedy / mes
    weighting          TEXT NOT NULL CHECK (weighting IN ('member',
                           'contribution', 'double_majority')),
    support_threshold  INTEGER NOT NULL CHECK (support_threshold >= 1),
    adopt_max          INTEGER CHECK (adopt_max >= 1),
    max_score          INTEGER NOT NULL DEFAULT 10,
    budget             INTEGER,                     -- budget ballots, minor units
    currency           TEXT,                        -- of budget, costs, contributions
    fund_id            INTEGER REFERENCES fund(id),
    phase              TEXT NOT NULL CHECK (phase IN ('proposal',
                           'consultation', 'voting', 'adopted')),
    proposal_opens     TEXT NOT NULL,               -- YYYY-MM-DD, the planned dates
    consultation_opens TEXT NOT NULL,
    voting_opens       TEXT NOT NULL,
    voting_closes      TEXT NOT NULL,
    result             TEXT,                        -- JSON: the tally, once adopted
    adopted_on         TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);

-- The members taking part, with their contribution (weight under the
-- contribution and double-majority rules) and their group (consensus).
CREATE TABLE agenda_member (
    process_id         INTEGER NOT NULL REFERENCES agenda_process(id),
    membership_id      INTEGER NOT NULL REFERENCES membership(id),
    contribution       INTEGER NOT NULL DEFAULT 0 CHECK (contribution >= 0),
    grp                TEXT NOT NULL,
    PRIMARY KEY (process_id, membership_id)
);

CREATE TABLE agenda_issue (
    id                 INTEGER PRIMARY KEY,
    process_id         INTEGER NOT NULL REFERENCES agenda_process(id),
    code               TEXT NOT NULL,
    sdgs               TEXT NOT NULL DEFAULT '',    -- "6,13": UN SDG numbers
    proposer_id        INTEGER NOT NULL REFERENCES membership(id),
    cost               INTEGER CHECK (cost > 0),    -- budget ballots
    status             TEXT NOT NULL CHECK (status IN ('proposed',
                           'consultation', 'adopted', 'not_adopted')),
    place              INTEGER,                     -- place in the tally
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (process_id, code)
);

-- Title and summary per language; the first given is the original.
CREATE TABLE agenda_issue_text (
    issue_id           INTEGER NOT NULL REFERENCES agenda_issue(id),
    lang               TEXT NOT NULL,
    title              TEXT NOT NULL,
    summary            TEXT NOT NULL,
    PRIMARY KEY (issue_id, lang)
);

CREATE TABLE agenda_support (
    issue_id           INTEGER NOT NULL REFERENCES agenda_issue(id),
    membership_id      INTEGER NOT NULL REFERENCES membership(id),
    account_id         INTEGER REFERENCES account(id),
    created_at         TEXT NOT NULL,
    PRIMARY KEY (issue_id, membership_id)
);

CREATE TABLE agenda_comment (
    id                 INTEGER PRIMARY KEY,
    issue_id           INTEGER NOT NULL REFERENCES agenda_issue(id),
    parent_id          INTEGER REFERENCES agenda_comment(id),
    account_id         INTEGER REFERENCES account(id),
    author             TEXT NOT NULL,
    membership_id      INTEGER REFERENCES membership(id),
    body               TEXT NOT NULL,
    created_at         TEXT NOT NULL
);
CREATE INDEX agenda_comment_by_issue ON agenda_comment(issue_id, id);

CREATE TABLE agenda_amendment (
    id                 INTEGER PRIMARY KEY,
    issue_id           INTEGER NOT NULL REFERENCES agenda_issue(id),
    lang               TEXT NOT NULL,
    title              TEXT,
    summary            TEXT,
    reason             TEXT NOT NULL,
    membership_id      INTEGER REFERENCES membership(id),
    account_id         INTEGER REFERENCES account(id),
    status             TEXT NOT NULL CHECK (status IN ('proposed', 'accepted',
                           'rejected')),
    note               TEXT,
    created_at         TEXT NOT NULL,
    decided_at         TEXT
);
CREATE INDEX agenda_amendment_by_issue ON agenda_amendment(issue_id, id);

-- One ballot per delegate account; marks is JSON issue code -> mark.
CREATE TABLE agenda_ballot (
    id                 INTEGER PRIMARY KEY,
    process_id         INTEGER NOT NULL REFERENCES agenda_process(id),
    account_id         INTEGER NOT NULL REFERENCES account(id),
    membership_id      INTEGER NOT NULL REFERENCES membership(id),
    marks              TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    UNIQUE (process_id, account_id)
);
CREATE INDEX agenda_ballot_by_process ON agenda_ballot(process_id, membership_id);

-- An adopted issue and a call that addresses it.
CREATE TABLE agenda_link (
    issue_id           INTEGER NOT NULL REFERENCES agenda_issue(id),
    call_id            INTEGER NOT NULL REFERENCES call(id),
    created_at         TEXT NOT NULL,
    PRIMARY KEY (issue_id, call_id)
);
