/*
 * test_fund_export.c -- the open-data writers of a fund: IATI 2.03
 * activity and organisation files and a 360Giving data package, built
 * from hand-made rows.
 *
 * Usage: test_fund_export [PROJECT_ROOT]
 *
 * The files are checked in C (structure, exact amounts, codes) and, when
 * PROJECT_ROOT/../shared/data holds the IATI and 360Giving schemas, against
 * them: xmllint(1) for the XML, /usr/bin/python3 with jsonschema for the
 * JSON.  Each validator is also shown a deliberately broken file, which it
 * must reject, and the IATI schema test suite's should-pass files, which it
 * must accept.  Without the schemas those checks are skipped.  With
 * SERAI_TEST_KEEP set, the files written are left in the scratch directory.
 */
#include "fund/fund_export.h"

#include <dirent.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "core/mem.h"

static const char *project_root = ".";
static char tmpdir[256];
static int files_validated;

#define CHECK_HAS(hay, needle)                                             \
    do {                                                                   \
        bool has_ = (hay) != NULL && strstr((hay), (needle)) != NULL;      \
        CHECK(has_ && #needle);                                            \
        if (!has_)                                                         \
            fprintf(stderr, "  missing: %s\n", (needle));                 \
    } while (0)

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    if (!hay)
        return 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* ---- the rows ------------------------------------------------------------ */

enum {
    TRUSTEE = 1,
    DFG = 2, NSFC = 3, JSPS = 4, ANR = 5, SNSF = 6, NRF_KR = 7, RSF = 8,
    NRF_ZA = 9, FAPESP = 10, KFAS = 11, NKFIH = 12,
    LAB = 20, TSINGHUA = 21, NAIROBI = 22, PASTEUR = 23,
};

static fund_org orgs[] = {
    {TRUSTEE, "International Science Cooperation Trust", "CH",
     "international_organization", NULL},
    {DFG, "Deutsche Forschungsgemeinschaft", "DE", "funding_agency", NULL},
    {NSFC, "国家自然科学基金委员会", "CN", "funding_agency", "https://ror.org/01h0zpd94"},
    {JSPS, "Japan Society for the Promotion of Science", "JP", "funding_agency", NULL},
    {ANR, "Agence nationale de la recherche", "FR", "funding_agency", NULL},
    {SNSF, "Swiss National Science Foundation", "CH", "funding_agency", NULL},
    {NRF_KR, "한국연구재단", "KR", "funding_agency", NULL},
    {RSF, "Российский научный фонд", "RU", "funding_agency", NULL},
    {NRF_ZA, "National Research Foundation", "ZA", "funding_agency", NULL},
    {FAPESP, "Fundação de Amparo à Pesquisa do Estado de São Paulo", "BR",
     "funding_agency", NULL},
    {KFAS, "Kuwait Foundation for the Advancement of Sciences", "KW", "ngo", NULL},
    {NKFIH, "Nemzeti Kutatási, Fejlesztési és Innovációs Hivatal", "HU",
     "funding_agency", "not-a-ror-id"},
    {LAB, "R&D <Lab> \"Q\"", "DE", "enterprise", NULL},
    {TSINGHUA, "清华大学", "CN", "university", "https://ror.org/03cve4549"},
    {NAIROBI, "University of Nairobi", "KE", "university", NULL},
    {PASTEUR, "Institut Pasteur de Dakar", "SN", "research_institute", NULL},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static fund_contribution_row contributions[] = {
    {1, DFG, "EUR", 50000000, "2026-01-10", 50000000, "2026-02-01", "cash", 50000000, 0,
     "paid", "DFG-2026-01"},
    {2, NSFC, "CNY", 300000000, "2026-01-12", 300000000, "2026-02-03", "promissory_note",
     300000000, 150000000, "signed", "NSFC-BR-7"},
    {3, JSPS, "JPY", 80000000, "2026-01-15", 80000000, "2026-02-10", "cash", 80000000, 0,
     "paid", NULL},
    {4, ANR, "EUR", 20000000, "2026-01-20", 0, "", NULL, 0, 0, "cancelled", NULL},
    {5, SNSF, "CHF", 15000000, "2026-02-01", 15000000, "2026-03-01", "cash", 0, 0, "signed",
     NULL},
    {6, NRF_KR, "KRW", 500000000, "2026-02-05", 500000000, "2026-03-05", "cash", 500000000,
     0, "paid", NULL},
    {7, RSF, "RUB", 100000000, "2026-02-07", 0, "", NULL, 0, 0, "pledged", NULL},
    {8, NRF_ZA, "ZAR", 2000000000, "2026-02-09", 2000000000, "2026-03-09", "cash", 0, 0,
     "signed", NULL},
    {9, FAPESP, "BRL", 30000000, "2026-02-11", 30000000, "2026-03-11", "cash", 30000000, 0,
     "paid", NULL},
    {10, KFAS, "KWD", 5000000, "2026-02-13", 5000000, "2026-03-13", "cash", 5000000, 0,
     "paid", NULL},
    {11, NKFIH, "HUF", 1000000000, "2026-02-15", 0, "", NULL, 0, 0, "pledged", NULL},
};

static fund_commitment_row commitments[] = {
    {101, "EUR", 123456, 100000, 5000, "2026-04-01", "2026-05-01", "2027-12-31",
     "Water quality sensors", "Low-cost sensors for river monitoring.", 7,
     "Joint call on water security", 501, LAB, "committed"},
    {102, "CNY", 50000000, 50000000, 0, "2026-04-02", "2026-06-01", "",
     "清洁能源联合实验室", NULL, 0, NULL, 0, TSINGHUA, "closed"},
    {103, "EUR", 200000000, 300000, 0, "2026-04-03", "", "", "Envelope: water security call",
     NULL, 7, "Joint call on water security", 0, 0, "committed"},
    {104, "USD", 0, 0, 0, "2026-04-04", "2026-07-01", "2028-06-30", "Soil carbon survey",
     "A survey of soil carbon in East Africa.", 0, NULL, 0, NAIROBI, "cancelled"},
    {105, "JPY", 3000000, 1000000, 0, "2026-04-05", "", "", "Malaria diagnostics",
     "Rapid tests & training <phase 1>.", 7, "Joint call on water security", 502, PASTEUR,
     "committed"},
    {106, "KWD", 1234567, 0, 0, "2026-04-06", "2026-09-01", "2027-08-31",
     "Desalination membranes", NULL, 0, NULL, 0, LAB, "committed"},
};

static fund_txn_row txns[] = {
    {1, "pledge", 1, 0, DFG, "EUR", 50000000, "2026-01-10", NULL},
    {2, "pledge", 2, 0, NSFC, "CNY", 300000000, "2026-01-12", NULL},
    {3, "pledge", 3, 0, JSPS, "JPY", 80000000, "2026-01-15", NULL},
    {4, "pledge", 4, 0, ANR, "EUR", 20000000, "2026-01-20", NULL},
    {5, "sign", 1, 0, DFG, "EUR", 50000000, "2026-02-01", "Agreement DFG-2026-01"},
    {6, "pledge", 5, 0, SNSF, "CHF", 15000000, "2026-02-01", NULL},
    {7, "sign", 2, 0, NSFC, "CNY", 300000000, "2026-02-03", "协议 NSFC-BR-7"},
    {8, "pledge", 6, 0, NRF_KR, "KRW", 500000000, "2026-02-05", NULL},
    {9, "pledge", 7, 0, RSF, "RUB", 100000000, "2026-02-07", NULL},
    {10, "pledge", 8, 0, NRF_ZA, "ZAR", 2000000000, "2026-02-09", NULL},
    {11, "sign", 3, 0, JSPS, "JPY", 80000000, "2026-02-10", NULL},
    {12, "pledge", 9, 0, FAPESP, "BRL", 30000000, "2026-02-11", NULL},
    {13, "pledge", 10, 0, KFAS, "KWD", 5000000, "2026-02-13", NULL},
    {14, "pledge", 11, 0, NKFIH, "HUF", 1000000000, "2026-02-15", NULL},
    {15, "cancel_pledge", 4, 0, ANR, "EUR", 20000000, "2026-02-20", "Withdrawn"},
    {16, "receive", 1, 0, DFG, "EUR", 50000000, "2026-03-01", NULL},
    {17, "sign", 5, 0, SNSF, "CHF", 15000000, "2026-03-01", NULL},
    {18, "receive", 2, 0, NSFC, "CNY", 300000000, "2026-03-02", "Promissory note"},
    {19, "sign", 6, 0, NRF_KR, "KRW", 500000000, "2026-03-05", NULL},
    {20, "receive", 3, 0, JSPS, "JPY", 80000000, "2026-03-06", NULL},
    {21, "receive", 6, 0, NRF_KR, "KRW", 500000000, "2026-03-07", NULL},
    {22, "sign", 8, 0, NRF_ZA, "ZAR", 2000000000, "2026-03-09", NULL},
    {23, "sign", 9, 0, FAPESP, "BRL", 30000000, "2026-03-11", NULL},
    {24, "receive", 9, 0, FAPESP, "BRL", 30000000, "2026-03-12", NULL},
    {25, "sign", 10, 0, KFAS, "KWD", 5000000, "2026-03-13", NULL},
    {26, "receive", 10, 0, KFAS, "KWD", 5000000, "2026-03-14", NULL},
    {27, "encash", 2, 0, NSFC, "CNY", 150000000, "2026-03-20", NULL},
    {28, "commit", 0, 101, LAB, "EUR", 123456, "2026-04-01", NULL},
    {29, "commit", 0, 102, TSINGHUA, "CNY", 50000000, "2026-04-02", NULL},
    {30, "commit", 0, 103, 0, "EUR", 200000000, "2026-04-03", NULL},
    {31, "commit", 0, 104, NAIROBI, "USD", 8000000, "2026-04-04", NULL},
    {32, "commit", 0, 105, PASTEUR, "JPY", 3000000, "2026-04-05", NULL},
    {33, "commit", 0, 106, LAB, "KWD", 1234567, "2026-04-06", NULL},
    {34, "disburse", 0, 101, LAB, "EUR", 100000, "2026-05-02", NULL},
    {35, "disburse", 0, 102, TSINGHUA, "CNY", 50000000, "2026-06-02", NULL},
    {36, "disburse", 0, 105, PASTEUR, "JPY", 1000000, "2026-06-03", NULL},
    {37, "decommit", 0, 104, NAIROBI, "USD", 8000000, "2026-06-15", "Cancelled"},
    {38, "disburse", 0, 103, NAIROBI, "EUR", 300000, "2026-07-01", "Travel grant"},
    {39, "return", 0, 101, LAB, "EUR", 5000, "2026-12-20", "Unspent balance"},
};

static fund_export_data fund(void)
{
    fund_export_data d;
    memset(&d, 0, sizeof d);
    d.fund_id = 9;
    d.code = "BRGF";
    d.name = "Belt and Road Science Guidance Fund";
    d.kind = "guidance_fund";
    memcpy(d.currency, "EUR", 4);
    d.trustee_org_id = TRUSTEE;
    memcpy(d.generated_at, "2026-11-28T16:00:00Z", 21);
    d.identifier_prefix = "XM-SERAI";
    d.orgs = orgs;
    d.n_orgs = N(orgs);
    d.contributions = contributions;
    d.n_contributions = N(contributions);
    d.commitments = commitments;
    d.n_commitments = N(commitments);
    d.txns = txns;
    d.n_txns = N(txns);
    return d;
}

/* ---- files and validators ------------------------------------------------ */

/* printf into a new string (caller frees). */
static char *str_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *str_of(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = xmalloc(n > 0 ? (size_t)n + 1 : 1);
    p[0] = '\0';
    va_start(ap, fmt);
    if (n > 0)
        vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

static char *write_file(const char *name, const char *data, size_t len)
{
    char *path = str_of("%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        CHECK(fwrite(data, 1, len, f) == len);
        fclose(f);
    }
    return path;
}

/* A path safe to put between single quotes in a shell command. */
static bool quotable(const char *s)
{
    return strchr(s, '\'') == NULL;
}

/* The exit status of a shell command (-1 when it did not exit). */
static int run(const char *cmd)
{
    int st = system(cmd);
    return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool have_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool have_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *data_path(const char *rel)
{
    return str_of("%s/../shared/data/%s", project_root, rel);
}

/* xmllint --schema xsd file: its exit status; its complaints are shown
 * when the file was expected to pass. */
static int xmllint_run(const char *xsd, const char *file, bool show)
{
    if (!quotable(xsd) || !quotable(file))
        return -1;
    char *cmd = str_of("xmllint --noout --schema '%s' '%s' 2>%s/xmllint.log", xsd, file, tmpdir);
    int rc = run(cmd);
    free(cmd);
    if (rc != 0 && show) {
        char log[300];
        snprintf(log, sizeof log, "head -c 2000 %s/xmllint.log >&2", tmpdir);
        if (run(log) != 0)
            fprintf(stderr, "  (no xmllint log)\n");
    }
    return rc;
}

static int xmllint(const char *xsd, const char *file)
{
    return xmllint_run(xsd, file, true);
}

/* Expected to fail: its exit status, quietly. */
static int xmllint_broken(const char *xsd, const char *file)
{
    return xmllint_run(xsd, file, false);
}

/* The 360Giving check: the package schema with its grant schema resolved
 * from the local file (the package refers to it by URL), and date-time
 * checked as RFC 3339 (the schemas' oneOf between date-time and a plain
 * date needs the format asserted). */
/* The 360Giving check: tests/tools/validate-360giving.py, shared with the
 * command-line tests. */
static int validate_360_run(const char *file, bool show)
{
    char *schema_dir = data_path("360giving");
    char *script = str_of("%s/tests/tools/validate-360giving.py", project_root);
    int rc = -1;
    if (quotable(schema_dir) && quotable(file) && quotable(script)) {
        char *cmd = str_of("/usr/bin/python3 -W ignore '%s' '%s' '%s'%s", script, file,
                           schema_dir, show ? "" : " 2>/dev/null");
        rc = run(cmd);
        free(cmd);
    }
    free(script);
    free(schema_dir);
    return rc;
}

static int validate_360(const char *file)
{
    return validate_360_run(file, true);
}

static int validate_360_broken(const char *file)
{
    return validate_360_run(file, false);
}

static bool have_360_validator(void)
{
    return run("/usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1") == 0;
}

/* A copy of text with the first needle replaced by with. */
static char *replaced(const char *text, const char *needle, const char *with)
{
    const char *at = strstr(text, needle);
    CHECK(at != NULL);
    if (!at)
        return xstrdup(text);
    return str_of("%.*s%s%s", (int)(at - text), text, with, at + strlen(needle));
}

/* ---- the exports --------------------------------------------------------- */

static char *activities;
static size_t activities_len;
static char *organisation;
static size_t organisation_len;
static char *package;
static size_t package_len;

static void test_iati_activities(void)
{
    fund_export_data d = fund();
    serai_err err;
    CHECK_INT(fund_export_iati_activities(&d, &activities, &activities_len, &err), SERAI_OK);
    if (!activities) {
        fprintf(stderr, "  %s\n", err.detail);
        return;
    }
    CHECK_INT(strlen(activities), activities_len);
    CHECK_HAS(activities, "<iati-activities version=\"2.03\" "
                          "generated-datetime=\"2026-11-28T16:00:00Z\">");
    /* the fund and one activity per commitment */
    CHECK_INT(count_of(activities, "<iati-activity "), 1 + N(commitments));
    CHECK_HAS(activities, "<iati-identifier>XM-SERAI-1-BRGF</iati-identifier>");
    CHECK_HAS(activities, "<iati-identifier>XM-SERAI-1-BRGF-101</iati-identifier>");
    CHECK_HAS(activities, "<iati-identifier>XM-SERAI-1-BRGF-106</iati-identifier>");
    CHECK_HAS(activities, "<reporting-org ref=\"XM-SERAI-1\" type=\"40\">");
    CHECK_INT(count_of(activities, "<reporting-org "), 1 + N(commitments));

    /* exact amounts, negative for undoing steps */
    CHECK_HAS(activities, "value-date=\"2026-04-01\">1234.56</value>");
    CHECK_HAS(activities, ">1234.567</value>");            /* KWD: three decimals */
    CHECK_HAS(activities, ">3000000</value>");             /* JPY: none */
    CHECK_HAS(activities, ">-200000.00</value>");          /* cancelled pledge */
    CHECK_HAS(activities, ">-80000.00</value>");           /* decommitment */
    CHECK_HAS(activities, ">-50.00</value>");              /* return */
    CHECK_HAS(activities, "currency=\"KRW\" value-date=\"2026-03-07\">500000000</value>");

    /* every transaction type used, and how often */
    /* 11 pledges and 1 cancelled pledge */
    CHECK_INT(count_of(activities, "<transaction-type code=\"13\"/>"), 12);
    CHECK_INT(count_of(activities, "<transaction-type code=\"11\"/>"), 8);
    CHECK_INT(count_of(activities, "<transaction-type code=\"1\"/>"), 6); /* encash is not one */
    CHECK_INT(count_of(activities, "<transaction-type code=\"2\"/>"), 6); /* 5 commits + decommit */
    CHECK_INT(count_of(activities, "<transaction-type code=\"12\"/>"), 1); /* the envelope */
    CHECK_INT(count_of(activities, "<transaction-type code=\"3\"/>"), 5); /* 4 + the return */
    CHECK_INT(count_of(activities, "<transaction "), N(txns) - 1);
    CHECK_INT(count_of(activities, "<transaction-date iso-date="), N(txns) - 1);

    /* organisation identifiers: ROR where there is one, else the prefix */
    CHECK_HAS(activities, "<provider-org ref=\"XI-ROR-01h0zpd94\" type=\"10\">");
    CHECK_HAS(activities, "ref=\"XI-ROR-03cve4549\"");
    CHECK_HAS(activities, "<provider-org ref=\"XM-SERAI-12\""); /* malformed ROR */
    CHECK_HAS(activities, "<narrative xml:lang=\"zh\">国家自然科学基金委员会</narrative>");
    CHECK_HAS(activities, "<narrative xml:lang=\"ko\">한국연구재단</narrative>");
    CHECK_HAS(activities, "<narrative xml:lang=\"ru\">Российский научный фонд</narrative>");
    CHECK_HAS(activities, "<narrative>Fundação de Amparo");
    /* XML-special characters escaped */
    CHECK_HAS(activities, "<narrative>R&amp;D &lt;Lab&gt; &quot;Q&quot;</narrative>");
    CHECK_HAS(activities, "Rapid tests &amp; training &lt;phase 1&gt;.");

    /* statuses, dates, roles */
    CHECK_INT(count_of(activities, "<activity-status code=\"2\"/>"), 5);
    CHECK_INT(count_of(activities, "<activity-status code=\"4\"/>"), 1);
    CHECK_INT(count_of(activities, "<activity-status code=\"5\"/>"), 1);
    CHECK_HAS(activities, "<activity-date type=\"2\" iso-date=\"2026-01-10\"/>");
    CHECK_HAS(activities, "<activity-date type=\"1\" iso-date=\"2026-05-01\"/>");
    CHECK_HAS(activities, "<activity-date type=\"3\" iso-date=\"2027-12-31\"/>");
    CHECK_HAS(activities, "role=\"4\"");
    CHECK_HAS(activities, "activity-id=\"XM-SERAI-1-BRGF\"");
    CHECK_HAS(activities, "<receiver-org ref=\"XM-SERAI-20\" type=\"70\">");
    /* an envelope pays the organisation its step names */
    CHECK_HAS(activities, ">3000.00</value>\n      <description>\n        "
                          "<narrative>Travel grant</narrative>\n      </description>\n"
                          "      <receiver-org ref=\"XM-SERAI-22\" type=\"80\">");
    CHECK_HAS(activities, "<related-activity ref=\"XM-SERAI-1-BRGF-103\" type=\"2\"/>");
    CHECK_INT(count_of(activities, "<related-activity ref=\"XM-SERAI-1-BRGF\" type=\"1\"/>"),
              N(commitments));
}

static void test_iati_organisation(void)
{
    fund_export_data d = fund();
    serai_err err;
    CHECK_INT(fund_export_iati_organisation(&d, &organisation, &organisation_len, &err),
              SERAI_OK);
    if (!organisation) {
        fprintf(stderr, "  %s\n", err.detail);
        return;
    }
    CHECK_HAS(organisation, "<iati-organisations version=\"2.03\"");
    CHECK_HAS(organisation, "<organisation-identifier>XM-SERAI-1</organisation-identifier>");
    CHECK_HAS(organisation, "<narrative>International Science Cooperation Trust</narrative>");
    /* 2026: EUR committed 1234.56 + 2000000.00; spent 1000.00 + 3000.00 - 50.00 */
    CHECK_HAS(organisation, "<value currency=\"EUR\" value-date=\"2026-01-01\">2001234.56</value>");
    CHECK_HAS(organisation, "<value currency=\"EUR\" value-date=\"2026-01-01\">3950.00</value>");
    CHECK_HAS(organisation, "<value currency=\"USD\" value-date=\"2026-01-01\">0.00</value>");
    CHECK_HAS(organisation, "<value currency=\"KWD\" value-date=\"2026-01-01\">1234.567</value>");
    CHECK_INT(count_of(organisation, "<total-budget status=\"2\">"), 5);
    CHECK_INT(count_of(organisation, "<total-expenditure>"), 3);
    CHECK_HAS(organisation, "<period-end iso-date=\"2026-12-31\"/>");
}

static void test_360giving(void)
{
    fund_export_data d = fund();
    serai_err err;
    CHECK_INT(fund_export_360giving(&d, &package, &package_len, &err), SERAI_OK);
    if (!package) {
        fprintf(stderr, "  %s\n", err.detail);
        return;
    }
    /* the amounts' text is exact */
    CHECK_HAS(package, "\"amountAwarded\":1234.56,");
    CHECK_HAS(package, "\"amountDisbursed\":950.00,");
    CHECK_HAS(package, "\"amountAwarded\":1234.567,");
    CHECK_HAS(package, "\"amountAwarded\":3000000,");
    CHECK_HAS(package, "\"id\":\"360G-XM-SERAI-BRGF-101\"");
    CHECK_HAS(package, "\"name\":\"R&D <Lab> \\\"Q\\\"\"");
    json_error_t jerr;
    json_t *doc = json_loadb(package, package_len, 0, &jerr);
    CHECK(doc != NULL);
    if (!doc)
        return;
    json_t *grants = json_object_get(doc, "grants");
    CHECK_INT(json_array_size(grants), 5); /* not the envelope */
    json_t *g = json_array_get(grants, 0);
    CHECK_STR(json_string_value(json_object_get(g, "currency")), "EUR");
    CHECK_STR(json_string_value(json_object_get(g, "awardDate")), "2026-04-01");
    json_t *r = json_array_get(json_object_get(g, "recipientOrganization"), 0);
    CHECK_STR(json_string_value(json_object_get(r, "id")), "XM-SERAI-20");
    CHECK_STR(json_string_value(json_object_get(r, "addressCountry")), "Germany");
    json_t *f = json_array_get(json_object_get(g, "fundingOrganization"), 0);
    CHECK_STR(json_string_value(json_object_get(f, "id")), "XM-SERAI-1");
    json_t *pd = json_array_get(json_object_get(g, "plannedDates"), 0);
    CHECK_STR(json_string_value(json_object_get(pd, "startDate")), "2026-05-01");
    CHECK_STR(json_string_value(json_object_get(pd, "endDate")), "2027-12-31");
    CHECK_STR(json_string_value(json_object_get(
                  json_array_get(json_object_get(g, "grantProgramme"), 0), "title")),
              "Joint call on water security");
    json_t *g2 = json_array_get(grants, 1);
    CHECK_STR(json_string_value(json_object_get(
                  json_array_get(json_object_get(g2, "recipientOrganization"), 0), "id")),
              "XI-ROR-03cve4549");
    CHECK(json_string_value(json_object_get(g2, "description")) != NULL);
    CHECK(json_object_get(json_array_get(grants, 3), "plannedDates") == NULL);
    CHECK_STR(json_string_value(json_object_get(json_object_get(doc, "publisher"), "name")),
              "International Science Cooperation Trust");
    CHECK_STR(json_string_value(json_object_get(doc, "version")), "1.4");
    json_decref(doc);
}

static void test_refused(void)
{
    serai_err err;
    char *out = (char *)1;
    size_t len = 7;

    fund_export_data d = fund();
    d.trustee_org_id = 0;
    CHECK_INT(fund_export_iati_activities(&d, &out, &len, &err), SERAI_EUNPROCESSABLE);
    CHECK(out == NULL && len == 0);
    CHECK_INT(fund_export_iati_organisation(&d, &out, &len, &err), SERAI_EUNPROCESSABLE);
    CHECK_INT(fund_export_360giving(&d, &out, &len, &err), SERAI_EUNPROCESSABLE);

    /* a package needs a grant */
    d = fund();
    fund_commitment_row envelope_only[] = {commitments[2]};
    d.commitments = envelope_only;
    d.n_commitments = 1;
    CHECK_INT(fund_export_360giving(&d, &out, &len, &err), SERAI_EUNPROCESSABLE);

    /* an unknown currency, an impossible date, text that is not UTF-8 */
    fund_txn_row bad[] = {{1, "pledge", 1, 0, DFG, "XYZ", 100, "2026-01-10", NULL}};
    d = fund();
    d.txns = bad;
    d.n_txns = 1;
    CHECK_INT(fund_export_iati_activities(&d, &out, &len, &err), SERAI_EUNPROCESSABLE);
    CHECK(out == NULL);
    memcpy(bad[0].currency, "EUR", 4);
    memcpy(bad[0].date, "2026-02-30", 11);
    CHECK_INT(fund_export_iati_activities(&d, &out, &len, &err), SERAI_EUNPROCESSABLE);
    memcpy(bad[0].date, "2026-02-28", 11);
    bad[0].kind = "teleport";
    CHECK_INT(fund_export_iati_activities(&d, &out, &len, &err), SERAI_EINTERNAL);

    fund_org bad_orgs[N(orgs)];
    memcpy(bad_orgs, orgs, sizeof orgs);
    bad_orgs[LAB - 8].name = "bad \xff\xfe name";
    CHECK_INT(bad_orgs[LAB - 8].id, LAB);
    d = fund();
    d.orgs = bad_orgs;
    CHECK_INT(fund_export_iati_activities(&d, &out, &len, &err), SERAI_EUNPROCESSABLE);
    CHECK_INT(fund_export_360giving(&d, &out, &len, &err), SERAI_EUNPROCESSABLE);

    /* control characters XML cannot carry become spaces */
    memcpy(bad_orgs, orgs, sizeof orgs);
    bad_orgs[LAB - 8].name = "Bell\x07Lab";
    CHECK_INT(fund_export_iati_activities(&d, &out, &len, &err), SERAI_OK);
    CHECK_HAS(out, "<narrative>Bell Lab</narrative>");
    free(out);
    out = NULL;
    CHECK_INT(fund_export_360giving(&d, &out, &len, &err), SERAI_OK);
    CHECK_HAS(out, "\"name\":\"Bell\\u0007Lab\"");
    free(out);

    /* no prefix: only organisations with a ROR id can be named */
    d = fund();
    d.identifier_prefix = NULL;
    CHECK_INT(fund_export_iati_activities(&d, &out, &len, &err), SERAI_EUNPROCESSABLE);
    CHECK_INT(fund_export_360giving(&d, &out, &len, &err), SERAI_EUNPROCESSABLE);
}

/* The registry keeps a ROR id bare ("01h0zpd94"); a URL works as well. */
static void test_ror_forms(void)
{
    fund_org o[N(orgs)];
    memcpy(o, orgs, sizeof orgs);
    o[NSFC - 2].ror = "01h0zpd94";
    o[TSINGHUA - 8].ror = "http://ror.org/03cve4549";
    fund_export_data d = fund();
    d.orgs = o;
    char *out = NULL;
    size_t len = 0;
    serai_err err;
    CHECK_INT(fund_export_iati_activities(&d, &out, &len, &err), SERAI_OK);
    CHECK_HAS(out, "ref=\"XI-ROR-01h0zpd94\"");
    CHECK_HAS(out, "ref=\"XI-ROR-03cve4549\"");
    free(out);
    out = NULL;
    CHECK_INT(fund_export_360giving(&d, &out, &len, &err), SERAI_OK);
    CHECK_HAS(out, "\"id\":\"XI-ROR-03cve4549\"");
    free(out);
}

/* ---- against the schemas ------------------------------------------------- */

static void test_schemas(void)
{
    char *act_xsd = data_path("iati/iati-activities-schema.xsd");
    char *org_xsd = data_path("iati/iati-organisations-schema.xsd");
    char *pkg_schema = data_path("360giving/360-giving-package-schema.json");
    bool iati = have_file(act_xsd) && have_file(org_xsd);
    bool g360 = have_file(pkg_schema);
    if (iati && run("command -v xmllint >/dev/null 2>&1") != 0) {
        fprintf(stderr, "  skipped: xmllint not installed (apt-get install libxml2-utils)\n");
        iati = false;
    }
    if (g360 && !have_360_validator()) {
        fprintf(stderr, "  skipped: /usr/bin/python3 without jsonschema "
                        "(apt-get install python3-jsonschema)\n");
        g360 = false;
    }
    if (!iati)
        fprintf(stderr, "  skipped: IATI schema checks (../shared/data/iati absent)\n");
    if (!g360)
        fprintf(stderr, "  skipped: 360Giving schema checks (../shared/data/360giving absent)\n");

    if (iati && activities && organisation) {
        char *a = write_file("iati-activities.xml", activities, activities_len);
        char *o = write_file("iati-organisation.xml", organisation, organisation_len);
        CHECK_INT(xmllint(act_xsd, a), 0);
        CHECK_INT(xmllint(org_xsd, o), 0);
        files_validated += 2;
        /* the check can fail: an element out of place, an unknown one */
        char *broken = replaced(activities, "<activity-status ", "<activity-state ");
        char *b = write_file("broken-activities.xml", broken, strlen(broken));
        CHECK(xmllint_broken(act_xsd, b) != 0);
        free(broken);
        free(b);
        broken = replaced(organisation, "<organisation-identifier>", "<name><narrative>x"
                          "</narrative></name><organisation-identifier>");
        b = write_file("broken-organisation.xml", broken, strlen(broken));
        CHECK(xmllint_broken(org_xsd, b) != 0);
        free(broken);
        free(b);
        free(a);
        free(o);
    }
    if (g360 && package) {
        char *p = write_file("360giving.json", package, package_len);
        CHECK_INT(validate_360(p), 0);
        files_validated++;
        char *broken = replaced(package, "\"currency\":\"EUR\"", "\"currency\":\"EURO\"");
        char *b = write_file("broken-360giving.json", broken, strlen(broken));
        CHECK(validate_360_broken(b) != 0);
        free(broken);
        free(b);
        /* a plain date where only a date or a date-time will do */
        broken = replaced(package, "\"awardDate\":\"2026-04-01\"", "\"awardDate\":\"1 April\"");
        b = write_file("broken-360giving-date.json", broken, strlen(broken));
        CHECK(validate_360_broken(b) != 0);
        free(broken);
        free(b);
        free(p);
    }
    free(act_xsd);
    free(org_xsd);
    free(pkg_schema);
}

/* Every *.xml under dir (recursively) into *list. */
static void collect_xml(const char *dir, char ***list, size_t *n)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return;
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *path = str_of("%s/%s", dir, e->d_name);
        size_t k = strlen(path);
        if (have_dir(path)) {
            collect_xml(path, list, n);
            free(path);
        } else if (k > 4 && strcmp(path + k - 4, ".xml") == 0) {
            *list = xreallocarray(*list, *n + 1, sizeof **list);
            (*list)[(*n)++] = path;
        } else {
            free(path);
        }
    }
    closedir(dh);
}

static int path_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The schema suite with the same invocation: all should-pass files of a
 * kind pass, the first few should-fail files fail. */
static void suite(const char *kind, const char *xsd_rel)
{
    char *xsd = data_path(xsd_rel);
    char rel[128];
    snprintf(rel, sizeof rel, "iati/tests/should-pass/%s", kind);
    char *pass_dir = data_path(rel);
    snprintf(rel, sizeof rel, "iati/tests/should-fail/%s", kind);
    char *fail_dir = data_path(rel);
    if (!have_file(xsd) || !have_dir(pass_dir) ||
        run("command -v xmllint >/dev/null 2>&1") != 0) {
        fprintf(stderr, "  skipped: IATI schema suite for %s\n", kind);
        free(xsd);
        free(pass_dir);
        free(fail_dir);
        return;
    }
    char **files = NULL;
    size_t n = 0;
    collect_xml(pass_dir, &files, &n);
    qsort(files, n, sizeof *files, path_cmp);
    CHECK(n >= 3);
    size_t passed = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = xmllint(xsd, files[i]);
        CHECK_INT(rc, 0);
        if (rc != 0)
            fprintf(stderr, "  should pass: %s\n", files[i]);
        passed += rc == 0;
        free(files[i]);
    }
    free(files);
    files_validated += (int)passed;
    fprintf(stderr, "  IATI suite %s: %zu/%zu should-pass files pass\n", kind, passed, n);

    files = NULL;
    n = 0;
    collect_xml(fail_dir, &files, &n);
    qsort(files, n, sizeof *files, path_cmp);
    size_t tried = 0, rejected = 0;
    for (size_t i = 0; i < n; i++) {
        if (tried < 10) {
            tried++;
            char *cmd = str_of("xmllint --noout --schema '%s' '%s' >/dev/null 2>&1", xsd,
                               files[i]);
            int rc = quotable(files[i]) ? run(cmd) : 0;
            free(cmd);
            CHECK(rc != 0);
            rejected += rc != 0;
        }
        free(files[i]);
    }
    free(files);
    fprintf(stderr, "  IATI suite %s: %zu/%zu should-fail files tried are rejected\n", kind,
            rejected, tried);
    free(xsd);
    free(pass_dir);
    free(fail_dir);
}

static void test_iati_schema_suite(void)
{
    suite("iati-activities", "iati/iati-activities-schema.xsd");
    suite("iati-organisations", "iati/iati-organisations-schema.xsd");
}

/* Remove the scratch directory and what the test put in it. */
static void cleanup(void)
{
    DIR *dh = opendir(tmpdir);
    if (dh) {
        struct dirent *e;
        while ((e = readdir(dh)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char path[600];
            snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
            unlink(path);
        }
        closedir(dh);
    }
    rmdir(tmpdir);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        project_root = argv[1];
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/serai-fund-export-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_iati_activities);
    RUN(test_iati_organisation);
    RUN(test_360giving);
    RUN(test_refused);
    RUN(test_ror_forms);
    RUN(test_schemas);
    RUN(test_iati_schema_suite);
    fprintf(stderr, "%d files validated against the schemas\n", files_validated);
    free(activities);
    free(organisation);
    free(package);
    if (getenv("SERAI_TEST_KEEP"))
        fprintf(stderr, "files kept in %s\n", tmpdir);
    else
        cleanup();
    return check_report();
}
