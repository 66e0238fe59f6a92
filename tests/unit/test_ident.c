/*
 * test_ident.c -- ORCID, ROR, UTF-8, ISO 639-1 and date validators.
 *
 * Usage: test_ident [PROJECT_ROOT]   (the root is accepted for symmetry with
 * the other unit tests; these checks need no files)
 */
#include "core/ident.h"

#include "check.h"

static bool orcid_ok(const char *in, const char *want)
{
    char out[20] = "unchanged";
    char reason[IDENT_REASON_MAX] = "unchanged";
    bool ok = ident_orcid_normalize(in, out, reason, sizeof reason);
    return ok && strcmp(out, want) == 0 && reason[0] == '\0';
}

static void test_orcid_valid(void)
{
    CHECK(orcid_ok("0000-0002-1825-0097", "0000-0002-1825-0097"));
    CHECK(orcid_ok("0000-0001-5109-3700", "0000-0001-5109-3700"));
    CHECK(orcid_ok("0000-0002-1694-233X", "0000-0002-1694-233X"));
    CHECK(orcid_ok("0000-0002-1694-233x", "0000-0002-1694-233X"));
    CHECK(orcid_ok("https://orcid.org/0000-0002-1825-0097",
                   "0000-0002-1825-0097"));
    CHECK(orcid_ok("http://orcid.org/0000-0001-5109-3700",
                   "0000-0001-5109-3700"));
}

static void test_orcid_check_digit(void)
{
    char out[20];
    char reason[IDENT_REASON_MAX];

    /* One digit changed: the check digit no longer matches. */
    CHECK(!ident_orcid_normalize("0000-0002-1825-0098", out, reason,
                                 sizeof reason));
    CHECK_STR(reason, "ORCID iD check digit is wrong (expected 7)");

    /* A body digit changed instead: the message names the new expectation. */
    CHECK(!ident_orcid_normalize("0000-0002-1825-0197", out, reason,
                                 sizeof reason));
    CHECK_STR(reason, "ORCID iD check digit is wrong (expected 3)");
    CHECK(orcid_ok("0000-0002-1825-0193", "0000-0002-1825-0193"));

    CHECK(!ident_orcid_normalize("0000-0002-1694-2330", out, reason,
                                 sizeof reason));
    CHECK_STR(reason, "ORCID iD check digit is wrong (expected X)");

    /* Transposition of adjacent digits is caught. */
    CHECK(!ident_orcid_normalize("0000-0002-1852-0097", out, NULL, 0));
}

static void test_orcid_format(void)
{
    static const char *const bad[] = {
        "",
        "0000000218250097",
        "0000-0002-1825-009",
        "0000-0002-1825-00977",
        "0000-0002-1825_0097",
        "0000-0002-18250-097",
        "0000-000X-1825-0097",
        "X000-0002-1825-0097",
        " 0000-0002-1825-0097",
        "0000-0002-1825-0097 ",
        "orcid.org/0000-0002-1825-0097",
        "https://orcid.org/",
        "https://orcid.org/https://orcid.org/0000-0002-1825-0097",
        "0000-0002-1825-009\xd9",
    };
    char out[20];
    char reason[IDENT_REASON_MAX];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        reason[0] = '\0';
        bool ok = ident_orcid_normalize(bad[i], out, reason, sizeof reason);
        CHECK(!ok);
        CHECK_STR(reason, "ORCID iD must look like 0000-0002-1825-0097");
        if (ok)
            fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
    }
    CHECK(!ident_orcid_normalize(NULL, out, reason, sizeof reason));

    /* A short reason buffer is truncated, never overrun. */
    char tiny[6];
    CHECK(!ident_orcid_normalize("nope", out, tiny, sizeof tiny));
    CHECK_STR(tiny, "ORCID");
}

static bool ror_ok(const char *in, const char *want)
{
    char out[10] = "unchanged";
    char reason[IDENT_REASON_MAX] = "unchanged";
    bool ok = ident_ror_normalize(in, out, reason, sizeof reason);
    if (!ok)
        fprintf(stderr, "  ror \"%s\": %s\n", in, reason);
    return ok && strcmp(out, want) == 0 && reason[0] == '\0';
}

static void test_ror_valid(void)
{
    /* Real ids: Universidad de los Andes, Caltech, California Digital
     * Library, Stanford, and ids from the ROR v2.1 example record. */
    CHECK(ror_ok("https://ror.org/02mhbdp94", "02mhbdp94"));
    CHECK(ror_ok("05dxps055", "05dxps055"));
    CHECK(ror_ok("03yrm5c26", "03yrm5c26"));
    CHECK(ror_ok("00f54p054", "00f54p054"));
    CHECK(ror_ok("00d9ah105", "00d9ah105"));
    CHECK(ror_ok("02jbv0t02", "02jbv0t02"));
    CHECK(ror_ok("03t0t6y08", "03t0t6y08"));
    CHECK(ror_ok("04gyf1771", "04gyf1771"));
    CHECK(ror_ok("http://ror.org/03yrm5c26", "03yrm5c26"));
    CHECK(ror_ok("05DXPS055", "05dxps055"));
    CHECK(ror_ok("https://ror.org/02MHBDP94", "02mhbdp94"));
}

static void test_ror_invalid(void)
{
    char out[10];
    char reason[IDENT_REASON_MAX];
    const char *shape = "ROR id must look like 05dxps055: 0, six base32 "
                        "characters and two check digits";

    CHECK(!ident_ror_normalize("05dxps056", out, reason, sizeof reason));
    CHECK_STR(reason, "ROR id check digits are wrong (expected 55)");
    CHECK(!ident_ror_normalize("02mhbdp49", out, reason, sizeof reason));
    CHECK_STR(reason, "ROR id check digits are wrong (expected 94)");
    /* One base32 character changed. */
    CHECK(!ident_ror_normalize("05dxpt055", out, reason, sizeof reason));
    CHECK(strncmp(reason, "ROR id check digits are wrong", 29) == 0);
    /* Single-digit checksums keep their leading zero. */
    CHECK(!ident_ror_normalize("02jbv0t03", out, reason, sizeof reason));
    CHECK_STR(reason, "ROR id check digits are wrong (expected 02)");

    static const char *const bad[] = {
        "",
        "5dxps055",
        "05dxps0555",
        "15dxps055",
        "05dxps05a",
        "05dxpu055", /* u is not Crockford base32 */
        "05dxpi055",
        "05dxpl055",
        "05dxpo055",
        "05dx-s055",
        "ror.org/05dxps055",
        "https://ror.org/",
        "https://ror.org/05dxps055/",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bool ok = ident_ror_normalize(bad[i], out, reason, sizeof reason);
        CHECK(!ok);
        CHECK_STR(reason, shape);
        if (ok)
            fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
    }
    CHECK(!ident_ror_normalize(NULL, out, NULL, 0));
}

#define UTF8(lit) ident_utf8_valid((lit), sizeof(lit) - 1)

static void test_utf8(void)
{
    CHECK(ident_utf8_valid(NULL, 0));
    CHECK(UTF8(""));
    CHECK(UTF8("plain ascii"));
    CHECK(UTF8("a\0b"));                       /* U+0000 is a character */
    CHECK(UTF8("\xc2\x80"));                   /* U+0080 */
    CHECK(UTF8("\xdf\xbf"));                   /* U+07FF */
    CHECK(UTF8("\xe0\xa0\x80"));               /* U+0800 */
    CHECK(UTF8("\xed\x9f\xbf"));               /* U+D7FF */
    CHECK(UTF8("\xee\x80\x80"));               /* U+E000 */
    CHECK(UTF8("\xef\xbf\xbf"));               /* U+FFFF */
    CHECK(UTF8("\xf0\x90\x80\x80"));           /* U+10000 */
    CHECK(UTF8("\xf4\x8f\xbf\xbf"));           /* U+10FFFF */
    CHECK(UTF8("中华人民共和国"));
    CHECK(UTF8("المملكة العربية السعودية"));
    CHECK(UTF8("Côte d’Ivoire, Россия, 😀"));

    CHECK(!UTF8("\xc0\x80"));                  /* overlong NUL */
    CHECK(!UTF8("\xc1\xbf"));                  /* overlong */
    CHECK(!UTF8("\xe0\x80\xaf"));              /* overlong '/' */
    CHECK(!UTF8("\xe0\x9f\xbf"));              /* overlong U+07FF */
    CHECK(!UTF8("\xf0\x8f\xbf\xbf"));          /* overlong U+FFFF */
    CHECK(!UTF8("\xed\xa0\x80"));              /* surrogate U+D800 */
    CHECK(!UTF8("\xed\xbf\xbf"));              /* surrogate U+DFFF */
    CHECK(!UTF8("\xf4\x90\x80\x80"));          /* U+110000 */
    CHECK(!UTF8("\xf5\x80\x80\x80"));
    CHECK(!UTF8("\xff"));
    CHECK(!UTF8("\x80"));                      /* lone continuation */
    CHECK(!UTF8("a\xbf"));
    CHECK(!UTF8("\xc2"));                      /* truncated */
    CHECK(!UTF8("\xe4\xb8"));
    CHECK(!UTF8("\xf0\x9f\x98"));
    CHECK(!UTF8("\xe4\xb8x"));                 /* continuation replaced */
    CHECK(!UTF8("\xc2\xc2\x80"));

    /* Length is honoured: a valid prefix of a longer invalid buffer. */
    CHECK(ident_utf8_valid("ab\xff", 2));
    CHECK(!ident_utf8_valid("\xe4\xb8\xad", 2));
}

static void test_lang(void)
{
    CHECK(ident_lang_valid("en"));
    CHECK(ident_lang_valid("zh"));
    CHECK(ident_lang_valid("ar"));
    CHECK(ident_lang_valid("aa"));
    CHECK(ident_lang_valid("zu"));
    CHECK(ident_lang_valid("bh"));

    CHECK(!ident_lang_valid("EN"));
    CHECK(!ident_lang_valid("En"));
    CHECK(!ident_lang_valid("eng"));
    CHECK(!ident_lang_valid("e"));
    CHECK(!ident_lang_valid(""));
    CHECK(!ident_lang_valid("en-GB"));
    CHECK(!ident_lang_valid("xx"));
    CHECK(!ident_lang_valid("sh")); /* withdrawn */
    CHECK(!ident_lang_valid("iw")); /* withdrawn, now "he" */
    CHECK(!ident_lang_valid("zz"));
    CHECK(!ident_lang_valid(NULL));

    int count = 0;
    char code[3] = {0};
    for (char a = 'a'; a <= 'z'; a++) {
        for (char b = 'a'; b <= 'z'; b++) {
            code[0] = a;
            code[1] = b;
            count += ident_lang_valid(code);
        }
    }
    CHECK_INT(count, 184);
}

static void test_date(void)
{
    CHECK(ident_date_valid("2024-02-29"));
    CHECK(ident_date_valid("2000-02-29"));
    CHECK(ident_date_valid("2023-12-31"));
    CHECK(ident_date_valid("0001-01-01"));
    CHECK(ident_date_valid("9999-12-31"));
    CHECK(ident_date_valid("2023-04-30"));

    CHECK(!ident_date_valid("2023-02-29"));
    CHECK(!ident_date_valid("1900-02-29"));
    CHECK(!ident_date_valid("2024-13-01"));
    CHECK(!ident_date_valid("2024-00-10"));
    CHECK(!ident_date_valid("2024-01-00"));
    CHECK(!ident_date_valid("2024-01-32"));
    CHECK(!ident_date_valid("2023-04-31"));
    CHECK(!ident_date_valid("0000-01-01"));
    CHECK(!ident_date_valid("2024-1-01"));
    CHECK(!ident_date_valid("2024/01/01"));
    CHECK(!ident_date_valid("2024-01-01T00:00"));
    CHECK(!ident_date_valid("2024-01-0a"));
    CHECK(!ident_date_valid("+024-01-01"));
    CHECK(!ident_date_valid(""));
    CHECK(!ident_date_valid(NULL));
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    RUN(test_orcid_valid);
    RUN(test_orcid_check_digit);
    RUN(test_orcid_format);
    RUN(test_ror_valid);
    RUN(test_ror_invalid);
    RUN(test_utf8);
    RUN(test_lang);
    RUN(test_date);
    return check_report();
}
