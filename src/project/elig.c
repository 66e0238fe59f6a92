/*
 * elig.c -- see elig.h.  One function per rule, each a straight line:
 * measure, compare, explain.  Sums run in 128 bits, so no input of int64
 * amounts can overflow them; shares are compared as part * 10000 against
 * limit_bp * whole, never as rounded floating point.
 */
#include "project/elig.h"

#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "registry/iso.h"

__extension__ typedef __int128 i128;

/* ---- explanation text ------------------------------------------------ */

/* Text written into a fixed buffer.  A piece that does not fit is dropped
 * whole, so the text stays valid UTF-8 and NUL-terminated. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static text text_on(char *s, size_t cap)
{
    s[0] = '\0';
    return (text){s, 0, cap};
}

static void put(text *t, const char *piece)
{
    size_t n = strlen(piece);
    if (t->len + n + 1 > t->cap)
        return;
    memcpy(t->s + t->len, piece, n + 1);
    t->len += n;
}

/* Decimal digits of v (v >= 0) into a 40-byte buffer; returns the start. */
static char *digits(unsigned __int128 v, char *end)
{
    *--end = '\0';
    do {
        *--end = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    return end;
}

static void put_int(text *t, int64_t v)
{
    char b[48];
    unsigned __int128 mag = v < 0 ? (unsigned __int128)(-(i128)v) : (unsigned __int128)v;
    char *d = digits(mag, b + sizeof b);
    if (v < 0)
        *--d = '-';
    put(t, d);
}

/* value / 10^scale with exactly `decimals` decimals (value >= 0). */
static void put_fixed(text *t, unsigned __int128 value, int scale, int decimals)
{
    unsigned __int128 pow = 1;
    for (int i = 0; i < scale; i++)
        pow *= 10;
    char b[48];
    put(t, digits(value / pow, b + sizeof b));
    if (decimals == 0)
        return;
    put(t, ".");
    unsigned __int128 frac = value % pow;
    for (int i = scale; i > decimals; i--)
        frac /= 10;
    char f[48];
    char *fd = digits(frac, f + sizeof f);
    for (int pad = decimals - (int)strlen(fd); pad > 0; pad--)
        put(t, "0");
    put(t, fd);
}

/* A limit in basis points as a percentage: 7000 -> "70%", 7050 -> "70.5%". */
static void put_bp(text *t, int64_t bp)
{
    int decimals = bp % 100 == 0 ? 0 : bp % 10 == 0 ? 1 : 2;
    put_fixed(t, (unsigned __int128)(bp < 0 ? 0 : bp), 2, decimals);
    put(t, "%");
}

/* part/whole as a percentage with the fewest decimals (0 when exact, then
 * 1..4) that do not make a value different from limit_bp read like it. */
static void put_pct(text *t, i128 part, i128 whole, int64_t limit_bp)
{
    if (whole <= 0 || part < 0) {
        put(t, "0%");
        return;
    }
    /* millionths of the whole = 1e-4 percent */
    i128 scaled = part * 1000000 / whole;
    bool exact_int = (part * 100) % whole == 0;
    if (exact_int) {
        put_fixed(t, (unsigned __int128)(part * 100 / whole), 0, 0);
        put(t, "%");
        return;
    }
    i128 limit4 = (i128)limit_bp * 100;
    int d = 1;
    for (; d < 4; d++) {
        i128 unit = 1;
        for (int i = d; i < 4; i++)
            unit *= 10;
        i128 rounded = (scaled + unit / 2) / unit * unit;
        if (limit_bp < 0 || rounded != limit4)
            break;
    }
    i128 unit = 1;
    for (int i = d; i < 4; i++)
        unit *= 10;
    i128 rounded = (scaled + unit / 2) / unit;
    put_fixed(t, (unsigned __int128)rounded, d, d);
    put(t, "%");
}

void elig_format_bp(char *out, size_t cap, int64_t bp)
{
    text t = text_on(out, cap);
    put_bp(&t, bp);
}

void elig_format_share(char *out, size_t cap, int64_t part, int64_t whole,
                       int64_t limit_bp)
{
    text t = text_on(out, cap);
    put_pct(&t, part, whole, limit_bp);
}

static void put_money(text *t, int64_t amount, const char *currency)
{
    const iso_currency *c = iso_currency_by_code(currency);
    int mu = c ? c->minor_units : 0;
    put(t, currency);
    put(t, " ");
    if (amount < 0)
        put(t, "-");
    unsigned __int128 mag = amount < 0 ? (unsigned __int128)(-(i128)amount)
                                       : (unsigned __int128)amount;
    put_fixed(t, mag, mu, mu);
}

/* "at least 2" / "2 to 4" / "at most 4", and the Chinese. */
static void put_bounds_en(text *t, const elig_bounds *b)
{
    if (b->has_min && b->has_max) {
        put_int(t, b->min);
        put(t, " to ");
        put_int(t, b->max);
    } else if (b->has_min) {
        put(t, "at least ");
        put_int(t, b->min);
    } else {
        put(t, "at most ");
        put_int(t, b->max);
    }
}

static void put_bounds_zh(text *t, const elig_bounds *b)
{
    if (b->has_min && b->has_max) {
        put_int(t, b->min);
        put(t, "至");
        put_int(t, b->max);
    } else if (b->has_min) {
        put(t, "至少");
        put_int(t, b->min);
    } else {
        put(t, "至多");
        put_int(t, b->max);
    }
}

/* ---- time ----------------------------------------------------------- */

#define DAY_SECONDS 86400

/* Days since 1970-01-01 as a proleptic Gregorian date (Howard Hinnant's
 * civil_from_days): integer arithmetic only, so no TZ environment, no
 * time_t range and no locale is involved. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;                                 /* 0..146096 */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);          /* 0..365 */
    int64_t mp = (5 * doy + 2) / 153;                               /* 0..11, from March */
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static void put2(text *t, int v)
{
    char b[3] = {(char)('0' + v / 10 % 10), (char)('0' + v % 10), '\0'};
    put(t, b);
}

/* Unix seconds as "2026-12-12 14:00 UTC"; the seconds are shown only when
 * they are not zero ("14:00:30 UTC"), so a deadline never reads later than
 * it is.  secs is 128-bit because a deadline is submitted_at plus a window
 * and the engine must not overflow on any int64 input. */
static void put_time(text *t, i128 secs)
{
    i128 days = secs / DAY_SECONDS, rem = secs % DAY_SECONDS;
    if (rem < 0) {
        rem += DAY_SECONDS;
        days--;
    }
    int64_t y;
    int m, d, sod = (int)rem;
    civil_from_days((int64_t)days, &y, &m, &d);
    for (int64_t pad = 1000; y >= 0 && y < pad && pad > 1; pad /= 10)
        put(t, "0");
    put_int(t, y);
    put(t, "-");
    put2(t, m);
    put(t, "-");
    put2(t, d);
    put(t, " ");
    put2(t, sod / 3600);
    put(t, ":");
    put2(t, sod / 60 % 60);
    if (sod % 60) {
        put(t, ":");
        put2(t, sod % 60);
    }
    put(t, " UTC");
}

/* Whole days, rounded up: a signature 14 days and 1 second after
 * submission is "15 days after", never "14 days" against a limit of 14. */
static int64_t days_up(i128 secs)
{
    i128 q = secs / DAY_SECONDS;
    if (secs % DAY_SECONDS > 0)
        q++;
    return (int64_t)q;
}

static bool in_bounds(const elig_bounds *b, int64_t v)
{
    return (!b->has_min || v >= b->min) && (!b->has_max || v <= b->max);
}

/* ---- helpers on the consortium -------------------------------------- */

/* A country code as an index into a 26x26 bitmap, or -1. */
static int country_slot(const char *cc)
{
    if (cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' || cc[2])
        return -1;
    return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

typedef struct country_bits {
    unsigned char b[(26 * 26 + 7) / 8];
} country_bits;

static bool bits_test(const country_bits *s, int slot)
{
    return slot >= 0 && (s->b[slot >> 3] >> (slot & 7)) & 1;
}

static void bits_set(country_bits *s, int slot)
{
    if (slot >= 0)
        s->b[slot >> 3] |= (unsigned char)(1u << (slot & 7));
}

static void bits_of_set(const elig_country_set *cs, country_bits *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < cs->n; i++)
        bits_set(out, country_slot(cs->codes[i]));
}

static bool type_matches(const elig_partner *p, const char *name)
{
    return strcmp(p->type, name) == 0 || (p->sme && strcmp(name, "sme") == 0);
}

static bool type_in(const elig_partner *p, const elig_type_set *ts)
{
    for (int i = 0; i < ts->n; i++)
        if (type_matches(p, ts->names[i]))
            return true;
    return false;
}

/* A partner's total costs: request plus own cash and in-kind. */
static i128 partner_cost(const elig_partner *p)
{
    return (i128)p->requested + p->own_cash + p->own_in_kind;
}

/* What every rule looks at, computed once per proposal. */
typedef struct facts {
    int ncountries;
    country_bits countries;
    i128 total;              /* sum of partner costs */
    bool one_currency;       /* all partners state the same currency */
    const char *currency;    /* that currency, or the first one */
    const char *other_currency;
} facts;

static void facts_of(const elig_proposal *p, facts *f)
{
    memset(f, 0, sizeof *f);
    f->one_currency = true;
    for (int i = 0; i < p->npartners; i++) {
        const elig_partner *pa = &p->partners[i];
        int slot = country_slot(pa->country);
        if (slot >= 0 && !bits_test(&f->countries, slot)) {
            bits_set(&f->countries, slot);
            f->ncountries++;
        }
        f->total += partner_cost(pa);
        if (f->currency == NULL)
            f->currency = pa->currency;
        else if (strcmp(f->currency, pa->currency) != 0 && f->one_currency) {
            f->one_currency = false;
            f->other_currency = pa->currency;
        }
    }
    if (f->currency == NULL)
        f->currency = "";
}

/* ---- one function per rule ------------------------------------------ */

typedef struct ctx {
    const elig_rules *r;
    const elig_proposal *p;
    const facts *f;
    elig_result *out;
} ctx;

typedef struct rr {
    elig_rule_result *res;
    text en, zh;
} rr;

static rr rule_begin(ctx *c, const char *code)
{
    elig_rule_result *res = &c->out->rules[c->out->nrules++];
    res->code = code;
    res->pass = true;
    res->pending = false;
    res->funder[0] = '\0';
    res->npartners = 0;
    return (rr){res, text_on(res->en, sizeof res->en), text_on(res->zh, sizeof res->zh)};
}

static void blame(rr *x, int partner)
{
    for (int i = 0; i < x->res->npartners; i++)
        if (x->res->partners[i] == partner)
            return;
    if (x->res->npartners < ELIG_MAX_PARTNERS)
        x->res->partners[x->res->npartners++] = (unsigned char)partner;
}

static void rule_partners(ctx *c, bool is_min)
{
    const elig_bounds *b = &c->r->partners;
    int n = c->p->npartners;
    int64_t limit = is_min ? b->min : b->max;
    rr x = rule_begin(c, is_min ? "min_partners" : "max_partners");
    x.res->pass = is_min ? n >= limit : n <= limit;
    put(&x.en, "The consortium has ");
    put_int(&x.en, n);
    put(&x.en, n == 1 ? " partner; this call requires " : " partners; this call requires ");
    put(&x.en, is_min ? "at least " : "at most ");
    put_int(&x.en, limit);
    put(&x.zh, "联合体有");
    put_int(&x.zh, n);
    put(&x.zh, is_min ? "个合作方；本征集要求至少" : "个合作方；本征集要求至多");
    put_int(&x.zh, limit);
    put(&x.zh, "个");
}

static void rule_min_countries(ctx *c)
{
    rr x = rule_begin(c, "min_countries");
    int n = c->f->ncountries, min = c->r->min_countries.min;
    x.res->pass = n >= min;
    put(&x.en, "The partners come from ");
    put_int(&x.en, n);
    put(&x.en, n == 1 ? " country; this call requires at least "
                      : " countries; this call requires at least ");
    put_int(&x.en, min);
    put(&x.zh, "合作方来自");
    put_int(&x.zh, n);
    put(&x.zh, "个国家；本征集要求至少");
    put_int(&x.zh, min);
    put(&x.zh, "个");
}

static void rule_participating(ctx *c)
{
    rr x = rule_begin(c, "participating_countries");
    country_bits allowed;
    bits_of_set(&c->r->participating.countries, &allowed);
    int outside = 0, at_own = 0;
    const char *first = NULL;
    for (int i = 0; i < c->p->npartners; i++) {
        const elig_partner *pa = &c->p->partners[i];
        if (bits_test(&allowed, country_slot(pa->country)))
            continue;
        if (pa->own_expense && c->r->participating.allow_own_expense) {
            at_own++;
            blame(&x, i);
            continue;
        }
        outside++;
        if (first == NULL)
            first = pa->country;
    }
    if (outside) {
        /* blame only the partners at fault, not the noted ones */
        x.res->npartners = 0;
        for (int i = 0; i < c->p->npartners; i++) {
            const elig_partner *pa = &c->p->partners[i];
            if (!bits_test(&allowed, country_slot(pa->country)) &&
                !(pa->own_expense && c->r->participating.allow_own_expense))
                blame(&x, i);
        }
        x.res->pass = false;
        put_int(&x.en, outside);
        put(&x.en, outside == 1 ? " partner is" : " partners are");
        put(&x.en, " from a country not participating in this call (");
        put(&x.en, first);
        put(&x.en, outside > 1 ? ", ...)" : ")");
        if (c->r->participating.allow_own_expense)
            put(&x.en, "; such partners may take part only at their own expense");
        put_int(&x.zh, outside);
        put(&x.zh, "个合作方来自未参加本征集的国家（");
        put(&x.zh, first);
        put(&x.zh, outside > 1 ? "等）" : "）");
        if (c->r->participating.allow_own_expense)
            put(&x.zh, "；此类合作方只能自费参加");
        return;
    }
    put(&x.en, "All funded partners are from participating countries");
    put(&x.zh, "所有受资助的合作方均来自参加本征集的国家");
    if (at_own) {
        put(&x.en, "; ");
        put_int(&x.en, at_own);
        put(&x.en, at_own == 1 ? " partner from another country takes part at its own expense"
                               : " partners from other countries take part at their own expense");
        put(&x.zh, "；");
        put_int(&x.zh, at_own);
        put(&x.zh, "个来自其他国家的合作方自费参加");
    }
}

/* Currency check shared by the budget-share rules: false (and the rule
 * failed with a reason) when the partners' amounts are in several. */
static bool one_currency(ctx *c, rr *x)
{
    if (c->f->one_currency)
        return true;
    x->res->pass = false;
    put(&x->en, "The budget mixes currencies (");
    put(&x->en, c->f->currency);
    put(&x->en, ", ");
    put(&x->en, c->f->other_currency);
    put(&x->en, "); budget shares can be compared only in one currency");
    put(&x->zh, "预算混用多种货币（");
    put(&x->zh, c->f->currency);
    put(&x->zh, "、");
    put(&x->zh, c->f->other_currency);
    put(&x->zh, "）；只能在同一货币下比较预算份额");
    return false;
}

/* Largest group share: groups are organisations (by_country false) or
 * countries.  Blames every partner of every group above the limit. */
static void rule_max_share(ctx *c, bool by_country)
{
    rr x = rule_begin(c, by_country ? "max_share_per_country" : "max_share_per_organisation");
    if (!one_currency(c, &x))
        return;
    int64_t bp = by_country ? c->r->max_share_country.bp : c->r->max_share_org.bp;
    const elig_proposal *p = c->p;
    i128 total = c->f->total, worst = -1;
    int worst_at = -1;
    for (int i = 0; i < p->npartners; i++) {
        const char *key_i = by_country ? p->partners[i].country : p->partners[i].org;
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = strcmp(key_i, by_country ? p->partners[j].country : p->partners[j].org) == 0;
        if (seen)
            continue;
        i128 sum = 0;
        for (int j = i; j < p->npartners; j++)
            if (strcmp(key_i, by_country ? p->partners[j].country : p->partners[j].org) == 0)
                sum += partner_cost(&p->partners[j]);
        if (sum * 10000 > (i128)bp * total) {
            x.res->pass = false;
            for (int j = i; j < p->npartners; j++)
                if (strcmp(key_i, by_country ? p->partners[j].country : p->partners[j].org) == 0)
                    blame(&x, j);
        }
        if (sum > worst) {
            worst = sum;
            worst_at = i;
        }
    }
    if (worst_at < 0) {
        put(&x.en, "The consortium has no budget");
        put(&x.zh, "联合体没有预算");
        return;
    }
    const char *key = by_country ? p->partners[worst_at].country : p->partners[worst_at].org;
    if (by_country) {
        put(&x.en, "Partners in ");
        put(&x.en, key);
        put(&x.en, " hold ");
    } else {
        put(&x.en, key);
        put(&x.en, " holds ");
    }
    put_pct(&x.en, worst, total, bp);
    put(&x.en, " of the budget; this call allows at most ");
    put_bp(&x.en, bp);
    put(&x.en, by_country ? " per country" : " per organisation");
    put(&x.zh, key);
    put(&x.zh, by_country ? "的合作方占预算的" : "占预算的");
    put_pct(&x.zh, worst, total, bp);
    put(&x.zh, by_country ? "；本征集规定每个国家至多占" : "；本征集规定每个机构至多占");
    put_bp(&x.zh, bp);
}

static void put_types(text *t, const elig_type_set *ts, const char *sep)
{
    for (int i = 0; i < ts->n; i++) {
        if (i)
            put(t, sep);
        put(t, ts->names[i]);
    }
}

static void rule_lead_type(ctx *c)
{
    rr x = rule_begin(c, "lead_type");
    const elig_type_set *ts = &c->r->lead_type.types;
    int ncoord = 0, at = -1;
    for (int i = 0; i < c->p->npartners; i++)
        if (c->p->partners[i].coordinator) {
            ncoord++;
            at = i;
            if (ncoord > 1)
                blame(&x, i);
        }
    if (ncoord == 0) {
        x.res->pass = false;
        put(&x.en, "The consortium has no coordinator; this call requires one of type ");
        put_types(&x.en, ts, " or ");
        put(&x.zh, "联合体没有协调方；本征集要求类型为");
        put_types(&x.zh, ts, "或");
        put(&x.zh, "的协调方");
        return;
    }
    if (ncoord > 1) {
        x.res->pass = false;
        put(&x.en, "The consortium has ");
        put_int(&x.en, ncoord);
        put(&x.en, " coordinators; exactly one is required");
        put(&x.zh, "联合体有");
        put_int(&x.zh, ncoord);
        put(&x.zh, "个协调方；只能有一个");
        return;
    }
    const elig_partner *lead = &c->p->partners[at];
    x.res->pass = type_in(lead, ts);
    if (!x.res->pass)
        blame(&x, at);
    put(&x.en, "The coordinator is of type ");
    put(&x.en, lead->sme && type_in(lead, ts) ? "sme" : lead->type);
    put(&x.en, "; this call requires ");
    put_types(&x.en, ts, " or ");
    put(&x.zh, "协调方的类型为");
    put(&x.zh, lead->sme && type_in(lead, ts) ? "sme" : lead->type);
    put(&x.zh, "；本征集要求");
    put_types(&x.zh, ts, "或");
}

static void rule_min_share_type(ctx *c)
{
    rr x = rule_begin(c, "min_share_by_type");
    if (!one_currency(c, &x))
        return;
    const char *type = c->r->min_share_type.type;
    int64_t bp = c->r->min_share_type.bp;
    i128 part = 0;
    for (int i = 0; i < c->p->npartners; i++)
        if (type_matches(&c->p->partners[i], type))
            part += partner_cost(&c->p->partners[i]);
    i128 total = c->f->total;
    x.res->pass = total > 0 && part * 10000 >= (i128)bp * total;
    bool sme = strcmp(type, "sme") == 0;
    if (sme) {
        put(&x.en, "SMEs hold ");
        put(&x.zh, "中小企业占预算的");
    } else {
        put(&x.en, "Partners of type ");
        put(&x.en, type);
        put(&x.en, " hold ");
        put(&x.zh, "类型为");
        put(&x.zh, type);
        put(&x.zh, "的合作方占预算的");
    }
    put_pct(&x.en, part, total, bp);
    put(&x.en, " of the budget; this call requires at least ");
    put_bp(&x.en, bp);
    put_pct(&x.zh, part, total, bp);
    put(&x.zh, "；本征集要求至少");
    put_bp(&x.zh, bp);
}

static void rule_target_quota(ctx *c)
{
    rr x = rule_begin(c, "target_country_quota");
    country_bits target;
    bits_of_set(&c->r->target_quota.countries, &target);
    int hits = 0;
    for (int s = 0; s < 26 * 26; s++)
        if (bits_test(&c->f->countries, s) && bits_test(&target, s))
            hits++;
    int n = c->f->ncountries;
    int64_t bp = c->r->target_quota.bp;
    x.res->pass = n > 0 && (i128)hits * 10000 >= (i128)bp * n;
    put_int(&x.en, hits);
    put(&x.en, " of ");
    put_int(&x.en, n);
    put(&x.en, " countries (");
    put_pct(&x.en, hits, n, bp);
    put(&x.en, ") are target countries; this call requires at least ");
    put_bp(&x.en, bp);
    put_int(&x.zh, n);
    put(&x.zh, "个国家中有");
    put_int(&x.zh, hits);
    put(&x.zh, "个（");
    put_pct(&x.zh, hits, n, bp);
    put(&x.zh, "）是目标国家；本征集要求至少");
    put_bp(&x.zh, bp);
}

static void rule_region(ctx *c)
{
    rr x = rule_begin(c, "region_presence");
    int hits = 0;
    for (int i = 0; i < c->p->npartners; i++) {
        const iso_country *ic = iso_country_by_alpha2(c->p->partners[i].country);
        if (ic == NULL)
            continue;
        for (int k = 0; k < c->r->region.n; k++)
            if (strcmp(ic->region, c->r->region.names[k]) == 0 ||
                strcmp(ic->subregion, c->r->region.names[k]) == 0) {
                hits++;
                break;
            }
    }
    x.res->pass = hits > 0;
    char names[ELIG_NAME_MAX * ELIG_MAX_REGIONS + 8 * ELIG_MAX_REGIONS];
    text nt = text_on(names, sizeof names);
    for (int k = 0; k < c->r->region.n; k++) {
        if (k)
            put(&nt, " / ");
        put(&nt, c->r->region.names[k]);
    }
    if (hits) {
        put_int(&x.en, hits);
        put(&x.en, hits == 1 ? " partner is from " : " partners are from ");
        put(&x.en, names);
        put_int(&x.zh, hits);
        put(&x.zh, "个合作方来自");
        put(&x.zh, names);
    } else {
        put(&x.en, "No partner is from ");
        put(&x.en, names);
        put(&x.en, "; this call requires at least one");
        put(&x.zh, "没有来自");
        put(&x.zh, names);
        put(&x.zh, "的合作方；本征集要求至少一个");
    }
}

static void rule_team_size(ctx *c)
{
    rr x = rule_begin(c, "team_size");
    const elig_bounds *b = &c->r->team_size.b;
    if (c->r->team_size.per_partner) {
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        for (int i = 0; i < c->p->npartners; i++) {
            int n = c->p->partners[i].team_size;
            lo = n < lo ? n : lo;
            hi = n > hi ? n : hi;
            if (!in_bounds(b, n)) {
                x.res->pass = false;
                blame(&x, i);
            }
        }
        if (c->p->npartners == 0)
            lo = hi = 0;
        put(&x.en, "Partner teams have ");
        put_int(&x.en, lo);
        put(&x.en, " to ");
        put_int(&x.en, hi);
        put(&x.en, " people; this call requires ");
        put_bounds_en(&x.en, b);
        put(&x.en, " per partner");
        put(&x.zh, "各合作方团队为");
        put_int(&x.zh, lo);
        put(&x.zh, "至");
        put_int(&x.zh, hi);
        put(&x.zh, "人；本征集要求每个合作方");
        put_bounds_zh(&x.zh, b);
        put(&x.zh, "人");
        return;
    }
    int64_t n = 0;
    for (int i = 0; i < c->p->npartners; i++)
        n += c->p->partners[i].team_size;
    x.res->pass = in_bounds(b, n);
    put(&x.en, "The team has ");
    put_int(&x.en, n);
    put(&x.en, n == 1 ? " person; this call requires " : " people; this call requires ");
    put_bounds_en(&x.en, b);
    put(&x.zh, "团队有");
    put_int(&x.zh, n);
    put(&x.zh, "人；本征集要求");
    put_bounds_zh(&x.zh, b);
    put(&x.zh, "人");
}

static void rule_pi_country(ctx *c)
{
    rr x = rule_begin(c, "pi_member_country");
    int at = -1;
    for (int i = 0; i < c->p->npartners && at < 0; i++)
        if (c->p->partners[i].coordinator)
            at = i;
    if (at < 0) {
        x.res->pass = false;
        put(&x.en, "The consortium has no coordinator, so no principal investigator's organisation");
        put(&x.zh, "联合体没有协调方，因而没有项目负责人所在机构");
        return;
    }
    country_bits member;
    bits_of_set(&c->r->pi_country.countries, &member);
    const char *cc = c->p->partners[at].country;
    x.res->pass = bits_test(&member, country_slot(cc));
    put(&x.en, "The principal investigator's organisation is in ");
    put(&x.en, cc);
    put(&x.zh, "项目负责人所在机构位于");
    put(&x.zh, cc);
    if (x.res->pass) {
        put(&x.en, ", a member country");
        put(&x.zh, "，是成员国");
    } else {
        blame(&x, at);
        put(&x.en, ", not a member country");
        put(&x.zh, "，不是成员国");
    }
}

static void rule_cofunding(ctx *c)
{
    rr x = rule_begin(c, "enterprise_cofunding");
    int64_t bp = c->r->cofunding.bp;
    bool in_kind = c->r->cofunding.count_in_kind;
    int n = 0, short_n = 0;
    i128 low_part = -1, low_whole = 1;
    for (int i = 0; i < c->p->npartners; i++) {
        const elig_partner *pa = &c->p->partners[i];
        if (!type_in(pa, &c->r->cofunding.types))
            continue;
        n++;
        i128 own = (i128)pa->own_cash + (in_kind ? pa->own_in_kind : 0);
        i128 cost = partner_cost(pa);
        if (cost > 0 && (low_part < 0 || own * low_whole < low_part * cost)) {
            low_part = own;
            low_whole = cost;
        }
        if (cost > 0 && own * 10000 < (i128)bp * cost) {
            short_n++;
            blame(&x, i);
        }
    }
    x.res->pass = short_n == 0;
    if (n == 0) {
        put(&x.en, "No enterprise partner; nothing to co-fund");
        put(&x.zh, "没有企业合作方；无需自筹");
        return;
    }
    if (short_n) {
        put_int(&x.en, short_n);
        put(&x.en, short_n == 1 ? " enterprise partner covers" : " enterprise partners cover");
        put(&x.en, " less than ");
        put_bp(&x.en, bp);
        put(&x.en, " of its own costs from own funds (lowest ");
        put_int(&x.zh, short_n);
        put(&x.zh, "个企业合作方以自有资金承担的自身费用不足");
        put_bp(&x.zh, bp);
        put(&x.zh, "（最低");
    } else {
        put(&x.en, "All ");
        put_int(&x.en, n);
        put(&x.en, " enterprise partners cover at least ");
        put_bp(&x.en, bp);
        put(&x.en, " of their own costs from own funds (lowest ");
        put(&x.zh, "全部");
        put_int(&x.zh, n);
        put(&x.zh, "个企业合作方以自有资金承担至少");
        put_bp(&x.zh, bp);
        put(&x.zh, "的自身费用（最低");
    }
    put_pct(&x.en, low_part < 0 ? 0 : low_part, low_whole, bp);
    put(&x.en, in_kind ? "); in-kind contributions count" : "); in-kind contributions do not count");
    put_pct(&x.zh, low_part < 0 ? 0 : low_part, low_whole, bp);
    put(&x.zh, in_kind ? "）；实物投入计入" : "）；实物投入不计入");
}

static void rule_duration(ctx *c)
{
    rr x = rule_begin(c, "duration");
    const elig_bounds *b = &c->r->duration;
    int m = c->p->duration_months;
    x.res->pass = in_bounds(b, m);
    put(&x.en, "The project lasts ");
    put_int(&x.en, m);
    put(&x.en, " months; this call requires ");
    put_bounds_en(&x.en, b);
    put(&x.zh, "项目为期");
    put_int(&x.zh, m);
    put(&x.zh, "个月；本征集要求");
    put_bounds_zh(&x.zh, b);
    put(&x.zh, "个月");
}

/* Every partner (those at their own expense too) signs its commitment form
 * within N days of submission.  A partner is at fault when it signed after
 * the deadline, or has not signed and the deadline has passed (as of
 * p->now); it is pending when it has not signed and the deadline is still
 * ahead, or the proposal is a draft (no deadline yet).  A signature before
 * submission is within the window.  Any partner at fault fails the rule
 * (all of them blamed); otherwise any pending partner leaves it pending
 * (the unsigned partners listed). */
static void rule_commitment(ctx *c)
{
    rr x = rule_begin(c, "commitment");
    const elig_proposal *p = c->p;
    int n = p->npartners, days = c->r->commitment.days;
    bool draft = p->submitted_at == 0;
    i128 submitted = p->submitted_at;
    i128 deadline = submitted + (i128)days * DAY_SECONDS;
    i128 now = p->now ? p->now : p->submitted_at;
    int nsigned = 0, faults = 0;
    for (int i = 0; i < n; i++) {
        const elig_partner *pa = &p->partners[i];
        bool signed_ = pa->committed_at > 0;
        nsigned += signed_;
        if (draft || (signed_ ? pa->committed_at <= deadline : now <= deadline))
            continue;
        blame(&x, i);
        if (faults++ >= 2)
            continue;      /* the first two are named; all are blamed */
        put(&x.en, faults == 1 ? "Partner " : "; partner ");
        put(&x.en, pa->org);
        put(&x.zh, faults == 1 ? "合作伙伴" : "；合作伙伴");
        put(&x.zh, pa->org);
        int64_t after = days_up((signed_ ? (i128)pa->committed_at : now) - submitted);
        if (signed_) {
            put(&x.en, " signed its commitment form ");
            put_int(&x.en, after);
            put(&x.en, after == 1 ? " day after submission" : " days after submission");
            put(&x.zh, "在提交后");
            put_int(&x.zh, after);
            put(&x.zh, "天才签署承诺书");
        } else {
            put(&x.en, " has not signed its commitment form, ");
            put_int(&x.en, after);
            put(&x.en, after == 1 ? " day after submission" : " days after submission");
            put(&x.zh, "在提交");
            put_int(&x.zh, after);
            put(&x.zh, "天后仍未签署承诺书");
        }
    }
    if (faults) {
        x.res->pass = false;
        if (faults > 2) {
            put(&x.en, "; and ");
            put_int(&x.en, faults - 2);
            put(&x.en, " more");
            put(&x.zh, "；另有");
            put_int(&x.zh, faults - 2);
            put(&x.zh, "个");
        }
        put(&x.en, "; this call allows ");
        put_int(&x.en, days);
        put(&x.en, days == 1 ? " day (by " : " days (by ");
        put_time(&x.en, deadline);
        put(&x.en, ")");
        put(&x.zh, "；本征集要求在提交后");
        put_int(&x.zh, days);
        put(&x.zh, "天内签署（截止");
        put_time(&x.zh, deadline);
        put(&x.zh, "）");
        return;
    }
    if (n == 0) {
        put(&x.en, "The consortium has no partners to sign commitment forms");
        put(&x.zh, "联合体没有需签署承诺书的合作伙伴");
        return;
    }
    if (nsigned < n) {
        x.res->pass = false;
        x.res->pending = true;
        for (int i = 0; i < n; i++)
            if (p->partners[i].committed_at <= 0)
                blame(&x, i);
    }
    if (nsigned < n && draft) {
        put(&x.en, n == 1 ? "The partner must sign its commitment form within "
                          : "All ");
        if (n > 1) {
            put_int(&x.en, n);
            put(&x.en, " partners must sign their commitment forms within ");
        }
        put_int(&x.en, days);
        put(&x.en, days == 1 ? " day of submission; " : " days of submission; ");
        put_int(&x.en, nsigned);
        put(&x.en, nsigned == 1 ? " has signed" : " have signed");
        put(&x.zh, "全部");
        put_int(&x.zh, n);
        put(&x.zh, "个合作伙伴须在提交后");
        put_int(&x.zh, days);
        put(&x.zh, "天内签署承诺书；已有");
        put_int(&x.zh, nsigned);
        put(&x.zh, "个签署");
    } else if (nsigned < n) {
        put_int(&x.en, nsigned);
        put(&x.en, " of ");
        put_int(&x.en, n);
        put(&x.en, nsigned == 1 ? " partners has signed" : " partners have signed");
        put(&x.en, " their commitment forms; all must sign within ");
        put_int(&x.en, days);
        put(&x.en, days == 1 ? " day of submission (by " : " days of submission (by ");
        put_time(&x.en, deadline);
        put(&x.en, ")");
        put_int(&x.zh, n);
        put(&x.zh, "个合作伙伴中有");
        put_int(&x.zh, nsigned);
        put(&x.zh, "个已签署承诺书；所有伙伴须在提交后");
        put_int(&x.zh, days);
        put(&x.zh, "天内签署（截止");
        put_time(&x.zh, deadline);
        put(&x.zh, "）");
    } else {
        if (n == 1) {
            put(&x.en, "The partner ");
            put(&x.en, draft ? "has signed its commitment form" : "signed its commitment form");
        } else {
            put(&x.en, "All ");
            put_int(&x.en, n);
            put(&x.en, draft ? " partners have signed their commitment forms"
                             : " partners signed their commitment forms");
        }
        put(&x.zh, "全部");
        put_int(&x.zh, n);
        if (draft) {
            put(&x.en, "; this call requires signing within ");
            put_int(&x.en, days);
            put(&x.en, days == 1 ? " day of submission" : " days of submission");
            put(&x.zh, "个合作伙伴均已签署承诺书；本征集要求在提交后");
            put_int(&x.zh, days);
            put(&x.zh, "天内签署");
        } else {
            put(&x.en, " within ");
            put_int(&x.en, days);
            put(&x.en, days == 1 ? " day of submission (by " : " days of submission (by ");
            put_time(&x.en, deadline);
            put(&x.en, ")");
            put(&x.zh, "个合作伙伴均在提交后");
            put_int(&x.zh, days);
            put(&x.zh, "天内签署了承诺书（截止");
            put_time(&x.zh, deadline);
            put(&x.zh, "）");
        }
    }
}

static void rule_annex(ctx *c, const elig_funder *fu)
{
    rr x = rule_begin(c, "national_annex");
    const elig_annex *a = &fu->annex;
    memcpy(x.res->funder, fu->id, sizeof x.res->funder);
    put(&x.en, "Funder ");
    put(&x.en, fu->id);
    put(&x.zh, "资助方");
    put(&x.zh, fu->id);
    int paid = 0, problems = 0;
    for (int i = 0; i < c->p->npartners; i++) {
        const elig_partner *pa = &c->p->partners[i];
        if (pa->own_expense || strcmp(pa->funder, fu->id) != 0)
            continue;
        paid++;
        const char *why_en = NULL, *why_zh = NULL;
        enum { COUNTRY, MONEY, TYPE, DURATION } kind = COUNTRY;
        int64_t limit = 0;
        if (a->own_country_only && strcmp(pa->country, fu->country) != 0) {
            why_en = " is in another country than ";
            why_zh = "位于其他国家，而非";
        } else if (a->has_min_request && pa->requested < a->min_request) {
            why_en = " requests less than the minimum of ";
            why_zh = "的申请额低于最低额";
            kind = MONEY;
            limit = a->min_request;
        } else if (a->has_max_request && pa->requested > a->max_request) {
            why_en = " requests more than the maximum of ";
            why_zh = "的申请额高于最高额";
            kind = MONEY;
            limit = a->max_request;
        } else if (a->types.n && !type_in(pa, &a->types)) {
            why_en = " is of a type this funder does not pay: ";
            why_zh = "的类型不在本资助方的资助范围内：";
            kind = TYPE;
        } else if (a->has_max_duration && c->p->duration_months > a->max_duration_months) {
            why_en = "'s project lasts longer than this funder's maximum of ";
            why_zh = "的项目期限超过本资助方上限";
            kind = DURATION;
        } else {
            continue;
        }
        blame(&x, i);
        if (problems++ >= 2)
            continue;      /* the first two reasons are named; all blamed */
        put(&x.en, problems == 1 ? ": partner " : "; partner ");
        put(&x.en, pa->org);
        put(&x.en, why_en);
        put(&x.zh, problems == 1 ? "：合作方" : "；合作方");
        put(&x.zh, pa->org);
        put(&x.zh, why_zh);
        if (kind == MONEY) {
            put_money(&x.en, limit, fu->currency);
            put(&x.en, " (");
            put_money(&x.en, pa->requested, fu->currency);
            put(&x.en, ")");
            put_money(&x.zh, limit, fu->currency);
            put(&x.zh, "（");
            put_money(&x.zh, pa->requested, fu->currency);
            put(&x.zh, "）");
        } else if (kind == COUNTRY) {
            put(&x.en, fu->country);
            put(&x.en, " (");
            put(&x.en, pa->country);
            put(&x.en, ")");
            put(&x.zh, fu->country);
            put(&x.zh, "（");
            put(&x.zh, pa->country);
            put(&x.zh, "）");
        } else if (kind == TYPE) {
            put(&x.en, pa->type);
            put(&x.zh, pa->type);
        } else {
            put_int(&x.en, a->max_duration_months);
            put(&x.en, " months");
            put_int(&x.zh, a->max_duration_months);
            put(&x.zh, "个月");
        }
    }
    x.res->pass = problems == 0;
    if (problems > 2) {
        put(&x.en, "; and ");
        put_int(&x.en, problems - 2);
        put(&x.en, " more");
        put(&x.zh, "；另有");
        put_int(&x.zh, problems - 2);
        put(&x.zh, "处");
    }
    if (problems == 0) {
        put(&x.en, " pays ");
        put_int(&x.en, paid);
        put(&x.en, paid == 1 ? " partner, within its rules" : " partners, all within its rules");
        put(&x.zh, "资助");
        put_int(&x.zh, paid);
        put(&x.zh, "个合作方，均符合其规定");
    }
}

/* Plain data that no parser vetted: report it instead of misjudging it. */
static void rule_valid_data(ctx *c)
{
    int bad = -1;
    const char *why_en = NULL, *why_zh = NULL;
    for (int i = 0; i < c->p->npartners && bad < 0; i++) {
        const elig_partner *pa = &c->p->partners[i];
        if (pa->requested < 0 || pa->own_cash < 0 || pa->own_in_kind < 0) {
            why_en = " has a negative amount";
            why_zh = "有负数金额";
        } else if (iso_country_by_alpha2(pa->country) == NULL) {
            why_en = " has an unknown country code";
            why_zh = "的国家代码无效";
        } else if (pa->committed_at < 0) {
            why_en = " has a commitment time before 1970";
            why_zh = "的承诺书签署时间早于1970年";
        } else {
            continue;
        }
        bad = i;
    }
    bool bad_times = c->p->submitted_at < 0 || c->p->now < 0;
    if (bad < 0 && !bad_times && c->f->total <= INT64_MAX &&
        c->p->npartners <= ELIG_MAX_PARTNERS)
        return;
    rr x = rule_begin(c, "valid_data");
    x.res->pass = false;
    if (bad >= 0) {
        blame(&x, bad);
        put(&x.en, "Partner ");
        put(&x.en, c->p->partners[bad].org);
        put(&x.en, why_en);
        put(&x.zh, "合作方");
        put(&x.zh, c->p->partners[bad].org);
        put(&x.zh, why_zh);
    } else if (bad_times) {
        put(&x.en, "The submission or evaluation time is before 1970");
        put(&x.zh, "提交时间或评估时间早于1970年");
    } else {
        put(&x.en, "The total budget does not fit in 64 bits");
        put(&x.zh, "总预算超出64位整数范围");
    }
}

/* eligible: every rule passed; pending: none failed outright and at least
 * one is undecided. */
static void set_verdict(elig_result *out)
{
    bool failed = false, undecided = false;
    for (int i = 0; i < out->nrules; i++) {
        if (out->rules[i].pending)
            undecided = true;
        else if (!out->rules[i].pass)
            failed = true;
    }
    out->eligible = !failed && !undecided;
    out->pending = !failed && undecided;
}

void elig_rules_init(elig_rules *r)
{
    memset(r, 0, sizeof *r);
    r->version = 1;
}

bool elig_check(const elig_rules *r, const elig_proposal *p, elig_result *out)
{
    out->nrules = 0;
    out->eligible = true;
    out->pending = false;
    elig_proposal clipped;
    if (p->npartners < 0 || p->npartners > ELIG_MAX_PARTNERS) {
        /* never index out of the array; valid_data reports it */
        memcpy(&clipped, p, sizeof clipped);
        clipped.npartners = p->npartners < 0 ? 0 : ELIG_MAX_PARTNERS;
        p = &clipped;
    }
    facts f;
    facts_of(p, &f);
    ctx c = {r, p, &f, out};
    rule_valid_data(&c);
    if (r->partners.has_min)
        rule_partners(&c, true);
    if (r->partners.has_max)
        rule_partners(&c, false);
    if (r->min_countries.present)
        rule_min_countries(&c);
    if (r->participating.present)
        rule_participating(&c);
    if (r->max_share_org.present)
        rule_max_share(&c, false);
    if (r->max_share_country.present)
        rule_max_share(&c, true);
    if (r->lead_type.present)
        rule_lead_type(&c);
    if (r->min_share_type.present)
        rule_min_share_type(&c);
    if (r->target_quota.present)
        rule_target_quota(&c);
    if (r->region.present)
        rule_region(&c);
    if (r->team_size.b.present)
        rule_team_size(&c);
    if (r->pi_country.present)
        rule_pi_country(&c);
    if (r->cofunding.present)
        rule_cofunding(&c);
    if (r->duration.present)
        rule_duration(&c);
    if (r->commitment.present)
        rule_commitment(&c);
    for (int i = 0; i < r->nfunders && i < ELIG_MAX_FUNDERS; i++)
        if (r->funders[i].annex.present)
            rule_annex(&c, &r->funders[i]);
    set_verdict(out);
    return out->eligible;
}

const elig_rule_result *elig_result_find(const elig_result *r, const char *code,
                                         const char *funder)
{
    for (int i = 0; i < r->nrules; i++)
        if (strcmp(r->rules[i].code, code) == 0 &&
            (funder == NULL || strcmp(r->rules[i].funder, funder) == 0))
            return &r->rules[i];
    return NULL;
}

/* ---- the round ------------------------------------------------------- */

/* One person on one application: both keys, and a union-find parent so
 * that a person known by ORCID on one application and by id on another,
 * linked by a third that gives both, is still one person. */
typedef struct entry {
    const elig_person *who;
    size_t proposal;
    int partner;          /* whose PI, or -1 */
    size_t parent;
} entry;

static size_t uf_find(entry *e, size_t i)
{
    while (e[i].parent != i) {
        e[i].parent = e[e[i].parent].parent;
        i = e[i].parent;
    }
    return i;
}

static void uf_join(entry *e, size_t a, size_t b)
{
    a = uf_find(e, a);
    b = uf_find(e, b);
    if (a != b)
        e[a < b ? b : a].parent = a < b ? a : b;
}

static int by_orcid(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return strcmp(x->who->orcid, y->who->orcid);
}

static int by_id(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return strcmp(x->who->id, y->who->id);
}

/* Union runs of equal, non-empty keys in a copy sorted by key; the copy's
 * parent fields are indexes into e. */
static void join_equal(entry *e, size_t n, entry *tmp, bool orcid)
{
    memcpy(tmp, e, n * sizeof *e);
    for (size_t i = 0; i < n; i++)
        tmp[i].partner = (int)i;   /* reuse as the index into e */
    qsort(tmp, n, sizeof *tmp, orcid ? by_orcid : by_id);
    for (size_t i = 1; i < n; i++) {
        const char *k0 = orcid ? tmp[i - 1].who->orcid : tmp[i - 1].who->id;
        const char *k1 = orcid ? tmp[i].who->orcid : tmp[i].who->id;
        if (k1[0] && strcmp(k0, k1) == 0)
            uf_join(e, (size_t)tmp[i - 1].partner, (size_t)tmp[i].partner);
    }
}

typedef struct key_at {
    size_t root, proposal, entry;
} key_at;

static int by_root(const void *a, const void *b)
{
    const key_at *x = a, *y = b;
    if (x->root != y->root)
        return x->root < y->root ? -1 : 1;
    if (x->proposal != y->proposal)
        return x->proposal < y->proposal ? -1 : 1;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static const char *person_name(const elig_person *p)
{
    return p->orcid[0] ? p->orcid : p->id;
}

size_t elig_check_round(const elig_rules *r, const elig_proposal *const p[],
                        size_t n, elig_result results[])
{
    for (size_t i = 0; i < n; i++)
        elig_check(r, p[i], &results[i]);
    if (r->per_person.present && n > 0) {
        size_t total = 0;
        for (size_t i = 0; i < n; i++) {
            int np = p[i]->npartners < 0 ? 0 : p[i]->npartners > ELIG_MAX_PARTNERS ? ELIG_MAX_PARTNERS : p[i]->npartners;
            int pp = p[i]->npeople < 0 ? 0 : p[i]->npeople > ELIG_MAX_PEOPLE ? ELIG_MAX_PEOPLE : p[i]->npeople;
            total += (size_t)np + (size_t)pp;
        }
        entry *e = xreallocarray(NULL, total ? total : 1, sizeof *e);
        entry *tmp = xreallocarray(NULL, total ? total : 1, sizeof *tmp);
        key_at *k = xreallocarray(NULL, total ? total : 1, sizeof *k);
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            int np = p[i]->npartners < 0 ? 0 : p[i]->npartners > ELIG_MAX_PARTNERS ? ELIG_MAX_PARTNERS : p[i]->npartners;
            int pp = p[i]->npeople < 0 ? 0 : p[i]->npeople > ELIG_MAX_PEOPLE ? ELIG_MAX_PEOPLE : p[i]->npeople;
            for (int j = 0; j < np; j++)
                e[m] = (entry){&p[i]->partners[j].pi, i, j, m}, m++;
            for (int j = 0; j < pp; j++)
                e[m] = (entry){&p[i]->people[j], i, -1, m}, m++;
        }
        join_equal(e, m, tmp, true);
        join_equal(e, m, tmp, false);
        for (size_t i = 0; i < m; i++)
            k[i] = (key_at){uf_find(e, i), e[i].proposal, i};
        qsort(k, m, sizeof *k, by_root);

        /* For each proposal, the person on the most applications. */
        size_t *worst = xcalloc(n, sizeof *worst);
        size_t *worst_entry = xcalloc(n, sizeof *worst_entry);
        for (size_t a = 0; a < m;) {
            size_t b = a, apps = 0;
            const elig_person *who = e[k[a].entry].who;
            for (; b < m && k[b].root == k[a].root; b++) {
                if (b == a || k[b].proposal != k[b - 1].proposal)
                    apps++;
                if (who->orcid[0] == '\0' && e[k[b].entry].who->orcid[0])
                    who = e[k[b].entry].who;
            }
            if (who->orcid[0] || who->id[0])
                for (size_t q = a; q < b; q++)
                    if (apps > worst[k[q].proposal]) {
                        worst[k[q].proposal] = apps;
                        worst_entry[k[q].proposal] = k[q].entry;
                    }
            a = b;
        }
        for (size_t i = 0; i < n; i++) {
            elig_result *out = &results[i];
            if (out->nrules >= ELIG_MAX_RESULTS)
                continue;
            ctx c = {r, p[i], NULL, out};
            rr x = rule_begin(&c, "max_applications_per_person");
            int max = r->per_person.max;
            size_t apps = worst[i];
            x.res->pass = apps <= (size_t)max;
            if (!x.res->pass) {
                out->eligible = false;
                out->pending = false;
                size_t root = uf_find(e, worst_entry[i]);
                const elig_person *who = e[worst_entry[i]].who;
                for (size_t q = 0; q < m; q++)
                    if (e[q].proposal == i && uf_find(e, q) == root && e[q].partner >= 0)
                        blame(&x, e[q].partner);
                put(&x.en, "Person ");
                put(&x.en, person_name(who));
                put(&x.en, " is on ");
                put_int(&x.en, (int64_t)apps);
                put(&x.en, " applications in this round; this call allows at most ");
                put_int(&x.en, max);
                put(&x.zh, "人员");
                put(&x.zh, person_name(who));
                put(&x.zh, "在本轮参与");
                put_int(&x.zh, (int64_t)apps);
                put(&x.zh, "份申请；本征集规定至多");
                put_int(&x.zh, max);
                put(&x.zh, "份");
            } else {
                put(&x.en, "Nobody on this application is on more than ");
                put_int(&x.en, max);
                put(&x.en, max == 1 ? " application in this round" : " applications in this round");
                put(&x.zh, "本申请的人员在本轮参与的申请均不超过");
                put_int(&x.zh, max);
                put(&x.zh, "份");
            }
        }
        free(worst);
        free(worst_entry);
        free(k);
        free(tmp);
        free(e);
    }
    size_t eligible = 0;
    for (size_t i = 0; i < n; i++)
        eligible += results[i].eligible;
    return eligible;
}
