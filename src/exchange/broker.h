/*
 * broker.h -- one-to-one brokerage meetings placed in time slots (issue 9
 * §6).  Pure: plain arrays in, plain arrays out; no database, no printing.
 * docs/exchange-events.md describes the guarantees and the measured
 * distance to the optimum.
 *
 * Participants 0..participants-1 and slots 0..slots-1; a participant may
 * be unavailable in some slots; each accepted meeting joins two different
 * participants; each slot has `tables` tables (0: no limit).  broker_solve
 * gives each meeting a slot, or none, so that
 *
 *   - no participant has two meetings in one slot,
 *   - both participants of a meeting are available in its slot,
 *   - no slot holds more meetings than it has tables,
 *
 * and as many meetings as it can find take place.  Maximising is NP-hard
 * (it contains edge colouring), so the result comes with a certified upper
 * bound on what any schedule could place, and the gap between the two:
 * a gap of 0 proves the schedule optimal.
 *
 * Method: meetings are placed greedily, the most constrained first; then
 * every meeting left out is offered a chain of moves found by breadth-first
 * search -- it takes a slot whose one blocking meeting moves to another
 * slot, whose blocker moves on, and so on to a free place (an augmenting
 * path in the sense of Kempe chains) -- until a whole pass gains nothing
 * or the bound is reached.  Everything is deterministic: the same input
 * gives the same schedule.
 *
 * The bound is the least of: the meetings that have a slot both
 * participants can attend; per slot, min(tables, half the participants
 * available in it); and half the sum over participants of the most of
 * their meetings that fit their own slots (a bipartite matching between a
 * participant's meetings and its slots where the other side is free too).
 */
#ifndef SERAI_EXCHANGE_BROKER_H
#define SERAI_EXCHANGE_BROKER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

#define BROKER_MAX_PARTICIPANTS 100000
#define BROKER_MAX_SLOTS 500
#define BROKER_MAX_MEETINGS 500000
/* participants x slots, the size of the availability table */
#define BROKER_MAX_CELLS (16 * 1024 * 1024)

typedef struct broker_meeting {
    int32_t a, b; /* participant indexes, a != b */
} broker_meeting;

typedef struct broker_problem {
    int32_t participants;
    int32_t slots;
    int32_t tables;               /* per slot; 0: no limit */
    const uint8_t *unavailable;   /* [participants * slots], non-zero when
                                     participant p cannot meet in slot s
                                     (row p at p * slots); NULL: all free */
    const broker_meeting *meetings;
    int32_t nmeetings;
} broker_problem;

/* Why a meeting was left out. */
typedef enum broker_reason {
    BROKER_PLACED = 0,
    BROKER_NO_COMMON_SLOT,   /* no slot both participants can attend */
    BROKER_PARTICIPANT_FULL, /* `who` has a meeting in every slot it can attend
                                that the other one can attend too */
    BROKER_TABLES_FULL,      /* every slot free for both has all tables taken */
    BROKER_CROWDED           /* each common slot has one of the two busy */
} broker_reason;

typedef struct broker_result {
    int32_t *slot;       /* [nmeetings] slot, -1 when left out */
    int32_t *table;      /* [nmeetings] table 1..tables in the slot (numbered
                            in meeting order), 0 when left out */
    uint8_t *reason;     /* [nmeetings] broker_reason */
    int32_t *who;        /* [nmeetings] the participant of
                            BROKER_PARTICIPANT_FULL, else -1 */
    int32_t scheduled;
    int32_t bound;                /* no schedule places more */
    int32_t bound_possible;       /* meetings with a common slot */
    int32_t bound_participants;   /* half the per-participant capacities */
    int32_t bound_tables;         /* per-slot table and attendance limits */
    int32_t greedy;               /* placed by the greedy pass alone */
    int64_t moves;                /* meetings moved by augmenting chains */
} broker_result;

/* Schedule p into *out (the caller's; release with broker_result_free).
 * EINVAL names a participant index out of range, a meeting of one person,
 * or a size above the limits. */
serai_code broker_solve(const broker_problem *p, broker_result *out,
                        serai_err *err) __attribute__((warn_unused_result));
void broker_result_free(broker_result *r);

/* Check r against every constraint of p; true when valid, else false with
 * the first violation in err.  For tests and for the store's own check. */
bool broker_check(const broker_problem *p, const broker_result *r,
                  serai_err *err);

/* "no_common_slot", "participant_full", ... for JSON. */
const char *broker_reason_name(broker_reason r);

#endif
