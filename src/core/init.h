/*
 * init.h -- process-wide set-up of the library.
 */
#ifndef SERAI_CORE_INIT_H
#define SERAI_CORE_INIT_H

#include "core/err.h"

/* Call once before any other library call (initialises libsodium). */
serai_code serai_library_init(serai_err *err);

#endif
