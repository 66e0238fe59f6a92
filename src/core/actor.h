/*
 * actor.h -- who is acting: the role and identity every library call that
 * reads protected data or changes state receives.  The HTTP adapter builds
 * it from the session token; the CLI acts as the local operator, with the
 * secretariat's rights, since whoever can open the database file already
 * holds all of it.
 */
#ifndef SERAI_CORE_ACTOR_H
#define SERAI_CORE_ACTOR_H

#include <stdbool.h>
#include <stdint.h>

typedef enum role {
    ROLE_PUBLIC = 0,   /* anonymous */
    ROLE_SECRETARIAT,
    ROLE_FUNDER,
    ROLE_APPLICANT,
    ROLE_REVIEWER,
    ROLE_DELEGATE,
    ROLE_OBSERVER,
    ROLE_COUNT
} role;

/* Bit of a role in a route's set of allowed roles. */
#define ROLE_BIT(r) (1u << (r))
#define ROLES_ANY ((1u << ROLE_COUNT) - 1u)
#define ROLES_SIGNED_IN (ROLES_ANY & ~ROLE_BIT(ROLE_PUBLIC))

typedef struct actor {
    role role;
    int64_t account_id; /* 0 for the public and for the CLI operator */
    int64_t person_id;  /* the account's person record, 0 when none */
    int64_t org_id;     /* the account's organisation, 0 when none */
    char country[3];    /* the member country a funder or delegate acts for */
    char label[96];     /* how the audit trail names the actor */
} actor;

/* "secretariat"...; "public" for ROLE_PUBLIC. */
const char *role_name(role r);
/* Parse a role name (not "public"); false when unknown. */
bool role_parse(const char *name, role *out);

/* The local operator of the CLI. */
actor actor_operator(void);
/* The anonymous public. */
actor actor_public(void);

#endif
