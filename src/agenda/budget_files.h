/*
 * budget_files.h -- Pabulib .pb files (pabulib.org/format) read into a
 * budget_election (budget.h).
 *
 * A file has three sections, each a title line (META, PROJECTS, VOTES), a
 * header line naming the `;`-separated columns, then rows; fields may be
 * double-quoted with "" for a quote.  META needs budget and vote_type
 * (approval, cumulative, scoring, ordinal, choose-1); PROJECTS needs
 * project_id and cost; VOTES needs voter_id and vote (project ids separated
 * by commas, in rank order on ordinal ballots) and, on cumulative and
 * scoring ballots, points.  Budget and costs may be decimal: all money is
 * scaled by the same power of ten to whole numbers of the smallest unit any
 * of them uses.  Every error names the file and the line.
 */
#ifndef SERAI_AGENDA_BUDGET_FILES_H
#define SERAI_AGENDA_BUDGET_FILES_H

#include "agenda/budget.h"

#define BUDGET_FILE_MAX_BYTES ((size_t)1 << 31)
#define BUDGET_FILE_MAX_DECIMALS 6

typedef struct budget_file {
    budget_election e;         /* points into the arrays below */
    char **project_id;         /* nprojects ids as in the file */
    int64_t *cost;
    int decimals;              /* money in the file = value / 10^decimals */
    int *official;             /* the `selected` column (0, 1, 2...), or NULL */
    size_t *ballot_start;
    uint32_t *ballot_project;
    int64_t *ballot_points;
    char *rule;                /* META rule, "" when absent */
    char *vote_type;           /* META vote_type as written */
    char *comment;             /* META comment, "" when absent */
    char *currency;
} budget_file;

/* Parse text (len bytes) of the file called path.  On success f owns
 * everything; free it with budget_file_free.  On failure f is empty. */
serai_code budget_file_parse(budget_file *f, const char *path, const char *text, size_t len,
                             serai_err *err);
void budget_file_free(budget_file *f);

/* money (in smallest units) as a decimal in the file's notation into dst */
void budget_file_money(const budget_file *f, int64_t money, char *dst, size_t cap);

#endif
