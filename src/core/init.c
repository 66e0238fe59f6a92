/*
 * init.c -- see init.h.
 */
#include "core/init.h"

#include <sodium.h>

serai_code serai_library_init(serai_err *err)
{
    if (sodium_init() < 0)
        return serai_fail(err, SERAI_EINTERNAL, NULL,
                          "libsodium could not be initialised");
    return SERAI_OK;
}
