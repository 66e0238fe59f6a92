/*
 * test_money.c -- amounts as exact decimal text (registry/money.h): each
 * currency's exponent, signs, the extremes of int64, refused text, and
 * percentages as basis points.
 */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "core/init.h"
#include "registry/money.h"

static void test_format(void)
{
    char t[MONEY_TEXT_MAX];
    CHECK(money_format(123456, "EUR", t));
    CHECK_STR(t, "1234.56");
    CHECK(money_format(-5, "EUR", t));
    CHECK_STR(t, "-0.05");
    CHECK(money_format(1500, "JPY", t));
    CHECK_STR(t, "1500");
    CHECK(money_format(1234, "KWD", t));
    CHECK_STR(t, "1.234");
    CHECK(money_format(0, "USD", t));
    CHECK_STR(t, "0.00");
    CHECK(money_format(INT64_MIN, "EUR", t));
    CHECK_STR(t, "-92233720368547758.08");
    CHECK(money_format(INT64_MAX, "KWD", t));
    CHECK_STR(t, "9223372036854775.807");
    CHECK(!money_format(1, "XYZ", t));
    CHECK_STR(t, "");
    CHECK_INT(money_exponent("CLF"), 4);
    CHECK_INT(money_exponent("nope"), -1);
}

static void test_parse(void)
{
    int64_t v = 0;
    CHECK(money_parse("1234.56", "EUR", &v));
    CHECK_INT(v, 123456);
    CHECK(money_parse("1234.5", "EUR", &v));
    CHECK_INT(v, 123450);
    CHECK(money_parse("7", "EUR", &v));
    CHECK_INT(v, 700);
    CHECK(money_parse("-0.05", "EUR", &v));
    CHECK_INT(v, -5);
    CHECK(money_parse("1500", "JPY", &v));
    CHECK_INT(v, 1500);
    CHECK(money_parse("92233720368547758.07", "EUR", &v));
    CHECK_INT(v, INT64_MAX);
    CHECK(money_parse("-92233720368547758.08", "EUR", &v));
    CHECK(v == INT64_MIN);
    /* Refused: more decimals than the currency has, signs, grouping,
     * exponents, overflow, empty parts, unknown currencies. */
    static const char *const bad[] = {"12.345", "+1", "1,000.00", "1e3", "",
                                      ".5", "5.", "1..2", "- 1",
                                      "92233720368547758.08", "abc"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        v = 42;
        CHECK(!money_parse(bad[i], "EUR", &v));
        CHECK_INT(v, 42);
    }
    CHECK(!money_parse("1.5", "JPY", &v));
    CHECK(!money_parse("1", "XYZ", &v));
    /* Round trip over the exponents. */
    static const char *const cur[] = {"JPY", "EUR", "KWD", "CLF"};
    static const int64_t amounts[] = {0, 1, -1, 99, 100, 101, 123456789, -987654321};
    for (size_t c = 0; c < 4; c++)
        for (size_t i = 0; i < sizeof amounts / sizeof *amounts; i++) {
            char t[MONEY_TEXT_MAX];
            CHECK(money_format(amounts[i], cur[c], t));
            CHECK(money_parse(t, cur[c], &v));
            CHECK_INT(v, amounts[i]);
        }
}

static void test_percent(void)
{
    int64_t bp = -1;
    CHECK(percent_parse_bp("50", &bp));
    CHECK_INT(bp, 5000);
    CHECK(percent_parse_bp("66.5", &bp));
    CHECK_INT(bp, 6650);
    CHECK(percent_parse_bp("12.25", &bp));
    CHECK_INT(bp, 1225);
    CHECK(percent_parse_bp("0", &bp));
    CHECK_INT(bp, 0);
    CHECK(percent_parse_bp("100.00", &bp));
    CHECK_INT(bp, 10000);
    static const char *const bad[] = {"100.01", "101", "-5", "50.123", "", ".5",
                                      "5.", "1e2", "50%", "999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        bp = 7;
        CHECK(!percent_parse_bp(bad[i], &bp));
        CHECK_INT(bp, 7);
    }
}

int main(void)
{
    serai_err err;
    if (serai_library_init(&err) != SERAI_OK)
        return 1;
    RUN(test_format);
    RUN(test_parse);
    RUN(test_percent);
    return check_report();
}
