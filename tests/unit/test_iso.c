/*
 * test_iso.c -- the compiled-in ISO 3166-1 and ISO 4217 tables.
 *
 * Usage: test_iso [PROJECT_ROOT]
 *
 * Besides spot checks, when PROJECT_ROOT/../shared/data/codes exists (a
 * developer checkout next to the source data) the test re-reads the CSV
 * files with its own small reader and cross-checks every row against the
 * generated tables, so a stale iso_data.c is caught. Without the data the
 * cross-check is skipped and the test still passes.
 */
#include "registry/iso.h"

#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "check.h"

#define CSV_MAX_BYTES (16 * 1024 * 1024)
#define CSV_MAX_FIELDS 64

static void test_china(void)
{
    const iso_country *c = iso_country_by_alpha2("CN");
    CHECK(c != NULL);
    if (c == NULL)
        return;
    CHECK_STR(c->alpha2, "CN");
    CHECK_STR(c->alpha3, "CHN");
    CHECK_INT(c->numeric, 156);
    CHECK_STR(c->name_en, "China");
    CHECK_STR(c->name_zh, "中国");
    CHECK_STR(c->name_ru, "Китай");
    CHECK_STR(c->name_ar, "الصين");
    CHECK_STR(c->region, "Asia");
    CHECK_STR(c->subregion, "Eastern Asia");
    CHECK(!c->ldc && !c->lldc && !c->sids);
    CHECK(iso_country_by_alpha3("CHN") == c);
    CHECK(iso_country_by_numeric(156) == c);
}

static void test_namibia(void)
{
    const iso_country *c = iso_country_by_alpha2("NA");
    CHECK(c != NULL);
    if (c == NULL)
        return;
    CHECK_STR(c->alpha3, "NAM");
    CHECK_INT(c->numeric, 516);
    CHECK_STR(c->name_en, "Namibia");
    CHECK_STR(c->region, "Africa");
}

static void test_counts_and_order(void)
{
    CHECK_INT(iso_country_count, 249);
    for (size_t i = 1; i < iso_country_count; i++)
        CHECK(strcmp(iso_countries[i - 1].alpha2, iso_countries[i].alpha2) < 0);
    CHECK(iso_currency_count > 150);
    for (size_t i = 1; i < iso_currency_count; i++)
        CHECK(strcmp(iso_currencies[i - 1].code, iso_currencies[i].code) < 0);
}

static void test_every_country_resolves(void)
{
    int bad = 0;
    for (size_t i = 0; i < iso_country_count; i++) {
        const iso_country *c = &iso_countries[i];
        const char *names[] = {c->name_en, c->name_zh, c->name_ru,
                               c->name_ar, c->name_fr, c->name_es};
        bool ok = iso_country_by_alpha2(c->alpha2) == c
                  && iso_country_by_alpha3(c->alpha3) == c
                  && iso_country_by_numeric(c->numeric) == c
                  && strlen(c->alpha2) == 2 && strlen(c->alpha3) == 3
                  && c->region != NULL && c->subregion != NULL;
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            ok = ok && names[k] != NULL && names[k][0] != '\0'
                 && strchr(names[k], '*') == NULL;
        if (!ok) {
            bad++;
            fprintf(stderr, "  country %s does not round-trip\n", c->alpha2);
        }
    }
    CHECK_INT(bad, 0);
}

static void test_country_misses(void)
{
    CHECK(iso_country_by_alpha2("cn") == NULL);
    CHECK(iso_country_by_alpha2("ZZ") == NULL);
    CHECK(iso_country_by_alpha2("C") == NULL);
    CHECK(iso_country_by_alpha2("CNN") == NULL);
    CHECK(iso_country_by_alpha2("") == NULL);
    CHECK(iso_country_by_alpha2(NULL) == NULL);
    CHECK(iso_country_by_alpha3("chn") == NULL);
    CHECK(iso_country_by_alpha3("CH") == NULL);
    CHECK(iso_country_by_alpha3(NULL) == NULL);
    CHECK(iso_country_by_numeric(0) == NULL);
    CHECK(iso_country_by_numeric(-156) == NULL);
    CHECK(iso_country_by_numeric(999) == NULL);
}

static void test_regions_and_names(void)
{
    /* the ISO short name, not the source file's "Ivory Coast" */
    const iso_country *ci = iso_country_by_alpha2("CI");
    CHECK(ci != NULL && strcmp(ci->name_en, "Côte d'Ivoire") == 0);
    const iso_country *aq = iso_country_by_alpha2("AQ");
    CHECK(aq != NULL);
    if (aq != NULL) {
        CHECK_STR(aq->region, "");
        CHECK_STR(aq->subregion, "");
        CHECK_STR(aq->name_en, "Antarctica");
    }
    /* No UNTERM entry: falls back to the official name. */
    const iso_country *hk = iso_country_by_alpha2("HK");
    CHECK(hk != NULL);
    if (hk != NULL)
        CHECK_STR(hk->name_zh, "中国香港特别行政区");
    /* UNTERM footnote asterisks are not part of the name. */
    const iso_country *ck = iso_country_by_alpha2("CK");
    CHECK(ck != NULL);
    if (ck != NULL)
        CHECK_STR(ck->name_en, "Cook Islands (the)");
    const iso_country *fr = iso_country_by_alpha2("FR");
    CHECK(fr != NULL);
    if (fr != NULL) {
        CHECK_STR(fr->alpha3, "FRA");
        CHECK_INT(fr->numeric, 250);
        CHECK_STR(fr->region, "Europe");
    }
}

static void test_development_groups(void)
{
    const iso_country *bd = iso_country_by_alpha2("BD");
    const iso_country *af = iso_country_by_alpha2("AF");
    const iso_country *cn = iso_country_by_alpha2("CN");
    const iso_country *fj = iso_country_by_alpha2("FJ");
    CHECK(bd && af && cn && fj);
    if (!(bd && af && cn && fj))
        return;
    CHECK(bd->ldc);
    CHECK(!bd->lldc);
    CHECK(af->ldc);
    CHECK(af->lldc);
    CHECK(!af->sids);
    CHECK(!cn->ldc);
    CHECK(fj->sids);
    CHECK(!fj->ldc);

    int ldc = 0, lldc = 0, sids = 0;
    for (size_t i = 0; i < iso_country_count; i++) {
        ldc += iso_countries[i].ldc;
        lldc += iso_countries[i].lldc;
        sids += iso_countries[i].sids;
    }
    CHECK(ldc > 40 && ldc < 60);
    CHECK(lldc > 25 && lldc < 40);
    CHECK(sids > 30 && sids < 70);
}

static void test_currencies(void)
{
    const iso_currency *jpy = iso_currency_by_code("JPY");
    const iso_currency *bhd = iso_currency_by_code("BHD");
    const iso_currency *eur = iso_currency_by_code("EUR");
    const iso_currency *clf = iso_currency_by_code("CLF");
    CHECK(jpy && bhd && eur && clf);
    if (!(jpy && bhd && eur && clf))
        return;
    CHECK_INT(jpy->minor_units, 0);
    CHECK_INT(jpy->numeric, 392);
    CHECK_INT(bhd->minor_units, 3);
    CHECK_INT(bhd->numeric, 48);
    CHECK_INT(eur->minor_units, 2);
    CHECK_INT(eur->numeric, 978);
    CHECK_STR(eur->name, "Euro");
    CHECK_INT(clf->minor_units, 4);

    /* No minor unit: precious metals, SDR, testing and no-currency codes. */
    CHECK(iso_currency_by_code("XAU") == NULL);
    CHECK(iso_currency_by_code("XDR") == NULL);
    CHECK(iso_currency_by_code("XTS") == NULL);
    CHECK(iso_currency_by_code("XXX") == NULL);
    /* Withdrawn. */
    CHECK(iso_currency_by_code("SLL") == NULL);
    CHECK(iso_currency_by_code("DEM") == NULL);
    CHECK(iso_currency_by_code("eur") == NULL);
    CHECK(iso_currency_by_code("") == NULL);
    CHECK(iso_currency_by_code(NULL) == NULL);

    int bad = 0;
    for (size_t i = 0; i < iso_currency_count; i++) {
        const iso_currency *c = &iso_currencies[i];
        int m = c->minor_units;
        if (iso_currency_by_code(c->code) != c || strlen(c->code) != 3
            || !(m == 0 || m == 2 || m == 3 || m == 4) || c->numeric <= 0
            || c->name == NULL || c->name[0] == '\0') {
            bad++;
            fprintf(stderr, "  currency %s is malformed\n", c->code);
        }
    }
    CHECK_INT(bad, 0);
}

/* ---------------------------------------------------- CSV cross-check */

/* A whole CSV file in memory, read one record at a time. Quoted fields
 * (with "" for a quote, commas and line breaks inside) are unescaped in
 * place, so fields point into buf. */
typedef struct csv_file {
    char *buf;
    char *pos;
    char *end;
} csv_file;

static bool csv_open(csv_file *f, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return false;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    bool ok = buf != NULL;
    while (ok) {
        if (len == cap) {
            char *grown = cap * 2 <= CSV_MAX_BYTES ? realloc(buf, cap * 2 + 1)
                                                   : NULL;
            if (grown == NULL) {
                ok = false;
                break;
            }
            buf = grown;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - len, fp);
        len += n;
        if (n == 0) {
            ok = !ferror(fp);
            break;
        }
    }
    fclose(fp);
    if (!ok) {
        free(buf);
        return false;
    }
    buf[len] = '\0';
    f->buf = buf;
    f->pos = buf;
    f->end = buf + len;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        f->pos += 3;
    return true;
}

static void csv_close(csv_file *f)
{
    free(f->buf);
    f->buf = f->pos = f->end = NULL;
}

/* Reads the next record; returns its field count (fields past max are
 * parsed and dropped), 0 at end of file. */
static int csv_next(csv_file *f, char **fields, int max)
{
    char *r = f->pos;
    int n = 0;

    if (r >= f->end)
        return 0;
    for (;;) {
        char *w = r;
        if (n < max)
            fields[n] = w;
        n++;
        if (r < f->end && *r == '"') {
            r++;
            while (r < f->end) {
                if (*r == '"') {
                    if (r + 1 < f->end && r[1] == '"') {
                        *w++ = '"';
                        r += 2;
                        continue;
                    }
                    r++;
                    break;
                }
                *w++ = *r++;
            }
        }
        while (r < f->end && *r != ',' && *r != '\n' && *r != '\r')
            *w++ = *r++;
        char term = r < f->end ? *r : '\n';
        *w = '\0'; /* may overwrite term when w == r: saved above */
        if (r < f->end)
            r++;
        if (term == ',')
            continue;
        if (term == '\r' && r < f->end && *r == '\n')
            r++;
        break;
    }
    f->pos = r;
    return n < max ? n : max;
}

static int csv_column(char **header, int n, const char *name)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(header[i], name) == 0)
            return i;
    }
    return -1;
}

/* Decimal digits only ("048" is 48); -1 otherwise. */
static int parse_decimal(const char *s)
{
    int v = 0;
    if (*s == '\0' || strlen(s) > 6)
        return -1;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

static bool is_blank(const char *s)
{
    for (; *s != '\0'; s++) {
        if (*s != ' ' && *s != '\t')
            return false;
    }
    return true;
}

static void cross_check_countries(const char *dir)
{
    char path[4160];
    csv_file f;
    char *header[CSV_MAX_FIELDS], *row[CSV_MAX_FIELDS];

    snprintf(path, sizeof path, "%s/country-codes.csv", dir);
    bool opened = csv_open(&f, path);
    CHECK(opened);
    if (!opened)
        return;
    int nh = csv_next(&f, header, CSV_MAX_FIELDS);
    int c2 = csv_column(header, nh, "ISO3166-1-Alpha-2");
    int c3 = csv_column(header, nh, "ISO3166-1-Alpha-3");
    int cn = csv_column(header, nh, "ISO3166-1-numeric");
    CHECK(c2 >= 0 && c3 >= 0 && cn >= 0);
    if (c2 < 0 || c3 < 0 || cn < 0) {
        csv_close(&f);
        return;
    }

    int checked = 0, bad = 0, nf;
    while ((nf = csv_next(&f, row, CSV_MAX_FIELDS)) > 0) {
        if (nf <= c2 || nf <= c3 || nf <= cn || is_blank(row[c2]))
            continue;
        checked++;
        const iso_country *c = iso_country_by_alpha2(row[c2]);
        if (c == NULL || strcmp(c->alpha3, row[c3]) != 0
            || c->numeric != parse_decimal(row[cn])
            || iso_country_by_alpha3(row[c3]) != c
            || iso_country_by_numeric(parse_decimal(row[cn])) != c) {
            bad++;
            fprintf(stderr, "  CSV row %s/%s/%s disagrees with the table\n",
                    row[c2], row[c3], row[cn]);
        }
    }
    csv_close(&f);
    CHECK_INT(bad, 0);
    CHECK_INT(checked, iso_country_count);
    fprintf(stderr, "  checked %d country rows against %s\n", checked, path);
}

static void cross_check_currencies(const char *dir)
{
    char path[4160];
    csv_file f;
    char *header[CSV_MAX_FIELDS], *row[CSV_MAX_FIELDS];
    /* Codes seen active in the CSV; ISO 4217 has far fewer than 512. */
    char active[512][4];
    int nactive = 0;

    snprintf(path, sizeof path, "%s/currency-codes.csv", dir);
    bool opened = csv_open(&f, path);
    CHECK(opened);
    if (!opened)
        return;
    int nh = csv_next(&f, header, CSV_MAX_FIELDS);
    int ccode = csv_column(header, nh, "AlphabeticCode");
    int cnum = csv_column(header, nh, "NumericCode");
    int cminor = csv_column(header, nh, "MinorUnit");
    int cwd = csv_column(header, nh, "WithdrawalDate");
    CHECK(ccode >= 0 && cnum >= 0 && cminor >= 0 && cwd >= 0);
    if (ccode < 0 || cnum < 0 || cminor < 0 || cwd < 0) {
        csv_close(&f);
        return;
    }

    /* Pass 1: every active row resolves with the same numbers. */
    int checked = 0, bad = 0, nf;
    while ((nf = csv_next(&f, row, CSV_MAX_FIELDS)) > 0) {
        if (nf <= cwd || nf <= cminor || nf <= cnum || nf <= ccode)
            continue;
        int minor = parse_decimal(row[cminor]);
        if (strlen(row[ccode]) != 3 || !is_blank(row[cwd]) || minor < 0)
            continue;
        checked++;
        const iso_currency *c = iso_currency_by_code(row[ccode]);
        if (c == NULL || c->minor_units != minor
            || c->numeric != parse_decimal(row[cnum])) {
            bad++;
            fprintf(stderr, "  currency row %s disagrees with the table\n",
                    row[ccode]);
        }
        bool seen = false;
        for (int i = 0; i < nactive && !seen; i++)
            seen = strcmp(active[i], row[ccode]) == 0;
        if (!seen && nactive < 512)
            memcpy(active[nactive++], row[ccode], 4);
    }
    CHECK_INT(nactive, iso_currency_count);

    /* Pass 2, over a fresh copy since parsing rewrites the buffer: a code
     * with no active row is not in the table. */
    csv_close(&f);
    opened = csv_open(&f, path);
    CHECK(opened);
    if (!opened)
        return;
    csv_next(&f, header, CSV_MAX_FIELDS);
    while ((nf = csv_next(&f, row, CSV_MAX_FIELDS)) > 0) {
        if (nf <= ccode || strlen(row[ccode]) != 3)
            continue;
        bool seen = false;
        for (int i = 0; i < nactive && !seen; i++)
            seen = strcmp(active[i], row[ccode]) == 0;
        if (!seen && iso_currency_by_code(row[ccode]) != NULL) {
            bad++;
            fprintf(stderr, "  inactive currency %s is in the table\n",
                    row[ccode]);
        }
    }
    csv_close(&f);
    CHECK_INT(bad, 0);
    fprintf(stderr, "  checked %d active currency rows against %s\n",
            checked, path);
}

static const char *project_root = ".";

static void test_against_source_csv(void)
{
    char dir[4096];
    struct stat st;

    snprintf(dir, sizeof dir, "%s/../shared/data/codes", project_root);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "  skipped: ../shared/data/codes not present\n");
        return;
    }
    cross_check_countries(dir);
    cross_check_currencies(dir);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        project_root = argv[1];
    RUN(test_china);
    RUN(test_namibia);
    RUN(test_counts_and_order);
    RUN(test_every_country_resolves);
    RUN(test_country_misses);
    RUN(test_regions_and_names);
    RUN(test_development_groups);
    RUN(test_currencies);
    RUN(test_against_source_csv);
    return check_report();
}
