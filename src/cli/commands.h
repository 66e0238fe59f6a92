/*
 * commands.h -- the functions behind the rows of the command table.
 */
#ifndef SERAI_CLI_COMMANDS_H
#define SERAI_CLI_COMMANDS_H

#include "cli/cli.h"

/* cmd_admin.c */
int cmd_init(const cli_args *a);
int cmd_serve(const cli_args *a);
int cmd_demo(const cli_args *a);
int cmd_account_add(const cli_args *a);
int cmd_account_list(const cli_args *a);
int cmd_token_create(const cli_args *a);
int cmd_audit_verify(const cli_args *a);
int cmd_audit_list(const cli_args *a);
int cmd_openapi(const cli_args *a);
int cmd_version(const cli_args *a);
int cmd_migrate(const cli_args *a);
int cmd_backup(const cli_args *a);
int cmd_restore(const cli_args *a);

/* cmd_call.c */
int cmd_call_check(const cli_args *a);
int cmd_affinity(const cli_args *a);
int cmd_assign(const cli_args *a);
int cmd_select(const cli_args *a);
int cmd_tally(const cli_args *a);
int cmd_pb(const cli_args *a);

/* cmd_search.c */
int cmd_search(const cli_args *a);
int cmd_ledger_accounts(const cli_args *a);
int cmd_ledger_transfer(const cli_args *a);
int cmd_ledger_show(const cli_args *a);
int cmd_ledger_check(const cli_args *a);
int cmd_ledger_export(const cli_args *a);
int cmd_review_setup(const cli_args *a);
int cmd_review_invite(const cli_args *a);
int cmd_review_answer(const cli_args *a);
int cmd_review_pool(const cli_args *a);
int cmd_review_conflicts(const cli_args *a);
int cmd_review_declare(const cli_args *a);
int cmd_review_assign(const cli_args *a);
int cmd_review_list(const cli_args *a);
int cmd_review_ranking(const cli_args *a);
int cmd_review_assign_run(const cli_args *a);
int cmd_call_create(const cli_args *a);
int cmd_call_update(const cli_args *a);
int cmd_call_open(const cli_args *a);
int cmd_call_close(const cli_args *a);
int cmd_call_evaluate(const cli_args *a);
int cmd_call_decide(const cli_args *a);
int cmd_call_show(const cli_args *a);
int cmd_call_rules(const cli_args *a);
int cmd_call_list(const cli_args *a);
int cmd_call_export(const cli_args *a);
int cmd_proposal_create(const cli_args *a);
int cmd_proposal_update(const cli_args *a);
int cmd_proposal_show(const cli_args *a);
int cmd_proposal_submit(const cli_args *a);
int cmd_proposal_withdraw(const cli_args *a);
int cmd_proposal_commitment(const cli_args *a);
int cmd_proposal_invite(const cli_args *a);
int cmd_proposal_list(const cli_args *a);
int cmd_proposal_check(const cli_args *a);
int cmd_proposal_suggest(const cli_args *a);
int cmd_market_post(const cli_args *a);
int cmd_market_list(const cli_args *a);
int cmd_market_show(const cli_args *a);
int cmd_market_status(const cli_args *a);
int cmd_market_interest(const cli_args *a);
int cmd_market_answer(const cli_args *a);

/* cmd_certificate.c */
int cmd_certificate(const cli_args *a);

/* cmd_decision.c */
int cmd_decision_select(const cli_args *a);
int cmd_decision_compare(const cli_args *a);
int cmd_decision_whatif(const cli_args *a);
int cmd_decision_show(const cli_args *a);
int cmd_decision_run(const cli_args *a);
int cmd_decision_set(const cli_args *a);
int cmd_decision_start(const cli_args *a);
int cmd_award_create(const cli_args *a);
int cmd_award_show(const cli_args *a);
int cmd_award_list(const cli_args *a);
int cmd_award_milestone(const cli_args *a);
int cmd_award_done(const cli_args *a);
int cmd_award_report(const cli_args *a);
int cmd_award_pay(const cli_args *a);
int cmd_award_cofund(const cli_args *a);

/* cmd_agenda.c */
int cmd_agenda_create(const cli_args *a);
int cmd_agenda_list(const cli_args *a);
int cmd_agenda_show(const cli_args *a);
int cmd_agenda_members(const cli_args *a);
int cmd_agenda_phase(const cli_args *a);
int cmd_agenda_issue(const cli_args *a);
int cmd_agenda_issues(const cli_args *a);
int cmd_agenda_support(const cli_args *a);
int cmd_agenda_comment(const cli_args *a);
int cmd_agenda_amend(const cli_args *a);
int cmd_agenda_amendment(const cli_args *a);
int cmd_agenda_ballots(const cli_args *a);
int cmd_agenda_vote(const cli_args *a);
int cmd_agenda_tally(const cli_args *a);
int cmd_agenda_link(const cli_args *a);
int cmd_agenda_adopted(const cli_args *a);

/* cmd_fund.c */
int cmd_fund_create(const cli_args *a);
int cmd_fund_pledge(const cli_args *a);
int cmd_fund_sign(const cli_args *a);
int cmd_fund_receive(const cli_args *a);
int cmd_fund_encash(const cli_args *a);
int cmd_fund_cancel(const cli_args *a);
int cmd_fund_commit(const cli_args *a);
int cmd_fund_disburse(const cli_args *a);
int cmd_fund_return(const cli_args *a);
int cmd_fund_decommit(const cli_args *a);
int cmd_fund_show(const cli_args *a);
int cmd_fund_list(const cli_args *a);
int cmd_fund_statement(const cli_args *a);
int cmd_fund_flows(const cli_args *a);
int cmd_fund_export(const cli_args *a);
int cmd_ledger_rate(const cli_args *a);

/* cmd_registry.c */
int cmd_org_add(const cli_args *a);
int cmd_org_update(const cli_args *a);
int cmd_org_list(const cli_args *a);
int cmd_org_show(const cli_args *a);
int cmd_org_import(const cli_args *a);
int cmd_person_add(const cli_args *a);
int cmd_person_update(const cli_args *a);
int cmd_person_list(const cli_args *a);
int cmd_person_show(const cli_args *a);
int cmd_person_import(const cli_args *a);
int cmd_member_add(const cli_args *a);
int cmd_member_set(const cli_args *a);
int cmd_member_list(const cli_args *a);
int cmd_member_show(const cli_args *a);
int cmd_country_list(const cli_args *a);
int cmd_country_show(const cli_args *a);

/* cmd_platform.c */
int cmd_platform_create(const cli_args *a);
int cmd_platform_list(const cli_args *a);
int cmd_platform_show(const cli_args *a);
int cmd_platform_rules(const cli_args *a);
int cmd_platform_join(const cli_args *a);
int cmd_platform_leave(const cli_args *a);
int cmd_platform_set(const cli_args *a);
int cmd_platform_group(const cli_args *a);
int cmd_platform_check(const cli_args *a);

/* cmd_event.c */
int cmd_event_create(const cli_args *a);
int cmd_event_list(const cli_args *a);
int cmd_event_show(const cli_args *a);
int cmd_event_update(const cli_args *a);
int cmd_event_room(const cli_args *a);
int cmd_event_session(const cli_args *a);
int cmd_event_timetable(const cli_args *a);
int cmd_event_register(const cli_args *a);
int cmd_event_cancel(const cli_args *a);
int cmd_event_attend(const cli_args *a);
int cmd_event_participants(const cli_args *a);
int cmd_event_slots(const cli_args *a);
int cmd_event_unavailable(const cli_args *a);
int cmd_event_meet(const cli_args *a);
int cmd_event_accept(const cli_args *a);
int cmd_event_decline(const cli_args *a);
int cmd_event_schedule(const cli_args *a);
int cmd_event_meetings(const cli_args *a);
int cmd_event_ical(const cli_args *a);

#endif
