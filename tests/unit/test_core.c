/*
 * test_core.c -- the CSV reader, JSON readers, buffers and pagination.
 */
#include <limits.h>
#include <stdlib.h>

#include "check.h"
#include "core/csv.h"
#include "core/json.h"
#include "core/jsonw.h"
#include "core/mem.h"
#include "core/page.h"
#include "core/text.h"

static void test_csv_quotes_crlf_bom(void)
{
    const char data[] = "\xEF\xBB\xBFname,city\r\n\"Smith, J.\",\"say \"\"hi\"\"\"\r\n"
                        "\r\n\"multi\nline\",x\n";
    csv_reader r;
    csv_record rec;
    serai_err err;
    csv_open(&r, data, sizeof data - 1);
    CHECK_INT(csv_next(&r, &rec, &err), 1);
    CHECK_INT(rec.count, 2);
    CHECK_STR(rec.fields[0], "name");
    CHECK_INT(rec.line, 1);
    CHECK_INT(csv_next(&r, &rec, &err), 1);
    CHECK_STR(rec.fields[0], "Smith, J.");
    CHECK_STR(rec.fields[1], "say \"hi\"");
    CHECK_INT(rec.line, 2);
    CHECK_INT(csv_next(&r, &rec, &err), 1);
    CHECK_STR(rec.fields[0], "multi\nline");
    CHECK_INT(rec.line, 4);
    CHECK_INT(csv_next(&r, &rec, &err), 0);
    csv_close(&r);
}

static void test_csv_empty_fields(void)
{
    const char data[] = "a,,c,\n";
    csv_reader r;
    csv_record rec;
    serai_err err;
    csv_open(&r, data, sizeof data - 1);
    CHECK_INT(csv_next(&r, &rec, &err), 1);
    CHECK_INT(rec.count, 4);
    CHECK_STR(rec.fields[1], "");
    CHECK_STR(rec.fields[3], "");
    csv_close(&r);
}

static void test_csv_errors_name_line(void)
{
    const char *bad[] = {"a,b\n\"open,x\n", "a,b\nx\"y\",z\n", "a\n\"q\"x\n",
                         "a\n\xC3\x28\n"};
    const char *want[] = {"line 2: quoted field never closed",
                          "line 2: stray quote", "line 2: text after",
                          "line 2: field 1 is not valid UTF-8"};
    for (size_t i = 0; i < 4; i++) {
        csv_reader r;
        csv_record rec;
        serai_err err;
        csv_open(&r, bad[i], strlen(bad[i]));
        CHECK_INT(csv_next(&r, &rec, &err), 1);
        CHECK_INT(csv_next(&r, &rec, &err), -1);
        CHECK(strncmp(err.detail, want[i], strlen(want[i])) == 0);
        csv_close(&r);
    }
}

static void test_json_parse_limits(void)
{
    json_t *j;
    serai_err err;
    CHECK_INT(json_parse_object("{\"a\":1}", 7, &j, &err), SERAI_OK);
    json_decref(j);
    CHECK_INT(json_parse_object("[1]", 3, &j, &err), SERAI_EINVAL);
    CHECK_INT(json_parse_object("{\"a\":1,\"a\":2}", 13, &j, &err), SERAI_EINVAL);
    CHECK_INT(json_parse_object("{\"a\":", 5, &j, &err), SERAI_EINVAL);
    CHECK(strstr(err.detail, "malformed JSON") != NULL);
    /* invalid UTF-8 inside a string */
    CHECK_INT(json_parse_object("{\"a\":\"\xC3\x28\"}", 9, &j, &err), SERAI_EINVAL);
    /* 32 levels pass, 33 fail */
    char deep[200];
    size_t n = 0;
    for (int i = 0; i < 32; i++)
        deep[n++] = i == 0 ? '{' : '[';
    /* {"k": [[[...]]] } needs a key: build {"k":[ ... ]} with 31 arrays */
    n = 0;
    memcpy(deep, "{\"k\":", 5);
    n = 5;
    for (int i = 0; i < 31; i++)
        deep[n++] = '[';
    for (int i = 0; i < 31; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    CHECK_INT(json_parse_object(deep, n, &j, &err), SERAI_OK);
    json_decref(j);
    memcpy(deep, "{\"k\":", 5);
    n = 5;
    for (int i = 0; i < 32; i++)
        deep[n++] = '[';
    for (int i = 0; i < 32; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    CHECK_INT(json_parse_object(deep, n, &j, &err), SERAI_EINVAL);
    CHECK(strstr(err.detail, "deeper than 32") != NULL);
    /* brackets inside strings do not count */
    CHECK_INT(json_parse_object("{\"k\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}",
                                44, &j, &err), SERAI_OK);
    json_decref(j);
}

static void test_json_getters(void)
{
    json_t *o = json_pack("{s:s, s:I, s:b, s:s, s:s, s:i}", "name", "x", "big",
                          (json_int_t)INT64_MAX, "flag", 1, "ctl", "a\tb",
                          "empty", "", "num", 5);
    const char *s;
    int64_t n;
    bool b, present;
    serai_err err;
    CHECK_INT(json_get_string(o, "name", true, 10, "", &s, &err), SERAI_OK);
    CHECK_STR(s, "x");
    CHECK_INT(json_get_string(o, "missing", true, 10, "/p", &s, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/p/missing");
    CHECK_INT(json_get_string(o, "num", true, 10, "", &s, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/num");
    CHECK_INT(json_get_string(o, "ctl", true, 10, "", &s, &err), SERAI_EINVAL);
    CHECK_INT(json_get_text(o, "ctl", true, 10, "", &s, &err), SERAI_OK);
    CHECK_INT(json_get_string(o, "empty", true, 10, "", &s, &err), SERAI_EINVAL);
    CHECK_INT(json_get_string(o, "name", true, 0, "", &s, &err), SERAI_EINVAL);
    CHECK_INT(json_get_int(o, "big", true, 0, INT64_MAX, "", &n, &present, &err),
              SERAI_OK);
    CHECK(n == INT64_MAX && present);
    CHECK_INT(json_get_int(o, "num", true, 6, 10, "", &n, NULL, &err), SERAI_EINVAL);
    CHECK_INT(json_get_bool(o, "flag", true, "", &b, NULL, &err), SERAI_OK);
    CHECK(b);
    CHECK_INT(json_get_bool(o, "name", true, "", &b, NULL, &err), SERAI_EINVAL);
    static const char *const allowed[] = {"name", "big", "flag", "ctl", "empty", NULL};
    CHECK_INT(json_only_keys(o, allowed, "", &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/num");
    json_decref(o);
}

static void test_buf_ceiling(void)
{
    buf b;
    buf_init(&b, 8);
    CHECK(buf_puts(&b, "12345678"));
    CHECK(!buf_puts(&b, "9"));
    CHECK_INT(b.len, 8);
    size_t len;
    char *taken = buf_take(&b, &len);
    CHECK_STR(taken, "12345678");
    CHECK_INT(len, 8);
    CHECK(b.data == NULL && b.len == 0);
    free(taken);
    buf_free(&b);
}

static void test_page_parse(void)
{
    page p;
    serai_err err;
    CHECK_INT(page_parse(NULL, NULL, &p, &err), SERAI_OK);
    CHECK_INT(p.limit, PAGE_DEFAULT_LIMIT);
    CHECK_INT(page_parse("500", "42", &p, &err), SERAI_OK);
    CHECK_INT(p.limit, 500);
    CHECK_INT(p.after, 42);
    CHECK_INT(page_parse("501", NULL, &p, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "?limit");
    CHECK_INT(page_parse("0", NULL, &p, &err), SERAI_EINVAL);
    CHECK_INT(page_parse(NULL, "abc", &p, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "?cursor");
    int64_t id;
    CHECK(parse_id("9223372036854775807", &id) && id == INT64_MAX);
    CHECK(!parse_id("9223372036854775808", &id));
    CHECK(!parse_id("-1", &id));
    CHECK(!parse_id("01", &id));
    CHECK(!parse_id("1x", &id));
}

static void test_arena(void)
{
    arena a;
    arena_init(&a);
    char *s = arena_printf(&a, "%s-%d", "x", 7);
    CHECK_STR(s, "x-7");
    void *big = arena_alloc(&a, 100000);
    CHECK(big != NULL);
    CHECK(((uintptr_t)arena_alloc(&a, 3) & 15u) == 0);
    arena_free(&a);
}

static void test_text_fold(void)
{
    char *f = text_fold("ÀÉÎ Straße ĄĆĘ İ Ωμέγα ПРИВЕТ Ёж 北京 ABC");
    CHECK_STR(f, "àéî straße ąćę i ωμέγα привет ёж 北京 abc");
    free(f);
    f = text_fold("L'HAŸ Ίδρυμα ΈΡΕΥΝΑΣ Έρευνας ΌΎΏ");
    CHECK_STR(f, "l'haÿ ίδρυμα έρευνασ έρευνασ όύώ");
    free(f);
}

static void test_jsonw(void)
{
    buf b;
    buf_init(&b, 4096);
    jsonw w;
    jsonw_init(&w, &b);
    jsonw_object_begin(&w);
    jsonw_key(&w, "s");
    jsonw_string(&w, "q\"b\\n\nt\t\x01 北京");
    jsonw_key(&w, "n");
    jsonw_int(&w, INT64_MIN);
    jsonw_key(&w, "a");
    jsonw_array_begin(&w);
    jsonw_bool(&w, true);
    jsonw_null(&w);
    jsonw_string(&w, NULL);
    jsonw_raw(&w, "{\"x\":1}", "{}");
    jsonw_raw(&w, NULL, "[]");
    jsonw_array_end(&w);
    jsonw_key(&w, "e");
    jsonw_object_begin(&w);
    jsonw_object_end(&w);
    jsonw_object_end(&w);
    CHECK_STR(b.data, "{\"s\":\"q\\\"b\\\\n\\nt\\t\\u0001 北京\",\"n\":-9223372036854775808,"
                      "\"a\":[true,null,null,{\"x\":1},[]],\"e\":{}}");
    /* and jansson reads back exactly what was written */
    json_t *j = json_loads(b.data, 0, NULL);
    CHECK(j != NULL);
    CHECK_STR(json_string_value(json_object_get(j, "s")), "q\"b\\n\nt\t\x01 北京");
    CHECK(json_integer_value(json_object_get(j, "n")) == INT64_MIN);
    json_decref(j);
    buf_free(&b);
}

int main(void)
{
    RUN(test_jsonw);
    RUN(test_text_fold);
    RUN(test_csv_quotes_crlf_bom);
    RUN(test_csv_empty_fields);
    RUN(test_csv_errors_name_line);
    RUN(test_json_parse_limits);
    RUN(test_json_getters);
    RUN(test_buf_ceiling);
    RUN(test_page_parse);
    RUN(test_arena);
    return check_report();
}
