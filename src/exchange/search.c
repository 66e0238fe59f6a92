/*
 * search.c -- see search.h.
 *
 * Documents.  Each searchable record becomes one row of search_doc: what
 * is shown (title, summary, country...), and three token columns made by
 * exchange/search_text.h -- the title, the rest of the text, and the
 * facets, one token per filter value ("_ccn" country CN, "_rasia" region,
 * "_tsme" organisation type, "_sme1", "_korganization" kind).  Facet tokens
 * turn a filter into one more posting list that the full-text index
 * intersects with the words', which keeps a two-word query with a country
 * filter fast on a million documents (BENCHMARKS.md); they never collide
 * with words: on SQLite "_" is a token character and no word holds one,
 * on PostgreSQL (whose parser drops the "_") facets carry weight D and
 * words are looked for with weights A and B only.
 *
 * Two backends, two SQL dialects.  Full-text search is the one thing the
 * two databases do not share a syntax for (FTS5's MATCH and bm25() against
 * tsvector, to_tsquery and ts_rank), so this module holds a statement per
 * backend and picks it by store_backend_name(); every statement still goes
 * through store.h with $n parameters, and the tokens, which are the same
 * on both, are made here in C.
 */
#include "exchange/search.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "exchange/search_text.h"
#include "registry/iso.h"
#include "registry/org.h"

/* Most bytes of the summary shown with a result. */
#define SEARCH_SUMMARY_MAX 240

static bool is_pg(store *s)
{
    return strcmp(store_backend_name(s), "postgres") == 0;
}

/* ---- documents ---- */

typedef struct search_doc {
    const char *kind;
    int64_t ref_id, org_id;    /* org_id 0: none */
    const char *country;       /* may be NULL */
    const char *org_type;      /* may be NULL */
    bool sme;
    buf title;                 /* every form of the title, to index */
    buf body;                  /* the rest of the text, to index and show */
    const char *shown_title;   /* the title as shown */
} search_doc;

static void doc_init(search_doc *d, const char *kind, int64_t ref_id)
{
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->ref_id = ref_id;
    buf_init(&d->title, 1 << 20);
    buf_init(&d->body, 1 << 20);
}

static void doc_free(search_doc *d)
{
    buf_free(&d->title);
    buf_free(&d->body);
}

/* Append text to a document part, a line per piece. */
static void part_add(buf *b, const char *text)
{
    if (text == NULL || *text == '\0')
        return;
    if (b->len > 0)
        buf_append(b, "\n", 1);
    buf_puts(b, text);
}

/* Append the elements of a JSON array of strings (as stored). */
static void part_add_list(buf *b, const char *json_text)
{
    json_t *a = json_text ? json_loads(json_text, 0, NULL) : NULL;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) part_add(b, json_string_value(v));
    json_decref(a);
}

/* One facet token: prefix and the letters and digits of value, folded. */
static void facet_add(buf *b, const char *prefix, const char *value)
{
    if (value == NULL || *value == '\0')
        return;
    if (b->len > 0)
        buf_append(b, " ", 1);
    buf_puts(b, prefix);
    for (const char *p = value; *p; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            buf_append(b, &c, 1);
    }
}

static const char *region_of(const char *country)
{
    const iso_country *c = iso_country_by_alpha2(country);
    return c && c->region[0] ? c->region : NULL;
}

/* The summary: the start of the body, cut at a character boundary. */
static char *summary_of(const buf *body)
{
    size_t n = body->len;
    if (n > SEARCH_SUMMARY_MAX) {
        n = SEARCH_SUMMARY_MAX;
        while (n > 0 && ((unsigned char)body->data[n] & 0xC0) == 0x80)
            n--;
    }
    char *out = xmalloc(n + 1);
    if (n)
        memcpy(out, body->data, n);
    out[n] = '\0';
    for (char *p = out; *p; p++)
        if (*p == '\n')
            *p = ' ';
    return out;
}

static serai_code doc_write(store *s, const search_doc *d, serai_err *err)
{
#define DOC_INSERT                                                          \
    "INSERT INTO search_doc (kind, ref_id, org_id, country, region, "       \
    "org_type, sme, title, summary, title_terms, body_terms, facets"
#define DOC_UPDATE                                                          \
    " ON CONFLICT (kind, ref_id) DO UPDATE SET org_id = excluded.org_id, "  \
    "country = excluded.country, region = excluded.region, "                \
    "org_type = excluded.org_type, sme = excluded.sme, "                    \
    "title = excluded.title, summary = excluded.summary, "                  \
    "title_terms = excluded.title_terms, body_terms = excluded.body_terms, " \
    "facets = excluded.facets"
    static const char sqlite_sql[] =
        DOC_INSERT ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
        "$12)" DOC_UPDATE;
    static const char pg_sql[] =
        DOC_INSERT ", tsv) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
        "$11, $12, setweight(to_tsvector('simple', $10), 'A') || "
        "setweight(to_tsvector('simple', $11), 'B') || "
        "setweight(to_tsvector('simple', $12), 'D'))" DOC_UPDATE
        ", tsv = excluded.tsv";
#undef DOC_INSERT
#undef DOC_UPDATE
    store_stmt *st;
    serai_code rc = store_prepare(s, is_pg(s) ? pg_sql : sqlite_sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    char *title_terms = search_text_terms(d->title.data);
    char *body_terms = search_text_terms(d->body.data);
    char *summary = summary_of(&d->body);
    const char *region = d->country ? region_of(d->country) : NULL;
    buf facets;
    buf_init(&facets, 4096);
    facet_add(&facets, "_k", d->kind);
    facet_add(&facets, "_c", d->country);
    facet_add(&facets, "_r", region);
    facet_add(&facets, "_t", d->org_type);
    if (d->sme)
        facet_add(&facets, "_sme", "1");
    store_bind_text(st, 1, d->kind);
    store_bind_int64(st, 2, d->ref_id);
    if (d->org_id)
        store_bind_int64(st, 3, d->org_id);
    else
        store_bind_null(st, 3);
    store_bind_text(st, 4, d->country);
    store_bind_text(st, 5, region);
    store_bind_text(st, 6, d->org_type);
    store_bind_bool(st, 7, d->sme);
    store_bind_text(st, 8, d->shown_title);
    store_bind_text(st, 9, summary);
    store_bind_text(st, 10, title_terms);
    store_bind_text(st, 11, body_terms);
    store_bind_text(st, 12, facets.data ? facets.data : "");
    rc = store_run(st, NULL, err);
    buf_free(&facets);
    free(summary);
    free(title_terms);
    free(body_terms);
    return rc;
}

static serai_code doc_delete(store *s, const char *kind, int64_t ref_id,
                             serai_err *err)
{
    static const char sql[] =
        "DELETE FROM search_doc WHERE kind = $1 AND ref_id = $2";
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_text(st, 1, kind);
    store_bind_int64(st, 2, ref_id);
    return store_run(st, NULL, err);
}

/* The row of record id that sql ("... WHERE id = $1") selects: *found
 * tells whether there is one; then *st holds it until the caller resets. */
static serai_code load_record(store *s, const char *sql, int64_t id,
                              store_stmt **st, bool *found, serai_err *err)
{
    serai_code rc = store_prepare(s, sql, st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(*st, 1, id);
    int r = store_step(*st, err);
    *found = r == STORE_ROW;
    if (!*found)
        store_reset(*st);
    return r == STORE_ERROR ? (err ? err->code : SERAI_ESTORE) : SERAI_OK;
}

static char *col_dup(store_stmt *st, int col)
{
    const char *v = store_col_text(st, col);
    return v ? xstrdup(v) : NULL;
}

serai_code search_index_org(store *s, int64_t org_id, serai_err *err)
{
    static const char sql[] =
        "SELECT name, names, type, country, sme FROM organization "
        "WHERE id = $1";
    store_stmt *st;
    bool found;
    serai_code rc = load_record(s, sql, org_id, &st, &found, err);
    if (rc != SERAI_OK || !found)
        return rc != SERAI_OK ? rc : doc_delete(s, "organization", org_id, err);
    search_doc d;
    doc_init(&d, "organization", org_id);
    char *name = col_dup(st, 0), *names = col_dup(st, 1);
    char *type = col_dup(st, 2), *country = col_dup(st, 3);
    d.sme = store_col_int64(st, 4) != 0;
    store_reset(st);
    d.org_id = org_id;
    d.country = country;
    d.org_type = type;
    d.shown_title = name;
    part_add(&d.title, name);
    json_t *all = names ? json_loads(names, 0, NULL) : NULL;
    const char *lang;
    json_t *v;
    json_object_foreach(all, lang, v) {
        const char *n = json_string_value(v);
        if (n && strcmp(n, name) != 0)
            part_add(&d.title, n);
    }
    json_decref(all);
    /* The body says what and where it is, in words: "university China". */
    const iso_country *c = iso_country_by_alpha2(country);
    char what[64];
    snprintf(what, sizeof what, "%s", type ? type : "");
    for (char *p = what; *p; p++)
        if (*p == '_')
            *p = ' ';
    part_add(&d.body, what);
    if (c) {
        part_add(&d.body, c->name_en);
        part_add(&d.body, c->name_zh);
    }
    rc = doc_write(s, &d, err);
    doc_free(&d);
    free(name);
    free(names);
    free(type);
    free(country);
    return rc;
}

serai_code search_index_person(store *s, int64_t person_id, serai_err *err)
{
    static const char sql[] =
        "SELECT name, country, keywords, expertise FROM person WHERE id = $1";
    /* Current affiliations: their organisations' names are searchable with
     * the person ("people at the Chinese Academy of Sciences"). */
    static const char aff_sql[] =
        "SELECT o.id, o.name FROM affiliation a "
        "JOIN organization o ON o.id = a.org_id "
        "WHERE a.person_id = $1 AND a.end_date IS NULL ORDER BY a.id";
    store_stmt *st;
    bool found;
    serai_code rc = load_record(s, sql, person_id, &st, &found, err);
    if (rc != SERAI_OK || !found)
        return rc != SERAI_OK ? rc : doc_delete(s, "person", person_id, err);
    search_doc d;
    doc_init(&d, "person", person_id);
    char *name = col_dup(st, 0), *country = col_dup(st, 1);
    char *keywords = col_dup(st, 2), *expertise = col_dup(st, 3);
    store_reset(st);
    d.country = country;
    d.shown_title = name;
    part_add(&d.title, name);
    part_add_list(&d.body, keywords);
    part_add(&d.body, expertise);
    if ((rc = store_prepare(s, aff_sql, &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, person_id);
        int r;
        while ((r = store_step(st, err)) == STORE_ROW) {
            if (d.org_id == 0)
                d.org_id = store_col_int64(st, 0);
            part_add(&d.body, store_col_text(st, 1));
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err ? err->code : SERAI_ESTORE;
    }
    if (rc == SERAI_OK)
        rc = doc_write(s, &d, err);
    doc_free(&d);
    free(name);
    free(country);
    free(keywords);
    free(expertise);
    return rc;
}

static const char *const market_kinds[] = {
    "technology_offer", "technology_request", "partner_search", NULL};

serai_code search_index_market_item(store *s, int64_t item_id, serai_err *err)
{
    static const char sql[] =
        "SELECT m.kind, m.title, m.description, m.keywords, m.org_id, "
        "m.country, m.sought_expertise, o.type, o.sme, o.name "
        "FROM market_item m JOIN organization o ON o.id = m.org_id "
        "WHERE m.id = $1 AND m.status = 'open'";
    store_stmt *st;
    bool found;
    serai_code rc = load_record(s, sql, item_id, &st, &found, err);
    if (rc != SERAI_OK)
        return rc;
    if (!found) {
        for (size_t i = 0; rc == SERAI_OK && market_kinds[i]; i++)
            rc = doc_delete(s, market_kinds[i], item_id, err);
        return rc;
    }
    const char *kind = NULL;
    const char *k = store_col_text(st, 0);
    for (size_t i = 0; market_kinds[i]; i++)
        if (k && strcmp(k, market_kinds[i]) == 0)
            kind = market_kinds[i];
    search_doc d;
    doc_init(&d, kind ? kind : market_kinds[0], item_id);
    char *title = col_dup(st, 1), *country = col_dup(st, 5);
    char *type = col_dup(st, 7);
    d.org_id = store_col_int64(st, 4);
    d.sme = store_col_int64(st, 8) != 0;
    d.country = country;
    d.org_type = type;
    d.shown_title = title;
    part_add(&d.title, title);
    part_add(&d.body, store_col_text(st, 2));
    part_add_list(&d.body, store_col_text(st, 3));
    part_add(&d.body, store_col_text(st, 6));
    part_add(&d.body, store_col_text(st, 9));
    store_reset(st);
    rc = doc_write(s, &d, err);
    doc_free(&d);
    free(title);
    free(country);
    free(type);
    return rc;
}

/* ---- rebuilding ---- */

typedef serai_code (*index_fn)(store *, int64_t, serai_err *);

/* Index every row that sql ("ids after $1, in order, at most $2") lists,
 * a batch of ids at a time: the ids are read before the documents are
 * written, since a backend may not interleave reading one statement with
 * running others. */
static serai_code reindex_all(store *s, const char *sql, index_fn fn,
                              int64_t *count, serai_err *err)
{
    enum { BATCH = 1000 };
    int64_t ids[BATCH], after = 0;
    for (;;) {
        store_stmt *st;
        serai_code rc = store_prepare(s, sql, &st, err);
        if (rc != SERAI_OK)
            return rc;
        store_bind_int64(st, 1, after);
        store_bind_int64(st, 2, BATCH);
        int n = 0, r;
        while ((r = store_step(st, err)) == STORE_ROW)
            ids[n++] = store_col_int64(st, 0);
        store_reset(st);
        if (r == STORE_ERROR)
            return err ? err->code : SERAI_ESTORE;
        for (int i = 0; i < n; i++)
            if ((rc = fn(s, ids[i], err)) != SERAI_OK)
                return rc;
        *count += n;
        if (n < BATCH)
            return SERAI_OK;
        after = ids[n - 1];
    }
}

serai_code search_reindex(store *s, int64_t *count, serai_err *err)
{
    static const char orgs[] =
        "SELECT id FROM organization WHERE id > $1 ORDER BY id LIMIT $2";
    static const char people[] =
        "SELECT id FROM person WHERE id > $1 ORDER BY id LIMIT $2";
    static const char items[] =
        "SELECT id FROM market_item WHERE id > $1 AND status = 'open' "
        "ORDER BY id LIMIT $2";
    int64_t n = 0;
    bool own = !store_in_transaction(s);
    serai_code rc = own ? store_begin(s, err) : SERAI_OK;
    if (rc == SERAI_OK)
        rc = store_exec(s, "DELETE FROM search_doc", err);
    if (rc == SERAI_OK)
        rc = reindex_all(s, orgs, search_index_org, &n, err);
    if (rc == SERAI_OK)
        rc = reindex_all(s, people, search_index_person, &n, err);
    if (rc == SERAI_OK)
        rc = reindex_all(s, items, search_index_market_item, &n, err);
    if (own) {
        if (rc == SERAI_OK)
            rc = store_commit(s, err);
        if (rc != SERAI_OK)
            store_rollback(s);
    }
    if (count)
        *count = rc == SERAI_OK ? n : 0;
    return rc;
}

/* ---- queries ---- */

static const char *const doc_kinds[] = {
    "organization", "person", "technology_offer", "technology_request",
    "partner_search", NULL};

static bool in_list(const char *v, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(v, list[i]) == 0)
            return true;
    return false;
}

static bool region_known(const char *region)
{
    for (size_t i = 0; i < iso_country_count; i++)
        if (strcmp(iso_countries[i].region, region) == 0)
            return true;
    return false;
}

static serai_code check_request(const actor *who, const search_request *r,
                                bool *people, serai_err *err)
{
    if (r->q == NULL)
        return serai_fail(err, SERAI_EINVAL, "?q", "q, the text to search for, is required");
    if (strlen(r->q) > SEARCH_Q_MAX)
        return serai_fail(err, SERAI_EINVAL, "?q",
                          "q must be at most %d bytes", SEARCH_Q_MAX);
    if (r->country && iso_country_by_alpha2(r->country) == NULL)
        return serai_fail(err, SERAI_EINVAL, "?country",
                          "country \"%.20s\" is not an ISO 3166-1 alpha-2 code",
                          r->country);
    if (r->region && (r->region[0] == '\0' || !region_known(r->region)))
        return serai_fail(err, SERAI_EINVAL, "?region",
                          "region \"%.20s\" is not one of Africa, Americas, "
                          "Asia, Europe, Oceania", r->region);
    if (r->type && !org_type_valid(r->type))
        return serai_fail(err, SERAI_EINVAL, "?type",
                          "type \"%.40s\" is not an organisation type", r->type);
    if (r->kind && !in_list(r->kind, doc_kinds))
        return serai_fail(err, SERAI_EINVAL, "?kind",
                          "kind \"%.40s\" is not one of organization, person, "
                          "technology_offer, technology_request, partner_search",
                          r->kind);
    if (r->page.after < 0 || r->page.after > SEARCH_OFFSET_MAX)
        return serai_fail(err, SERAI_EINVAL, "?cursor",
                          "cursor is not one this server handed out");
    *people = who->role == ROLE_SECRETARIAT || who->role == ROLE_OBSERVER;
    if (r->kind && strcmp(r->kind, "person") == 0 && !*people)
        return who->role == ROLE_PUBLIC
                   ? serai_fail(err, SERAI_EUNAUTH, NULL,
                                "people are visible only after login")
                   : serai_fail(err, SERAI_EFORBIDDEN, "?kind",
                                "only the secretariat and observers search people");
    return SERAI_OK;
}

/* The query for one backend.  Words: each token quoted ("tok") for FTS5,
 * or 'tok':AB in a tsquery; the
 * tokens hold letters, digits and CJK characters only (search_text.h), so
 * no operator, quote or column name of the user's text survives to the
 * query.  Filters: facet tokens ("_ccn"), with weight D on PostgreSQL.
 * People are left out with NOT for those who may not see them. */
static void build_query(buf *q, bool pg, const char *terms,
                        const search_request *r, bool people)
{
    buf facets;
    buf_init(&facets, 4096);
    facet_add(&facets, "_c", r->country);
    facet_add(&facets, "_r", r->region);
    facet_add(&facets, "_t", r->type);
    facet_add(&facets, "_k", r->kind);
    if (r->sme)
        facet_add(&facets, "_sme", "1");
    const char *lists[2] = {terms, facets.data ? facets.data : ""};
    for (int part = 0; part < 2; part++) {
        const char *p = lists[part];
        while (*p) {
            size_t n = strcspn(p, " ");
            if (n > 0) {
                if (q->len > 0)
                    buf_puts(q, pg ? " & " : " AND ");
                if (pg)
                    buf_printf(q, "'%.*s':%s", (int)n, p, part ? "D" : "AB");
                else
                    buf_printf(q, "\"%.*s\"", (int)n, p);
            }
            p += n + (p[n] == ' ');
        }
    }
    if (!people)
        buf_puts(q, pg ? " & !'_kperson':D" : " NOT \"_kperson\"");
    buf_free(&facets);
}

static json_t *result_row(store_stmt *st)
{
    const char *score = store_col_text(st, 8);
    double v = score ? strtod(score, NULL) : 0.0;
    json_t *j = json_object();
    json_object_set_new(j, "kind", json_string(store_col_text(st, 0)));
    json_object_set_new(j, "id", json_integer(store_col_int64(st, 1)));
    json_object_set_new(j, "title", json_string(store_col_text(st, 2)));
    json_object_set_new(j, "summary", json_string(store_col_text(st, 3)));
    for (int c = 4; c <= 6; c++) {
        static const char *const names[] = {"country", "region", "type"};
        const char *t = store_col_text(st, c);
        json_object_set_new(j, names[c - 4], t ? json_string(t) : json_null());
    }
    json_object_set_new(j, "sme", json_boolean(store_col_int64(st, 7) != 0));
    json_object_set_new(j, "score", json_real((double)(int64_t)(v * 1e4 + (v < 0 ? -0.5 : 0.5)) / 1e4));
    return j;
}

serai_code search_query(store *s, const actor *who, const search_request *req,
                        json_t **out, serai_err *err)
{
#define RESULT_COLUMNS                                                       \
    "d.kind, d.ref_id, d.title, d.summary, d.country, d.region, "           \
    "d.org_type, d.sme, "
    /* Current members of a platform: the organisation, or the person. */
#define PLATFORM_FILTER                                                      \
    " AND EXISTS (SELECT 1 FROM platform_member m "                         \
    "WHERE m.platform_id = $4 AND m.left_on IS NULL AND "                   \
    "((d.kind <> 'person' AND m.org_id = d.org_id) OR "                     \
    "(d.kind = 'person' AND m.person_id = d.ref_id)))"
    /* bm25 weights: title 10, the rest 1, facets 0 (filters only).  The
     * page is ranked inside FTS5 before the join, so that only the rows
     * shown are read from search_doc; with a platform filter the join
     * comes first, as it must. */
    static const char sqlite_sql[] =
        "SELECT " RESULT_COLUMNS "-f.r FROM (SELECT rowid AS id, "
        "bm25(search_fts, 10.0, 1.0, 0.0) AS r FROM search_fts "
        "WHERE search_fts MATCH $1 ORDER BY r, rowid LIMIT $2 OFFSET $3) f "
        "JOIN search_doc d ON d.id = f.id ORDER BY f.r, f.id";
    static const char sqlite_platform_sql[] =
        "SELECT " RESULT_COLUMNS "-bm25(search_fts, 10.0, 1.0, 0.0) AS score "
        "FROM search_fts JOIN search_doc d ON d.id = search_fts.rowid "
        "WHERE search_fts MATCH $1" PLATFORM_FILTER
        " ORDER BY bm25(search_fts, 10.0, 1.0, 0.0), d.id LIMIT $2 OFFSET $3";
    static const char pg_sql[] =
        "SELECT " RESULT_COLUMNS "ts_rank(d.tsv, q.q) AS score "
        "FROM search_doc d, to_tsquery('simple', $1) AS q(q) "
        "WHERE d.tsv @@ q.q ORDER BY score DESC, d.id LIMIT $2 OFFSET $3";
    static const char pg_platform_sql[] =
        "SELECT " RESULT_COLUMNS "ts_rank(d.tsv, q.q) AS score "
        "FROM search_doc d, to_tsquery('simple', $1) AS q(q) "
        "WHERE d.tsv @@ q.q" PLATFORM_FILTER
        " ORDER BY score DESC, d.id LIMIT $2 OFFSET $3";
#undef RESULT_COLUMNS
#undef PLATFORM_FILTER
    *out = NULL;
    bool people;
    serai_code rc = check_request(who, req, &people, err);
    if (rc != SERAI_OK)
        return rc;
    char *terms = search_text_terms(req->q);
    if (terms[0] == '\0') {
        free(terms);
        return serai_fail(err, SERAI_EINVAL, "?q",
                          "q holds no word to search for (only punctuation, "
                          "operators or spaces)");
    }
    bool pg = is_pg(s);
    buf q;
    buf_init(&q, 64 * 1024);
    build_query(&q, pg, terms, req, people);
    free(terms);
    store_stmt *st;
    const char *sql = req->platform_id ? (pg ? pg_platform_sql : sqlite_platform_sql)
                                       : (pg ? pg_sql : sqlite_sql);
    if ((rc = store_prepare(s, sql, &st, err)) != SERAI_OK) {
        buf_free(&q);
        return rc;
    }
    store_bind_text(st, 1, q.data);
    store_bind_int64(st, 2, (int64_t)req->page.limit + 1);
    store_bind_int64(st, 3, req->page.after);
    if (req->platform_id)
        store_bind_int64(st, 4, req->platform_id);
    json_t *items = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW &&
           json_array_size(items) < (size_t)req->page.limit)
        json_array_append_new(items, result_row(st));
    bool more = r == STORE_ROW;
    store_reset(st);
    buf_free(&q);
    if (r == STORE_ERROR) {
        json_decref(items);
        return err ? err->code : SERAI_ESTORE;
    }
    int64_t next = req->page.after + req->page.limit;
    *out = page_result(items, next, more && next <= SEARCH_OFFSET_MAX);
    return SERAI_OK;
}
