/*
 * org.h -- the registry of organisations: universities, research institutes,
 * government funding agencies, enterprises and SMEs, NGOs and international
 * organisations, each in a country, optionally under a parent organisation,
 * identified worldwide by a ROR id where it has one.
 *
 * JSON shape (input and output; output adds id, created_at, updated_at):
 *   {"name": "Peking University", "name_lang": "en",
 *    "names": {"zh": "北京大学"}, "type": "university", "country": "CN",
 *    "parent_id": null, "ror": "02v51f717", "website": "https://...",
 *    "sme": false, "sme_evidence": null}
 * "names" holds every language variant; the authoritative one (name_lang)
 * is always among them on output.
 *
 * Rights: anyone may read; only the secretariat writes.
 */
#ifndef SERAI_REGISTRY_ORG_H
#define SERAI_REGISTRY_ORG_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "core/page.h"
#include "registry/import.h"
#include "store/store.h"

#define ORG_NAME_MAX 300
#define ORG_WEBSITE_MAX 2048
#define ORG_EVIDENCE_MAX 2000

/* Organisation types, in the order the API documents them. */
extern const char *const org_types[]; /* NULL-terminated */
int org_type_valid(const char *type);

/* Create from body (not taken).  *out (caller owns) is the stored record. */
serai_code org_create(store *s, const actor *who, json_t *body, json_t **out,
                      serai_err *err) __attribute__((warn_unused_result));
/* Change the fields present in body; the rest stay. */
serai_code org_update(store *s, const actor *who, int64_t id, json_t *body,
                      json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code org_get(store *s, const actor *who, int64_t id, json_t **out,
                   serai_err *err) __attribute__((warn_unused_result));

/* The same, as JSON text (caller frees *out), for the read paths that
 * serve many requests: no tree is built. */
serai_code org_get_text(store *s, const actor *who, int64_t id, char **out,
                        size_t *len, serai_err *err)
    __attribute__((warn_unused_result));

typedef struct org_filter {
    const char *country; /* ISO alpha-2 or NULL */
    const char *type;    /* org type or NULL */
    const char *q;       /* case-insensitive substring of any name, or NULL */
    page page;
} org_filter;
serai_code org_list(store *s, const actor *who, const org_filter *f,
                    json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code org_list_text(store *s, const actor *who, const org_filter *f,
                         char **out, size_t *len, serai_err *err)
    __attribute__((warn_unused_result));

/* All-or-nothing import of CSV bytes.  Columns: name, type, country
 * (required); name_lang, name_en, name_zh, name_ru, name_ar, name_fr,
 * name_es, ror, parent_ror, website, sme, sme_evidence (optional). */
serai_code org_import_csv(store *s, const actor *who, const char *data,
                          size_t len, import_report *rep,
                          import_progress_fn progress, void *progress_ctx,
                          serai_err *err) __attribute__((warn_unused_result));

#endif
