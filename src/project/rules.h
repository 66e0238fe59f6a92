/*
 * rules.h -- rule sets and proposals read from JSON, and eligibility
 * results written as JSON (docs/eligibility.md has both formats).
 *
 * Readers are strict: an unknown key, a wrong type, a negative amount, an
 * unknown country, currency or organisation type, a currency that is not
 * the funder's, or amounts whose sum leaves int64 is refused with
 * SERAI_EINVAL and a serai_err naming the field by its JSON pointer
 * ("/rules/max_share_per_country/basis_points").  Times are read from
 * "2026-11-28T14:00:00Z" (UTC, exactly that form) into Unix seconds; the
 * proposal reader leaves elig_proposal.now 0.  On failure the output
 * struct is left zeroed, never half filled.
 */
#ifndef SERAI_PROJECT_RULES_H
#define SERAI_PROJECT_RULES_H

#include <jansson.h>

#include "core/err.h"
#include "project/elig.h"

/* Read a rule set from doc (borrowed) into *out. */
serai_code elig_rules_from_json(json_t *doc, elig_rules *out, serai_err *err)
    __attribute__((warn_unused_result));
/* The same from len bytes of JSON text. */
serai_code elig_rules_parse(const char *text, size_t len, elig_rules *out,
                            serai_err *err) __attribute__((warn_unused_result));

/* Read obj[key], an array of ISO 3166-1 alpha-2 codes (at most
 * ELIG_MAX_COUNTRIES), into *out (zeroed by the caller); absent is an error
 * only when required.  prefix is the JSON pointer of obj.  Shared with the
 * platform composition rules (exchange/platform.h). */
serai_code elig_countries_from_json(json_t *obj, const char *key, const char *prefix,
                                    bool required, elig_country_set *out,
                                    serai_err *err) __attribute__((warn_unused_result));

/* Read a proposal from doc (borrowed); rules supplies the funders each
 * request must name and whose currency it must use. */
serai_code elig_proposal_from_json(json_t *doc, const elig_rules *rules,
                                   elig_proposal *out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code elig_proposal_parse(const char *text, size_t len,
                               const elig_rules *rules, elig_proposal *out,
                               serai_err *err) __attribute__((warn_unused_result));

/* The result as JSON text: {"programme", "edition", "version", "proposal",
 * "eligible", "pending", "rules": [{"code", "pass", "pending", "funder"?,
 * "en", "zh", "partners": [...]}]}; both "pending" are always booleans.
 * The caller frees the returned text. */
char *elig_result_json(const elig_rules *rules, const elig_proposal *p,
                       const elig_result *r);

#endif
