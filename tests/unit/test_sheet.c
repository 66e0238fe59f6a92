/*
 * test_sheet.c -- the table exporter: CSV quoting, formula-injection
 * guard, exact money, refused misuse, and XLSX workbooks checked by
 * unpacking them with unzip(1).
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "core/mem.h"
#include "export/sheet.h"

#define OUT_MAX (1024 * 1024)

/* Tab 0 of s as CSV, newly allocated (caller frees); NULL on failure. */
static char *csv_of(const sheet *s)
{
    buf b;
    buf_init(&b, OUT_MAX);
    serai_err err;
    if (sheet_csv(s, 0, &b, &err) != SERAI_OK) {
        fprintf(stderr, "sheet_csv: %s\n", err.detail);
        buf_free(&b);
        return NULL;
    }
    return buf_take(&b, NULL);
}

static void test_csv_quoting(void)
{
    sheet *s = sheet_new();
    const char *const h[] = {"Name", "Note, with comma", "City"};
    sheet_tab(s, "People", h, 3);
    sheet_text(s, "Smith, J.");
    sheet_text(s, "say \"hi\"");
    sheet_text(s, "line 1\r\nline 2\nline 3");
    sheet_row_end(s);
    sheet_text(s, "北京大学 清华大学");
    sheet_text(s, "plain");
    sheet_text(s, NULL);
    sheet_row_end(s);
    sheet_blank(s);
    sheet_text(s, "");
    sheet_text(s, "\"");
    sheet_row_end(s);
    char *csv = csv_of(s);
    CHECK_STR(csv, "Name,\"Note, with comma\",City\r\n"
                   "\"Smith, J.\",\"say \"\"hi\"\"\",\"line 1\r\nline 2\nline 3\"\r\n"
                   "北京大学 清华大学,plain,\r\n"
                   ",,\"\"\"\"\r\n");
    free(csv);
    CHECK_INT(sheet_tab_count(s), 1);
    sheet_free(s);
}

static void test_csv_formula_guard(void)
{
    sheet *s = sheet_new();
    const char *const h[] = {"=HEADER", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
    sheet_tab(s, "T", h, 11);
    sheet_text(s, "=SUM(A1:A9)");
    sheet_text(s, "+1");
    sheet_text(s, "-2");
    sheet_text(s, "@cmd");
    sheet_text(s, "\tx");
    sheet_text(s, "\rx");
    sheet_text(s, "=HYPERLINK(\"http://x\",\"y\")");
    sheet_text(s, "a=b");
    sheet_int(s, -5);
    sheet_money(s, -5, "EUR");
    sheet_date(s, "2026-11-28");
    sheet_row_end(s);
    char *csv = csv_of(s);
    CHECK_STR(csv, "'=HEADER,a,b,c,d,e,f,g,h,i,j\r\n"
                   "'=SUM(A1:A9),'+1,'-2,'@cmd,'\tx,\"'\rx\","
                   "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",a=b,-5,-0.05,2026-11-28\r\n");
    free(csv);
    sheet_free(s);
}

static void test_money_csv(void)
{
    static const struct {
        int64_t minor;
        const char *cur, *want;
    } cases[] = {
        {123456, "EUR", "1234.56"},
        {-5, "EUR", "-0.05"},
        {0, "EUR", "0.00"},
        {100, "EUR", "1.00"},
        {1234, "JPY", "1234"},
        {-1234, "JPY", "-1234"},
        {1234, "KWD", "1.234"},
        {-1, "KWD", "-0.001"},
        {1, "CLF", "0.0001"},
        {INT64_C(999999999999999), "EUR", "9999999999999.99"},
        {INT64_MAX, "EUR", "92233720368547758.07"},
        {INT64_MIN, "EUR", "-92233720368547758.08"},
        {INT64_MIN, "JPY", "-9223372036854775808"},
    };
    size_t n = sizeof cases / sizeof cases[0];
    for (size_t i = 0; i < n; i++) {
        sheet *s = sheet_new();
        const char *const h[] = {"Amount"};
        sheet_tab(s, "M", h, 1);
        sheet_money(s, cases[i].minor, cases[i].cur);
        sheet_row_end(s);
        char want[64];
        snprintf(want, sizeof want, "Amount\r\n%s\r\n", cases[i].want);
        char *csv = csv_of(s);
        CHECK_STR(csv, want);
        free(csv);
        sheet_free(s);
    }
}

/* Fill s by f, then expect code with detail containing part. */
static void expect_refused(void (*f)(sheet *), serai_code code, const char *part)
{
    sheet *s = sheet_new();
    f(s);
    serai_err err;
    buf b;
    buf_init(&b, OUT_MAX);
    buf_puts(&b, "kept");
    CHECK_INT(sheet_status(s, &err), code);
    CHECK_INT(sheet_csv(s, 0, &b, &err), code);
    CHECK(strstr(err.detail, part) != NULL);
    if (strstr(err.detail, part) == NULL)
        fprintf(stderr, "  detail: %s\n", err.detail);
    CHECK_STR(b.data, "kept");
    char *bytes = (char *)1;
    size_t len = 1;
    CHECK_INT(sheet_xlsx(s, &bytes, &len, &err), code);
    CHECK(bytes == NULL && len == 0);
    buf_free(&b);
    sheet_free(s);
}

static const char *const abc[] = {"A", "B", "C"};

static void too_few(sheet *s)
{
    sheet_tab(s, "Partners", abc, 3);
    sheet_text(s, "1");
    sheet_text(s, "2");
    sheet_text(s, "3");
    sheet_row_end(s);
    sheet_text(s, "1");
    sheet_int(s, 2);
    sheet_row_end(s);
    /* ignored once the sheet has failed */
    sheet_text(s, "3");
    sheet_row_end(s);
}

static void too_many(sheet *s)
{
    sheet_tab(s, "T", abc, 3);
    for (int i = 0; i < 4; i++)
        sheet_blank(s);
    sheet_row_end(s);
}

static void before_tab(sheet *s)
{
    sheet_text(s, "x");
}

static void unfinished(sheet *s)
{
    sheet_tab(s, "T", abc, 3);
    sheet_blank(s);
}

static void unfinished_then_tab(sheet *s)
{
    sheet_tab(s, "T", abc, 3);
    sheet_blank(s);
    sheet_tab(s, "U", abc, 3);
}

static void no_headers(sheet *s)
{
    sheet_tab(s, "T", abc, 0);
}

static void bad_currency(sheet *s)
{
    sheet_tab(s, "T", abc, 3);
    sheet_money(s, 1, "XYZ");
}

static void null_currency(sheet *s)
{
    sheet_tab(s, "T", abc, 3);
    sheet_money(s, 1, NULL);
}

static void bad_date(sheet *s)
{
    sheet_tab(s, "T", abc, 3);
    sheet_date(s, "2026-02-29");
}

static void bad_time(sheet *s)
{
    sheet_tab(s, "T", abc, 3);
    sheet_date(s, "2026-11-28T24:00:00Z");
}

static void bad_utf8(sheet *s)
{
    sheet_tab(s, "T", abc, 3);
    sheet_text(s, "ok");
    sheet_text(s, "\xC3\x28");
}

static void test_misuse_refused(void)
{
    expect_refused(too_few, SERAI_EINTERNAL,
                   "tab \"Partners\", row 2: the row has 2 cells, the tab has 3 columns");
    expect_refused(too_many, SERAI_EINTERNAL, "more than 3 cells");
    expect_refused(before_tab, SERAI_EINTERNAL, "before any tab");
    expect_refused(unfinished, SERAI_EINTERNAL, "unfinished (1 of 3 cells)");
    expect_refused(unfinished_then_tab, SERAI_EINTERNAL, "unfinished");
    expect_refused(no_headers, SERAI_EINTERNAL, "1 to 16384 headers");
    expect_refused(bad_currency, SERAI_EINVAL, "column 1 (\"A\"): \"XYZ\" is not an active");
    expect_refused(null_currency, SERAI_EINVAL, "(null)");
    expect_refused(bad_date, SERAI_EINVAL, "\"2026-02-29\" is not a date");
    expect_refused(bad_time, SERAI_EINVAL, "is not a date");
    expect_refused(bad_utf8, SERAI_EINVAL, "column 2 (\"B\"): text is not valid UTF-8");
}

static void test_csv_limits(void)
{
    sheet *s = sheet_new();
    sheet_tab(s, "T", abc, 3);
    for (int i = 0; i < 100; i++) {
        sheet_text(s, "some text");
        sheet_int(s, i);
        sheet_money(s, i, "USD");
        sheet_row_end(s);
    }
    serai_err err;
    buf b;
    buf_init(&b, 200);
    buf_puts(&b, "before");
    CHECK_INT(sheet_csv(s, 0, &b, &err), SERAI_ETOOLARGE);
    CHECK_STR(b.data, "before");
    CHECK_INT(b.len, 6);
    CHECK_INT(sheet_csv(s, 1, &b, &err), SERAI_EINVAL);
    CHECK_INT(sheet_csv(s, -1, &b, &err), SERAI_EINVAL);
    buf_free(&b);
    sheet_free(s);
    sheet_free(NULL);
}

/* ---- XLSX ---------------------------------------------------------------- */

static bool have_unzip(void)
{
    return system("command -v unzip >/dev/null 2>&1") == 0;
}

/* unzip -p file member, newly allocated (caller frees). */
static char *unzip_member(const char *file, const char *member)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", file, member);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return xstrdup("");
    buf b;
    buf_init(&b, 16 * 1024 * 1024);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        buf_append(&b, chunk, n);
    pclose(p);
    return buf_take(&b, NULL);
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

#define CHECK_HAS(hay, needle)                                             \
    do {                                                                   \
        bool has_ = strstr((hay), (needle)) != NULL;                       \
        CHECK(has_ && #needle);                                            \
        if (!has_)                                                         \
            fprintf(stderr, "  missing: %s\n", (needle));                 \
    } while (0)

/* The proposals export in miniature, written to a temp file; its path is
 * returned (caller unlinks and frees) or NULL. */
static char *write_workbook(void)
{
    sheet *s = sheet_new();
    const char *const ph[] = {"Proposal", "Title", "Budget", "Submitted", "Deadline", "Partners"};
    sheet_tab(s, "Proposals", ph, 6);
    sheet_int(s, 101);
    sheet_text(s, "北京大学 quantum sensing");
    sheet_money(s, 123456, "EUR");
    sheet_date(s, "2026-11-28T14:00:00Z");
    sheet_date(s, "2026-11-28");
    sheet_int(s, 3);
    sheet_row_end(s);
    sheet_int(s, 102);
    sheet_text(s, "=SUM(A1:A9)");
    sheet_money(s, 1234, "JPY");
    sheet_date(s, NULL);
    sheet_date(s, "1850-01-01");
    sheet_int(s, INT64_C(9007199254740993));
    sheet_row_end(s);
    sheet_int(s, 103);
    sheet_text(s, "Big");
    sheet_money(s, INT64_C(1234567890123456789), "EUR");
    sheet_blank(s);
    sheet_blank(s);
    sheet_blank(s);
    sheet_row_end(s);
    sheet_int(s, 104);
    sheet_text(s, "Kuwait");
    sheet_money(s, -1234, "KWD");
    sheet_blank(s);
    sheet_blank(s);
    sheet_blank(s);
    sheet_row_end(s);

    const char *const rh[] = {"Proposal", "Organisation", "Country"};
    sheet_tab(s, "Partners", rh, 3);
    sheet_int(s, 101);
    sheet_text(s, "清华大学");
    sheet_text(s, "CN");
    sheet_row_end(s);
    sheet_tab(s, "Budget: 2026/27 [draft]?", rh, 3);
    sheet_tab(s, "'quoted'", rh, 3);
    sheet_tab(s, "history", rh, 3);
    sheet_tab(s, "partners", rh, 3);
    sheet_tab(s, "An exceedingly long tab name that goes on", rh, 3);
    sheet_tab(s, "An exceedingly long tab name that goes on and on", rh, 3);
    sheet_tab(s, "", rh, 3);
    sheet_tab(s, "提案", rh, 3);

    char *bytes;
    size_t len;
    serai_err err;
    serai_code rc = sheet_xlsx(s, &bytes, &len, &err);
    CHECK_INT(rc, SERAI_OK);
    sheet_free(s);
    if (rc != SERAI_OK) {
        fprintf(stderr, "sheet_xlsx: %s\n", err.detail);
        return NULL;
    }
    CHECK(len > 4 && memcmp(bytes, "PK\x03\x04", 4) == 0);

    const char *dir = getenv("TMPDIR");
    char *path = xmalloc(512);
    snprintf(path, 512, "%s/test_sheet-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    bool ok = fd >= 0 && write(fd, bytes, len) == (ssize_t)len;
    CHECK(ok);
    if (fd >= 0)
        close(fd);
    free(bytes);
    if (!ok) {
        if (fd >= 0)
            unlink(path);
        free(path);
        return NULL;
    }
    return path;
}

static void test_xlsx_workbook(void)
{
    if (!have_unzip()) {
        fprintf(stderr, "skip test_xlsx_workbook: unzip is not on PATH\n");
        return;
    }
    char *path = write_workbook();
    if (path == NULL)
        return;

    char *wb = unzip_member(path, "xl/workbook.xml");
    CHECK_HAS(wb, "<sheet name=\"Proposals\" sheetId=\"1\"");
    CHECK_HAS(wb, "<sheet name=\"Partners\" sheetId=\"2\"");
    CHECK_HAS(wb, "name=\"Budget_ 2026_27 _draft__\"");
    CHECK_HAS(wb, "name=\"_quoted_\"");
    CHECK_HAS(wb, "name=\"history_\"");
    CHECK_HAS(wb, "name=\"partners (2)\"");
    CHECK_HAS(wb, "name=\"An exceedingly long tab name th\"");
    CHECK_HAS(wb, "name=\"An exceedingly long tab nam (2)\"");
    CHECK_HAS(wb, "name=\"Sheet\"");
    CHECK_HAS(wb, "name=\"提案\"");
    CHECK_HAS(wb, "_xlnm._FilterDatabase");
    CHECK_INT(count_of(wb, "<sheet "), 10);
    free(wb);

    char *ss = unzip_member(path, "xl/sharedStrings.xml");
    CHECK_HAS(ss, "北京大学 quantum sensing");
    CHECK_HAS(ss, "清华大学");
    CHECK_HAS(ss, "<t>=SUM(A1:A9)</t>");    /* a string, no apostrophe */
    CHECK_HAS(ss, "<t>12345678901234567.89 EUR</t>");
    CHECK_HAS(ss, "<t>9007199254740993</t>");
    CHECK_HAS(ss, "<t>1850-01-01</t>");
    CHECK_HAS(ss, "<t>Budget</t>");
    free(ss);

    char *s1 = unzip_member(path, "xl/worksheets/sheet1.xml");
    CHECK_INT(count_of(s1, "<row "), 5);       /* header and four rows */
    CHECK_HAS(s1, "<v>1234.56</v>");
    CHECK_HAS(s1, "<v>1234</v>");
    CHECK_HAS(s1, "<v>-1.234</v>");
    CHECK_HAS(s1, "<v>46354.58333333334</v>");  /* 2026-11-28 14:00 */
    CHECK_HAS(s1, "<v>46354</v>");
    CHECK_HAS(s1, "<v>101</v>");
    CHECK_HAS(s1, "state=\"frozen\"");
    CHECK_HAS(s1, "<autoFilter ref=\"A1:F5\"/>");
    CHECK_INT(count_of(s1, "<col "), 6);
    CHECK(strstr(s1, "<f>") == NULL);
    free(s1);

    char *s2 = unzip_member(path, "xl/worksheets/sheet2.xml");
    CHECK_INT(count_of(s2, "<row "), 2);
    CHECK_HAS(s2, "<autoFilter ref=\"A1:C2\"/>");
    free(s2);

    char *st = unzip_member(path, "xl/styles.xml");
    CHECK_HAS(st, "formatCode=\"#,##0.00 &quot;EUR&quot;\"");
    CHECK_HAS(st, "formatCode=\"#,##0 &quot;JPY&quot;\"");
    CHECK_HAS(st, "formatCode=\"#,##0.000 &quot;KWD&quot;\"");
    CHECK_HAS(st, "formatCode=\"yyyy-mm-dd hh:mm:ss\"");
    CHECK_HAS(st, "<b/>");
    free(st);

    unlink(path);
    free(path);
}

static void test_xlsx_empty_and_limits(void)
{
    sheet *s = sheet_new();
    char *bytes;
    size_t len;
    serai_err err;
    CHECK_INT(sheet_xlsx(s, &bytes, &len, &err), SERAI_OK);
    CHECK(len > 0);
    free(bytes);
    sheet_free(s);

    /* A text cell longer than XLSX allows is refused there, not in CSV. */
    s = sheet_new();
    sheet_tab(s, "T", abc, 3);
    char *big = xmalloc(SHEET_XLSX_MAX_TEXT + 2);
    memset(big, 'x', SHEET_XLSX_MAX_TEXT + 1);
    big[SHEET_XLSX_MAX_TEXT + 1] = '\0';
    sheet_text(s, "a");
    sheet_text(s, big);
    sheet_blank(s);
    sheet_row_end(s);
    free(big);
    CHECK_INT(sheet_xlsx(s, &bytes, &len, &err), SERAI_ETOOLARGE);
    CHECK(bytes == NULL);
    CHECK(strstr(err.detail, "row 1, column 2 (\"B\")") != NULL);
    char *csv = csv_of(s);
    CHECK(csv != NULL && strlen(csv) > SHEET_XLSX_MAX_TEXT);
    free(csv);
    sheet_free(s);

    /* An unwritable TMPDIR is an error with a reason, not a crash. */
    s = sheet_new();
    sheet_tab(s, "T", abc, 3);
    const char *old = getenv("TMPDIR");
    char *saved = old ? xstrdup(old) : NULL;
    setenv("TMPDIR", "/nonexistent-serai-dir", 1);
    CHECK_INT(sheet_xlsx(s, &bytes, &len, &err), SERAI_EINTERNAL);
    CHECK(strstr(err.detail, "temporary file") != NULL);
    if (saved) {
        setenv("TMPDIR", saved, 1);
        free(saved);
    } else {
        unsetenv("TMPDIR");
    }
    sheet_free(s);
}

int main(void)
{
    RUN(test_csv_quoting);
    RUN(test_csv_formula_guard);
    RUN(test_money_csv);
    RUN(test_misuse_refused);
    RUN(test_csv_limits);
    RUN(test_xlsx_workbook);
    RUN(test_xlsx_empty_and_limits);
    return check_report();
}
