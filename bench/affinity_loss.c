/*
 * affinity_loss.c -- the loss of Stelmakh, Wieting, Neubig and Shah (2023),
 * "A Gold Standard Dataset for the Reviewer Assignment Problem", of a
 * score CSV written by `serai affinity`, against the participants' own
 * expertise ratings.  Stand-alone C (bench/affinity.sh compiles it), so the
 * figure is checked by code that shares nothing with the model.
 *
 * Usage: affinity_loss evaluations.csv scores.csv
 *
 * evaluations.csv is tab-separated: ParticipantID, Paper1..Paper10,
 * Expertise1..Expertise10 (blank when fewer were rated).  In scores.csv
 * (submission,reviewer,score) the reviewer is the archive's file name,
 * "~" + ParticipantID.  For every participant and every pair of papers they
 * rated, |expertise difference| is added to the loss when the scores order
 * the pair the other way, half of it when the scores tie; the sum is
 * divided by the sum of |expertise difference| over all the pairs (as
 * compute_main_metric in the authors' scripts/scoring.py).  Prints
 * "loss L pairs P ties T participants N".  Exit 1 when a rated pair has
 * no score, or the input is malformed.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 65536
#define MAX_RATED 10

typedef struct rated {
    char key[160];       /* "paper\treviewer" */
    double expertise;
    double score;
    int found;
} rated;

static rated *ratings;
static size_t nratings, cap_ratings;
static size_t participant_start[10000];
static size_t nparticipants;

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static size_t *table;
static size_t table_size;

static void table_build(void)
{
    table_size = 1;
    while (table_size < 4 * nratings + 4)
        table_size *= 2;
    table = calloc(table_size, sizeof *table);
    for (size_t i = 0; i < nratings; i++) {
        size_t j = hash(ratings[i].key) & (table_size - 1);
        while (table[j])
            j = (j + 1) & (table_size - 1);
        table[j] = i + 1;
    }
}

static rated *table_find(const char *key)
{
    for (size_t j = hash(key) & (table_size - 1); table[j]; j = (j + 1) & (table_size - 1))
        if (strcmp(ratings[table[j] - 1].key, key) == 0)
            return &ratings[table[j] - 1];
    return NULL;
}

static void die(const char *fmt, const char *a, long n)
{
    fprintf(stderr, "affinity_loss: ");
    fprintf(stderr, fmt, a, n);
    fputc('\n', stderr);
    exit(1);
}

/* Split line at sep into at most max fields (in place); the count.
 * Quoted fields ("a,b", "say ""hi""") are unquoted. */
static int split(char *line, char sep, char **fields, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        if (n == max)
            return n + 1;
        if (*p == '"') {
            char *out = ++p;
            fields[n++] = out;
            while (*p && !(*p == '"' && p[1] != '"'))
                *out++ = (*p == '"') ? (p++, '"') : *p, p++;
            if (*p == '"')
                p++;
            char *rest = p;
            *out = '\0';
            p = rest;
            if (*p == sep)
                p++;
            else if (*p)
                return -1;
            else
                return n;
            continue;
        }
        fields[n++] = p;
        char *e = strchr(p, sep);
        if (e == NULL)
            return n;
        *e = '\0';
        p = e + 1;
    }
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

static double number(const char *s, const char *file, long line)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno)
        die("%s: line %ld: not a number", file, line);
    return v;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: affinity_loss evaluations.csv scores.csv\n");
        return 2;
    }
    static char line[MAX_LINE];
    FILE *f = fopen(argv[1], "r");
    if (f == NULL)
        die("cannot open %s%ld", argv[1], 0);
    long ln = 0;
    while (fgets(line, sizeof line, f)) {
        ln++;
        chomp(line);
        if (ln == 1 || line[0] == '\0')
            continue;
        char *fld[32];
        int n = split(line, '\t', fld, 31);
        if (n != 21)
            die("%s: line %ld: expected 21 tab-separated fields", argv[1], ln);
        if (nparticipants + 1 >= sizeof participant_start / sizeof participant_start[0])
            die("%s: line %ld: too many participants", argv[1], ln);
        participant_start[nparticipants++] = nratings;
        for (int i = 0; i < MAX_RATED; i++) {
            if (fld[1 + i][0] == '\0')
                continue;
            if (nratings == cap_ratings) {
                cap_ratings = cap_ratings ? 2 * cap_ratings : 1024;
                ratings = realloc(ratings, cap_ratings * sizeof *ratings);
            }
            rated *r = &ratings[nratings++];
            memset(r, 0, sizeof *r);
            if (snprintf(r->key, sizeof r->key, "%s\t~%s", fld[1 + i], fld[0]) >=
                (int)sizeof r->key)
                die("%s: line %ld: ids too long", argv[1], ln);
            r->expertise = number(fld[11 + i], argv[1], ln);
        }
    }
    participant_start[nparticipants] = nratings;
    fclose(f);
    table_build();

    f = fopen(argv[2], "r");
    if (f == NULL)
        die("cannot open %s%ld", argv[2], 0);
    ln = 0;
    while (fgets(line, sizeof line, f)) {
        ln++;
        chomp(line);
        if (ln == 1) {
            if (strcmp(line, "submission,reviewer,score") != 0)
                die("%s: line %ld: header is not submission,reviewer,score", argv[2], ln);
            continue;
        }
        char *fld[4];
        if (split(line, ',', fld, 3) != 3)
            die("%s: line %ld: expected 3 fields", argv[2], ln);
        char key[512];
        snprintf(key, sizeof key, "%s\t%s", fld[0], fld[1]);
        rated *r = table_find(key);
        if (r) {
            r->score = number(fld[2], argv[2], ln);
            r->found = 1;
        }
    }
    fclose(f);

    double loss = 0, max_loss = 0;
    long pairs = 0, ties = 0;
    for (size_t p = 0; p < nparticipants; p++) {
        for (size_t i = participant_start[p]; i < participant_start[p + 1]; i++) {
            if (!ratings[i].found)
                die("%s: no score for the rated pair %s", ratings[i].key, 0);
            for (size_t j = i + 1; j < participant_start[p + 1]; j++) {
                double true_diff = ratings[i].expertise - ratings[j].expertise;
                double pred_diff = ratings[i].score - ratings[j].score;
                max_loss += fabs(true_diff);
                pairs++;
                if (pred_diff * true_diff == 0) {
                    loss += fabs(true_diff) / 2;
                    if (true_diff != 0)
                        ties++;
                } else if (pred_diff * true_diff < 0) {
                    loss += fabs(true_diff);
                }
            }
        }
    }
    if (max_loss == 0)
        die("%s: no pair of different ratings%ld", argv[1], 0);
    printf("loss %.4f pairs %ld ties %ld participants %zu\n", loss / max_loss, pairs, ties,
           nparticipants);
    return 0;
}
