# shellcheck shell=bash
# bench/lib.sh -- helpers sourced by the benchmark scripts (bash).
#
# The machine may be shared, so each measurement also records how much CPU
# went to processes other than the ones being measured: the busy time of
# the whole machine (/proc/stat) minus that of our own process tree.

# "busy idle" clock ticks of all CPUs since boot.  Steal time counts as
# busy: it is time the hypervisor gave to someone else.
cpu_ticks() {
    awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat
}

# Ticks used by the processes PID... (all their threads), plus the ticks
# of every child this shell has already waited for (wrk, /usr/bin/time...).
own_ticks() {
    local total=0 p f
    for p in "$@"; do
        f=/proc/$p/stat
        [ -r "$f" ] || continue
        # Fields after "pid (comm) ": utime is the 12th, stime the 13th.
        total=$((total + $(sed 's/^.*) //' "$f" | awk '{ print $12 + $13 }')))
    done
    total=$((total + $(sed 's/^.*) //' /proc/$$/stat | awk '{ print $14 + $15 }')))
    echo "$total"
}

# other_cpu_pct "BUSY0 IDLE0" OWN0 "BUSY1 IDLE1" OWN1: percentage of all
# CPU time in the interval used by processes that are not ours.
other_cpu_pct() {
    awk -v a="$1" -v o0="$2" -v b="$3" -v o1="$4" 'BEGIN {
        split(a, x, " "); split(b, y, " ")
        busy = y[1] - x[1]; idle = y[2] - x[2]; total = busy + idle
        other = busy - (o1 - o0)
        if (other < 0) other = 0
        printf "%.0f\n", (total > 0) ? 100 * other / total : 0
    }'
}

# wait_quiet_cpu [MAX_SECONDS]: wait (up to MAX_SECONDS, default 60) until
# the whole machine is below QUIET_PCT (default 5) % busy over one second.
# Call it while nothing of ours runs.  Returns 1 if it never got quiet.
wait_quiet_cpu() {
    local limit=${1:-60} waited=0 a b pct
    while [ "$waited" -lt "$limit" ]; do
        a=$(cpu_ticks)
        sleep 1
        b=$(cpu_ticks)
        pct=$(other_cpu_pct "$a" 0 "$b" 0)
        [ "$pct" -lt "${QUIET_PCT:-5}" ] && return 0
        waited=$((waited + 1))
    done
    return 1
}
