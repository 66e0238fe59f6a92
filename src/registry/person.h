/*
 * person.h -- the registry of people: researchers, enterprise staff,
 * reviewers, officers.  People are not public: the secretariat and
 * observers read everyone, every other account reads and edits only its own
 * person record.
 *
 * JSON shape (output adds id, created_at, updated_at):
 *   {"name": "Wang Fang", "orcid": "0000-0002-1825-0097",
 *    "email": "wang.fang@example.edu", "country": "CN",
 *    "languages": ["zh", "en"], "keywords": ["groundwater", "isotopes"],
 *    "expertise": "free text profile",
 *    "affiliations": [{"organization_id": 7, "role": "professor",
 *                      "start": "2019-09-01", "end": null}],
 *    "publications": [{"title": "...", "abstract": "...", "year": 2023}]}
 */
#ifndef SERAI_REGISTRY_PERSON_H
#define SERAI_REGISTRY_PERSON_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "core/page.h"
#include "registry/import.h"
#include "store/store.h"

#define PERSON_NAME_MAX 200
#define PERSON_EMAIL_MAX 254
#define PERSON_TEXT_MAX 10000
#define PERSON_KEYWORD_MAX 100
#define PERSON_MAX_KEYWORDS 50
#define PERSON_MAX_LANGUAGES 20
#define PERSON_MAX_AFFILIATIONS 50
#define PERSON_MAX_PUBLICATIONS 500

serai_code person_create(store *s, const actor *who, json_t *body,
                         json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* Replace the fields present in body (lists are replaced whole). */
serai_code person_update(store *s, const actor *who, int64_t id, json_t *body,
                         json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code person_get(store *s, const actor *who, int64_t id, json_t **out,
                      serai_err *err) __attribute__((warn_unused_result));

typedef struct person_filter {
    const char *country;     /* ISO alpha-2 or NULL */
    int64_t organization_id; /* current or past affiliation, 0 = any */
    const char *q;           /* substring of name, keywords or expertise */
    page page;
} person_filter;
serai_code person_list(store *s, const actor *who, const person_filter *f,
                       json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* All-or-nothing import.  Columns: name, country (required); orcid, email,
 * languages and keywords (separated by ';'), expertise, affiliation_ror or
 * affiliation_org_id, affiliation_role, affiliation_start, affiliation_end. */
serai_code person_import_csv(store *s, const actor *who, const char *data,
                             size_t len, import_report *rep,
                             import_progress_fn progress, void *progress_ctx,
                             serai_err *err) __attribute__((warn_unused_result));

/* True when s looks like an e-mail address (one '@', a dotted domain). */
bool person_email_valid(const char *s);

#endif
