/*
 * assign_files.c -- the CSV files of `serai assign` (see assign.h): the
 * scores, conflicts and countries read into an assign_input, and the
 * assignment written back; scores as exact decimals.
 *
 * Ids are interned in a hash table (open addressing, FNV-1a); scores files
 * usually list one proposal's candidates together, so the last proposal
 * is remembered and most rows need one lookup, not two.
 */
#include "review/assign.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/mem.h"
#include "registry/iso.h"

/* ---- scores as decimal text ------------------------------------------- */

bool assign_parse_score(const char *s, int32_t *out, bool *rounded)
{
    bool neg = false;
    *rounded = false;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    /* The significant digits, without leading zeros, and where the
     * decimal point sits among them. */
    char digits[64];
    int nd = 0;       /* kept digits */
    int64_t point = 0;/* digits before the decimal point (after leading
                         zeros), may go negative through the exponent */
    bool any = false, dot = false, dropped_nonzero = false;
    int dropped_first = -1; /* first digit beyond what digits[] holds */
    for (;; s++) {
        if (*s >= '0' && *s <= '9') {
            any = true;
            if (nd == 0 && *s == '0') {
                if (dot)
                    point--;
                continue;
            }
            if (nd < (int)sizeof digits) {
                digits[nd++] = *s;
            } else {
                if (dropped_first < 0)
                    dropped_first = *s - '0';
                else if (*s != '0')
                    dropped_nonzero = true;
            }
            if (!dot)
                point++;
        } else if (*s == '.' && !dot) {
            dot = true;
        } else {
            break;
        }
    }
    if (!any)
        return false;
    if (*s == 'e' || *s == 'E') {
        s++;
        bool eneg = false;
        if (*s == '+' || *s == '-')
            eneg = *s++ == '-';
        if (*s < '0' || *s > '9')
            return false;
        int64_t e = 0;
        for (; *s >= '0' && *s <= '9'; s++)
            if (e < 100000)
                e = e * 10 + (*s - '0');
        point += eneg ? -e : e;
    }
    if (*s != '\0')
        return false;
    /* value = 0.d1d2d3... x 10^point; thousandths: the digits before
     * position point + 3, rounded on the next one. */
    int64_t keep = point + 3;
    if (nd == 0) {
        *out = 0;
        return true;
    }
    if (keep > 10) /* at least 10^10 thousandths: beyond any limit */
        return false;
    int64_t v = 0;
    for (int64_t i = 0; i < keep; i++)
        v = v * 10 + (i < nd ? digits[i] - '0' : 0);
    int next = keep >= 0 && keep < nd   ? digits[keep] - '0'
               : keep >= 0 && keep == nd ? (dropped_first < 0 ? 0 : dropped_first)
                                          : 0;
    bool rest = false;
    for (int64_t i = keep < 0 ? 0 : keep; i < nd; i++)
        if (digits[i] != '0')
            rest = true;
    if (dropped_first > 0 || dropped_nonzero)
        rest = true;
    if (keep < 0)
        next = 0; /* below half a thousandth */
    if (rest) {
        *rounded = true;
        if (next >= 5)
            v++;
    }
    if (v > ASSIGN_MAX_SCORE)
        return false;
    *out = (int32_t)(neg ? -v : v);
    return true;
}

void assign_format_score(int64_t thousandths, char *dst, size_t cap)
{
    int64_t a = thousandths < 0 ? -thousandths : thousandths;
    int64_t whole = a / 1000, frac = a % 1000;
    const char *sign = thousandths < 0 ? "-" : "";
    if (frac == 0)
        snprintf(dst, cap, "%s%" PRId64, sign, whole);
    else if (frac % 100 == 0)
        snprintf(dst, cap, "%s%" PRId64 ".%" PRId64, sign, whole, frac / 100);
    else if (frac % 10 == 0)
        snprintf(dst, cap, "%s%" PRId64 ".%02" PRId64, sign, whole, frac / 10);
    else
        snprintf(dst, cap, "%s%" PRId64 ".%03" PRId64, sign, whole, frac);
}

/* ---- ids ------------------------------------------------------------------ */

typedef struct assign_idmap {
    int32_t *slot;   /* index + 1, 0 = empty */
    uint64_t *hash;  /* of each slot's key */
    size_t mask;
    int32_t count;
} assign_idmap;

static uint64_t id_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static assign_idmap *idmap_new(void)
{
    assign_idmap *m = xcalloc(1, sizeof *m);
    m->mask = 1023;
    m->slot = xcalloc(m->mask + 1, sizeof *m->slot);
    m->hash = xcalloc(m->mask + 1, sizeof *m->hash);
    return m;
}

static void idmap_free(assign_idmap *m)
{
    if (m) {
        free(m->slot);
        free(m->hash);
        free(m);
    }
}

static void idmap_grow(assign_idmap *m)
{
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

/* The index of id (names[] holds the strings), or -1. */
static int32_t idmap_find(const assign_idmap *m, char *const *names,
                          const char *id, size_t n, uint64_t h)
{
    for (size_t j = h & m->mask;; j = (j + 1) & m->mask) {
        int32_t v = m->slot[j];
        if (!v)
            return -1;
        if (m->hash[j] == h && strncmp(names[v - 1], id, n) == 0 &&
            names[v - 1][n] == '\0')
            return v - 1;
    }
}

static void idmap_insert(assign_idmap *m, int32_t index, uint64_t h)
{
    if ((size_t)(m->count + 1) * 2 > m->mask + 1)
        idmap_grow(m);
    size_t j = h & m->mask;
    while (m->slot[j])
        j = (j + 1) & m->mask;
    m->slot[j] = index + 1;
    m->hash[j] = h;
    m->count++;
}

/* The index of id in map/names, adding it if new (names grows). */
static int32_t intern(assign_idmap *m, char ***names, int32_t *count,
                      int32_t *cap, const char *id)
{
    size_t n = strlen(id);
    uint64_t h = id_hash(id, n);
    int32_t i = idmap_find(m, *names, id, n, h);
    if (i >= 0)
        return i;
    if (*count == *cap) {
        *cap = *cap ? 2 * *cap : 1024;
        *names = xreallocarray(*names, (size_t)*cap, sizeof **names);
    }
    (*names)[*count] = xstrndup(id, n);
    idmap_insert(m, *count, h);
    return (*count)++;
}

static int32_t lookup(const assign_idmap *m, char *const *names, const char *id)
{
    size_t n = strlen(id);
    return idmap_find(m, names, id, n, id_hash(id, n));
}

/* ---- headers ---------------------------------------------------------- */

/* Column positions of want[] in the header record (-1 when missing);
 * unknown columns are an error unless extra_ok. */
static serai_code read_header(csv_reader *r, const char *name,
                              const char *const want[], int pos[], int nwant,
                              bool extra_ok, size_t *nfields, serai_err *err)
{
    csv_record rec;
    serai_err e;
    int got = csv_next(r, &rec, &e);
    if (got < 0)
        return serai_fail(err, SERAI_EINVAL, NULL, "%s: %s", name, e.detail);
    if (got == 0)
        return serai_fail(err, SERAI_EINVAL, NULL, "%s is empty", name);
    char cols[160] = "";
    for (int w = 0; w < nwant; w++) {
        pos[w] = -1;
        size_t len = strlen(cols);
        snprintf(cols + len, sizeof cols - len, "%s%s", w ? "," : "", want[w]);
    }
    for (size_t i = 0; i < rec.count; i++) {
        int hit = -1;
        for (int w = 0; w < nwant; w++)
            if (strcmp(rec.fields[i], want[w]) == 0)
                hit = w;
        if (hit < 0) {
            if (extra_ok)
                continue;
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: unknown column \"%.60s\"; the "
                              "header must be %s",
                              name, rec.line, rec.fields[i], cols);
        }
        if (pos[hit] >= 0)
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: column \"%s\" appears twice", name,
                              rec.line, want[hit]);
        pos[hit] = (int)i;
    }
    for (int w = 0; w < nwant; w++)
        if (pos[w] < 0)
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: no column \"%s\"; the header must "
                              "be %s%s",
                              name, rec.line, want[w], cols,
                              extra_ok ? " (other columns are ignored)" : "");
    *nfields = rec.count;
    return SERAI_OK;
}

static serai_code row_error(serai_err *err, const char *name, const csv_record *rec,
                            size_t nfields)
{
    return serai_fail(err, SERAI_EINVAL, NULL,
                      "%s line %ld: %zu field%s, the header has %zu", name,
                      rec->line, rec->count, rec->count == 1 ? "" : "s",
                      nfields);
}

/* ---- the files -------------------------------------------------------- */

void assign_files_init(assign_files *f)
{
    memset(f, 0, sizeof *f);
    f->props = idmap_new();
    f->revs = idmap_new();
}

void assign_files_free(assign_files *f)
{
    for (int32_t i = 0; i < f->in.nproposals; i++)
        free(f->proposal_ids[i]);
    for (int32_t i = 0; i < f->in.nreviewers; i++)
        free(f->reviewer_ids[i]);
    free(f->proposal_ids);
    free(f->reviewer_ids);
    free(f->proposal);
    free(f->reviewer);
    free(f->score);
    free(f->conflict);
    free(f->country);
    free(f->line);
    free(f->cprop_rev);
    free(f->cline);
    idmap_free(f->props);
    idmap_free(f->revs);
    memset(f, 0, sizeof *f);
}

serai_code assign_files_scores(assign_files *f, const char *name,
                               const char *text, size_t len, serai_err *err)
{
    static const char *const want[] = {"proposal", "reviewer", "score"};
    int pos[3];
    size_t nfields = 0;
    csv_reader r;
    csv_record rec;
    serai_err e;
    csv_open(&r, text, len);
    serai_code rc = read_header(&r, name, want, pos, 3, false, &nfields, err);
    f->scores_name = name;
    int32_t last_prop = -1;
    char *last_prop_id = NULL;
    int got;
    while (rc == SERAI_OK && (got = csv_next(&r, &rec, &e)) != 0) {
        if (got < 0) {
            rc = serai_fail(err, SERAI_EINVAL, NULL, "%s: %s", name, e.detail);
            break;
        }
        if (rec.count != nfields) {
            rc = row_error(err, name, &rec, nfields);
            break;
        }
        const char *pid = rec.fields[pos[0]], *rid = rec.fields[pos[1]],
                   *sc = rec.fields[pos[2]];
        if (!*pid || !*rid) {
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s line %ld: empty %s id", name, rec.line,
                            *pid ? "reviewer" : "proposal");
            break;
        }
        int32_t score;
        bool rounded;
        if (!assign_parse_score(sc, &score, &rounded)) {
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s line %ld: score \"%.40s\" is not a number "
                            "from -1000000 to 1000000",
                            name, rec.line, sc);
            break;
        }
        f->rounded += rounded;
        if (f->in.npairs == ASSIGN_MAX_PAIRS) {
            rc = serai_fail(err, SERAI_ETOOLARGE, NULL,
                            "%s line %ld: more than %d scored pairs", name,
                            rec.line, ASSIGN_MAX_PAIRS);
            break;
        }
        int32_t p;
        if (last_prop_id && strcmp(last_prop_id, pid) == 0) {
            p = last_prop;
        } else {
            p = intern(f->props, &f->proposal_ids, &f->in.nproposals,
                       &f->prop_cap, pid);
            last_prop = p;
            last_prop_id = f->proposal_ids[p];
        }
        int32_t rv = intern(f->revs, &f->reviewer_ids, &f->in.nreviewers,
                            &f->rev_cap, rid);
        if (f->in.nproposals > ASSIGN_MAX_NODES ||
            f->in.nreviewers > ASSIGN_MAX_NODES) {
            rc = serai_fail(err, SERAI_ETOOLARGE, NULL,
                            "%s line %ld: more than %d proposals or reviewers",
                            name, rec.line, ASSIGN_MAX_NODES);
            break;
        }
        if (f->in.npairs == f->pair_cap) {
            f->pair_cap = f->pair_cap ? 2 * f->pair_cap : 65536;
            size_t c = (size_t)f->pair_cap;
            f->proposal = xreallocarray(f->proposal, c, sizeof *f->proposal);
            f->reviewer = xreallocarray(f->reviewer, c, sizeof *f->reviewer);
            f->score = xreallocarray(f->score, c, sizeof *f->score);
            f->line = xreallocarray(f->line, c, sizeof *f->line);
        }
        int64_t i = f->in.npairs++;
        f->proposal[i] = p;
        f->reviewer[i] = rv;
        f->score[i] = score;
        f->line[i] = rec.line;
    }
    csv_close(&r);
    if (rc == SERAI_OK && f->in.npairs == 0)
        rc = serai_fail(err, SERAI_EINVAL, NULL, "%s has no scored pairs",
                        name);
    f->in.proposal = f->proposal;
    f->in.reviewer = f->reviewer;
    f->in.score = f->score;
    f->in.proposal_name = (const char *const *)f->proposal_ids;
    f->in.reviewer_name = (const char *const *)f->reviewer_ids;
    return rc;
}

serai_code assign_files_conflicts(assign_files *f, const char *name,
                                  const char *text, size_t len, serai_err *err)
{
    static const char *const want[] = {"proposal", "reviewer"};
    int pos[2];
    size_t nfields = 0;
    csv_reader r;
    csv_record rec;
    serai_err e;
    csv_open(&r, text, len);
    serai_code rc = read_header(&r, name, want, pos, 2, false, &nfields, err);
    f->conflicts_name = name;
    int got;
    while (rc == SERAI_OK && (got = csv_next(&r, &rec, &e)) != 0) {
        if (got < 0) {
            rc = serai_fail(err, SERAI_EINVAL, NULL, "%s: %s", name, e.detail);
            break;
        }
        if (rec.count != nfields) {
            rc = row_error(err, name, &rec, nfields);
            break;
        }
        const char *pid = rec.fields[pos[0]], *rid = rec.fields[pos[1]];
        int32_t p = lookup(f->props, f->proposal_ids, pid);
        int32_t rv = lookup(f->revs, f->reviewer_ids, rid);
        if (p < 0 || rv < 0) {
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s line %ld: unknown %s \"%.60s\" (not in %s)",
                            name, rec.line, p < 0 ? "proposal" : "reviewer",
                            p < 0 ? pid : rid,
                            f->scores_name ? f->scores_name : "the scores");
            break;
        }
        if (f->ncconf == LIMIT_IMPORT_ROWS * 50LL) {
            rc = serai_fail(err, SERAI_ETOOLARGE, NULL,
                            "%s line %ld: too many conflicts", name, rec.line);
            break;
        }
        if (f->ncconf == f->cconf_cap) {
            f->cconf_cap = f->cconf_cap ? 2 * f->cconf_cap : 4096;
            f->cprop_rev = xreallocarray(f->cprop_rev, (size_t)f->cconf_cap,
                                         sizeof *f->cprop_rev);
            f->cline = xreallocarray(f->cline, (size_t)f->cconf_cap,
                                     sizeof *f->cline);
        }
        f->cprop_rev[f->ncconf] = (int64_t)p << 32 | (uint32_t)rv;
        f->cline[f->ncconf++] = rec.line;
    }
    csv_close(&r);
    f->conflict_lines = f->ncconf;
    return rc;
}

serai_code assign_files_countries(assign_files *f, const char *name,
                                  const char *text, size_t len, serai_err *err)
{
    static const char *const want[] = {"reviewer", "country"};
    int pos[2];
    size_t nfields = 0;
    csv_reader r;
    csv_record rec;
    serai_err e;
    int32_t R = f->in.nreviewers;
    free(f->country);
    f->country = xmalloc(((size_t)R + 1) * sizeof *f->country);
    int64_t *seen_line = xcalloc((size_t)R + 1, sizeof *seen_line);
    for (int32_t i = 0; i < R; i++)
        f->country[i] = -1;
    csv_open(&r, text, len);
    serai_code rc = read_header(&r, name, want, pos, 2, true, &nfields, err);
    int got;
    while (rc == SERAI_OK && (got = csv_next(&r, &rec, &e)) != 0) {
        if (got < 0) {
            rc = serai_fail(err, SERAI_EINVAL, NULL, "%s: %s", name, e.detail);
            break;
        }
        if (rec.count != nfields) {
            rc = row_error(err, name, &rec, nfields);
            break;
        }
        const char *rid = rec.fields[pos[0]], *cc = rec.fields[pos[1]];
        int32_t rv = lookup(f->revs, f->reviewer_ids, rid);
        if (rv < 0)
            continue; /* not a candidate anywhere: nothing to limit */
        if (seen_line[rv]) {
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s line %ld: reviewer \"%.60s\" again (first on "
                            "line %" PRId64 ")",
                            name, rec.line, rid, seen_line[rv]);
            break;
        }
        const iso_country *c = iso_country_by_alpha2(cc);
        if (c == NULL) {
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s line %ld: country \"%.20s\" is not an ISO "
                            "3166-1 alpha-2 code",
                            name, rec.line, cc);
            break;
        }
        seen_line[rv] = rec.line;
        f->country[rv] = (int32_t)(c - iso_countries);
    }
    csv_close(&r);
    for (int32_t i = 0; i < R && rc == SERAI_OK; i++)
        if (f->country[i] < 0) {
            int64_t first = 0;
            for (int64_t j = 0; j < f->in.npairs && !first; j++)
                if (f->reviewer[j] == i)
                    first = f->line[j];
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s: reviewer \"%.60s\" (%s line %" PRId64 ") has "
                            "no country",
                            name, f->reviewer_ids[i],
                            f->scores_name ? f->scores_name : "scores", first);
        }
    free(seen_line);
    f->in.country = f->country;
    return rc;
}

serai_code assign_files_finish(assign_files *f, serai_err *err)
{
    int32_t P = f->in.nproposals, R = f->in.nreviewers;
    int64_t n = f->in.npairs;
    /* Pairs by proposal, file order within. */
    int64_t *pbeg = xcalloc((size_t)P + 2, sizeof *pbeg);
    for (int64_t i = 0; i < n; i++)
        pbeg[f->proposal[i] + 1]++;
    for (int32_t p = 0; p < P; p++)
        pbeg[p + 1] += pbeg[p];
    int64_t *order = xmalloc((size_t)(n ? n : 1) * sizeof *order);
    {
        int64_t *fill = xmalloc(((size_t)P + 1) * sizeof *fill);
        memcpy(fill, pbeg, ((size_t)P + 1) * sizeof *fill);
        for (int64_t i = 0; i < n; i++)
            order[fill[f->proposal[i]]++] = i;
        free(fill);
    }
    /* Conflicts by proposal. */
    int64_t nc = f->ncconf;
    int64_t *cbeg = xcalloc((size_t)P + 2, sizeof *cbeg);
    for (int64_t c = 0; c < nc; c++)
        cbeg[(f->cprop_rev[c] >> 32) + 1]++;
    for (int32_t p = 0; p < P; p++)
        cbeg[p + 1] += cbeg[p];
    int32_t *crev = xmalloc((size_t)(nc ? nc : 1) * sizeof *crev);
    {
        int64_t *fill = xmalloc(((size_t)P + 1) * sizeof *fill);
        memcpy(fill, cbeg, ((size_t)P + 1) * sizeof *fill);
        for (int64_t c = 0; c < nc; c++)
            crev[fill[f->cprop_rev[c] >> 32]++] =
                (int32_t)(f->cprop_rev[c] & 0xffffffff);
        free(fill);
    }
    free(f->conflict);
    f->conflict = xcalloc((size_t)(n ? n : 1), sizeof *f->conflict);
    int32_t *owner = xmalloc(((size_t)R + 1) * sizeof *owner);
    int64_t *at = xmalloc(((size_t)R + 1) * sizeof *at);
    for (int32_t r = 0; r <= R; r++)
        owner[r] = -1;
    serai_code rc = SERAI_OK;
    f->conflicts_applied = 0;
    for (int32_t p = 0; p < P && rc == SERAI_OK; p++) {
        for (int64_t j = pbeg[p]; j < pbeg[p + 1]; j++) {
            int64_t i = order[j];
            int32_t r = f->reviewer[i];
            if (owner[r] == p) {
                rc = serai_fail(err, SERAI_EINVAL, NULL,
                                "%s line %" PRId64 ": the pair (%.60s, %.60s) "
                                "was already scored on line %" PRId64,
                                f->scores_name, f->line[i], f->proposal_ids[p],
                                f->reviewer_ids[r], f->line[at[r]]);
                break;
            }
            owner[r] = p;
            at[r] = i;
        }
        for (int64_t c = cbeg[p]; c < cbeg[p + 1] && rc == SERAI_OK; c++) {
            int32_t r = crev[c];
            if (owner[r] == p && !f->conflict[at[r]]) {
                f->conflict[at[r]] = 1;
                f->conflicts_applied++;
            }
        }
    }
    free(owner);
    free(at);
    free(order);
    free(pbeg);
    free(cbeg);
    free(crev);
    f->in.conflict = f->conflict;
    return rc;
}

/* Append one CSV field, quoted when it must be. */
static void put_field(buf *b, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        buf_puts(b, s);
        return;
    }
    buf_append(b, "\"", 1);
    for (const char *q = s; *q; q++) {
        if (*q == '"')
            buf_append(b, "\"", 1);
        buf_append(b, q, 1);
    }
    buf_append(b, "\"", 1);
}

char *assign_files_output(const assign_files *f, const assign_result *r,
                          size_t *len)
{
    buf b;
    buf_init(&b, SIZE_MAX / 2);
    buf_reserve(&b, (size_t)r->count * 32 + 64);
    buf_puts(&b, "proposal,reviewer,score\n");
    char num[32];
    for (int64_t j = 0; j < r->count; j++) {
        int64_t i = r->pairs[j];
        put_field(&b, f->proposal_ids[f->proposal[i]]);
        buf_append(&b, ",", 1);
        put_field(&b, f->reviewer_ids[f->reviewer[i]]);
        buf_append(&b, ",", 1);
        assign_format_score(f->score[i], num, sizeof num);
        buf_puts(&b, num);
        buf_append(&b, "\n", 1);
    }
    return buf_take(&b, len);
}
