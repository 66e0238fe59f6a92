/*
 * member.h -- membership of the cooperation organisation and the public
 * views of countries and currencies.
 *
 * A membership belongs to a country or to an organisation (exactly one),
 * with a status (member, partner, observer), the date it began and the
 * state of its dues (paid, due, overdue, exempt).  Memberships are public;
 * only the secretariat changes them.
 *
 * JSON: {"id": 3, "country": "KE", "organization_id": null,
 *        "status": "member", "since": "2019-04-25", "dues": "paid",
 *        "created_at": ..., "updated_at": ...}
 */
#ifndef SERAI_REGISTRY_MEMBER_H
#define SERAI_REGISTRY_MEMBER_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "core/page.h"
#include "store/store.h"

serai_code member_create(store *s, const actor *who, json_t *body,
                         json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* Change status, since or dues. */
serai_code member_update(store *s, const actor *who, int64_t id, json_t *body,
                         json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code member_get(store *s, int64_t id, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

typedef struct member_filter {
    const char *kind;   /* "country", "organization" or NULL */
    const char *status; /* member, partner, observer or NULL */
    page page;
} member_filter;
serai_code member_list(store *s, const member_filter *f, json_t **out,
                       serai_err *err) __attribute__((warn_unused_result));

/* Countries with their membership (null when none).  region filters by UN
 * region name ("Africa"); status by membership status. */
typedef struct country_filter {
    const char *region;
    const char *status;
} country_filter;
serai_code country_list(store *s, const country_filter *f, json_t **out,
                        serai_err *err) __attribute__((warn_unused_result));
serai_code country_get(store *s, const char *code, json_t **out,
                       serai_err *err) __attribute__((warn_unused_result));
/* Active ISO 4217 currencies: {"items": [{"code", "numeric", "minor_units",
 * "name"}]}. */
json_t *currency_list(void);

#endif
