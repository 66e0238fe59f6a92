/*
 * fund_360giving.c -- a fund's grants as a 360Giving data package (JSON,
 * 360Giving Data Standard 1.4; docs/fund-exports.md).
 *
 * Amounts must be exact decimals in major units, and a JSON number built
 * from a double is not (0.1 + 0.2 ...): the package is written as text
 * with the project's JSON writer, each amount being money_format's exact
 * decimal placed as the number's text, and the result is parsed back with
 * jansson before it is returned, so that what leaves here is well-formed
 * JSON in valid UTF-8.
 */
#include "fund/fund_export.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonw.h"
#include "core/mem.h"
#include "registry/iso.h"
#include "registry/money.h"

/* fund_export_rows.c */
bool fund_export_org_ref(const fund_export_data *d, const fund_org *o,
                         char *dst, size_t n);
bool fund_export_date_ok(const char *s);
char *fund_export_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define G360_VERSION "1.4"
#define G360_LICENSE "https://creativecommons.org/licenses/by/4.0/"
#define REF_MAX 256

static const char *name_of(const fund_org *o)
{
    return o->name && *o->name ? o->name : "(unnamed organisation)";
}

/* {"id": ..., "name": ..., "addressCountry": ...} */
static serai_code org_object(jsonw *w, const fund_export_data *d, const fund_org *o,
                             bool country, serai_err *err)
{
    char ref[REF_MAX];
    if (!fund_export_org_ref(d, o, ref, sizeof ref))
        return serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                          "organisation %lld has no ROR id and the fund no identifier prefix",
                          (long long)o->id);
    jsonw_object_begin(w);
    jsonw_key(w, "id");
    jsonw_string(w, ref);
    jsonw_key(w, "name");
    jsonw_string(w, name_of(o));
    const iso_country *c = country ? iso_country_by_alpha2(o->country) : NULL;
    if (c) {
        jsonw_key(w, "addressCountry");
        jsonw_string(w, c->name_en);
    }
    jsonw_object_end(w);
    return SERAI_OK;
}

/* An amount as a JSON number whose text is the exact decimal. */
static serai_code amount(jsonw *w, const char *key, int64_t minor, const char *currency,
                         serai_err *err)
{
    char text[MONEY_TEXT_MAX];
    if (!money_format(minor, currency, text))
        return serai_fail(err, SERAI_EUNPROCESSABLE, NULL, "unknown currency \"%s\"",
                          currency);
    jsonw_key(w, key);
    jsonw_raw(w, text, "0");
    return SERAI_OK;
}

static serai_code date_member(jsonw *w, const char *key, const char *date, const char *what,
                              int64_t commitment_id, serai_err *err)
{
    if (!fund_export_date_ok(date))
        return serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                          "commitment %lld's %s \"%s\" is not a YYYY-MM-DD date",
                          (long long)commitment_id, what, date ? date : "");
    jsonw_key(w, key);
    jsonw_string(w, date);
    return SERAI_OK;
}

/* One grant: a commitment to a recipient. */
static serai_code grant(jsonw *w, const fund_export_data *d, const fund_org *trustee,
                        const fund_commitment_row *c, serai_err *err)
{
    const fund_org *recipient = fund_export_org(d, c->recipient_org_id);
    if (!recipient)
        return serai_fail(err, SERAI_EINTERNAL, NULL,
                          "commitment %lld's recipient %lld is not among the organisations",
                          (long long)c->id, (long long)c->recipient_org_id);
    int64_t paid;
    if (__builtin_sub_overflow(c->disbursed, c->returned, &paid))
        return serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                          "commitment %lld's disbursements are too large", (long long)c->id);

    const char *fund = d->name && *d->name ? d->name : d->code;
    char *id = fund_export_printf("360G-%s-%s-%lld", d->identifier_prefix, d->code,
                                  (long long)c->id);
    char *title = c->title && *c->title
                      ? xstrdup(c->title)
                      : fund_export_printf("Grant %lld from %s", (long long)c->id, fund);
    /* The standard requires a description: say what the grant is. */
    char *desc = c->description && *c->description
                     ? xstrdup(c->description)
                     : fund_export_printf("Grant from %s to %s.", fund, name_of(recipient));

    serai_code rc = SERAI_OK;
    jsonw_object_begin(w);
    jsonw_key(w, "id");
    jsonw_string(w, id);
    jsonw_key(w, "title");
    jsonw_string(w, title);
    jsonw_key(w, "description");
    jsonw_string(w, desc);
    jsonw_key(w, "currency");
    jsonw_string(w, c->currency);
    if (rc == SERAI_OK)
        rc = amount(w, "amountAwarded", c->committed, c->currency, err);
    if (rc == SERAI_OK)
        rc = amount(w, "amountDisbursed", paid, c->currency, err);
    if (rc == SERAI_OK)
        rc = date_member(w, "awardDate", c->committed_on, "commitment date", c->id, err);
    if (rc == SERAI_OK && (c->start[0] || c->end[0])) {
        jsonw_key(w, "plannedDates");
        jsonw_array_begin(w);
        jsonw_object_begin(w);
        if (c->start[0])
            rc = date_member(w, "startDate", c->start, "planned start", c->id, err);
        if (rc == SERAI_OK && c->end[0])
            rc = date_member(w, "endDate", c->end, "planned end", c->id, err);
        jsonw_object_end(w);
        jsonw_array_end(w);
    }
    if (rc == SERAI_OK) {
        jsonw_key(w, "recipientOrganization");
        jsonw_array_begin(w);
        rc = org_object(w, d, recipient, true, err);
        jsonw_array_end(w);
    }
    if (rc == SERAI_OK) {
        jsonw_key(w, "fundingOrganization");
        jsonw_array_begin(w);
        rc = org_object(w, d, trustee, false, err);
        jsonw_array_end(w);
    }
    if (rc == SERAI_OK && c->call_id != 0) {
        char code[64];
        snprintf(code, sizeof code, "call-%lld", (long long)c->call_id);
        jsonw_key(w, "grantProgramme");
        jsonw_array_begin(w);
        jsonw_object_begin(w);
        jsonw_key(w, "code");
        jsonw_string(w, code);
        if (c->call_title && *c->call_title) {
            jsonw_key(w, "title");
            jsonw_string(w, c->call_title);
        }
        jsonw_object_end(w);
        jsonw_array_end(w);
    }
    jsonw_object_end(w);
    free(id);
    free(title);
    free(desc);
    return rc;
}

serai_code fund_export_360giving(const fund_export_data *d, char **out, size_t *len,
                                 serai_err *err)
{
    *out = NULL;
    *len = 0;
    const fund_org *trustee = fund_export_org(d, d->trustee_org_id);
    if (!trustee)
        return serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                          "the fund has no trustee to name as the funding organisation");
    if (!d->identifier_prefix || !*d->identifier_prefix || !d->code || !*d->code)
        return serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                          "grant identifiers need the fund's code and an identifier prefix");
    size_t n_grants = 0;
    for (size_t i = 0; i < d->n_commitments; i++)
        n_grants += d->commitments[i].recipient_org_id != 0;
    if (n_grants == 0)
        return serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                          "the fund has made no grants yet: a 360Giving package holds at "
                          "least one");
    char publisher[REF_MAX];
    if (!fund_export_org_ref(d, trustee, publisher, sizeof publisher))
        return serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                          "the trustee has no ROR id and the fund no identifier prefix");

    buf b;
    buf_init(&b, SIZE_MAX / 4); /* bounded by the rows, not by a ceiling */
    jsonw w;
    jsonw_init(&w, &b);
    const char *fund = d->name && *d->name ? d->name : d->code;
    char *text;

    jsonw_object_begin(&w);
    jsonw_key(&w, "version");
    jsonw_string(&w, G360_VERSION);
    text = fund_export_printf("360G-%s-%s", d->identifier_prefix, d->code);
    jsonw_key(&w, "identifier");
    jsonw_string(&w, text);
    free(text);
    text = fund_export_printf("%s (%s): grants", fund, d->code);
    jsonw_key(&w, "title");
    jsonw_string(&w, text);
    free(text);
    text = fund_export_printf("Grants made from %s (%s), held in trust by %s, with the amounts "
                      "awarded and disbursed.", fund, d->code, name_of(trustee));
    jsonw_key(&w, "description");
    jsonw_string(&w, text);
    free(text);
    if (d->generated_at[0]) {
        jsonw_key(&w, "issued");
        jsonw_string(&w, d->generated_at);
        jsonw_key(&w, "modified");
        jsonw_string(&w, d->generated_at);
    }
    jsonw_key(&w, "publisher");
    jsonw_object_begin(&w);
    jsonw_key(&w, "identifier");
    jsonw_string(&w, publisher);
    jsonw_key(&w, "name");
    jsonw_string(&w, name_of(trustee));
    jsonw_object_end(&w);
    jsonw_key(&w, "license");
    jsonw_string(&w, G360_LICENSE);

    serai_code rc = SERAI_OK;
    jsonw_key(&w, "grants");
    jsonw_array_begin(&w);
    for (size_t i = 0; i < d->n_commitments && rc == SERAI_OK; i++)
        if (d->commitments[i].recipient_org_id != 0)
            rc = grant(&w, d, trustee, &d->commitments[i], err);
    jsonw_array_end(&w);
    jsonw_object_end(&w);
    buf_append(&b, "\n", 1);

    if (rc == SERAI_OK) {
        json_error_t jerr;
        json_t *check = json_loadb(b.data, b.len, 0, &jerr);
        if (!check)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                            "the package is not valid JSON (%s): is every name UTF-8?",
                            jerr.text);
        json_decref(check);
    }
    if (rc != SERAI_OK) {
        buf_free(&b);
        return rc;
    }
    *out = buf_take(&b, len);
    return SERAI_OK;
}
