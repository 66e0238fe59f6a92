/*
 * market.h -- technology offers, technology requests and partner searches
 * (docs/exchange.md): what an organisation offers, what it looks for, and
 * the partners it seeks for a call, each with an expiry date, expressions
 * of interest from other organisations, and a status.
 *
 * An item is "open" until its owner closes or withdraws it; past its
 * expires_on date it shows as "expired" and takes no more interest.
 *
 * Rights: an applicant posts items for its own organisation (its account's)
 * and the secretariat for any; the poster (or the secretariat) changes the
 * status and decides on interests.  Applicants express interest for their
 * own organisation (not in their own items).  Everyone reads open items;
 * the poster and the secretariat read all interests in an item, an
 * interested organisation's account its own.
 */
#ifndef SERAI_EXCHANGE_MARKET_H
#define SERAI_EXCHANGE_MARKET_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "store/store.h"

#define MARKET_TITLE_MAX 300
#define MARKET_TEXT_MAX 10000

/* {"kind": "technology_offer" | "technology_request" | "partner_search",
 *  "title", "description", "keywords"?: [..], "organization_id"? (the
 *  secretariat's; an applicant's own by default), "person_id"?,
 *  "call_id"? (partner_search, required there), "sought_expertise"?,
 *  "sought_countries"?: ["KE", ...], "sought_org_type"?: an organisation
 *  type or "sme", "expires_on": YYYY-MM-DD (today or later)} */
serai_code market_create(store *s, const actor *who, json_t *body, json_t **out,
                         serai_err *err) __attribute__((warn_unused_result));
serai_code market_get(store *s, const actor *who, int64_t id, json_t **out,
                      serai_err *err) __attribute__((warn_unused_result));

typedef struct market_filter {
    const char *kind;      /* NULL: all kinds */
    const char *country;   /* the poster's country */
    int64_t call_id;       /* 0: any */
    bool include_closed;   /* closed, withdrawn and expired items too */
    int limit;             /* 1..200 */
    int64_t after;         /* keyset: items with id > after */
} market_filter;
/* {"items": [...], "next"} */
serai_code market_list(store *s, const actor *who, const market_filter *f,
                       json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"status": "open" | "closed" | "withdrawn"} */
serai_code market_set_status(store *s, const actor *who, int64_t id, json_t *body,
                             json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"message", "organization_id"? (the secretariat's), "person_id"?} on an
 * open, unexpired item. -> the interest. */
serai_code market_interest_add(store *s, const actor *who, int64_t item_id,
                               json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"status": "accepted" | "declined"} by the item's poster. */
serai_code market_interest_decide(store *s, const actor *who, int64_t interest_id,
                                  json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

#endif
