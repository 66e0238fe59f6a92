/*
 * demo_calls.c -- the demonstration's calls for proposals: three calls
 * modelled on real programmes, filled with a few hundred proposals from
 * the demo's organisations and people, each written through the same
 * library calls the API uses (call_create, call_transition,
 * proposal_create, proposal_commitment, proposal_submit,
 * proposal_withdraw), so that every proposal is judged by the eligibility
 * engine and every step is audited.
 *
 *  - "SME Innovation Partnership": like Eurostars-3.  A virtual common pot
 *    of the member and partner agencies of Europe and Türkiye (more
 *    countries join if those hold too few SMEs).  The call is run in
 *    euros: it is the currency of the euro-area agencies, and the call
 *    fixes it for the others, so that every consortium states one
 *    currency and the budget-share rules apply.  Open.
 *  - "Collaborative Research Action": like the Belmont Forum's.  A virtual
 *    common pot of two agencies per continent, each paying in its own
 *    currency and only partners of its own country (annex
 *    own_country_only); others join at their own expense.  Closed.
 *  - "Science and Technology Networks": like COST.  A real common pot,
 *    kept in euros, for networks of at least 7 countries, at least half
 *    of them inclusiveness target countries (the members in Africa, Latin
 *    America and the Caribbean, and the least developed, landlocked
 *    developing and small island developing members).  Closed.
 *
 * Most consortia are built to pass their call's rules; some carry one
 * deliberate fault each, so that every kind of ineligibility can be seen
 * with its explanation: too few countries, SMEs' share too low, a lead
 * that is not an SME, one organisation over the limit, too long, a
 * commitment form signed late or never, a person on too many
 * applications, a funder paying a partner of another country, too few
 * target countries.  Some proposals stay drafts, some are withdrawn, and
 * some belong to the demo applicant's account.
 *
 * Time: the calls' deadlines lie ahead of the real clock (a call whose
 * last deadline has passed does not open).  Every proposal's history is
 * dated before the demo's "now", and replayed in the order of its dates.
 * A closed call was closed early, at the time of the run, which settles
 * the commitment forms still missing.  Everything else follows from the
 * seed; the generator here has its own stream, so the registry of a seed
 * does not change with the calls.
 */
#include "demo/demo_calls.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/mem.h"
#include "core/page.h"
#include "project/call.h"
#include "project/proposal.h"
#include "registry/iso.h"

#define DAY 86400
#define HOUR 3600
#define MAX_PARTNERS 14
#define MAX_TEAM 2
#define NONE ((size_t)-1)

/* Proposals per call, before those of the applicant. */
#define SME_PROPOSALS 145
#define CRA_PROPOSALS 98
#define NET_PROPOSALS 58

/* What a proposal's consortium is built to show. */
enum flaw {
    CLEAN,
    F_COUNTRIES,   /* too few countries */
    F_SME_SHARE,   /* SMEs hold too little of the budget */
    F_LEAD,        /* the coordinator is not an SME */
    F_ORG_SHARE,   /* one organisation holds too much */
    F_DURATION,    /* too long */
    F_LATE_SIGN,   /* a commitment form signed after the window */
    F_NO_SIGN,     /* a commitment form never signed */
    F_BUSY,        /* one person on too many applications */
    F_ANNEX,       /* a funder pays a partner of another country */
    F_QUOTA,       /* too few target countries */
};

/* What happens to it. */
enum life { L_SUBMIT, L_DRAFT, L_WITHDRAW, L_WITHDRAW_DRAFT };

enum { EV_CREATE, EV_SIGN, EV_SUBMIT, EV_WITHDRAW };

/* How partners' budgets are laid out. */
enum style { S_INNOVATION, S_RESEARCH, S_NETWORK };

typedef struct funder {
    size_t org;          /* index into w->orgs */
    char currency[4];
    int64_t budget;      /* minor units */
} funder;

typedef struct partner {
    size_t org;          /* index into w->orgs */
    int funder;          /* index into the call's funders; -1: own expense */
    int64_t pi;          /* person id, 0 none */
    int64_t budget;      /* minor units of currency */
    char currency[4];
    int request_pct, in_kind_pct;
    int team;
    int64_t sign_at;     /* when its commitment form is signed; 0 never */
} partner;

typedef struct plan {
    bool applicant;      /* created and handled by the applicant's account */
    int flaw, life;
    int n;               /* partners; p[0] coordinates */
    partner p[MAX_PARTNERS];
    int nteam;
    int64_t team[MAX_TEAM];
    int duration;
    size_t field, pattern, city, keyword;
    int64_t t_create, t_submit, t_withdraw;
    int64_t id;
} plan;

typedef struct event {
    int64_t t;
    int kind, plan, seq, order;
} event;

typedef struct gen {
    store *s;
    const actor *op;
    const demo_world *w;
    serai_err *err;
    rng r;
    int64_t base;         /* the demo's now */
    enum style style;
    int nfunders;
    funder f[ELIG_MAX_FUNDERS];
    int *load;            /* per person index: proposals of this call */
    int cap;              /* most proposals per person when choosing; 0 any */
    size_t keep_out[2];   /* person indices never chosen */
    size_t app_org, app_person;   /* the applicant's, or NONE */
    int nplans;
    plan *plans;
} gen;

/* ---- small helpers ---- */

static size_t list_len(const char *const *list, size_t max)
{
    size_t n = 0;
    while (n < max && list[n])
        n++;
    return n;
}

#define LEN(arr) list_len((arr), sizeof(arr) / sizeof((arr)[0]))

static int64_t between(gen *g, int64_t lo, int64_t hi)
{
    if (hi <= lo)
        return lo;
    int64_t t = lo + (int64_t)rng_below(&g->r, (size_t)(hi - lo + 1));
    return t - t % 60 < lo ? t : t - t % 60;   /* whole minutes */
}

static bool active(const gen *g, size_t country)
{
    return g->w->status[country] == 1 || g->w->status[country] == 2;
}

static bool type_in(const char *type, const char *const *types)
{
    for (; *types; types++)
        if (strcmp(type, *types) == 0)
            return true;
    return false;
}

static const char *const researching[] = {"university", "research_institute",
                                          "sme", "enterprise", NULL};

static size_t org_index(const gen *g, int64_t id)
{
    size_t lo = 0, hi = g->w->norgs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->w->orgs[mid].id == id)
            return mid;
        if (g->w->orgs[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NONE;
}

static size_t person_index(const gen *g, int64_t id)
{
    size_t lo = 0, hi = g->w->npeople;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->w->people[mid].id == id)
            return mid;
        if (g->w->people[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NONE;
}

/* The funding agency of country i, or NONE. */
static size_t agency_of(const gen *g, size_t i)
{
    for (size_t k = 0; k < g->w->norgs; k++)
        if (g->w->orgs[k].country == i &&
            strcmp(g->w->orgs[k].type, "funding_agency") == 0)
            return k;
    return NONE;
}

static int funder_in(const gen *g, size_t country)
{
    for (int k = 0; k < g->nfunders; k++)
        if (g->w->orgs[g->f[k].org].country == country)
            return k;
    return -1;
}

static bool on_plan(const plan *p, size_t org)
{
    for (int k = 0; k < p->n; k++)
        if (p->p[k].org == org)
            return true;
    return false;
}

static bool person_on_plan(const plan *p, int64_t id)
{
    for (int k = 0; k < p->n; k++)
        if (p->p[k].pi == id)
            return true;
    for (int k = 0; k < p->nteam; k++)
        if (p->team[k] == id)
            return true;
    return false;
}

/* An organisation of one of the countries (bool per demo country) and one
 * of the types, not yet on p; NONE when there is none. */
static size_t pick_org(gen *g, const plan *p, const bool *countries,
                       const char *const *types)
{
    size_t *cand = xcalloc(g->w->norgs + 1, sizeof *cand), n = 0;
    for (size_t k = 0; k < g->w->norgs; k++) {
        const demo_org *o = &g->w->orgs[k];
        if (countries[o->country] && type_in(o->type, types) && !on_plan(p, k) &&
            !(p->applicant && k == g->app_org))
            cand[n++] = k;
    }
    size_t pick = n ? cand[rng_below(&g->r, n)] : NONE;
    free(cand);
    return pick;
}

/* The least busy person working at employer (else living in country) who
 * is not on p and below the cap; 0 when there is none.  Counted. */
static int64_t pick_person(gen *g, const plan *p, int64_t employer,
                           size_t country)
{
    size_t n = g->w->npeople;
    for (int pass = 0; pass < 2; pass++) {
        size_t best = NONE, start = rng_below(&g->r, n);
        for (size_t j = 0; j < n; j++) {
            size_t k = (start + j) % n;
            const demo_person *pe = &g->w->people[k];
            if (pass == 0 ? (employer == 0 || pe->employer != employer)
                          : pe->country != country)
                continue;
            if (k == g->keep_out[0] || k == g->keep_out[1] ||
                (g->cap && g->load[k] >= g->cap) || person_on_plan(p, pe->id))
                continue;
            if (best == NONE || g->load[k] < g->load[best])
                best = k;
        }
        if (best != NONE) {
            g->load[best]++;
            return g->w->people[best].id;
        }
    }
    return 0;
}

/* Append a partner at organisation org paid by funder (-1: own
 * expense); its PI is chosen (or pi when not 0). */
static partner *add_partner(gen *g, plan *p, size_t org, int funder,
                            int64_t pi)
{
    partner *pa = &p->p[p->n++];
    memset(pa, 0, sizeof *pa);
    const demo_org *o = &g->w->orgs[org];
    pa->org = org;
    pa->funder = funder;
    pa->pi = pi ? pi : pick_person(g, p, o->id, o->country);
    pa->team = 2 + (int)rng_below(&g->r, 6);
    const char *cur = funder >= 0 ? g->f[funder].currency
                                  : demo_countries[o->country].currency;
    snprintf(pa->currency, sizeof pa->currency, "%s", cur);
    bool firm = strcmp(o->type, "sme") == 0 || strcmp(o->type, "enterprise") == 0;
    switch (g->style) {
    case S_INNOVATION:
        pa->request_pct = strcmp(o->type, "sme") == 0 ? 50 : firm ? 40 : 75;
        pa->in_kind_pct = firm ? 10 : 5;
        break;
    case S_RESEARCH:
        pa->request_pct = 90;
        pa->in_kind_pct = 10;
        break;
    case S_NETWORK:
        pa->request_pct = 100;
        pa->in_kind_pct = 0;
        break;
    }
    if (funder < 0)
        pa->request_pct = 0;
    return pa;
}

/* One or two team members from the coordinator's organisation. */
static void add_team(gen *g, plan *p)
{
    int want = (int)rng_below(&g->r, MAX_TEAM + 1);
    const demo_org *o = &g->w->orgs[p->p[0].org];
    for (int k = 0; k < want; k++) {
        int64_t id = pick_person(g, p, o->id, NONE);
        if (id)
            p->team[p->nteam++] = id;
    }
}

/* Units of each demo currency to the euro, times 100: rough, for
 * plausible amounts only (nothing converts with them). */
static const struct {
    const char *code;
    int64_t per_eur;
} rates[] = {
    {"AED", 400},     {"ARS", 120000},  {"AZN", 185},     {"BDT", 13000},
    {"BOB", 760},     {"BRL", 620},     {"BYN", 360},     {"CLP", 105000},
    {"CNY", 780},     {"COP", 460000},  {"CRC", 56000},   {"CUP", 2600},
    {"CZK", 2500},    {"DZD", 14500},   {"EGP", 5500},    {"ETB", 15000},
    {"EUR", 100},     {"FJD", 250},     {"GEL", 300},     {"GHS", 1400},
    {"HUF", 40000},   {"IDR", 1750000}, {"IRR", 4600000}, {"JOD", 77},
    {"KES", 14000},   {"KGS", 9500},    {"KHR", 440000},  {"KZT", 55000},
    {"LAK", 2300000}, {"LKR", 32000},   {"MAD", 1070},    {"MMK", 230000},
    {"MNT", 370000},  {"MYR", 490},     {"MZN", 7000},    {"NAD", 2000},
    {"NGN", 170000},  {"NPR", 15000},   {"NZD", 190},     {"OMR", 42},
    {"PEN", 410},     {"PGK", 440},     {"PHP", 6200},    {"PKR", 30000},
    {"PLN", 425},     {"RON", 500},     {"RSD", 11700},   {"RUB", 9500},
    {"RWF", 155000},  {"SAR", 410},     {"THB", 3700},    {"TJS", 1150},
    {"TND", 330},     {"TRY", 4000},    {"TZS", 290000},  {"UGX", 400000},
    {"USD", 110},     {"UYU", 4500},    {"UZS", 1400000}, {"VND", 2800000},
    {"XAF", 65600},   {"XOF", 65600},   {"ZAR", 2000},    {"ZMW", 2700},
};

/* eur whole euros in currency, rounded to three significant digits, in
 * minor units. */
static int64_t money(const char *currency, int64_t eur)
{
    int64_t per = 100;
    for (size_t k = 0; k < sizeof rates / sizeof rates[0]; k++)
        if (strcmp(rates[k].code, currency) == 0)
            per = rates[k].per_eur;
    int64_t major = eur * per / 100, scale = 1;
    while (major / scale >= 1000)
        scale *= 10;
    major = (major + scale / 2) / scale * scale;
    if (major < 1)
        major = 1;
    const iso_currency *c = iso_currency_by_code(currency);
    for (int k = 0; c && k < c->minor_units; k++)
        major *= 10;
    return major;
}

/* Split rest (percent) over n partners' shares, at random. */
static void split(gen *g, int rest, int n, int *out)
{
    int w[MAX_PARTNERS], total = 0, given = 0;
    for (int k = 0; k < n; k++)
        total += w[k] = 2 + (int)rng_below(&g->r, 5);
    for (int k = 0; k < n; k++)
        given += out[k] = rest * w[k] / total;
    out[0] += rest - given;
}

/* ---- rendering a plan as the API's JSON ---- */

static void acronym_of(const char *a, const char *b, char *out, size_t size)
{
    size_t n = 0;
    const char *words[2] = {a, b};
    const int take[2] = {4, 3};
    for (int w = 0; w < 2; w++) {
        int got = 0;
        for (const char *s = words[w]; s && *s && got < take[w] && n + 1 < size;
             s++) {
            char c = *s;
            if (c == ' ' || c == '-')
                break;
            if (c >= 'a' && c <= 'z')
                c = (char)(c - 'a' + 'A');
            if (c >= 'A' && c <= 'Z') {
                out[n++] = c;
                got++;
            }
        }
    }
    out[n] = '\0';
    if (n < 3)
        snprintf(out, size, "NEXUS");
}

static json_t *budget_lines(enum style style, int64_t budget)
{
    static const char *const research[] = {"personnel", "equipment", "travel",
                                           "consumables", "indirect"};
    static const int research_pct[] = {55, 12, 6, 7, 20};
    static const char *const network[] = {"travel", "other", "indirect"};
    static const int network_pct[] = {60, 25, 15};
    const char *const *cat = style == S_NETWORK ? network : research;
    const int *pct = style == S_NETWORK ? network_pct : research_pct;
    int n = style == S_NETWORK ? 3 : 5;
    json_t *lines = json_array();
    int64_t left = budget;
    for (int k = 0; k < n; k++) {
        int64_t amount = k == n - 1 ? left : budget / 100 * pct[k];
        left -= amount;
        json_array_append_new(lines, json_pack("{s:s, s:I}", "category", cat[k],
                                               "amount", (json_int_t)amount));
    }
    return lines;
}

static json_t *plan_body(gen *g, int64_t call_id, const plan *p)
{
    const demo_field *f = &demo_fields[p->field];
    const demo_country *c = &demo_countries[g->w->orgs[p->p[0].org].country];
    size_t nk = LEN(f->keywords);
    char *title = demo_fill(f->paper_title_patterns[p->pattern], c, p->city, NULL);
    char acronym[16];
    acronym_of(f->keywords[p->keyword % nk], f->keywords[(p->keyword + 1) % nk],
               acronym, sizeof acronym);
    bool seen[256] = {false};
    int countries = 0;
    for (int k = 0; k < p->n; k++) {
        size_t i = g->w->orgs[p->p[k].org].country;
        countries += !seen[i];
        seen[i] = true;
    }
    char abstract[1600];
    snprintf(abstract, sizeof abstract,
             "%s %s The consortium of %d partners from %d countries works on "
             "%s and %s over %d months.",
             f->profile_sentences[p->keyword % 4],
             f->profile_sentences[(p->keyword + 1) % 4], p->n, countries,
             f->keywords[p->keyword % nk], f->keywords[(p->keyword + 2) % nk],
             p->duration);
    json_t *keywords = json_array();
    for (size_t k = 0; k < 3 + p->keyword % 3 && k < nk; k++)
        json_array_append_new(keywords,
                              json_string(f->keywords[(p->keyword + k) % nk]));
    json_t *partners = json_array();
    for (int k = 0; k < p->n; k++) {
        const partner *pa = &p->p[k];
        int64_t requested = pa->budget / 100 * pa->request_pct;
        int64_t in_kind = pa->budget / 100 * pa->in_kind_pct;
        json_t *j = json_pack(
            "{s:I, s:s, s:s, s:I, s:I, s:I, s:b, s:i, s:o}", "organization_id",
            (json_int_t)g->w->orgs[pa->org].id, "role",
            k == 0 ? "coordinator" : "partner", "currency", pa->currency,
            "requested", (json_int_t)requested, "own_cash",
            (json_int_t)(pa->budget - requested - in_kind), "own_in_kind",
            (json_int_t)in_kind, "own_expense", pa->funder < 0, "team_size",
            pa->team, "budget_lines", budget_lines(g->style, pa->budget));
        if (pa->pi)
            json_object_set_new(j, "pi_person_id", json_integer(pa->pi));
        if (pa->funder >= 0)
            json_object_set_new(j, "funder_id",
                                json_integer(g->w->orgs[g->f[pa->funder].org].id));
        json_array_append_new(partners, j);
    }
    json_t *people = json_array();
    for (int k = 0; k < p->nteam; k++)
        json_array_append_new(people, json_integer(p->team[k]));
    json_t *body = json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:i, s:o, s:o}", "call_id",
        (json_int_t)call_id, "acronym", acronym, "title", title, "abstract",
        abstract, "keywords", keywords, "duration_months", p->duration,
        "partners", partners, "people", people);
    free(title);
    return body;
}

/* ---- a call ---- */

static json_t *stage_json(int64_t opens, int64_t deadline)
{
    char o[CLOCK_ISO_LEN], d[CLOCK_ISO_LEN];
    clock_format(opens, o);
    clock_format(deadline, d);
    return json_pack("[{s:s, s:s, s:s}]", "kind", "full_proposal", "opens_at",
                     o, "deadline", d);
}

static json_t *funders_json(const gen *g, bool own_country_only)
{
    json_t *arr = json_array();
    for (int k = 0; k < g->nfunders; k++) {
        json_t *f = json_pack("{s:I, s:I, s:s}", "organization_id",
                              (json_int_t)g->w->orgs[g->f[k].org].id, "budget",
                              (json_int_t)g->f[k].budget, "currency",
                              g->f[k].currency);
        if (own_country_only)
            json_object_set_new(f, "annex", json_pack("{s:b}", "own_country_only",
                                                      1));
        json_array_append_new(arr, f);
    }
    return arr;
}

static void add_funder(gen *g, size_t country, const char *currency,
                       int64_t eur)
{
    size_t org = agency_of(g, country);
    if (org == NONE || g->nfunders == ELIG_MAX_FUNDERS)
        return;
    funder *f = &g->f[g->nfunders++];
    f->org = org;
    snprintf(f->currency, sizeof f->currency, "%s", currency);
    f->budget = money(currency, eur);
}

static int event_cmp(const void *a, const void *b)
{
    const event *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->order - y->order;
}

/* Replay every plan's history, in the order of its dates, up to the
 * demo's now: what would come later has not happened yet. */
static serai_code replay(gen *g, int64_t call_id)
{
    int64_t until = g->base - HOUR;
    event *ev = xcalloc((size_t)g->nplans * (MAX_PARTNERS + 3), sizeof *ev);
    int n = 0;
    for (int i = 0; i < g->nplans; i++) {
        const plan *p = &g->plans[i];
        bool submits = p->life == L_SUBMIT || p->life == L_WITHDRAW;
        int64_t end = p->t_withdraw ? p->t_withdraw : until;
        ev[n] = (event){p->t_create, EV_CREATE, i, 0, n};
        n++;
        for (int k = 0; submits && k < p->n; k++)
            if (p->p[k].sign_at && p->p[k].sign_at < end) {
                ev[n] = (event){p->p[k].sign_at, EV_SIGN, i, k, n};
                n++;
            }
        if (submits) {
            ev[n] = (event){p->t_submit, EV_SUBMIT, i, 0, n};
            n++;
        }
        if (p->t_withdraw) {
            ev[n] = (event){p->t_withdraw, EV_WITHDRAW, i, 0, n};
            n++;
        }
    }
    qsort(ev, (size_t)n, sizeof *ev, event_cmp);
    serai_code rc = SERAI_OK;
    for (int e = 0; e < n && rc == SERAI_OK; e++) {
        plan *p = &g->plans[ev[e].plan];
        const actor *who =
            p->applicant && g->w->applicant.account_id ? &g->w->applicant : g->op;
        json_t *out = NULL;
        switch (ev[e].kind) {
        case EV_CREATE: {
            json_t *body = plan_body(g, call_id, p);
            rc = proposal_create(g->s, who, body, ev[e].t, &out, g->err);
            json_decref(body);
            if (rc == SERAI_OK)
                p->id = json_integer_value(json_object_get(out, "id"));
            break;
        }
        case EV_SIGN: {
            char at[CLOCK_ISO_LEN];
            clock_format(ev[e].t, at);
            rc = proposal_commitment(g->s, who, p->id, ev[e].seq, at, ev[e].t,
                                     &out, g->err);
            break;
        }
        case EV_SUBMIT:
            rc = proposal_submit(g->s, who, p->id, ev[e].t, &out, g->err);
            break;
        case EV_WITHDRAW:
            rc = proposal_withdraw(g->s, who, p->id, ev[e].t, &out, g->err);
            break;
        }
        json_decref(out);
    }
    free(ev);
    return rc;
}

/* Create the call of body (taken), open it, replay the plans, and close
 * it when asked; *summary describes it. */
static serai_code run_call(gen *g, json_t *body, bool close, json_t **summary)
{
    json_t *out = NULL;
    *summary = NULL;
    serai_code rc = call_create(g->s, g->op, body, &out, g->err);
    json_decref(body);
    if (rc != SERAI_OK)
        return rc;
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    if ((rc = call_transition(g->s, g->op, id, "open", &out, g->err)) != SERAI_OK)
        return rc;
    json_decref(out);
    if ((rc = replay(g, id)) != SERAI_OK)
        return rc;
    if (close) {
        if ((rc = call_transition(g->s, g->op, id, "closed", &out, g->err)))
            return rc;
        json_decref(out);
    }
    if ((rc = call_get(g->s, g->op, id, &out, g->err)) != SERAI_OK)
        return rc;
    json_t *statuses = json_object();
    int total = 0;
    proposal_filter f = {.call_id = id, .page = {.limit = PAGE_MAX_LIMIT}};
    for (;;) {
        json_t *list;
        if ((rc = proposal_list(g->s, g->op, &f, &list, g->err)) != SERAI_OK) {
            json_decref(statuses);
            json_decref(out);
            return rc;
        }
        size_t k;
        json_t *pj;
        json_array_foreach(json_object_get(list, "items"), k, pj) {
            const char *st = json_string_value(json_object_get(pj, "status"));
            json_t *v = json_object_get(statuses, st);
            json_object_set_new(statuses, st,
                                json_integer(v ? json_integer_value(v) + 1 : 1));
            total++;
        }
        json_t *next = json_object_get(list, "next");
        f.page.after = json_is_integer(next) ? json_integer_value(next) : 0;
        json_decref(list);
        if (f.page.after == 0)
            break;
    }
    *summary = json_pack(
        "{s:I, s:O, s:O, s:O, s:O, s:i, s:o}", "id", (json_int_t)id, "programme",
        json_object_get(out, "programme"), "edition",
        json_object_get(out, "edition"), "title", json_object_get(out, "title"),
        "status", json_object_get(out, "status"), "proposals", total,
        "statuses", statuses);
    json_decref(out);
    return SERAI_OK;
}

/* The next 12:00 UTC at least two hours after t. */
static int64_t next_noon(int64_t t)
{
    int64_t d = t - t % DAY + 12 * HOUR;
    while (d < t + 2 * HOUR)
        d += DAY;
    return d;
}

/* Shuffle the plans' flaws: counts[k] plans get flaw k, the rest CLEAN. */
static void deal_flaws(gen *g, plan *plans, int n, const int counts[][2],
                       int nkinds)
{
    int at = 0;
    for (int k = 0; k < nkinds; k++)
        for (int j = 0; j < counts[k][1] && at < n; j++)
            plans[at++].flaw = counts[k][0];
    for (int i = n - 1; i > 0; i--) {
        int j = (int)rng_below(&g->r, (size_t)i + 1);
        int t = plans[i].flaw;
        plans[i].flaw = plans[j].flaw;
        plans[j].flaw = t;
    }
}

/* Lives of the clean plans: the first drafts stay drafts, then some are
 * withdrawn after submission, then some withdrawn as drafts. */
static void deal_lives(plan *plans, int n, int drafts, int withdrawn,
                       int withdrawn_drafts)
{
    for (int i = 0; i < n; i++) {
        if (plans[i].flaw != CLEAN || plans[i].applicant)
            continue;
        if (drafts > 0)
            plans[i].life = L_DRAFT, drafts--;
        else if (withdrawn > 0)
            plans[i].life = L_WITHDRAW, withdrawn--;
        else if (withdrawn_drafts > 0)
            plans[i].life = L_WITHDRAW_DRAFT, withdrawn_drafts--;
    }
}

/* Text of the plan: a field (of one of the themes, when given), a title
 * pattern, a city of the coordinator's country, keywords. */
static void choose_text(gen *g, plan *p, const char *const *themes)
{
    size_t pick[256], n = 0;
    for (size_t k = 0; k < demo_field_count && n < 256; k++)
        if (!themes || (demo_fields[k].theme && type_in(demo_fields[k].theme, themes)))
            pick[n++] = k;
    p->field = n ? pick[rng_below(&g->r, n)] : rng_below(&g->r, demo_field_count);
    const demo_field *f = &demo_fields[p->field];
    p->pattern = rng_below(&g->r, LEN(f->paper_title_patterns));
    const demo_country *c = &demo_countries[g->w->orgs[p->p[0].org].country];
    p->city = rng_below(&g->r, LEN(c->cities));
    p->keyword = rng_below(&g->r, LEN(f->keywords));
}

/* Dates of p in a call whose proposals come in [from, to] (submission),
 * created no earlier than opens; commitment forms signed within
 * sign_days of submission (before it, at random, when early_sign). */
static void choose_dates(gen *g, plan *p, int64_t opens, int64_t from,
                         int64_t to, int sign_days, bool early_sign)
{
    if (p->life == L_DRAFT || p->life == L_WITHDRAW_DRAFT) {
        p->t_create = between(g, opens + HOUR, to - 6 * DAY);
        if (p->life == L_WITHDRAW_DRAFT)
            p->t_withdraw = between(g, p->t_create + DAY, p->t_create + 5 * DAY);
        return;
    }
    if (p->life == L_WITHDRAW)
        to -= 7 * DAY;
    p->t_submit = between(g, from, to);
    int64_t earliest = p->t_submit - 20 * DAY;
    if (earliest < opens + HOUR)
        earliest = opens + HOUR;
    p->t_create = between(g, earliest, p->t_submit - 2 * DAY);
    if (p->t_create <= opens)
        p->t_create = opens + HOUR;
    if (p->life == L_WITHDRAW)
        p->t_withdraw = between(g, p->t_submit + DAY, p->t_submit + 6 * DAY);
    for (int k = 0; sign_days && k < p->n; k++) {
        partner *pa = &p->p[k];
        if (early_sign && rng_below(&g->r, 100) < 65) {
            /* while the proposal is prepared: counts as in time */
            int64_t t = p->t_create + (p->t_submit - p->t_create) / 10 *
                                          (1 + (int64_t)rng_below(&g->r, 8));
            pa->sign_at = t - t % 60 > p->t_create ? t - t % 60 : t;
        } else {
            pa->sign_at = between(g, p->t_submit + HOUR,
                                  p->t_submit + (int64_t)sign_days * DAY);
        }
    }
}

/* ---- the SME innovation call (Eurostars-like) ---- */

/* The consortium of p by its flaw; false when the registry lacks what it
 * needs. */
static bool sme_consortium(gen *g, plan *p, const bool *in_call, size_t busy_org,
                           int64_t busy_pi)
{
    static const char *const sme[] = {"sme", NULL};
    static const char *const not_sme[] = {"university", "research_institute",
                                          "enterprise", NULL};
    static const char *const one_type[][2] = {
        {"sme", NULL}, {"university", NULL}, {"research_institute", NULL},
        {"enterprise", NULL}};
    p->n = 0;
    p->nteam = 0;
    bool countries[256];
    memcpy(countries, in_call, sizeof countries);
    /* The applicant's organisation takes part, and coordinates if it can. */
    size_t app = p->applicant ? g->app_org : NONE;
    bool app_leads = app != NONE && in_call[g->w->orgs[app].country] &&
                     strcmp(g->w->orgs[app].type, "sme") == 0;
    size_t lead;
    int64_t lead_pi = 0;
    if (p->flaw == F_BUSY) {
        lead = busy_org;
        lead_pi = busy_pi;
    } else if (app_leads) {
        lead = app;
    } else {
        if (app != NONE)
            countries[g->w->orgs[app].country] = false;
        lead = pick_org(g, p, countries, p->flaw == F_LEAD ? not_sme : sme);
    }
    if (lead == NONE)
        return false;
    size_t lead_country = g->w->orgs[lead].country;
    if (app_leads)
        lead_pi = g->w->people[g->app_person].id;
    add_partner(g, p, lead, funder_in(g, lead_country), lead_pi);

    int others = 1 + (int)rng_below(&g->r, 3);
    if (p->flaw == F_COUNTRIES)
        others = 1;
    if (p->flaw == F_SME_SHARE)
        others = 2 + (int)rng_below(&g->r, 2);
    int shares[MAX_PARTNERS] = {0};
    switch (p->flaw) {
    case F_SME_SHARE:
        shares[0] = 25 + (int)rng_below(&g->r, 11);
        split(g, 100 - shares[0], others, shares + 1);
        break;
    case F_LEAD: {
        int s = 52 + (int)rng_below(&g->r, 9);
        int rest = others > 1 ? 8 + (int)rng_below(&g->r, 7) : 0;
        shares[0] = 100 - s - rest;
        shares[1] = s;
        if (others > 1)
            split(g, rest, others - 1, shares + 2);
        break;
    }
    case F_ORG_SHARE:
        shares[0] = 75 + (int)rng_below(&g->r, 11);
        split(g, 100 - shares[0], others, shares + 1);
        break;
    default:
        shares[0] = 52 + (int)rng_below(&g->r, 14);
        split(g, 100 - shares[0], others, shares + 1);
        break;
    }
    /* Other partners: from the other countries of the call, each from a
     * country of its own while there are some (all from the lead's
     * country to show too few countries). */
    memcpy(countries, in_call, sizeof countries);
    countries[lead_country] = false;
    if (p->flaw == F_COUNTRIES) {
        memset(countries, 0, sizeof countries);
        countries[lead_country] = true;
    }
    for (int k = 0; k < others; k++) {
        size_t org;
        if (app != NONE && !app_leads && k == others - 1) {
            org = app;   /* the applicant's organisation, in its last place */
        } else {
            const char *const *types =
                p->flaw == F_SME_SHARE               ? not_sme
                : p->flaw == F_LEAD && k == 0        ? sme
                : one_type[rng_below(&g->r, 4)];
            org = pick_org(g, p, countries, types);
            if (org == NONE && p->flaw != F_SME_SHARE &&
                !(p->flaw == F_LEAD && k == 0))
                org = pick_org(g, p, countries, researching);
            if (org == NONE)
                return false;
        }
        size_t c = g->w->orgs[org].country;
        int64_t pi = org == app ? g->w->people[g->app_person].id : 0;
        add_partner(g, p, org, funder_in(g, c), pi);
        if (p->flaw != F_COUNTRIES) {
            bool left = false;
            countries[c] = false;
            for (size_t i = 0; i < 256; i++)
                left = left || countries[i];
            if (!left) {
                memcpy(countries, in_call, sizeof countries);
                countries[lead_country] = false;
            }
        }
    }
    /* In euros: every partner states its amounts in the call's currency. */
    int64_t total_k = 400 + (int64_t)rng_below(&g->r, 2100);
    for (int k = 0; k < p->n; k++) {
        p->p[k].budget = (total_k * shares[k] / 100) * 1000 * 100;
        snprintf(p->p[k].currency, sizeof p->p[k].currency, "EUR");
    }
    p->duration = p->flaw == F_DURATION ? 42 + 6 * (int)rng_below(&g->r, 2)
                                        : 24 + 3 * (int)rng_below(&g->r, 5);
    add_team(g, p);
    return true;
}

static serai_code sme_call(gen *g, json_t **summary)
{
    /* Funders: the agencies of Europe and Türkiye, with more countries
     * while these hold fewer than 4 SMEs or fewer than 4 countries. */
    bool in_call[256] = {false};
    int ncountries = 0, smes = 0;
    for (size_t i = 0; i < demo_country_count; i++)
        if (active(g, i) && (strcmp(demo_countries[i].continent, "Europe") == 0 ||
                             strcmp(demo_countries[i].alpha2, "TR") == 0)) {
            in_call[i] = true;
            ncountries++;
        }
    for (;;) {
        smes = 0;
        size_t best = NONE;
        int best_smes = -1;
        int per[256] = {0};
        for (size_t k = 0; k < g->w->norgs; k++)
            if (strcmp(g->w->orgs[k].type, "sme") == 0)
                per[g->w->orgs[k].country]++;
        for (size_t i = 0; i < demo_country_count; i++) {
            if (in_call[i])
                smes += per[i];
            else if (active(g, i) && per[i] > best_smes)
                best = i, best_smes = per[i];
        }
        if ((smes >= 4 && ncountries >= 4) || best == NONE ||
            ncountries >= ELIG_MAX_FUNDERS)
            break;
        in_call[best] = true;
        ncountries++;
    }
    for (size_t i = 0; i < demo_country_count; i++)
        if (in_call[i])
            add_funder(g, i, "EUR", 3000000 + 500000 * (int64_t)rng_below(&g->r, 19));

    /* One person coordinates four proposals: one too many. */
    size_t busy_org = NONE;
    int64_t busy_pi = 0;
    for (size_t k = 0; k < g->w->norgs && busy_org == NONE; k++) {
        const demo_org *o = &g->w->orgs[k];
        if (strcmp(o->type, "sme") != 0 || !in_call[o->country] ||
            k == g->app_org)
            continue;
        for (size_t j = 0; j < g->w->npeople; j++)
            if (g->w->people[j].employer == o->id && j != g->app_person) {
                busy_org = k;
                busy_pi = g->w->people[j].id;
                g->keep_out[1] = j;
                break;
            }
    }

    int napp = g->app_org != NONE ? 5 : 0;
    g->nplans = SME_PROPOSALS + napp;
    g->plans = xcalloc((size_t)g->nplans, sizeof *g->plans);
    plan *others = g->plans + napp;
    static const int flaws[][2] = {
        {F_BUSY, 4},      {F_COUNTRIES, 7}, {F_SME_SHARE, 8}, {F_LEAD, 7},
        {F_ORG_SHARE, 4}, {F_DURATION, 6},  {F_LATE_SIGN, 5}, {F_NO_SIGN, 5}};
    deal_flaws(g, others, SME_PROPOSALS, flaws, 8);
    deal_lives(others, SME_PROPOSALS, 9, 4, 3);
    for (int i = 0; i < napp; i++) {
        g->plans[i].applicant = true;
        g->plans[i].life = i < 3 ? L_DRAFT : L_SUBMIT;
    }

    int64_t base = g->base, opens = base - 40 * DAY;
    int64_t from = base - 35 * DAY, to = base - 2 * HOUR;
    for (int i = 0; i < g->nplans; i++) {
        plan *p = &g->plans[i];
        if (p->flaw == F_BUSY && busy_org == NONE)
            p->flaw = CLEAN;
        if (!sme_consortium(g, p, in_call, busy_org, busy_pi)) {
            p->flaw = CLEAN;
            if (!sme_consortium(g, p, in_call, busy_org, busy_pi))
                return serai_fail(g->err, SERAI_EINTERNAL, NULL,
                                  "the demo registry has no SME to lead a "
                                  "proposal");
        }
        choose_text(g, p, NULL);
        int64_t last = to;
        if (p->flaw == F_NO_SIGN)
            last = base - 17 * DAY;
        else if (p->flaw == F_LATE_SIGN || p->flaw == F_BUSY)
            last = base - 21 * DAY;
        else if (p->applicant && i == napp - 2)
            last = base - 16 * DAY;   /* long since complete */
        int64_t first = p->applicant && i == napp - 1 ? base - 5 * DAY : from;
        /* the applicant's drafts are recent work */
        int64_t began = p->applicant && p->life == L_DRAFT ? base - 10 * DAY : opens;
        choose_dates(g, p, began, first, last, 12, true);
        if (p->flaw == F_LATE_SIGN)
            p->p[p->n - 1].sign_at =
                p->t_submit + 15 * DAY + (int64_t)rng_below(&g->r, 5) * DAY;
        if (p->flaw == F_NO_SIGN)
            p->p[p->n - 1].sign_at = 0;
    }

    char o[CLOCK_ISO_LEN];
    clock_format(base, o);
    char edition[8];
    snprintf(edition, sizeof edition, "%.4s", o);
    char title[128];
    snprintf(title, sizeof title, "SME Innovation Partnership: call %s", edition);
    json_t *rules = json_pack(
        "{s:i, s:i, s:{s:[s]}, s:{s:s, s:i}, s:{s:i}, s:{s:i}, s:{s:i}, "
        "s:{s:i}, s:i}",
        "min_partners", 2, "min_countries", 2, "lead_type", "types", "sme",
        "min_share_by_type", "type", "sme", "basis_points", 5000,
        "max_share_per_organisation", "basis_points", 7000,
        "max_share_per_country", "basis_points", 7000, "duration_months", "max",
        36, "commitment_within_days", "days", 14, "max_applications_per_person",
        3);
    json_t *body = json_pack(
        "{s:s, s:s, s:s, s:{s:s}, s:{s:s, s:s}, s:s, s:s, s:o, s:o, s:o}",
        "programme", "SME Innovation Partnership", "edition", edition, "title",
        title, "titles", "zh", "中小企业创新伙伴计划征集", "descriptions", "en",
        "Market-oriented research and development led by innovative SMEs, "
        "with partners from at least two countries of the call. Each national "
        "funder pays its own country's partners (virtual common pot); the call "
        "is run in euros.",
        "zh",
        "由创新型中小企业牵头、至少两个国家合作伙伴参与的市场导向研发项目。"
        "各国资助方资助本国合作伙伴（虚拟共同资金池）；本征集以欧元计。",
        "funding_mode", "virtual_common_pot", "time_zone", "Europe/Brussels",
        "stages", stage_json(opens, base - base % DAY + 45 * DAY + 12 * HOUR),
        "funders", funders_json(g, false), "rules", rules);
    return run_call(g, body, false, summary);
}

/* ---- the collaborative research action (Belmont-like) ---- */

static bool cra_consortium(gen *g, plan *p, const size_t *countries, int nc)
{
    static const char *const lead_types[] = {"university", "research_institute",
                                             NULL};
    static const char *const one_type[][2] = {
        {"university", NULL}, {"university", NULL}, {"research_institute", NULL},
        {"ngo", NULL}};
    static const char *const any[] = {"university", "research_institute", "ngo",
                                      "sme", "enterprise", NULL};
    static const char *const guests[] = {"university", "research_institute",
                                         "international_organization", NULL};
    p->n = 0;
    p->nteam = 0;
    size_t order[ELIG_MAX_FUNDERS];
    for (int k = 0; k < nc; k++)
        order[k] = countries[k];
    for (int k = nc - 1; k > 0; k--) {
        size_t j = rng_below(&g->r, (size_t)k + 1), t = order[k];
        order[k] = order[j];
        order[j] = t;
    }
    int want = p->flaw == F_COUNTRIES ? 2 : 3 + (int)rng_below(&g->r, 3);
    if (want > nc)
        want = nc;
    size_t app = p->applicant ? g->app_org : NONE;
    bool app_funded = app != NONE && funder_in(g, g->w->orgs[app].country) >= 0;
    if (app_funded)   /* the applicant's country first */
        for (int k = 0; k < nc; k++)
            if (order[k] == g->w->orgs[app].country) {
                order[k] = order[0];
                order[0] = g->w->orgs[app].country;
            }
    for (int k = 0; k < want; k++) {
        bool only[256] = {false};
        only[order[k]] = true;
        int per = 1 + (rng_below(&g->r, 5) == 0);
        if (p->flaw == F_COUNTRIES && k == 1)
            per = 1 + (int)rng_below(&g->r, 2);
        for (int j = 0; j < per && p->n < MAX_PARTNERS; j++) {
            size_t org;
            int64_t pi = 0;
            if (k == 0 && j == 0 && app_funded) {
                org = app;
                pi = g->w->people[g->app_person].id;
            } else {
                org = pick_org(g, p, only,
                               p->n == 0 ? lead_types : one_type[rng_below(&g->r, 4)]);
                if (org == NONE)
                    org = pick_org(g, p, only, any);
            }
            if (org == NONE)
                break;
            add_partner(g, p, org, funder_in(g, order[k]), pi);
        }
    }
    if (p->n < 2)
        return false;
    /* Sometimes a partner from elsewhere at its own expense (always the
     * applicant's organisation when its country funds nothing here). */
    if (app != NONE && !app_funded) {
        add_partner(g, p, app, -1, g->w->people[g->app_person].id);
    } else if (p->flaw == CLEAN && rng_below(&g->r, 100) < 15) {
        bool elsewhere[256] = {false};
        for (size_t i = 0; i < demo_country_count; i++)
            elsewhere[i] = active(g, i) && funder_in(g, i) < 0;
        size_t org = pick_org(g, p, elsewhere, guests);
        if (org != NONE)
            add_partner(g, p, org, -1, 0);
    }
    for (int k = 0; k < p->n; k++) {
        int64_t eur = p->p[k].funder < 0
                          ? 40000 + 10000 * (int64_t)rng_below(&g->r, 9)
                          : 120000 + 10000 * (int64_t)rng_below(&g->r, 34);
        p->p[k].budget = money(p->p[k].currency, eur);
    }
    if (p->flaw == F_ANNEX) {
        /* A partner paid by another country's funder, in its currency. */
        partner *pa = NULL;
        for (int k = p->n - 1; k > 0 && pa == NULL; k--)
            if (p->p[k].funder >= 0)
                pa = &p->p[k];
        if (pa == NULL)
            return false;
        int other = (pa->funder + 1 + (int)rng_below(&g->r, (size_t)g->nfunders - 1)) %
                    g->nfunders;
        int64_t eur = 150000 + 10000 * (int64_t)rng_below(&g->r, 20);
        pa->funder = other;
        snprintf(pa->currency, sizeof pa->currency, "%s", g->f[other].currency);
        pa->budget = money(pa->currency, eur);
    }
    p->duration = p->flaw == F_DURATION ? 42 + 6 * (int)rng_below(&g->r, 2)
                                        : 24 + 6 * (int)rng_below(&g->r, 3);
    add_team(g, p);
    return true;
}

static serai_code cra_call(gen *g, json_t **summary)
{
    /* Two agencies of each continent, each in its own currency. */
    static const char *const continents[] = {"Asia", "Africa", "Europe",
                                             "Americas"};
    size_t countries[ELIG_MAX_FUNDERS];
    int nc = 0;
    for (int c = 0; c < 4; c++) {
        size_t cand[256], n = 0;
        for (size_t i = 0; i < demo_country_count; i++)
            if (active(g, i) && strcmp(demo_countries[i].continent, continents[c]) == 0 &&
                agency_of(g, i) != NONE)
                cand[n++] = i;
        for (int k = 0; k < 2 && n > 0; k++) {
            size_t j = rng_below(&g->r, n);
            countries[nc++] = cand[j];
            cand[j] = cand[--n];
        }
    }
    for (int k = 0; k < nc; k++)
        add_funder(g, countries[k], demo_countries[countries[k]].currency,
                   1500000 + 250000 * (int64_t)rng_below(&g->r, 11));
    if (g->nfunders < 3)
        return serai_fail(g->err, SERAI_EINTERNAL, NULL,
                          "the demo registry has too few funding agencies");

    int napp = g->app_org != NONE ? 2 : 0;
    g->nplans = CRA_PROPOSALS + napp;
    g->plans = xcalloc((size_t)g->nplans, sizeof *g->plans);
    plan *others = g->plans + napp;
    static const int flaws[][2] = {
        {F_COUNTRIES, 6}, {F_ANNEX, 6}, {F_DURATION, 5}, {F_NO_SIGN, 6}};
    deal_flaws(g, others, CRA_PROPOSALS, flaws, 4);
    deal_lives(others, CRA_PROPOSALS, 4, 3, 1);
    for (int i = 0; i < napp; i++)
        g->plans[i].applicant = true;

    static const char *const themes[] = {"water", "climate", "food", "agriculture",
                                         "disaster", "biodiversity", "oceans",
                                         "environment", NULL};
    /* Commitment forms within 30 days; everything signed by 37 days before
     * now, except the forms never signed, whose window is still open until
     * the call closes. */
    int64_t base = g->base, opens = base - 120 * DAY;
    int64_t from = base - 110 * DAY, to = base - 62 * DAY;
    for (int i = 0; i < g->nplans; i++) {
        plan *p = &g->plans[i];
        if (!cra_consortium(g, p, countries, nc)) {
            p->flaw = CLEAN;
            if (!cra_consortium(g, p, countries, nc))
                return serai_fail(g->err, SERAI_EINTERNAL, NULL,
                                  "the demo registry has too few organisations "
                                  "for a research action");
        }
        choose_text(g, p, themes);
        int64_t first = p->flaw == F_NO_SIGN ? to - 2 * DAY : from;
        choose_dates(g, p, opens, first, to, 25, true);
        if (p->flaw == F_NO_SIGN)
            p->p[p->n - 1].sign_at = 0;
    }
    char o[CLOCK_ISO_LEN];
    clock_format(base, o);
    char edition[8];
    snprintf(edition, sizeof edition, "%.4s", o);
    char title[160];
    snprintf(title, sizeof title,
             "Collaborative Research Action %s: water and food security under "
             "climate extremes", edition);
    json_t *rules = json_pack(
        "{s:i, s:{s:b}, s:{s:i}, s:{s:i}}", "min_countries", 3,
        "participating_countries", "allow_own_expense", 1, "duration_months",
        "max", 36, "commitment_within_days", "days", 30);
    json_t *body = json_pack(
        "{s:s, s:s, s:s, s:{s:s}, s:{s:s, s:s}, s:s, s:s, s:o, s:o, s:o}",
        "programme", "Collaborative Research Action", "edition", edition,
        "title", title, "titles", "zh", "合作研究行动：极端气候下的水与粮食安全",
        "descriptions", "en",
        "Transdisciplinary research by teams from at least three of the "
        "funders' countries. Each funder pays only the partners of its own "
        "country, in its own currency; others may join at their own expense. "
        "Every partner signs a commitment form within 30 days of submission.",
        "zh",
        "由至少三个资助国团队开展的跨学科研究。各资助方仅以本国货币资助本国合作"
        "伙伴；其他伙伴可自费参与。每个合作伙伴须在提交后30天内签署承诺书。",
        "funding_mode", "virtual_common_pot", "time_zone", "UTC", "stages",
        stage_json(opens, next_noon(base)), "funders", funders_json(g, true),
        "rules", rules);
    return run_call(g, body, true, summary);
}

/* ---- the network call (COST-like) ---- */

static bool is_target(const gen *g, size_t i)
{
    if (g->w->status[i] != 1)
        return false;
    const iso_country *c = iso_country_by_alpha2(demo_countries[i].alpha2);
    return c && (c->ldc || c->lldc || c->sids || strcmp(c->region, "Africa") == 0 ||
                 strcmp(c->subregion, "Latin America and the Caribbean") == 0);
}

static bool net_consortium(gen *g, plan *p, size_t *targets, int nt,
                           size_t *rest, int nr, int pot)
{
    static const char *const types[] = {"university", "research_institute",
                                        "ngo", NULL};
    p->n = 0;
    p->nteam = 0;
    int n = p->flaw == F_COUNTRIES ? 4 + (int)rng_below(&g->r, 3)
                                   : 8 + (int)rng_below(&g->r, 5);
    int half = (n + 1) / 2, t;
    if (p->flaw == F_QUOTA)
        t = 1 + (int)rng_below(&g->r, (size_t)(n - 1) / 2);   /* below half */
    else
        t = half + (int)rng_below(&g->r, (size_t)(n - half + 1));
    size_t app = p->applicant ? g->app_org : NONE;
    size_t app_country = app != NONE ? g->w->orgs[app].country : NONE;
    if (app != NONE && p->flaw == CLEAN)
        t = n - 2;   /* room for the applicant's country, target or not */
    if (t > nt)
        t = nt;
    if (n - t > nr)
        n = t + nr;
    /* Shuffle both lists' heads into place. */
    for (int k = 0; k < t; k++) {
        size_t j = (size_t)k + rng_below(&g->r, (size_t)(nt - k)), x = targets[k];
        targets[k] = targets[j];
        targets[j] = x;
    }
    for (int k = 0; k < n - t; k++) {
        size_t j = (size_t)k + rng_below(&g->r, (size_t)(nr - k)), x = rest[k];
        rest[k] = rest[j];
        rest[j] = x;
    }
    if (app != NONE)
        add_partner(g, p, app, pot, g->w->people[g->app_person].id);
    for (int k = 0; k < n; k++) {
        size_t c = k < t ? targets[k] : rest[k - t];
        if (c == app_country)
            continue;
        bool only[256] = {false};
        only[c] = true;
        size_t org = pick_org(g, p, only, types);
        if (org == NONE)
            org = pick_org(g, p, only, researching);
        if (org != NONE && p->n < MAX_PARTNERS)
            add_partner(g, p, org, pot, 0);
    }
    if (p->n < 2)
        return false;
    for (int k = 0; k < p->n; k++) {
        p->p[k].budget = money("EUR", 12000 + 1000 * (int64_t)rng_below(&g->r, 19));
        snprintf(p->p[k].currency, sizeof p->p[k].currency, "EUR");
    }
    p->duration = p->flaw == F_DURATION ? 60 : 36 + 6 * (int)rng_below(&g->r, 3);
    add_team(g, p);
    return true;
}

static serai_code net_call(gen *g, json_t **summary)
{
    size_t targets[256], rest[256];
    int nt = 0, nr = 0;
    for (size_t i = 0; i < demo_country_count; i++) {
        if (!active(g, i))
            continue;
        if (is_target(g, i))
            targets[nt++] = i;
        else
            rest[nr++] = i;
    }
    if (nt < 4 || nr < 4)
        return serai_fail(g->err, SERAI_EINTERNAL, NULL,
                          "the demo has too few target countries for a network "
                          "call");
    /* The common pot: three members' agencies pay into it, in euros. */
    size_t payers[256];
    int np = 0;
    for (int k = 0; k < nr; k++)
        if (g->w->status[rest[k]] == 1 && agency_of(g, rest[k]) != NONE)
            payers[np++] = rest[k];
    for (int k = 0; k < 3 && np > 0; k++) {
        size_t j = rng_below(&g->r, (size_t)np);
        add_funder(g, payers[j], "EUR",
                   2000000 + 500000 * (int64_t)rng_below(&g->r, 7));
        payers[j] = payers[--np];
    }
    if (g->nfunders == 0)
        return serai_fail(g->err, SERAI_EINTERNAL, NULL,
                          "the demo has no member agency outside the target "
                          "countries");
    int napp = g->app_org != NONE ? 2 : 0;
    g->nplans = NET_PROPOSALS + napp;
    g->plans = xcalloc((size_t)g->nplans, sizeof *g->plans);
    plan *others = g->plans + napp;
    static const int flaws[][2] = {{F_COUNTRIES, 4}, {F_QUOTA, 5}, {F_DURATION, 3}};
    deal_flaws(g, others, NET_PROPOSALS, flaws, 3);
    deal_lives(others, NET_PROPOSALS, 2, 2, 0);
    for (int i = 0; i < napp; i++) {
        g->plans[i].applicant = true;
        g->plans[i].life = i == 0 ? L_SUBMIT : L_DRAFT;
    }
    int64_t base = g->base, opens = base - 210 * DAY;
    int64_t from = base - 200 * DAY, to = base - 140 * DAY;
    for (int i = 0; i < g->nplans; i++) {
        plan *p = &g->plans[i];
        if (!net_consortium(g, p, targets, nt, rest, nr, i % g->nfunders))
            return serai_fail(g->err, SERAI_EINTERNAL, NULL,
                              "the demo registry has too few organisations "
                              "for a network");
        choose_text(g, p, NULL);
        choose_dates(g, p, opens, from, to, 0, false);
    }
    json_t *target_codes = json_array();
    for (int k = 0; k < nt; k++)
        json_array_append_new(target_codes,
                              json_string(demo_countries[targets[k]].alpha2));
    char o[CLOCK_ISO_LEN];
    clock_format(base, o);
    char edition[8];
    snprintf(edition, sizeof edition, "%.4s", o);
    char title[128];
    snprintf(title, sizeof title, "Science and Technology Networks: call %s",
             edition);
    json_t *rules = json_pack("{s:i, s:{s:o, s:i}, s:{s:i}}", "min_countries", 7,
                              "target_country_quota", "countries", target_codes,
                              "basis_points", 5000, "duration_months", "max", 48);
    json_t *body = json_pack(
        "{s:s, s:s, s:s, s:{s:s}, s:{s:s, s:s}, s:s, s:s, s:o, s:o, s:o}",
        "programme", "Science and Technology Networks", "edition", edition,
        "title", title, "titles", "zh", "科技合作网络征集", "descriptions", "en",
        "Networks of researchers and innovators from at least seven countries, "
        "at least half of them inclusiveness target countries: the members in "
        "Africa, Latin America and the Caribbean, and the least developed, "
        "landlocked developing and small island developing members. Meetings, "
        "training schools and short visits are paid from a common pot kept in "
        "euros.",
        "zh",
        "由至少七个国家的研究人员和创新者组成的网络，其中至少一半为包容性目标国家："
        "非洲、拉丁美洲和加勒比地区的成员，以及最不发达国家、内陆发展中国家和小岛屿"
        "发展中国家成员。会议、培训学校和短期访问由以欧元计的共同资金池支付。",
        "funding_mode", "real_common_pot", "time_zone", "UTC", "stages",
        stage_json(opens, next_noon(base)), "funders", funders_json(g, false),
        "rules", rules);
    return run_call(g, body, true, summary);
}

serai_code demo_calls_build(store *s, const actor *who, const demo_world *w,
                            uint64_t seed, int64_t now, json_t **calls,
                            serai_err *err)
{
    *calls = json_array();
    serai_code (*const build[])(gen *, json_t **) = {sme_call, cra_call, net_call};
    int *load = xcalloc(w->npeople + 1, sizeof *load);
    serai_code rc = SERAI_OK;
    for (size_t k = 0; k < 3 && rc == SERAI_OK; k++) {
        gen g = {.s = s, .op = who, .w = w, .err = err, .load = load,
                 .r = {seed ^ (0xC0FFEE0000ull + k)}, .base = now - now % 60,
                 .style = (enum style)k, .cap = k == 0 ? 3 : 0,
                 .keep_out = {NONE, NONE}, .app_org = NONE, .app_person = NONE};
        memset(load, 0, (w->npeople + 1) * sizeof *load);
        if (w->applicant.account_id && w->applicant.org_id &&
            w->applicant.person_id) {
            g.app_org = org_index(&g, w->applicant.org_id);
            g.app_person = person_index(&g, w->applicant.person_id);
            if (g.app_org == NONE || g.app_person == NONE)
                g.app_org = g.app_person = NONE;
            g.keep_out[0] = g.app_person;
        }
        json_t *summary = NULL;
        rc = build[k](&g, &summary);
        if (rc == SERAI_OK)
            json_array_append_new(*calls, summary);
        free(g.plans);
    }
    free(load);
    if (rc != SERAI_OK) {
        json_decref(*calls);
        *calls = NULL;
    }
    return rc;
}
