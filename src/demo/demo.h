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
 * demo applicant's (demo_calls.c).  Later modules extend it with their own
 * data.  The same seed gives the same registry, calls and proposals; their
 * dates lie before the time of the run, their deadlines after it.
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
 * "statuses": {"draft": n, "eligible": n, ...}}...], "proposals": n}. */
serai_code demo_build(store *s, uint64_t seed, json_t **summary,
                      serai_err *err) __attribute__((warn_unused_result));

#endif
