/*
 * cmd_review.c -- a call's review from the command line: set-up, reviewer
 * pool, conflicts of interest.  The operator acts with the secretariat's
 * rights, through the same library calls as the API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/json.h"
#include "core/page.h"
#include "review/pool.h"
#include "review/review.h"

/* Run fn on the database as the operator and print its record. */
#define ON_DB(a, expr)                                      \
    do {                                                    \
        store *s_;                                          \
        int rc_ = cli_open_db(a, &s_);                      \
        if (rc_)                                            \
            return rc_;                                     \
        actor op = actor_operator();                        \
        json_t *out = NULL;                                 \
        serai_err err;                                      \
        serai_code code_ = (expr);                          \
        store_close(s_);                                    \
        return code_ ? cli_fail(&err) : cli_print_one(a, out); \
    } while (0)

int cmd_review_setup(const cli_args *a)
{
    int64_t call;
    int rc = cli_ids(a, 1, &call, "serai review setup CALL [--file SETUP.json]");
    if (rc)
        return rc;
    const char *file = cli_opt(a, "file");
    if (file == NULL)
        ON_DB(a, review_setup_get(s_, &op, call, &out, &err));
    char *text;
    size_t len;
    if ((rc = cli_read_file(file, JSON_MAX_BODY, &text, &len)))
        return rc;
    json_t *body;
    serai_err perr;
    serai_code code = json_parse_object(text, len, &body, &perr);
    free(text);
    if (code) {
        fprintf(stderr, "serai: in %s:\n", file);
        return cli_fail(&perr);
    }
    store *s;
    if ((rc = cli_open_db(a, &s))) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    json_t *out;
    code = review_setup_put(s, &op, call, body, &out, &perr);
    json_decref(body);
    store_close(s);
    return code ? cli_fail(&perr) : cli_print_one(a, out);
}

int cmd_review_invite(const cli_args *a)
{
    int64_t call, person, max_load, min_load = 0;
    int rc = cli_ids(a, 1, &call, "serai review invite CALL --person ID "
                                 "--max-load N [--min-load M]");
    if (rc)
        return rc;
    const char *p = cli_opt(a, "person"), *mx = cli_opt(a, "max-load"),
               *mn = cli_opt(a, "min-load");
    if (!p || !parse_id(p, &person))
        return cli_usage_error("--person must be a person id");
    char *end;
    if (!mx || (max_load = strtoll(mx, &end, 10), *end != '\0' || max_load < 0))
        return cli_usage_error("--max-load must be a number of proposals");
    if (mn && (min_load = strtoll(mn, &end, 10), *end != '\0' || min_load < 0))
        return cli_usage_error("--min-load must be a number of proposals");
    json_t *body = json_pack("{s:I, s:I, s:I}", "person_id", (json_int_t)person,
                             "max_load", (json_int_t)max_load, "min_load",
                             (json_int_t)min_load);
    store *s;
    if ((rc = cli_open_db(a, &s))) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = reviewer_invite(s, &op, call, body, &out, &err);
    json_decref(body);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_one(a, out);
}

int cmd_review_answer(const cli_args *a)
{
    int64_t ids[2];
    int rc = cli_ids(a, 2, ids, "serai review answer CALL PERSON "
                               "(--accept | --decline REASON)");
    if (rc)
        return rc;
    bool accept = cli_flag(a, "accept");
    const char *reason = cli_opt(a, "decline");
    if (accept == (reason != NULL))
        return cli_usage_error("give either --accept or --decline REASON");
    ON_DB(a, reviewer_answer(s_, &op, ids[0], ids[1], accept, reason, &out, &err));
}

int cmd_review_pool(const cli_args *a)
{
    static const char *const keys[] = {"person_id", "status", "country",
                                       "min_load", "max_load", "name", NULL};
    int64_t call;
    int rc = cli_ids(a, 1, &call, "serai review pool CALL");
    if (rc)
        return rc;
    store *s;
    if ((rc = cli_open_db(a, &s)))
        return rc;
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = reviewer_list(s, &op, call, &out, &err);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_page(a, out, keys);
}

int cmd_review_conflicts(const cli_args *a)
{
    int64_t call;
    int rc = cli_ids(a, 1, &call, "serai review conflicts CALL");
    if (rc)
        return rc;
    store *s;
    if ((rc = cli_open_db(a, &s)))
        return rc;
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = conflict_list(s, &op, call, &out, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    if (cli_flag(a, "json")) {
        cli_print_json(out);
    } else {
        size_t i, j;
        json_t *c, *r;
        printf("proposal\tperson\treason\n");
        json_array_foreach(json_object_get(out, "items"), i, c)
            json_array_foreach(json_object_get(c, "reasons"), j, r)
                printf("%lld\t%lld\t%s: %s\n",
                       (long long)json_integer_value(json_object_get(c, "proposal_id")),
                       (long long)json_integer_value(json_object_get(c, "person_id")),
                       json_string_value(json_object_get(r, "code")),
                       json_string_value(json_object_get(r, "detail")));
    }
    json_decref(out);
    return 0;
}

int cmd_review_declare(const cli_args *a)
{
    int64_t proposal, person;
    int rc = cli_ids(a, 1, &proposal, "serai review declare PROPOSAL --person ID "
                                     "--reason TEXT");
    if (rc)
        return rc;
    const char *p = cli_opt(a, "person"), *reason = cli_opt(a, "reason");
    if (!p || !parse_id(p, &person))
        return cli_usage_error("--person must be a person id");
    if (!reason)
        return cli_usage_error("--reason is required");
    json_t *body = json_pack("{s:I, s:s}", "person_id", (json_int_t)person,
                             "reason", reason);
    store *s;
    if ((rc = cli_open_db(a, &s))) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = conflict_declare(s, &op, proposal, body, &out, &err);
    json_decref(body);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_one(a, out);
}

int cmd_review_assign(const cli_args *a)
{
    int64_t proposal, person;
    int rc = cli_ids(a, 1, &proposal, "serai review assign PROPOSAL --person ID");
    if (rc)
        return rc;
    const char *p = cli_opt(a, "person");
    if (!p || !parse_id(p, &person))
        return cli_usage_error("--person must be a person id");
    ON_DB(a, review_assign(s_, &op, proposal, person, -1, &out, &err));
}

int cmd_review_list(const cli_args *a)
{
    static const char *const keys[] = {"id", "proposal_id", "person_id", "status",
                                       "overall", NULL};
    review_filter f = {0, 0, cli_opt(a, "status"), {0, 0}};
    serai_err err;
    if (page_parse(cli_opt(a, "limit"), cli_opt(a, "cursor"), &f.page, &err))
        return cli_fail(&err);
    const char *call = cli_opt(a, "call"), *prop = cli_opt(a, "proposal");
    if (call && !parse_id(call, &f.call_id))
        return cli_usage_error("--call must be a call id");
    if (prop && !parse_id(prop, &f.proposal_id))
        return cli_usage_error("--proposal must be a proposal id");
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    actor op = actor_operator();
    json_t *out;
    serai_code code = review_list(s, &op, &f, &out, &err);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_page(a, out, keys);
}

int cmd_review_ranking(const cli_args *a)
{
    int64_t call;
    int rc = cli_ids(a, 1, &call, "serai review ranking CALL");
    if (rc)
        return rc;
    store *s;
    if ((rc = cli_open_db(a, &s)))
        return rc;
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = ranking_get(s, &op, call, &out, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    if (cli_flag(a, "json")) {
        cli_print_json(out);
    } else {
        printf("rank\tscore\tsource\treviews\tproposal\tacronym\tnote\n");
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(out, "items"), i, it) {
            json_t *score = json_object_get(it, "score");
            const char *source = json_string_value(json_object_get(it, "source"));
            const char *acr = json_string_value(json_object_get(it, "acronym"));
            printf("%lld%s\t", (long long)json_integer_value(json_object_get(it, "rank")),
                   json_is_true(json_object_get(it, "tied")) ? "=" : "");
            if (json_is_number(score))
                printf("%.2f", json_number_value(score));
            else
                printf("-");
            printf("\t%s\t%lld\t%lld\t%s\t%s\n", source ? source : "-",
                   (long long)json_integer_value(json_object_get(it, "reviews")),
                   (long long)json_integer_value(json_object_get(it, "proposal_id")),
                   acr ? acr : "-",
                   json_is_true(json_object_get(it, "below_threshold"))
                       ? "below threshold"
                       : "");
        }
    }
    json_decref(out);
    return 0;
}

/* --fair alone, or followed by the word proposal: the lowest
 * per-proposal affinity first (approximate); --fair pair: the lowest pair
 * first (exact); --fair-pair is the same where the option table lists it.
 * The word is a separate argument because --fair takes no value. */
int cmd_review_assign_run(const cli_args *a)
{
    static const char usage[] = "serai review match CALL [--fair [proposal|pair]]";
    int64_t call;
    assign_fairness fairness = ASSIGN_FAIR_NONE;
    cli_args rest = *a;
    if (cli_flag(a, "fair-pair"))
        fairness = ASSIGN_FAIR_PAIR;
    else if (cli_flag(a, "fair"))
        fairness = ASSIGN_FAIR_PROPOSAL;
    if (fairness == ASSIGN_FAIR_PROPOSAL && a->npositional == 2) {
        /* The word, wherever it stands; the other argument is CALL. */
        int w = strcmp(a->positional[0], "pair") == 0 ||
                        strcmp(a->positional[0], "proposal") == 0
                    ? 0
                    : 1;
        const char *word = a->positional[w];
        if (strcmp(word, "pair") == 0)
            fairness = ASSIGN_FAIR_PAIR;
        else if (strcmp(word, "proposal") != 0)
            return cli_usage_error("--fair is proposal or pair, not \"%s\"; "
                                   "usage: %s", word, usage);
        rest.positional[0] = a->positional[1 - w];
        rest.npositional = 1;
    }
    int rc = cli_ids(&rest, 1, &call, usage);
    if (rc)
        return rc;
    ON_DB(a, review_assign_run(s_, &op, call, fairness, &out, &err));
}
