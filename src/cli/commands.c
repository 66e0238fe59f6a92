/*
 * commands.c -- the table of subcommands: words, options, usage, summary
 * and function.  `serai help` and `serai X --help` are printed from it.
 */
#include "cli/commands.h"

static const cli_opt_spec no_opts[] = {{NULL, false}};
static const cli_opt_spec json_opts[] = {{"json", false}, {NULL, false}};
static const cli_opt_spec serve_opts[] = {
    {"listen", true}, {"threads", true}, {"quiet", false}, {"web", true},
    {NULL, false}};
static const cli_opt_spec demo_opts[] = {{"seed", true}, {NULL, false}};
static const cli_opt_spec account_opts[] = {
    {"email", true}, {"name", true},    {"role", true},   {"password", true},
    {"person", true}, {"org", true},    {"country", true}, {NULL, false}};
static const cli_opt_spec page_opts[] = {
    {"limit", true}, {"cursor", true}, {NULL, false}};
static const cli_opt_spec token_opts[] = {
    {"email", true}, {"label", true}, {"days", true}, {NULL, false}};
static const cli_opt_spec org_opts[] = {
    {"file", true},    {"name", true},    {"name-lang", true}, {"type", true},
    {"country", true}, {"ror", true},     {"website", true},   {"parent", true},
    {"sme", false},    {"sme-evidence", true}, {"name-en", true},
    {"name-zh", true}, {"name-ru", true}, {"name-ar", true},   {"name-fr", true},
    {"name-es", true}, {NULL, false}};
static const cli_opt_spec org_list_opts[] = {
    {"country", true}, {"type", true}, {"q", true}, {"limit", true},
    {"cursor", true},  {NULL, false}};
static const cli_opt_spec person_opts[] = {
    {"file", true},      {"name", true},     {"country", true},
    {"orcid", true},     {"email", true},    {"languages", true},
    {"keywords", true},  {"expertise", true}, {"org", true},
    {"role", true},      {"since", true},    {NULL, false}};
static const cli_opt_spec person_list_opts[] = {
    {"country", true}, {"org", true}, {"q", true}, {"limit", true},
    {"cursor", true},  {NULL, false}};
static const cli_opt_spec member_opts[] = {
    {"country", true}, {"org", true}, {"status", true}, {"since", true},
    {"dues", true},    {NULL, false}};
static const cli_opt_spec member_list_opts[] = {
    {"kind", true}, {"status", true}, {"limit", true}, {"cursor", true},
    {NULL, false}};
static const cli_opt_spec migrate_opts[] = {
    {"from", true}, {"to", true}, {NULL, false}};
static const cli_opt_spec backup_opts[] = {{"out", true}, {NULL, false}};
static const cli_opt_spec restore_opts[] = {{"from", true}, {NULL, false}};
static const cli_opt_spec call_check_opts[] = {{"rules", true}, {NULL, false}};
static const cli_opt_spec affinity_opts[] = {
    {"submissions", true}, {"archives", true}, {"out", true}, {NULL, false}};
static const cli_opt_spec assign_opts[] = {
    {"scores", true},      {"conflicts", true},        {"per-proposal", true},
    {"max-load", true},    {"min-load", true},         {"countries", true},
    {"max-same-country", true}, {"fair", false},       {"fair-pair", false},
    {"out", true},
    {NULL, false}};
static const cli_opt_spec review_invite_opts[] = {
    {"person", true}, {"max-load", true}, {"min-load", true}, {NULL, false}};
static const cli_opt_spec review_answer_opts[] = {
    {"accept", false}, {"decline", true}, {NULL, false}};
static const cli_opt_spec review_assign_opts[] = {{"person", true}, {NULL, false}};
static const cli_opt_spec assign_run_opts[] = {
    {"fair", false}, {"fair-pair", false}, {NULL, false}};
static const cli_opt_spec review_list_opts[] = {
    {"call", true},  {"proposal", true}, {"status", true}, {"limit", true},
    {"cursor", true}, {NULL, false}};
static const cli_opt_spec review_declare_opts[] = {
    {"person", true}, {"reason", true}, {NULL, false}};
static const cli_opt_spec ledger_show_opts[] = {
    {"account", true}, {"transfer", true}, {NULL, false}};
static const cli_opt_spec file_opts[] = {{"file", true}, {NULL, false}};
static const cli_opt_spec call_list_opts[] = {
    {"status", true}, {"programme", true}, {"limit", true}, {"cursor", true},
    {NULL, false}};
static const cli_opt_spec call_rules_opts[] = {{"version", true}, {NULL, false}};
static const cli_opt_spec call_export_opts[] = {
    {"format", true}, {"sheet", true}, {"out", true}, {NULL, false}};
static const cli_opt_spec proposal_list_opts[] = {
    {"call", true},  {"status", true}, {"funder", true}, {"limit", true},
    {"cursor", true}, {NULL, false}};
static const cli_opt_spec commitment_opts[] = {{"signed-at", true}, {NULL, false}};
static const cli_opt_spec country_list_opts[] = {
    {"region", true}, {"status", true}, {NULL, false}};

static const cli_opt_spec fund_create_opts[] = {
    {"code", true}, {"name", true}, {"currency", true}, {"kind", true},
    {"call", true}, {"trustee", true}, {"gate", true}, {"json", false}, {NULL, false}};
static const cli_opt_spec fund_pledge_opts[] = {
    {"org", true}, {"currency", true}, {"amount", true}, {"date", true},
    {"reference", true}, {"json", false}, {NULL, false}};
static const cli_opt_spec fund_sign_opts[] = {
    {"amount", true}, {"date", true}, {"instrument", true}, {"schedule", true},
    {"reference", true}, {"json", false}, {NULL, false}};
static const cli_opt_spec fund_money_opts[] = {
    {"amount", true}, {"date", true}, {"note", true}, {"json", false}, {NULL, false}};
static const cli_opt_spec fund_commit_opts[] = {
    {"currency", true}, {"amount", true}, {"date", true}, {"title", true},
    {"description", true}, {"to", true}, {"call", true}, {"proposal", true},
    {"start", true}, {"end", true}, {"json", false}, {NULL, false}};
static const cli_opt_spec fund_disburse_opts[] = {
    {"amount", true}, {"date", true}, {"to", true}, {"note", true},
    {"json", false}, {NULL, false}};
static const cli_opt_spec fund_return_opts[] = {
    {"amount", true}, {"date", true}, {"from", true}, {"note", true},
    {"json", false}, {NULL, false}};
static const cli_opt_spec fund_decommit_opts[] = {
    {"amount", true}, {"date", true}, {"close", false}, {"note", true},
    {"json", false}, {NULL, false}};
static const cli_opt_spec fund_show_opts[] = {
    {"day", true}, {"json", false}, {NULL, false}};
static const cli_opt_spec fund_statement_opts[] = {
    {"org", true}, {"json", false}, {NULL, false}};
static const cli_opt_spec fund_export_opts[] = {
    {"format", true}, {"fund", true}, {"tab", true}, {"out", true}, {NULL, false}};
static const cli_opt_spec decision_select_opts[] = {
    {"central", true}, {"gap-share", true}, {"reserve", true}, {"objective", true},
    {"time-limit", true}, {"percent", true}, {NULL, false}};
static const cli_opt_spec decision_set_opts[] = {
    {"funder", true}, {"status", true}, {"note", true}, {NULL, false}};
static const cli_opt_spec date_opts[] = {{"date", true}, {NULL, false}};
static const cli_opt_spec award_create_opts[] = {
    {"fund", true}, {"start", true}, {"tranches", true}, {NULL, false}};
static const cli_opt_spec award_milestone_opts[] = {
    {"kind", true}, {"title", true}, {"due", true}, {NULL, false}};
static const cli_opt_spec award_report_opts[] = {
    {"period-end", true}, {"date", true}, {"accept", false}, {NULL, false}};
static const cli_opt_spec award_pay_opts[] = {
    {"tranche", true}, {"date", true}, {NULL, false}};
static const cli_opt_spec award_cofund_opts[] = {
    {"kind", true}, {"amount", true}, {"date", true}, {"note", true}, {NULL, false}};
static const cli_opt_spec ledger_rate_opts[] = {
    {"base", true}, {"quote", true}, {"date", true}, {"rate", true}, {NULL, false}};
static const cli_opt_spec agenda_create_opts[] = {
    {"file", true}, {"code", true}, {"title", true}, {"ballot", true},
    {"method", true}, {"weighting", true}, {"currency", true},
    {"support-threshold", true}, {"adopt-max", true}, {NULL, false}};
static const cli_opt_spec agenda_issue_opts[] = {
    {"file", true}, {"code", true}, {"title", true}, {"summary", true},
    {"lang", true}, {"sdg", true}, {"member", true}, {"cost", true}, {NULL, false}};
static const cli_opt_spec agenda_status_opts[] = {
    {"status", true}, {"lang", true}, {NULL, false}};
static const cli_opt_spec agenda_member_opts[] = {{"member", true}, {NULL, false}};
static const cli_opt_spec agenda_comment_opts[] = {
    {"text", true}, {"reply-to", true}, {NULL, false}};
static const cli_opt_spec agenda_amend_opts[] = {
    {"lang", true}, {"title", true}, {"summary", true}, {"reason", true},
    {"member", true}, {NULL, false}};
static const cli_opt_spec agenda_vote_opts[] = {
    {"delegate", true}, {"marks", true}, {"member", true}, {"withdraw", false},
    {NULL, false}};
static const cli_opt_spec market_post_opts[] = {
    {"file", true}, {"org", true}, {NULL, false}};
static const cli_opt_spec market_list_opts[] = {
    {"kind", true}, {"country", true}, {"call", true}, {"all", false},
    {"limit", true}, {"cursor", true}, {NULL, false}};
static const cli_opt_spec market_interest_opts[] = {
    {"org", true}, {"message", true}, {NULL, false}};
static const cli_opt_spec suggest_opts[] = {
    {"country", true}, {"type", true}, {"limit", true}, {NULL, false}};
static const cli_opt_spec note_opts[] = {{"note", true}, {NULL, false}};
static const cli_opt_spec lang_opts[] = {{"lang", true}, {NULL, false}};
static const cli_opt_spec platform_create_opts[] = {
    {"file", true}, {"code", true}, {"kind", true}, {"name", true},
    {"country", true}, {"description", true}, {NULL, false}};
static const cli_opt_spec platform_list_opts[] = {{"kind", true}, {NULL, false}};
static const cli_opt_spec platform_join_opts[] = {
    {"org", true}, {"person", true}, {"role", true}, {"group", true},
    {"joined", true}, {NULL, false}};
static const cli_opt_spec platform_set_opts[] = {
    {"role", true}, {"group", true}, {NULL, false}};
static const cli_opt_spec platform_group_opts[] = {
    {"name", true}, {"description", true}, {NULL, false}};

static const cli_opt_spec select_opts[] = {
    {"proposals", true}, {"budgets", true},   {"mode", true},
    {"central", true},   {"currency", true},  {"gap-share", true},
    {"reserve", true},   {"whatif", true},    {"optimal", false},
    {"objective", true}, {"time-limit", true}, {"json", false},
    {NULL, false}};
static const cli_opt_spec search_opts[] = {
    {"country", true}, {"region", true}, {"type", true},  {"sme", false},
    {"platform", true}, {"kind", true},  {"limit", true}, {"cursor", true},
    {"reindex", false}, {"json", false}, {NULL, false}};
static const cli_opt_spec tally_opts[] = {
    {"method", true}, {"json", false}, {NULL, false}};
static const cli_opt_spec pb_opts[] = {
    {"method", true}, {"completion", true}, {"then-greedy", false},
    {"compare", false}, {"json", false}, {NULL, false}};
static const cli_opt_spec certificate_opts[] = {
    {"name", true},   {"event", true},  {"kind", true},   {"from", true},
    {"to", true},     {"place", true},  {"country", true}, {"issuer", true},
    {"number", true}, {"issued", true}, {"verify", true}, {"out", true},
    {NULL, false}};
static const cli_opt_spec event_update_opts[] = {
    {"file", true}, {"capacity", true}, {"quota", true}, {"closes", true},
    {"status", true}, {NULL, false}};
static const cli_opt_spec event_room_opts[] = {
    {"name", true}, {"capacity", true}, {NULL, false}};
static const cli_opt_spec event_session_opts[] = {
    {"file", true}, {"title", true}, {"starts", true}, {"ends", true},
    {"room", true}, {"kind", true}, {"speaker", true}, {NULL, false}};
static const cli_opt_spec event_person_opts[] = {{"person", true}, {NULL, false}};
static const cli_opt_spec event_unavailable_opts[] = {
    {"person", true}, {"slots", true}, {NULL, false}};
static const cli_opt_spec event_meet_opts[] = {
    {"from", true}, {"to", true}, {"note", true}, {NULL, false}};
static const cli_opt_spec event_schedule_opts[] = {{"tables", true}, {NULL, false}};
static const cli_opt_spec event_ical_opts[] = {
    {"person", true}, {"out", true}, {NULL, false}};
const cli_command cli_commands[] = {
    {"init", NULL, "[--db FILE]", "create an empty database (or bring one up to date)",
     no_opts, cmd_init},
    {"serve", NULL, "[--db FILE] [--listen HOST:PORT] [--threads N] [--quiet] "
     "[--web DIR]",
     "serve the JSON API and, at /, the web application (default "
     "127.0.0.1:8080; DIR defaults to web/ beside the program)",
     serve_opts, cmd_serve},
    {"migrate", NULL, "--from DB --to DB",
     "copy all data into a new database, ids and audit trail kept "
     "(e.g. SQLite to postgres://user@host:port/dbname)", migrate_opts,
     cmd_migrate},
    {"backup", NULL, "--db DB --out FILE",
     "write a consistent backup (SQLite: a database file; PostgreSQL: pg_dump)",
     backup_opts, cmd_backup},
    {"restore", NULL, "--db DB --from FILE",
     "replace the database's contents by a backup (stop servers first)",
     restore_opts, cmd_restore},
    {"demo", NULL, "--db FILE [--seed N]",
     "create a demonstration database and print how to log in", demo_opts,
     cmd_demo},

    {"org", "add", "(--file BODY.json | --name N --type T --country CC [--ror ID] "
     "[--website URL] [--parent ID] [--sme --sme-evidence TEXT] [--name-zh N]...)",
     "register an organisation", org_opts, cmd_org_add},
    {"org", "update", "ID (--file PATCH.json | --name N ...)",
     "change an organisation", org_opts, cmd_org_update},
    {"org", "list", "[--country CC] [--type T] [--q TEXT] [--limit N] [--cursor C]",
     "list organisations", org_list_opts, cmd_org_list},
    {"org", "show", "ID", "show one organisation", no_opts, cmd_org_show},
    {"org", "import", "FILE.csv",
     "import organisations from CSV (all or nothing)", no_opts, cmd_org_import},

    {"person", "add", "(--file BODY.json | --name N --country CC [--orcid ID] "
     "[--email E] [--languages en,zh] [--keywords 'a;b'] [--expertise TEXT] "
     "[--org ID [--role R] [--since DATE]])",
     "register a person", person_opts, cmd_person_add},
    {"person", "update", "ID (--file PATCH.json | --name N ...)",
     "change a person", person_opts, cmd_person_update},
    {"person", "list", "[--country CC] [--org ID] [--q TEXT] [--limit N] [--cursor C]",
     "list people", person_list_opts, cmd_person_list},
    {"person", "show", "ID", "show one person", no_opts, cmd_person_show},
    {"person", "import", "FILE.csv", "import people from CSV (all or nothing)",
     no_opts, cmd_person_import},

    {"member", "add", "(--country CC | --org ID) --status member|partner|observer "
     "--since DATE [--dues paid|due|overdue|exempt]",
     "record a membership", member_opts, cmd_member_add},
    {"member", "set", "ID [--status S] [--since DATE] [--dues D]",
     "change a membership", member_opts, cmd_member_set},
    {"member", "list", "[--kind country|organization] [--status S]",
     "list memberships", member_list_opts, cmd_member_list},
    {"member", "show", "ID", "show one membership", no_opts, cmd_member_show},

    {"country", "list", "[--region R] [--status S]",
     "list ISO 3166-1 countries with their membership", country_list_opts,
     cmd_country_list},
    {"country", "show", "CODE", "show one country", no_opts, cmd_country_show},

    {"call", "check", "--rules RULES.json PROPOSAL.json [--json]",
     "check a proposal file against a rule set file, no database "
     "(exit 0 eligible, 1 not)", call_check_opts, cmd_call_check},
    {"call", "create", "--file CALL.json", "create a call as a draft "
     "(docs/calls.md has the format)", file_opts, cmd_call_create},
    {"call", "update", "ID --file CALL.json", "change a call (fields present "
     "in the file)", file_opts, cmd_call_update},
    {"call", "open", "ID", "open a draft call for proposals", no_opts,
     cmd_call_open},
    {"call", "close", "ID", "close an open call and settle pending eligibility",
     no_opts, cmd_call_close},
    {"call", "evaluate", "ID", "start the evaluation of a closed call", no_opts,
     cmd_call_evaluate},
    {"call", "decide", "ID", "mark a call's funding as decided", no_opts,
     cmd_call_decide},
    {"call", "show", "ID", "show one call", no_opts, cmd_call_show},
    {"call", "list", "[--status S] [--programme P] [--limit N] [--cursor C]",
     "list calls", call_list_opts, cmd_call_list},
    {"call", "rules", "ID [--version N]", "show a call's rule set versions",
     call_rules_opts, cmd_call_rules},
    {"call", "export", "ID [--format csv|xlsx] [--sheet proposals|partners] "
     "[--out FILE]", "export a call's proposals for programme officers",
     call_export_opts, cmd_call_export},
    {"affinity", NULL, "--submissions S.json --archives DIR --out scores.csv",
     "expertise affinity of reviewers to submissions (OpenReview expertise "
     "format), no database", affinity_opts, cmd_affinity},
    {"assign", NULL, "--scores S.csv --conflicts C.csv --per-proposal K "
     "--max-load L [--min-load M] [--countries people.csv --max-same-country N] "
     "[--fair [pair] | --fair-pair] --out A.csv", "optimal reviewer assignment from files, no "
     "database", assign_opts, cmd_assign},
    {"select", NULL, "--proposals P.csv --budgets B.csv --mode vcp|rcp|mixed "
     "[--central AMOUNT] [--currency CUR] [--gap-share PERCENT] [--reserve N] "
     "[--whatif N] [--optimal [--objective score|count] [--time-limit S]] "
     "[--json]", "which ranked proposals a call funds across national "
     "budgets, from files, no database (docs/selection.md)", select_opts,
     cmd_select},
    {"search", NULL, "\"QUERY\" [--country CC] [--region R] [--type T] [--sme] "
     "[--platform ID] [--kind K] [--limit N] [--cursor C] [--json] | --reindex",
     "partner search over organisations, people, offers and requests, best "
     "first (docs/search.md); --reindex rebuilds the index", search_opts,
     cmd_search},
    {"tally", NULL, "--method schulze|ranked-pairs|borda|irv|approval FILE [--json]",
     "count a PrefLib election file or a Debian tally sheet, no database "
     "(docs/tally.md)", tally_opts, cmd_tally},
    {"pb", NULL, "--method greedy|mes FILE.pb [--completion add1|none] [--then-greedy] "
     "[--compare] [--json]", "which projects a budget ballot funds, from a Pabulib "
     "file, no database (docs/budget-ballots.md)", pb_opts, cmd_pb},
    {"certificate", NULL, "--name NAME --event TITLE --from DATE [--to DATE] "
     "--place CITY|online --out FILE.pdf [--kind K] [--country C] [--issuer ORG] "
     "[--number N] [--issued DATE] [--verify TEXT]", "a certificate of attendance "
     "as PDF, no database (docs/certificates.md)", certificate_opts, cmd_certificate},
    {"review", "setup", "CALL [--file SETUP.json]", "show or set how a call is "
     "reviewed (docs/review.md)", file_opts, cmd_review_setup},
    {"review", "invite", "CALL --person ID --max-load N [--min-load M]",
     "invite a reviewer to a call's pool", review_invite_opts,
     cmd_review_invite},
    {"review", "answer", "CALL PERSON (--accept | --decline REASON)",
     "record a reviewer's answer", review_answer_opts, cmd_review_answer},
    {"review", "pool", "CALL", "list a call's reviewer pool", no_opts,
     cmd_review_pool},
    {"review", "conflicts", "CALL", "conflicts of interest with their reasons",
     no_opts, cmd_review_conflicts},
    {"review", "declare", "PROPOSAL --person ID --reason TEXT",
     "declare a reviewer's conflict with a proposal", review_declare_opts,
     cmd_review_declare},
    {"review", "assign", "PROPOSAL --person ID", "assign a reviewer by hand "
     "(checked for conflicts and load)", review_assign_opts, cmd_review_assign},
    {"review", "match", "CALL [--fair [pair]]", "assign reviewers to every "
     "proposal without one: exact maximum affinity, no conflicts",
     assign_run_opts, cmd_review_assign_run},
    {"review", "list", "[--call ID] [--proposal ID] [--status S]", "list reviews",
     review_list_opts, cmd_review_list},
    {"review", "ranking", "CALL", "the call's ranking list", no_opts,
     cmd_review_ranking},
    {"decision", "select", "CALL [--central MINOR] [--gap-share %] [--reserve N]",
     "binding selection on the ranking list (docs/decisions.md)", decision_select_opts,
     cmd_decision_select},
    {"decision", "compare", "CALL [--objective score|count] [--time-limit S]",
     "binding and optimal selection side by side", decision_select_opts,
     cmd_decision_compare},
    {"decision", "whatif", "CALL [--percent N]", "where budgets run out, what more "
     "money would fund", decision_select_opts, cmd_decision_whatif},
    {"decision", "show", "CALL", "the call's decisions and latest run", no_opts,
     cmd_decision_show},
    {"decision", "run", "RUN", "a stored selection run with its input and digest",
     no_opts, cmd_decision_run},
    {"decision", "set", "PROPOSAL --funder ORG --status S", "a funder's decision "
     "(a decline re-runs the selection)", decision_set_opts, cmd_decision_set},
    {"decision", "start", "CALL --date DAY", "the call's common project start",
     date_opts, cmd_decision_start},
    {"award", "create", "PROPOSAL [--tranches 40,40,20]", "grants of a signed "
     "proposal, committed in the call's fund", award_create_opts, cmd_award_create},
    {"award", "show", "GRANT", "a grant with milestones, reports, tranches",
     no_opts, cmd_award_show},
    {"award", "list", "PROPOSAL", "a proposal's grants", no_opts, cmd_award_list},
    {"award", "milestone", "GRANT --kind K --title T --due DAY", "add a milestone "
     "or deliverable", award_milestone_opts, cmd_award_milestone},
    {"award", "done", "MILESTONE --date DAY", "mark a milestone done", date_opts,
     cmd_award_done},
    {"award", "report", "GRANT --period-end DAY --date DAY [--accept]", "submit "
     "(or accept) a periodic report", award_report_opts, cmd_award_report},
    {"award", "pay", "GRANT --tranche N --date DAY", "pay a tranche through the "
     "fund ledger", award_pay_opts, cmd_award_pay},
    {"award", "cofund", "GRANT --kind cash|in_kind --amount MINOR --date DAY",
     "report own contributions", award_cofund_opts, cmd_award_cofund},
    {"agenda", "create", "--file PROCESS.json [--code C] [--title T] [--ballot B] "
     "[--method M] [--weighting W] [--support-threshold N] [--adopt-max N] "
     "[--currency CUR]", "start an issue-setting process; options override the "
     "file's fields (docs/agenda.md)", agenda_create_opts,
     cmd_agenda_create},
    {"agenda", "list", "[--json]", "every issue-setting process", no_opts,
     cmd_agenda_list},
    {"agenda", "show", "PROCESS [--json]", "a process: phase, members, counts",
     no_opts, cmd_agenda_show},
    {"agenda", "members", "PROCESS --file MEMBERS.json", "replace the members "
     "taking part (before voting)", file_opts, cmd_agenda_members},
    {"agenda", "phase", "PROCESS consultation|voting|adopted", "move a process "
     "one phase on (adopted: tally the ballots)", no_opts, cmd_agenda_phase},
    {"agenda", "issue", "add PROCESS (--file ISSUE.json | --code C --title T "
     "--summary S [--lang en] [--sdg 6,13] [--member KE] [--cost MINOR]) | "
     "show ISSUE [--lang zh]", "propose an issue for a member, or show one with "
     "its comments and amendments", agenda_issue_opts, cmd_agenda_issue},
    {"agenda", "issues", "PROCESS [--status S] [--lang L]", "a process's issues",
     agenda_status_opts, cmd_agenda_issues},
    {"agenda", "support", "ISSUE --member KE", "record a member's support for "
     "an issue", agenda_member_opts, cmd_agenda_support},
    {"agenda", "comment", "ISSUE --text TEXT [--reply-to COMMENT]", "comment "
     "on an issue, or reply to a comment", agenda_comment_opts, cmd_agenda_comment},
    {"agenda", "amend", "ISSUE --lang L [--title T] [--summary S] --reason R "
     "[--member KE]", "propose an amendment to an issue's text", agenda_amend_opts,
     cmd_agenda_amend},
    {"agenda", "amendment", "AMENDMENT accept|reject [--note TEXT]", "decide an "
     "amendment", note_opts, cmd_agenda_amendment},
    {"agenda", "ballots", "PROCESS [--json]", "the ballots cast by delegates",
     no_opts, cmd_agenda_ballots},
    {"agenda", "vote", "PROCESS --delegate EMAIL (--marks CODE=MARK,... [--member KE] | "
     "--withdraw)", "record a ballot a delegate handed in, under the delegate's "
     "account (voting phase)", agenda_vote_opts, cmd_agenda_vote},
    {"agenda", "tally", "PROCESS [--json]", "the ranking with places and the "
     "adopted issues (provisional while voting)", no_opts, cmd_agenda_tally},
    {"agenda", "link", "ISSUE CALL", "an adopted issue is addressed by a call",
     no_opts, cmd_agenda_link},
    {"agenda", "adopted", "PROCESS [--lang zh] [--json]", "the adopted agenda, "
     "from issue to calls, grants and money paid", lang_opts, cmd_agenda_adopted},
    {"platform", "create", "(--file PLATFORM.json | --code C --kind K --name N) "
     "[--country CC]", "create a platform: network, joint laboratory, transfer "
     "centre or science park (docs/platforms.md)", platform_create_opts,
     cmd_platform_create},
    {"platform", "list", "[--kind K] [--json]", "platforms, with members, countries "
     "and whether the composition passes", platform_list_opts, cmd_platform_list},
    {"platform", "show", "PLATFORM [--json]", "a platform: rules, working groups, "
     "members, the composition check", no_opts, cmd_platform_show},
    {"platform", "rules", "PLATFORM --file RULES.json", "replace the composition "
     "rules (min_countries, target_country_quota, ..., enforce)", file_opts,
     cmd_platform_rules},
    {"platform", "join", "PLATFORM (--org ID | --person ID) [--role R] [--group G] "
     "[--joined DATE]", "add a member; prints the check after it", platform_join_opts,
     cmd_platform_join},
    {"platform", "leave", "PLATFORM MEMBER", "a member leaves; prints the check "
     "after it (refused when it breaks an enforced rule)", no_opts, cmd_platform_leave},
    {"platform", "set", "PLATFORM MEMBER [--role R] [--group G|none]", "a member's "
     "committee role or working group", platform_set_opts, cmd_platform_set},
    {"platform", "group", "PLATFORM --name N [--description D]", "create a working "
     "group", platform_group_opts, cmd_platform_group},
    {"platform", "check", "PLATFORM [--json]", "the composition check, rule by rule "
     "(exit 0 passes, 1 fails)", no_opts, cmd_platform_check},
    {"fund", "create", "--code CODE --name NAME --currency CUR [--kind K] [--gate %]",
     "create a fund (docs/fund.md)", fund_create_opts, cmd_fund_create},
    {"fund", "pledge", "FUND --org ORG --currency CUR --amount A --date DAY",
     "record a member's pledge", fund_pledge_opts, cmd_fund_pledge},
    {"fund", "sign", "CONTRIBUTION --amount A --date DAY --instrument I",
     "record the signed agreement of a pledge", fund_sign_opts, cmd_fund_sign},
    {"fund", "receive", "CONTRIBUTION --amount A --date DAY",
     "record a payment (cash, or a promissory note deposited)", fund_money_opts,
     cmd_fund_receive},
    {"fund", "encash", "CONTRIBUTION --amount A --date DAY",
     "encash part of a promissory note", fund_money_opts, cmd_fund_encash},
    {"fund", "cancel", "CONTRIBUTION --date DAY", "cancel a pledge not yet signed",
     fund_money_opts, cmd_fund_cancel},
    {"fund", "commit", "FUND --currency CUR --amount A --date DAY --title T",
     "commit available money to a grant (--to ORG) or a call (--call ID)",
     fund_commit_opts, cmd_fund_commit},
    {"fund", "disburse", "COMMITMENT --amount A --date DAY [--to ORG]",
     "pay committed money to its recipient", fund_disburse_opts, cmd_fund_disburse},
    {"fund", "return", "COMMITMENT --amount A --date DAY [--from ORG]",
     "record money a recipient gave back", fund_return_opts, cmd_fund_return},
    {"fund", "decommit", "COMMITMENT --date DAY [--amount A] [--close]",
     "release undisbursed commitment", fund_decommit_opts, cmd_fund_decommit},
    {"fund", "show", "FUND [--day DAY] [--json]", "a fund's position, "
     "contributions and commitments", fund_show_opts, cmd_fund_show},
    {"fund", "list", "[--json]", "every fund with its position", json_opts,
     cmd_fund_list},
    {"fund", "statement", "FUND --org ORG [--json]", "a contributor's statement "
     "and where its money went", fund_statement_opts, cmd_fund_statement},
    {"fund", "flows", "FUND [--json]", "flows per country and fair return",
     json_opts, cmd_fund_flows},
    {"fund", "export", "--format F [--fund ID] [--out FILE]", "ledger, iati, "
     "iati-org, 360giving, csv or xlsx", fund_export_opts, cmd_fund_export},
    {"ledger", "rate", "--base CUR --quote CUR --date DAY --rate R",
     "record a dated exchange rate (1 base = R quote)", ledger_rate_opts,
     cmd_ledger_rate},
    {"ledger", "accounts", "--file ACCOUNTS.jsonl", "create ledger accounts, "
     "one JSON event per line (docs/ledger.md)", file_opts, cmd_ledger_accounts},
    {"ledger", "transfer", "--file TRANSFERS.jsonl", "post transfers in "
     "batches, one JSON event per line", file_opts, cmd_ledger_transfer},
    {"ledger", "show", "(--account ID | --transfer ID)", "show an account's "
     "balances or a transfer", ledger_show_opts, cmd_ledger_show},
    {"ledger", "check", "", "check that debits equal credits in every currency",
     no_opts, cmd_ledger_check},
    {"ledger", "export", "[--format journal] [--out FILE]", "write the posted "
     "ledger as an hledger/ledger-cli journal (docs/ledger.md)",
     call_export_opts, cmd_ledger_export},
    {"proposal", "create", "--file PROPOSAL.json", "start a proposal (a draft)",
     file_opts, cmd_proposal_create},
    {"proposal", "update", "ID --file PROPOSAL.json",
     "change a proposal before its deadline", file_opts, cmd_proposal_update},
    {"proposal", "submit", "ID", "submit a proposal; eligibility is stored",
     no_opts, cmd_proposal_submit},
    {"proposal", "withdraw", "ID", "withdraw a proposal", no_opts,
     cmd_proposal_withdraw},
    {"proposal", "commitment", "ID PARTNER [--signed-at UTC]",
     "record a partner's signed commitment form (PARTNER from 0)",
     commitment_opts, cmd_proposal_commitment},
    {"proposal", "invite", "ID", "invite an eligible first-stage proposal to "
     "the full-proposal stage", no_opts, cmd_proposal_invite},
    {"proposal", "show", "ID", "show one proposal", no_opts, cmd_proposal_show},
    {"proposal", "list", "[--call ID] [--status S] [--funder ID] [--limit N]",
     "list proposals", proposal_list_opts, cmd_proposal_list},
    {"proposal", "check", "ID [--json]", "eligibility as the proposal stands "
     "(exit 0 eligible, 1 not)", no_opts, cmd_proposal_check},
    {"proposal", "suggest", "ID [--country CC] [--type T] [--limit N] [--json]",
     "partners that would make a failing consortium eligible (docs/exchange.md)",
     suggest_opts, cmd_proposal_suggest},

    {"market", "post", "--file ITEM.json [--org ID]", "post a technology offer, "
     "technology request or partner search (docs/exchange.md)", market_post_opts,
     cmd_market_post},
    {"market", "list", "[--kind K] [--country CC] [--call ID] [--all] [--limit N]",
     "open offers, requests and partner searches", market_list_opts, cmd_market_list},
    {"market", "show", "ID [--json]", "an item with its expressions of interest",
     no_opts, cmd_market_show},
    {"market", "status", "ID open|closed|withdrawn", "close, reopen or withdraw an "
     "item", no_opts, cmd_market_status},
    {"market", "interest", "ID --org ORG --message TEXT", "express an organisation's "
     "interest in an item", market_interest_opts, cmd_market_interest},
    {"market", "answer", "INTEREST accept|decline", "answer an expression of "
     "interest", no_opts, cmd_market_answer},

    {"event", "create", "--file EVENT.json", "create a forum, workshop, training, "
     "exchange programme or brokerage event (docs/exchange-events.md)", file_opts,
     cmd_event_create},
    {"event", "list", "[--json]", "every event, by start date", no_opts, cmd_event_list},
    {"event", "show", "EVENT [--json]", "an event with its rooms and registration "
     "counts", no_opts, cmd_event_show},
    {"event", "update", "EVENT (--file CHANGES.json | [--capacity N] [--quota N] "
     "[--closes UTC] [--status S])", "change capacity, country quota, closing or "
     "status (a raised capacity confirms waiting registrations)", event_update_opts,
     cmd_event_update},
    {"event", "room", "EVENT --name NAME [--capacity N]", "add a room", event_room_opts,
     cmd_event_room},
    {"event", "session", "EVENT (--file SESSION.json | --title T --starts UTC --ends UTC "
     "[--room ROOM] [--kind K] [--speaker S])", "add a session to the timetable (never "
     "overlapping another in its room)", event_session_opts, cmd_event_session},
    {"event", "timetable", "EVENT [--json]", "the sessions in time order", no_opts,
     cmd_event_timetable},
    {"event", "register", "EVENT --person PERSON", "register a person: confirmed, or "
     "waiting when the capacity or the country quota is reached", event_person_opts,
     cmd_event_register},
    {"event", "cancel", "REGISTRATION", "cancel a registration; the place goes to the "
     "first eligible waiting one", no_opts, cmd_event_cancel},
    {"event", "attend", "REGISTRATION", "mark a confirmed registration attended",
     no_opts, cmd_event_attend},
    {"event", "participants", "EVENT [--json]", "the registrations in order, with the "
     "counts", no_opts, cmd_event_participants},
    {"event", "slots", "EVENT [--file SLOTS.json]", "add brokerage meeting slots, or "
     "list them", file_opts, cmd_event_slots},
    {"event", "unavailable", "EVENT --person PERSON --slots ID,ID|none", "replace the "
     "slots in which a participant cannot meet", event_unavailable_opts,
     cmd_event_unavailable},
    {"event", "meet", "EVENT --from PERSON --to PERSON [--note TEXT]", "request a "
     "one-to-one meeting for a participant", event_meet_opts, cmd_event_meet},
    {"event", "accept", "MEETING", "accept a meeting request for its invitee", no_opts,
     cmd_event_accept},
    {"event", "decline", "MEETING", "decline a meeting request for its invitee",
     no_opts, cmd_event_decline},
    {"event", "schedule", "EVENT [--tables N] [--json]", "schedule the accepted "
     "meetings into slots and tables; scheduled, bound, gap and why the rest stay "
     "out", event_schedule_opts, cmd_event_schedule},
    {"event", "meetings", "EVENT [--person PERSON] [--json]", "meeting requests and "
     "the schedule, of one person or everyone", event_person_opts, cmd_event_meetings},
    {"event", "ical", "EVENT [--person PERSON] [--out FILE]", "iCalendar: a person's "
     "scheduled meetings, or the timetable", event_ical_opts, cmd_event_ical},

    {"account", "add", "--email E --name N --role R [--password P] [--person ID] "
     "[--org ID] [--country CC]",
     "create an account (password from --password or $SERAI_PASSWORD)",
     account_opts, cmd_account_add},
    {"account", "list", "[--limit N] [--cursor C]", "list accounts", page_opts,
     cmd_account_list},
    {"token", "create", "--email E [--label L] [--days N]",
     "create a long-lived API token for scripts", token_opts, cmd_token_create},

    {"audit", "verify", "[--db FILE]",
     "recompute the audit hash chain; exit 0 when intact", no_opts,
     cmd_audit_verify},
    {"audit", "list", "[--limit N] [--cursor C]", "list audit records",
     page_opts, cmd_audit_list},

    {"openapi", NULL, "", "print the OpenAPI 3.1 document of the HTTP API",
     no_opts, cmd_openapi},
    {"version", NULL, "", "print the version", no_opts, cmd_version},
};

const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];
