#!/bin/sh
# serai pb refuses malformed Pabulib files with one line naming the file
# and the line, and bad options with a usage error; exit status 1, nothing
# on stdout.
. "$(dirname "$0")/lib.sh"
sqlite_only "serai pb uses no database"

head='META
key;value
budget;100
vote_type;approval'

printf '%s\nPROJECTS\nproject_id;cost\na;ten\nVOTES\nvoter_id;vote\n' "$head" >cost.pb
expect_exit 1 serai pb --method greedy cost.pb
expect_stdout_empty
expect_stderr_line 'serai: cost.pb:7: cost "ten" is not a positive amount'

printf '%s\nPROJECTS\nproject_id;cost\na;10\nVOTES\nvoter_id;vote\n1;a\n2;a,zz\n' "$head" >unknown.pb
expect_exit 1 serai pb --method mes unknown.pb
expect_stderr_line 'serai: unknown.pb:11: vote for unknown project zz'

printf '%s\nPROJECTS\nproject_id;cost\na;10\nVOTES\nvoter_id;vote\n7;a\n7;a\n' "$head" >twice.pb
expect_exit 1 serai pb --method mes twice.pb
expect_stderr_line 'serai: twice.pb:11: voter 7 votes twice'

printf 'META\nkey;value\nbudget;1\nvote_type;approval\nPROJECTS\nproject_id;cost\n"a;10\n' >quote.pb
expect_exit 1 serai pb --method greedy quote.pb
expect_stderr_line 'serai: quote.pb:7: a quoted field is never closed'

printf 'PROJECTS\nproject_id;cost\n' >order.pb
expect_exit 1 serai pb --method greedy order.pb
expect_stderr_line 'serai: order.pb:1: PROJECTS out of order: sections go META, PROJECTS, VOTES'

printf '%s\nPROJECTS\nproject_id;cost\na;10\n' "$head" >short.pb
expect_exit 1 serai pb --method greedy short.pb
expect_stderr_contains 'short.pb:'
expect_stderr_contains 'the file needs META, PROJECTS and VOTES'

printf 'META\nkey;value\nbudget;1\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;1\nVOTES\nvoter_id;vote;points\n1;a;\n' >points.pb
expect_exit 1 serai pb --method greedy points.pb
expect_stderr_line 'serai: points.pb:10: fewer points than projects in "a"'

: >empty.pb
expect_exit 1 serai pb --method greedy empty.pb
expect_stderr_contains 'empty.pb:1: the file needs META, PROJECTS and VOTES'

expect_exit 1 serai pb cost.pb
expect_stderr_contains '--method greedy|mes is required'
expect_exit 1 serai pb --method random cost.pb
expect_stderr_contains '--method is greedy or mes, not "random"'
expect_exit 1 serai pb --method greedy --completion none cost.pb
expect_stderr_contains 'apply to --method mes'
expect_exit 1 serai pb --method greedy
expect_stderr_contains 'pb takes one FILE.pb'
run serai pb --method greedy missing.pb
[ "$STATUS" -ne 0 ] || fail "a missing file was accepted"
expect_stdout_empty
