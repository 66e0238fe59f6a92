/*
 * money.h -- amounts as integer minor units of an ISO 4217 currency, and
 * their exact decimal text ("1234.56" for 123456 EUR cents, "1500" for
 * 1500 JPY).  No floating point anywhere.
 */
#ifndef SERAI_REGISTRY_MONEY_H
#define SERAI_REGISTRY_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MONEY_TEXT_MAX 32 /* "-9223372036854775.808" and NUL fit */

/* The currency's exponent (0, 2, 3 or 4), or -1 when it is unknown. */
int money_exponent(const char *currency);

/* Write amount as an exact decimal with the currency's exponent: always
 * that many fraction digits, a leading '-' when negative, no grouping.
 * False (and "" in dst) when the currency is unknown. */
bool money_format(int64_t amount, const char *currency, char dst[MONEY_TEXT_MAX]);

/* Read "1234.56", "-3", "0.5" into minor units of currency: at most the
 * currency's exponent of fraction digits, no exponent, no grouping, no
 * sign other than a leading '-'.  False when the text is not such a
 * number, the currency is unknown, or the value does not fit in int64. */
bool money_parse(const char *text, const char *currency, int64_t *out);

/* "50", "66.5", "12.25": a percentage from 0 to 100 with at most two
 * fraction digits, as basis points (5000, 6650, 1225).  False for anything
 * else (signs, exponents, more digits, above 100). */
bool percent_parse_bp(const char *text, int64_t *bp);

#endif
