/*
 * agenda_internal.h -- what the agenda's files share: the process as its
 * rows say it is, who may act for which member, and the end of a write.
 * Not part of the library's interface.
 */
#ifndef SERAI_AGENDA_AGENDA_INTERNAL_H
#define SERAI_AGENDA_AGENDA_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "store/store.h"

typedef enum agenda_phase {
    PHASE_PROPOSAL,
    PHASE_CONSULTATION,
    PHASE_VOTING,
    PHASE_ADOPTED
} agenda_phase;

typedef struct agenda_process_info {
    int64_t id;
    char code[24];
    char ballot[12];      /* ranked, approval, score, budget */
    char method[16];
    char weighting[20];   /* member, contribution, double_majority */
    agenda_phase phase;
    int64_t support_threshold;
    int64_t adopt_max;    /* 0: no limit */
    int64_t max_score;
    int64_t budget;       /* budget ballots; 0 otherwise */
    char currency[4];     /* "" when none */
} agenda_process_info;

const char *agenda_phase_name(agenda_phase p);
bool agenda_phase_parse(const char *name, agenda_phase *out);

/* Load process id; ENOTFOUND names it. */
serai_code agenda_process_load(store *s, int64_t id, agenda_process_info *p,
                               serai_err *err) __attribute__((warn_unused_result));
/* ECONFLICT unless p is in one of the phases of mask (bits 1 << phase);
 * what names the action ("comments"). */
serai_code agenda_need_phase(const agenda_process_info *p, unsigned mask,
                             const char *what, serai_err *err)
    __attribute__((warn_unused_result));
serai_code agenda_need_secretariat(const actor *who, serai_err *err)
    __attribute__((warn_unused_result));

/* The membership a JSON value names: a country code ("KE") or a membership
 * id; field is its JSON pointer.  EUNPROCESSABLE when there is none. */
serai_code agenda_member_resolve(store *s, const json_t *v, const char *field,
                                 int64_t *membership_id, serai_err *err)
    __attribute__((warn_unused_result));
/* The member the actor acts for in process p: a delegate's own (its
 * account's country or organisation), which body's "member", when given,
 * must name; the secretariat's is body's "member" (required when
 * member_required).  Forbidden for other roles and for a delegate naming
 * another member; the member must take part in the process.  *account_id
 * is the acting account (0 for the CLI operator). */
serai_code agenda_acting_member(store *s, const actor *who, int64_t process_id,
                                json_t *body, bool member_required,
                                int64_t *membership_id, serai_err *err)
    __attribute__((warn_unused_result));
/* "KE" for a country member, the organisation's name for another. */
serai_code agenda_member_label(store *s, int64_t membership_id, char *out,
                               size_t cap, serai_err *err)
    __attribute__((warn_unused_result));

/* The issue as agenda_issue_get shows it (lang may be NULL). */
serai_code agenda_issue_json(store *s, int64_t issue_id, const char *lang,
                             json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* Count the ballots of process p into a result object (agenda_tally's
 * shape); with adopt, also set each issue's place and status. */
serai_code agenda_count(store *s, const agenda_process_info *p, bool adopt,
                        json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

#endif
