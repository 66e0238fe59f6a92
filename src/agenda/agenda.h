/*
 * agenda.h -- the issue-setting model (docs/agenda.md): members propose
 * global common issues, support them, discuss and amend them in a
 * consultation, their delegates vote, and the tally adopts a ranked agenda
 * whose issues are linked to the calls that address them, and through
 * them to proposals, grants and the money paid.
 *
 * A process runs through four phases, one step forward at a time, moved by
 * the secretariat:
 *
 *   proposal       delegates propose issues for their member and support
 *                  others'; an issue with support_threshold supporting
 *                  members (its proposer counts) enters the consultation;
 *                  comments are open
 *   consultation   support still promotes; comments and amendments
 *   voting         each delegate casts one ballot for its member over the
 *                  issues in consultation; nothing else changes
 *   adopted        the tally (stored with its explanation) ranks the
 *                  issues; the adopted ones may be linked to calls
 *
 * The members taking part are memberships (a country or an organisation)
 * with a contribution (minor units of the process currency) and a group
 * (the UN region of the country by default).  A delegate is an account of
 * role delegate whose country (or organisation) is the member's: it acts
 * for that member only.  The secretariat may act for any member where a
 * body names "member" (proposals and support received by letter), but
 * ballots are cast by delegates alone.
 *
 * Weighting, per process: "member" -- one member, one vote: a member's
 * weight is split equally among its delegates' ballots, so a delegation
 * counts as one ballot however many delegates vote; "contribution" -- a
 * member's weight is its contribution; "double_majority" -- ranked with one
 * member one vote, and an issue is adopted only when the members that
 * support it (rank, approve or score it; fractions when a delegation is
 * split) are more than half of the members voting and hold more than half
 * of their contributions.  Weights are exact integers: every member's
 * weight is multiplied by the least common multiple of the delegation
 * sizes (the "scale" of the result).
 *
 * Ballots: {"marks": {"W1": 1, "W3": 2}} over issue codes.  Ranked: ranks
 * from 1, ties allowed, issues left out rank below all ranked ones.
 * Approval and budget: 1 approves, 0 or absent does not.  Score: 0 to the
 * process's max_score.  Methods: ranked ballots schulze, ranked-pairs,
 * borda, irv; approval ballots approval; score ballots score; budget
 * ballots greedy or mes (the process budget split over the issues' costs).
 *
 * Rights: the secretariat runs processes; delegates act for their member;
 * the secretariat, delegates and observers comment; everyone reads
 * processes, issues, comments and the adopted agenda; ballots are read by
 * the secretariat and observers, a delegate reads its own, and the public
 * sees them in the adopted result (a member's combined ballot).
 */
#ifndef SERAI_AGENDA_AGENDA_H
#define SERAI_AGENDA_AGENDA_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "store/store.h"

#define AGENDA_CODE_MAX 20
#define AGENDA_TITLE_MAX 300
#define AGENDA_SUMMARY_MAX 5000
#define AGENDA_COMMENT_MAX 5000
#define AGENDA_MAX_ISSUES 500
#define AGENDA_MAX_MEMBERS 1000
#define AGENDA_MAX_DELEGATES 12    /* ballots per member */
#define AGENDA_MAX_COMMENT_DEPTH 8

/* {"code": "GCI-2027", "title", "titles"?: {"zh": ...}, "description"?,
 *  "ballot": "ranked" | "approval" | "score" | "budget",
 *  "method": see above (default: schulze, approval, score, mes),
 *  "weighting": "member" | "contribution" | "double_majority" (default member),
 *  "support_threshold"?: members (default 2), "adopt_max"?: issues,
 *  "max_score"?: (score ballots, default 10),
 *  "budget"?: minor units (budget ballots, required there), "currency"?:
 *  ISO 4217 (required with a budget or contributions), "fund_id"?: the
 *  guidance fund whose budget is split,
 *  "dates": {"proposal", "consultation", "voting", "voting_closes"}
 *  (YYYY-MM-DD, in this order, each on or after the one before),
 *  "members"?: see agenda_members_set (default: every membership of status
 *  member, contribution 0, group its UN region)}
 * -> the process (agenda_process_get). */
serai_code agenda_process_create(store *s, const actor *who, json_t *body,
                                 json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* The process: its settings, phase, dates, members with weights and
 * groups, counts of issues per status and of ballots, and "result" once
 * adopted. */
serai_code agenda_process_get(store *s, const actor *who, int64_t process_id,
                              json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"items": [process summaries]} */
serai_code agenda_process_list(store *s, const actor *who, json_t **out,
                               serai_err *err) __attribute__((warn_unused_result));
/* {"members": [{"member": "KE" | membership id, "contribution"?: minor
 *  units, "group"?: text}]} replaces the members; before voting only. */
serai_code agenda_members_set(store *s, const actor *who, int64_t process_id,
                              json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"phase": the next phase}.  Entering "adopted" tallies the ballots and
 * stores the result; refused when no ballot was cast. */
serai_code agenda_phase_set(store *s, const actor *who, int64_t process_id,
                            json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* {"code": "W1", "texts": {"en": {"title", "summary"}, "zh": {...}},
 *  "sdgs": [6, 13], "cost"?: minor units (budget ballots, required there),
 *  "member"?: the proposing member (a delegate's own by default; required
 *  from the secretariat)}; proposal phase only.  -> the issue. */
serai_code agenda_issue_create(store *s, const actor *who, int64_t process_id,
                               json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* The issue: texts per language, SDGs, proposer, supporters, status and
 * place, the comment thread (nested replies), amendments, linked calls;
 * "title" and "summary" in lang (NULL or missing: English, else the first
 * language given). */
serai_code agenda_issue_get(store *s, const actor *who, int64_t issue_id,
                            const char *lang, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"items": [issue summaries]} of a process, status filter optional,
 * titles and summaries in lang (NULL: as agenda_issue_get). */
serai_code agenda_issue_list(store *s, const actor *who, int64_t process_id,
                             const char *status, const char *lang, json_t **out,
                             serai_err *err)
    __attribute__((warn_unused_result));
/* {"member"?} supports the issue; proposal and consultation phases.  The
 * issue enters the consultation when its supporters reach the threshold.
 * Supporting twice is a conflict. */
serai_code agenda_issue_support(store *s, const actor *who, int64_t issue_id,
                                json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"body", "parent_id"?: a comment on the same issue}; proposal and
 * consultation phases. -> the issue. */
serai_code agenda_comment_add(store *s, const actor *who, int64_t issue_id,
                              json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"lang", "title"?, "summary"? (at least one), "reason", "member"?};
 * consultation phase, issues in consultation. -> the issue. */
serai_code agenda_amendment_add(store *s, const actor *who, int64_t issue_id,
                                json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"status": "accepted" | "rejected", "note"?}: the secretariat or a
 * delegate of the proposing member; consultation phase.  Accepting
 * replaces the text of that language. -> the issue. */
serai_code agenda_amendment_decide(store *s, const actor *who,
                                   int64_t amendment_id, json_t *body,
                                   json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* {"marks": {...}, "member"?: must be the delegate's own}; voting phase,
 * delegates only, once per delegate (a second ballot is a conflict; withdraw
 * first).  -> the ballot. */
serai_code agenda_ballot_cast(store *s, const actor *who, int64_t process_id,
                              json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* The delegate's own ballot withdrawn; voting phase. */
serai_code agenda_ballot_withdraw(store *s, const actor *who, int64_t process_id,
                                  json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"items": ballots} as the rights above allow. */
serai_code agenda_ballot_list(store *s, const actor *who, int64_t process_id,
                              json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* The tally: the stored result once adopted (anyone); while voting, a
 * provisional count (secretariat and observers).  Shape:
 * {"method", "weighting", "scale", "ballots", "members_voting",
 *  "candidates": [codes], "ranking": [[codes tied], ...], "winners",
 *  "explanation": {the method's: pairwise, strongest paths, pairs, rounds,
 *  points}, "members": [{"member", "group", "weight", "ballots"}],
 *  "double_majority"?: [{"issue", "members_for", "members_voting",
 *  "contribution_for", "contribution_voting", "passes"}],
 *  "consensus": {per issue and group support, consensus ranking, divisive
 *  issues}, "adopted": [codes, best first]} */
serai_code agenda_tally(store *s, const actor *who, int64_t process_id,
                        json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* {"call_id"}: an adopted issue is addressed by a call. -> the issue. */
serai_code agenda_link_add(store *s, const actor *who, int64_t issue_id,
                           json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* The adopted agenda, from issue to money: {"process", "issues": [{"code",
 *  "place", "title", "sdgs", "calls": [{"id", "title", "proposals",
 *  "funded": [{"proposal", "acronym", "grants", "countries": [partners'
 *  countries], "funders": [funder names], "committed": {cur: minor},
 *  "paid": {cur: minor}}], "committed", "paid"}], "committed", "paid"}]} */
serai_code agenda_adopted(store *s, const actor *who, int64_t process_id,
                          const char *lang, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

#endif
