/*
 * cmd_registry.c -- organisations, people, memberships and countries from
 * the command line.  Options become the same JSON body the API takes, so
 * the library validates both alike.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/json.h"
#include "core/page.h"
#include "registry/member.h"
#include "registry/org.h"
#include "registry/person.h"

/* How one option becomes a body field. */
enum { AS_TEXT, AS_ID, AS_FLAG, AS_LIST_COMMA, AS_LIST_SEMI, AS_NAME_VARIANT };
typedef struct opt_field {
    const char *opt;
    const char *field;
    int kind;
} opt_field;

static json_t *split(const char *s, char sep)
{
    json_t *a = json_array();
    while (*s) {
        const char *end = strchr(s, sep);
        size_t n = end ? (size_t)(end - s) : strlen(s);
        while (n && *s == ' ')
            s++, n--;
        while (n && s[n - 1] == ' ')
            n--;
        if (n)
            json_array_append_new(a, json_stringn(s, n));
        s = end ? end + 1 : s + strlen(s);
    }
    return a;
}

/* The body: --file's JSON, or the options mapped by fields.  NULL after
 * printing why. */
static json_t *body_of(const cli_args *a, const opt_field *fields, int *rc)
{
    const char *file = cli_opt(a, "file");
    if (file) {
        char *text;
        size_t len;
        if ((*rc = cli_read_file(file, JSON_MAX_BODY, &text, &len)) != 0)
            return NULL;
        json_t *body;
        serai_err err;
        serai_code code = json_parse_object(text, len, &body, &err);
        free(text);
        if (code) {
            *rc = cli_fail(&err);
            return NULL;
        }
        return body;
    }
    json_t *body = json_object();
    for (size_t i = 0; fields[i].opt; i++) {
        const char *v = cli_opt(a, fields[i].opt);
        if (v == NULL)
            continue;
        int64_t id;
        switch (fields[i].kind) {
        case AS_TEXT:
            json_object_set_new(body, fields[i].field, json_string(v));
            break;
        case AS_ID:
            if (!parse_id(v, &id)) {
                json_decref(body);
                *rc = cli_usage_error("--%s must be an id", fields[i].opt);
                return NULL;
            }
            json_object_set_new(body, fields[i].field, json_integer(id));
            break;
        case AS_FLAG:
            json_object_set_new(body, fields[i].field, json_true());
            break;
        case AS_LIST_COMMA:
            json_object_set_new(body, fields[i].field, split(v, ','));
            break;
        case AS_LIST_SEMI:
            json_object_set_new(body, fields[i].field, split(v, ';'));
            break;
        case AS_NAME_VARIANT: {
            json_t *names = json_object_get(body, "names");
            if (names == NULL) {
                names = json_object();
                json_object_set_new(body, "names", names);
            }
            json_object_set_new(names, fields[i].field, json_string(v));
            break;
        }
        }
    }
    return body;
}

/* body, unless it is empty: then NULL after saying what to give. */
static json_t *nonempty(json_t *body, int *rc)
{
    if (body && json_object_size(body) == 0) {
        json_decref(body);
        *rc = cli_usage_error("give --file or the fields as options; see --help");
        return NULL;
    }
    return body;
}

static int positional_id(const cli_args *a, int64_t *id)
{
    if (a->npositional != 1 || !parse_id(a->positional[0], id))
        return cli_usage_error("give one id, e.g. serai org show 12");
    return 0;
}

/* Open the database, run fn as the operator, print the record. */
typedef serai_code (*create_fn)(store *, const actor *, json_t *, json_t **,
                                serai_err *);
typedef serai_code (*update_fn)(store *, const actor *, int64_t, json_t *,
                                json_t **, serai_err *);

static int run_create(const cli_args *a, const opt_field *fields, create_fn fn)
{
    int rc = 0;
    if (a->npositional)
        return cli_usage_error("unexpected argument \"%s\"", a->positional[0]);
    json_t *body = nonempty(body_of(a, fields, &rc), &rc);
    if (body == NULL)
        return rc;
    store *s;
    if ((rc = cli_open_db(a, &s)) != 0) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = fn(s, &op, body, &out, &err);
    json_decref(body);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_one(a, out);
}

static int run_update(const cli_args *a, const opt_field *fields, update_fn fn)
{
    int64_t id;
    int rc = positional_id(a, &id);
    if (rc)
        return rc;
    json_t *body = nonempty(body_of(a, fields, &rc), &rc);
    if (body == NULL)
        return rc;
    store *s;
    if ((rc = cli_open_db(a, &s)) != 0) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = fn(s, &op, id, body, &out, &err);
    json_decref(body);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_one(a, out);
}

typedef serai_code (*import_fn)(store *, const actor *, const char *, size_t,
                                import_report *, import_progress_fn, void *,
                                serai_err *);

static int run_import(const cli_args *a, import_fn fn)
{
    if (a->npositional != 1)
        return cli_usage_error("give the CSV file to import ('-' for stdin)");
    char *data;
    size_t len;
    int rc = cli_read_file(a->positional[0], (size_t)1 << 31, &data, &len);
    if (rc)
        return rc;
    store *s;
    if ((rc = cli_open_db(a, &s)) != 0) {
        free(data);
        return rc;
    }
    actor op = actor_operator();
    import_report rep;
    serai_err err;
    serai_code code = fn(s, &op, data, len, &rep, cli_progress, NULL, &err);
    free(data);
    store_close(s);
    if (cli_flag(a, "json")) {
        json_t *j = import_report_json(&rep);
        cli_print_json(j);
        json_decref(j);
    }
    for (size_t i = 0; i < rep.listed && !cli_flag(a, "json"); i++) {
        const import_row_error *e = &rep.errors[i];
        fprintf(stderr, "%s:%ld: %s%s%s\n", a->positional[0], e->line,
                e->column, e->column[0] ? ": " : "", e->reason);
    }
    if (rep.total_errors > (int64_t)rep.listed && !cli_flag(a, "json"))
        fprintf(stderr, "serai: ... and %" PRId64 " more\n",
                rep.total_errors - (int64_t)rep.listed);
    import_report_free(&rep);
    if (code)
        return cli_fail(&err);
    if (!cli_flag(a, "json"))
        printf("imported %" PRId64 " rows (ids %" PRId64 " to %" PRId64 ")\n",
               rep.imported, rep.first_id, rep.last_id);
    return 0;
}

/* ---- organisations ---- */

static const opt_field org_fields[] = {
    {"name", "name", AS_TEXT},        {"name-lang", "name_lang", AS_TEXT},
    {"type", "type", AS_TEXT},        {"country", "country", AS_TEXT},
    {"ror", "ror", AS_TEXT},          {"website", "website", AS_TEXT},
    {"parent", "parent_id", AS_ID},   {"sme", "sme", AS_FLAG},
    {"sme-evidence", "sme_evidence", AS_TEXT},
    {"name-en", "en", AS_NAME_VARIANT}, {"name-zh", "zh", AS_NAME_VARIANT},
    {"name-ru", "ru", AS_NAME_VARIANT}, {"name-ar", "ar", AS_NAME_VARIANT},
    {"name-fr", "fr", AS_NAME_VARIANT}, {"name-es", "es", AS_NAME_VARIANT},
    {NULL, NULL, 0},
};

int cmd_org_add(const cli_args *a)
{
    return run_create(a, org_fields, org_create);
}

int cmd_org_update(const cli_args *a)
{
    return run_update(a, org_fields, org_update);
}

int cmd_org_list(const cli_args *a)
{
    static const char *const keys[] = {"id", "country", "type", "ror", "name", NULL};
    org_filter f = {cli_opt(a, "country"), cli_opt(a, "type"), cli_opt(a, "q"),
                    {0, 0}};
    serai_err err;
    if (page_parse(cli_opt(a, "limit"), cli_opt(a, "cursor"), &f.page, &err))
        return cli_fail(&err);
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    actor op = actor_operator();
    json_t *out;
    serai_code code = org_list(s, &op, &f, &out, &err);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_page(a, out, keys);
}

/* Show the record with the id given as the one argument. */
typedef serai_code (*get_fn)(store *, const actor *, int64_t, json_t **,
                             serai_err *);

static int run_show(const cli_args *a, get_fn get)
{
    int64_t id;
    int rc = positional_id(a, &id);
    store *s;
    if (rc || (rc = cli_open_db(a, &s)) != 0)
        return rc;
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = get(s, &op, id, &out, &err);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_one(a, out);
}

int cmd_org_show(const cli_args *a)
{
    return run_show(a, org_get);
}

int cmd_org_import(const cli_args *a)
{
    return run_import(a, org_import_csv);
}

/* ---- people ---- */

static const opt_field person_fields[] = {
    {"name", "name", AS_TEXT},           {"country", "country", AS_TEXT},
    {"orcid", "orcid", AS_TEXT},         {"email", "email", AS_TEXT},
    {"languages", "languages", AS_LIST_COMMA},
    {"keywords", "keywords", AS_LIST_SEMI},
    {"expertise", "expertise", AS_TEXT}, {NULL, NULL, 0},
};

/* --org/--role/--since become a one-element affiliations list. */
static json_t *with_affiliation(const cli_args *a, json_t *body, int *rc)
{
    const char *org = cli_opt(a, "org");
    if (body == NULL || org == NULL || cli_opt(a, "file"))
        return body;
    int64_t id;
    if (!parse_id(org, &id)) {
        json_decref(body);
        *rc = cli_usage_error("--org must be an organisation id");
        return NULL;
    }
    json_t *aff = json_pack("{s:I}", "organization_id", (json_int_t)id);
    if (cli_opt(a, "role"))
        json_object_set_new(aff, "role", json_string(cli_opt(a, "role")));
    if (cli_opt(a, "since"))
        json_object_set_new(aff, "start", json_string(cli_opt(a, "since")));
    json_object_set_new(body, "affiliations", json_pack("[o]", aff));
    return body;
}

static int person_write(const cli_args *a, bool update)
{
    int rc = 0;
    int64_t id = 0;
    if (update && (rc = positional_id(a, &id)) != 0)
        return rc;
    if (!update && a->npositional)
        return cli_usage_error("unexpected argument \"%s\"", a->positional[0]);
    json_t *body =
        nonempty(with_affiliation(a, body_of(a, person_fields, &rc), &rc), &rc);
    if (body == NULL)
        return rc;
    store *s;
    if ((rc = cli_open_db(a, &s)) != 0) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = update ? person_update(s, &op, id, body, &out, &err)
                             : person_create(s, &op, body, &out, &err);
    json_decref(body);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_one(a, out);
}

int cmd_person_add(const cli_args *a)
{
    return person_write(a, false);
}

int cmd_person_update(const cli_args *a)
{
    return person_write(a, true);
}

int cmd_person_list(const cli_args *a)
{
    static const char *const keys[] = {"id", "country", "orcid", "name", NULL};
    person_filter f = {cli_opt(a, "country"), 0, cli_opt(a, "q"), {0, 0}};
    const char *org = cli_opt(a, "org");
    if (org && !parse_id(org, &f.organization_id))
        return cli_usage_error("--org must be an organisation id");
    serai_err err;
    if (page_parse(cli_opt(a, "limit"), cli_opt(a, "cursor"), &f.page, &err))
        return cli_fail(&err);
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    actor op = actor_operator();
    json_t *out;
    serai_code code = person_list(s, &op, &f, &out, &err);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_page(a, out, keys);
}

int cmd_person_show(const cli_args *a)
{
    return run_show(a, person_get);
}

int cmd_person_import(const cli_args *a)
{
    return run_import(a, person_import_csv);
}

/* ---- memberships ---- */

static const opt_field member_fields[] = {
    {"country", "country", AS_TEXT}, {"org", "organization_id", AS_ID},
    {"status", "status", AS_TEXT},   {"since", "since", AS_TEXT},
    {"dues", "dues", AS_TEXT},       {NULL, NULL, 0},
};

int cmd_member_add(const cli_args *a)
{
    return run_create(a, member_fields, member_create);
}

int cmd_member_set(const cli_args *a)
{
    return run_update(a, member_fields, member_update);
}

int cmd_member_list(const cli_args *a)
{
    static const char *const keys[] = {"id", "country", "organization_id",
                                       "status", "since", "dues", NULL};
    member_filter f = {cli_opt(a, "kind"), cli_opt(a, "status"), {0, 0}};
    serai_err err;
    if (page_parse(cli_opt(a, "limit"), cli_opt(a, "cursor"), &f.page, &err))
        return cli_fail(&err);
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    json_t *out;
    serai_code code = member_list(s, &f, &out, &err);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_page(a, out, keys);
}

static serai_code member_get_as(store *s, const actor *who, int64_t id,
                                json_t **out, serai_err *err)
{
    (void)who; /* memberships are public */
    return member_get(s, id, out, err);
}

int cmd_member_show(const cli_args *a)
{
    return run_show(a, member_get_as);
}

/* ---- countries ---- */

int cmd_country_list(const cli_args *a)
{
    static const char *const keys[] = {"code", "alpha3", "region", "name", NULL};
    country_filter f = {cli_opt(a, "region"), cli_opt(a, "status")};
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    json_t *out;
    serai_err err;
    serai_code code = country_list(s, &f, &out, &err);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_page(a, out, keys);
}

int cmd_country_show(const cli_args *a)
{
    if (a->npositional != 1)
        return cli_usage_error("give one country code, e.g. serai country show KE");
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    json_t *out;
    serai_err err;
    serai_code code = country_get(s, a->positional[0], &out, &err);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_one(a, out);
}
