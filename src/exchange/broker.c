/*
 * broker.c -- placing one-to-one meetings in time slots: the greedy pass,
 * augmenting chains of moves, the upper bound (broker.h).
 *
 * State: occ[p * S + s] is the meeting participant p has in slot s (-1
 * when none); each slot keeps its meetings in a doubly linked list (for
 * the chains that make room at a full slot) and their count.
 */
#include "exchange/broker.h"

#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

typedef struct state {
    const broker_problem *p;
    int32_t S;
    int32_t *occ;      /* [P * S] */
    int32_t *slot;     /* [M] */
    int32_t *load;     /* [S] */
    int32_t *head;     /* [S] first meeting in the slot, -1 */
    int32_t *next;     /* [M] */
    int32_t *prev;     /* [M] */
    /* breadth-first search */
    int32_t *queue;    /* [M] */
    int32_t *parent;   /* [M] meeting whose move displaces this one */
    int32_t *via;      /* [M] slot the parent moves into */
    uint32_t *seen;    /* [M] stamp of the search that reached it */
    uint32_t stamp;
    uint8_t *locked;   /* [M] may not be moved by a chain */
    int64_t moves;
    int64_t work;      /* search steps, against WORK_BUDGET */
    /* the journal of moves, to undo a trial: meeting and the slot it left */
    int32_t *log_m, *log_s;
    size_t log_n, log_cap;
    bool logging;
} state;

/* Search steps the two-ejection trials may spend, in total: enough for
 * thousands of meetings, and bounded so that the run time is too. */
#define WORK_BUDGET ((int64_t)60 * 1000 * 1000)

static void journal(state *st, int32_t m, int32_t from)
{
    if (!st->logging)
        return;
    if (st->log_n == st->log_cap) {
        st->log_cap = st->log_cap ? 2 * st->log_cap : 256;
        st->log_m = xreallocarray(st->log_m, st->log_cap, sizeof *st->log_m);
        st->log_s = xreallocarray(st->log_s, st->log_cap, sizeof *st->log_s);
    }
    st->log_m[st->log_n] = m;
    st->log_s[st->log_n++] = from;
}

static bool available(const broker_problem *p, int32_t who, int32_t s)
{
    return !p->unavailable || !p->unavailable[(size_t)who * (size_t)p->slots + (size_t)s];
}

static bool both_available(const broker_problem *p, int32_t m, int32_t s)
{
    return available(p, p->meetings[m].a, s) && available(p, p->meetings[m].b, s);
}

static void place(state *st, int32_t m, int32_t s)
{
    const broker_meeting *e = &st->p->meetings[m];
    journal(st, m, -1);
    st->occ[(size_t)e->a * (size_t)st->S + (size_t)s] = m;
    st->occ[(size_t)e->b * (size_t)st->S + (size_t)s] = m;
    st->slot[m] = s;
    st->load[s]++;
    st->prev[m] = -1;
    st->next[m] = st->head[s];
    if (st->head[s] >= 0)
        st->prev[st->head[s]] = m;
    st->head[s] = m;
}

static void unplace(state *st, int32_t m)
{
    int32_t s = st->slot[m];
    if (s < 0)
        return;
    journal(st, m, s);
    const broker_meeting *e = &st->p->meetings[m];
    st->occ[(size_t)e->a * (size_t)st->S + (size_t)s] = -1;
    st->occ[(size_t)e->b * (size_t)st->S + (size_t)s] = -1;
    st->slot[m] = -1;
    st->load[s]--;
    if (st->prev[m] >= 0)
        st->next[st->prev[m]] = st->next[m];
    else
        st->head[s] = st->next[m];
    if (st->next[m] >= 0)
        st->prev[st->next[m]] = st->prev[m];
}

/* Whether m may go into slot s as things stand (m itself not counted). */
static bool fits(const state *st, int32_t m, int32_t s)
{
    const broker_problem *p = st->p;
    const broker_meeting *e = &p->meetings[m];
    int32_t oa = st->occ[(size_t)e->a * (size_t)st->S + (size_t)s];
    int32_t ob = st->occ[(size_t)e->b * (size_t)st->S + (size_t)s];
    if (!both_available(p, m, s) || (oa >= 0 && oa != m) || (ob >= 0 && ob != m))
        return false;
    return p->tables == 0 || st->load[s] < p->tables || st->slot[m] == s;
}

/* Apply the chain ending with `last` moving into `final`: last first, then
 * each parent into the slot its child left.  Every move is checked against
 * the state as it then is; on a failure everything is put back. */
static bool apply_chain(state *st, int32_t last, int32_t final)
{
    int32_t chain[64], into[64], from[64];
    int n = 0;
    for (int32_t m = last, s = final; m >= 0 && n < 64; m = st->parent[m]) {
        chain[n] = m;
        into[n] = s;
        from[n] = st->slot[m];
        n++;
        s = st->via[m];
    }
    int done = 0;
    bool ok = true;
    for (; done < n; done++) {
        int32_t m = chain[done];
        unplace(st, m);
        if (!fits(st, m, into[done])) {
            if (from[done] >= 0)
                place(st, m, from[done]);
            ok = false;
            break;
        }
        place(st, m, into[done]);
    }
    if (ok) {
        st->moves += n - 1;
        return true;
    }
    for (int k = done - 1; k >= 0; k--) {
        unplace(st, chain[k]);
        if (from[k] >= 0)
            place(st, chain[k], from[k]);
    }
    return false;
}

/* Offer a chain of moves to the meeting root, left out; true when placed. */
static bool augment(state *st, int32_t root)
{
    const broker_problem *p = st->p;
    int32_t S = st->S, qh = 0, qt = 0;
    if (++st->stamp == 0) {
        memset(st->seen, 0, (size_t)p->nmeetings * sizeof *st->seen);
        st->stamp = 1;
    }
    st->queue[qt++] = root;
    st->seen[root] = st->stamp;
    st->parent[root] = -1;
    st->via[root] = -1;
    int depth_guard = 0;
    while (qh < qt) {
        int32_t m = st->queue[qh++];
        const broker_meeting *e = &p->meetings[m];
        /* the depth of m, for the 64-move limit of apply_chain */
        int depth = 0;
        for (int32_t k = st->parent[m]; k >= 0 && depth < 64; k = st->parent[k])
            depth++;
        if (depth >= 62)
            continue;
        st->work += S;
        for (int32_t s = 0; s < S; s++) {
            if (s == st->slot[m] || !both_available(p, m, s))
                continue;
            int32_t oa = st->occ[(size_t)e->a * (size_t)S + (size_t)s];
            int32_t ob = st->occ[(size_t)e->b * (size_t)S + (size_t)s];
            bool full = p->tables && st->load[s] >= p->tables;
            if (oa < 0 && ob < 0 && !full) {
                if (apply_chain(st, m, s))
                    return true;
                if (++depth_guard > 8)
                    return false;
                continue;
            }
            if (oa >= 0 && ob >= 0 && oa != ob)
                continue; /* two blockers: no chain through here */
            int32_t blocker = oa >= 0 ? oa : ob;
            if (blocker >= 0) {
                if (!st->locked[blocker] && st->seen[blocker] != st->stamp) {
                    st->seen[blocker] = st->stamp;
                    st->parent[blocker] = m;
                    st->via[blocker] = s;
                    st->queue[qt++] = blocker;
                }
                continue;
            }
            /* free for both, but every table taken: any meeting there may
             * make room by moving on */
            for (int32_t f = st->head[s]; f >= 0; f = st->next[f])
                if (!st->locked[f] && st->seen[f] != st->stamp) {
                    st->seen[f] = st->stamp;
                    st->parent[f] = m;
                    st->via[f] = s;
                    st->queue[qt++] = f;
                }
        }
    }
    return false;
}

/* Undo the journal back to its entry mark. */
static void undo_to(state *st, size_t mark)
{
    bool was = st->logging;
    st->logging = false;
    while (st->log_n > mark) {
        st->log_n--;
        int32_t m = st->log_m[st->log_n], from = st->log_s[st->log_n];
        unplace(st, m);
        if (from >= 0)
            place(st, m, from);
    }
    st->logging = was;
}

/* The root, left out, takes a slot and the one or two meetings in its way
 * are taken out; each of those is offered a chain, and when one stays out
 * the meetings left out that share a participant with it are offered
 * chains too (its place may be theirs).  The trial is kept when it places
 * more than it took out, and undone otherwise.  Returns the gain. */
static int32_t eject_repair(state *st, int32_t root, const int32_t *adj_start,
                            const int32_t *adj)
{
    const broker_problem *p = st->p;
    const broker_meeting *e = &p->meetings[root];
    int32_t S = st->S;
    for (int32_t s = 0; s < S && st->work < WORK_BUDGET; s++) {
        if (!both_available(p, root, s))
            continue;
        int32_t out[2], n = 0;
        int32_t oa = st->occ[(size_t)e->a * (size_t)S + (size_t)s];
        int32_t ob = st->occ[(size_t)e->b * (size_t)S + (size_t)s];
        if (oa >= 0)
            out[n++] = oa;
        if (ob >= 0 && ob != oa)
            out[n++] = ob;
        if (n == 0 || (n == 1 && st->locked[out[0]]) ||
            (n == 2 && (st->locked[out[0]] || st->locked[out[1]])))
            continue;
        st->logging = true;
        st->log_n = 0;
        for (int k = 0; k < n; k++)
            unplace(st, out[k]);
        place(st, root, s);
        st->locked[root] = 1;
        int32_t gain = 1 - n;
        for (int k = 0; k < n; k++)
            gain += augment(st, out[k]);
        for (int k = 0; k < n && gain <= 0; k++) {
            if (st->slot[out[k]] >= 0)
                continue;
            int32_t ends[2] = {p->meetings[out[k]].a, p->meetings[out[k]].b};
            for (int w = 0; w < 2 && gain <= 0; w++)
                for (int32_t i = adj_start[ends[w]]; i < adj_start[ends[w] + 1] &&
                                                     gain <= 0 && st->work < WORK_BUDGET;
                     i++) {
                    int32_t g = adj[i];
                    if (g != out[k] && g != root && st->slot[g] < 0 && augment(st, g))
                        gain++;
                }
        }
        st->locked[root] = 0;
        if (gain <= 0)
            undo_to(st, 0);
        st->logging = false;
        if (gain > 0)
            return gain;
    }
    return 0;
}

/* ---- the bound ---- */

/* Kuhn's augmenting path for the matching of one participant's meetings
 * (local index i) to slots; match_slot[s] the local meeting in s. */
static bool kuhn(int32_t i, const int32_t *ms, const broker_problem *p, int32_t who,
                 int32_t *match_slot, uint32_t *visit, uint32_t mark)
{
    const broker_meeting *e = &p->meetings[ms[i]];
    int32_t other = e->a == who ? e->b : e->a;
    for (int32_t s = 0; s < p->slots; s++) {
        if (visit[s] == mark || !available(p, who, s) || !available(p, other, s))
            continue;
        visit[s] = mark;
        if (match_slot[s] < 0 || kuhn(match_slot[s], ms, p, who, match_slot, visit, mark)) {
            match_slot[s] = i;
            return true;
        }
    }
    return false;
}

/* The bounds, and which meetings have no common slot (possible[m]). */
static void compute_bound(const broker_problem *p, const uint8_t *possible,
                          broker_result *r)
{
    int32_t P = p->participants, S = p->slots, M = p->nmeetings;
    int64_t nposs = 0;
    for (int32_t m = 0; m < M; m++)
        nposs += possible[m];
    /* per slot */
    int64_t tables = 0;
    for (int32_t s = 0; s < S; s++) {
        int64_t n = 0;
        for (int32_t q = 0; q < P; q++)
            n += available(p, q, s);
        int64_t cap = n / 2;
        if (p->tables && p->tables < cap)
            cap = p->tables;
        tables += cap;
    }
    /* per participant: their meetings, as a CSR list */
    int32_t *start = xcalloc((size_t)P + 1, sizeof *start);
    for (int32_t m = 0; m < M; m++)
        if (possible[m]) {
            start[p->meetings[m].a + 1]++;
            start[p->meetings[m].b + 1]++;
        }
    for (int32_t q = 0; q < P; q++)
        start[q + 1] += start[q];
    int32_t *list = xmalloc(((size_t)start[P] + 1) * sizeof *list);
    int32_t *fill = xmalloc(((size_t)P + 1) * sizeof *fill);
    memcpy(fill, start, (size_t)P * sizeof *fill);
    for (int32_t m = 0; m < M; m++)
        if (possible[m]) {
            list[fill[p->meetings[m].a]++] = m;
            list[fill[p->meetings[m].b]++] = m;
        }
    int32_t *match_slot = xmalloc((size_t)S * sizeof *match_slot);
    uint32_t *visit = xcalloc((size_t)S, sizeof *visit);
    uint32_t mark = 0;
    int64_t capsum = 0;
    for (int32_t q = 0; q < P; q++) {
        int32_t deg = start[q + 1] - start[q], free_slots = 0;
        if (deg == 0)
            continue;
        for (int32_t s = 0; s < S; s++)
            free_slots += available(p, q, s);
        int32_t cap = 0;
        if (deg <= free_slots && deg <= 1) {
            cap = deg;
        } else {
            for (int32_t s = 0; s < S; s++)
                match_slot[s] = -1;
            for (int32_t i = 0; i < deg && cap < free_slots; i++) {
                if (++mark == 0) {
                    memset(visit, 0, (size_t)S * sizeof *visit);
                    mark = 1;
                }
                cap += kuhn(i, list + start[q], p, q, match_slot, visit, mark);
            }
        }
        capsum += cap;
    }
    free(start);
    free(list);
    free(fill);
    free(match_slot);
    free(visit);
    r->bound_possible = (int32_t)nposs;
    r->bound_participants = (int32_t)(capsum / 2);
    r->bound_tables = (int32_t)(tables < INT32_MAX ? tables : INT32_MAX);
    int64_t b = nposs;
    if (capsum / 2 < b)
        b = capsum / 2;
    if (tables < b)
        b = tables;
    r->bound = (int32_t)b;
}

/* ---- the solver ---- */

typedef struct order_key {
    int32_t m, common, degree;
} order_key;

static int by_constraint(const void *x, const void *y)
{
    const order_key *a = x, *b = y;
    if (a->common != b->common)
        return a->common < b->common ? -1 : 1;
    if (a->degree != b->degree)
        return a->degree > b->degree ? -1 : 1;
    return a->m < b->m ? -1 : a->m > b->m;
}

static serai_code check_input(const broker_problem *p, serai_err *err)
{
    if (p->participants < 0 || p->participants > BROKER_MAX_PARTICIPANTS)
        return serai_fail(err, SERAI_ETOOLARGE, "/participants",
                          "at most %d participants", BROKER_MAX_PARTICIPANTS);
    if (p->slots < 0 || p->slots > BROKER_MAX_SLOTS)
        return serai_fail(err, SERAI_ETOOLARGE, "/slots", "at most %d slots",
                          BROKER_MAX_SLOTS);
    if ((int64_t)p->participants * p->slots > BROKER_MAX_CELLS)
        return serai_fail(err, SERAI_ETOOLARGE, "/slots",
                          "participants times slots is at most %d", BROKER_MAX_CELLS);
    if (p->nmeetings < 0 || p->nmeetings > BROKER_MAX_MEETINGS)
        return serai_fail(err, SERAI_ETOOLARGE, "/meetings", "at most %d meetings",
                          BROKER_MAX_MEETINGS);
    if (p->tables < 0)
        return serai_fail(err, SERAI_EINVAL, "/tables", "tables is 0 (no limit) or more");
    for (int32_t m = 0; m < p->nmeetings; m++) {
        const broker_meeting *e = &p->meetings[m];
        if (e->a < 0 || e->a >= p->participants || e->b < 0 || e->b >= p->participants)
            return serai_fail(err, SERAI_EINVAL, "/meetings",
                              "meeting %d names a participant out of 0..%d", (int)m,
                              (int)p->participants - 1);
        if (e->a == e->b)
            return serai_fail(err, SERAI_EINVAL, "/meetings",
                              "meeting %d joins participant %d with itself", (int)m,
                              (int)e->a);
    }
    return SERAI_OK;
}

/* Why m stayed out, with the schedule as it ended. */
static void explain(const state *st, int32_t m, broker_result *r)
{
    const broker_problem *p = st->p;
    const broker_meeting *e = &p->meetings[m];
    bool any_common = false, a_free = false, b_free = false, table_only = false,
         all_full = true;
    for (int32_t s = 0; s < p->slots; s++) {
        if (!both_available(p, m, s))
            continue;
        any_common = true;
        all_full = all_full && p->tables && st->load[s] >= p->tables;
        bool fa = st->occ[(size_t)e->a * (size_t)p->slots + (size_t)s] < 0;
        bool fb = st->occ[(size_t)e->b * (size_t)p->slots + (size_t)s] < 0;
        a_free |= fa;
        b_free |= fb;
        table_only |= fa && fb;
    }
    r->who[m] = -1;
    if (!any_common)
        r->reason[m] = BROKER_NO_COMMON_SLOT;
    else if (table_only || all_full)
        r->reason[m] = BROKER_TABLES_FULL;
    else if (!a_free || !b_free) {
        r->reason[m] = BROKER_PARTICIPANT_FULL;
        r->who[m] = !a_free ? e->a : e->b;
    } else
        r->reason[m] = BROKER_CROWDED;
}

serai_code broker_solve(const broker_problem *p, broker_result *out, serai_err *err)
{
    memset(out, 0, sizeof *out);
    serai_code rc = check_input(p, err);
    if (rc != SERAI_OK)
        return rc;
    int32_t P = p->participants, S = p->slots, M = p->nmeetings;
    size_t m1 = (size_t)M + 1;
    state st = {.p = p, .S = S};
    st.occ = xmalloc(((size_t)P * (size_t)S + 1) * sizeof *st.occ);
    for (size_t k = 0; k < (size_t)P * (size_t)S; k++)
        st.occ[k] = -1;
    st.slot = xmalloc(m1 * sizeof *st.slot);
    st.load = xcalloc((size_t)S + 1, sizeof *st.load);
    st.head = xmalloc(((size_t)S + 1) * sizeof *st.head);
    for (int32_t s = 0; s < S; s++)
        st.head[s] = -1;
    st.next = xmalloc(m1 * sizeof *st.next);
    st.prev = xmalloc(m1 * sizeof *st.prev);
    st.queue = xmalloc(m1 * sizeof *st.queue);
    st.parent = xmalloc(m1 * sizeof *st.parent);
    st.via = xmalloc(m1 * sizeof *st.via);
    st.seen = xcalloc(m1, sizeof *st.seen);
    st.locked = xcalloc(m1, 1);
    uint8_t *possible = xcalloc(m1, 1);
    int32_t *degree = xcalloc((size_t)P + 1, sizeof *degree);
    order_key *order = xmalloc(m1 * sizeof *order);

    for (int32_t m = 0; m < M; m++) {
        st.slot[m] = -1;
        degree[p->meetings[m].a]++;
        degree[p->meetings[m].b]++;
    }
    int32_t nord = 0;
    for (int32_t m = 0; m < M; m++) {
        int32_t common = 0;
        for (int32_t s = 0; s < S; s++)
            common += both_available(p, m, s);
        possible[m] = common > 0;
        if (!common)
            continue;
        int32_t da = degree[p->meetings[m].a], db = degree[p->meetings[m].b];
        order[nord++] = (order_key){m, common, da > db ? da : db};
    }
    qsort(order, (size_t)nord, sizeof *order, by_constraint);
    /* each participant's meetings that can happen, for the repairs */
    int32_t *adj_start = xcalloc((size_t)P + 2, sizeof *adj_start);
    int32_t *adj = xmalloc(2 * m1 * sizeof *adj);
    for (int32_t m = 0; m < M; m++)
        if (possible[m]) {
            adj_start[p->meetings[m].a + 1]++;
            adj_start[p->meetings[m].b + 1]++;
        }
    for (int32_t q = 0; q < P; q++)
        adj_start[q + 1] += adj_start[q];
    int32_t *adj_fill = xmalloc(((size_t)P + 1) * sizeof *adj_fill);
    memcpy(adj_fill, adj_start, ((size_t)P + 1) * sizeof *adj_fill);
    for (int32_t m = 0; m < M; m++)
        if (possible[m]) {
            adj[adj_fill[p->meetings[m].a]++] = m;
            adj[adj_fill[p->meetings[m].b]++] = m;
        }
    free(adj_fill);
    compute_bound(p, possible, out);

    /* Greedy: with tables, the least loaded slot that fits (spreading the
     * meetings keeps tables free); without, the first (packing keeps
     * later slots open for the busiest people). */
    int32_t placed = 0;
    for (int32_t k = 0; k < nord && placed < out->bound; k++) {
        int32_t m = order[k].m, best = -1;
        for (int32_t s = 0; s < S; s++)
            if (fits(&st, m, s) && (best < 0 || (p->tables && st.load[s] < st.load[best]))) {
                best = s;
                if (!p->tables)
                    break;
            }
        if (best >= 0) {
            place(&st, m, best);
            placed++;
        }
    }
    out->greedy = placed;

    /* Chains, pass after pass, while they gain something; then trials
     * that make room by moving two meetings, within the work budget. */
    for (int round = 0; round < 2; round++)
        for (bool gained = true; gained && placed < out->bound;) {
            gained = false;
            for (int32_t k = 0; k < nord && placed < out->bound; k++) {
                int32_t m = order[k].m;
                if (st.slot[m] >= 0)
                    continue;
                int32_t gain = augment(&st, m);
                if (!gain && round == 1 && st.work < WORK_BUDGET)
                    gain = eject_repair(&st, m, adj_start, adj);
                if (gain) {
                    placed += gain;
                    gained = true;
                }
            }
        }

    out->scheduled = placed;
    out->moves = st.moves;
    out->slot = xmalloc(m1 * sizeof *out->slot);
    out->table = xcalloc(m1, sizeof *out->table);
    out->reason = xcalloc(m1, 1);
    out->who = xmalloc(m1 * sizeof *out->who);
    int32_t *next_table = xcalloc((size_t)S + 1, sizeof *next_table);
    for (int32_t m = 0; m < M; m++) {
        out->slot[m] = st.slot[m];
        out->who[m] = -1;
        if (st.slot[m] >= 0)
            out->table[m] = ++next_table[st.slot[m]];
        else
            explain(&st, m, out);
    }
    free(next_table);
    free(st.occ);
    free(st.slot);
    free(st.load);
    free(st.head);
    free(st.next);
    free(st.prev);
    free(st.queue);
    free(st.parent);
    free(st.via);
    free(st.seen);
    free(st.locked);
    free(st.log_m);
    free(st.log_s);
    free(possible);
    free(degree);
    free(adj_start);
    free(adj);
    free(order);
    return SERAI_OK;
}

void broker_result_free(broker_result *r)
{
    if (!r)
        return;
    free(r->slot);
    free(r->table);
    free(r->reason);
    free(r->who);
    memset(r, 0, sizeof *r);
}

bool broker_check(const broker_problem *p, const broker_result *r, serai_err *err)
{
    int32_t P = p->participants, S = p->slots, M = p->nmeetings;
    int32_t *occ = xmalloc(((size_t)P * (size_t)S + 1) * sizeof *occ);
    int32_t *load = xcalloc((size_t)S + 1, sizeof *load);
    for (size_t k = 0; k < (size_t)P * (size_t)S; k++)
        occ[k] = -1;
    bool ok = true;
    int32_t count = 0;
    for (int32_t m = 0; m < M && ok; m++) {
        int32_t s = r->slot[m];
        if (s < 0)
            continue;
        count++;
        const broker_meeting *e = &p->meetings[m];
        if (s >= S) {
            ok = false;
            serai_fail(err, SERAI_EINTERNAL, NULL, "meeting %d in slot %d of %d", (int)m,
                       (int)s, (int)S);
        } else if (!both_available(p, m, s)) {
            ok = false;
            serai_fail(err, SERAI_EINTERNAL, NULL,
                       "meeting %d in slot %d where a participant is unavailable",
                       (int)m, (int)s);
        } else if (occ[(size_t)e->a * (size_t)S + (size_t)s] >= 0 ||
                   occ[(size_t)e->b * (size_t)S + (size_t)s] >= 0) {
            ok = false;
            serai_fail(err, SERAI_EINTERNAL, NULL,
                       "meeting %d double-books a participant in slot %d", (int)m,
                       (int)s);
        } else if (p->tables && ++load[s] > p->tables) {
            ok = false;
            serai_fail(err, SERAI_EINTERNAL, NULL, "slot %d holds more than %d meetings",
                       (int)s, (int)p->tables);
        } else if (r->table[m] < 1 || (p->tables && r->table[m] > p->tables)) {
            ok = false;
            serai_fail(err, SERAI_EINTERNAL, NULL, "meeting %d at table %d", (int)m,
                       (int)r->table[m]);
        } else {
            occ[(size_t)e->a * (size_t)S + (size_t)s] = m;
            occ[(size_t)e->b * (size_t)S + (size_t)s] = m;
        }
    }
    if (ok && count != r->scheduled) {
        ok = false;
        serai_fail(err, SERAI_EINTERNAL, NULL, "%d meetings placed, %d reported",
                   (int)count, (int)r->scheduled);
    }
    if (ok && r->scheduled > r->bound) {
        ok = false;
        serai_fail(err, SERAI_EINTERNAL, NULL, "%d placed above the bound %d",
                   (int)r->scheduled, (int)r->bound);
    }
    free(occ);
    free(load);
    return ok;
}

const char *broker_reason_name(broker_reason r)
{
    switch (r) {
    case BROKER_PLACED:
        return "scheduled";
    case BROKER_NO_COMMON_SLOT:
        return "no_common_slot";
    case BROKER_PARTICIPANT_FULL:
        return "participant_full";
    case BROKER_TABLES_FULL:
        return "tables_full";
    case BROKER_CROWDED:
        return "no_free_common_slot";
    }
    return "?";
}
