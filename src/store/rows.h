/*
 * rows.h -- turning a statement's rows into a page of JSON items, the
 * shape every list of the API answers with: {"items": [...], "next": ...}.
 */
#ifndef SERAI_STORE_ROWS_H
#define SERAI_STORE_ROWS_H

#include <jansson.h>

#include "store/store.h"

/* Read up to limit rows of st, whose SQL asks for limit + 1 rows ordered by
 * the id in column 0 (keyset pagination): row() makes each item; "next" is
 * the last id served when a further row exists, else null.  Resets st.
 * *out (caller owns) is the page. */
serai_code rows_page(store_stmt *st, int limit, json_t *(*row)(store_stmt *),
                     json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* Every row of st as an item made by row(), in the order of the SQL:
 * {"items": [...]} without paging, for lists that are short by nature (a
 * process's members, an event list).  Resets st. */
serai_code rows_all(store_stmt *st, json_t *(*row)(store_stmt *), json_t **out,
                    serai_err *err) __attribute__((warn_unused_result));

#endif
