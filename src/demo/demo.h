/*
 * demo.h -- a realistic demonstration database.
 *
 * demo_build fills an empty database with member countries across Asia,
 * Africa, Europe and Latin America, organisations of every type (a third
 * enterprises or SMEs, with ROR-style ids where real institutions would have
 * one), people with expertise profiles in real research fields, and one
 * account per role; then three calls for proposals (one open, two closed)
 * holding a few hundred proposals of those organisations and people,
 * eligible and not, drafts and withdrawn ones among them, some of them the
 * demo applicant's (demo_calls.c).  The closed calls are under review: a
 * review set-up, a reviewer pool of demo people, three reviewers per
 * eligible proposal, reviews in every state, consensus scores and so a
 * ranking list; the demo reviewer has reviews to open (demo_review.c).
 * A cooperative guidance fund takes contributions from member agencies
 * and commits them to grants (demo_fund.c); each closed call's common pot
 * funds the binding selection on its ranking list, with national
 * decisions, grants, milestones and paid tranches (demo_decisions.c).
 * Later modules extend it with their own data.  The same seed gives the
 * same registry, calls, proposals and reviews; their dates lie before the
 * time of the run (the reviews' are the time of the run), their deadlines
 * after it.
 */
#ifndef SERAI_DEMO_DEMO_H
#define SERAI_DEMO_DEMO_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

/* Fill s (which must hold no organisations yet).  On success *summary
 * (caller owns) is {"countries": n, "organizations": n, "people": n,
 * "accounts": [{"role", "email", "password"}...], "calls": [{"id",
 * "programme", "edition", "title", "status", "proposals": n,
 * "statuses": {"draft": n, "eligible": n, ...}, and for a closed call
 * "reviews": {"reviewers", "accepted", "declined", "unanswered",
 * "assigned", "conflicts", "not_opened", "drafts", "submitted",
 * "consensus", "ranked", "below_threshold", "unfilled"}}...],
 * "proposals": n}. */
serai_code demo_build(store *s, uint64_t seed, json_t **summary,
                      serai_err *err) __attribute__((warn_unused_result));

#endif
