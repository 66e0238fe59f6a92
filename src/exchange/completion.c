/*
 * completion.c -- consortium completion (completion.h).
 *
 * The eligibility engine judges an added partner by its country, type and
 * SME flag (and the funder its country's agency is), not by its name, so
 * candidates are tried once per distinct (country, type, sme): a few
 * hundred engine runs at most, whatever the size of the registry.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/mem.h"
#include "exchange/completion.h"
#include "project/elig.h"
#include "project/proposal.h"
#include "registry/org.h"
#include "review/affinity.h"

typedef struct candidate {
    int64_t id;
    char *name;
    char country[3];
    char type[ELIG_NAME_MAX];
    bool sme;
    int sig;          /* index of its signature */
    double fit;
} candidate;

typedef struct signature {
    char country[3];
    char type[ELIG_NAME_MAX];
    bool sme;
    bool tried, completes, useful;
    json_t *fixes;    /* codes of failing rules it fixes */
} signature;

static int find_signature(signature *sig, int n, const candidate *c)
{
    for (int k = 0; k < n; k++)
        if (strcmp(sig[k].country, c->country) == 0 && strcmp(sig[k].type, c->type) == 0 &&
            sig[k].sme == c->sme)
            return k;
    return -1;
}

/* Whether rule code failed outright in r (a pending rule has not failed). */
static bool failed(const elig_result *r, const char *code)
{
    for (int k = 0; k < r->nrules; k++)
        if (strcmp(r->rules[k].code, code) == 0 && !r->rules[k].pass && !r->rules[k].pending)
            return true;
    return false;
}

/* Try the signature as one more partner of p: does the consortium become
 * eligible (or wait only for signatures), which failing rules pass, and
 * does nothing that passed fail now? */
static void try_signature(const elig_rules *rules, const elig_proposal *p,
                          const elig_result *base, signature *sg)
{
    elig_proposal *q = xmalloc(sizeof *q);
    *q = *p;
    sg->tried = true;
    sg->fixes = json_array();
    if (q->npartners >= ELIG_MAX_PARTNERS) {
        free(q);
        return;
    }
    elig_partner *pa = &q->partners[q->npartners++];
    memset(pa, 0, sizeof *pa);
    snprintf(pa->org, sizeof pa->org, "candidate");
    snprintf(pa->country, sizeof pa->country, "%s", sg->country);
    snprintf(pa->type, sizeof pa->type, "%s", sg->type);
    pa->sme = sg->sme;
    pa->team_size = 1;
    pa->committed_at = p->now ? p->now : 1;
    /* It asks what the median partner asks, in the consortium's currency,
     * from its own country's funder when the call has one. */
    int64_t asks[ELIG_MAX_PARTNERS];
    int n = 0;
    for (int k = 0; k < p->npartners; k++)
        if (!p->partners[k].own_expense)
            asks[n++] = p->partners[k].requested;
    for (int a = 1; a < n; a++)
        for (int b = a; b > 0 && asks[b - 1] > asks[b]; b--) {
            int64_t t = asks[b];
            asks[b] = asks[b - 1];
            asks[b - 1] = t;
        }
    if (p->npartners)
        memcpy(pa->currency, p->partners[0].currency, sizeof pa->currency);
    /* A country without a funder in the call takes part at its own expense
     * (the rule proposals are held to when they are written). */
    pa->own_expense = true;
    for (int f = 0; f < rules->nfunders; f++)
        if (strcmp(rules->funders[f].country, sg->country) == 0) {
            snprintf(pa->funder, sizeof pa->funder, "%s", rules->funders[f].id);
            memcpy(pa->currency, rules->funders[f].currency, sizeof pa->currency);
            pa->own_expense = false;
            pa->requested = n ? asks[n / 2] : 0;
            break;
        }
    elig_result *r = xmalloc(sizeof *r);
    elig_check(rules, q, r);
    bool broke = false;
    for (int k = 0; k < r->nrules; k++) {
        const elig_rule_result *rr = &r->rules[k];
        if (!rr->pass && !rr->pending && !failed(base, rr->code))
            broke = true;
    }
    for (int k = 0; k < base->nrules; k++) {
        const elig_rule_result *br = &base->rules[k];
        if (!br->pass && !br->pending && !failed(r, br->code)) {
            bool listed = false;
            size_t i;
            json_t *v;
            json_array_foreach(sg->fixes, i, v) listed |= strcmp(json_string_value(v), br->code) == 0;
            if (!listed)
                json_array_append_new(sg->fixes, json_string(br->code));
        }
    }
    sg->completes = (r->eligible || r->pending) && !broke;
    sg->useful = !broke && json_array_size(sg->fixes) > 0;
    free(r);
    free(q);
}

/* Candidates: organisations not in the consortium, not funding agencies,
 * filtered by country and type; those on a competing application of the
 * call are counted and left out. */
static serai_code load_candidates(store *s, int64_t proposal_id, int64_t call_id,
                                  const char *country, const char *type, candidate **out,
                                  size_t *n, int64_t *excluded, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT o.id, o.name, o.country, o.type, o.sme, EXISTS (SELECT 1 FROM "
           "proposal_partner pp JOIN proposal q ON q.id = pp.proposal_id WHERE pp.org_id = "
           "o.id AND q.call_id = $2 AND q.id <> $1 AND q.status NOT IN ('draft', "
           "'withdrawn')) FROM organization o WHERE o.type <> 'funding_agency' AND NOT "
           "EXISTS (SELECT 1 FROM proposal_partner pp WHERE pp.proposal_id = $1 AND "
           "pp.org_id = o.id) AND (CAST($3 AS TEXT) IS NULL OR o.country = CAST($3 AS "
           "TEXT)) AND (CAST($4 AS TEXT) IS NULL OR o.type = CAST($4 AS TEXT)) ORDER BY o.id",
        &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, proposal_id);
    store_bind_int64(st, 2, call_id);
    store_bind_text(st, 3, country);
    store_bind_text(st, 4, type);
    size_t cap = 0;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        if (store_col_int64(st, 5)) {
            (*excluded)++;
            continue;
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 128;
            *out = xreallocarray(*out, cap, sizeof **out);
        }
        candidate *c = &(*out)[(*n)++];
        memset(c, 0, sizeof *c);
        c->id = store_col_int64(st, 0);
        c->name = xstrdup(store_col_text(st, 1));
        snprintf(c->country, sizeof c->country, "%s", store_col_text(st, 2));
        snprintf(c->type, sizeof c->type, "%s", store_col_text(st, 3));
        c->sme = store_col_int64(st, 4) != 0;
    }
    store_reset(st);
    return r == STORE_ERROR ? err->code : SERAI_OK;
}

/* The expertise fit of each useful candidate: its people's expertise and
 * keywords as the "papers" of one reviewer in the affinity model, the
 * proposal as the submission. */
static serai_code score_fit(store *s, int64_t proposal_id, candidate *c, size_t n,
                            const signature *sig, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT title, abstract, keywords FROM proposal WHERE "
                                     "id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, proposal_id);
    char *title = NULL, *abstract = NULL, *keywords = NULL;
    if (store_step(st, err) == STORE_ROW) {
        title = xstrdup(store_col_text(st, 0));
        abstract = xstrdup(store_col_text(st, 1));
        keywords = xstrdup(store_col_text(st, 2));
    }
    store_reset(st);
    affinity_params params;
    affinity_params_default(&params);
    affinity_index *ix = affinity_index_new(&params);
    size_t *reviewer = xcalloc(n + 1, sizeof *reviewer);
    if ((rc = store_prepare(s, "SELECT p.expertise, p.keywords FROM affiliation a JOIN "
                               "person p ON p.id = a.person_id WHERE a.org_id = $1 ORDER BY "
                               "p.id LIMIT 50", &st, err)) == SERAI_OK) {
        for (size_t k = 0; k < n; k++) {
            if (!sig[c[k].sig].useful)
                continue;
            affinity_doc docs[51];
            char *texts[102];
            size_t nd = 0;
            docs[nd++] = (affinity_doc){.title = c[k].name};
            store_bind_int64(st, 1, c[k].id);
            int r;
            while ((r = store_step(st, err)) == STORE_ROW && nd < 51) {
                texts[2 * nd] = xstrdup(store_col_null(st, 0) ? "" : store_col_text(st, 0));
                texts[2 * nd + 1] = xstrdup(store_col_text(st, 1));
                docs[nd] = (affinity_doc){.abstract = texts[2 * nd],
                                          .keywords = texts[2 * nd + 1]};
                nd++;
            }
            store_reset(st);
            reviewer[k] = affinity_index_add_reviewer(ix, docs, nd);
            for (size_t d = 1; d < nd; d++) {
                free(texts[2 * d]);
                free(texts[2 * d + 1]);
            }
            if (r == STORE_ERROR) {
                rc = err->code;
                break;
            }
        }
    }
    affinity_doc sub = {.title = title, .abstract = abstract, .keywords = keywords};
    affinity_index_add_background(ix, &sub);
    affinity_index_build(ix);
    affinity_scorer *sc = affinity_scorer_new(ix);
    for (size_t k = 0; rc == SERAI_OK && k < n; k++)
        c[k].fit = sig[c[k].sig].useful ? affinity_score(sc, &sub, reviewer[k]) : 0;
    affinity_scorer_free(sc);
    affinity_index_free(ix);
    free(reviewer);
    free(title);
    free(abstract);
    free(keywords);
    return rc;
}

static const signature *rank_sig;

/* Completing first, then more rules fixed, then fit, then id. */
static int by_rank(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    const signature *sx = &rank_sig[x->sig], *sy = &rank_sig[y->sig];
    if (sx->useful != sy->useful)
        return sx->useful ? -1 : 1;
    if (sx->completes != sy->completes)
        return sx->completes ? -1 : 1;
    size_t fx = json_array_size(sx->fixes), fy = json_array_size(sy->fixes);
    if (fx != fy)
        return fx > fy ? -1 : 1;
    if (x->fit != y->fit)
        return x->fit > y->fit ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The people of the organisation whose expertise best matches: up to 3. */
static serai_code experts(store *s, int64_t org, json_t **out, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT p.id, p.name FROM affiliation a JOIN person p "
                                     "ON p.id = a.person_id WHERE a.org_id = $1 ORDER BY p.id "
                                     "LIMIT 3", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, org);
    *out = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(*out, json_pack("{s:I, s:s}", "person_id",
                                              (json_int_t)store_col_int64(st, 0), "name",
                                              store_col_text(st, 1)));
    store_reset(st);
    return r == STORE_ERROR ? err->code : SERAI_OK;
}

serai_code completion_suggest(store *s, const actor *who, int64_t proposal_id, int64_t now,
                              json_t *body, json_t **out, serai_err *err)
{
    static const char *const keys[] = {"limit", "country", "type", NULL};
    *out = NULL;
    int64_t limit = 10;
    const char *country = NULL, *type = NULL;
    serai_code rc = body ? json_only_keys(body, keys, "", err) : SERAI_OK;
    if (rc == SERAI_OK && body)
        rc = json_get_int(body, "limit", false, 1, COMPLETION_MAX_LIMIT, "", &limit, NULL, err);
    if (rc == SERAI_OK && body)
        rc = json_get_string(body, "country", false, 2, "", &country, err);
    if (rc == SERAI_OK && body)
        rc = json_get_string(body, "type", false, 32, "", &type, err);
    if (rc == SERAI_OK && type && !org_type_valid(type))
        rc = serai_fail(err, SERAI_EINVAL, "/type", "\"%s\" is not an organisation type", type);
    if (rc != SERAI_OK)
        return rc;
    elig_rules *rules = xmalloc(sizeof *rules);
    elig_proposal *p = xmalloc(sizeof *p);
    elig_result *base = xmalloc(sizeof *base);
    int64_t call_id = 0;
    rc = proposal_elig_load(s, who, proposal_id, now, rules, p, &call_id, err);
    json_t *result = NULL;
    candidate *cand = NULL;
    size_t ncand = 0;
    int64_t excluded = 0;
    signature *sig = NULL;
    int nsig = 0;
    if (rc == SERAI_OK) {
        p->now = now;
        elig_check(rules, p, base);
        json_t *failing = json_array();
        for (int k = 0; k < base->nrules; k++)
            if (!base->rules[k].pass && !base->rules[k].pending)
                json_array_append_new(failing,
                                      json_pack("{s:s, s:s, s:s}", "code", base->rules[k].code,
                                                "en", base->rules[k].en, "zh",
                                                base->rules[k].zh));
        result = json_pack("{s:I, s:b, s:o}", "proposal_id", (json_int_t)proposal_id,
                           "eligible", base->eligible || base->pending, "failing", failing);
    }
    if (rc == SERAI_OK && !(base->eligible || base->pending))
        rc = load_candidates(s, proposal_id, call_id, country, type, &cand, &ncand, &excluded,
                             err);
    if (rc == SERAI_OK && ncand) {
        sig = xcalloc(ncand, sizeof *sig);
        for (size_t k = 0; k < ncand; k++) {
            int g = find_signature(sig, nsig, &cand[k]);
            if (g < 0) {
                g = nsig++;
                memcpy(sig[g].country, cand[k].country, sizeof sig[g].country);
                memcpy(sig[g].type, cand[k].type, sizeof sig[g].type);
                sig[g].sme = cand[k].sme;
                try_signature(rules, p, base, &sig[g]);
            }
            cand[k].sig = g;
        }
        rc = score_fit(s, proposal_id, cand, ncand, sig, err);
    }
    json_t *suggestions = json_array();
    if (rc == SERAI_OK && ncand) {
        rank_sig = sig;
        qsort(cand, ncand, sizeof *cand, by_rank);
        for (size_t k = 0; rc == SERAI_OK && k < ncand &&
                           json_array_size(suggestions) < (size_t)limit; k++) {
            const signature *g = &sig[cand[k].sig];
            if (!g->useful)
                break;
            json_t *people = NULL;
            rc = experts(s, cand[k].id, &people, err);
            json_array_append_new(
                suggestions,
                json_pack("{s:I, s:s, s:s, s:s, s:b, s:b, s:O, s:f, s:o}", "organization_id",
                          (json_int_t)cand[k].id, "name", cand[k].name, "country",
                          cand[k].country, "type", cand[k].type, "sme", cand[k].sme,
                          "completes", g->completes, "fixes", g->fixes, "fit",
                          (double)affinity_fixed(cand[k].fit) / 1000.0, "experts",
                          people ? people : json_array()));
        }
    }
    if (result) {
        json_object_set_new(result, "suggestions", suggestions);
        json_object_set_new(result, "candidates", json_integer((json_int_t)ncand));
        json_object_set_new(result, "excluded_competing", json_integer(excluded));
    } else {
        json_decref(suggestions);
    }
    for (int g = 0; g < nsig; g++)
        json_decref(sig[g].fixes);
    for (size_t k = 0; k < ncand; k++)
        free(cand[k].name);
    free(sig);
    free(cand);
    free(rules);
    free(p);
    free(base);
    if (rc != SERAI_OK) {
        json_decref(result);
        return rc;
    }
    *out = result;
    return SERAI_OK;
}
