/*
 * cmd_agenda.c -- the issue-setting model from the command line
 * (agenda/agenda.h, docs/agenda.md).  The operator acts as the
 * secretariat: it runs processes, proposes and supports issues for a
 * member named with --member, comments, amends and decides amendments,
 * reads the tally and links adopted issues to calls.  Ballots are cast by
 * delegates alone, through the API; there is no command for them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda/agenda.h"
#include "auth/auth.h"
#include "cli/commands.h"
#include "core/mem.h"
#include "core/page.h"
#include "registry/money.h"

/* --opt as a whole number (minor units, ids) into body[key]; false after a
 * usage error. */
static bool put_number(json_t *body, const cli_args *a, const char *opt,
                       const char *key)
{
    const char *v = cli_opt(a, opt);
    int64_t n = 0;
    if (v == NULL)
        return true;
    if (strcmp(v, "0") != 0 && !parse_id(v, &n)) {
        cli_usage_error("--%s \"%s\" is not a whole number", opt, v);
        return false;
    }
    json_object_set_new(body, key, json_integer(n));
    return true;
}

/* --member: a membership id, or a country code such as KE. */
static void put_member(json_t *body, const cli_args *a)
{
    const char *v = cli_opt(a, "member");
    int64_t id;
    if (v)
        json_object_set_new(body, "member",
                            parse_id(v, &id) ? json_integer(id) : json_string(v));
}

/* --sdg 6,13 as [6, 13]; false after a usage error. */
static bool put_sdgs(json_t *body, const cli_args *a)
{
    const char *v = cli_opt(a, "sdg");
    if (v == NULL)
        return true;
    json_t *arr = json_array();
    char *copy = xstrdup(v), *save = NULL;
    bool ok = true;
    for (char *tok = strtok_r(copy, ",", &save); tok && ok;
         tok = strtok_r(NULL, ",", &save)) {
        int64_t n;
        ok = parse_id(tok, &n);
        if (ok)
            json_array_append_new(arr, json_integer(n));
    }
    free(copy);
    if (!ok) {
        json_decref(arr);
        cli_usage_error("--sdg takes UN SDG numbers, e.g. 6,13");
        return false;
    }
    json_object_set_new(body, "sdgs", arr);
    return true;
}

/* The body of --file, with the options given laid over it (an empty object
 * without --file); NULL after printing why, *rc the exit code. */
static json_t *file_or_options(const cli_args *a, int *rc)
{
    json_t *body = json_object();
    *rc = 0;
    if (cli_opt(a, "file")) {
        json_decref(body);
        if ((*rc = cli_body_from_file(a, &body)) != 0)
            return NULL;
    }
    return body;
}

static const char *text_of(const json_t *obj, const char *key)
{
    const char *v = json_string_value(json_object_get(obj, key));
    return v ? v : "-";
}

static long long int_of(const json_t *obj, const char *key)
{
    return (long long)json_integer_value(json_object_get(obj, key));
}

static void print_codes(const json_t *codes)
{
    size_t i;
    json_t *c;
    json_array_foreach(codes, i, c)
        printf("%s%s", i ? ", " : "", json_string_value(c));
    if (json_array_size(codes) == 0)
        fputs("-", stdout);
}

/* A process: settings, dates, counts, members, the adopted issues. */
static void print_process(const json_t *p)
{
    static const char *const keys[] = {"member", "group", "contribution", "ballots",
                                       NULL};
    const json_t *d = json_object_get(p, "dates");
    const json_t *n = json_object_get(p, "issues_by_status");
    printf("process %lld %s: %s\n", int_of(p, "id"), text_of(p, "code"),
           text_of(p, "title"));
    printf("phase %s; %s ballots counted by %s, weighting %s, support threshold "
           "%lld\n", text_of(p, "phase"), text_of(p, "ballot"), text_of(p, "method"),
           text_of(p, "weighting"), int_of(p, "support_threshold"));
    printf("dates: proposal %s, consultation %s, voting %s to %s\n",
           text_of(d, "proposal"), text_of(d, "consultation"), text_of(d, "voting"),
           text_of(d, "voting_closes"));
    printf("issues: %lld proposed, %lld in consultation, %lld adopted, %lld not "
           "adopted; %lld ballots\n", int_of(n, "proposed"), int_of(n, "consultation"),
           int_of(n, "adopted"), int_of(n, "not_adopted"), int_of(p, "ballots"));
    printf("\nmembers\n");
    cli_print_table(json_object_get(p, "members"), keys);
    const json_t *result = json_object_get(p, "result");
    if (json_is_object(result)) {
        printf("\nadopted on %s, best first: ", text_of(p, "adopted_on"));
        print_codes(json_object_get(result, "adopted"));
        putchar('\n');
    }
}

/* The comment thread, replies indented under their comment. */
static void print_comments(const json_t *comments, int depth)
{
    size_t i;
    json_t *c;
    json_array_foreach(comments, i, c) {
        printf("%*s#%lld %s: %s\n", 2 * depth, "", int_of(c, "id"),
               text_of(c, "author"), text_of(c, "body"));
        if (depth < AGENDA_MAX_COMMENT_DEPTH)
            print_comments(json_object_get(c, "replies"), depth + 1);
    }
}

/* The issue with its title and summary in lang (else its original), the
 * comment thread, the amendments and the linked calls. */
static void print_issue_in(const json_t *issue, const char *lang)
{
    static const char *const amendment_keys[] = {"id", "lang", "status", "member",
                                                 "title", "summary", "reason", NULL};
    static const char *const call_keys[] = {"id", "title", "status", NULL};
    json_t *text = lang ? json_object_get(json_object_get(issue, "texts"), lang) : NULL;
    if (text == NULL)
        text = (json_t *)issue; /* the original, shown at the top level */
    json_t *place = json_object_get(issue, "place");
    char where[24] = "-";
    if (json_is_integer(place))
        snprintf(where, sizeof where, "%lld", (long long)json_integer_value(place));
    printf("issue %lld %s: %s\n%s\n\n", int_of(issue, "id"), text_of(issue, "code"),
           text_of(text, "title"), text_of(text, "summary"));
    printf("status %s, place %s, proposed by %s, supported by %lld members "
           "(threshold %lld)\n", text_of(issue, "status"), where,
           text_of(json_object_get(issue, "proposer"), "member"),
           int_of(issue, "support_count"), int_of(issue, "support_threshold"));
    printf("\ncomments\n");
    print_comments(json_object_get(issue, "comments"), 1);
    printf("\namendments\n");
    cli_print_table(json_object_get(issue, "amendments"), amendment_keys);
    printf("\ncalls\n");
    cli_print_table(json_object_get(issue, "calls"), call_keys);
}

static void print_issue(const json_t *issue)
{
    print_issue_in(issue, NULL);
}

/* The answer of a call (rc its exit code) as --json, or by print;
 * releases it. */
static int answer(const cli_args *a, int rc, json_t *out,
                  void (*print)(const json_t *))
{
    if (rc || cli_flag(a, "json"))
        return rc ? rc : cli_print_one(a, out);
    print(out);
    json_decref(out);
    return 0;
}

/* ---- library calls in the shape cli_call_by_id takes ---- */

/* A read of the object with the id: the body is not used. */
#define READ_BY_ID(name, fn)                                                     \
    static serai_code name(store *s, const actor *who, int64_t id, json_t *body, \
                           json_t **out, serai_err *err)                        \
    {                                                                            \
        (void)body;                                                              \
        return fn(s, who, id, out, err);                                         \
    }
READ_BY_ID(show_process, agenda_process_get)
READ_BY_ID(list_ballots, agenda_ballot_list)
READ_BY_ID(tally, agenda_tally)
#undef READ_BY_ID

static serai_code create_process(store *s, const actor *who, int64_t id,
                                 json_t *body, json_t **out, serai_err *err)
{
    (void)id;
    return agenda_process_create(s, who, body, out, err);
}

static serai_code list_processes(store *s, const actor *who, int64_t id,
                                 json_t *body, json_t **out, serai_err *err)
{
    (void)id;
    (void)body;
    return agenda_process_list(s, who, out, err);
}

static serai_code list_issues(store *s, const actor *who, int64_t id,
                              json_t *body, json_t **out, serai_err *err)
{
    return agenda_issue_list(s, who, id,
                             json_string_value(json_object_get(body, "status")),
                             json_string_value(json_object_get(body, "lang")),
                             out, err);
}

static serai_code show_issue(store *s, const actor *who, int64_t id, json_t *body,
                             json_t **out, serai_err *err)
{
    return agenda_issue_get(s, who, id, json_string_value(json_object_get(body, "lang")),
                            out, err);
}

static serai_code adopted(store *s, const actor *who, int64_t id, json_t *body,
                          json_t **out, serai_err *err)
{
    return agenda_adopted(s, who, id,
                          json_string_value(json_object_get(body, "lang")), out,
                          err);
}

/* ---- processes ---- */

int cmd_agenda_create(const cli_args *a)
{
    if (a->npositional)
        return cli_usage_error("usage: serai agenda create --file PROCESS.json "
                               "[--code C] [--title T] ...");
    json_t *body;
    int rc = cli_body_from_file(a, &body);
    if (rc)
        return rc;
    cli_put_text(body, a, "code", "code");
    cli_put_text(body, a, "title", "title");
    cli_put_text(body, a, "ballot", "ballot");
    cli_put_text(body, a, "method", "method");
    cli_put_text(body, a, "weighting", "weighting");
    cli_put_text(body, a, "currency", "currency");
    if (!put_number(body, a, "support-threshold", "support_threshold") ||
        !put_number(body, a, "adopt-max", "adopt_max")) {
        json_decref(body);
        return 1;
    }
    json_t *out;
    rc = cli_call_by_id(a, create_process, 0, body, &out);
    return answer(a, rc, out, print_process);
}

int cmd_agenda_list(const cli_args *a)
{
    static const char *const keys[] = {"id", "code", "title", "phase", "ballot",
                                       "method", "weighting", NULL};
    if (a->npositional)
        return cli_usage_error("usage: serai agenda list [--json]");
    json_t *out;
    int rc = cli_call_by_id(a, list_processes, 0, json_object(), &out);
    return rc ? rc : cli_print_page(a, out, keys);
}

int cmd_agenda_show(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai agenda show PROCESS [--json]");
    json_t *out;
    if (rc || (rc = cli_call_by_id(a, show_process, id, json_object(), &out)))
        return rc;
    return answer(a, rc, out, print_process);
}

int cmd_agenda_members(const cli_args *a)
{
    int64_t id;
    json_t *body, *out;
    int rc = cli_ids(a, 1, &id, "serai agenda members PROCESS --file MEMBERS.json");
    if (rc || (rc = cli_body_from_file(a, &body)))
        return rc;
    rc = cli_call_by_id(a, agenda_members_set, id, body, &out);
    return answer(a, rc, out, print_process);
}

int cmd_agenda_phase(const cli_args *a)
{
    static const char usage[] = "serai agenda phase PROCESS "
                                "consultation|voting|adopted";
    int64_t id;
    if (a->npositional != 2 || !parse_id(a->positional[0], &id))
        return cli_usage_error("usage: %s", usage);
    json_t *out;
    int rc = cli_call_by_id(a, agenda_phase_set, id,
                            json_pack("{s:s}", "phase", a->positional[1]), &out);
    return answer(a, rc, out, print_process);
}

/* ---- issues ---- */

static int issue_add(const cli_args *a)
{
    static const char usage[] = "serai agenda issue add PROCESS (--file ISSUE.json "
                                "| --code C --title T --summary S [--lang en] "
                                "[--sdg 6,13] [--member KE] [--cost MINOR])";
    int64_t id;
    if (a->npositional != 2 || !parse_id(a->positional[1], &id))
        return cli_usage_error("usage: %s", usage);
    int rc;
    json_t *body = file_or_options(a, &rc);
    if (body == NULL)
        return rc;
    cli_put_text(body, a, "code", "code");
    if (cli_opt(a, "title") || cli_opt(a, "summary")) {
        json_t *text = json_object();
        cli_put_text(text, a, "title", "title");
        cli_put_text(text, a, "summary", "summary");
        const char *lang = cli_opt(a, "lang") ? cli_opt(a, "lang") : "en";
        json_object_set_new(body, "texts", json_pack("{s:o}", lang, text));
    }
    put_member(body, a);
    if (!put_sdgs(body, a) || !put_number(body, a, "cost", "cost")) {
        json_decref(body);
        return 1;
    }
    json_t *out;
    rc = cli_call_by_id(a, agenda_issue_create, id, body, &out);
    return answer(a, rc, out, print_issue);
}

static int issue_show(const cli_args *a)
{
    int64_t id;
    if (a->npositional != 2 || !parse_id(a->positional[1], &id))
        return cli_usage_error("usage: serai agenda issue show ISSUE [--lang zh] "
                               "[--json]");
    json_t *out;
    int rc = cli_call_by_id(a, show_issue, id, json_object(), &out);
    if (rc || cli_flag(a, "json"))
        return answer(a, rc, out, print_issue);
    print_issue_in(out, cli_opt(a, "lang"));
    json_decref(out);
    return 0;
}

/* agenda issue add|show: the third word is the first positional. */
int cmd_agenda_issue(const cli_args *a)
{
    const char *verb = a->npositional ? a->positional[0] : "";
    if (strcmp(verb, "add") == 0)
        return issue_add(a);
    if (strcmp(verb, "show") == 0)
        return issue_show(a);
    return cli_usage_error("usage: serai agenda issue add PROCESS ... | "
                           "serai agenda issue show ISSUE [--lang L]");
}

int cmd_agenda_issues(const cli_args *a)
{
    static const char *const keys[] = {"id", "code", "status", "place", "title",
                                       "support_count", "comment_count", NULL};
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai agenda issues PROCESS [--status S] [--lang L] [--json]");
    if (rc)
        return rc;
    json_t *body = json_object(), *out;
    cli_put_text(body, a, "status", "status");
    cli_put_text(body, a, "lang", "lang");
    rc = cli_call_by_id(a, list_issues, id, body, &out);
    return rc ? rc : cli_print_page(a, out, keys);
}

/* ISSUE and a body filled from the options by fill, for fn; prints the
 * issue. */
static int on_issue(const cli_args *a, const char *usage,
                    bool (*fill)(json_t *body, const cli_args *a), cli_by_id_fn fn)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, usage);
    if (rc)
        return rc;
    json_t *body = json_object(), *out;
    if (!fill(body, a)) {
        json_decref(body);
        return 1;
    }
    rc = cli_call_by_id(a, fn, id, body, &out);
    return answer(a, rc, out, print_issue);
}

static bool fill_support(json_t *body, const cli_args *a)
{
    put_member(body, a);
    return true;
}

int cmd_agenda_support(const cli_args *a)
{
    return on_issue(a, "serai agenda support ISSUE --member KE", fill_support,
                    agenda_issue_support);
}

static bool fill_comment(json_t *body, const cli_args *a)
{
    cli_put_text(body, a, "text", "body");
    return put_number(body, a, "reply-to", "parent_id");
}

int cmd_agenda_comment(const cli_args *a)
{
    return on_issue(a, "serai agenda comment ISSUE --text TEXT [--reply-to COMMENT]",
                    fill_comment, agenda_comment_add);
}

static bool fill_amendment(json_t *body, const cli_args *a)
{
    cli_put_text(body, a, "lang", "lang");
    cli_put_text(body, a, "title", "title");
    cli_put_text(body, a, "summary", "summary");
    cli_put_text(body, a, "reason", "reason");
    put_member(body, a);
    return true;
}

int cmd_agenda_amend(const cli_args *a)
{
    return on_issue(a, "serai agenda amend ISSUE --lang en [--title T] [--summary S] "
                       "--reason R [--member KE]", fill_amendment, agenda_amendment_add);
}

int cmd_agenda_amendment(const cli_args *a)
{
    static const char usage[] = "serai agenda amendment AMENDMENT accept|reject "
                                "[--note TEXT]";
    int64_t id;
    if (a->npositional != 2 || !parse_id(a->positional[0], &id))
        return cli_usage_error("usage: %s", usage);
    const char *verb = a->positional[1];
    const char *status = strcmp(verb, "accept") == 0   ? "accepted"
                         : strcmp(verb, "reject") == 0 ? "rejected"
                                                       : NULL;
    if (status == NULL)
        return cli_usage_error("\"%s\" is neither accept nor reject; usage: %s",
                               verb, usage);
    json_t *body = json_pack("{s:s}", "status", status), *out;
    cli_put_text(body, a, "note", "note");
    int rc = cli_call_by_id(a, agenda_amendment_decide, id, body, &out);
    return answer(a, rc, out, print_issue);
}

/* ---- ballots, tally, links, the adopted agenda ---- */

int cmd_agenda_ballots(const cli_args *a)
{
    static const char *const keys[] = {"id", "member", "account_id", "marks",
                                       "created_at", NULL};
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai agenda ballots PROCESS [--json]");
    json_t *out;
    if (rc || (rc = cli_call_by_id(a, list_ballots, id, json_object(), &out)))
        return rc;
    return cli_print_page(a, out, keys);
}

/* explanation.pairwise: row issue over column issue, candidates' order. */
static void print_pairwise(const json_t *candidates, const json_t *pairwise)
{
    size_t i, j;
    json_t *row, *v;
    printf("\npairwise: weight ranking the row's issue above the column's\n");
    json_array_foreach(candidates, j, v)
        printf("\t%s", json_string_value(v));
    putchar('\n');
    json_array_foreach(pairwise, i, row) {
        printf("%s", json_string_value(json_array_get(candidates, i)));
        json_array_foreach(row, j, v)
            if (i == j)
                printf("\t-");
            else
                printf("\t%lld", (long long)json_integer_value(v));
        putchar('\n');
    }
}

static void print_tally(const json_t *t)
{
    static const char *const keys[] = {"member", "group", "weight", "ballots", NULL};
    printf("%s%s, weighting %s (scale %lld): %lld ballots from %lld members\n",
           json_is_true(json_object_get(t, "provisional")) ? "provisional count, " : "",
           text_of(t, "method"), text_of(t, "weighting"), int_of(t, "scale"),
           int_of(t, "ballots"), int_of(t, "members_voting"));
    printf("\nplace\tissues\n");
    size_t i, place = 1;
    json_t *tied;
    json_array_foreach(json_object_get(t, "ranking"), i, tied) {
        printf("%zu\t", place);
        print_codes(tied);
        putchar('\n');
        place += json_array_size(tied);
    }
    printf("\nadopted, best first: ");
    print_codes(json_object_get(t, "adopted"));
    printf("\n\nmembers voting\n");
    cli_print_table(json_object_get(t, "members"), keys);
    json_t *pairwise = json_object_get(json_object_get(t, "explanation"), "pairwise");
    if (pairwise == NULL)
        pairwise = json_object_get(t, "pairwise");
    if (strcmp(text_of(t, "method"), "schulze") == 0 && json_is_array(pairwise))
        print_pairwise(json_object_get(t, "candidates"), pairwise);
}

/* A ballot a delegate handed in (on paper at the assembly, say), recorded
 * under the delegate's own account: body {"delegate": e-mail, "withdraw":
 * true | "marks" and "member"}.  The audit trail names the operator and the
 * delegate. */
static serai_code vote_for_delegate(store *s, const actor *op, int64_t id, json_t *body,
                                    json_t **out, serai_err *err)
{
    actor d;
    serai_code rc = auth_actor_for_email(
        s, json_string_value(json_object_get(body, "delegate")), &d, err);
    if (rc != SERAI_OK)
        return rc;
    char label[sizeof d.label];
    snprintf(label, sizeof label, "%s", d.label);
    snprintf(d.label, sizeof d.label, "%.40s for %.50s", op->label, label);
    bool withdraw = json_is_true(json_object_get(body, "withdraw"));
    json_object_del(body, "delegate");
    json_object_del(body, "withdraw");
    return withdraw ? agenda_ballot_withdraw(s, &d, id, out, err)
                    : agenda_ballot_cast(s, &d, id, body, out, err);
}

/* "W1=1,W2=2" (or "W1,W3": each mark 1) into {"W1": 1, "W2": 2}. */
static bool parse_marks(const char *text, json_t *marks)
{
    char *copy = xstrdup(text), *save = NULL;
    bool ok = true;
    for (char *item = strtok_r(copy, ",", &save); item && ok;
         item = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(item, '=');
        int64_t mark = 1;
        if (eq) {
            *eq = '\0';
            ok = parse_id(eq + 1, &mark) || strcmp(eq + 1, "0") == 0;
            if (strcmp(eq + 1, "0") == 0)
                mark = 0;
        }
        if (ok && *item)
            json_object_set_new(marks, item, json_integer(mark));
        else
            ok = false;
        if (!ok)
            cli_usage_error("--marks \"%s\": give CODE=MARK pairs separated by commas, "
                            "e.g. W1=1,W2=2", text);
    }
    free(copy);
    return ok;
}

int cmd_agenda_vote(const cli_args *a)
{
    static const char usage[] = "serai agenda vote PROCESS --delegate EMAIL "
                                "(--marks CODE=MARK,... [--member KE] | --withdraw) [--json]";
    int64_t id;
    int rc = cli_ids(a, 1, &id, usage);
    if (rc)
        return rc;
    const char *delegate = cli_opt(a, "delegate"), *marks = cli_opt(a, "marks");
    bool withdraw = cli_flag(a, "withdraw");
    if (!delegate || (!marks) == !withdraw)
        return cli_usage_error("usage: %s", usage);
    json_t *body = json_pack("{s:s}", "delegate", delegate);
    if (withdraw) {
        json_object_set_new(body, "withdraw", json_true());
    } else {
        json_t *m = json_object();
        json_object_set_new(body, "marks", m);
        if (!parse_marks(marks, m)) {
            json_decref(body);
            return 1;
        }
        put_member(body, a);
    }
    json_t *out;
    rc = cli_call_by_id(a, vote_for_delegate, id, body, &out);
    if (rc || cli_flag(a, "json"))
        return rc ? rc : cli_print_one(a, out);
    if (withdraw)
        printf("ballot withdrawn\n");
    else
        printf("ballot %lld cast for %s\n", (long long)json_integer_value(json_object_get(out, "id")),
               json_string_value(json_object_get(out, "member")));
    json_decref(out);
    return 0;
}

int cmd_agenda_tally(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai agenda tally PROCESS [--json]");
    json_t *out;
    if (rc || (rc = cli_call_by_id(a, tally, id, json_object(), &out)))
        return rc;
    if (cli_flag(a, "json"))
        return cli_print_one(a, out);
    print_tally(out);
    json_decref(out);
    return 0;
}

int cmd_agenda_link(const cli_args *a)
{
    int64_t ids[2];
    int rc = cli_ids(a, 2, ids, "serai agenda link ISSUE CALL");
    json_t *out;
    if (rc)
        return rc;
    rc = cli_call_by_id(a, agenda_link_add, ids[0],
                        json_pack("{s:I}", "call_id", (json_int_t)ids[1]), &out);
    return answer(a, rc, out, print_issue);
}

/* {cur: minor} as "EUR 1,200.00, ..." ("-" when empty). */
static void print_money(const json_t *by_currency)
{
    const char *cur;
    json_t *v;
    bool any = false;
    json_object_foreach((json_t *)by_currency, cur, v) {
        char text[MONEY_TEXT_MAX];
        money_format(json_integer_value(v), cur, text);
        printf("%s%s %s", any ? ", " : "", cur, text);
        any = true;
    }
    if (!any)
        fputs("-", stdout);
}

int cmd_agenda_adopted(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai agenda adopted PROCESS [--lang zh] [--json]");
    if (rc)
        return rc;
    json_t *body = json_object(), *out;
    cli_put_text(body, a, "lang", "lang");
    if ((rc = cli_call_by_id(a, adopted, id, body, &out)))
        return rc;
    if (cli_flag(a, "json"))
        return cli_print_one(a, out);
    size_t i, k;
    json_t *issue, *call;
    json_array_foreach(json_object_get(out, "issues"), i, issue) {
        printf("%lld. %s %s\n   committed ", int_of(issue, "place"),
               text_of(issue, "code"), text_of(issue, "title"));
        print_money(json_object_get(issue, "committed"));
        fputs(", paid ", stdout);
        print_money(json_object_get(issue, "paid"));
        putchar('\n');
        json_array_foreach(json_object_get(issue, "calls"), k, call) {
            printf("   call %lld %s: %lld proposals, %zu funded, committed ",
                   int_of(call, "id"), text_of(call, "title"),
                   int_of(call, "proposals"),
                   json_array_size(json_object_get(call, "funded")));
            print_money(json_object_get(call, "committed"));
            fputs(", paid ", stdout);
            print_money(json_object_get(call, "paid"));
            putchar('\n');
        }
    }
    if (i == 0)
        printf("no issue adopted yet\n");
    json_decref(out);
    return 0;
}
