-- 0001 foundation: registry, accounts, sessions, audit trail.
-- Countries and currencies are compiled into the program (registry/iso.c),
-- so the tables below keep their ISO codes and the library checks them.
-- Times are ISO 8601 UTC text ("2026-11-28T11:25:19Z"); expiry instants are
-- Unix seconds so that comparisons stay numeric.

CREATE TABLE organization (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,          -- in the authoritative language
    name_lang     TEXT NOT NULL,          -- ISO 639-1 of the authoritative name
    names         TEXT NOT NULL,          -- JSON object lang -> name, all variants
    type          TEXT NOT NULL CHECK (type IN ('university', 'research_institute',
                      'funding_agency', 'enterprise', 'sme', 'ngo',
                      'international_organization')),
    country       TEXT NOT NULL,
    parent_id     INTEGER REFERENCES organization(id),
    ror           TEXT UNIQUE,
    website       TEXT,
    sme           INTEGER NOT NULL DEFAULT 0,
    sme_evidence  TEXT,
    search        TEXT NOT NULL,          -- every name, folded (core/text.h)
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX organization_by_country ON organization(country, id);
CREATE INDEX organization_by_type ON organization(type, id);
CREATE INDEX organization_by_country_type ON organization(country, type, id);
CREATE INDEX organization_by_parent ON organization(parent_id);

CREATE TABLE person (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    orcid         TEXT UNIQUE,
    email         TEXT,
    country       TEXT NOT NULL,
    languages     TEXT NOT NULL DEFAULT '[]', -- JSON array of ISO 639-1 codes
    keywords      TEXT NOT NULL DEFAULT '[]', -- JSON array of expertise keywords
    expertise     TEXT,                       -- free-text expertise profile
    search        TEXT NOT NULL,              -- name, keywords, expertise, folded
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX person_by_country ON person(country, id);

CREATE TABLE affiliation (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    org_id        INTEGER NOT NULL REFERENCES organization(id),
    role          TEXT,
    start_date    TEXT,
    end_date      TEXT
);
CREATE INDEX affiliation_by_person ON affiliation(person_id);
CREATE INDEX affiliation_by_org ON affiliation(org_id);

CREATE TABLE publication (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    abstract      TEXT,
    year          INTEGER
);
CREATE INDEX publication_by_person ON publication(person_id);

-- Membership of the cooperation organisation: a country or an organisation.
CREATE TABLE membership (
    id            INTEGER PRIMARY KEY,
    country       TEXT UNIQUE,
    org_id        INTEGER UNIQUE REFERENCES organization(id),
    status        TEXT NOT NULL CHECK (status IN ('member', 'partner', 'observer')),
    since         TEXT NOT NULL,
    dues          TEXT NOT NULL CHECK (dues IN ('paid', 'due', 'overdue', 'exempt')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK ((country IS NULL) <> (org_id IS NULL))
);

CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('secretariat', 'funder',
                      'applicant', 'reviewer', 'delegate', 'observer')),
    password_hash TEXT NOT NULL,
    person_id     INTEGER REFERENCES person(id),
    org_id        INTEGER REFERENCES organization(id),
    country       TEXT,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

-- Login sessions and API tokens.  Only a BLAKE2b hash of the token is kept.
CREATE TABLE auth_token (
    hash          TEXT PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES account(id),
    kind          TEXT NOT NULL CHECK (kind IN ('session', 'api')),
    label         TEXT,
    created_at    TEXT NOT NULL,
    expires_at    INTEGER NOT NULL,
    revoked       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX auth_token_by_account ON auth_token(account_id);

-- Failed logins per e-mail address, kept in the database so that every
-- server in front of it throttles alike.
CREATE TABLE login_failure (
    email         TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    window_start  INTEGER NOT NULL
);

-- The audit trail: append-only, hash-chained (see audit/audit.c).
CREATE TABLE audit (
    seq           INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    object        TEXT NOT NULL,
    digest        TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
