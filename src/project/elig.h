/*
 * elig.h -- the eligibility engine of the project-support model: a
 * proposal's consortium checked against a call's rule set.
 *
 * Pure: plain structs in, plain structs out; no database, no HTTP, no
 * allocation.  Every rule present in the rule set is evaluated (none stops
 * the others) and yields a stable machine code, pass or fail, an
 * explanation in English and in Chinese that names the numbers, and the
 * indices of the partners at fault.  Shares are compared exactly in
 * integer arithmetic: part * 10000 against limit_bp * whole, in 128 bits,
 * so "exactly 70% passes, one minor unit more fails" holds for any int64
 * amounts.  Every number is a parameter of the rule set; none is in code.
 *
 * Times are Unix seconds (UTC) in int64_t; 0 means "none yet".  The engine
 * never reads the clock: the caller passes "now" in the proposal, so the
 * same input always gives the same verdict.  A rule that cannot be decided
 * yet (a commitment form not signed while its window is still open) is
 * pending: not passed, but not failed either.
 * docs/eligibility.md describes the rules and both JSON formats.
 */
#ifndef SERAI_PROJECT_ELIG_H
#define SERAI_PROJECT_ELIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELIG_MAX_PARTNERS 64      /* partners in one consortium */
#define ELIG_MAX_PEOPLE 128       /* people listed on one proposal */
#define ELIG_MAX_FUNDERS 32       /* funders declared by one rule set */
#define ELIG_MAX_COUNTRIES 250    /* entries of one country list */
#define ELIG_MAX_TYPES 8          /* entries of one organisation-type list */
#define ELIG_MAX_REGIONS 8        /* entries of one region list */
#define ELIG_ID_MAX 64            /* bytes of an id, ROR, funder id (+NUL) */
#define ELIG_NAME_MAX 32          /* type or region name (+NUL) */
#define ELIG_TEXT_MAX 320         /* bytes of one explanation (+NUL) */
#define ELIG_MAX_RESULTS (20 + ELIG_MAX_FUNDERS)

/* A person, matched by ORCID or by registry person id (either may be ""). */
typedef struct elig_person {
    char orcid[20];               /* "0000-0002-1825-0097" */
    char id[ELIG_ID_MAX];
} elig_person;

typedef struct elig_partner {
    char org[ELIG_ID_MAX];        /* registry id or ROR; groups the org share */
    char country[3];              /* ISO 3166-1 alpha-2 */
    char type[ELIG_NAME_MAX];     /* organisation type, as in org.h */
    bool sme;                     /* an SME whatever its type string */
    bool coordinator;             /* role: coordinator, else partner */
    bool own_expense;             /* takes part at its own expense */
    int64_t requested;            /* minor units, >= 0 */
    char currency[4];             /* of requested and own contributions */
    char funder[ELIG_ID_MAX];     /* funder the request goes to, or "" */
    int64_t own_cash;             /* own contribution in cash, >= 0 */
    int64_t own_in_kind;          /* own contribution in kind, >= 0 */
    elig_person pi;
    int team_size;                /* people in this partner's team */
    int64_t committed_at;         /* commitment form signed (Unix seconds,
                                     UTC); 0: not signed */
} elig_partner;

typedef struct elig_proposal {
    char id[ELIG_ID_MAX];
    int duration_months;
    int npartners;
    elig_partner partners[ELIG_MAX_PARTNERS];
    int npeople;                  /* besides the partners' PIs */
    elig_person people[ELIG_MAX_PEOPLE];
    int64_t submitted_at;         /* Unix seconds (UTC); 0: a draft */
    int64_t now;                  /* Unix seconds of the evaluation, set by
                                     the caller; 0: unknown, taken as
                                     submitted_at */
} elig_proposal;

typedef struct elig_country_set {
    int n;
    char codes[ELIG_MAX_COUNTRIES][3];
} elig_country_set;

typedef struct elig_type_set {
    int n;
    char names[ELIG_MAX_TYPES][ELIG_NAME_MAX];
} elig_type_set;

/* A funder's national annex: rules for the partners it pays. */
typedef struct elig_annex {
    bool present;
    bool has_min_request, has_max_request, has_max_duration;
    int64_t min_request, max_request;   /* minor units of the funder */
    elig_type_set types;                /* n == 0: any type */
    int max_duration_months;
    bool own_country_only;              /* pays only partners of its country */
} elig_annex;

typedef struct elig_funder {
    char id[ELIG_ID_MAX];
    char country[3];
    char currency[4];
    elig_annex annex;
} elig_funder;

/* A bounded integer rule: each bound is optional. */
typedef struct elig_bounds {
    bool present, has_min, has_max;
    int64_t min, max;
} elig_bounds;

typedef struct elig_rules {
    char programme[ELIG_ID_MAX];
    char edition[ELIG_NAME_MAX];
    int version;
    int nfunders;
    elig_funder funders[ELIG_MAX_FUNDERS];

    elig_bounds partners;                 /* partners (min/max) */
    struct { bool present; int min; } min_countries;
    struct { bool present; elig_country_set countries; bool allow_own_expense; }
        participating;
    struct { bool present; int64_t bp; } max_share_org, max_share_country;
    struct { bool present; elig_type_set types; } lead_type;
    struct { bool present; char type[ELIG_NAME_MAX]; int64_t bp; } min_share_type;
    struct { bool present; elig_country_set countries; int64_t bp; } target_quota;
    struct { bool present; int n; char names[ELIG_MAX_REGIONS][ELIG_NAME_MAX]; }
        region;
    struct { elig_bounds b; bool per_partner; } team_size;
    struct { bool present; elig_country_set countries; } pi_country;
    struct { bool present; int64_t bp; bool count_in_kind; elig_type_set types; }
        cofunding;
    elig_bounds duration;
    struct { bool present; int max; } per_person;   /* checked per round */
    struct { bool present; int days; } commitment;  /* 1..365 */
} elig_rules;

typedef struct elig_rule_result {
    const char *code;             /* static: "min_countries" */
    bool pass;
    bool pending;                 /* cannot be decided yet; pass is false */
    char funder[ELIG_ID_MAX];     /* national_annex: whose; else "" */
    char en[ELIG_TEXT_MAX];       /* UTF-8 */
    char zh[ELIG_TEXT_MAX];
    int npartners;                /* partners at fault; on a passing */
    unsigned char partners[ELIG_MAX_PARTNERS]; /* rule: those it notes; on
                                     a pending one: those it waits for */
} elig_rule_result;

/* eligible: every rule passed.  pending: no rule failed outright, but at
 * least one is still undecided (eligible is then false); the proposal can
 * still become eligible if the missing signatures arrive in time.  Both
 * false: some rule failed. */
typedef struct elig_result {
    bool eligible;                /* every rule passed */
    bool pending;                 /* nothing failed; something undecided */
    int nrules;
    elig_rule_result rules[ELIG_MAX_RESULTS];
} elig_result;

/* Zero r, then set the bounds that every parsed rule set starts from. */
void elig_rules_init(elig_rules *r);

/* Evaluate every rule of rules (except max_applications_per_person, which
 * needs the whole round) on p into *out, as of p->now.  Returns
 * out->eligible.  Never fails: malformed plain data (a negative amount, an
 * unknown country, a negative time) is reported as a failing rule, not
 * undefined behaviour. */
bool elig_check(const elig_rules *rules, const elig_proposal *p,
                elig_result *out);

/* elig_check on each of the n proposals of one round, then the
 * max_applications_per_person rule across them: a person (same ORCID or
 * same person id) on more applications than allowed fails every
 * application involved (and such an application is no longer pending).
 * results has n entries.  Returns how many proposals are eligible. */
size_t elig_check_round(const elig_rules *rules, const elig_proposal *const p[],
                        size_t n, elig_result results[]);

/* The rule result with this code (and funder, when not NULL), or NULL. */
const elig_rule_result *elig_result_find(const elig_result *r, const char *code,
                                         const char *funder);

/* The engine's way of writing figures, for other explanations in the same
 * style (the platform composition check): a limit in basis points as a
 * percentage ("70%", "70.5%"), and part/whole as a percentage with the
 * fewest decimals that do not make it read like limit_bp ("42.9%").  Each
 * writes NUL-terminated text into out (at least 16 bytes). */
void elig_format_bp(char *out, size_t cap, int64_t bp);
void elig_format_share(char *out, size_t cap, int64_t part, int64_t whole,
                       int64_t limit_bp);

#endif
