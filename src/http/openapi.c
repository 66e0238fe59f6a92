/*
 * openapi.c -- placeholder until the OpenAPI generator lands.
 */
#include "http/http.h"

json_t *http_openapi(void)
{
    return json_pack("{s:s}", "openapi", "3.1.0");
}
