/*
 * demo_review.c -- the review of the demonstration's closed calls, written
 * through the same library calls the API uses (review_setup_put,
 * reviewer_invite, reviewer_answer, conflict_list, review_assign,
 * review_open, review_save, review_submit, consensus_set), as the
 * secretariat and as each reviewer, so that every step is checked and
 * audited like any other.
 *
 * For each closed call:
 *
 *  - the set-up: three reviewers per proposal, at most one of a country,
 *    scores from 0 to 5 in halves on excellence, impact and implementation
 *    (threshold 3 each, 10 overall, as in Horizon Europe), the outlier
 *    rule, ties broken by excellence and then the number of countries; the
 *    research action (Belmont-like) also excludes reviewers from the
 *    countries of a proposal's partners;
 *  - the pool: demo people whose field shares keywords with the call's
 *    proposals (from outside the funders' countries when these are
 *    excluded), at most two of a country, the demo reviewer's person
 *    first; loads min 0..2, max 6..10; most accept, a few decline with a
 *    reason, the last two invited have not answered yet;
 *  - assignments: the most constrained proposals first, each given three
 *    reviewers of three countries, free of conflicts (conflict_list) and
 *    below their maximum load, preferring the most keywords shared with
 *    the proposal, then the least loaded; review_assign checks each again
 *    and a refused pair is skipped;
 *  - the reviewers' work: a few declare a conflict on opening (and the
 *    secretariat assigns someone else), some have not opened their review
 *    yet, some keep a draft, most score and submit; each proposal has a
 *    latent quality the scores scatter around, so that some fall below
 *    the thresholds, and in a few proposals one reviewer is an outlier;
 *  - a consensus on a handful of proposals, set by their rapporteur (the
 *    first reviewer who submitted).
 *
 * The demo reviewer account's person is in every pool and holds reviews
 * in each state, some still to open.  Everything follows from the seed,
 * with a generator stream of its own.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/mem.h"
#include "core/page.h"
#include "demo/demo_calls.h"
#include "project/call.h"
#include "project/proposal.h"
#include "registry/person.h"
#include "review/pool.h"
#include "review/review.h"

#define PER_PROPOSAL 3
#define NCRIT 3
#define MAX_ON_PROPOSAL 8
#define POOL_MAX 120
#define PER_COUNTRY 2        /* pool members of one country */
#define OWN_REVIEWS 4        /* the demo reviewer's reviews per call */
#define OUTLIERS 3           /* proposals with an outlier review, per call */
#define CONSENSUS 4          /* proposals with a consensus, per call */

static const char *const crit_codes[NCRIT] = {"excellence", "impact",
                                              "implementation"};

/* What a reviewer does with a review. */
enum fate { F_SUBMIT, F_DRAFT, F_UNOPENED, F_CONFLICT };

typedef struct rv_person {
    int64_t id;
    size_t country;      /* demo country index */
    json_t *keywords;    /* the person's keywords (person_get) */
    int min_load, max_load, load;
    int answer;          /* 0 no answer yet, 1 accepted, 2 declined */
    actor as;            /* acting as this reviewer */
} rv_person;

typedef struct rv_prop {
    int64_t id;
    char acronym[32];
    json_t *keywords;
    int quality[NCRIT];  /* halves */
    bool outlier;        /* one of its reviewers scores on the other side */
    int n;               /* reviewers, conflicts included */
    int reviewer[MAX_ON_PROPOSAL];  /* pool indices */
    int active;          /* reviewers without a conflict */
    bool consensus;      /* set */
} rv_prop;

typedef struct rv_review {
    int64_t id;
    int prop, person;    /* indices */
    int fate;
    bool outlier;        /* scores on the other side of the midpoint */
    int scores[NCRIT];   /* halves */
} rv_review;

typedef struct rv {
    store *s;
    const actor *op;
    const demo_world *w;
    serai_err *err;
    rng r;
    int64_t call;
    rv_prop *props;
    int nprops;
    rv_person pool[POOL_MAX];
    int npool;
    bool *conflict;      /* [prop * npool + person] */
    rv_review *reviews;
    int nreviews, cap;
    /* counts for the summary */
    int declined, unanswered, accepted, assigned, conflicts,
        submitted, drafts, unopened, consensus;
} rv;

static const char *const decline_reasons[] = {
    "On sabbatical leave during the evaluation period.",
    "Already committed to two other review panels this season.",
    "Too close to several of the applicant teams in this field.",
    "On parental leave until the spring.",
};

static const char *const declared_reasons[] = {
    "I co-authored two papers with the coordinator in the last three years.",
    "I was the doctoral supervisor of one of the principal investigators.",
    "My group competes directly with this consortium for the same industrial "
    "partner.",
    "I am in advanced talks to join one of the partner institutions.",
};

static size_t person_at(const demo_world *w, int64_t id)
{
    size_t lo = 0, hi = w->npeople;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->people[mid].id == id)
            return mid;
        if (w->people[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (size_t)-1;
}

static int pool_index(const rv *v, int64_t person)
{
    for (int k = 0; k < v->npool; k++)
        if (v->pool[k].id == person)
            return k;
    return -1;
}

static int prop_index(const rv *v, int64_t id)
{
    int lo = 0, hi = v->nprops;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (v->props[mid].id == id)
            return mid;
        if (v->props[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static bool has_keyword(json_t *list, const char *kw)
{
    size_t i;
    json_t *k;
    json_array_foreach(list, i, k)
        if (json_is_string(k) && strcasecmp(json_string_value(k), kw) == 0)
            return true;
    return false;
}

/* Keywords person and proposal share. */
static int overlap(const rv *v, int prop, int person)
{
    int n = 0;
    size_t i;
    json_t *k;
    json_array_foreach(v->pool[person].keywords, i, k)
        n += json_is_string(k) &&
             has_keyword(v->props[prop].keywords, json_string_value(k));
    return n;
}

/* ---- the call's proposals under review and its set-up ---- */

static serai_code load_proposals(rv *v)
{
    proposal_filter f = {.call_id = v->call, .status = "eligible",
                         .page = {.limit = PAGE_MAX_LIMIT}};
    int cap = 0;
    for (;;) {
        json_t *list;
        serai_code rc = proposal_list(v->s, v->op, &f, &list, v->err);
        if (rc != SERAI_OK)
            return rc;
        size_t i;
        json_t *p;
        json_array_foreach(json_object_get(list, "items"), i, p) {
            if (v->nprops == cap) {
                cap = cap ? cap * 2 : 64;
                v->props = xreallocarray(v->props, (size_t)cap, sizeof *v->props);
            }
            rv_prop *pr = &v->props[v->nprops++];
            memset(pr, 0, sizeof *pr);
            pr->id = json_integer_value(json_object_get(p, "id"));
            const char *acr = json_string_value(json_object_get(p, "acronym"));
            snprintf(pr->acronym, sizeof pr->acronym, "%s", acr ? acr : "the proposal");
            pr->keywords = json_incref(json_object_get(p, "keywords"));
        }
        json_t *next = json_object_get(list, "next");
        f.page.after = json_is_integer(next) ? json_integer_value(next) : 0;
        json_decref(list);
        if (f.page.after == 0)
            break;
    }
    return SERAI_OK;
}

static serai_code put_setup(rv *v, bool exclude)
{
    json_t *criteria = json_array();
    static const char *const names[NCRIT] = {
        "Excellence", "Impact", "Quality and efficiency of the implementation"};
    for (int k = 0; k < NCRIT; k++)
        json_array_append_new(criteria,
                              json_pack("{s:s, s:s, s:i, s:i}", "code",
                                        crit_codes[k], "name", names[k], "weight",
                                        1, "threshold", 3));
    json_t *body = json_pack(
        "{s:i, s:i, s:b, s:{s:{s:i, s:i, s:f}, s:o, s:i, s:b, s:[s, s]}}",
        "per_proposal", PER_PROPOSAL, "max_same_country", 1,
        "exclude_applicant_countries", exclude, "scheme", "scale", "min", 0,
        "max", 5, "step", 0.5, "criteria", criteria, "overall_threshold", 10,
        "outlier_rule", 1, "tie_breaks", "excellence", "countries");
    json_t *out = NULL;
    serai_code rc = review_setup_put(v->s, v->op, v->call, body, &out, v->err);
    json_decref(body);
    json_decref(out);
    return rc;
}

/* ---- the pool ---- */

/* Whether the field of person k shares a keyword with the call's
 * proposals. */
static bool field_fits(const rv *v, size_t k)
{
    const demo_field *f = &demo_fields[v->w->people[k].field];
    for (size_t j = 0; j < sizeof f->keywords / sizeof f->keywords[0] &&
                       f->keywords[j]; j++)
        for (int p = 0; p < v->nprops; p++)
            if (has_keyword(v->props[p].keywords, f->keywords[j]))
                return true;
    return false;
}

typedef struct candidate {
    size_t index;        /* into w->people */
    int fits;
    uint64_t key;
} candidate;

static int candidate_cmp(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->fits != y->fits)
        return y->fits - x->fits;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->index < y->index ? -1 : 1;
}

static serai_code invite(rv *v, size_t k, int answer)
{
    const demo_world *w = v->w;
    rv_person *p = &v->pool[v->npool];
    memset(p, 0, sizeof *p);
    p->id = w->people[k].id;
    p->country = w->people[k].country;
    p->min_load = (int)rng_below(&v->r, 3);
    p->max_load = 6 + (int)rng_below(&v->r, 5);
    p->answer = answer;
    if (w->reviewer.account_id && w->reviewer.person_id == p->id) {
        p->as = w->reviewer;
    } else {
        p->as = (actor){.role = ROLE_REVIEWER, .person_id = p->id};
        snprintf(p->as.label, sizeof p->as.label,
                 "person:%" PRId64 " (demo reviewer)", p->id);
    }
    json_t *body = json_pack("{s:I, s:i, s:i}", "person_id", (json_int_t)p->id,
                             "min_load", p->min_load, "max_load", p->max_load);
    json_t *out = NULL;
    serai_code rc = reviewer_invite(v->s, v->op, v->call, body, &out, v->err);
    json_decref(body);
    json_decref(out);
    if (rc == SERAI_OK)
        v->npool++;
    return rc;
}

/* Invite people of the registry until the accepted ones can carry every
 * proposal with a quarter to spare; they answer (the last two have not
 * yet). */
static serai_code build_pool(rv *v, const bool *excluded)
{
    const demo_world *w = v->w;
    candidate *cand = xcalloc(w->npeople + 1, sizeof *cand);
    size_t n = 0;
    size_t own = w->reviewer.person_id ? person_at(w, w->reviewer.person_id)
                                       : (size_t)-1;
    size_t app = w->applicant.person_id ? person_at(w, w->applicant.person_id)
                                        : (size_t)-1;
    for (size_t k = 0; k < w->npeople; k++) {
        uint64_t key = rng_next(&v->r);
        if (k == own || k == app || excluded[w->people[k].country])
            continue;
        cand[n++] = (candidate){k, field_fits(v, k), key};
    }
    qsort(cand, n, sizeof *cand, candidate_cmp);
    serai_code rc = SERAI_OK;
    if (own != (size_t)-1)
        rc = invite(v, own, 1);
    int per_country[256] = {0}, capacity = 0, order = 0;
    int need = v->nprops * PER_PROPOSAL * 5 / 4;
    for (size_t j = 0; j < n && rc == SERAI_OK && v->npool < POOL_MAX - 2; j++) {
        if (capacity >= need && v->accepted >= 12)
            break;
        size_t c = w->people[cand[j].index].country;
        if (per_country[c] >= PER_COUNTRY)
            continue;
        per_country[c]++;
        order++;
        int answer = (order % 11 == 3 || rng_below(&v->r, 20) == 0) ? 2 : 1;
        if ((rc = invite(v, cand[j].index, answer)) == SERAI_OK && answer == 1) {
            capacity += v->pool[v->npool - 1].max_load;
            v->accepted++;
        }
    }
    /* Two more, invited last, who have not answered yet. */
    for (size_t j = 0, more = 0; j < n && more < 2 && rc == SERAI_OK; j++) {
        size_t c = w->people[cand[j].index].country;
        bool in = false;
        for (int k = 0; k < v->npool; k++)
            in = in || v->pool[k].id == w->people[cand[j].index].id;
        if (in || per_country[c] >= PER_COUNTRY)
            continue;
        per_country[c]++;
        if ((rc = invite(v, cand[j].index, 0)) == SERAI_OK)
            more++;
    }
    free(cand);
    if (rc != SERAI_OK)
        return rc;
    /* The answers, each by the reviewer itself. */
    v->accepted = 0;
    for (int k = 0; k < v->npool && rc == SERAI_OK; k++) {
        rv_person *p = &v->pool[k];
        json_t *out = NULL;
        if (p->answer == 0) {
            v->unanswered++;
            continue;
        }
        const char *reason =
            p->answer == 2 ? decline_reasons[rng_below(&v->r, 4)] : NULL;
        rc = reviewer_answer(v->s, &p->as, v->call, p->id, p->answer == 1, reason,
                             &out, v->err);
        json_decref(out);
        v->accepted += p->answer == 1;
        v->declined += p->answer == 2;
        if (rc == SERAI_OK && p->answer == 1)
            rc = person_get(v->s, v->op, p->id, &out, v->err);
        if (rc == SERAI_OK && p->answer == 1) {
            p->keywords = json_incref(json_object_get(out, "keywords"));
            json_decref(out);
        }
    }
    return rc;
}

/* Every conflict of interest the library finds, as a matrix. */
static serai_code load_conflicts(rv *v)
{
    json_t *out;
    serai_code rc = conflict_list(v->s, v->op, v->call, &out, v->err);
    if (rc != SERAI_OK)
        return rc;
    v->conflict = xcalloc((size_t)v->nprops * (size_t)v->npool + 1, sizeof *v->conflict);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(out, "items"), i, c) {
        int p = prop_index(v, json_integer_value(json_object_get(c, "proposal_id")));
        int q = pool_index(v, json_integer_value(json_object_get(c, "person_id")));
        if (p >= 0 && q >= 0)
            v->conflict[p * v->npool + q] = true;
    }
    json_decref(out);
    return SERAI_OK;
}

/* ---- assignments ---- */

static bool can_take(const rv *v, int p, int q)
{
    const rv_person *per = &v->pool[q];
    const rv_prop *pr = &v->props[p];
    if (per->answer != 1 || per->load >= per->max_load ||
        v->conflict[p * v->npool + q] || pr->n >= MAX_ON_PROPOSAL)
        return false;
    for (int k = 0; k < pr->n; k++)
        if (pr->reviewer[k] == q ||
            v->pool[pr->reviewer[k]].country == per->country)
            return false;
    return true;
}

/* Assign pool member q to proposal p; when the library refuses the pair
 * (409: a conflict, a full load), it is marked as conflicting instead. */
static serai_code assign(rv *v, int p, int q)
{
    json_t *out = NULL;
    serai_code rc = review_assign(v->s, v->op, v->props[p].id, v->pool[q].id, -1,
                                  &out, v->err);
    if (rc == SERAI_ECONFLICT) {
        v->conflict[p * v->npool + q] = true;
        return SERAI_OK;
    }
    if (rc != SERAI_OK)
        return rc;
    if (v->nreviews == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 256;
        v->reviews = xreallocarray(v->reviews, (size_t)v->cap, sizeof *v->reviews);
    }
    rv_review *r = &v->reviews[v->nreviews++];
    memset(r, 0, sizeof *r);
    r->id = json_integer_value(json_object_get(out, "id"));
    r->prop = p;
    r->person = q;
    r->fate = -1;
    json_decref(out);
    rv_prop *pr = &v->props[p];
    pr->reviewer[pr->n++] = q;
    pr->active++;
    v->pool[q].load++;
    v->assigned++;
    return SERAI_OK;
}

/* The best reviewer still free for p: most keywords shared, then below
 * its minimum load, then least loaded, then pool order; -1 when none. */
static int best_for(const rv *v, int p)
{
    int best = -1, best_ov = 0;
    for (int q = 0; q < v->npool; q++) {
        if (!can_take(v, p, q))
            continue;
        int ov = overlap(v, p, q);
        if (ov > 2)
            ov = 2;
        if (best < 0 || ov > best_ov)
            goto take;
        if (ov < best_ov)
            continue;
        bool lo_q = v->pool[q].load < v->pool[q].min_load,
             lo_b = v->pool[best].load < v->pool[best].min_load;
        if (lo_q != lo_b) {
            if (lo_q)
                goto take;
            continue;
        }
        if (v->pool[q].load < v->pool[best].load)
            goto take;
        continue;
    take:
        best = q;
        best_ov = ov;
    }
    return best;
}

/* Fill p up to PER_PROPOSAL reviewers without a conflict. */
static serai_code fill(rv *v, int p)
{
    serai_code rc = SERAI_OK;
    while (rc == SERAI_OK && v->props[p].active < PER_PROPOSAL) {
        int q = best_for(v, p);
        if (q < 0)
            break;
        rc = assign(v, p, q);
    }
    return rc;
}

typedef struct order_item {
    int prop, free;
} order_item;

static int order_cmp(const void *a, const void *b)
{
    const order_item *x = a, *y = b;
    if (x->free != y->free)
        return x->free - y->free;
    return x->prop - y->prop;
}

static serai_code assign_all(rv *v)
{
    serai_code rc = SERAI_OK;
    /* The demo reviewer first: a few proposals of its field. */
    if (v->npool > 0 && v->w->reviewer.person_id == v->pool[0].id &&
        v->pool[0].answer == 1) {
        for (int pass = 0; pass < 2; pass++)
            for (int p = 0; p < v->nprops && rc == SERAI_OK &&
                            v->pool[0].load < OWN_REVIEWS; p++) {
                if (!can_take(v, p, 0) || (pass == 0 && overlap(v, p, 0) == 0))
                    continue;
                rc = assign(v, p, 0);
            }
    }
    /* Then the proposals with the fewest possible reviewers first. */
    order_item *order = xcalloc((size_t)v->nprops + 1, sizeof *order);
    for (int p = 0; p < v->nprops; p++) {
        order[p].prop = p;
        for (int q = 0; q < v->npool; q++)
            order[p].free += can_take(v, p, q);
    }
    qsort(order, (size_t)v->nprops, sizeof *order, order_cmp);
    for (int k = 0; k < v->nprops && rc == SERAI_OK; k++)
        rc = fill(v, order[k].prop);
    free(order);
    return rc;
}

/* ---- the reviewers' work ---- */

static int clamp_halves(int h)
{
    return h < 0 ? 0 : h > 10 ? 10 : h;
}

/* Latent quality of every proposal: mostly good, some weak. */
static void choose_quality(rv *v)
{
    for (int p = 0; p < v->nprops; p++) {
        size_t roll = rng_below(&v->r, 100);
        int base = roll < 6 ? 4 : roll < 14 ? 5 : roll < 28 ? 6 : roll < 52 ? 7
                 : roll < 80 ? 8 : 9;
        static const int offset[] = {-1, 0, 0, 1};
        for (int k = 0; k < NCRIT; k++)
            v->props[p].quality[k] =
                clamp_halves(base + offset[rng_below(&v->r, 4)] -
                             (k == 2 && rng_below(&v->r, 3) == 0));
    }
}

/* What reviews [from, to) become, and their scores (the replacements of
 * reviewers who declared a conflict never declare one). */
static void choose_fates(rv *v, int from, int to, bool replacements)
{
    int own = 0;
    for (int i = 0; i < from; i++)
        own += v->w->reviewer.person_id &&
               v->pool[v->reviews[i].person].id == v->w->reviewer.person_id;
    for (int i = from; i < to; i++) {
        rv_review *r = &v->reviews[i];
        bool mine = v->w->reviewer.person_id &&
                    v->pool[r->person].id == v->w->reviewer.person_id;
        if (mine) {
            /* one submitted, one draft, the rest still to open */
            r->fate = own == 0 ? F_SUBMIT : own == 1 ? F_DRAFT : F_UNOPENED;
            own++;
        } else if (v->props[r->prop].outlier) {
            r->fate = F_SUBMIT;
        } else {
            size_t roll = rng_below(&v->r, 100);
            r->fate = roll < 4 && !replacements ? F_CONFLICT
                    : roll < 10                 ? F_UNOPENED
                    : roll < 18                 ? F_DRAFT
                                                : F_SUBMIT;
        }
        const int *q = v->props[r->prop].quality;
        static const int noise[] = {-2, -1, -1, 0, 0, 0, 1, 1, 2};
        for (int k = 0; k < NCRIT; k++)
            r->scores[k] = r->outlier ? 2 + (int)rng_below(&v->r, 3)
                                      : clamp_halves(q[k] + noise[rng_below(&v->r, 9)]);
    }
}

/* A few strong proposals, none the demo reviewer's, get one reviewer who
 * scores them on the other side of the midpoint. */
static void choose_outliers(rv *v)
{
    int made = 0;
    for (int p = 0; p < v->nprops && made < OUTLIERS; p++) {
        rv_prop *pr = &v->props[p];
        bool strong = pr->n == PER_PROPOSAL && rng_below(&v->r, 3) == 0;
        for (int k = 0; k < NCRIT; k++)
            strong = strong && pr->quality[k] >= 7;
        for (int k = 0; k < pr->n; k++)
            strong = strong && v->pool[pr->reviewer[k]].id != v->w->reviewer.person_id;
        if (!strong)
            continue;
        pr->outlier = true;
        made++;
        for (int i = v->nreviews - 1; i >= 0; i--)
            if (v->reviews[i].prop == p) {
                v->reviews[i].outlier = true;
                break;
            }
    }
}

static const char *phrase(int k, int halves)
{
    static const char *const text[NCRIT][3] = {
        {"The objectives are ambitious and clearly beyond the state of the art.",
         "The objectives are clear and credible, though the methodology could "
         "be more specific.",
         "The research questions are vague and the methodology is not "
         "convincing."},
        {"The pathways to impact are convincing, with concrete uptake by "
         "stakeholders.",
         "The expected impacts are plausible but the dissemination plan is "
         "generic.",
         "Impact is asserted rather than demonstrated."},
        {"The work plan, budget and division of tasks among the partners are "
         "well balanced.",
         "The work plan is feasible; risk management is thin.",
         "Resources and tasks are poorly matched and key risks are not "
         "addressed."},
    };
    return text[k][halves >= 8 ? 0 : halves >= 6 ? 1 : 2];
}

static serai_code save_scores(rv *v, rv_review *r, int ncrit)
{
    json_t *scores = json_object();
    char comments[1200];
    size_t used = (size_t)snprintf(comments, sizeof comments, "%s. ",
                                   v->props[r->prop].acronym);
    for (int k = 0; k < ncrit; k++) {
        json_object_set_new(scores, crit_codes[k], json_real(r->scores[k] / 2.0));
        used += (size_t)snprintf(comments + used, sizeof comments - used, "%s%s",
                                 k ? " " : "", phrase(k, r->scores[k]));
    }
    if (ncrit < NCRIT)
        snprintf(comments + used, sizeof comments - used,
                 " (Implementation still to be assessed.)");
    json_t *body = json_pack("{s:o, s:s}", "scores", scores, "comments", comments);
    json_t *out = NULL;
    serai_code rc = review_save(v->s, &v->pool[r->person].as, r->id, body, &out,
                                v->err);
    json_decref(body);
    json_decref(out);
    return rc;
}

/* Open (declaring a conflict when that is its fate). */
static serai_code open_review(rv *v, rv_review *r)
{
    if (r->fate == F_UNOPENED) {
        v->unopened++;
        return SERAI_OK;
    }
    bool conflict = r->fate == F_CONFLICT;
    json_t *out = NULL;
    serai_code rc = review_open(v->s, &v->pool[r->person].as, r->id, conflict,
                                conflict ? declared_reasons[rng_below(&v->r, 4)]
                                         : NULL,
                                &out, v->err);
    json_decref(out);
    if (rc == SERAI_OK && conflict) {
        rv_prop *pr = &v->props[r->prop];
        pr->active--;
        v->pool[r->person].load--;
        v->conflict[r->prop * v->npool + r->person] = true;
        v->conflicts++;
    }
    return rc;
}

static serai_code work(rv *v, rv_review *r)
{
    serai_code rc = SERAI_OK;
    if (r->fate == F_DRAFT) {
        rc = save_scores(v, r, NCRIT - 1);
        v->drafts++;
    } else if (r->fate == F_SUBMIT) {
        json_t *out = NULL;
        if ((rc = save_scores(v, r, NCRIT)) == SERAI_OK)
            rc = review_submit(v->s, &v->pool[r->person].as, r->id, &out, v->err);
        json_decref(out);
        v->submitted++;
    }
    return rc;
}

static serai_code reviews_done(rv *v)
{
    choose_quality(v);
    choose_outliers(v);
    int first = v->nreviews;
    choose_fates(v, 0, first, false);
    serai_code rc = SERAI_OK;
    for (int i = 0; i < first && rc == SERAI_OK; i++)
        rc = open_review(v, &v->reviews[i]);
    /* The secretariat replaces the reviewers who declared a conflict. */
    for (int i = 0; i < first && rc == SERAI_OK; i++)
        if (v->reviews[i].fate == F_CONFLICT)
            rc = fill(v, v->reviews[i].prop);
    int last = v->nreviews;
    choose_fates(v, first, last, true);
    for (int i = first; i < last && rc == SERAI_OK; i++)
        rc = open_review(v, &v->reviews[i]);
    for (int i = 0; i < last && rc == SERAI_OK; i++)
        rc = work(v, &v->reviews[i]);
    return rc;
}

/* A consensus on a few proposals with at least two submitted reviews,
 * those whose reviews differ by three points or more first, set by the
 * rapporteur: the first reviewer who submitted. */
static serai_code set_consensus(rv *v)
{
    serai_code rc = SERAI_OK;
    for (int pass = 0; pass < 2 && rc == SERAI_OK; pass++)
        for (int p = 0; p < v->nprops && rc == SERAI_OK && v->consensus < CONSENSUS;
             p++) {
            rv_prop *pr = &v->props[p];
            int n = 0, lo = 1000, hi = -1, sum = 0, rapporteur = -1;
            for (int i = 0; i < v->nreviews; i++) {
                const rv_review *r = &v->reviews[i];
                if (r->prop != p || r->fate != F_SUBMIT)
                    continue;
                int all = r->scores[0] + r->scores[1] + r->scores[2];
                if (rapporteur < 0)
                    rapporteur = i;
                lo = all < lo ? all : lo;
                hi = all > hi ? all : hi;
                if (!r->outlier) {
                    sum += all;
                    n++;
                }
            }
            if (pr->consensus || n < 2 ||
                (pass == 0 ? hi - lo < 6 : rng_below(&v->r, 4) != 0))
                continue;
            int halves = (sum + n / 2) / n;
            char text[400];
            snprintf(text, sizeof text,
                     "The reviewers of %s met by video call and agree on %.1f "
                     "out of 15%s.", pr->acronym, halves / 2.0,
                     pr->outlier ? ", setting aside one review that misread "
                                   "the work plan"
                                 : "");
            json_t *body = json_pack("{s:f, s:s}", "score", halves / 2.0,
                                     "justification", text);
            json_t *out = NULL;
            rc = consensus_set(v->s, &v->pool[v->reviews[rapporteur].person].as,
                               pr->id, body, &out, v->err);
            json_decref(body);
            json_decref(out);
            pr->consensus = true;
            v->consensus++;
        }
    return rc;
}

/* ---- the summary ---- */

static serai_code recount(rv *v, json_t *summary)
{
    json_t *statuses = json_object();
    proposal_filter f = {.call_id = v->call, .page = {.limit = PAGE_MAX_LIMIT}};
    for (;;) {
        json_t *list;
        serai_code rc = proposal_list(v->s, v->op, &f, &list, v->err);
        if (rc != SERAI_OK) {
            json_decref(statuses);
            return rc;
        }
        size_t k;
        json_t *pj;
        json_array_foreach(json_object_get(list, "items"), k, pj) {
            const char *st = json_string_value(json_object_get(pj, "status"));
            json_t *n = json_object_get(statuses, st);
            json_object_set_new(statuses, st,
                                json_integer(n ? json_integer_value(n) + 1 : 1));
        }
        json_t *next = json_object_get(list, "next");
        f.page.after = json_is_integer(next) ? json_integer_value(next) : 0;
        json_decref(list);
        if (f.page.after == 0)
            break;
    }
    json_object_set_new(summary, "statuses", statuses);
    json_t *ranking;
    serai_code rc = ranking_get(v->s, v->op, v->call, &ranking, v->err);
    if (rc != SERAI_OK)
        return rc;
    int ranked = 0, below = 0;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(ranking, "items"), i, it) {
        ranked += json_is_number(json_object_get(it, "score"));
        below += json_is_true(json_object_get(it, "below_threshold"));
    }
    json_decref(ranking);
    int unfilled = 0;
    for (int p = 0; p < v->nprops; p++)
        unfilled += v->props[p].active < PER_PROPOSAL
                        ? PER_PROPOSAL - v->props[p].active
                        : 0;
    json_object_set_new(
        summary, "reviews",
        json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, "
                  "s:i}",
                  "reviewers", v->npool, "accepted", v->accepted, "declined",
                  v->declined, "unanswered", v->unanswered, "assigned",
                  v->assigned, "conflicts", v->conflicts, "not_opened",
                  v->unopened, "drafts", v->drafts, "submitted", v->submitted,
                  "consensus", v->consensus, "ranked", ranked,
                  "below_threshold", below, "unfilled", unfilled));
    return SERAI_OK;
}

static serai_code review_call(rv *v, json_t *summary)
{
    const char *programme = json_string_value(json_object_get(summary, "programme"));
    bool exclude = programme &&
                   strcmp(programme, "Collaborative Research Action") == 0;
    bool excluded[256] = {false};
    json_t *call;
    serai_code rc = call_get(v->s, v->op, v->call, &call, v->err);
    if (rc != SERAI_OK)
        return rc;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(call, "funders"), i, f) {
        const char *cc = json_string_value(json_object_get(f, "country"));
        for (size_t c = 0; exclude && cc && c < demo_country_count && c < 256; c++)
            if (strcmp(demo_countries[c].alpha2, cc) == 0)
                excluded[c] = true;
    }
    json_decref(call);
    if ((rc = load_proposals(v)) || (rc = put_setup(v, exclude)) ||
        (rc = build_pool(v, excluded)) || (rc = load_conflicts(v)) ||
        (rc = assign_all(v)) || (rc = reviews_done(v)) ||
        (rc = set_consensus(v)))
        return rc;
    return recount(v, summary);
}

serai_code demo_reviews_build(store *s, const actor *who, const demo_world *w,
                              uint64_t seed, json_t *calls, serai_err *err)
{
    serai_code rc = SERAI_OK;
    size_t k;
    json_t *c;
    json_array_foreach(calls, k, c) {
        const char *status = json_string_value(json_object_get(c, "status"));
        if (status == NULL || strcmp(status, "closed") != 0)
            continue;
        rv v = {.s = s, .op = who, .w = w, .err = err,
                .r = {seed ^ (0x5E1EC7ED00ull + k)},
                .call = json_integer_value(json_object_get(c, "id"))};
        rc = review_call(&v, c);
        for (int p = 0; p < v.nprops; p++)
            json_decref(v.props[p].keywords);
        for (int q = 0; q < v.npool; q++)
            json_decref(v.pool[q].keywords);
        free(v.props);
        free(v.conflict);
        free(v.reviews);
        if (rc != SERAI_OK)
            break;
    }
    return rc;
}
