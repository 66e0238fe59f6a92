/*
 * fund_export.h -- a fund's open-data exports: IATI 2.03 activity and
 * organisation files, a 360Giving data package, and statements as CSV or
 * XLSX (docs/fund.md).
 *
 * The writers are pure: they take a fund_export_data, the fund as plain
 * rows (fund_export_load() fills one from the database), and return the
 * bytes of the file.  Amounts are integer minor units of the row's ISO
 * 4217 currency and are written as exact decimals; dates are YYYY-MM-DD.
 */
#ifndef SERAI_FUND_FUND_EXPORT_H
#define SERAI_FUND_FUND_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "store/store.h"

/* An organisation a fund deals with: its trustee, contributors and
 * recipients. */
typedef struct fund_org {
    int64_t id;
    const char *name;
    const char *country;        /* ISO 3166-1 alpha-2 */
    const char *type;           /* registry type: "university", "funding_agency"... */
    const char *ror;            /* ROR id ("https://ror.org/..."), or NULL */
} fund_org;

/* A contribution: pledged, then signed (an instrument of commitment), then
 * received in cash or as a promissory note encashed on a schedule. */
typedef struct fund_contribution_row {
    int64_t id;
    int64_t org_id;             /* the contributor */
    char currency[4];
    int64_t pledged;
    char pledged_on[11];
    int64_t signed_amount;      /* 0 until signed */
    char signed_on[11];         /* "" until signed */
    const char *instrument;     /* "cash", "promissory_note", or NULL */
    int64_t received;           /* cash and notes deposited */
    int64_t encashed;           /* notes turned into cash */
    const char *status;         /* pledged | signed | paid | cancelled */
    const char *reference;      /* the agreement's reference, or NULL */
} fund_contribution_row;

/* A commitment of the fund's money: to a call's envelope or to a funded
 * activity (a grant to one organisation for one project).  Each is an
 * activity in the IATI file and, when it has a recipient, a grant in the
 * 360Giving package. */
typedef struct fund_commitment_row {
    int64_t id;
    char currency[4];
    int64_t committed;          /* net: committed less decommitted */
    int64_t disbursed;
    int64_t returned;
    char committed_on[11];
    char start[11], end[11];    /* planned dates, "" when unknown */
    const char *title;
    const char *description;    /* may be NULL */
    int64_t call_id;            /* 0 when none */
    const char *call_title;     /* NULL when none */
    int64_t proposal_id;        /* 0 when none */
    int64_t recipient_org_id;   /* 0 for a call envelope */
    const char *status;         /* committed | closed | cancelled */
} fund_commitment_row;

/* One pipeline step as it went to the ledger.  kind is one of pledge,
 * cancel_pledge, sign, receive, encash, commit, decommit, disburse,
 * return. */
typedef struct fund_txn_row {
    int64_t id;
    const char *kind;
    int64_t contribution_id;    /* pledge, sign, receive, encash; else 0 */
    int64_t commitment_id;      /* commit, decommit, disburse, return; else 0 */
    int64_t org_id;             /* contributor or recipient, 0 when none */
    char currency[4];
    int64_t amount;             /* > 0 */
    char date[11];              /* value date */
    const char *note;           /* may be NULL */
} fund_txn_row;

typedef struct fund_export_data {
    int64_t fund_id;
    const char *code;           /* "BRGF" */
    const char *name;
    const char *kind;           /* guidance_fund | call_pot */
    char currency[4];           /* reporting currency */
    int64_t trustee_org_id;     /* the reporting organisation; 0 when none */
    char generated_at[21];      /* "2026-11-28T16:00:00Z" */
    const char *identifier_prefix; /* prefix of organisation identifiers for
                                      organisations without a ROR id */
    fund_org *orgs;                 size_t n_orgs;
    fund_contribution_row *contributions; size_t n_contributions;
    fund_commitment_row *commitments;     size_t n_commitments;
    fund_txn_row *txns;                   size_t n_txns;   /* by date, then id */
    void *arena;                /* private: owns the strings */
} fund_export_data;

/* The organisation with this id, or NULL. */
const fund_org *fund_export_org(const fund_export_data *d, int64_t id);

/* Load fund_id as rows, for who (the secretariat, or a funder for its own
 * view).  Free with fund_export_free. */
serai_code fund_export_load(store *s, const actor *who, int64_t fund_id,
                            fund_export_data *out, serai_err *err)
    __attribute__((warn_unused_result));
void fund_export_free(fund_export_data *d);

/* The writers: *out (caller frees) holds *len bytes. */
serai_code fund_export_iati_activities(const fund_export_data *d, char **out,
                                       size_t *len, serai_err *err)
    __attribute__((warn_unused_result));
serai_code fund_export_iati_organisation(const fund_export_data *d, char **out,
                                         size_t *len, serai_err *err)
    __attribute__((warn_unused_result));
serai_code fund_export_360giving(const fund_export_data *d, char **out,
                                 size_t *len, serai_err *err)
    __attribute__((warn_unused_result));

#endif
