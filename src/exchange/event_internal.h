/*
 * event_internal.h -- what event.c and event_broker.c share.
 */
#ifndef SERAI_EXCHANGE_EVENT_INTERNAL_H
#define SERAI_EXCHANGE_EVENT_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/clock.h"
#include "core/err.h"
#include "store/store.h"

typedef struct event_info {
    int64_t id;
    char code[33];
    char kind[24];
    char title[301];
    char starts_on[11], ends_on[11];
    char place[201];
    bool online;
    int64_t capacity;
    int64_t quota;          /* 0: none */
    char closes[CLOCK_ISO_LEN];
    char status[16];
    char timezone[65];
} event_info;

serai_code event_load(store *s, int64_t id, event_info *e, serai_err *err);
/* EFORBIDDEN (EUNAUTH for the public) unless the secretariat; what is the
 * end of "only the secretariat ...". */
serai_code event_need_secretariat(const actor *who, const char *what, serai_err *err);
/* The person the actor acts for: body[key] from the secretariat (required),
 * the account's own person otherwise (naming another is EFORBIDDEN). */
serai_code event_acting_person(const actor *who, json_t *body, const char *key,
                               int64_t *person, serai_err *err);
/* obj[key] as a UTC instant YYYY-MM-DDTHH:MM:SSZ. */
serai_code event_read_instant(json_t *obj, const char *key, bool required,
                              const char *prefix, const char **out, serai_err *err);
/* starts_at < ends_at, both within the event's dates. */
serai_code event_within_dates(const event_info *e, const char *starts_at,
                              const char *ends_at, const char *field, serai_err *err);
/* The event's sessions in time order (a new array in *items). */
serai_code event_sessions(store *s, int64_t id, json_t **items, serai_err *err);

#endif
