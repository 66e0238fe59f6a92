/*
 * completion.h -- consortium completion: for a proposal that fails its
 * call's eligibility rules, the organisations that would make it eligible
 * (docs/exchange.md, "Consortium completion") -- the bridge from the
 * exchange model to project support.
 *
 * Each candidate organisation is tried as one more partner of the
 * consortium through the eligibility engine itself (project/elig.h), so a
 * suggestion is exactly as right as the rules: "needs an SME from a third
 * participating country" is not coded anywhere, it is what adding an SME
 * from such a country to the consortium does to the verdict.  Candidates
 * already on a competing application of the same call (another proposal,
 * submitted or under review) and funding agencies are left out.  The ones
 * that complete the consortium come first, then those that fix some
 * failing rule without breaking another; within each, by expertise fit:
 * the lexical affinity (review/affinity.h) of the proposal's title,
 * abstract and keywords to the expertise of the organisation's people.
 */
#ifndef SERAI_EXCHANGE_COMPLETION_H
#define SERAI_EXCHANGE_COMPLETION_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "store/store.h"

#define COMPLETION_MAX_LIMIT 50

/* body {"limit"?: 1..COMPLETION_MAX_LIMIT (default 10), "country"?: only
 * candidates of this country, "type"?: only this organisation type} ->
 * {"proposal_id", "eligible", "failing": [{"code", "en", "zh"}],
 *  "suggestions": [{"organization_id", "name", "country", "type", "sme",
 *  "completes", "fixes": [codes], "fit": 0..1, "experts": [{"person_id",
 *  "name"}]}], "candidates": n, "excluded_competing": n}.
 * Read rights as the proposal's (its consortium's applicants, the
 * secretariat, and who else may read it). */
serai_code completion_suggest(store *s, const actor *who, int64_t proposal_id,
                              int64_t now, json_t *body, json_t **out,
                              serai_err *err) __attribute__((warn_unused_result));

#endif
