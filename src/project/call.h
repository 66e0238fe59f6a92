/*
 * call.h -- calls for proposals: a programme's edition, opened together by
 * several national funders, with its stages and deadlines, each funder's
 * budget and national annex, the funding mode, and its eligibility rule
 * set, versioned.
 *
 * JSON (input; output adds id, status, rule_version, participating
 * countries, the funders' names and countries, created_at, updated_at):
 *   {"programme": "Eurostars-3", "edition": "2024",
 *    "title": "Eurostars call 2024", "title_lang": "en",
 *    "titles": {"zh": "..."}, "descriptions": {"en": "...", "zh": "..."},
 *    "funding_mode": "virtual_common_pot",     -- | real_common_pot | mixed
 *    "time_zone": "Europe/Brussels",           -- how deadlines are announced
 *    "stages": [{"kind": "letter_of_intent", "deadline": "2026-02-01T12:00:00Z"},
 *               {"kind": "full_proposal", "deadline": "2026-04-01T12:00:00Z"}],
 *    "funders": [{"organization_id": 12, "budget": 500000000,
 *                 "currency": "EUR", "annex": {...}}],
 *    "agenda_issues": [3],
 *    "rules": {"min_countries": 2, ...}}
 * "rules" is the "rules" object of docs/eligibility.md.  The call supplies
 * the rest of the rule set: programme and edition, its funders (id = the
 * organisation's label, call_org_label(): "DLR (#1)"; country, currency,
 * annex), and, when the rules
 * name participating_countries without a list, the funders' countries.
 * Every change of "rules" adds a version; old versions stay, so a stored
 * eligibility result always names the rules it was judged by.
 *
 * Status: draft -> open -> closed -> in_evaluation -> decided, one step at
 * a time.  Opening needs at least one funder, one stage and a rule set.
 * Only draft and open calls change; funders, stages and rules change only
 * while draft, except that deadlines of an open call may move later.
 *
 * Rights: the secretariat writes; anyone reads calls that are not drafts;
 * drafts are seen by the secretariat and the call's funders.
 */
#ifndef SERAI_PROJECT_CALL_H
#define SERAI_PROJECT_CALL_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "core/page.h"
#include "project/elig.h"
#include "store/store.h"

#define CALL_TITLE_MAX 500
#define CALL_DESCRIPTION_MAX 20000
#define CALL_MAX_STAGES 2
#define CALL_MAX_AGENDA 64

serai_code call_create(store *s, const actor *who, json_t *body, json_t **out,
                       serai_err *err) __attribute__((warn_unused_result));
serai_code call_update(store *s, const actor *who, int64_t id, json_t *body,
                       json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code call_get(store *s, const actor *who, int64_t id, json_t **out,
                    serai_err *err) __attribute__((warn_unused_result));

typedef struct call_filter {
    const char *status;  /* one status or NULL */
    const char *programme;
    page page;
} call_filter;
serai_code call_list(store *s, const actor *who, const call_filter *f,
                     json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* Move a call to status to ("open", "closed", "in_evaluation",
 * "decided"): one step forward only.  Closing settles every proposal
 * still waiting for commitment forms (proposal.h). */
serai_code call_transition(store *s, const actor *who, int64_t id,
                           const char *to, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* The rule set of version (0 = current) of a call: every version with its
 * rules, or one. {"call_id", "version", "rules", "created_at"} */
serai_code call_rules_get(store *s, const actor *who, int64_t id, int version,
                          json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* ---- for the proposal module ---- */

/* What a proposal needs to know of its call. */
typedef struct call_info {
    int64_t id;
    char status[16];
    char programme[ELIG_ID_MAX];
    char edition[ELIG_NAME_MAX];
    char time_zone[64];
    char funding_mode[24];
    int rule_version;
    int nstages;
    struct {
        char kind[20];
        char deadline[24];
        int64_t deadline_unix;
        int64_t opens_unix;           /* 0 when the stage gives no opening */
        char opens_at[24];
    } stages[CALL_MAX_STAGES];
} call_info;

/* How the engine names an organisation of the registry, in explanations
 * and as the key that groups a partner's share or a funder's partners:
 * "Aqua GmbH (#3)", the name cut (on a UTF-8 character boundary) so that
 * the id, which makes the label unique, always fits. */
void call_org_label(char out[ELIG_ID_MAX], const char *name, int64_t id);

/* Read the call (no rights check). */
serai_code call_info_load(store *s, int64_t id, call_info *out, serai_err *err)
    __attribute__((warn_unused_result));
/* May who see this call? (drafts: secretariat and the call's funders) */
serai_code call_visible(store *s, const actor *who, const call_info *c,
                        serai_err *err) __attribute__((warn_unused_result));
/* The complete rule set of version (0 = current) as the engine reads it,
 * and that version. */
serai_code call_rules_load(store *s, int64_t id, int version, elig_rules *out,
                           int *version_out, serai_err *err)
    __attribute__((warn_unused_result));

#endif
