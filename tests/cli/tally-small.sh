#!/bin/sh
# serai tally on hand-made files: a Condorcet cycle where the methods
# disagree, ties kept as shared places in --json, instant-runoff's round
# log, approval; and refusals that name the file and the line.
. "$(dirname "$0")/lib.sh"
sqlite_only "serai tally uses no database"

# The Schulze method's own example: 45 voters over a Condorcet cycle.
cat >cycle.soc <<'SOC'
# FILE NAME: cycle.soc
# DATA TYPE: soc
# NUMBER ALTERNATIVES: 5
# NUMBER VOTERS: 45
# ALTERNATIVE NAME 1: A
# ALTERNATIVE NAME 2: B
# ALTERNATIVE NAME 3: C
# ALTERNATIVE NAME 4: D
# ALTERNATIVE NAME 5: E
5: 1,3,2,5,4
5: 1,4,5,3,2
8: 2,5,4,1,3
3: 3,1,2,5,4
7: 3,1,5,2,4
2: 3,2,1,4,5
7: 4,3,5,2,1
8: 5,2,1,4,3
SOC
expect_ok serai tally --method schulze cycle.soc --json
expect_json '"winners": ["E"],'
expect_json '"ranking": [["E"],["A"],["C"],["B"],["D"]],'
expect_json '"strongest_paths": [[0,28,28,30,24],[25,0,28,33,24],[25,29,0,29,24],[25,28,28,0,24],[25,28,28,31,0]],'
expect_json '{"from": "E","to": "A","strength": 25,"against": 24,"path": ["E","B","A"]}'
expect_ok serai tally --method ranked-pairs cycle.soc --json
expect_json '"ranking": [["A"],["C"],["E"],["B"],["D"]],'
expect_json '{"winner": "D","loser": "C","support": 28,"opposition": 17,"locked": false}'
expect_ok serai tally --method borda cycle.soc --json
expect_json '"winners": ["E"],'
expect_json '{"candidate": "E","points": 102}'
expect_ok serai tally --method irv cycle.soc
expect_stdout_line "winner: C"
expect_stdout_line "round 2: 1=10 2=8 3=19 5=8 inactive=0; out: E (tie broken)"

# A perfect three-way cycle: Schulze leaves a tie.
printf '# NUMBER ALTERNATIVES: 3\n1: 1,2,3\n1: 2,3,1\n1: 3,1,2\n' >tie.soc
expect_ok serai tally --method schulze tie.soc --json
expect_json '"winners": ["1","2","3"],'
expect_json '"ranking": [["1","2","3"]],'
expect_ok serai tally --method schulze tie.soc
expect_stdout_line "winners (tied): 1, 2, 3"

# Ties and approval from a .toi file.
printf '# NUMBER ALTERNATIVES: 3\n# ALTERNATIVE NAME 1: Ana\n# ALTERNATIVE NAME 2: Bo\n# ALTERNATIVE NAME 3: Cy\n2: {1,2}\n1: 3\n' >ties.toi
expect_ok serai tally --method approval ties.toi --json
expect_json '"ranking": [["Ana","Bo"],["Cy"]],'
expect_json '"pairwise": [[0,0,2],[0,0,2],[1,1,0]],'

# Refusals: one line on stderr naming the file and the line, exit 1.
printf '# NUMBER ALTERNATIVES: 2\n3: 1,3\n' >range.soi
expect_exit 1 serai tally --method schulze range.soi
expect_stderr_line "serai: range.soi line 2: candidate 3 is out of range 1..2"
printf '# NUMBER ALTERNATIVES: 3\n3: 1,2\n1: 2,1,2\n' >twice.soi
expect_exit 1 serai tally --method borda twice.soi
expect_stderr_line "serai: twice.soi line 3: candidate 2 appears twice"
printf 'Option 1->: A\nOption 2->: B\nV: 1 ab\n' >sheet.txt
expect_exit 1 serai tally --method schulze sheet.txt
expect_stderr_line 'serai: sheet.txt line 3: the vote "1" has 1 marks for 2 options'
expect_exit 1 serai tally --method condorcet cycle.soc
expect_stderr_contains "--method is schulze, ranked-pairs, borda, irv or approval"
expect_exit 1 serai tally cycle.soc
expect_exit 1 serai tally --method schulze missing.soi
expect_stderr_contains "cannot open missing.soi"
exit 0
