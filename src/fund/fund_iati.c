/*
 * fund_iati.c -- a fund as IATI 2.03 XML: the activity file (the pooled
 * fund and one activity per commitment) and the organisation file of its
 * trustee.  docs/fund-exports.md lists the codes used and why.
 *
 * Elements are written in the order the IATI schemas' sequences fix; every
 * amount is the exact decimal of its minor units (money_format), negative
 * where a step undoes an earlier one.
 */
#include "fund/fund_export.h"

#include <libxml/encoding.h>
#include <libxml/xmlstring.h>
#include <libxml/xmlwriter.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "registry/money.h"

/* fund_export_rows.c */
bool fund_export_org_ref(const fund_export_data *d, const fund_org *o,
                         char *dst, size_t n);
bool fund_export_date_ok(const char *s);
const char *fund_export_text_lang(const char *s, const char *country);
char *fund_export_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define IATI_VERSION "2.03"
#define REF_MAX 256
#define ID_MAX 512
#define CHILD_ID_MAX (ID_MAX + 32) /* ID_MAX, "-" and a commitment id */

/* IATI TransactionType codes. */
enum {
    TT_INCOMING_FUNDS = 1,
    TT_OUTGOING_COMMITMENT = 2,
    TT_DISBURSEMENT = 3,
    TT_INCOMING_COMMITMENT = 11,
    TT_OUTGOING_PLEDGE = 12,
    TT_INCOMING_PLEDGE = 13,
};

/* ------------------------------------------------------------------ */
/* A writer that remembers its first failure. */

typedef struct xw {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    serai_err *err;
    serai_code rc;
    char *tmp;
    size_t tmp_cap;
} xw;

static bool x_ok(const xw *x) { return x->rc == SERAI_OK; }

static void x_check(xw *x, int r)
{
    if (r < 0 && x->rc == SERAI_OK)
        x->rc = serai_fail(x->err, SERAI_EINTERNAL, NULL, "the XML writer failed");
}

/* s as XML character data: NULL (and the error set) when s is not UTF-8;
 * control characters XML 1.0 forbids become spaces.  The result lives
 * until the next call. */
static const char *x_clean(xw *x, const char *s, const char *what)
{
    if (!x_ok(x))
        return NULL;
    if (!xmlCheckUTF8((const xmlChar *)s)) {
        x->rc = serai_fail(x->err, SERAI_EUNPROCESSABLE, NULL,
                           "%s is not valid UTF-8 text", what);
        return NULL;
    }
    size_t n = strlen(s);
    if (n + 1 > x->tmp_cap) {
        x->tmp = xreallocarray(x->tmp, n + 1, 1);
        x->tmp_cap = n + 1;
    }
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = (unsigned char)s[i];
        x->tmp[i] = (c && c < 0x20 && c != '\t' && c != '\n' && c != '\r') ? ' ' : (char)c;
    }
    return x->tmp;
}

static void x_start(xw *x, const char *name)
{
    if (x_ok(x))
        x_check(x, xmlTextWriterStartElement(x->w, (const xmlChar *)name));
}

static void x_end(xw *x)
{
    if (x_ok(x))
        x_check(x, xmlTextWriterEndElement(x->w));
}

static void x_attr(xw *x, const char *name, const char *value)
{
    const char *v = x_clean(x, value, name);
    if (v)
        x_check(x, xmlTextWriterWriteAttribute(x->w, (const xmlChar *)name,
                                               (const xmlChar *)v));
}

static void x_attr_int(xw *x, const char *name, long long v)
{
    char text[32];
    snprintf(text, sizeof text, "%lld", v);
    x_attr(x, name, text);
}

static void x_text(xw *x, const char *text, const char *what)
{
    const char *v = x_clean(x, text, what);
    if (v)
        x_check(x, xmlTextWriterWriteString(x->w, (const xmlChar *)v));
}

/* <name code="code"/> */
static void x_code(xw *x, const char *name, int code)
{
    x_start(x, name);
    x_attr_int(x, "code", code);
    x_end(x);
}

/* <narrative xml:lang="lang">text</narrative>; lang NULL inherits the
 * activity's default. */
static void x_narrative(xw *x, const char *text, const char *lang)
{
    x_start(x, "narrative");
    if (lang)
        x_attr(x, "xml:lang", lang);
    x_text(x, text, "a narrative");
    x_end(x);
}

/* <name iso-date="date"/>, refusing what is not a date. */
static void x_date(xw *x, const char *name, const char *date, const char *what)
{
    if (!x_ok(x))
        return;
    if (!fund_export_date_ok(date)) {
        x->rc = serai_fail(x->err, SERAI_EUNPROCESSABLE, NULL,
                           "%s \"%s\" is not a YYYY-MM-DD date", what, date ? date : "");
        return;
    }
    x_start(x, name);
    x_attr(x, "iso-date", date);
    x_end(x);
}

/* <activity-date type="type" iso-date="date"/> */
static void x_activity_date(xw *x, int type, const char *date, const char *what)
{
    if (!x_ok(x))
        return;
    if (!fund_export_date_ok(date)) {
        x->rc = serai_fail(x->err, SERAI_EUNPROCESSABLE, NULL,
                           "%s \"%s\" is not a YYYY-MM-DD date", what, date ? date : "");
        return;
    }
    x_start(x, "activity-date");
    x_attr_int(x, "type", type);
    x_attr(x, "iso-date", date);
    x_end(x);
}

/* <value currency=.. value-date=..>exact decimal</value> */
static void x_value(xw *x, int64_t amount, const char *currency, const char *value_date)
{
    char text[MONEY_TEXT_MAX];
    if (!x_ok(x))
        return;
    if (!money_format(amount, currency, text)) {
        x->rc = serai_fail(x->err, SERAI_EUNPROCESSABLE, NULL,
                           "unknown currency \"%s\"", currency);
        return;
    }
    if (!fund_export_date_ok(value_date)) {
        x->rc = serai_fail(x->err, SERAI_EUNPROCESSABLE, NULL,
                           "value date \"%s\" is not a YYYY-MM-DD date", value_date);
        return;
    }
    x_start(x, "value");
    x_attr(x, "currency", currency);
    x_attr(x, "value-date", value_date);
    x_text(x, text, "an amount");
    x_end(x);
}

static bool x_open(xw *x, serai_err *err)
{
    memset(x, 0, sizeof *x);
    x->err = err;
    x->buf = xmlBufferCreate();
    x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
    if (!x->w) {
        if (x->buf)
            xmlBufferFree(x->buf);
        x->buf = NULL;
        x->rc = serai_fail(err, SERAI_EINTERNAL, NULL, "cannot start the XML writer");
        return false;
    }
    x_check(x, xmlTextWriterSetIndent(x->w, 1));
    x_check(x, xmlTextWriterSetIndentString(x->w, (const xmlChar *)"  "));
    x_check(x, xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL));
    return x_ok(x);
}

/* Finish the document and hand over its bytes (or clean up on failure). */
static serai_code x_close(xw *x, char **out, size_t *len)
{
    if (x->w) {
        if (x_ok(x))
            x_check(x, xmlTextWriterEndDocument(x->w));
        xmlFreeTextWriter(x->w); /* flushes into x->buf */
        x->w = NULL;
    }
    if (x_ok(x)) {
        int n = xmlBufferLength(x->buf);
        char *p = xmalloc((size_t)n + 1);
        memcpy(p, xmlBufferContent(x->buf), (size_t)n);
        p[n] = '\0';
        *out = p;
        *len = (size_t)n;
    }
    if (x->buf)
        xmlBufferFree(x->buf);
    free(x->tmp);
    return x->rc;
}

/* ------------------------------------------------------------------ */
/* Organisations. */

/* IATI OrganisationType for a registry type. */
static int org_type_code(const char *type)
{
    static const struct { const char *type; int code; } map[] = {
        {"university", 80},                 /* Academic, Training and Research */
        {"research_institute", 80},
        {"funding_agency", 10},             /* Government */
        {"enterprise", 70},                 /* Private Sector */
        {"sme", 70},
        {"ngo", 22},                        /* National NGO */
        {"international_organization", 40}, /* Multilateral */
    };
    if (type)
        for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
            if (strcmp(type, map[i].type) == 0)
                return map[i].code;
    return 90; /* Other */
}

static bool org_ref(xw *x, const fund_export_data *d, const fund_org *o, char ref[REF_MAX])
{
    if (!x_ok(x))
        return false;
    if (!fund_export_org_ref(d, o, ref, REF_MAX)) {
        x->rc = serai_fail(x->err, SERAI_EUNPROCESSABLE, NULL,
                           "organisation %lld has no ROR id and the fund no identifier prefix",
                           (long long)o->id);
        return false;
    }
    return true;
}

static const char *org_name(const fund_org *o)
{
    return o->name && *o->name ? o->name : "(unnamed organisation)";
}

/* The trustee, or NULL with the error set. */
static const fund_org *trustee_of(const fund_export_data *d, serai_err *err)
{
    const fund_org *t = fund_export_org(d, d->trustee_org_id);
    if (!t)
        serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                   "the fund has no trustee to report as the IATI reporting organisation");
    return t;
}

/* <reporting-org ref type><narrative/></reporting-org> */
static void x_reporting_org(xw *x, const fund_export_data *d, const fund_org *t)
{
    char ref[REF_MAX];
    if (!org_ref(x, d, t, ref))
        return;
    x_start(x, "reporting-org");
    x_attr(x, "ref", ref);
    x_attr_int(x, "type", org_type_code(t->type));
    x_narrative(x, org_name(t), fund_export_text_lang(t->name, t->country));
    x_end(x);
}

/* <participating-org ref type role [activity-id]> */
static void x_participant(xw *x, const fund_export_data *d, const fund_org *o, int role,
                          const char *activity_id)
{
    char ref[REF_MAX];
    if (!org_ref(x, d, o, ref))
        return;
    x_start(x, "participating-org");
    x_attr(x, "ref", ref);
    x_attr_int(x, "type", org_type_code(o->type));
    x_attr_int(x, "role", role);
    if (activity_id)
        x_attr(x, "activity-id", activity_id);
    x_narrative(x, org_name(o), fund_export_text_lang(o->name, o->country));
    x_end(x);
}

/* <provider-org> or <receiver-org> of a transaction. */
static void x_party(xw *x, const fund_export_data *d, const char *element, const fund_org *o,
                    const char *activity_attr, const char *activity_id)
{
    char ref[REF_MAX];
    if (!org_ref(x, d, o, ref))
        return;
    x_start(x, element);
    x_attr(x, "ref", ref);
    if (activity_id)
        x_attr(x, activity_attr, activity_id);
    x_attr_int(x, "type", org_type_code(o->type));
    x_narrative(x, org_name(o), fund_export_text_lang(o->name, o->country));
    x_end(x);
}

/* ------------------------------------------------------------------ */
/* The activity file. */

typedef struct txn_map {
    int type;        /* TransactionType */
    int sign;        /* +1, or -1 for a step that undoes another */
} txn_map;

static bool is_kind(const fund_txn_row *t, const char *kind)
{
    return t->kind && strcmp(t->kind, kind) == 0;
}

static bool kind_known(const fund_txn_row *t)
{
    static const char *const kinds[] = {"pledge", "cancel_pledge", "sign", "receive",
                                        "encash", "commit", "decommit", "disburse",
                                        "return", NULL};
    for (size_t i = 0; kinds[i]; i++)
        if (is_kind(t, kinds[i]))
            return true;
    return false;
}

/* The fund activity's view of a contribution step; type 0 when the step
 * is not an IATI transaction (encash converts a deposited note into cash
 * and brings no new money). */
static txn_map fund_txn(const fund_txn_row *t)
{
    if (is_kind(t, "pledge"))
        return (txn_map){TT_INCOMING_PLEDGE, 1};
    if (is_kind(t, "cancel_pledge"))
        return (txn_map){TT_INCOMING_PLEDGE, -1};
    if (is_kind(t, "sign"))
        return (txn_map){TT_INCOMING_COMMITMENT, 1};
    if (is_kind(t, "receive"))
        return (txn_map){TT_INCOMING_FUNDS, 1};
    return (txn_map){0, 0};
}

/* A commitment activity's view of a step.  A return of unspent money by
 * the recipient is a negative disbursement, so that the disbursements of
 * the activity add up to what the recipient kept. */
static txn_map commitment_txn(const fund_txn_row *t, bool envelope)
{
    int commit = envelope ? TT_OUTGOING_PLEDGE : TT_OUTGOING_COMMITMENT;
    if (is_kind(t, "commit"))
        return (txn_map){commit, 1};
    if (is_kind(t, "decommit"))
        return (txn_map){commit, -1};
    if (is_kind(t, "disburse"))
        return (txn_map){TT_DISBURSEMENT, 1};
    if (is_kind(t, "return"))
        return (txn_map){TT_DISBURSEMENT, -1};
    return (txn_map){0, 0};
}

static bool check_amount(xw *x, const fund_txn_row *t)
{
    if (!x_ok(x))
        return false;
    if (t->amount < 0) {
        x->rc = serai_fail(x->err, SERAI_EINTERNAL, NULL,
                           "ledger step %lld has a negative amount", (long long)t->id);
        return false;
    }
    return true;
}

/* One <transaction>: type, date, value, description, provider, receiver. */
static void x_transaction(xw *x, const fund_export_data *d, const fund_txn_row *t,
                          txn_map m, const fund_org *provider, const char *provider_activity,
                          const fund_org *receiver, const char *receiver_activity)
{
    if (!check_amount(x, t))
        return;
    x_start(x, "transaction");
    x_attr_int(x, "ref", t->id);
    x_code(x, "transaction-type", m.type);
    x_date(x, "transaction-date", t->date, "transaction date");
    x_value(x, m.sign < 0 ? -t->amount : t->amount, t->currency, t->date);
    if (t->note && *t->note) {
        x_start(x, "description");
        x_narrative(x, t->note, fund_export_text_lang(t->note, NULL));
        x_end(x);
    }
    if (provider)
        x_party(x, d, "provider-org", provider, "provider-activity-id", provider_activity);
    if (receiver)
        x_party(x, d, "receiver-org", receiver, "receiver-activity-id", receiver_activity);
    x_end(x);
}

static const char *fund_kind_text(const char *kind)
{
    if (kind && strcmp(kind, "guidance_fund") == 0)
        return "a cooperative guidance fund";
    if (kind && strcmp(kind, "call_pot") == 0)
        return "a pooled fund for joint calls";
    return "a pooled fund";
}

static const fund_contribution_row *contribution_of(const fund_export_data *d, int64_t id)
{
    for (size_t i = 0; i < d->n_contributions; i++)
        if (d->contributions[i].id == id)
            return &d->contributions[i];
    return NULL;
}

/* The contributor of a contribution step. */
static const fund_org *contributor_of(const fund_export_data *d, const fund_txn_row *t)
{
    const fund_org *o = fund_export_org(d, t->org_id);
    if (!o) {
        const fund_contribution_row *c = contribution_of(d, t->contribution_id);
        if (c)
            o = fund_export_org(d, c->org_id);
    }
    return o;
}

/* Open an <iati-activity> with its identifier, reporting org, title and
 * description. */
static void x_activity_head(xw *x, const fund_export_data *d, const fund_org *trustee,
                            const char *id, int hierarchy, const char *title,
                            const char *title_lang, const char *desc, const char *desc_lang)
{
    x_start(x, "iati-activity");
    x_attr(x, "xml:lang", "en");
    if (money_exponent(d->currency) >= 0)
        x_attr(x, "default-currency", d->currency);
    x_attr_int(x, "hierarchy", hierarchy);
    x_start(x, "iati-identifier");
    x_text(x, id, "the activity identifier");
    x_end(x);
    x_reporting_org(x, d, trustee);
    x_start(x, "title");
    x_narrative(x, title, title_lang);
    x_end(x);
    x_start(x, "description");
    x_attr(x, "type", "1"); /* General */
    x_narrative(x, desc, desc_lang);
    x_end(x);
}

static void x_fund_activity(xw *x, const fund_export_data *d, const fund_org *trustee,
                            const char *fund_id)
{
    const char *name = d->name && *d->name ? d->name : d->code;
    char *desc = fund_export_printf("%s (%s), %s held in trust by %s: the contributions "
                                    "pledged, signed and received, and the commitments "
                                    "made from it.", name, d->code,
                                    fund_kind_text(d->kind), org_name(trustee));
    x_activity_head(x, d, trustee, fund_id, 1, name,
                    fund_export_text_lang(name, trustee->country), desc, NULL);
    free(desc);

    /* Contributors fund it; the trustee is accountable for it and extends
     * its money to recipients. */
    for (size_t i = 0; i < d->n_contributions && x_ok(x); i++) {
        int64_t org_id = d->contributions[i].org_id;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = d->contributions[j].org_id == org_id;
        const fund_org *o = fund_export_org(d, org_id);
        if (!seen && o)
            x_participant(x, d, o, 1, NULL);
    }
    x_participant(x, d, trustee, 2, NULL);
    x_participant(x, d, trustee, 3, NULL);

    x_code(x, "activity-status", 2); /* Implementation */

    /* Actual start: the first step in the ledger; before any, the planned
     * start is the first pledge date, or the day of the export. */
    const char *start = NULL;
    for (size_t i = 0; i < d->n_txns; i++)
        if (fund_export_date_ok(d->txns[i].date) &&
            (!start || strcmp(d->txns[i].date, start) < 0))
            start = d->txns[i].date;
    if (start) {
        x_activity_date(x, 2, start, "the fund's first ledger date"); /* Actual start */
    } else {
        char first[11] = "";
        for (size_t i = 0; i < d->n_contributions; i++)
            if (fund_export_date_ok(d->contributions[i].pledged_on) &&
                (!first[0] || strcmp(d->contributions[i].pledged_on, first) < 0))
                memcpy(first, d->contributions[i].pledged_on, 11);
        if (!first[0]) {
            memcpy(first, d->generated_at, 10);
            first[10] = '\0';
        }
        x_activity_date(x, 1, first, "the fund's planned start"); /* Planned start */
    }

    for (size_t i = 0; i < d->n_txns && x_ok(x); i++) {
        const fund_txn_row *t = &d->txns[i];
        if (!kind_known(t)) {
            x->rc = serai_fail(x->err, SERAI_EINTERNAL, NULL,
                               "ledger step %lld has an unknown kind \"%s\"",
                               (long long)t->id, t->kind ? t->kind : "");
            return;
        }
        txn_map m = fund_txn(t);
        if (m.type == 0)
            continue;
        x_transaction(x, d, t, m, contributor_of(d, t), NULL, trustee, fund_id);
    }

    for (size_t i = 0; i < d->n_commitments && x_ok(x); i++) {
        char child[CHILD_ID_MAX];
        snprintf(child, sizeof child, "%s-%lld", fund_id, (long long)d->commitments[i].id);
        x_start(x, "related-activity");
        x_attr(x, "ref", child);
        x_attr(x, "type", "2"); /* Child */
        x_end(x);
    }
    x_end(x);
}

/* IATI ActivityStatus of a commitment. */
static int commitment_status(const fund_commitment_row *c)
{
    if (c->status && strcmp(c->status, "cancelled") == 0)
        return 5; /* Cancelled */
    if (c->status && strcmp(c->status, "closed") == 0)
        return 4; /* Closed */
    if (c->committed > 0 && c->disbursed - c->returned >= c->committed)
        return 3; /* Finalisation: all paid, not yet closed */
    return 2;     /* Implementation */
}

static void x_commitment_activity(xw *x, const fund_export_data *d, const fund_org *trustee,
                                  const char *fund_id, const fund_commitment_row *c)
{
    char id[CHILD_ID_MAX];
    snprintf(id, sizeof id, "%s-%lld", fund_id, (long long)c->id);
    bool envelope = c->recipient_org_id == 0;
    const fund_org *recipient = envelope ? NULL : fund_export_org(d, c->recipient_org_id);
    if (!envelope && !recipient) {
        x->rc = serai_fail(x->err, SERAI_EINTERNAL, NULL,
                           "commitment %lld's recipient %lld is not among the organisations",
                           (long long)c->id, (long long)c->recipient_org_id);
        return;
    }
    const char *country = recipient ? recipient->country : trustee->country;

    const char *what = d->name && *d->name ? d->name : d->code;
    char *own_title = NULL;
    const char *title = c->title;
    if (!title || !*title) {
        if (envelope && c->call_title)
            own_title = fund_export_printf("Envelope for the call %s", c->call_title);
        else
            own_title = fund_export_printf("Commitment %lld of %s", (long long)c->id, d->code);
        title = own_title;
    }
    char *desc = NULL;
    const char *description = c->description;
    const char *desc_lang = fund_export_text_lang(description, country);
    if (!description || !*description) {
        /* The schema requires a description: say what the commitment is,
         * in English, the default. */
        if (envelope && c->call_title)
            desc = fund_export_printf("Money of %s set aside for the call \"%s\".", what,
                                      c->call_title);
        else if (envelope)
            desc = fund_export_printf("Money of %s set aside for a call.", what);
        else
            desc = fund_export_printf("Grant from %s to %s.", what, org_name(recipient));
        description = desc;
        desc_lang = NULL;
    }
    x_activity_head(x, d, trustee, id, 2, title, fund_export_text_lang(title, country),
                    description, desc_lang);
    free(desc);
    free(own_title);

    x_participant(x, d, trustee, 1, fund_id); /* Funding, from the fund activity */
    if (recipient)
        x_participant(x, d, recipient, 4, NULL); /* Implementing */
    x_code(x, "activity-status", commitment_status(c));

    /* ActivityDateType 1 planned start, 3 planned end; with neither
     * known, the planned start is the day of the commitment. */
    if (c->start[0])
        x_activity_date(x, 1, c->start, "planned start");
    if (c->end[0])
        x_activity_date(x, 3, c->end, "planned end");
    if (!c->start[0] && !c->end[0])
        x_activity_date(x, 1, c->committed_on, "commitment date");

    for (size_t i = 0; i < d->n_txns && x_ok(x); i++) {
        const fund_txn_row *t = &d->txns[i];
        if (t->commitment_id != c->id)
            continue;
        txn_map m = commitment_txn(t, envelope);
        if (m.type == 0)
            continue;
        /* The receiver: the step's organisation (an envelope pays out to
         * whom the step names), else the commitment's recipient. */
        const fund_org *to = fund_export_org(d, t->org_id);
        x_transaction(x, d, t, m, NULL, NULL, to ? to : recipient, NULL);
    }

    x_start(x, "related-activity");
    x_attr(x, "ref", fund_id);
    x_attr(x, "type", "1"); /* Parent */
    x_end(x);
    x_end(x);
}

/* The fund activity's identifier: the trustee's reference and the fund's
 * code. */
static bool fund_activity_id(xw *x, const fund_export_data *d, const fund_org *trustee,
                             char id[ID_MAX])
{
    char ref[REF_MAX];
    if (!org_ref(x, d, trustee, ref))
        return false;
    if (!d->code || !*d->code) {
        x->rc = serai_fail(x->err, SERAI_EUNPROCESSABLE, NULL, "the fund has no code");
        return false;
    }
    int n = snprintf(id, ID_MAX, "%s-%s", ref, d->code);
    if (n < 0 || n >= ID_MAX) {
        x->rc = serai_fail(x->err, SERAI_EUNPROCESSABLE, NULL, "the fund's code is too long");
        return false;
    }
    return true;
}

serai_code fund_export_iati_activities(const fund_export_data *d, char **out, size_t *len,
                                       serai_err *err)
{
    *out = NULL;
    *len = 0;
    const fund_org *trustee = trustee_of(d, err);
    if (!trustee)
        return err ? err->code : SERAI_EUNPROCESSABLE;
    xw x;
    if (x_open(&x, err)) {
        char fund_id[ID_MAX];
        if (fund_activity_id(&x, d, trustee, fund_id)) {
            x_start(&x, "iati-activities");
            x_attr(&x, "version", IATI_VERSION);
            if (d->generated_at[0])
                x_attr(&x, "generated-datetime", d->generated_at);
            x_fund_activity(&x, d, trustee, fund_id);
            for (size_t i = 0; i < d->n_commitments && x_ok(&x); i++)
                x_commitment_activity(&x, d, trustee, fund_id, &d->commitments[i]);
            x_end(&x);
        }
    }
    return x_close(&x, out, len);
}

/* ------------------------------------------------------------------ */
/* The organisation file. */

typedef struct year_total {
    int year;
    char currency[4];
    int64_t budget, spent;
    bool has_budget, has_spent;
} year_total;

static int year_total_cmp(const void *a, const void *b)
{
    const year_total *p = a, *q = b;
    if (p->year != q->year)
        return p->year < q->year ? -1 : 1;
    return strcmp(p->currency, q->currency);
}

static bool add_checked(int64_t *sum, int64_t v)
{
    return !__builtin_add_overflow(*sum, v, sum);
}

/* <total-budget> or <total-expenditure> for one calendar year. */
static void x_year_total(xw *x, const char *element, const year_total *y, int64_t amount,
                         bool budget)
{
    char start[16], end[16];
    snprintf(start, sizeof start, "%04d-01-01", y->year % 10000);
    snprintf(end, sizeof end, "%04d-12-31", y->year % 10000);
    x_start(x, element);
    if (budget)
        x_attr(x, "status", "2"); /* Committed */
    x_date(x, "period-start", start, "period start");
    x_date(x, "period-end", end, "period end");
    x_value(x, amount, y->currency, start);
    x_end(x);
}

serai_code fund_export_iati_organisation(const fund_export_data *d, char **out, size_t *len,
                                         serai_err *err)
{
    *out = NULL;
    *len = 0;
    const fund_org *trustee = trustee_of(d, err);
    if (!trustee)
        return err ? err->code : SERAI_EUNPROCESSABLE;

    /* Per calendar year and currency: commitments less decommitments
     * (the budget), disbursements less returns (the expenditure). */
    year_total *years = NULL;
    size_t n_years = 0;
    serai_code rc = SERAI_OK;
    for (size_t i = 0; i < d->n_txns && rc == SERAI_OK; i++) {
        const fund_txn_row *t = &d->txns[i];
        bool commit = is_kind(t, "commit"), decommit = is_kind(t, "decommit");
        bool disburse = is_kind(t, "disburse"), ret = is_kind(t, "return");
        if (!commit && !decommit && !disburse && !ret)
            continue;
        if (!fund_export_date_ok(t->date) || t->amount < 0) {
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                            "ledger step %lld has no valid date or amount", (long long)t->id);
            break;
        }
        int year = (t->date[0] - '0') * 1000 + (t->date[1] - '0') * 100 +
                   (t->date[2] - '0') * 10 + (t->date[3] - '0'); /* checked above */
        year_total *y = NULL;
        for (size_t j = 0; j < n_years && !y; j++)
            if (years[j].year == year && strcmp(years[j].currency, t->currency) == 0)
                y = &years[j];
        if (!y) {
            years = xreallocarray(years, n_years + 1, sizeof *years);
            y = &years[n_years++];
            memset(y, 0, sizeof *y);
            y->year = year;
            memcpy(y->currency, t->currency, sizeof y->currency);
            y->currency[3] = '\0';
        }
        bool ok;
        if (commit || decommit) {
            ok = add_checked(&y->budget, commit ? t->amount : -t->amount);
            y->has_budget = true;
        } else {
            ok = add_checked(&y->spent, disburse ? t->amount : -t->amount);
            y->has_spent = true;
        }
        if (!ok)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                            "the %d total in %s is too large", year, t->currency);
    }
    if (rc != SERAI_OK) {
        free(years);
        return rc;
    }
    if (n_years)
        qsort(years, n_years, sizeof *years, year_total_cmp);

    xw x;
    if (x_open(&x, err)) {
        char ref[REF_MAX];
        if (org_ref(&x, d, trustee, ref)) {
            x_start(&x, "iati-organisations");
            x_attr(&x, "version", IATI_VERSION);
            if (d->generated_at[0])
                x_attr(&x, "generated-datetime", d->generated_at);
            x_start(&x, "iati-organisation");
            x_attr(&x, "xml:lang", "en");
            if (money_exponent(d->currency) >= 0)
                x_attr(&x, "default-currency", d->currency);
            x_start(&x, "organisation-identifier");
            x_text(&x, ref, "the organisation identifier");
            x_end(&x);
            x_start(&x, "name");
            x_narrative(&x, org_name(trustee),
                        fund_export_text_lang(trustee->name, trustee->country));
            x_end(&x);
            x_reporting_org(&x, d, trustee);
            for (size_t i = 0; i < n_years; i++)
                if (years[i].has_budget)
                    x_year_total(&x, "total-budget", &years[i], years[i].budget, true);
            for (size_t i = 0; i < n_years; i++)
                if (years[i].has_spent)
                    x_year_total(&x, "total-expenditure", &years[i], years[i].spent, false);
            x_end(&x);
            x_end(&x);
        }
    }
    free(years);
    return x_close(&x, out, len);
}
