/*
 * rows.c -- see rows.h.
 */
#include "store/rows.h"

#include "core/page.h"

serai_code rows_page(store_stmt *st, int limit, json_t *(*row)(store_stmt *),
                     json_t **out, serai_err *err)
{
    *out = NULL;
    json_t *items = json_array();
    int r, n = 0, more = 0;
    int64_t last = 0;
    while ((r = store_step(st, err)) == STORE_ROW) {
        if (n == limit) {
            more = 1;
            break;
        }
        last = store_col_int64(st, 0);
        json_array_append_new(items, row(st));
        n++;
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(items);
        return err ? err->code : SERAI_ESTORE;
    }
    *out = page_result(items, last, more);
    return SERAI_OK;
}

serai_code rows_all(store_stmt *st, json_t *(*row)(store_stmt *), json_t **out,
                    serai_err *err)
{
    *out = NULL;
    json_t *items = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(items, row(st));
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(items);
        return err ? err->code : SERAI_ESTORE;
    }
    *out = json_pack("{s:o}", "items", items);
    return SERAI_OK;
}
