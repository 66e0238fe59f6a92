/*
 * fund_internal.h -- what fund.c, fund_report.c and fund_export.c share;
 * not for other modules.
 */
#ifndef SERAI_FUND_FUND_INTERNAL_H
#define SERAI_FUND_FUND_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/actor.h"
#include "core/err.h"
#include "fund/fund.h"
#include "fund/ledger.h"
#include "store/store.h"

typedef struct fund_info {
    int64_t id;
    char code[32];
    char name[FUND_NAME_MAX + 1];
    char kind[16];
    int64_t call_id;
    int64_t trustee_org_id;
    char currency[4];
    int64_t gate_bp;
    char created_at[24];
} fund_info;

/* The fund, or ENOTFOUND. */
serai_code fund_info_load(store *s, int64_t id, fund_info *out, serai_err *err)
    __attribute__((warn_unused_result));

/* The database's error code, or ESTORE when it set none. */
serai_code fund_db_error(serai_err *err);

/* True when d is "YYYY-MM-DD" naming a real day. */
bool fund_day_valid(const char *d);

/* Whether who may see the contributions of org_id: the secretariat and
 * observers all, a funder its own organisation's. */
bool fund_sees_contributor(const actor *who, int64_t org_id);

/*
 * Values in the reporting currency.  A converter remembers the rates it
 * looked up; fund_value turns amount of currency `from` into minor units
 * of the converter's currency at the latest rate on or before day, half to
 * even (ledger_convert).  ENOTFOUND-based failures become EUNPROCESSABLE
 * naming the missing rate.
 */
#define FUND_RATE_CACHE 64
typedef struct fund_converter {
    char to[4];
    size_t n;
    struct { char from[4]; char day[11]; ledger_rate rate; } seen[FUND_RATE_CACHE];
} fund_converter;
void fund_converter_init(fund_converter *c, const char *to);
serai_code fund_value(store *s, fund_converter *c, const char *from,
                      const char *day, int64_t amount, int64_t *out,
                      const ledger_rate **used, serai_err *err)
    __attribute__((warn_unused_result));

/* A commitment as the API shows it; ENOTFOUND when there is none. */
serai_code fund_commitment_json(store *s, int64_t id, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* amount * num / den rounded half to even; den > 0. */
int64_t fund_muldiv(int64_t amount, int64_t num, int64_t den);

#endif
