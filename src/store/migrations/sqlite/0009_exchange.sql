-- 0009 exchange: the multilateral exchange model (src/exchange/,
-- docs/exchange.md): thematic platforms with members, a management
-- committee, working groups and composition rules; events and mobility
-- programmes with registration, waiting lists, quotas and a timetable;
-- technology offers, requests and partner searches with expressions of
-- interest; one-to-one brokerage meetings scheduled into time slots.

CREATE TABLE platform (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL CHECK (kind IN ('thematic_network',
                       'joint_laboratory', 'technology_transfer_centre',
                       'science_park')),
    name           TEXT NOT NULL,
    names          TEXT NOT NULL DEFAULT '{}',   -- JSON lang -> name
    description    TEXT NOT NULL DEFAULT '',
    country        TEXT,                          -- host country, if any
    rules          TEXT NOT NULL DEFAULT '{}',    -- JSON: composition rules
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- Working groups of a platform.
CREATE TABLE platform_group (
    id             INTEGER PRIMARY KEY,
    platform_id    INTEGER NOT NULL REFERENCES platform(id),
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    UNIQUE (platform_id, name)
);

-- A member: an organisation or a person, from a country; its place in the
-- management committee (role) and its working group.
CREATE TABLE platform_member (
    id             INTEGER PRIMARY KEY,
    platform_id    INTEGER NOT NULL REFERENCES platform(id),
    org_id         INTEGER REFERENCES organization(id),
    person_id      INTEGER REFERENCES person(id),
    country        TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('member', 'mc_member',
                       'mc_chair', 'mc_vice_chair')),
    group_id       INTEGER REFERENCES platform_group(id),
    joined_on      TEXT NOT NULL,
    left_on        TEXT,
    CHECK ((org_id IS NULL) <> (person_id IS NULL))
);
CREATE INDEX platform_member_by_platform ON platform_member(platform_id, country);
CREATE INDEX platform_member_by_org ON platform_member(org_id);
CREATE INDEX platform_member_by_person ON platform_member(person_id);

CREATE TABLE event (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,
    kind                TEXT NOT NULL CHECK (kind IN ('forum', 'workshop',
                            'training', 'exchange_programme', 'brokerage')),
    title               TEXT NOT NULL,
    titles              TEXT NOT NULL DEFAULT '{}',
    description         TEXT NOT NULL DEFAULT '',
    platform_id         INTEGER REFERENCES platform(id),
    starts_on           TEXT NOT NULL,           -- YYYY-MM-DD
    ends_on             TEXT NOT NULL,
    place               TEXT,                    -- NULL: online only
    online              INTEGER NOT NULL DEFAULT 0,
    timezone            TEXT NOT NULL DEFAULT 'UTC',
    capacity            INTEGER NOT NULL CHECK (capacity >= 0),
    country_quota       INTEGER CHECK (country_quota >= 1), -- confirmed per country
    registration_closes TEXT NOT NULL,           -- YYYY-MM-DDTHH:MM:SSZ
    status              TEXT NOT NULL CHECK (status IN ('open', 'closed',
                            'held', 'cancelled')),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);

CREATE TABLE event_room (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES event(id),
    name           TEXT NOT NULL,
    capacity       INTEGER,
    UNIQUE (event_id, name)
);

-- The timetable: sessions in rooms (no two overlap in one room).
CREATE TABLE event_session (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES event(id),
    room_id        INTEGER REFERENCES event_room(id),
    title          TEXT NOT NULL,
    kind           TEXT NOT NULL DEFAULT 'talk',
    starts_at      TEXT NOT NULL,                -- YYYY-MM-DDTHH:MM:SSZ
    ends_at        TEXT NOT NULL,
    speaker        TEXT
);
CREATE INDEX event_session_by_event ON event_session(event_id, starts_at);

-- Registration: confirmed within capacity and quota, else waiting in order.
CREATE TABLE event_registration (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES event(id),
    person_id      INTEGER NOT NULL REFERENCES person(id),
    country        TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('confirmed', 'waiting',
                       'cancelled', 'attended')),
    registered_at  TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (event_id, person_id)
);
CREATE INDEX event_registration_by_event ON event_registration(event_id, status, id);

-- Technology offers and requests, and partner searches for a call.
CREATE TABLE market_item (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('technology_offer',
                       'technology_request', 'partner_search')),
    title          TEXT NOT NULL,
    description    TEXT NOT NULL,
    keywords       TEXT NOT NULL DEFAULT '[]',   -- JSON array
    org_id         INTEGER NOT NULL REFERENCES organization(id),
    person_id      INTEGER REFERENCES person(id),
    country        TEXT NOT NULL,
    call_id        INTEGER REFERENCES call(id),  -- partner_search: the call
    sought_expertise TEXT,
    sought_countries TEXT NOT NULL DEFAULT '[]', -- JSON array of ISO codes
    sought_org_type  TEXT,
    expires_on     TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('open', 'closed',
                       'withdrawn')),
    created_by     INTEGER REFERENCES account(id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX market_item_by_kind ON market_item(kind, status, id);

CREATE TABLE market_interest (
    id             INTEGER PRIMARY KEY,
    item_id        INTEGER NOT NULL REFERENCES market_item(id),
    org_id         INTEGER NOT NULL REFERENCES organization(id),
    person_id      INTEGER REFERENCES person(id),
    message        TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('sent', 'accepted',
                       'declined')),
    created_by     INTEGER REFERENCES account(id),
    created_at     TEXT NOT NULL,
    decided_at     TEXT,
    UNIQUE (item_id, org_id)
);

-- Brokerage: the meeting slots of an event, participants' unavailability,
-- and one-to-one meeting requests, placed in a slot at a table.
CREATE TABLE meeting_slot (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES event(id),
    starts_at      TEXT NOT NULL,
    ends_at        TEXT NOT NULL,
    UNIQUE (event_id, starts_at)
);

CREATE TABLE meeting_unavailable (
    event_id       INTEGER NOT NULL REFERENCES event(id),
    person_id      INTEGER NOT NULL REFERENCES person(id),
    slot_id        INTEGER NOT NULL REFERENCES meeting_slot(id),
    PRIMARY KEY (event_id, person_id, slot_id)
);

CREATE TABLE meeting_request (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES event(id),
    requester_id   INTEGER NOT NULL REFERENCES person(id),
    invitee_id     INTEGER NOT NULL REFERENCES person(id),
    note           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('requested', 'accepted',
                       'declined')),
    slot_id        INTEGER REFERENCES meeting_slot(id),
    table_no       INTEGER,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (requester_id <> invitee_id),
    UNIQUE (event_id, requester_id, invitee_id)
);
CREATE INDEX meeting_request_by_event ON meeting_request(event_id, status);
