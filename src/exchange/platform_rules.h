/*
 * platform_rules.h -- the composition rules of a platform (a thematic
 * network, joint laboratory, technology-transfer centre or science park)
 * and their check, in the style of the eligibility engine
 * (project/elig.h): every rule present is evaluated, none stops the
 * others, and each yields a stable code, pass or fail, an explanation in
 * English and Chinese that names the figures, and the figures themselves.
 *
 * Pure: plain structs in, plain structs out; no database, no allocation.
 * Shares are compared exactly in integers (part * 10000 against limit_bp *
 * whole), so "exactly 50% passes" holds.  The reader and the vocabulary
 * follow the eligibility rule sets (docs/eligibility.md): min_countries,
 * target_country_quota {countries | list, basis_points},
 * max_share_per_country {basis_points}, plus min_mc_countries (countries
 * on the management committee) and enforce.  docs/platforms.md has the
 * format.
 */
#ifndef SERAI_EXCHANGE_PLATFORM_RULES_H
#define SERAI_EXCHANGE_PLATFORM_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "project/elig.h"

#define PLATFORM_MAX_RULES 4
#define PLATFORM_LIST_MAX 32      /* bytes of a named list (+NUL) */

typedef struct platform_rules {
    bool enforce;                 /* refuse changes that break a passing rule */
    struct { bool present; int min; } min_countries;
    struct { bool present; int min; } min_mc_countries;
    struct {
        bool present;
        int64_t bp;
        /* exactly one of: the countries, or a named list that the caller
         * resolves into countries before the check ("member_countries",
         * or a UN M49 region or subregion such as "Africa") */
        elig_country_set countries;
        char list[PLATFORM_LIST_MAX];
    } target_quota;
    struct { bool present; int64_t bp; } max_share_country;
} platform_rules;

/* One member as the check sees it. */
typedef struct platform_seat {
    char country[3];              /* ISO 3166-1 alpha-2 */
    bool mc;                      /* on the management committee */
} platform_seat;

typedef struct platform_rule_result {
    const char *code;             /* static: "min_countries" */
    bool pass;
    char en[ELIG_TEXT_MAX];
    char zh[ELIG_TEXT_MAX];
    /* The figures the explanation names; which ones a rule uses is in
     * docs/platforms.md (unused: 0 or ""). */
    int64_t value;                /* countries, target countries, members */
    int64_t whole;                /* countries, members (shares) */
    int64_t limit;                /* the minimum, or basis points */
    int64_t needed;               /* more countries needed to pass; -1: none can */
    char country[3];              /* max_share_per_country: the largest */
} platform_rule_result;

typedef struct platform_check {
    bool passes;                  /* every rule passed */
    int nrules;
    platform_rule_result rules[PLATFORM_MAX_RULES];
} platform_check;

/* Read the rules object doc (borrowed) into *out; strict like the rule-set
 * reader: unknown keys, wrong types, unknown countries or lists, basis
 * points outside 0..10000 are SERAI_EINVAL naming the field by its JSON
 * pointer under prefix ("/rules").  Nothing on failure but *out zeroed. */
serai_code platform_rules_from_json(json_t *doc, const char *prefix,
                                    platform_rules *out, serai_err *err)
    __attribute__((warn_unused_result));
/* The rules as JSON (new reference), in the form the reader takes. */
json_t *platform_rules_json(const platform_rules *r);

/* True when name is a named list a target quota may use. */
bool platform_list_known(const char *name);
/* Countries of a UN region or subregion into *out; false when name is
 * none (then *out is untouched).  "member_countries" is not here: it is
 * the registry's and is resolved by exchange/platform.c. */
bool platform_region_countries(const char *name, elig_country_set *out);

/* Check the n members against the rules into *out; returns out->passes.
 * target_quota.countries must already hold the named list's countries. */
bool platform_rules_check(const platform_rules *r, const platform_seat *members,
                          size_t n, platform_check *out);

/* The check as JSON (new reference): {"passes", "rules": [{"code",
 * "pass", "en", "zh", "figures": {...}}]}. */
json_t *platform_check_json(const platform_check *c);

/* The rule result with this code, or NULL. */
const platform_rule_result *platform_check_find(const platform_check *c,
                                                const char *code);

#endif
