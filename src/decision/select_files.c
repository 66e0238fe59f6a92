/*
 * select_files.c -- the CSV files of `serai select` (select_files.h): the
 * budgets and the ranked proposals read into a select_input, checked row
 * by row so that every refusal names the file and the line, and the
 * explanation of each decision as one sentence with exact money.
 *
 * Ids are interned in an open-addressing hash table (FNV-1a), so reading
 * is linear in the rows; the checks that span rows -- a (proposal, funder)
 * pair given twice, equal ranks without the tie mark -- regroup the rows
 * once.
 */
#include "decision/select_files.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/csv.h"
#include "registry/iso.h"
#include "registry/money.h"
#include "review/assign.h"

/* ---- ids ------------------------------------------------------------------ */

typedef struct select_idmap {
    int32_t *slot;   /* index + 1, 0 = empty */
    uint64_t *hash;
    size_t mask;
    int32_t count;
} select_idmap;

static uint64_t id_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static select_idmap *idmap_new(void)
{
    select_idmap *m = xcalloc(1, sizeof *m);
    m->mask = 255;
    m->slot = xcalloc(m->mask + 1, sizeof *m->slot);
    m->hash = xcalloc(m->mask + 1, sizeof *m->hash);
    return m;
}

static void idmap_free(select_idmap *m)
{
    if (m) {
        free(m->slot);
        free(m->hash);
        free(m);
    }
}

static void idmap_put(select_idmap *m, int32_t index, uint64_t h)
{
    if ((size_t)(m->count + 1) * 2 > m->mask + 1) {
        size_t n = (m->mask + 1) * 2;
        int32_t *slot = xcalloc(n, sizeof *slot);
        uint64_t *hash = xcalloc(n, sizeof *hash);
        for (size_t i = 0; i <= m->mask; i++) {
            if (!m->slot[i])
                continue;
            size_t j = m->hash[i] & (n - 1);
            while (slot[j])
                j = (j + 1) & (n - 1);
            slot[j] = m->slot[i];
            hash[j] = m->hash[i];
        }
        free(m->slot);
        free(m->hash);
        m->slot = slot;
        m->hash = hash;
        m->mask = n - 1;
    }
    size_t j = h & m->mask;
    while (m->slot[j])
        j = (j + 1) & m->mask;
    m->slot[j] = index + 1;
    m->hash[j] = h;
    m->count++;
}

static int32_t idmap_get(const select_idmap *m, char *const *names,
                         const char *id, uint64_t h)
{
    for (size_t j = h & m->mask;; j = (j + 1) & m->mask) {
        int32_t v = m->slot[j];
        if (!v)
            return -1;
        if (m->hash[j] == h && strcmp(names[v - 1], id) == 0)
            return v - 1;
    }
}

/* ---- numbers ---------------------------------------------------------- */

bool select_parse_amount(const char *s, int64_t *out)
{
    if (*s < '0' || *s > '9')
        return false;
    int64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || __builtin_mul_overflow(v, 10, &v) ||
            __builtin_add_overflow(v, *s - '0', &v))
            return false;
    }
    *out = v;
    return true;
}

bool select_parse_percent(const char *s, int32_t max_bp, int32_t *out)
{
    int64_t whole = 0, frac = 0;
    int nfrac = 0, nwhole = 0;
    for (; *s >= '0' && *s <= '9'; s++, nwhole++)
        if ((whole = whole * 10 + (*s - '0')) > 1000000)
            return false;
    if (*s == '.') {
        for (s++; *s >= '0' && *s <= '9'; s++, nfrac++)
            if (nfrac < 2)
                frac = frac * 10 + (*s - '0');
            else if (*s != '0')
                return false;
        if (nfrac == 0)
            return false;
    }
    if (*s != '\0' || nwhole == 0)
        return false;
    if (nfrac == 1)
        frac *= 10;
    int64_t bp = whole * 100 + frac;
    if (bp > max_bp)
        return false;
    *out = (int32_t)bp;
    return true;
}

/* A whole number lo..hi (a leading '-' allowed when lo < 0). */
static bool parse_int(const char *s, int64_t lo, int64_t hi, int32_t *out)
{
    bool neg = *s == '-';
    int64_t v;
    if (neg && lo >= 0)
        return false;
    if (!select_parse_amount(s + neg, &v) || v > (int64_t)INT32_MAX + 1)
        return false;
    v = neg ? -v : v;
    if (v < lo || v > hi)
        return false;
    *out = (int32_t)v;
    return true;
}

/* The tie column: 1 marked, 0 not, -1 neither. */
static int tie_mark(const char *s)
{
    static const char *const yes[] = {"=", "tie", "yes", "true", "1", "x"};
    static const char *const no[] = {"", "no", "false", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (strcasecmp(s, yes[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (strcasecmp(s, no[i]) == 0)
            return 0;
    return -1;
}

/* ---- headers ------------------------------------------------------------- */

/* Column positions of want[] (-1 when missing; the first nrequired must be
 * there); unknown or repeated columns are refused. */
static serai_code read_header(csv_reader *r, const char *name,
                              const char *const want[], int pos[], int nwant,
                              int nrequired, size_t *nfields, serai_err *err)
{
    csv_record rec;
    serai_err e;
    int got = csv_next(r, &rec, &e);
    if (got < 0)
        return serai_fail(err, SERAI_EINVAL, NULL, "%s %s", name, e.detail);
    if (got == 0)
        return serai_fail(err, SERAI_EINVAL, NULL, "%s is empty", name);
    char cols[160] = "";
    for (int w = 0; w < nwant; w++) {
        size_t len = strlen(cols);
        pos[w] = -1;
        snprintf(cols + len, sizeof cols - len, "%s%s%s%s", w ? "," : "",
                 w == nrequired ? "[" : "", want[w],
                 w >= nrequired && w == nwant - 1 ? "]" : "");
    }
    for (size_t i = 0; i < rec.count; i++) {
        int hit = -1;
        for (int w = 0; w < nwant; w++)
            if (strcmp(rec.fields[i], want[w]) == 0)
                hit = w;
        if (hit < 0)
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: unknown column \"%.60s\"; the "
                              "columns are %s",
                              name, rec.line, rec.fields[i], cols);
        if (pos[hit] >= 0)
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: column \"%s\" appears twice", name,
                              rec.line, want[hit]);
        pos[hit] = (int)i;
    }
    for (int w = 0; w < nrequired; w++)
        if (pos[w] < 0)
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: no column \"%s\"; the columns are %s",
                              name, rec.line, want[w], cols);
    *nfields = rec.count;
    return SERAI_OK;
}

/* The next data record: 1, 0 at the end, -1 with err set. */
static int next_row(csv_reader *r, const char *name, size_t nfields,
                    csv_record *rec, serai_err *err)
{
    serai_err e;
    int got = csv_next(r, rec, &e);
    if (got < 0) {
        serai_fail(err, SERAI_EINVAL, NULL, "%s %s", name, e.detail);
        return -1;
    }
    if (got > 0 && rec->count != nfields) {
        serai_fail(err, SERAI_EINVAL, NULL,
                   "%s line %ld: %zu field%s, the header has %zu", name,
                   rec->line, rec->count, rec->count == 1 ? "" : "s", nfields);
        return -1;
    }
    return got;
}

static serai_code bad_amount(serai_err *err, const char *name, long line,
                             const char *what, const char *s)
{
    const char *why = "is not a whole number of minor units";
    if (*s == '-')
        why = "is negative";
    else if (*s >= '0' && *s <= '9' && strspn(s, "0123456789") == strlen(s))
        why = "does not fit in 64 bits";
    return serai_fail(err, SERAI_EINVAL, NULL, "%s line %ld: %s \"%.40s\" %s",
                      name, line, what, s, why);
}

/* ---- the files ------------------------------------------------------------- */

void select_files_init(select_files *f)
{
    memset(f, 0, sizeof *f);
    f->funder_map = idmap_new();
    f->proposal_map = idmap_new();
}

void select_files_free(select_files *f)
{
    for (int32_t i = 0; i < f->in.nfunders; i++)
        free(f->funder_ids[i]);
    for (int32_t i = 0; i < f->in.nproposals; i++)
        free(f->proposal_ids[i]);
    free(f->funder_ids);
    free(f->proposal_ids);
    free(f->funders);
    free(f->proposals);
    free(f->requests);
    free(f->funder_line);
    free(f->proposal_line);
    free(f->request_line);
    free(f->tie_mark);
    free(f->order_given);
    idmap_free(f->funder_map);
    idmap_free(f->proposal_map);
    memset(f, 0, sizeof *f);
}

serai_code select_files_budgets(select_files *f, const char *name,
                                const char *text, size_t len, serai_err *err)
{
    static const char *const want[] = {"funder", "currency", "budget",
                                       "flex_percent"};
    int pos[4];
    size_t nfields = 0;
    csv_reader r;
    csv_record rec;
    csv_open(&r, text, len);
    f->budgets_name = name;
    serai_code rc = read_header(&r, name, want, pos, 4, 3, &nfields, err);
    int got;
    while (rc == SERAI_OK && (got = next_row(&r, name, nfields, &rec, err)) != 0) {
        if (got < 0) {
            rc = SERAI_EINVAL;
            break;
        }
        const char *id = rec.fields[pos[0]], *cur = rec.fields[pos[1]],
                   *bud = rec.fields[pos[2]];
        const char *flex = pos[3] >= 0 ? rec.fields[pos[3]] : "";
        if (!*id) {
            rc = serai_fail(err, SERAI_EINVAL, NULL, "%s line %ld: empty funder",
                            name, rec.line);
            break;
        }
        uint64_t h = id_hash(id);
        int32_t seen = idmap_get(f->funder_map, f->funder_ids, id, h);
        if (seen >= 0) {
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s line %ld: funder \"%.60s\" again (first on "
                            "line %ld)",
                            name, rec.line, id, f->funder_line[seen]);
            break;
        }
        if (strlen(cur) != 3 || iso_currency_by_code(cur) == NULL) {
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s line %ld: currency \"%.20s\" is not an ISO "
                            "4217 code",
                            name, rec.line, cur);
            break;
        }
        int64_t budget;
        if (!select_parse_amount(bud, &budget)) {
            rc = bad_amount(err, name, rec.line, "budget", bud);
            break;
        }
        int32_t flex_bp = 0;
        if (*flex && !select_parse_percent(flex, 10000, &flex_bp)) {
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s line %ld: flex_percent \"%.20s\" is not a "
                            "percentage from 0 to 100 with at most two "
                            "decimals",
                            name, rec.line, flex);
            break;
        }
        if (f->in.nfunders == SELECT_MAX_FUNDERS) {
            rc = serai_fail(err, SERAI_ETOOLARGE, NULL,
                            "%s line %ld: more than %d funders", name, rec.line,
                            SELECT_MAX_FUNDERS);
            break;
        }
        if (f->in.nfunders == f->funder_cap) {
            f->funder_cap = f->funder_cap ? 2 * f->funder_cap : 64;
            size_t c = (size_t)f->funder_cap;
            f->funders = xreallocarray(f->funders, c, sizeof *f->funders);
            f->funder_ids = xreallocarray(f->funder_ids, c, sizeof *f->funder_ids);
            f->funder_line = xreallocarray(f->funder_line, c,
                                           sizeof *f->funder_line);
        }
        int32_t i = f->in.nfunders++;
        f->funder_ids[i] = xstrdup(id);
        f->funder_line[i] = rec.line;
        select_funder *sf = &f->funders[i];
        memset(sf, 0, sizeof *sf);
        memcpy(sf->currency, cur, 4);
        sf->budget = budget;
        sf->flex_bp = flex_bp;
        idmap_put(f->funder_map, i, h);
    }
    csv_close(&r);
    if (rc == SERAI_OK && f->in.nfunders == 0)
        rc = serai_fail(err, SERAI_EINVAL, NULL, "%s has no funders", name);
    for (int32_t i = 0; i < f->in.nfunders; i++)
        f->funders[i].id = f->funder_ids[i];
    f->in.funders = f->funders;
    return rc;
}

/* One proposal row: the proposal's index, new or checked against its
 * earlier rows. */
static serai_code proposal_row(select_files *f, const char *name, long line,
                               const char *id, int32_t rank, int32_t score,
                               int tie, bool has_order, int32_t tie_order,
                               int32_t *out, serai_err *err)
{
    uint64_t h = id_hash(id);
    int32_t p = idmap_get(f->proposal_map, f->proposal_ids, id, h);
    if (p < 0) {
        if (f->in.nproposals == SELECT_MAX_PROPOSALS)
            return serai_fail(err, SERAI_ETOOLARGE, NULL,
                              "%s line %ld: more than %d proposals", name, line,
                              SELECT_MAX_PROPOSALS);
        if (f->in.nproposals == f->proposal_cap) {
            f->proposal_cap = f->proposal_cap ? 2 * f->proposal_cap : 1024;
            size_t c = (size_t)f->proposal_cap;
            f->proposals = xreallocarray(f->proposals, c, sizeof *f->proposals);
            f->proposal_ids = xreallocarray(f->proposal_ids, c,
                                            sizeof *f->proposal_ids);
            f->proposal_line = xreallocarray(f->proposal_line, c,
                                             sizeof *f->proposal_line);
            f->tie_mark = xreallocarray(f->tie_mark, c, sizeof *f->tie_mark);
            f->order_given = xreallocarray(f->order_given, c,
                                           sizeof *f->order_given);
        }
        p = f->in.nproposals++;
        f->proposal_ids[p] = xstrdup(id);
        f->proposal_line[p] = line;
        f->tie_mark[p] = tie == 1;
        f->order_given[p] = has_order;
        f->proposals[p] = (select_proposal){
            .rank = rank, .score = score,
            .tie_order = has_order ? tie_order : p};
        idmap_put(f->proposal_map, p, h);
        *out = p;
        return SERAI_OK;
    }
    select_proposal *sp = &f->proposals[p];
    long first = f->proposal_line[p];
    if (sp->rank != rank)
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "%s line %ld: proposal \"%.60s\" has rank %d here "
                          "but rank %d on line %ld",
                          name, line, id, rank, sp->rank, first);
    if (sp->score != score) {
        char a[32], b[32];
        assign_format_score(score, a, sizeof a);
        assign_format_score(sp->score, b, sizeof b);
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "%s line %ld: proposal \"%.60s\" has score %s here "
                          "but score %s on line %ld",
                          name, line, id, a, b, first);
    }
    if (has_order && f->order_given[p] && sp->tie_order != tie_order)
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "%s line %ld: proposal \"%.60s\" has tie_order %d "
                          "here but %d on an earlier row (its first is line "
                          "%ld)",
                          name, line, id, tie_order, sp->tie_order, first);
    if (has_order) {
        sp->tie_order = tie_order;
        f->order_given[p] = true;
    }
    if (tie == 1)
        f->tie_mark[p] = true;
    *out = p;
    return SERAI_OK;
}

/* Refuse a (proposal, funder) pair given twice, naming both lines. */
static serai_code check_pairs(select_files *f, serai_err *err)
{
    int32_t P = f->in.nproposals, F = f->in.nfunders;
    int64_t R = f->in.nrequests;
    int64_t *beg = xcalloc((size_t)P + 2, sizeof *beg);
    for (int64_t i = 0; i < R; i++)
        beg[f->requests[i].proposal + 1]++;
    for (int32_t p = 0; p < P; p++)
        beg[p + 1] += beg[p];
    int64_t *by = xmalloc(((size_t)R + 1) * sizeof *by);
    int64_t *fill = xmalloc(((size_t)P + 1) * sizeof *fill);
    memcpy(fill, beg, ((size_t)P + 1) * sizeof *fill);
    for (int64_t i = 0; i < R; i++)
        by[fill[f->requests[i].proposal]++] = i;
    int32_t *owner = xmalloc(((size_t)F + 1) * sizeof *owner);
    int64_t *at = xmalloc(((size_t)F + 1) * sizeof *at);
    for (int32_t i = 0; i < F; i++)
        owner[i] = -1;
    serai_code rc = SERAI_OK;
    for (int32_t p = 0; p < P && rc == SERAI_OK; p++)
        for (int64_t j = beg[p]; j < beg[p + 1]; j++) {
            int64_t i = by[j];
            int32_t fu = f->requests[i].funder;
            if (owner[fu] == p) {
                rc = serai_fail(err, SERAI_EINVAL, NULL,
                                "%s line %ld: proposal \"%.60s\" asks funder "
                                "\"%.60s\" again (first on line %ld)",
                                f->proposals_name, f->request_line[i],
                                f->proposal_ids[p], f->funder_ids[fu],
                                f->request_line[at[fu]]);
                break;
            }
            owner[fu] = p;
            at[fu] = i;
        }
    free(beg);
    free(by);
    free(fill);
    free(owner);
    free(at);
    return rc;
}

static const select_files *rank_sort_files;

static int rank_cmp(const void *a, const void *b)
{
    const select_files *f = rank_sort_files;
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    int32_t rx = f->proposals[x].rank, ry = f->proposals[y].rank;
    if (rx != ry)
        return rx < ry ? -1 : 1;
    return (x > y) - (x < y);
}

/* Equal ranks need the tie mark on both proposals. */
static serai_code check_ties(select_files *f, serai_err *err)
{
    int32_t P = f->in.nproposals;
    int32_t *idx = xmalloc(((size_t)P + 1) * sizeof *idx);
    for (int32_t p = 0; p < P; p++)
        idx[p] = p;
    rank_sort_files = f;
    qsort(idx, (size_t)P, sizeof *idx, rank_cmp);
    rank_sort_files = NULL;
    serai_code rc = SERAI_OK;
    for (int32_t k = 1; k < P; k++) {
        int32_t a = idx[k - 1], b = idx[k];
        if (f->proposals[a].rank != f->proposals[b].rank)
            continue;
        if (f->tie_mark[a] && f->tie_mark[b])
            continue;
        rc = serai_fail(err, SERAI_EINVAL, NULL,
                        "%s line %ld: proposal \"%.60s\" has rank %d like "
                        "proposal \"%.60s\" on line %ld, and %s a tie mark",
                        f->proposals_name, f->proposal_line[b],
                        f->proposal_ids[b], f->proposals[b].rank,
                        f->proposal_ids[a], f->proposal_line[a],
                        f->tie_mark[a] || f->tie_mark[b] ? "only one has"
                                                          : "neither has");
        break;
    }
    free(idx);
    return rc;
}

serai_code select_files_proposals(select_files *f, const char *name,
                                  const char *text, size_t len, serai_err *err)
{
    static const char *const want[] = {"proposal", "rank",   "score", "funder",
                                       "amount",   "tie",    "tie_order"};
    int pos[7];
    size_t nfields = 0;
    csv_reader r;
    csv_record rec;
    csv_open(&r, text, len);
    f->proposals_name = name;
    const char *bname = f->budgets_name ? f->budgets_name : "the budgets";
    serai_code rc = read_header(&r, name, want, pos, 7, 5, &nfields, err);
    int got;
    while (rc == SERAI_OK && (got = next_row(&r, name, nfields, &rec, err)) != 0) {
        if (got < 0) {
            rc = SERAI_EINVAL;
            break;
        }
        const char *pid = rec.fields[pos[0]], *rk = rec.fields[pos[1]],
                   *sc = rec.fields[pos[2]], *fid = rec.fields[pos[3]],
                   *am = rec.fields[pos[4]];
        const char *tie = pos[5] >= 0 ? rec.fields[pos[5]] : "";
        const char *tord = pos[6] >= 0 ? rec.fields[pos[6]] : "";
        if (!*pid || !*fid) {
            rc = serai_fail(err, SERAI_EINVAL, NULL, "%s line %ld: empty %s",
                            name, rec.line, *pid ? "funder" : "proposal");
            break;
        }
        int32_t fu = idmap_get(f->funder_map, f->funder_ids, fid, id_hash(fid));
        if (fu < 0) {
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s line %ld: funder \"%.60s\" is not in %s", name,
                            rec.line, fid, bname);
            break;
        }
        int32_t rank, score, order = 0;
        bool rounded;
        if (!parse_int(rk, 1, INT32_MAX, &rank)) {
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s line %ld: rank \"%.40s\" is not a whole number "
                            "from 1",
                            name, rec.line, rk);
            break;
        }
        if (!assign_parse_score(sc, &score, &rounded)) {
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s line %ld: score \"%.40s\" is not a number from "
                            "-1000000 to 1000000",
                            name, rec.line, sc);
            break;
        }
        int64_t amount;
        if (!select_parse_amount(am, &amount)) {
            rc = bad_amount(err, name, rec.line, "amount", am);
            break;
        }
        int mark = tie_mark(tie);
        if (mark < 0) {
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s line %ld: tie \"%.20s\" is not a tie mark "
                            "(\"=\" or \"tie\"; empty for none)",
                            name, rec.line, tie);
            break;
        }
        if (*tord && !parse_int(tord, INT32_MIN, INT32_MAX, &order)) {
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s line %ld: tie_order \"%.40s\" is not a whole "
                            "number",
                            name, rec.line, tord);
            break;
        }
        int32_t p = -1;
        rc = proposal_row(f, name, rec.line, pid, rank, score, mark, *tord != '\0',
                          order, &p, err);
        if (rc != SERAI_OK)
            break;
        if (f->in.nrequests == (int64_t)LIMIT_IMPORT_ROWS * 10) {
            rc = serai_fail(err, SERAI_ETOOLARGE, NULL,
                            "%s line %ld: more than %lld rows", name, rec.line,
                            (long long)LIMIT_IMPORT_ROWS * 10);
            break;
        }
        if (f->in.nrequests == f->request_cap) {
            f->request_cap = f->request_cap ? 2 * f->request_cap : 4096;
            size_t c = (size_t)f->request_cap;
            f->requests = xreallocarray(f->requests, c, sizeof *f->requests);
            f->request_line = xreallocarray(f->request_line, c,
                                            sizeof *f->request_line);
        }
        int64_t i = f->in.nrequests++;
        f->requests[i] = (select_request){p, fu, amount};
        f->request_line[i] = rec.line;
    }
    csv_close(&r);
    if (rc == SERAI_OK && f->in.nrequests == 0)
        rc = serai_fail(err, SERAI_EINVAL, NULL, "%s has no proposals", name);
    for (int32_t p = 0; p < f->in.nproposals; p++)
        f->proposals[p].id = f->proposal_ids[p];
    f->in.proposals = f->proposals;
    f->in.requests = f->requests;
    if (rc == SERAI_OK)
        rc = check_pairs(f, err);
    if (rc == SERAI_OK)
        rc = check_ties(f, err);
    return rc;
}

serai_code select_files_prepare(select_files *f, select_mode mode,
                                const char *currency, int64_t central,
                                int32_t gap_share_bp, serai_err *err)
{
    select_input *in = &f->in;
    in->mode = mode;
    in->gap_share_bp = gap_share_bp;
    in->reserve_max = -1;
    memset(in->central_currency, 0, sizeof in->central_currency);
    if (mode == SELECT_VCP)
        return SERAI_OK;
    const char *bname = f->budgets_name ? f->budgets_name : "the budgets";
    bool given = currency && *currency;
    if (given && (strlen(currency) != 3 || iso_currency_by_code(currency) == NULL))
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "currency \"%.20s\" is not an ISO 4217 code", currency);
    const char *cur = given ? currency : in->nfunders ? in->funders[0].currency : "";
    memcpy(in->central_currency, cur, strlen(cur) < 4 ? strlen(cur) : 3);
    int64_t sum = 0;
    for (int32_t i = 0; i < in->nfunders; i++) {
        const select_funder *sf = &in->funders[i];
        if (strcmp(sf->currency, in->central_currency) != 0)
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: funder \"%.60s\" budgets in %s, but "
                              "%s mode pays from one pot in %s",
                              bname, f->funder_line[i], sf->id, sf->currency,
                              select_mode_name(mode), in->central_currency);
        if (__builtin_add_overflow(sum, sf->budget, &sum))
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s: the sum of the budgets overflows", bname);
    }
    in->central = central >= 0 ? central : sum;
    return SERAI_OK;
}

/* ---- explanations ---------------------------------------------------------- */

const char *select_mode_name(select_mode mode)
{
    switch (mode) {
    case SELECT_VCP:
        return "vcp";
    case SELECT_RCP:
        return "rcp";
    case SELECT_MIXED:
        return "mixed";
    }
    return "?";
}

const char *select_outcome_name(select_outcome outcome)
{
    switch (outcome) {
    case SELECT_FUNDED:
        return "funded";
    case SELECT_RESERVE:
        return "reserve";
    case SELECT_NOT_FUNDED:
        return "not_funded";
    }
    return "?";
}

static void put_money(buf *b, int64_t amount, const char *currency)
{
    char t[MONEY_TEXT_MAX];
    if (money_format(amount, currency, t))
        buf_puts(b, t);
    else
        buf_printf(b, "%" PRId64, amount);
}

static void reason_of(const select_files *f, const select_result *r, int32_t p,
                      int32_t group_funded, int32_t group_size, buf *b)
{
    const select_input *in = &f->in;
    const select_decision *d = &r->proposals[p];
    const char *pot = in->mode == SELECT_MIXED ? "gap pot" : "central pot";
    if (d->outcome == SELECT_FUNDED) {
        buf_puts(b, "funded");
        if (in->mode == SELECT_MIXED && d->central_used > 0) {
            buf_puts(b, "; ");
            put_money(b, d->central_used, in->central_currency);
            buf_printf(b, " %s from the gap pot", in->central_currency);
        }
    } else {
        buf_puts(b, "skipped: ");
        for (int32_t k = 0; k < d->nshort; k++) {
            const select_shortfall *s = &d->shortfalls[k];
            const char *cur = s->funder >= 0 ? in->funders[s->funder].currency
                                             : in->central_currency;
            if (k)
                buf_puts(b, "; ");
            buf_puts(b, s->funder >= 0 ? in->funders[s->funder].id : pot);
            buf_puts(b, " short by ");
            put_money(b, s->needed == INT64_MAX ? INT64_MAX
                                                : s->needed - s->available, cur);
            buf_printf(b, " %s (needs ", cur);
            put_money(b, s->needed, cur);
            buf_puts(b, ", has ");
            put_money(b, s->available, cur);
            buf_puts(b, ")");
        }
    }
    if (d->tie)
        buf_printf(b, "; tie at rank %d: %d of %d funded", in->proposals[p].rank,
                   group_funded, group_size);
}

char *select_files_reasons(const select_files *f, const select_result *r,
                           size_t **at)
{
    int32_t P = f->in.nproposals;
    /* Tie groups are consecutive in the order of consideration. */
    int32_t *by_order = xmalloc(((size_t)P + 1) * sizeof *by_order);
    for (int32_t p = 0; p < P; p++)
        by_order[r->proposals[p].order] = p;
    int32_t *gfunded = xcalloc((size_t)P + 1, sizeof *gfunded);
    int32_t *gsize = xcalloc((size_t)P + 1, sizeof *gsize);
    for (int32_t i = 0; i < P;) {
        int32_t rank = f->in.proposals[by_order[i]].rank, j = i, nf = 0;
        for (; j < P && f->in.proposals[by_order[j]].rank == rank; j++)
            nf += r->proposals[by_order[j]].outcome == SELECT_FUNDED;
        for (int32_t k = i; k < j; k++) {
            gfunded[by_order[k]] = nf;
            gsize[by_order[k]] = j - i;
        }
        i = j;
    }
    buf b;
    buf_init(&b, SIZE_MAX / 2);
    buf_reserve(&b, (size_t)P * 24 + 16);
    *at = xmalloc(((size_t)P + 1) * sizeof **at);
    for (int32_t p = 0; p < P; p++) {
        (*at)[p] = b.len;
        reason_of(f, r, p, gfunded[p], gsize[p], &b);
        buf_append(&b, "", 1);
    }
    free(by_order);
    free(gfunded);
    free(gsize);
    size_t len;
    return buf_take(&b, &len);
}
