/* placeholder until the demo generator lands */
#include "demo/demo.h"

serai_code demo_build(store *s, uint64_t seed, json_t **summary, serai_err *err)
{
    (void)s; (void)seed; *summary = NULL;
    return serai_fail(err, SERAI_EINTERNAL, NULL, "demo not built yet");
}
