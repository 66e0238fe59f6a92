/*
 * search.h -- partner search (issue 9 §4, docs/search.md): full-text
 * search over organisations, people, technology offers, technology
 * requests and partner searches, ranked (BM25 on SQLite's FTS5, ts_rank on
 * PostgreSQL's tsvector and GIN index), with filters and pages.
 *
 * The index is the table search_doc, one document per searchable record.
 * The modules that own the records keep it current by calling the
 * search_index_* function of a record inside the transaction that changes
 * it; search_reindex rebuilds it all (after a whole-database copy, which
 * leaves it out).
 *
 * Who sees what: organisations and open offers, requests and partner
 * searches are public; people only the secretariat and observers see, as
 * in the people API (registry/person.h), and no document holds an e-mail
 * address.
 */
#ifndef SERAI_EXCHANGE_SEARCH_H
#define SERAI_EXCHANGE_SEARCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "core/page.h"
#include "store/store.h"

/* Longest query text in bytes, and the deepest offset a cursor reaches
 * (ranked results past it are not worth the work: refine the query). */
#define SEARCH_Q_MAX 500
#define SEARCH_OFFSET_MAX 10000

/* Upsert (or remove) the document of one record, inside the caller's
 * transaction.  A missing record removes its document; a market item's
 * document exists only while its status is open. */
serai_code search_index_org(store *s, int64_t org_id, serai_err *err)
    __attribute__((warn_unused_result));
serai_code search_index_person(store *s, int64_t person_id, serai_err *err)
    __attribute__((warn_unused_result));
serai_code search_index_market_item(store *s, int64_t item_id, serai_err *err)
    __attribute__((warn_unused_result));

/* Rebuild every document, in one transaction (its own, or the caller's
 * when one is open).  *count (may be NULL) gets the documents written. */
serai_code search_reindex(store *s, int64_t *count, serai_err *err)
    __attribute__((warn_unused_result));

typedef struct search_request {
    const char *q;          /* the user's text; required */
    const char *country;    /* ISO 3166-1 alpha-2, or NULL */
    const char *region;     /* UN M49 region ("Asia"), or NULL */
    const char *type;       /* organisation type (org_types), or NULL */
    bool sme;               /* only SMEs */
    int64_t platform_id;    /* only current members of this platform; 0: any */
    const char *kind;       /* one kind of document, or NULL for all */
    page page;              /* limit; after = offset of the first result */
} search_request;

/* One page of results, best first:
 * {"items": [{"kind", "id", "title", "summary", "country", "region",
 *             "type", "sme", "score"}...], "next": cursor-or-null}.
 * EINVAL naming the parameter for a query with no searchable word, an
 * unknown country, region, type or kind; EFORBIDDEN (EUNAUTH when not
 * logged in) for kind=person by someone who may not read people.
 * *out is the caller's. */
serai_code search_query(store *s, const actor *who, const search_request *req,
                        json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

#endif
