-- 0003 peer review: each call's review set-up, its reviewer pool,
-- declared conflicts, assignments and reviews.

-- How a call is reviewed (one row per call; absent = not set up yet).
CREATE TABLE review_setup (
    id             INTEGER PRIMARY KEY,
    call_id        INTEGER NOT NULL UNIQUE REFERENCES call(id),
    per_proposal   INTEGER NOT NULL CHECK (per_proposal BETWEEN 1 AND 20),
    max_same_country INTEGER,              -- reviewers of one country per proposal
    exclude_applicant_countries INTEGER NOT NULL DEFAULT 0,
    scheme         TEXT NOT NULL,          -- JSON: criteria, scale, thresholds
    updated_at     TEXT NOT NULL
);

-- The reviewer pool: invitations and their answers, with loads.
CREATE TABLE reviewer (
    id             INTEGER PRIMARY KEY,
    call_id        INTEGER NOT NULL REFERENCES call(id),
    person_id      INTEGER NOT NULL REFERENCES person(id),
    status         TEXT NOT NULL CHECK (status IN ('invited', 'accepted',
                       'declined')),
    reason         TEXT,                   -- why declined
    min_load       INTEGER NOT NULL DEFAULT 0 CHECK (min_load >= 0),
    max_load       INTEGER NOT NULL CHECK (max_load >= min_load),
    invited_at     TEXT NOT NULL,
    answered_at    TEXT,
    UNIQUE (call_id, person_id)
);
CREATE INDEX reviewer_by_person ON reviewer(person_id);

-- Conflicts a reviewer (or the secretariat) declared, with the reason.
CREATE TABLE declared_conflict (
    id             INTEGER PRIMARY KEY,
    proposal_id    INTEGER NOT NULL REFERENCES proposal(id),
    person_id      INTEGER NOT NULL REFERENCES person(id),
    reason         TEXT NOT NULL,
    declared_at    TEXT NOT NULL,
    UNIQUE (proposal_id, person_id)
);
