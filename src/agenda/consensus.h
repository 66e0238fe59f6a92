/*
 * consensus.h -- consensus across groups: which issues are supported in
 * every group of members, and which split the groups (docs/tally.md,
 * "Consensus across groups").
 *
 * Pure: plain arrays in, plain arrays out; no database, no printing.  The
 * members taking part are in groups (regions, say).  For each group and
 * issue the input gives the weight in the group that supports the issue
 * and the weight that voted in the group; scale is the weight of one
 * member, so that weights become (possibly fractional) member counts.
 *
 * The group-informed consensus of an issue is the product over the groups
 * that voted of (s + 1) / (n + 2), s the supporting members and n the
 * voting members of the group: the Laplace-smoothed probability that a
 * member of the group supports the issue.  A product rewards support in
 * every group and punishes an issue that one group rejects, however large
 * the others (the idea of Pol.is's group-informed consensus).  An issue is
 * divisive when the shares of its support in the groups differ by at least
 * a threshold and it has a majority in one group and a minority in
 * another.
 */
#ifndef SERAI_AGENDA_CONSENSUS_H
#define SERAI_AGENDA_CONSENSUS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

#define CONSENSUS_MAX_ISSUES 100000
#define CONSENSUS_MAX_GROUPS 10000
/* ngroups * nissues: each cell is a share in the result (8 bytes). */
#define CONSENSUS_MAX_CELLS 10000000

/* The caller owns everything. */
typedef struct consensus_input {
    int32_t nissues, ngroups;
    const int64_t *support; /* [ngroups*nissues]: g*nissues+i, the weight in
                               group g that supports issue i (0..voting[g]) */
    const int64_t *voting;  /* [ngroups]: weight that voted in group g (>= 0);
                               a group with 0 is ignored */
    int64_t scale;          /* weight of one member (>= 1); members =
                               weight / scale, may be fractional */
} consensus_input;

typedef struct consensus_result {
    int32_t nissues, ngroups;
    int32_t ncounted;   /* groups that voted (voting > 0) */
    double *share;      /* [ngroups*nissues] support / voting; 0 in ignored groups */
    double *score;      /* [nissues] the product above, in (0, 1]; 1 when no
                           group voted; exp(log_score) */
    double *log_score;  /* [nissues] the sum over counted groups of
                           log((s + 1) / (n + 2)) */
    int32_t *order;     /* [nissues] issues by log_score, best first (the order
                           of score, also where thousands of groups make score
                           underflow to 0); exactly equal by the lower index */
    double *spread;     /* [nissues] largest share - smallest share over the
                           counted groups (0 when none) */
    bool *divisive;     /* [nissues] spread >= the threshold and a counted
                           group with a majority (2 support > voting) and
                           one with a minority (2 support < voting) */
    int32_t ndivisive;  /* issues marked divisive */
} consensus_result;

/* Compute *res from in; divisive_spread is the threshold on the spread,
 * 0..1 (0.5 is a good default).  Refuses with SERAI_EINVAL naming the
 * field: "/nissues" outside 1..CONSENSUS_MAX_ISSUES, "/ngroups" outside
 * 1..CONSENSUS_MAX_GROUPS, "/voting/<g>" below 0, "/support/<g>/<i>"
 * outside 0..voting[g], "/scale" below 1, "/divisive_spread" outside 0..1;
 * SERAI_ETOOLARGE "/support" above CONSENSUS_MAX_CELLS cells.  The caller
 * frees *res with consensus_result_free, also after a failure (it is then
 * empty). */
serai_code consensus_run(const consensus_input *in, double divisive_spread,
                         consensus_result *res, serai_err *err)
    __attribute__((warn_unused_result));
void consensus_result_free(consensus_result *res);

#endif
