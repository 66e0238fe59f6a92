/*
 * budget_files.c -- the Pabulib .pb reader (budget_files.h).
 *
 * One pass over the text: records are read as `;`-separated fields with
 * CSV quoting (a quoted field may hold `;`, `""` and line breaks), the
 * section title switches the table, the next record is its header.  Money
 * is kept as (mantissa, decimals) until the end, when everything is scaled
 * to the largest number of decimals seen.
 */
#include "agenda/budget_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/mem.h"

/* ---- records ---------------------------------------------------------- */

typedef struct reader {
    const char *path;
    const char *p, *end;
    size_t line;      /* line of the next character */
} reader;

typedef struct record {
    buf text;         /* fields back to back, each NUL-terminated */
    size_t *off;
    size_t nf, cap;
    size_t line;      /* where the record starts */
} record;

static serai_code fail_at(serai_err *err, const char *path, size_t line, const char *fmt,
                          const char *arg)
{
    char detail[SERAI_ERR_DETAIL_MAX];
    snprintf(detail, sizeof detail, fmt, arg ? arg : "");
    return serai_fail(err, SERAI_EINVAL, NULL, "%s:%zu: %s", path, line, detail);
}

static void record_push(record *r)
{
    if (r->nf == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 16;
        r->off = xreallocarray(r->off, r->cap, sizeof *r->off);
    }
    r->off[r->nf++] = r->text.len;
}

static const char *field(const record *r, size_t i)
{
    return i < r->nf ? r->text.data + r->off[i] : "";
}

/* Trim the spaces around the field just finished (unquoted parts only). */
static void end_field(record *r, size_t start, bool quoted)
{
    char *s = r->text.data + start;
    size_t n = r->text.len - start;
    if (!quoted) {
        size_t a = 0;
        while (a < n && (s[a] == ' ' || s[a] == '\t'))
            a++;
        while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        memmove(s, s + a, n - a);
        n -= a;
        r->text.len = start + n;
    }
    buf_append(&r->text, "", 1);
}

/* 1: a record; 0: end of text; -1: error (err filled). */
static int record_next(reader *rd, record *r, serai_err *err)
{
    for (;;) {
        if (rd->p >= rd->end)
            return 0;
        /* skip blank lines */
        const char *q = rd->p;
        while (q < rd->end && (*q == ' ' || *q == '\t' || *q == '\r'))
            q++;
        if (q < rd->end && *q == '\n') {
            rd->p = q + 1;
            rd->line++;
            continue;
        }
        if (q >= rd->end)
            return 0;
        break;
    }
    buf_reset(&r->text);
    r->nf = 0;
    r->line = rd->line;
    record_push(r);
    size_t start = r->text.len;
    bool quoted = false, in_quotes = false;
    while (rd->p < rd->end) {
        char c = *rd->p++;
        if (in_quotes) {
            if (c == '"') {
                if (rd->p < rd->end && *rd->p == '"') {
                    buf_append(&r->text, "\"", 1);
                    rd->p++;
                } else {
                    in_quotes = false;
                }
                continue;
            }
            if (c == '\n')
                rd->line++;
            if (!buf_append(&r->text, &c, 1))
                goto toolong;
            continue;
        }
        if (c == '"' && r->text.len == start) {
            in_quotes = quoted = true;
            continue;
        }
        if (c == ';') {
            end_field(r, start, quoted);
            record_push(r);
            start = r->text.len;
            quoted = false;
            continue;
        }
        if (c == '\n') {
            rd->line++;
            break;
        }
        if (c == '\r' && (rd->p >= rd->end || *rd->p == '\n'))
            continue;
        if (c == '\0') {
            fail_at(err, rd->path, rd->line, "a NUL byte in the text%s", NULL);
            return -1;
        }
        if (!buf_append(&r->text, &c, 1))
            goto toolong;
    }
    if (in_quotes) {
        fail_at(err, rd->path, r->line, "a quoted field is never closed%s", NULL);
        return -1;
    }
    end_field(r, start, quoted);
    return 1;
toolong:
    fail_at(err, rd->path, r->line, "a record longer than the limit%s", NULL);
    return -1;
}

/* ---- numbers and money ------------------------------------------------ */

/* A whole number 0..max. */
static bool parse_whole(const char *s, int64_t max, int64_t *out)
{
    int64_t v = 0;
    if (*s == '\0')
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        if (v > (max - (*s - '0')) / 10)
            return false;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return true;
}

typedef struct decimal {
    int64_t mantissa;
    int decimals;
} decimal;

/* "123", "123.45", "400000.0": trailing zeros after the point dropped. */
static bool parse_decimal(const char *s, decimal *out)
{
    const char *dot = strchr(s, '.');
    char whole[32], frac[32];
    size_t wl = dot ? (size_t)(dot - s) : strlen(s);
    if (wl == 0 || wl >= sizeof whole)
        return false;
    memcpy(whole, s, wl);
    whole[wl] = '\0';
    size_t fl = 0;
    if (dot) {
        fl = strlen(dot + 1);
        if (fl == 0 || fl >= sizeof frac)
            return false;
        memcpy(frac, dot + 1, fl);
        frac[fl] = '\0';
        for (size_t i = 0; i < fl; i++)
            if (frac[i] < '0' || frac[i] > '9')
                return false;
        while (fl > 0 && frac[fl - 1] == '0')
            fl--;
        frac[fl] = '\0';
    }
    if (fl > BUDGET_FILE_MAX_DECIMALS)
        return false;
    int64_t w, f = 0;
    if (!parse_whole(whole, BUDGET_MAX_MONEY, &w))
        return false;
    if (fl > 0 && !parse_whole(frac, BUDGET_MAX_MONEY, &f))
        return false;
    int64_t m = w;
    for (size_t i = 0; i < fl; i++) {
        if (m > BUDGET_MAX_MONEY / 10)
            return false;
        m *= 10;
    }
    if (m > BUDGET_MAX_MONEY - f)
        return false;
    out->mantissa = m + f;
    out->decimals = (int)fl;
    return true;
}

static bool scale_decimal(decimal d, int decimals, int64_t *out)
{
    int64_t v = d.mantissa;
    for (int i = d.decimals; i < decimals; i++) {
        if (v > BUDGET_MAX_MONEY / 10)
            return false;
        v *= 10;
    }
    *out = v;
    return true;
}

/* ---- ids -------------------------------------------------------------- */

typedef struct idmap {
    uint32_t *slot; /* index + 1; 0 = empty */
    size_t cap;
    char **names;
} idmap;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static void idmap_init(idmap *m, size_t n, char **names)
{
    m->cap = 16;
    while (m->cap < 2 * n + 16)
        m->cap <<= 1;
    m->slot = xcalloc(m->cap, sizeof *m->slot);
    m->names = names;
}

/* The index of name, or -1; with add, adds it as index (returns -2 when it
 * was there already). */
static int64_t idmap_find(idmap *m, const char *name, bool add, uint32_t index)
{
    if (m->cap == 0)
        return -1;
    size_t i = hash_str(name) & (m->cap - 1);
    while (m->slot[i]) {
        uint32_t k = m->slot[i] - 1;
        if (strcmp(m->names[k], name) == 0)
            return add ? -2 : (int64_t)k;
        i = (i + 1) & (m->cap - 1);
    }
    if (!add)
        return -1;
    m->slot[i] = index + 1;
    return index;
}

/* ---- the file --------------------------------------------------------- */

void budget_file_free(budget_file *f)
{
    if (!f)
        return;
    if (f->project_id)
        for (size_t i = 0; i < f->e.nprojects; i++)
            free(f->project_id[i]);
    free(f->project_id);
    free(f->cost);
    free(f->official);
    free(f->ballot_start);
    free(f->ballot_project);
    free(f->ballot_points);
    free(f->rule);
    free(f->vote_type);
    free(f->comment);
    free(f->currency);
    memset(f, 0, sizeof *f);
}

static int column(const record *header, const char *name)
{
    for (size_t i = 0; i < header->nf; i++)
        if (strcmp(field(header, i), name) == 0)
            return (int)i;
    return -1;
}

enum section { SEC_NONE, SEC_META, SEC_PROJECTS, SEC_VOTES };

typedef struct parse_state {
    budget_file *f;
    const char *path;
    decimal budget;
    bool have_budget;
    decimal *costs;
    size_t ncap;       /* projects allocated */
    size_t vcap;       /* voters allocated */
    size_t icap;       /* ballot items allocated */
    idmap projects;
    idmap voters;
    char **voter_names;
    int col_id, col_cost, col_selected, col_vote, col_points, col_voter;
    bool seen[4];
    int64_t max_length;  /* META max_length, 0 when absent */
} parse_state;

static serai_code set_vote_type(parse_state *st, size_t line, serai_err *err)
{
    budget_file *f = st->f;
    const char *t = f->vote_type;
    if (!t)
        return fail_at(err, st->path, line, "META has no vote_type%s", NULL);
    if (strcmp(t, "approval") == 0)
        f->e.vote_type = BUDGET_APPROVAL;
    else if (strcmp(t, "cumulative") == 0)
        f->e.vote_type = BUDGET_CUMULATIVE;
    else if (strcmp(t, "scoring") == 0)
        f->e.vote_type = BUDGET_SCORING;
    else if (strcmp(t, "ordinal") == 0)
        f->e.vote_type = BUDGET_ORDINAL;
    else if (strcmp(t, "choose-1") == 0)
        f->e.vote_type = BUDGET_CHOOSE1;
    else
        return fail_at(err, st->path, line, "unknown vote_type \"%s\"", t);
    return SERAI_OK;
}

static serai_code meta_row(parse_state *st, const record *r, serai_err *err)
{
    const char *key = field(r, 0), *value = field(r, 1);
    budget_file *f = st->f;
    if (strcmp(key, "budget") == 0) {
        if (!parse_decimal(value, &st->budget))
            return fail_at(err, st->path, r->line, "budget \"%s\" is not an amount", value);
        st->have_budget = true;
    } else if (strcmp(key, "vote_type") == 0) {
        free(f->vote_type);
        f->vote_type = xstrdup(value);
        serai_code rc = set_vote_type(st, r->line, err);
        if (rc != SERAI_OK)
            return rc;
    } else if (strcmp(key, "max_length") == 0) {
        if (!parse_whole(value, BUDGET_MAX_PROJECTS, &st->max_length))
            return fail_at(err, st->path, r->line, "max_length \"%s\" is not a number", value);
    } else if (strcmp(key, "rule") == 0) {
        free(f->rule);
        f->rule = xstrdup(value);
    } else if (strcmp(key, "comment") == 0) {
        free(f->comment);
        f->comment = xstrdup(value);
    } else if (strcmp(key, "currency") == 0) {
        free(f->currency);
        f->currency = xstrdup(value);
    }
    return SERAI_OK;
}

static serai_code project_row(parse_state *st, const record *r, serai_err *err)
{
    budget_file *f = st->f;
    size_t n = f->e.nprojects;
    if (n >= BUDGET_MAX_PROJECTS)
        return fail_at(err, st->path, r->line, "too many projects%s", NULL);
    if (n == st->ncap) {
        st->ncap = st->ncap ? 2 * st->ncap : 64;
        f->project_id = xreallocarray(f->project_id, st->ncap, sizeof *f->project_id);
        st->costs = xreallocarray(st->costs, st->ncap, sizeof *st->costs);
        f->official = xreallocarray(f->official, st->ncap, sizeof *f->official);
        free(st->projects.slot);
        idmap_init(&st->projects, st->ncap, f->project_id);
        for (size_t i = 0; i < n; i++)
            idmap_find(&st->projects, f->project_id[i], true, (uint32_t)i);
    }
    const char *id = field(r, (size_t)st->col_id);
    if ((size_t)st->col_id >= r->nf || *id == '\0')
        return fail_at(err, st->path, r->line, "a project without project_id%s", NULL);
    decimal cost;
    const char *cs = field(r, (size_t)st->col_cost);
    if ((size_t)st->col_cost >= r->nf || !parse_decimal(cs, &cost) || cost.mantissa == 0)
        return fail_at(err, st->path, r->line, "cost \"%s\" is not a positive amount", cs);
    f->official[n] = -1;
    if (st->col_selected >= 0) {
        int64_t v;
        const char *s = field(r, (size_t)st->col_selected);
        if (!parse_whole(s, 9, &v))
            return fail_at(err, st->path, r->line, "selected \"%s\" is not a digit", s);
        f->official[n] = (int)v;
    }
    f->project_id[n] = xstrdup(id);
    if (idmap_find(&st->projects, f->project_id[n], true, (uint32_t)n) == -2) {
        free(f->project_id[n]);
        return fail_at(err, st->path, r->line, "project %s appears twice", id);
    }
    st->costs[n] = cost;
    f->e.nprojects = n + 1;
    return SERAI_OK;
}

static serai_code vote_row(parse_state *st, const record *r, serai_err *err)
{
    budget_file *f = st->f;
    size_t v = f->e.nvoters;
    if (v >= BUDGET_MAX_VOTERS)
        return fail_at(err, st->path, r->line, "too many voters%s", NULL);
    if (v + 1 >= st->vcap) {
        st->vcap = st->vcap ? 2 * st->vcap : 1024;
        f->ballot_start = xreallocarray(f->ballot_start, st->vcap, sizeof *f->ballot_start);
        st->voter_names = xreallocarray(st->voter_names, st->vcap, sizeof *st->voter_names);
        /* the voter map holds pointers into voter_names: rebuild it */
        free(st->voters.slot);
        idmap_init(&st->voters, st->vcap, st->voter_names);
        for (size_t i = 0; i < v; i++)
            idmap_find(&st->voters, st->voter_names[i], true, (uint32_t)i);
    }
    const char *vid = field(r, (size_t)st->col_voter);
    if ((size_t)st->col_voter >= r->nf || *vid == '\0')
        return fail_at(err, st->path, r->line, "a vote without voter_id%s", NULL);
    st->voter_names[v] = xstrdup(vid);
    if (idmap_find(&st->voters, st->voter_names[v], true, (uint32_t)v) == -2) {
        free(st->voter_names[v]);
        return fail_at(err, st->path, r->line, "voter %s votes twice", vid);
    }
    f->e.nvoters = v + 1;
    if (v == 0)
        f->ballot_start[0] = 0;
    size_t at = f->ballot_start[v];
    const char *vote = (size_t)st->col_vote < r->nf ? field(r, (size_t)st->col_vote) : "";
    const char *points = st->col_points >= 0 ? field(r, (size_t)st->col_points) : NULL;
    bool want_points = f->e.score_by_points || f->e.vote_type == BUDGET_CUMULATIVE ||
                       f->e.vote_type == BUDGET_SCORING;
    if (want_points && points == NULL)
        return fail_at(err, st->path, r->line, "%s ballots need a points column",
                       f->vote_type);
    const char *vp = vote, *pp = points;
    int64_t rank = 0;
    while (*vp) {
        const char *comma = strchr(vp, ',');
        size_t len = comma ? (size_t)(comma - vp) : strlen(vp);
        char id[256];
        while (len > 0 && *vp == ' ')
            vp++, len--;
        while (len > 0 && vp[len - 1] == ' ')
            len--;
        if (len == 0 || len >= sizeof id)
            return fail_at(err, st->path, r->line, "an empty or overlong project id in \"%s\"",
                           vote);
        memcpy(id, vp, len);
        id[len] = '\0';
        int64_t p = idmap_find(&st->projects, id, false, 0);
        if (p < 0)
            return fail_at(err, st->path, r->line, "vote for unknown project %s", id);
        bool repeat = false;
        for (size_t k = f->ballot_start[v]; k < at; k++)
            repeat |= f->ballot_project[k] == (uint32_t)p;
        /* an approval named twice is still one approval (Amsterdam 604 has
         * such ballots); on ballots with ranks or points it is an error */
        if (repeat && f->e.vote_type != BUDGET_APPROVAL)
            return fail_at(err, st->path, r->line, "project %s twice on one ballot", id);
        int64_t pts = 1;
        if (f->e.vote_type == BUDGET_ORDINAL)
            pts = ++rank;
        if (want_points) {
            char num[32];
            if (!pp || !*pp)
                return fail_at(err, st->path, r->line, "fewer points than projects in \"%s\"",
                               vote);
            const char *pc = strchr(pp, ',');
            size_t pl = pc ? (size_t)(pc - pp) : strlen(pp);
            while (pl > 0 && *pp == ' ')
                pp++, pl--;
            while (pl > 0 && pp[pl - 1] == ' ')
                pl--;
            if (pl == 0 || pl >= sizeof num)
                return fail_at(err, st->path, r->line, "bad points \"%s\"", points);
            memcpy(num, pp, pl);
            num[pl] = '\0';
            decimal d;
            if (!parse_decimal(num, &d) || d.decimals != 0 || d.mantissa > BUDGET_MAX_POINTS)
                return fail_at(err, st->path, r->line, "points \"%s\" are not a whole number",
                               num);
            pts = d.mantissa;
            pp = pc ? pc + 1 : pp + strlen(pp);
        }
        if (repeat) {
            vp = comma ? comma + 1 : vp + strlen(vp);
            continue;
        }
        if (at == st->icap) {
            st->icap = st->icap ? 2 * st->icap : 4096;
            f->ballot_project = xreallocarray(f->ballot_project, st->icap,
                                              sizeof *f->ballot_project);
            f->ballot_points = xreallocarray(f->ballot_points, st->icap,
                                             sizeof *f->ballot_points);
        }
        f->ballot_project[at] = (uint32_t)p;
        f->ballot_points[at] = pts;
        at++;
        vp = comma ? comma + 1 : vp + strlen(vp);
        if (comma && !*vp)
            return fail_at(err, st->path, r->line, "a trailing comma in \"%s\"", vote);
    }
    if (want_points && pp && *pp)
        return fail_at(err, st->path, r->line, "more points than projects in \"%s\"", vote);
    if (f->e.vote_type == BUDGET_CHOOSE1 && at - f->ballot_start[v] > 1)
        return fail_at(err, st->path, r->line, "a choose-1 ballot names %s projects", "several");
    f->ballot_start[v + 1] = at;
    return SERAI_OK;
}

static serai_code header_row(parse_state *st, enum section sec, const record *r,
                             serai_err *err)
{
    if (sec == SEC_META) {
        if (r->nf < 2 || strcmp(field(r, 0), "key") != 0 || strcmp(field(r, 1), "value") != 0)
            return fail_at(err, st->path, r->line, "the META header must be key;value%s", NULL);
        return SERAI_OK;
    }
    if (sec == SEC_PROJECTS) {
        st->col_id = column(r, "project_id");
        st->col_cost = column(r, "cost");
        st->col_selected = column(r, "selected");
        if (st->col_id < 0 || st->col_cost < 0)
            return fail_at(err, st->path, r->line,
                           "the PROJECTS header needs project_id and cost%s", NULL);
        return SERAI_OK;
    }
    st->col_voter = column(r, "voter_id");
    st->col_vote = column(r, "vote");
    st->col_points = column(r, "points");
    if (st->col_voter < 0 || st->col_vote < 0)
        return fail_at(err, st->path, r->line, "the VOTES header needs voter_id and vote%s",
                       NULL);
    serai_code rc = set_vote_type(st, r->line, err);
    budget_election *e = &st->f->e;
    e->score_by_points = st->col_points >= 0 && e->vote_type != BUDGET_APPROVAL &&
                         e->vote_type != BUDGET_CHOOSE1;
    return rc;
}

static serai_code finish(parse_state *st, size_t line, serai_err *err)
{
    budget_file *f = st->f;
    if (!st->seen[SEC_META] || !st->seen[SEC_PROJECTS] || !st->seen[SEC_VOTES])
        return fail_at(err, st->path, line, "the file needs META, PROJECTS and VOTES%s", NULL);
    if (!st->have_budget)
        return fail_at(err, st->path, line, "META has no budget%s", NULL);
    int dec = st->budget.decimals;
    for (size_t i = 0; i < f->e.nprojects; i++)
        if (st->costs[i].decimals > dec)
            dec = st->costs[i].decimals;
    f->decimals = dec;
    f->cost = xcalloc(f->e.nprojects + 1, sizeof *f->cost);
    for (size_t i = 0; i < f->e.nprojects; i++)
        if (!scale_decimal(st->costs[i], dec, &f->cost[i]))
            return fail_at(err, st->path, line, "project %s: cost too large",
                           f->project_id[i]);
    if (!scale_decimal(st->budget, dec, &f->e.budget))
        return fail_at(err, st->path, line, "the budget is too large%s", NULL);
    int64_t unit = 1;
    for (int i = 0; i < dec; i++)
        unit *= 10;
    f->e.unit = unit;
    f->e.cost = f->cost;
    if (f->e.nvoters == 0) {
        f->ballot_start = xreallocarray(f->ballot_start, 1, sizeof *f->ballot_start);
        f->ballot_start[0] = 0;
    }
    if (!f->ballot_project) {
        f->ballot_project = xcalloc(1, sizeof *f->ballot_project);
        f->ballot_points = xcalloc(1, sizeof *f->ballot_points);
    }
    if (f->e.vote_type == BUDGET_ORDINAL && !f->e.score_by_points) {
        /* ranks into points the way the ordinal files were counted: with
         * L ranks allowed, the first gets L points, the last 1 */
        int64_t l = st->max_length;
        for (size_t v = 0; v < f->e.nvoters; v++) {
            int64_t len = (int64_t)(f->ballot_start[v + 1] - f->ballot_start[v]);
            if (len > l)
                l = len;
        }
        for (size_t v = 0; v < f->e.nvoters; v++)
            for (size_t k = f->ballot_start[v]; k < f->ballot_start[v + 1]; k++)
                f->ballot_points[k] = l + 1 - f->ballot_points[k];
        f->e.score_by_points = true;
    }
    f->e.ballot_start = f->ballot_start;
    f->e.ballot_project = f->ballot_project;
    f->e.ballot_points = f->ballot_points;
    bool any_selected = false;
    for (size_t i = 0; i < f->e.nprojects; i++)
        any_selected |= f->official[i] >= 0;
    if (!any_selected) {
        free(f->official);
        f->official = NULL;
    }
    if (!f->rule)
        f->rule = xstrdup("");
    if (!f->comment)
        f->comment = xstrdup("");
    if (!f->currency)
        f->currency = xstrdup("");
    return SERAI_OK;
}

serai_code budget_file_parse(budget_file *f, const char *path, const char *text, size_t len,
                             serai_err *err)
{
    memset(f, 0, sizeof *f);
    if (len > BUDGET_FILE_MAX_BYTES)
        return serai_fail(err, SERAI_ETOOLARGE, NULL, "%s: larger than %zu bytes", path,
                          BUDGET_FILE_MAX_BYTES);
    parse_state st;
    memset(&st, 0, sizeof st);
    st.f = f;
    st.path = path;
    reader rd = {path, text, text + len, 1};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        rd.p += 3;
    record r = {0};
    buf_init(&r.text, (size_t)1 << 26);
    enum section sec = SEC_NONE;
    bool want_header = false;
    serai_code rc = SERAI_OK;
    int got;
    while ((got = record_next(&rd, &r, err)) == 1) {
        const char *first = field(&r, 0);
        enum section next = SEC_NONE;
        if (r.nf == 1 || (r.nf >= 1 && *field(&r, 1) == '\0' && r.nf <= 2)) {
            if (strcasecmp(first, "META") == 0)
                next = SEC_META;
            else if (strcasecmp(first, "PROJECTS") == 0)
                next = SEC_PROJECTS;
            else if (strcasecmp(first, "VOTES") == 0)
                next = SEC_VOTES;
        }
        if (next != SEC_NONE) {
            if (st.seen[next]) {
                rc = fail_at(err, path, r.line, "a second %s section", first);
                break;
            }
            if ((next == SEC_PROJECTS && !st.seen[SEC_META]) ||
                (next == SEC_VOTES && !st.seen[SEC_PROJECTS])) {
                rc = fail_at(err, path, r.line,
                             "%s out of order: sections go META, PROJECTS, VOTES", first);
                break;
            }
            st.seen[next] = true;
            sec = next;
            want_header = true;
            continue;
        }
        if (sec == SEC_NONE) {
            rc = fail_at(err, path, r.line, "expected META, found \"%s\"", first);
            break;
        }
        if (want_header) {
            want_header = false;
            if ((rc = header_row(&st, sec, &r, err)) != SERAI_OK)
                break;
            continue;
        }
        if (sec == SEC_META)
            rc = meta_row(&st, &r, err);
        else if (sec == SEC_PROJECTS)
            rc = project_row(&st, &r, err);
        else
            rc = vote_row(&st, &r, err);
        if (rc != SERAI_OK)
            break;
    }
    if (got < 0)
        rc = err ? err->code : SERAI_EINVAL;
    if (rc == SERAI_OK && want_header)
        rc = fail_at(err, path, rd.line, "a section without its header line%s", NULL);
    if (rc == SERAI_OK)
        rc = finish(&st, rd.line, err);
    buf_free(&r.text);
    free(r.off);
    free(st.costs);
    free(st.projects.slot);
    free(st.voters.slot);
    for (size_t i = 0; i < f->e.nvoters; i++)
        free(st.voter_names[i]);
    free(st.voter_names);
    if (rc != SERAI_OK)
        budget_file_free(f);
    return rc;
}

void budget_file_money(const budget_file *f, int64_t money, char *dst, size_t cap)
{
    if (f->decimals == 0) {
        snprintf(dst, cap, "%lld", (long long)money);
        return;
    }
    int64_t unit = f->e.unit;
    snprintf(dst, cap, "%lld.%0*lld", (long long)(money / unit), f->decimals,
             (long long)(money % unit));
}
