/*
 * err.c -- filling serai_err and naming error codes.
 */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

serai_code serai_fail(serai_err *err, serai_code code, const char *field,
                      const char *fmt, ...)
{
    if (err == NULL)
        return code;
    err->code = code;
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->detail, sizeof err->detail, fmt, ap);
    va_end(ap);
    return code;
}

void serai_err_clear(serai_err *err)
{
    if (err == NULL)
        return;
    err->code = SERAI_OK;
    err->field[0] = '\0';
    err->detail[0] = '\0';
}

static const struct {
    const char *title;
    const char *name;
} code_names[] = {
    [SERAI_OK] = {"OK", "ok"},
    [SERAI_EINVAL] = {"Bad Request", "bad-request"},
    [SERAI_EUNAUTH] = {"Unauthorized", "unauthorized"},
    [SERAI_EFORBIDDEN] = {"Forbidden", "forbidden"},
    [SERAI_ENOTFOUND] = {"Not Found", "not-found"},
    [SERAI_ECONFLICT] = {"Conflict", "conflict"},
    [SERAI_ETOOLARGE] = {"Content Too Large", "too-large"},
    [SERAI_EMEDIA] = {"Unsupported Media Type", "unsupported-media-type"},
    [SERAI_EUNPROCESSABLE] = {"Unprocessable Content", "unprocessable"},
    [SERAI_ETHROTTLED] = {"Too Many Requests", "throttled"},
    [SERAI_EMETHOD] = {"Method Not Allowed", "method-not-allowed"},
    [SERAI_ESTORE] = {"Service Unavailable", "store-unavailable"},
    [SERAI_ERETRY] = {"Service Unavailable", "retry"},
    [SERAI_EINTERNAL] = {"Internal Server Error", "internal"},
};

const char *serai_code_title(serai_code code)
{
    if ((size_t)code >= sizeof code_names / sizeof code_names[0])
        return "Internal Server Error";
    return code_names[code].title;
}

const char *serai_code_name(serai_code code)
{
    if ((size_t)code >= sizeof code_names / sizeof code_names[0])
        return "internal";
    return code_names[code].name;
}
