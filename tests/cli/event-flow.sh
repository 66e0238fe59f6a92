#!/bin/sh
# Events and brokerage from the command line, the operator acting as the
# secretariat: `event create` from a file, list and show, a room, sessions
# from options and from a file (one overlapping another in its room:
# refused, naming the clash), the timetable, registrations confirmed and
# waiting under the capacity and the country quota, a cancellation
# promoting the waiting one, a capacity below the confirmed refused,
# attendance, the participant list; then brokerage: slots from a file,
# unavailability, meeting requests made for a participant (--from), an
# accept and a decline, the schedule with its bound, gap and the meeting
# left out with its reason, the meetings of one person and everyone's,
# and a person's schedule written as an iCalendar file.  Usage errors and
# a registration after closing come last.
. "$(dirname "$0")/lib.sh"

expect_ok serai init
person()
{
    expect_ok serai person add --name "$1" --country "$2" --json
    json_value id
}
P1=$(person "Ana Lima" BR)
P2=$(person "Bruno Costa" BR)
P3=$(person "Chidi Obi" NG)
P4=$(person "Dana Park" NG)
[ -n "$P1" ] && [ -n "$P4" ] || fail "person add --json printed no id"

cat >event.json <<'EOF'
{"code": "CLI-EV1", "kind": "brokerage", "title": "Water technology brokerage",
 "starts_on": "2030-05-04", "ends_on": "2030-05-05", "place": "Nairobi",
 "timezone": "Africa/Nairobi", "capacity": 2, "country_quota": 1,
 "registration_closes": "2030-05-01T00:00:00Z"}
EOF
expect_ok serai event create --file event.json --json
expect_json '"code": "CLI-EV1"'
expect_json '"status": "open"'
EV=$(json_value id)
[ -n "$EV" ] || fail "event create --json printed no id"

expect_ok serai event list
expect_stdout_contains "CLI-EV1"
expect_stdout_contains "Water technology brokerage"

expect_ok serai event room "$EV" --name "Hall A" --capacity 80 --json
ROOM=$(json_compact "$OUT" | sed -n 's/.*"rooms": \[{"id": \([0-9]*\),.*/\1/p')
[ -n "$ROOM" ] || fail "no room id in the event"
expect_ok serai event show "$EV"
expect_stdout_contains "event $EV CLI-EV1 (brokerage): Water technology brokerage"
expect_stdout_contains "2030-05-04 to 2030-05-05, Nairobi (Africa/Nairobi), status open"
expect_stdout_contains "capacity 2, country quota 1"
expect_stdout_contains "Hall A"

expect_ok serai event session "$EV" --title "Opening" --starts 2030-05-04T09:00:00Z \
    --ends 2030-05-04T10:00:00Z --room "$ROOM" --speaker "The Director"
expect_stdout_contains "Opening"
expect_stdout_contains "room Hall A"
cat >session.json <<EOF
{"title": "Keynote", "starts_at": "2030-05-04T09:30:00Z",
 "ends_at": "2030-05-04T10:30:00Z", "room_id": $ROOM}
EOF
expect_exit 1 serai event session "$EV" --file session.json
expect_stderr_contains "starts_at"
expect_stderr_contains "Opening"
expect_ok serai event session "$EV" --file session.json --starts 2030-05-04T10:00:00Z \
    --ends 2030-05-04T11:00:00Z
expect_ok serai event timetable "$EV"
expect_stdout_contains "timetable of CLI-EV1"
expect_stdout_contains "Opening"
expect_stdout_contains "Keynote"

# ---- registration: capacity 2, one confirmed place per country ----
expect_ok serai event register "$EV" --person "$P1" --json
expect_json '"status": "confirmed"'
R1=$(json_value id)
expect_ok serai event register "$EV" --person "$P2"
expect_stdout_contains "is waiting, place 1 on the waiting list"
R2=$(sed -n 's/^registration \([0-9]*\):.*/\1/p' "$OUT")
expect_ok serai event register "$EV" --person "$P3"
expect_stdout_contains "Chidi Obi"
expect_stdout_contains "is confirmed"
R3=$(sed -n 's/^registration \([0-9]*\):.*/\1/p' "$OUT")
expect_ok serai event register "$EV" --person "$P4"
expect_stdout_contains "is waiting, place 2 on the waiting list"
expect_exit 1 serai event register "$EV" --person "$P1"
expect_stderr_contains "serai: "

expect_exit 1 serai event update "$EV" --capacity 1
expect_stderr_contains "capacity"
expect_stderr_contains "below"

expect_ok serai event cancel "$R1"
expect_stdout_contains "is cancelled"
expect_ok serai event participants "$EV"
expect_stdout_contains "2 confirmed, 1 waiting, 0 attended, 1 cancelled"
expect_stdout_contains "Bruno Costa"
expect_ok serai event participants "$EV" --json
expect_json "\"id\": $R2,"
expect_json '"status": "confirmed"'

expect_ok serai event attend "$R3"
expect_stdout_contains "is attended"
expect_exit 1 serai event attend "$R1"

# ---- brokerage ----
cat >slots.json <<'EOF'
{"slots": [{"starts_at": "2030-05-05T09:00:00Z", "ends_at": "2030-05-05T09:30:00Z"},
           {"starts_at": "2030-05-05T09:30:00Z", "ends_at": "2030-05-05T10:00:00Z"}]}
EOF
expect_ok serai event slots "$EV" --file slots.json --json
S1=$(json_compact "$OUT" | sed -n 's/.*"slots": \[{"id": \([0-9]*\),.*/\1/p')
[ -n "$S1" ] || fail "no slot id"
expect_ok serai event slots "$EV"
expect_stdout_contains "2030-05-05T09:30:00Z"
expect_ok serai event update "$EV" --capacity 4 --quota 2
expect_stdout_contains "capacity 4, country quota 2"
expect_stdout_contains "2 confirmed, 0 waiting, 1 attended"

expect_ok serai event unavailable "$EV" --person "$P4" --slots "$S1"
expect_stdout_contains "person $P4 cannot meet in 1 slots"

expect_ok serai event meet "$EV" --from "$P2" --to "$P3" --note "Membranes"
expect_stdout_contains "Bruno Costa ($P2) with Chidi Obi ($P3), requested"
M1=$(sed -n 's/^meeting \([0-9]*\):.*/\1/p' "$OUT")
expect_ok serai event meet "$EV" --from "$P2" --to "$P4" --json
M2=$(json_value id)
expect_ok serai event meet "$EV" --from "$P3" --to "$P4" --json
M3=$(json_value id)
expect_ok serai event meet "$EV" --from "$P4" --to "$P2" --json
M4=$(json_value id)
expect_exit 1 serai event meet "$EV" --from "$P2" --to "$P3"
expect_ok serai event accept "$M1"
expect_stdout_contains "accepted"
expect_ok serai event accept "$M2"
expect_ok serai event accept "$M3"
expect_ok serai event decline "$M4"
expect_stdout_contains "declined"
expect_exit 1 serai event accept "$M4"

expect_ok serai event schedule "$EV" --tables 1
expect_stdout_contains "scheduled 2 of 3 accepted meetings; bound 2, gap 0 (optimal)"
expect_stdout_contains "unscheduled"
expect_ok serai event schedule "$EV" --json
expect_json '"accepted": 3'
expect_json '"scheduled": 2'

expect_ok serai event meetings "$EV" --person "$P3"
expect_stdout_contains "Membranes"
expect_stdout_lacks "declined"
expect_ok serai event meetings "$EV" --json
expect_json '"status": "declined"'

expect_ok serai event ical "$EV" --person "$P3" --out p3.ics
expect_stderr_contains "wrote p3.ics"
grep -q '^BEGIN:VCALENDAR' p3.ics || fail "p3.ics is no iCalendar"
grep -q 'SUMMARY:Meeting with Bruno Costa' p3.ics || fail "p3.ics lacks the meeting"
grep -q "UID:meeting-$M1@serai" p3.ics || fail "p3.ics lacks the meeting's UID"
expect_ok serai event ical "$EV"
expect_stdout_contains "BEGIN:VCALENDAR"
expect_stdout_contains "SUMMARY:Keynote"

# ---- refusals ----
cat >closed.json <<'EOF'
{"code": "CLI-EV2", "kind": "workshop", "title": "Closed workshop",
 "starts_on": "2020-03-01", "ends_on": "2020-03-01", "capacity": 10,
 "registration_closes": "2020-02-01T00:00:00Z"}
EOF
expect_ok serai event create --file closed.json --json
EV2=$(json_value id)
expect_exit 1 serai event register "$EV2" --person "$P1"
expect_stderr_contains "closed at 2020-02-01T00:00:00Z"
expect_exit 1 serai event register "$EV"
expect_stderr_contains "usage: serai event register"
expect_exit 1 serai event meet "$EV" --from "$P2"
expect_stderr_contains "usage: serai event meet"
expect_exit 1 serai event show nine
expect_stderr_contains "is not an id"
expect_exit 1 serai event show 999999
expect_exit 1 serai event schedule "$EV" --tables x
expect_stderr_contains "--tables"
