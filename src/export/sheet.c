/*
 * sheet.c -- see sheet.h.  Filling only records typed cells (strings are
 * copied into the sheet's arena); each writer walks them once.  Money is
 * rendered from int64 minor units with integer arithmetic only; the XLSX
 * number is one correctly rounded division of an exactly representable
 * integer, so it is the double nearest the decimal amount.
 */
#include "export/sheet.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/ident.h"
#include "core/text.h"
#include "registry/iso.h"

/* Below this magnitude an int64 has at most 15 decimal digits, which a
 * double -- and a spreadsheet -- carries exactly. */
#define EXACT_LIMIT INT64_C(1000000000000000)
/* Excel's limit on a tab name, in UTF-16 units. */
#define NAME_UNITS 31
/* Room for a sanitised name: 31 units are at most 31 * 3 bytes of UTF-8
 * (a 4-byte character counts two units). */
#define NAME_BYTES (NAME_UNITS * 3 + 1)
/* "-92233720368547758.08" and the like, with room to spare. */
#define DECIMAL_MAX 32
#define WIDTH_MIN 8
#define WIDTH_MAX 60

typedef enum cell_kind { CELL_BLANK, CELL_TEXT, CELL_INT, CELL_MONEY, CELL_DATE } cell_kind;

typedef struct cell {
    cell_kind kind;
    int64_t v;                  /* CELL_INT, CELL_MONEY */
    const char *s;              /* CELL_TEXT, CELL_DATE: in the arena */
    const iso_currency *cur;    /* CELL_MONEY: static registry data */
} cell;

typedef struct tab {
    const char *name;
    const char **headers;
    int ncols;
    cell *cells;                /* nrows * ncols, then the open row's */
    size_t ncells, cap;
    size_t nrows;
} tab;

struct sheet {
    arena a;
    tab *tabs;
    int ntabs, cap;
    bool failed;
    serai_err err;
};

/* ---- small text helpers ----------------------------------------------- */

/* Decode one code point of valid UTF-8 at *p and advance. */
static uint32_t utf8_next(const char **p)
{
    const unsigned char *s = (const unsigned char *)*p;
    uint32_t c = s[0];
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n == 2)
        c &= 0x1F;
    else if (n == 3)
        c &= 0x0F;
    else if (n == 4)
        c &= 0x07;
    for (int i = 1; i < n; i++)
        c = (c << 6) | (s[i] & 0x3F);
    *p += n;
    return c;
}

/* Columns a code point takes on screen: East Asian wide ones two. */
static int cp_width(uint32_t c)
{
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
        (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) ||
        (c >= 0x20000 && c <= 0x3FFFD))
        return 2;
    return 1;
}

/* Width of the longest line of s. */
static size_t text_width(const char *s)
{
    size_t best = 0, w = 0;
    while (*s) {
        uint32_t c = utf8_next(&s);
        if (c == '\n') {
            w = 0;
            continue;
        }
        w += (size_t)cp_width(c);
        if (w > best)
            best = w;
    }
    return best;
}

static size_t cp_count(const char *s)
{
    size_t n = 0;
    while (*s)
        if (((unsigned char)*s++ & 0xC0) != 0x80)
            n++;
    return n;
}

/* s cut to at most max bytes at a character boundary, into out. */
static const char *clip(char *out, size_t max, const char *s)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

static bool two_digits(const char *p, int max, int *out)
{
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
        return false;
    *out = (p[0] - '0') * 10 + (p[1] - '0');
    return *out <= max;
}

/* 1 for "YYYY-MM-DD", 2 for "YYYY-MM-DDTHH:MM:SSZ", 0 for anything else;
 * fills dt when not 0. */
static int date_parse(const char *s, lxw_datetime *dt)
{
    *dt = (lxw_datetime){0};
    size_t n = strlen(s);
    if (n != 10 && n != 20)
        return 0;
    char day[11];
    memcpy(day, s, 10);
    day[10] = '\0';
    if (!ident_date_valid(day))
        return 0;
    dt->year = (day[0] - '0') * 1000 + (day[1] - '0') * 100 + (day[2] - '0') * 10 +
               (day[3] - '0');  /* four digits, checked above */
    dt->month = (day[5] - '0') * 10 + (day[6] - '0');
    dt->day = (day[8] - '0') * 10 + (day[9] - '0');
    if (n == 10)
        return 1;
    int h, m, sec;
    if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' ||
        !two_digits(s + 11, 23, &h) || !two_digits(s + 14, 59, &m) ||
        !two_digits(s + 17, 59, &sec))
        return 0;
    dt->hour = h;
    dt->min = m;
    dt->sec = sec;
    return 2;
}

static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* The exact decimal of minor units with exponent exp ("-0.05"). */
static size_t money_decimal(char out[DECIMAL_MAX], int64_t minor, int exp)
{
    char d[24];
    int n = snprintf(d, sizeof d, "%" PRIu64, magnitude(minor));
    size_t o = 0;
    if (minor < 0)
        out[o++] = '-';
    int whole = n - exp;
    if (exp == 0) {
        memcpy(out + o, d, (size_t)n);
        o += (size_t)n;
    } else if (whole <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (int i = 0; i < -whole; i++)
            out[o++] = '0';
        memcpy(out + o, d, (size_t)n);
        o += (size_t)n;
    } else {
        memcpy(out + o, d, (size_t)whole);
        o += (size_t)whole;
        out[o++] = '.';
        memcpy(out + o, d + whole, (size_t)exp);
        o += (size_t)exp;
    }
    out[o] = '\0';
    return o;
}

/* ---- filling ------------------------------------------------------------ */

sheet *sheet_new(void)
{
    sheet *s = xcalloc(1, sizeof *s);
    arena_init(&s->a);
    serai_err_clear(&s->err);
    return s;
}

void sheet_free(sheet *s)
{
    if (s == NULL)
        return;
    for (int i = 0; i < s->ntabs; i++)
        free(s->tabs[i].cells);
    free(s->tabs);
    arena_free(&s->a);
    free(s);
}

static tab *current(sheet *s)
{
    return s->ntabs ? &s->tabs[s->ntabs - 1] : NULL;
}

/* What an error detail names: nothing, the open row, or the next cell. */
typedef enum at { AT_SHEET, AT_ROW, AT_CELL } at;

/* Where the error happened, for error details. */
static void where(const sheet *s, at level, char *out, size_t size)
{
    const tab *t = s->ntabs ? &s->tabs[s->ntabs - 1] : NULL;
    if (level == AT_SHEET) {
        snprintf(out, size, "new tab %d", s->ntabs + 1);
        return;
    }
    if (t == NULL) {
        snprintf(out, size, "before any tab");
        return;
    }
    char name[96], head[96];
    size_t col = t->ncells - t->nrows * (size_t)t->ncols;
    if (level == AT_CELL && col < (size_t)t->ncols)
        snprintf(out, size, "tab \"%s\", row %zu, column %zu (\"%s\")",
                 clip(name, 64, t->name), t->nrows + 1, col + 1,
                 clip(head, 64, t->headers[col]));
    else
        snprintf(out, size, "tab \"%s\", row %zu", clip(name, 64, t->name),
                 t->nrows + 1);
}

/* Record the sheet's error, naming where it happened. */
__attribute__((format(printf, 4, 5)))
static void record(sheet *s, at level, serai_code code, const char *fmt, ...)
{
    char place[256], what[256];
    where(s, level, place, sizeof place);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    serai_fail(&s->err, code, NULL, "%s: %s", place, what);
    s->failed = true;
}

static size_t open_cells(const tab *t)
{
    return t->ncells - t->nrows * (size_t)t->ncols;
}

void sheet_tab(sheet *s, const char *name, const char *const headers[], int ncols)
{
    if (s->failed)
        return;
    tab *t = current(s);
    if (t && open_cells(t) != 0) {
        record(s, AT_ROW, SERAI_EINTERNAL,
               "row left unfinished (%zu of %d cells) when a new tab began", open_cells(t),
               t->ncols);
        return;
    }
    if (name == NULL)
        name = "";
    if (!ident_utf8_valid(name, strlen(name))) {
        record(s, AT_SHEET, SERAI_EINVAL, "its name is not valid UTF-8");
        return;
    }
    if (ncols < 1 || ncols > SHEET_MAX_COLS || headers == NULL) {
        record(s, AT_SHEET, SERAI_EINTERNAL, "it needs 1 to %d headers, got %d", SHEET_MAX_COLS,
               headers == NULL ? 0 : ncols);
        return;
    }
    for (int i = 0; i < ncols; i++) {
        const char *h = headers[i] ? headers[i] : "";
        if (!ident_utf8_valid(h, strlen(h))) {
            record(s, AT_SHEET, SERAI_EINVAL, "header %d is not valid UTF-8", i + 1);
            return;
        }
    }
    if (s->ntabs == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 4;
        s->tabs = xreallocarray(s->tabs, (size_t)s->cap, sizeof *s->tabs);
    }
    t = &s->tabs[s->ntabs++];
    *t = (tab){0};
    t->name = arena_strndup(&s->a, name, strlen(name));
    t->headers = arena_alloc(&s->a, (size_t)ncols * sizeof *t->headers);
    for (int i = 0; i < ncols; i++) {
        const char *h = headers[i] ? headers[i] : "";
        t->headers[i] = arena_strndup(&s->a, h, strlen(h));
    }
    t->ncols = ncols;
}

/* The slot for the next cell, or NULL (error recorded) when there is none. */
static cell *next_cell(sheet *s)
{
    if (s->failed)
        return NULL;
    tab *t = current(s);
    if (t == NULL) {
        record(s, AT_ROW, SERAI_EINTERNAL, "a cell was added");
        return NULL;
    }
    if (open_cells(t) == (size_t)t->ncols) {
        record(s, AT_ROW, SERAI_EINTERNAL, "more than %d cells in the row", t->ncols);
        return NULL;
    }
    if (t->ncells == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->cells = xreallocarray(t->cells, t->cap, sizeof *t->cells);
    }
    return &t->cells[t->ncells];
}

static void commit(sheet *s)
{
    current(s)->ncells++;
}

void sheet_text(sheet *s, const char *utf8)
{
    cell *c = next_cell(s);
    if (c == NULL)
        return;
    if (utf8 == NULL || *utf8 == '\0') {
        *c = (cell){.kind = CELL_BLANK};
    } else {
        size_t n = strlen(utf8);
        if (!ident_utf8_valid(utf8, n)) {
            record(s, AT_CELL, SERAI_EINVAL, "text is not valid UTF-8");
            return;
        }
        *c = (cell){.kind = CELL_TEXT, .s = arena_strndup(&s->a, utf8, n)};
    }
    commit(s);
}

void sheet_int(sheet *s, int64_t v)
{
    cell *c = next_cell(s);
    if (c == NULL)
        return;
    *c = (cell){.kind = CELL_INT, .v = v};
    commit(s);
}

void sheet_money(sheet *s, int64_t minor, const char *currency)
{
    cell *c = next_cell(s);
    if (c == NULL)
        return;
    const iso_currency *cur = iso_currency_by_code(currency);
    if (cur == NULL) {
        char code[16];
        record(s, AT_CELL, SERAI_EINVAL, "\"%s\" is not an active ISO 4217 currency code",
               currency ? clip(code, 8, currency) : "(null)");
        return;
    }
    *c = (cell){.kind = CELL_MONEY, .v = minor, .cur = cur};
    commit(s);
}

void sheet_date(sheet *s, const char *iso_utc)
{
    cell *c = next_cell(s);
    if (c == NULL)
        return;
    if (iso_utc == NULL || *iso_utc == '\0') {
        *c = (cell){.kind = CELL_BLANK};
    } else {
        lxw_datetime dt;
        if (date_parse(iso_utc, &dt) == 0) {
            char shown[48];
            record(s, AT_CELL, SERAI_EINVAL,
                   "\"%s\" is not a date (YYYY-MM-DD) or UTC time (YYYY-MM-DDTHH:MM:SSZ)",
                   ident_utf8_valid(iso_utc, strlen(iso_utc)) ? clip(shown, 32, iso_utc)
                                                              : "(not UTF-8)");
            return;
        }
        *c = (cell){.kind = CELL_DATE, .s = arena_strndup(&s->a, iso_utc, strlen(iso_utc))};
    }
    commit(s);
}

void sheet_blank(sheet *s)
{
    cell *c = next_cell(s);
    if (c == NULL)
        return;
    *c = (cell){.kind = CELL_BLANK};
    commit(s);
}

void sheet_row_end(sheet *s)
{
    if (s->failed)
        return;
    tab *t = current(s);
    if (t == NULL) {
        record(s, AT_ROW, SERAI_EINTERNAL, "a row was ended");
        return;
    }
    size_t n = open_cells(t);
    if (n != (size_t)t->ncols) {
        record(s, AT_ROW, SERAI_EINTERNAL, "the row has %zu cells, the tab has %d columns", n,
               t->ncols);
        return;
    }
    t->nrows++;
}

int sheet_tab_count(const sheet *s)
{
    return s->ntabs;
}

serai_code sheet_status(const sheet *s, serai_err *err)
{
    if (s->failed) {
        if (err)
            *err = s->err;
        return s->err.code;
    }
    for (int i = 0; i < s->ntabs; i++) {
        const tab *t = &s->tabs[i];
        if (open_cells(t) != 0) {
            char name[96];
            return serai_fail(err, SERAI_EINTERNAL, NULL,
                              "tab \"%s\", row %zu: row left unfinished (%zu of %d cells)",
                              clip(name, 64, t->name), t->nrows + 1, open_cells(t), t->ncols);
        }
    }
    return SERAI_OK;
}

/* ---- CSV ---------------------------------------------------------------- */

/* One field; guard adds the apostrophe against formula injection. */
static bool csv_field(buf *b, const char *s, bool guard)
{
    size_t n = strlen(s);
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    bool prefix = guard && n > 0 && strchr("=+-@\t\r", s[0]) != NULL;
    if (quote && !buf_append(b, "\"", 1))
        return false;
    if (prefix && !buf_append(b, "'", 1))
        return false;
    if (!quote)
        return buf_append(b, s, n);
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1)
        if (!buf_append(b, s, (size_t)(q - s + 1)) || !buf_append(b, "\"", 1))
            return false;
    return buf_puts(b, s) && buf_append(b, "\"", 1);
}

static bool csv_cell(buf *b, const cell *c)
{
    char num[DECIMAL_MAX];
    switch (c->kind) {
    case CELL_BLANK:
        return true;
    case CELL_TEXT:
        return csv_field(b, c->s, true);
    case CELL_DATE:
        return csv_field(b, c->s, false);
    case CELL_INT:
        snprintf(num, sizeof num, "%" PRId64, c->v);
        return buf_puts(b, num);
    case CELL_MONEY:
        return buf_append(b, num, money_decimal(num, c->v, c->cur->minor_units));
    }
    return false;
}

serai_code sheet_csv(const sheet *s, int tabno, buf *out, serai_err *err)
{
    serai_code rc = sheet_status(s, err);
    if (rc != SERAI_OK)
        return rc;
    if (tabno < 0 || tabno >= s->ntabs)
        return serai_fail(err, SERAI_EINVAL, NULL, "no tab %d: the sheet has %d", tabno,
                          s->ntabs);
    const tab *t = &s->tabs[tabno];
    size_t start = out->len;
    bool ok = true;
    for (int i = 0; ok && i < t->ncols; i++)
        ok = (i == 0 || buf_append(out, ",", 1)) && csv_field(out, t->headers[i], true);
    ok = ok && buf_append(out, "\r\n", 2);
    for (size_t r = 0; ok && r < t->nrows; r++) {
        const cell *row = t->cells + r * (size_t)t->ncols;
        for (int i = 0; ok && i < t->ncols; i++)
            ok = (i == 0 || buf_append(out, ",", 1)) && csv_cell(out, &row[i]);
        ok = ok && buf_append(out, "\r\n", 2);
    }
    if (!ok) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
        return serai_fail(err, SERAI_ETOOLARGE, NULL,
                          "the CSV of tab %d is larger than the %zu bytes allowed", tabno,
                          out->max);
    }
    return SERAI_OK;
}

/* ---- XLSX --------------------------------------------------------------- */

static size_t utf16_units(uint32_t c)
{
    return c >= 0x10000 ? 2 : 1;
}

/* The first units UTF-16 units of s, copied into out. */
static void cut_units(char *out, const char *s, size_t units)
{
    const char *p = s;
    size_t u = 0;
    while (*p) {
        const char *q = p;
        uint32_t c = utf8_next(&q);
        if (u + utf16_units(c) > units)
            break;
        u += utf16_units(c);
        p = q;
    }
    memcpy(out, s, (size_t)(p - s));
    out[p - s] = '\0';
}

/* name made acceptable to Excel (see sheet.h), into out[NAME_BYTES]. */
static void name_sanitise(char *out, const char *name)
{
    size_t o = 0, units = 0;
    for (const char *p = name; *p;) {
        const char *from = p;
        uint32_t c = utf8_next(&p);
        if (units + utf16_units(c) > NAME_UNITS)
            break;
        units += utf16_units(c);
        if (c < 0x20 || c == 0x7F || (c < 0x80 && strchr("[]:*?/\\", (int)c))) {
            out[o++] = '_';
        } else {
            memcpy(out + o, from, (size_t)(p - from));
            o += (size_t)(p - from);
        }
    }
    out[o] = '\0';
    if (o == 0) {
        snprintf(out, NAME_BYTES, "Sheet");
        return;
    }
    if (out[0] == '\'')
        out[0] = '_';
    if (out[o - 1] == '\'')
        out[o - 1] = '_';
    char *folded = text_fold(out);
    if (strcmp(folded, "history") == 0)
        snprintf(out + o, NAME_BYTES - o, "_");
    free(folded);
}

/* Whether name equals one of the n names before it, ignoring case. */
static bool name_taken(char (*names)[NAME_BYTES], int n, const char *name)
{
    char *f = text_fold(name);
    bool taken = false;
    for (int i = 0; i < n && !taken; i++) {
        char *g = text_fold(names[i]);
        taken = strcmp(f, g) == 0;
        free(g);
    }
    free(f);
    return taken;
}

/* Unique, valid names for every tab. */
static void names_make(const sheet *s, char (*names)[NAME_BYTES])
{
    for (int i = 0; i < s->ntabs; i++) {
        char base[NAME_BYTES];
        name_sanitise(base, s->tabs[i].name);
        snprintf(names[i], NAME_BYTES, "%s", base);
        for (int k = 2; name_taken(names, i, names[i]); k++) {
            char suffix[16];
            int n = snprintf(suffix, sizeof suffix, " (%d)", k);
            cut_units(names[i], base, NAME_UNITS - (size_t)n);
            size_t used = strlen(names[i]);
            snprintf(names[i] + used, NAME_BYTES - used, "%s", suffix);
        }
    }
}

/* Number formats, created once per workbook; money ones on first use,
 * indexed like iso_currencies. */
typedef struct formats {
    lxw_workbook *wb;
    lxw_format *bold, *integer, *date, *datetime;
    lxw_format **money;
} formats;

static lxw_format *money_format(formats *f, const iso_currency *cur)
{
    size_t i = (size_t)(cur - iso_currencies);
    if (f->money[i] == NULL) {
        char fmt[48];
        snprintf(fmt, sizeof fmt, "#,##0%s%.*s \"%s\"", cur->minor_units ? "." : "",
                 cur->minor_units, "0000", cur->code);
        f->money[i] = workbook_add_format(f->wb);
        format_set_num_format(f->money[i], fmt);
    }
    return f->money[i];
}

static size_t digits_of(uint64_t v)
{
    size_t n = 1;
    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

/* Screen width of a cell as the workbook shows it. */
static size_t cell_width(const cell *c)
{
    switch (c->kind) {
    case CELL_BLANK:
        return 0;
    case CELL_TEXT:
        return text_width(c->s);
    case CELL_DATE:
        return strlen(c->s) == 10 ? 10 : 19;
    case CELL_INT:
        return digits_of(magnitude(c->v)) + (c->v < 0);
    case CELL_MONEY: {
        int exp = c->cur->minor_units;
        size_t d = digits_of(magnitude(c->v));
        size_t whole = d > (size_t)exp ? d - (size_t)exp : 1;
        return (c->v < 0) + whole + (whole - 1) / 3 + (exp ? (size_t)exp + 1 : 0) + 4;
    }
    }
    return 0;
}

/* Write one cell; LXW_NO_ERROR or the library's error. */
static lxw_error xlsx_cell(lxw_worksheet *ws, formats *f, lxw_row_t r, lxw_col_t col,
                           const cell *c)
{
    char num[DECIMAL_MAX + 8];
    static const double pow10[] = {1, 10, 100, 1000, 10000};
    switch (c->kind) {
    case CELL_BLANK:
        return LXW_NO_ERROR;
    case CELL_TEXT:
        return worksheet_write_string(ws, r, col, c->s, NULL);
    case CELL_INT:
        if (c->v > -EXACT_LIMIT && c->v < EXACT_LIMIT)
            return worksheet_write_number(ws, r, col, (double)c->v, f->integer);
        snprintf(num, sizeof num, "%" PRId64, c->v);
        return worksheet_write_string(ws, r, col, num, NULL);
    case CELL_MONEY: {
        int exp = c->cur->minor_units;
        if (c->v > -EXACT_LIMIT && c->v < EXACT_LIMIT && exp >= 0 && exp <= 4)
            return worksheet_write_number(ws, r, col, (double)c->v / pow10[exp],
                                          money_format(f, c->cur));
        size_t n = money_decimal(num, c->v, exp);
        snprintf(num + n, sizeof num - n, " %s", c->cur->code);
        return worksheet_write_string(ws, r, col, num, NULL);
    }
    case CELL_DATE: {
        lxw_datetime dt;
        int kind = date_parse(c->s, &dt);
        if (dt.year < 1900)
            return worksheet_write_string(ws, r, col, c->s, NULL);
        return worksheet_write_datetime(ws, r, col, &dt, kind == 1 ? f->date : f->datetime);
    }
    }
    return LXW_NO_ERROR;
}

/* Fill one worksheet; SERAI_OK or an error in err. */
static serai_code xlsx_tab(lxw_worksheet *ws, formats *f, const tab *t, const char *name,
                           serai_err *err)
{
    char shown[96];
    if (t->nrows > SHEET_XLSX_MAX_ROWS)
        return serai_fail(err, SERAI_ETOOLARGE, NULL,
                          "tab \"%s\" has %zu rows, an XLSX sheet holds %d",
                          clip(shown, 64, name), t->nrows, SHEET_XLSX_MAX_ROWS);
    size_t *width = xcalloc((size_t)t->ncols, sizeof *width);
    serai_code rc = SERAI_OK;
    for (int i = 0; i < t->ncols && rc == SERAI_OK; i++) {
        width[i] = text_width(t->headers[i]) + 3;    /* bold, and the filter button */
        if (cp_count(t->headers[i]) > SHEET_XLSX_MAX_TEXT)
            rc = serai_fail(err, SERAI_ETOOLARGE, NULL,
                            "tab \"%s\": header %d is longer than the %d characters "
                            "an XLSX cell holds", clip(shown, 64, name), i + 1,
                            SHEET_XLSX_MAX_TEXT);
        else if (t->headers[i][0] != '\0')
            worksheet_write_string(ws, 0, (lxw_col_t)i, t->headers[i], f->bold);
    }
    for (size_t r = 0; r < t->nrows && rc == SERAI_OK; r++) {
        const cell *row = t->cells + r * (size_t)t->ncols;
        for (int i = 0; i < t->ncols && rc == SERAI_OK; i++) {
            const cell *c = &row[i];
            if (c->kind == CELL_TEXT && cp_count(c->s) > SHEET_XLSX_MAX_TEXT) {
                char head[96];
                rc = serai_fail(err, SERAI_ETOOLARGE, NULL,
                                "tab \"%s\", row %zu, column %d (\"%s\"): the text is "
                                "longer than the %d characters an XLSX cell holds",
                                clip(shown, 64, name), r + 1, i + 1,
                                clip(head, 64, t->headers[i]), SHEET_XLSX_MAX_TEXT);
                break;
            }
            lxw_error e = xlsx_cell(ws, f, (lxw_row_t)(r + 1), (lxw_col_t)i, c);
            if (e != LXW_NO_ERROR) {
                rc = serai_fail(err, SERAI_EINTERNAL, NULL,
                                "tab \"%s\", row %zu, column %d: libxlsxwriter: %s",
                                clip(shown, 64, name), r + 1, i + 1, lxw_strerror(e));
                break;
            }
            size_t w = cell_width(c) + 1;
            if (w > width[i])
                width[i] = w;
        }
    }
    if (rc == SERAI_OK) {
        for (int i = 0; i < t->ncols; i++) {
            size_t w = width[i] < WIDTH_MIN ? WIDTH_MIN : width[i] > WIDTH_MAX ? WIDTH_MAX
                                                                               : width[i];
            worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, (double)w, NULL);
        }
        worksheet_freeze_panes(ws, 1, 0);
        lxw_error e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows,
                                           (lxw_col_t)(t->ncols - 1));
        if (e != LXW_NO_ERROR)
            rc = serai_fail(err, SERAI_EINTERNAL, NULL, "libxlsxwriter: %s",
                            lxw_strerror(e));
    }
    free(width);
    return rc;
}

/* The whole file behind fd, into *bytes. */
static serai_code slurp(int fd, char **bytes, size_t *len, serai_err *err)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return serai_fail(err, SERAI_EINTERNAL, NULL, "cannot read the workbook back: %s",
                          strerror(errno));
    size_t n = (size_t)st.st_size;
    char *p = xmalloc(n);
    size_t got = 0;
    while (got < n) {
        ssize_t k = pread(fd, p + got, n - got, (off_t)got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            int e = k < 0 ? errno : EIO;
            free(p);
            return serai_fail(err, SERAI_EINTERNAL, NULL, "cannot read the workbook back: %s",
                              strerror(e));
        }
        got += (size_t)k;
    }
    *bytes = p;
    *len = n;
    return SERAI_OK;
}

/* Every tab into wb; SERAI_OK or an error in err. */
static serai_code xlsx_fill(lxw_workbook *wb, const sheet *s, serai_err *err)
{
    formats f = {.wb = wb, .money = xcalloc(iso_currency_count, sizeof *f.money)};
    f.bold = workbook_add_format(wb);
    format_set_bold(f.bold);
    f.integer = workbook_add_format(wb);
    format_set_num_format(f.integer, "0");
    f.date = workbook_add_format(wb);
    format_set_num_format(f.date, "yyyy-mm-dd");
    f.datetime = workbook_add_format(wb);
    format_set_num_format(f.datetime, "yyyy-mm-dd hh:mm:ss");

    char (*names)[NAME_BYTES] = xcalloc((size_t)s->ntabs + 1, sizeof *names);
    names_make(s, names);
    serai_code rc = SERAI_OK;
    for (int i = 0; i < s->ntabs && rc == SERAI_OK; i++) {
        lxw_worksheet *ws = workbook_add_worksheet(wb, names[i]);
        if (ws == NULL)
            rc = serai_fail(err, SERAI_EINTERNAL, NULL,
                            "libxlsxwriter refused the tab name \"%s\"", names[i]);
        else
            rc = xlsx_tab(ws, &f, &s->tabs[i], names[i], err);
    }
    free(names);
    free(f.money);
    return rc;
}

serai_code sheet_xlsx(const sheet *s, char **bytes, size_t *len, serai_err *err)
{
    *bytes = NULL;
    *len = 0;
    serai_code rc = sheet_status(s, err);
    if (rc != SERAI_OK)
        return rc;

    const char *env = getenv("TMPDIR");
    char *dir = xstrdup(env && *env ? env : "/tmp");
    size_t plen = strlen(dir) + sizeof "/serai-sheet-XXXXXX";
    char *path = xmalloc(plen);
    snprintf(path, plen, "%s/serai-sheet-XXXXXX", dir);
    /* The file stays open: the workbook is read back through this very
     * descriptor, whatever happens to the name meanwhile. */
    int fd = mkstemp(path);
    if (fd < 0) {
        rc = serai_fail(err, SERAI_EINTERNAL, NULL,
                        "cannot create a temporary file in %s: %s", dir, strerror(errno));
    } else {
        lxw_workbook_options opt = {.constant_memory = 0, .tmpdir = dir, .use_zip64 = 0};
        lxw_workbook *wb = workbook_new_opt(path, &opt);
        if (wb == NULL) {
            rc = serai_fail(err, SERAI_EINTERNAL, NULL,
                            "libxlsxwriter could not start a workbook");
        } else {
            rc = xlsx_fill(wb, s, err);
            /* Closing also frees the workbook, so it happens on failure too. */
            lxw_error e = workbook_close(wb);
            if (rc == SERAI_OK && e != LXW_NO_ERROR)
                rc = serai_fail(err, SERAI_EINTERNAL, NULL,
                                "libxlsxwriter could not write the workbook: %s",
                                lxw_strerror(e));
        }
        if (rc == SERAI_OK)
            rc = slurp(fd, bytes, len, err);
        close(fd);
        unlink(path);
    }
    free(path);
    free(dir);
    return rc;
}
