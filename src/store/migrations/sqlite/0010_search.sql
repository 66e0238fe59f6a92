-- 0010 search: partner search over organisations, people, technology
-- offers, technology requests and partner searches (src/exchange/search.c,
-- docs/search.md).  search_doc holds one document per searchable record,
-- written by the library whenever the record changes; its *_terms columns
-- are the tokens made in C (exchange/search_text.h: folded, CJK bigrams)
-- and facets the filter tokens ("_ccn" country CN, "_rasia", "_tsme",
-- "_sme1", "_korganization"), so that
-- a filter is one more posting list intersected by the full-text index.
-- The table is derived data: whole-database copies leave it out and
-- rebuild it (search_reindex).

CREATE TABLE search_doc (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('organization', 'person',
                       'technology_offer', 'technology_request',
                       'partner_search')),
    ref_id         INTEGER NOT NULL,              -- id in the kind's table
    org_id         INTEGER,                       -- the organisation behind it
    country        TEXT,
    region         TEXT,                          -- UN M49 region of country
    org_type       TEXT,
    sme            INTEGER NOT NULL DEFAULT 0,
    title          TEXT NOT NULL,                 -- as shown
    summary        TEXT NOT NULL,                 -- as shown
    title_terms    TEXT NOT NULL,
    body_terms     TEXT NOT NULL,
    facets         TEXT NOT NULL,
    UNIQUE (kind, ref_id)
);

-- FTS5 over the three token columns, its content read from search_doc
-- (external content) and kept in step by the triggers below.  The tokens
-- are already folded, so unicode61 only splits them at the spaces; "_"
-- is a token character so that the facet tokens ("_ccn") stay whole and
-- can never equal a word (words never hold "_").  detail=column: queries
-- are lists of single tokens, never phrases, so positions are not kept.
CREATE VIRTUAL TABLE search_fts USING fts5(
    title_terms, body_terms, facets,
    content = 'search_doc', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0 tokenchars ''_''',
    detail = column);

CREATE TRIGGER search_doc_fts_insert AFTER INSERT ON search_doc BEGIN
    INSERT INTO search_fts (rowid, title_terms, body_terms, facets)
    VALUES (new.id, new.title_terms, new.body_terms, new.facets);
END;
CREATE TRIGGER search_doc_fts_delete AFTER DELETE ON search_doc BEGIN
    INSERT INTO search_fts (search_fts, rowid, title_terms, body_terms, facets)
    VALUES ('delete', old.id, old.title_terms, old.body_terms, old.facets);
END;
CREATE TRIGGER search_doc_fts_update AFTER UPDATE ON search_doc BEGIN
    INSERT INTO search_fts (search_fts, rowid, title_terms, body_terms, facets)
    VALUES ('delete', old.id, old.title_terms, old.body_terms, old.facets);
    INSERT INTO search_fts (rowid, title_terms, body_terms, facets)
    VALUES (new.id, new.title_terms, new.body_terms, new.facets);
END;
