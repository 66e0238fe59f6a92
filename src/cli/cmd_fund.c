/*
 * cmd_fund.c -- funds from the command line: the pipeline steps, the
 * position, statements, flows and exports (fund/fund.h, docs/fund.md).
 * Amounts are typed as decimals of the currency ("1500000.00") and turned
 * into minor units here; everything else is the library's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/mem.h"
#include "core/page.h"
#include "fund/fund.h"
#include "fund/fund_export.h"
#include "fund/ledger_journal.h"
#include "fund/ledger_store.h"
#include "registry/money.h"

/* Exactly one positional id. */
static int the_id(const cli_args *a, int64_t *id, const char *usage)
{
    if (a->npositional != 1 || !parse_id(a->positional[0], id))
        return cli_usage_error("usage: serai %s", usage);
    return 0;
}

/* Set body[key] to --opt as an integer id when given; false on a bad id. */
static bool put_id(json_t *body, const cli_args *a, const char *opt, const char *key)
{
    const char *v = cli_opt(a, opt);
    int64_t id;
    if (v == NULL)
        return true;
    if (!parse_id(v, &id)) {
        cli_usage_error("--%s \"%s\" is not an id", opt, v);
        return false;
    }
    json_object_set_new(body, key, json_integer(id));
    return true;
}

static void put_text(json_t *body, const cli_args *a, const char *opt, const char *key)
{
    const char *v = cli_opt(a, opt);
    if (v)
        json_object_set_new(body, key, json_string(v));
}

/* --amount as minor units of currency into body["amount"]. */
static bool put_amount(json_t *body, const cli_args *a, const char *currency,
                       bool required)
{
    const char *v = cli_opt(a, "amount");
    if (v == NULL) {
        if (required)
            cli_usage_error("--amount is required (a decimal such as 1500000.00)");
        return !required;
    }
    int64_t minor;
    if (!money_parse(v, currency, &minor)) {
        cli_usage_error("--amount \"%s\" is not an amount of %s with at most %d "
                        "decimals", v, currency, money_exponent(currency));
        return false;
    }
    json_object_set_new(body, "amount", json_integer(minor));
    return true;
}

typedef serai_code (*step_fn)(store *, const actor *, int64_t, json_t *,
                              json_t **, serai_err *);
typedef serai_code (*get_fn)(store *, const actor *, int64_t, json_t **,
                             serai_err *);

/* Run a step on object id: look up its currency (get) to read --amount,
 * fill the body (fill), run. */
static int run_step(const cli_args *a, int64_t id, get_fn get, bool amount_required,
                    bool (*fill)(json_t *, const cli_args *), step_fn step)
{
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    actor op = actor_operator();
    serai_err err;
    json_t *obj = NULL, *out = NULL, *body = json_object();
    serai_code code = get(s, &op, id, &obj, &err);
    if (code == SERAI_OK) {
        char cur[4];
        snprintf(cur, sizeof cur, "%s",
                 json_string_value(json_object_get(obj, "currency")));
        json_decref(obj);
        if (!put_amount(body, a, cur, amount_required) || !fill(body, a)) {
            json_decref(body);
            store_close(s);
            return 1;
        }
        code = step(s, &op, id, body, &out, &err);
    }
    json_decref(body);
    store_close(s);
    if (code)
        return cli_fail(&err);
    return cli_print_one(a, out);
}

static bool fill_date_note(json_t *b, const cli_args *a)
{
    put_text(b, a, "date", "date");
    put_text(b, a, "note", "note");
    return true;
}

int cmd_fund_create(const cli_args *a)
{
    if (a->npositional)
        return cli_usage_error("usage: serai fund create --code CODE --name NAME "
                               "--currency CUR [--kind guidance_fund|call_pot] "
                               "[--call ID] [--trustee ORG] [--gate PERCENT]");
    json_t *body = json_object();
    put_text(body, a, "code", "code");
    put_text(body, a, "name", "name");
    put_text(body, a, "currency", "currency");
    json_object_set_new(body, "kind", json_string(cli_opt(a, "kind") ? cli_opt(a, "kind")
                                                                     : "guidance_fund"));
    put_text(body, a, "gate", "gate_percent");
    if (!put_id(body, a, "call", "call_id") || !put_id(body, a, "trustee", "trustee_org_id")) {
        json_decref(body);
        return 1;
    }
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    json_t *out = NULL;
    serai_err err;
    serai_code code = fund_create(s, &op, body, &out, &err);
    json_decref(body);
    store_close(s);
    if (code)
        return cli_fail(&err);
    return cli_print_one(a, out);
}

int cmd_fund_pledge(const cli_args *a)
{
    int64_t fund;
    int rc = the_id(a, &fund, "fund pledge FUND --org ORG --currency CUR --amount "
                              "AMOUNT --date YYYY-MM-DD [--reference REF]");
    if (rc)
        return rc;
    const char *cur = cli_opt(a, "currency");
    if (cur == NULL || money_exponent(cur) < 0)
        return cli_usage_error("--currency must be an ISO 4217 code such as EUR");
    json_t *body = json_object();
    json_object_set_new(body, "currency", json_string(cur));
    put_text(body, a, "date", "date");
    put_text(body, a, "reference", "reference");
    if (!put_id(body, a, "org", "org_id") || !put_amount(body, a, cur, true)) {
        json_decref(body);
        return 1;
    }
    store *s;
    if ((rc = cli_open_db(a, &s))) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    json_t *out = NULL;
    serai_err err;
    serai_code code = fund_pledge(s, &op, fund, body, &out, &err);
    json_decref(body);
    store_close(s);
    if (code)
        return cli_fail(&err);
    return cli_print_one(a, out);
}

/* --schedule "2027-01-31:500000.00,2028-01-31:500000.00" with the
 * currency's decimals; the contribution's currency is looked up first. */
static const char *sign_currency;
static bool fill_sign(json_t *b, const cli_args *a)
{
    put_text(b, a, "date", "date");
    put_text(b, a, "instrument", "instrument");
    put_text(b, a, "reference", "reference");
    const char *sched = cli_opt(a, "schedule");
    if (sched == NULL)
        return true;
    json_t *arr = json_array();
    char *copy = xstrdup(sched), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *colon = strchr(tok, ':');
        int64_t minor;
        if (colon == NULL || !money_parse(colon + 1, sign_currency, &minor)) {
            cli_usage_error("--schedule entry \"%s\" must be DUE:AMOUNT, e.g. "
                            "2027-01-31:500000.00", tok);
            free(copy);
            json_decref(arr);
            return false;
        }
        *colon = '\0';
        json_array_append_new(arr, json_pack("{s:s, s:I}", "due", tok, "amount",
                                             (json_int_t)minor));
    }
    free(copy);
    json_object_set_new(b, "encashment", arr);
    return true;
}

static serai_code contribution_currency(store *s, const actor *who, int64_t id,
                                        json_t **out, serai_err *err)
{
    serai_code rc = fund_contribution_get(s, who, id, out, err);
    static char cur[4];
    if (rc == SERAI_OK) {
        snprintf(cur, sizeof cur, "%s", json_string_value(json_object_get(*out, "currency")));
        sign_currency = cur;
    }
    return rc;
}

int cmd_fund_sign(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "fund sign CONTRIBUTION --amount AMOUNT --date "
                            "YYYY-MM-DD --instrument cash|promissory_note "
                            "[--schedule DUE:AMOUNT,...] [--reference REF]");
    return rc ? rc : run_step(a, id, contribution_currency, true, fill_sign, fund_sign);
}

int cmd_fund_receive(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "fund receive CONTRIBUTION --amount AMOUNT --date "
                            "YYYY-MM-DD [--note TEXT]");
    return rc ? rc : run_step(a, id, fund_contribution_get, true, fill_date_note,
                              fund_receive);
}

int cmd_fund_encash(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "fund encash CONTRIBUTION --amount AMOUNT --date "
                            "YYYY-MM-DD [--note TEXT]");
    return rc ? rc : run_step(a, id, fund_contribution_get, true, fill_date_note,
                              fund_encash);
}

int cmd_fund_cancel(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "fund cancel CONTRIBUTION --date YYYY-MM-DD [--note TEXT]");
    return rc ? rc : run_step(a, id, fund_contribution_get, false, fill_date_note,
                              fund_cancel_pledge);
}

int cmd_fund_commit(const cli_args *a)
{
    int64_t fund;
    int rc = the_id(a, &fund, "fund commit FUND --currency CUR --amount AMOUNT "
                              "--date YYYY-MM-DD --title TEXT [--to ORG] [--call ID] "
                              "[--proposal ID] [--start DAY] [--end DAY]");
    if (rc)
        return rc;
    const char *cur = cli_opt(a, "currency");
    if (cur == NULL || money_exponent(cur) < 0)
        return cli_usage_error("--currency must be an ISO 4217 code such as EUR");
    json_t *body = json_object();
    json_object_set_new(body, "currency", json_string(cur));
    put_text(body, a, "date", "date");
    put_text(body, a, "title", "title");
    put_text(body, a, "description", "description");
    put_text(body, a, "start", "start");
    put_text(body, a, "end", "end");
    if (!put_amount(body, a, cur, true) || !put_id(body, a, "to", "recipient_org_id") ||
        !put_id(body, a, "call", "call_id") || !put_id(body, a, "proposal", "proposal_id")) {
        json_decref(body);
        return 1;
    }
    store *s;
    if ((rc = cli_open_db(a, &s))) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    json_t *out = NULL;
    serai_err err;
    serai_code code = fund_commit(s, &op, fund, body, &out, &err);
    json_decref(body);
    store_close(s);
    if (code)
        return cli_fail(&err);
    return cli_print_one(a, out);
}

static bool fill_disburse(json_t *b, const cli_args *a)
{
    fill_date_note(b, a);
    return put_id(b, a, "to", "recipient_org_id");
}

static bool fill_return(json_t *b, const cli_args *a)
{
    fill_date_note(b, a);
    return put_id(b, a, "from", "org_id");
}

static bool fill_decommit(json_t *b, const cli_args *a)
{
    fill_date_note(b, a);
    if (cli_flag(a, "close"))
        json_object_set_new(b, "close", json_true());
    return true;
}

int cmd_fund_disburse(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "fund disburse COMMITMENT --amount AMOUNT --date "
                            "YYYY-MM-DD [--to ORG]");
    return rc ? rc : run_step(a, id, fund_commitment_get, true, fill_disburse,
                              fund_disburse);
}

int cmd_fund_return(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "fund return COMMITMENT --amount AMOUNT --date "
                            "YYYY-MM-DD [--from ORG]");
    return rc ? rc : run_step(a, id, fund_commitment_get, true, fill_return,
                              fund_return);
}

int cmd_fund_decommit(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "fund decommit COMMITMENT --date YYYY-MM-DD "
                            "[--amount AMOUNT] [--close]");
    return rc ? rc : run_step(a, id, fund_commitment_get, false, fill_decommit,
                              fund_decommit);
}

/* Print the figures of a position as a table on stdout. */
static void print_position(const json_t *pos)
{
    static const char *const keys[] = {"pledged", "signed", "received", "notes",
                                       "available", "committed", "outstanding",
                                       "disbursed", "returned"};
    printf("%-4s", "");
    for (size_t k = 0; k < 9; k++)
        printf(" %18s", keys[k]);
    printf("\n");
    size_t i;
    json_t *row;
    json_t *rows = json_copy(json_object_get(pos, "by_currency"));
    json_t *total = json_object_get(pos, "total");
    if (json_is_object(total))
        json_array_append(rows, total);
    json_array_foreach(rows, i, row) {
        const char *cur = json_string_value(json_object_get(row, "currency"));
        printf("%-4s", cur);
        for (size_t k = 0; k < 9; k++) {
            char t[MONEY_TEXT_MAX];
            money_format(json_integer_value(json_object_get(row, keys[k])), cur, t);
            printf(" %18s", t);
        }
        printf(i + 1 == json_array_size(rows) && json_is_object(total) ? "  (total)\n"
                                                                        : "\n");
    }
    json_decref(rows);
    const json_t *ca = json_object_get(pos, "commitment_authority");
    printf("commitment authority: signed %s%% of pledges, gate %s%%: %s\n",
           json_string_value(json_object_get(ca, "signed_percent")),
           json_string_value(json_object_get(ca, "gate_percent")),
           json_is_true(json_object_get(ca, "reached")) ? "reached" : "not reached");
    json_t *rates = json_object_get(pos, "rates");
    json_array_foreach(rates, i, row)
        printf("rate: 1 %s = %s %s (%s, rounding %s)\n",
               json_string_value(json_object_get(row, "base")),
               json_string_value(json_object_get(row, "rate")),
               json_string_value(json_object_get(row, "quote")),
               json_string_value(json_object_get(row, "date")),
               json_string_value(json_object_get(pos, "rounding")));
    json_t *missing = json_object_get(pos, "missing_rates");
    json_array_foreach(missing, i, row)
        printf("no rate from %s on or before %s: totals not valued\n",
               json_string_value(row), json_string_value(json_object_get(pos, "day")));
}

int cmd_fund_show(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "fund show FUND [--day YYYY-MM-DD] [--json]");
    if (rc)
        return rc;
    store *s;
    if ((rc = cli_open_db(a, &s)))
        return rc;
    actor op = actor_operator();
    json_t *out = NULL;
    serai_err err;
    serai_code code = fund_get(s, &op, id, &out, &err);
    if (code == SERAI_OK && cli_opt(a, "day")) {
        json_t *pos;
        if ((code = fund_position(s, &op, id, cli_opt(a, "day"), &pos, &err)) == SERAI_OK)
            json_object_set_new(out, "position", pos);
    }
    store_close(s);
    if (code) {
        json_decref(out);
        return cli_fail(&err);
    }
    if (cli_flag(a, "json"))
        return cli_print_one(a, out);
    printf("fund %s: %s (%s, reporting in %s) on %s\n",
           json_string_value(json_object_get(out, "code")),
           json_string_value(json_object_get(out, "name")),
           json_string_value(json_object_get(out, "kind")),
           json_string_value(json_object_get(out, "currency")),
           json_string_value(json_object_get(json_object_get(out, "position"), "day")));
    print_position(json_object_get(out, "position"));
    static const char *const ckeys[] = {"id", "org_name", "country", "currency",
                                        "pledged", "signed", "received", "status", NULL};
    static const char *const mkeys[] = {"id", "title", "recipient_name", "currency",
                                        "committed", "disbursed", "returned",
                                        "status", NULL};
    printf("\ncontributions (minor units)\n");
    cli_print_table(json_object_get(out, "contributions"), ckeys);
    printf("\ncommitments (minor units)\n");
    cli_print_table(json_object_get(out, "commitments"), mkeys);
    json_decref(out);
    return 0;
}

int cmd_fund_list(const cli_args *a)
{
    static const char *const keys[] = {"id", "code", "name", "kind", "currency",
                                       "gate_percent", NULL};
    if (a->npositional)
        return cli_usage_error("usage: serai fund list [--json]");
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    actor op = actor_operator();
    json_t *out = NULL;
    serai_err err;
    serai_code code = fund_list(s, &op, &out, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    if (cli_flag(a, "json"))
        return cli_print_one(a, out);
    cli_print_table(json_object_get(out, "items"), keys);
    json_decref(out);
    return 0;
}

int cmd_fund_statement(const cli_args *a)
{
    int64_t id, org;
    int rc = the_id(a, &id, "fund statement FUND --org ORG [--json]");
    if (rc)
        return rc;
    if (cli_opt(a, "org") == NULL || !parse_id(cli_opt(a, "org"), &org))
        return cli_usage_error("--org must name the contributor's organisation id");
    store *s;
    if ((rc = cli_open_db(a, &s)))
        return rc;
    actor op = actor_operator();
    json_t *out = NULL;
    serai_err err;
    serai_code code = fund_statement(s, &op, id, org, &out, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    return cli_print_one(a, out);
}

int cmd_fund_flows(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "fund flows FUND [--json]");
    if (rc)
        return rc;
    store *s;
    if ((rc = cli_open_db(a, &s)))
        return rc;
    actor op = actor_operator();
    json_t *out = NULL;
    serai_err err;
    serai_code code = fund_flows(s, &op, id, &out, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    if (cli_flag(a, "json"))
        return cli_print_one(a, out);
    const char *cur = json_string_value(json_object_get(out, "reporting_currency"));
    printf("%-8s %20s %20s %8s %8s %12s   (%s)\n", "country", "contributed",
           "received", "c.share", "r.share", "fair return", cur);
    size_t i;
    json_t *row, *total = json_object_get(out, "total");
    json_array_foreach(json_object_get(total, "countries"), i, row) {
        char c[MONEY_TEXT_MAX], r[MONEY_TEXT_MAX];
        money_format(json_integer_value(json_object_get(row, "contributed")), cur, c);
        money_format(json_integer_value(json_object_get(row, "received")), cur, r);
        const char *cs = json_string_value(json_object_get(row, "contribution_share"));
        const char *rs = json_string_value(json_object_get(row, "receipt_share"));
        const char *fr = json_string_value(json_object_get(row, "fair_return"));
        printf("%-8s %20s %20s %8s %8s %12s\n",
               json_string_value(json_object_get(row, "country")), c, r,
               cs ? cs : "-", rs ? rs : "-", fr ? fr : "-");
    }
    json_decref(out);
    return 0;
}

/* The fund an export is for: --fund, else the only fund there is. */
static int export_fund(const cli_args *a, store *s, int64_t *id)
{
    const char *v = cli_opt(a, "fund");
    if (v) {
        if (!parse_id(v, id))
            return cli_usage_error("--fund \"%s\" is not an id", v);
        return 0;
    }
    actor op = actor_operator();
    json_t *list = NULL;
    serai_err err;
    if (fund_list(s, &op, &list, &err) != SERAI_OK)
        return cli_fail(&err);
    json_t *items = json_object_get(list, "items");
    int rc = 0;
    if (json_array_size(items) == 1)
        *id = json_integer_value(json_object_get(json_array_get(items, 0), "id"));
    else
        rc = cli_usage_error("there are %zu funds: name one with --fund ID "
                             "(serai fund list)", json_array_size(items));
    json_decref(list);
    return rc;
}

int cmd_fund_export(const cli_args *a)
{
    static const char usage[] = "usage: serai fund export --format ledger|iati|"
                                "iati-org|360giving|csv|xlsx [--fund ID] "
                                "[--tab TAB] [--out FILE]";
    const char *format = cli_opt(a, "format"), *path = cli_opt(a, "out");
    if (a->npositional || format == NULL)
        return cli_usage_error("%s", usage);
    bool known = false;
    static const char *const formats[] = {"ledger", "iati", "iati-org", "360giving",
                                          "csv", "xlsx"};
    for (size_t i = 0; i < 6; i++)
        known = known || strcmp(format, formats[i]) == 0;
    if (!known)
        return cli_usage_error("unknown --format \"%s\"; %s", format, usage);
    if (strcmp(format, "xlsx") == 0 && path == NULL)
        return cli_usage_error("--format xlsx writes a binary workbook: give --out FILE");
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    int64_t fund = 0;
    if (strcmp(format, "ledger") != 0 || cli_opt(a, "fund"))
        rc = export_fund(a, s, &fund);
    if (rc) {
        store_close(s);
        return rc;
    }
    actor op = actor_operator();
    serai_err err;
    serai_code code = SERAI_OK;
    char *bytes = NULL;
    size_t len = 0;
    if (strcmp(format, "ledger") == 0) {
        /* The journal of the whole ledger: every fund's accounts and any
         * direct ledger client's, so hledger's balances equal serai's. */
        FILE *m = open_memstream(&bytes, &len);
        if (m == NULL) {
            store_close(s);
            fprintf(stderr, "serai: out of memory\n");
            return 1;
        }
        code = ledger_journal_write(s, m, NULL, &err);
        if (fclose(m) != 0 && code == SERAI_OK)
            code = serai_fail(&err, SERAI_EINTERNAL, NULL, "writing the journal failed");
    } else if (strcmp(format, "csv") == 0 || strcmp(format, "xlsx") == 0) {
        code = fund_sheet(s, &op, fund, format, cli_opt(a, "tab"), &bytes, &len, &err);
    } else {
        fund_export_data d;
        code = fund_export_load(s, &op, fund, &d, &err);
        if (code == SERAI_OK) {
            if (strcmp(format, "iati") == 0)
                code = fund_export_iati_activities(&d, &bytes, &len, &err);
            else if (strcmp(format, "iati-org") == 0)
                code = fund_export_iati_organisation(&d, &bytes, &len, &err);
            else
                code = fund_export_360giving(&d, &bytes, &len, &err);
            fund_export_free(&d);
        }
    }
    store_close(s);
    if (code)
        return cli_fail(&err);
    /* Write to a temporary file beside the target, then rename: a failed
     * write leaves no partial file. */
    FILE *f = stdout;
    char *tmp = NULL;
    if (path) {
        size_t n = strlen(path) + 16;
        tmp = xmalloc(n);
        snprintf(tmp, n, "%s.partial", path);
        f = fopen(tmp, "wb");
        if (f == NULL) {
            fprintf(stderr, "serai: cannot write %s\n", path);
            free(tmp);
            free(bytes);
            return 1;
        }
    }
    bool ok = fwrite(bytes, 1, len, f) == len;
    free(bytes);
    if (path) {
        ok = fclose(f) == 0 && ok;
        ok = ok && rename(tmp, path) == 0;
        if (!ok)
            remove(tmp);
        free(tmp);
    } else {
        ok = fflush(stdout) == 0 && ok;
    }
    if (!ok) {
        fprintf(stderr, "serai: writing %s failed\n", path ? path : "stdout");
        return 1;
    }
    return 0;
}

int cmd_ledger_rate(const cli_args *a)
{
    const char *base = cli_opt(a, "base"), *quote = cli_opt(a, "quote"),
               *day = cli_opt(a, "date"), *rate = cli_opt(a, "rate");
    if (a->npositional || !base || !quote || !day || !rate)
        return cli_usage_error("usage: serai ledger rate --base CUR --quote CUR "
                               "--date YYYY-MM-DD --rate DECIMAL  (1 base = rate quote)");
    ledger_rate r;
    memset(&r, 0, sizeof r);
    if (strlen(base) != 3 || strlen(quote) != 3 || strlen(day) != 10 ||
        strlen(rate) >= sizeof r.rate)
        return cli_usage_error("--base and --quote are ISO 4217 codes, --date "
                               "YYYY-MM-DD, --rate a decimal such as 1.0821");
    memcpy(r.base, base, 4);
    memcpy(r.quote, quote, 4);
    memcpy(r.date, day, 11);
    memcpy(r.rate, rate, strlen(rate) + 1);
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    serai_err err;
    serai_code code = ledger_store_rate_put(s, &r, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    printf("rate: 1 %s = %s %s from %s\n", base, rate, quote, day);
    return 0;
}
