/*
 * demo_calls.h -- internal to src/demo: what demo.c hands to the part of
 * the demonstration that opens calls for proposals and fills them
 * (demo_calls.c), and the seeded generator both parts use.
 */
#ifndef SERAI_DEMO_DEMO_CALLS_H
#define SERAI_DEMO_DEMO_CALLS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "demo/demo_data.h"
#include "store/store.h"

/* splitmix64: small, fast, and the same sequence on every machine. */
typedef struct rng {
    uint64_t state;
} rng;

static inline uint64_t rng_next(rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline size_t rng_below(rng *r, size_t n)
{
    return n ? (size_t)(rng_next(r) % n) : 0;
}

/* An organisation of the demo registry. */
typedef struct demo_org {
    int64_t id;
    size_t country;     /* index into demo_countries */
    const char *type;
} demo_org;

/* A person of the demo registry. */
typedef struct demo_person {
    int64_t id;
    size_t country;     /* index into demo_countries */
    int64_t employer;   /* organisation id, 0 when none */
    size_t field;       /* index into demo_fields: the expertise profile */
} demo_person;

/* The registry as demo.c built it. */
typedef struct demo_world {
    const demo_org *orgs;        /* ascending by id */
    size_t norgs;
    const demo_person *people;   /* ascending by id */
    size_t npeople;
    const int *status;           /* per demo country: 0 none, 1 member,
                                    2 partner, 3 observer */
    actor applicant;             /* the demo applicant's account (account_id
                                    0 when there is none) */
    actor reviewer;              /* the demo reviewer's account, the same */
} demo_world;

/* Replace the {city}, {country}... tokens of pattern (demo_data.h) for
 * country c and its city number city.  Caller frees. */
char *demo_fill(const char *pattern, const demo_country *c, size_t city,
                const char *name);

/* Open three calls (an SME innovation call like Eurostars, a
 * collaborative research action like the Belmont Forum's, a network call
 * like COST's) and fill them with proposals through the library, as who
 * (the secretariat) and as the demo applicant, at instants before now;
 * the first call stays open, the others are closed.  On success *calls
 * (caller owns) is [{"id", "programme", "edition", "title", "status",
 * "proposals", "statuses": {status: n}}...]. */
serai_code demo_calls_build(store *s, const actor *who, const demo_world *w,
                            uint64_t seed, int64_t now, json_t **calls,
                            serai_err *err) __attribute__((warn_unused_result));

/* The review of every closed call of calls (demo_calls_build's list,
 * demo_review.c): its set-up, a reviewer pool of demo people who answer
 * their invitations, three reviewers per eligible proposal, the reviewers'
 * conflict declarations, scores, drafts and submissions, and a few
 * consensus scores set by rapporteurs, as who (the secretariat) and as
 * each reviewer.  Each closed call's object in calls gains "reviews" (what
 * was made) and its "statuses" are counted again. */
serai_code demo_reviews_build(store *s, const actor *who, const demo_world *w,
                              uint64_t seed, json_t *calls, serai_err *err)
    __attribute__((warn_unused_result));

/* The demonstration's guidance fund (demo_fund.c): contributions from the
 * member countries' funding agencies in three currencies through every
 * step of the pipeline, grants to proposals of the closed calls of calls,
 * the open call's envelope, tranches and a return.  *summary (caller
 * owns) is {"id", "code", "contributors", "commitments"}. */
serai_code demo_fund_build(store *s, const actor *who, const demo_world *w,
                           const json_t *calls, json_t **summary, serai_err *err)
    __attribute__((warn_unused_result));

/* Funding decisions and grants for the closed calls of calls
 * (demo_decisions.c): each call's common pot filled by its funders, the
 * binding selection, national decisions (signed, one declined with the
 * re-run, one in national evaluation), the project start, grants with
 * milestones and their first tranche paid. */
serai_code demo_decisions_build(store *s, const actor *who, const demo_world *w,
                                json_t *calls, serai_err *err)
    __attribute__((warn_unused_result));

/* The issue-setting process (demo_agenda.c): fifteen issues proposed by
 * member countries, support, comments, amendments, ballots from twenty
 * delegations, the adopted agenda linked to the calls of calls.  *summary
 * (caller owns) is {"id", "code", "issues", "comments", "ballots",
 * "adopted": [codes], "links"}. */
serai_code demo_agenda_build(store *s, const actor *who, const demo_world *w,
                             const json_t *calls, json_t **summary, serai_err *err)
    __attribute__((warn_unused_result));

/* The exchange model (demo_exchange.c): offers, requests and a partner
 * search with interests, a draft the consortium completion can complete,
 * a forum with a timetable and a waiting list, a training course held, a
 * brokerage day with its schedule; and the platforms.  *summary (caller
 * owns) says what was made. */
serai_code demo_exchange_build(store *s, const actor *who, const demo_world *w,
                               const json_t *calls, int64_t now, json_t **summary,
                               serai_err *err) __attribute__((warn_unused_result));

#endif
