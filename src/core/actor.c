/*
 * actor.c -- role names and the two built-in actors.
 */
#include "core/actor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_PUBLIC] = "public",         [ROLE_SECRETARIAT] = "secretariat",
    [ROLE_FUNDER] = "funder",         [ROLE_APPLICANT] = "applicant",
    [ROLE_REVIEWER] = "reviewer",     [ROLE_DELEGATE] = "delegate",
    [ROLE_OBSERVER] = "observer",
};

const char *role_name(role r)
{
    return (unsigned)r < ROLE_COUNT ? role_names[r] : "public";
}

bool role_parse(const char *name, role *out)
{
    for (int r = ROLE_SECRETARIAT; r < ROLE_COUNT; r++)
        if (strcmp(name, role_names[r]) == 0) {
            *out = (role)r;
            return true;
        }
    return false;
}

actor actor_operator(void)
{
    actor a = {.role = ROLE_SECRETARIAT};
    const char *user = getenv("USER");
    snprintf(a.label, sizeof a.label, "cli:%s", user && *user ? user : "operator");
    return a;
}

actor actor_public(void)
{
    actor a = {.role = ROLE_PUBLIC};
    snprintf(a.label, sizeof a.label, "public");
    return a;
}
