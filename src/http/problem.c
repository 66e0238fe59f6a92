/*
 * problem.c -- library errors as HTTP statuses and RFC 9457 problem
 * details.  http_status_of() is the only place codes meet statuses.
 */
#include <stdio.h>
#include <string.h>

#include "http/http.h"

int http_status_of(serai_code code)
{
    switch (code) {
    case SERAI_OK: return 200;
    case SERAI_EINVAL: return 400;
    case SERAI_EUNAUTH: return 401;
    case SERAI_EFORBIDDEN: return 403;
    case SERAI_ENOTFOUND: return 404;
    case SERAI_EMETHOD: return 405;
    case SERAI_ECONFLICT: return 409;
    case SERAI_ETOOLARGE: return 413;
    case SERAI_EMEDIA: return 415;
    case SERAI_EUNPROCESSABLE: return 422;
    case SERAI_ETHROTTLED: return 429;
    case SERAI_ESTORE: return 503;
    case SERAI_ERETRY: return 503;
    case SERAI_EINTERNAL: return 500;
    }
    return 500;
}

json_t *http_problem(const serai_err *err, int status, const char *request_id)
{
    /* A relative URI reference, resolved against the server's own address;
     * docs/api.md lists every problem type. */
    char type[96];
    snprintf(type, sizeof type, "/problems/%s", serai_code_name(err->code));
    json_t *p = json_pack("{s:s, s:s, s:i, s:s}", "type", type, "title",
                          serai_code_title(err->code), "status", status,
                          "detail", err->detail[0] ? err->detail
                                                   : serai_code_title(err->code));
    if (err->field[0] == '?')
        json_object_set_new(p, "parameter", json_string(err->field + 1));
    else if (err->field[0] == '/')
        json_object_set_new(p, "pointer", json_string(err->field));
    if (request_id) {
        char urn[80];
        snprintf(urn, sizeof urn, "urn:serai:request:%s", request_id);
        json_object_set_new(p, "instance", json_string(urn));
        json_object_set_new(p, "request_id", json_string(request_id));
    }
    return p;
}
