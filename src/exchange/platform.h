/*
 * platform.h -- platforms of the multilateral exchange model
 * (docs/platforms.md): thematic networks, joint laboratories,
 * technology-transfer centres and science parks, each with members
 * (organisations and people, each from the country of its registry
 * record), a management committee (roles mc_member, mc_chair -- at most
 * one -- and mc_vice_chair), working groups, and composition rules checked
 * continuously (exchange/platform_rules.h).
 *
 * "Continuously": every change of members or rules answers with the
 * composition check as it stands after the change, and with "now_failing",
 * the rules that passed before the change and fail after it.  Such a
 * change is allowed and the answer says so -- unless the platform's rules
 * say "enforce": true; then it is refused (SERAI_ECONFLICT) with the
 * failing rule's explanation, and nothing is written.  Rules already
 * failing do not block changes (a new platform fails min_countries until
 * it has grown).
 *
 * Members leave by getting a left_on date; the row stays for the record.
 * The current members of a platform are its platform_member rows with
 * left_on IS NULL.
 *
 * Rights: the secretariat writes; everyone reads platforms, members,
 * groups and the check.  People's names are shown to the secretariat and
 * observers only (people are not public, registry/person.h); others see
 * the person id and country.
 */
#ifndef SERAI_EXCHANGE_PLATFORM_H
#define SERAI_EXCHANGE_PLATFORM_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "core/page.h"
#include "store/store.h"

#define PLATFORM_CODE_MAX 40
#define PLATFORM_NAME_MAX 300
#define PLATFORM_TEXT_MAX 5000
#define PLATFORM_MAX_MEMBERS 5000   /* current members of one platform */

/* {"code", "kind": "thematic_network" | "joint_laboratory" |
 *  "technology_transfer_centre" | "science_park", "name", "names"?: {lang:
 *  name}, "description"?, "country"?: host country, "rules"?: see
 *  platform_rules.h} -> the platform (platform_get). */
serai_code platform_create(store *s, const actor *who, json_t *body, json_t **out,
                           serai_err *err) __attribute__((warn_unused_result));
/* The platform with its rules, working groups, current members and the
 * composition check. */
serai_code platform_get(store *s, const actor *who, int64_t id, json_t **out,
                        serai_err *err) __attribute__((warn_unused_result));
/* A page of platforms (kind may be NULL): {"items": [{"id", "code",
 * "kind", "name", "country", "members", "countries", "passes"}], "next"}. */
serai_code platform_list(store *s, const actor *who, const page *pg,
                         const char *kind, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* Replace the rules by body (the rules object itself).  -> the change
 * answer: {"platform_id", "rules", "composition", "now_failing"}. */
serai_code platform_rules_set(store *s, const actor *who, int64_t id, json_t *body,
                              json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"organization_id" | "person_id" (exactly one), "role"?: "member"
 *  (default) | "mc_member" | "mc_chair" | "mc_vice_chair", "group_id"?,
 *  "joined_on"?: YYYY-MM-DD (default today)} -> {"member", "composition",
 * "now_failing"}.  Already a current member, or a second chair: conflict. */
serai_code platform_member_add(store *s, const actor *who, int64_t id, json_t *body,
                               json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"role"?, "group_id"?: id or null} on the current member member_id. */
serai_code platform_member_update(store *s, const actor *who, int64_t id,
                                  int64_t member_id, json_t *body, json_t **out,
                                  serai_err *err) __attribute__((warn_unused_result));
/* The member leaves today. -> {"member", "composition", "now_failing"}. */
serai_code platform_member_remove(store *s, const actor *who, int64_t id,
                                  int64_t member_id, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"name", "description"?} -> the group {"id", "name", "description",
 * "members"}. */
serai_code platform_group_create(store *s, const actor *who, int64_t id,
                                 json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* The composition: {"platform_id", "members", "countries", "by_country":
 * [{"country", "members", "mc"}], "target_countries"?: the resolved list,
 * "enforce", "passes", "rules": [...]}. */
serai_code platform_composition(store *s, const actor *who, int64_t id, json_t **out,
                                serai_err *err) __attribute__((warn_unused_result));

#endif
