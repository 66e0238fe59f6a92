-- 0004 reviews: each assignment of a reviewer to a proposal is a review,
-- from assignment to submitted scores; a consensus per proposal.

CREATE TABLE review (
    id             INTEGER PRIMARY KEY,
    proposal_id    INTEGER NOT NULL REFERENCES proposal(id),
    person_id      INTEGER NOT NULL REFERENCES person(id),
    status         TEXT NOT NULL CHECK (status IN ('assigned', 'conflict',
                       'draft', 'submitted')),
    affinity       INTEGER,                -- thousandths, from the assignment
    scores         TEXT NOT NULL DEFAULT '{}', -- JSON criterion -> halves
    comments       TEXT NOT NULL DEFAULT '',
    assigned_at    TEXT NOT NULL,
    opened_at      TEXT,
    submitted_at   TEXT,
    UNIQUE (proposal_id, person_id)
);
CREATE INDEX review_by_person ON review(person_id);

-- The score a rapporteur (or the secretariat) sets for a proposal after
-- reading its reviews, with the justification; halves of the weighted sum.
CREATE TABLE consensus (
    id             INTEGER PRIMARY KEY,
    proposal_id    INTEGER NOT NULL UNIQUE REFERENCES proposal(id),
    score          INTEGER NOT NULL,
    justification  TEXT NOT NULL,
    set_by         TEXT NOT NULL,
    set_at         TEXT NOT NULL
);
