/*
 * tally_files.c -- PrefLib election files and Debian tally sheets read
 * into ranked ballots (tally_files.h).  Both readers walk the text line
 * by line with bounded pointers (no NUL terminator is assumed), so every
 * refusal can name the file and the line.
 */
#include "agenda/tally_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"
#include "core/mem.h"

/* The longest candidate name kept, in bytes of UTF-8. */
#define TALLY_NAME_MAX 400

typedef struct line_iter {
    const char *p, *end;
    long no;
} line_iter;

/* The next line without its "\n" or "\r\n"; false at the end. */
static bool next_line(line_iter *it, const char **s, size_t *n)
{
    if (it->p >= it->end)
        return false;
    const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
    const char *stop = nl ? nl : it->end;
    *s = it->p;
    *n = (size_t)(stop - it->p);
    if (*n > 0 && (*s)[*n - 1] == '\r')
        (*n)--;
    it->p = nl ? nl + 1 : it->end;
    it->no++;
    return true;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && is_blank(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && is_blank((*s)[*n - 1]))
        (*n)--;
}

/* A name as UTF-8: as it is, or converted from Latin-1. */
static char *name_dup(const char *s, size_t n, bool latin1)
{
    if (n > TALLY_NAME_MAX)
        n = TALLY_NAME_MAX;
    if (!latin1)
        return xstrndup(s, n);
    char *out = xmalloc(2 * n + 1), *o = out;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c < 0x80) {
            *o++ = (char)c;
        } else {
            *o++ = (char)(0xc0 | (c >> 6));
            *o++ = (char)(0x80 | (c & 0x3f));
        }
    }
    *o = '\0';
    return out;
}

/* Digits into a whole number 1..max; false otherwise. */
static bool parse_whole(const char *s, size_t n, int64_t max, int64_t *out)
{
    if (n == 0 || n > 19)
        return false;
    int64_t v = 0;
    for (size_t k = 0; k < n; k++) {
        if (s[k] < '0' || s[k] > '9')
            return false;
        v = v * 10 + (s[k] - '0');
    }
    if (v < 1 || v > max)
        return false;
    *out = v;
    return true;
}

void tally_file_init(tally_file *f)
{
    memset(f, 0, sizeof *f);
}

void tally_file_free(tally_file *f)
{
    if (f == NULL)
        return;
    for (int32_t c = 0; f->names && c < f->in.ncand; c++)
        free(f->names[c]);
    free(f->names);
    free(f->marks);
    free(f->weights);
    memset(f, 0, sizeof *f);
}

/* Room for one more ballot; its marks zeroed. */
static int32_t *new_ballot(tally_file *f, int64_t weight)
{
    if (f->in.nballots == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 256;
        f->marks = xreallocarray(f->marks, (size_t)f->cap * (size_t)f->in.ncand,
                                 sizeof *f->marks);
        f->weights = xreallocarray(f->weights, (size_t)f->cap, sizeof *f->weights);
    }
    int32_t *row = f->marks + f->in.nballots * f->in.ncand;
    memset(row, 0, (size_t)f->in.ncand * sizeof *row);
    f->weights[f->in.nballots++] = weight;
    f->voters += weight; /* bounded: checked by the caller */
    return row;
}

static void finish(tally_file *f)
{
    f->in.marks = f->marks;
    f->in.weights = f->weights;
}

/* ---- PrefLib ------------------------------------------------------------- */

/* "KEY: value" of a header line after the '#'. */
static bool header_is(const char *s, size_t n, const char *key, const char **v,
                      size_t *vn)
{
    size_t k = strlen(key);
    if (n < k || memcmp(s, key, k) != 0)
        return false;
    *v = s + k;
    *vn = n - k;
    return true;
}

static serai_code preflib_header(const char *name, long line,
                                 const char *s, size_t n, int64_t *nalt,
                                 char **byidx, int32_t *maxidx, char *type,
                                 int64_t *voters_said, bool latin1, serai_err *err)
{
    const char *v;
    size_t vn;
    s++;
    n--;
    trim(&s, &n);
    if (header_is(s, n, "NUMBER ALTERNATIVES:", &v, &vn)) {
        trim(&v, &vn);
        if (*nalt || !parse_whole(v, vn, TALLY_MAX_CANDIDATES, nalt))
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: NUMBER ALTERNATIVES is a whole number "
                              "1..%d, given once", name, line, TALLY_MAX_CANDIDATES);
    } else if (header_is(s, n, "ALTERNATIVE NAME ", &v, &vn)) {
        const char *colon = memchr(v, ':', vn);
        int64_t idx;
        if (colon == NULL ||
            !parse_whole(v, (size_t)(colon - v), TALLY_MAX_CANDIDATES, &idx))
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: ALTERNATIVE NAME needs a number 1..%d "
                              "and a colon", name, line, TALLY_MAX_CANDIDATES);
        if ((*nalt && idx > *nalt) || byidx[idx - 1])
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: alternative %lld is %s", name, line,
                              (long long)idx,
                              byidx[idx - 1] ? "named twice" : "out of range");
        const char *nm = colon + 1;
        size_t nn = vn - (size_t)(nm - v);
        trim(&nm, &nn);
        byidx[idx - 1] = name_dup(nm, nn, latin1);
        if ((int32_t)idx > *maxidx)
            *maxidx = (int32_t)idx;
    } else if (header_is(s, n, "DATA TYPE:", &v, &vn)) {
        trim(&v, &vn);
        if (vn != 3 || (memcmp(v, "soc", 3) && memcmp(v, "soi", 3) &&
                        memcmp(v, "toc", 3) && memcmp(v, "toi", 3)))
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: DATA TYPE \"%.*s\" is not a ranking "
                              "(soc, soi, toc, toi)", name, line,
                              (int)(vn > 20 ? 20 : vn), v);
        memcpy(type, v, 3);
        type[3] = '\0';
    } else if (header_is(s, n, "NUMBER VOTERS:", &v, &vn)) {
        trim(&v, &vn);
        if (!parse_whole(v, vn, INT64_MAX / 2, voters_said))
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: NUMBER VOTERS is a whole number", name,
                              line);
    }
    return SERAI_OK;
}

/* One "count: ranking" line into a ballot. */
static serai_code preflib_order(tally_file *f, const char *name, long line,
                                const char *s, size_t n, const char *type,
                                serai_err *err)
{
    const char *colon = memchr(s, ':', n);
    if (colon == NULL)
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "%s line %ld: expected \"count: ranking\"", name, line);
    const char *c = s;
    size_t cn = (size_t)(colon - s);
    trim(&c, &cn);
    int64_t count;
    if (!parse_whole(c, cn, INT64_MAX / 2, &count))
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "%s line %ld: the count \"%.*s\" is not a whole number "
                          ">= 1", name, line, (int)(cn > 20 ? 20 : cn), c);
    if (count > INT64_MAX / 2 - f->voters)
        return serai_fail(err, SERAI_ETOOLARGE, NULL,
                          "%s line %ld: the counts add up beyond %lld", name, line,
                          (long long)(INT64_MAX / 2));
    if (f->in.nballots >= TALLY_MAX_BALLOTS)
        return serai_fail(err, SERAI_ETOOLARGE, NULL,
                          "%s line %ld: more than %lld orders", name, line,
                          (long long)TALLY_MAX_BALLOTS);
    int32_t C = f->in.ncand;
    int32_t *row = new_ballot(f, count);
    const char *p = colon + 1, *end = s + n;
    int32_t rank = 0, ranked = 0;
    bool in_group = false, ties = false;
    for (;;) {
        while (p < end && is_blank(*p))
            p++;
        if (!in_group && p < end && *p == '{') {
            in_group = true;
            ties = true;
            rank++;
            p++;
            continue;
        }
        const char *q = p;
        while (q < end && *q >= '0' && *q <= '9')
            q++;
        int64_t cand;
        if (q == p)
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: expected a candidate number at column %ld",
                              name, line, (long)(p - s) + 1);
        if (!parse_whole(p, (size_t)(q - p), C, &cand))
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: candidate %.*s is out of range 1..%d",
                              name, line, (int)(q - p > 20 ? 20 : q - p), p, C);
        if (row[cand - 1])
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: candidate %lld appears twice", name,
                              line, (long long)cand);
        if (!in_group)
            rank++;
        row[cand - 1] = rank;
        ranked++;
        p = q;
        while (p < end && is_blank(*p))
            p++;
        if (in_group && p < end && *p == '}') {
            in_group = false;
            p++;
            while (p < end && is_blank(*p))
                p++;
        }
        if (p == end)
            break;
        if (*p != ',')
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "%s line %ld: unexpected '%c' at column %ld", name,
                              line, *p, (long)(p - s) + 1);
        p++;
    }
    if (in_group)
        return serai_fail(err, SERAI_EINVAL, NULL, "%s line %ld: '{' without '}'",
                          name, line);
    if (ties && type[0] == 's')
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "%s line %ld: a %s file has no ties ('{')", name, line, type);
    if (ranked < C && type[2] == 'c')
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "%s line %ld: a %s file ranks every candidate; this "
                          "order ranks %d of %d", name, line, type, ranked, C);
    return SERAI_OK;
}

static serai_code read_preflib(tally_file *f, const char *name, const char *text,
                               size_t len, bool latin1, serai_err *err)
{
    static const char *const types[] = {"soc", "soi", "toc", "toi"};
    char type[4] = "";
    size_t nl = strlen(name);
    for (size_t k = 0; nl > 4 && name[nl - 4] == '.' && k < 4; k++)
        if (strcmp(name + nl - 3, types[k]) == 0)
            memcpy(type, types[k], 4);
    char **byidx = xcalloc(TALLY_MAX_CANDIDATES, sizeof *byidx);
    int64_t nalt = 0, voters_said = -1;
    int32_t maxidx = 0;
    bool data = false;
    serai_code rc = SERAI_OK;
    line_iter it = {text, text + len, 0};
    const char *s;
    size_t n;
    while (rc == SERAI_OK && next_line(&it, &s, &n)) {
        trim(&s, &n);
        if (n == 0)
            continue;
        if (s[0] == '#') {
            if (data)
                rc = serai_fail(err, SERAI_EINVAL, NULL,
                                "%s line %ld: a header line after the orders", name,
                                it.no);
            else
                rc = preflib_header(name, it.no, s, n, &nalt, byidx, &maxidx,
                                    type, &voters_said, latin1, err);
            continue;
        }
        if (!data) {
            data = true;
            if (nalt == 0)
                nalt = maxidx;
            if (nalt == 0) {
                rc = serai_fail(err, SERAI_EINVAL, NULL,
                                "%s line %ld: no NUMBER ALTERNATIVES or ALTERNATIVE "
                                "NAME header before the first order", name, it.no);
                break;
            }
            if (maxidx > nalt) {
                rc = serai_fail(err, SERAI_EINVAL, NULL,
                                "%s: alternative %d is named but NUMBER "
                                "ALTERNATIVES is %lld", name, maxidx, (long long)nalt);
                break;
            }
            f->in.ncand = (int32_t)nalt;
            f->names = xcalloc((size_t)nalt, sizeof *f->names);
            for (int32_t c = 0; c < f->in.ncand; c++) {
                char num[16];
                snprintf(num, sizeof num, "%d", c + 1);
                f->names[c] = byidx[c] ? byidx[c] : xstrdup(num);
                byidx[c] = NULL;
            }
        }
        rc = preflib_order(f, name, it.no, s, n, type, err);
    }
    for (int32_t c = 0; c < TALLY_MAX_CANDIDATES; c++)
        free(byidx[c]);
    free(byidx);
    if (rc != SERAI_OK)
        return rc;
    if (!data)
        return serai_fail(err, SERAI_EINVAL, NULL, "%s has no orders", name);
    if (voters_said >= 0 && voters_said != f->voters)
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "%s: NUMBER VOTERS is %lld but the counts add up to %lld",
                          name, (long long)voters_said, (long long)f->voters);
    snprintf(f->format, sizeof f->format, "preflib%s%s", type[0] ? "-" : "", type);
    return SERAI_OK;
}

/* ---- Debian ------------------------------------------------------------ */

/* "Option 3---->: Name" anywhere on the line. */
static bool option_line(const char *s, size_t n, int64_t *num, const char **nm,
                        size_t *nn)
{
    static const char key[] = "Option ";
    for (size_t k = 0; k + sizeof key - 1 <= n; k++) {
        if (memcmp(s + k, key, sizeof key - 1) != 0)
            continue;
        const char *p = s + k + sizeof key - 1, *end = s + n, *q = p;
        while (q < end && *q >= '0' && *q <= '9')
            q++;
        if (!parse_whole(p, (size_t)(q - p), TALLY_MAX_CANDIDATES, num))
            return false;
        while (q < end && *q == '-')
            q++;
        if (end - q < 2 || q[0] != '>' || q[1] != ':')
            return false;
        *nm = q + 2;
        *nn = (size_t)(end - *nm);
        trim(nm, nn);
        return true;
    }
    return false;
}

typedef struct voter_hash {
    const char *s;
    size_t n;
    long line;
} voter_hash;

static int cmp_hash(const void *a, const void *b)
{
    const voter_hash *x = a, *y = b;
    size_t n = x->n < y->n ? x->n : y->n;
    int c = memcmp(x->s, y->s, n);
    if (c)
        return c;
    if (x->n != y->n)
        return x->n < y->n ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

static serai_code read_debian(tally_file *f, const char *name, const char *text,
                              size_t len, bool latin1, serai_err *err)
{
    char **names = NULL;
    int32_t nopt = 0;
    voter_hash *hashes = NULL;
    int64_t nhash = 0, hash_cap = 0;
    bool votes = false;
    serai_code rc = SERAI_OK;
    line_iter it = {text, text + len, 0};
    const char *s, *nm;
    size_t n, nn;
    int64_t num;
    while (rc == SERAI_OK && next_line(&it, &s, &n)) {
        trim(&s, &n);
        if (n == 0)
            continue;
        if (n < 2 || s[0] != 'V' || s[1] != ':') {
            if (votes)
                rc = serai_fail(err, SERAI_EINVAL, NULL,
                                "%s line %ld: expected \"V: ranks hash\"", name, it.no);
            else if (option_line(s, n, &num, &nm, &nn)) {
                if (num != nopt + 1)
                    rc = serai_fail(err, SERAI_EINVAL, NULL,
                                    "%s line %ld: option %lld where option %d was "
                                    "expected", name, it.no, (long long)num, nopt + 1);
                else {
                    names = xreallocarray(names, (size_t)nopt + 1, sizeof *names);
                    names[nopt++] = name_dup(nm, nn, latin1);
                }
            }
            continue;
        }
        if (!votes) {
            votes = true;
            if (nopt == 0) {
                rc = serai_fail(err, SERAI_EINVAL, NULL,
                                "%s line %ld: a vote before any \"Option N--->: "
                                "Name\" line", name, it.no);
                break;
            }
            f->in.ncand = nopt;
            f->names = names;
            names = NULL;
        }
        const char *p = s + 2, *end = s + n;
        while (p < end && is_blank(*p))
            p++;
        const char *q = p;
        while (q < end && !is_blank(*q))
            q++;
        if (q - p != nopt) {
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s line %ld: the vote \"%.*s\" has %ld marks for %d "
                            "options", name, it.no, (int)(q - p > 40 ? 40 : q - p),
                            p, (long)(q - p), nopt);
            break;
        }
        if (f->in.nballots >= TALLY_MAX_BALLOTS) {
            rc = serai_fail(err, SERAI_ETOOLARGE, NULL, "%s line %ld: more than "
                            "%lld votes", name, it.no, (long long)TALLY_MAX_BALLOTS);
            break;
        }
        int32_t *row = new_ballot(f, 1);
        for (int32_t k = 0; k < nopt && rc == SERAI_OK; k++) {
            char ch = p[k];
            if (ch == '-')
                row[k] = 0;
            else if (ch >= '1' && ch <= '9')
                row[k] = ch - '0';
            else if (ch >= 'a' && ch <= 'z')
                row[k] = ch - 'a' + 10;
            else if (ch >= 'A' && ch <= 'Z')
                row[k] = ch - 'A' + 10;
            else
                rc = serai_fail(err, SERAI_EINVAL, NULL,
                                "%s line %ld: option %d has the mark '%c'; a rank is "
                                "1-9 or a-z, '-' leaves it unranked", name, it.no,
                                k + 1, ch);
        }
        while (q < end && is_blank(*q))
            q++;
        if (rc == SERAI_OK && q < end) {
            for (const char *h = q; h < end && rc == SERAI_OK; h++)
                if (!((*h >= '0' && *h <= '9') || (*h >= 'a' && *h <= 'f') ||
                      (*h >= 'A' && *h <= 'F')))
                    rc = serai_fail(err, SERAI_EINVAL, NULL,
                                    "%s line %ld: the voter hash is not hexadecimal",
                                    name, it.no);
            if (nhash == hash_cap) {
                hash_cap = hash_cap ? hash_cap * 2 : 256;
                hashes = xreallocarray(hashes, (size_t)hash_cap, sizeof *hashes);
            }
            hashes[nhash++] = (voter_hash){q, (size_t)(end - q), it.no};
        }
    }
    if (rc == SERAI_OK && !votes && nopt == 0)
        rc = serai_fail(err, SERAI_EINVAL, NULL,
                        "%s has no \"Option N--->: Name\" lines and no votes", name);
    if (rc == SERAI_OK && !votes) {
        f->in.ncand = nopt;
        f->names = names;
        names = NULL;
    }
    if (rc == SERAI_OK && nhash > 1) {
        qsort(hashes, (size_t)nhash, sizeof *hashes, cmp_hash);
        for (int64_t k = 1; k < nhash && rc == SERAI_OK; k++)
            if (hashes[k].n == hashes[k - 1].n &&
                memcmp(hashes[k].s, hashes[k - 1].s, hashes[k].n) == 0)
                rc = serai_fail(err, SERAI_EINVAL, NULL,
                                "%s line %ld: the voter hash of line %ld again: a "
                                "duplicate ballot", name, hashes[k].line,
                                hashes[k - 1].line);
    }
    free(hashes);
    for (int32_t c = 0; names && c < nopt; c++)
        free(names[c]);
    free(names);
    if (rc == SERAI_OK)
        snprintf(f->format, sizeof f->format, "debian");
    return rc;
}

serai_code tally_file_read(tally_file *f, tally_file_kind kind, const char *name,
                           const char *text, size_t len, serai_err *err)
{
    tally_file_init(f);
    if (kind == TALLY_FILE_AUTO) {
        size_t nl = strlen(name);
        const char *ext = nl > 4 ? name + nl - 4 : "";
        bool preflib = strcmp(ext, ".soc") == 0 || strcmp(ext, ".soi") == 0 ||
                       strcmp(ext, ".toc") == 0 || strcmp(ext, ".toi") == 0;
        size_t k = 0;
        while (k < len && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' ||
                           text[k] == '\r'))
            k++;
        kind = preflib || (k < len && text[k] == '#') ? TALLY_FILE_PREFLIB
                                                       : TALLY_FILE_DEBIAN;
    }
    if (memchr(text, '\0', len))
        return serai_fail(err, SERAI_EINVAL, NULL, "%s holds a NUL byte: not a "
                          "text file", name);
    f->latin1 = !ident_utf8_valid(text, len);
    serai_code rc = kind == TALLY_FILE_PREFLIB
                        ? read_preflib(f, name, text, len, f->latin1, err)
                        : read_debian(f, name, text, len, f->latin1, err);
    if (rc == SERAI_OK)
        finish(f);
    return rc;
}
