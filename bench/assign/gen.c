/*
 * gen.c -- a synthetic reviewer-assignment instance for bench/assign/run.sh
 * (and anyone who wants one): scores.csv, conflicts.csv and people.csv in
 * the formats of `serai assign`.
 *
 * Usage: gen PROPOSALS REVIEWERS CANDIDATES SEED OUTDIR
 *
 * Proposals and reviewers each have one of 200 topics on a circle and one
 * of 60 countries.  Each proposal's candidates are distinct reviewers: 70 %
 * from topics within 5 steps of its own, the rest from anywhere; the score
 * falls with the topic distance, plus noise, clamped to 0..1, with three
 * decimals.  About 1 % of the candidate pairs are conflicts, and as many
 * conflicts again name pairs that were never scored.  Deterministic for a
 * seed (xorshift64*).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOPICS 200
#define COUNTRIES 60

static uint64_t state;

static uint64_t next(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ULL;
}

static uint32_t below(uint32_t n)
{
    return (uint32_t)((next() >> 32) * (uint64_t)n >> 32);
}

static double unit(void)
{
    return (double)(next() >> 11) / 9007199254740992.0;
}

static const char *const codes[COUNTRIES] = {
    "CN", "RU", "KZ", "DE", "FR", "IT", "ES", "PL", "NL", "BE", "SE", "FI",
    "NO", "DK", "AT", "CH", "CZ", "HU", "RO", "BG", "GR", "PT", "IE", "GB",
    "US", "CA", "MX", "BR", "AR", "CL", "CO", "PE", "ZA", "EG", "NG", "KE",
    "MA", "TN", "IN", "PK", "BD", "LK", "TH", "VN", "MY", "ID", "PH", "JP",
    "KR", "MN", "UZ", "KG", "TJ", "TR", "IR", "SA", "AE", "IL", "AU", "NZ"};

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: gen PROPOSALS REVIEWERS CANDIDATES SEED OUTDIR\n");
        return 2;
    }
    long P = strtol(argv[1], NULL, 10), R = strtol(argv[2], NULL, 10),
         C = strtol(argv[3], NULL, 10);
    state = 0x9E3779B97F4A7C15ULL ^ (uint64_t)strtoull(argv[4], NULL, 10);
    if (P < 1 || R < 1 || C < 1 || C > R) {
        fprintf(stderr, "gen: need 1 <= CANDIDATES <= REVIEWERS\n");
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/scores.csv", argv[5]);
    FILE *sf = fopen(path, "w");
    snprintf(path, sizeof path, "%s/conflicts.csv", argv[5]);
    FILE *cf = fopen(path, "w");
    snprintf(path, sizeof path, "%s/people.csv", argv[5]);
    FILE *pf = fopen(path, "w");
    if (!sf || !cf || !pf) {
        perror("gen");
        return 1;
    }
    static char sbuf[1 << 20], cbuf[1 << 16];
    setvbuf(sf, sbuf, _IOFBF, sizeof sbuf);
    setvbuf(cf, cbuf, _IOFBF, sizeof cbuf);
    /* Reviewers by topic. */
    int *rtopic = malloc(sizeof(int) * (size_t)R);
    long *tcount = calloc(TOPICS + 1, sizeof(long));
    for (long r = 0; r < R; r++) {
        rtopic[r] = (int)below(TOPICS);
        tcount[rtopic[r] + 1]++;
    }
    for (int t = 0; t < TOPICS; t++)
        tcount[t + 1] += tcount[t];
    long *bytopic = malloc(sizeof(long) * (size_t)R);
    long *fill = malloc(sizeof(long) * (TOPICS + 1));
    memcpy(fill, tcount, sizeof(long) * (TOPICS + 1));
    for (long r = 0; r < R; r++)
        bytopic[fill[rtopic[r]]++] = r;
    fprintf(pf, "reviewer,country\n");
    for (long r = 0; r < R; r++)
        fprintf(pf, "R%06ld,%s\n", r, codes[below(COUNTRIES)]);
    fprintf(sf, "proposal,reviewer,score\n");
    fprintf(cf, "proposal,reviewer\n");
    long *stamp = calloc((size_t)R, sizeof(long));
    long *chosen = malloc(sizeof(long) * (size_t)C);
    for (long p = 0; p < P; p++) {
        int pt = (int)below(TOPICS);
        long n = 0, tries = 0;
        while (n < C) {
            long r;
            if (unit() < 0.7 && tries < 50 * C) {
                int t = (pt + (int)below(11) - 5 + TOPICS) % TOPICS;
                long cnt = tcount[t + 1] - tcount[t];
                if (cnt == 0) {
                    tries++;
                    continue;
                }
                r = bytopic[tcount[t] + below((uint32_t)cnt)];
            } else {
                r = below((uint32_t)R);
            }
            tries++;
            if (stamp[r] == p + 1)
                continue;
            stamp[r] = p + 1;
            chosen[n++] = r;
        }
        for (long j = 0; j < n; j++) {
            long r = chosen[j];
            int d = abs(rtopic[r] - pt);
            if (d > TOPICS / 2)
                d = TOPICS - d;
            double noise = (unit() + unit() + unit() - 1.5) * 0.2;
            double s = 0.9 - 0.08 * d + noise;
            if (s < 0)
                s = 0;
            if (s > 1)
                s = 1;
            long milli = (long)(s * 1000 + 0.5);
            fprintf(sf, "P%06ld,R%06ld,%ld.%03ld\n", p, r, milli / 1000,
                    milli % 1000);
            if (below(100) == 0)
                fprintf(cf, "P%06ld,R%06ld\n", p, r);
        }
        if (below(100) < (uint32_t)(C > 100 ? 100 : C)) {
            long r = below((uint32_t)R);
            if (stamp[r] != p + 1)
                fprintf(cf, "P%06ld,R%06ld\n", p, r);
        }
    }
    fclose(sf);
    fclose(cf);
    fclose(pf);
    free(rtopic);
    free(tcount);
    free(bytopic);
    free(fill);
    free(stamp);
    free(chosen);
    return 0;
}
