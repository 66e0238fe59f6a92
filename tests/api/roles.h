/*
 * roles.h -- the role matrix: every operation of the OpenAPI document,
 * called as every role, against what its x-serai-roles says.
 */
#ifndef SERAI_TESTS_API_ROLES_H
#define SERAI_TESTS_API_ROLES_H

#include "fixture.h"

/* Run the matrix against the running fixture, printing one line per
 * operation.  Returns the number of failed checks (0 = all passed). */
int roles_run(fixture *fx);

#endif
