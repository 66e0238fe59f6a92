// lemon_assign.cc -- the reference for bench/assign/run.sh: reads the same
// scores.csv and conflicts.csv as `serai assign` and solves the same
// min-cost flow with LEMON (Debian liblemon-dev): NetworkSimplex and
// CostScaling, each timed apart from the reading.  Prints one line per
// algorithm: "lemon ALGO read S solve S objective X".
//
// Usage: lemon_assign SCORES CONFLICTS K MAX_LOAD [MIN_LOAD [PEOPLE M]]
//        LEMON_ALGOS=ns (or cs) runs one of the two only.
//
// The reader is a plain one for the files bench/assign/gen.c writes (no
// quoted fields); ids are interned in hash maps, scores read as integer
// thousandths, as serai does.
#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

using namespace lemon;
typedef SmartDigraph G;

static double now()
{
    return std::chrono::duration<double>(
               std::chrono::steady_clock::now().time_since_epoch()).count();
}

static std::string slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    std::string s;
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        s.append(buf, n);
    fclose(f);
    return s;
}

// Split text into lines of comma-separated fields (header skipped).
template <class F> static void each_row(const std::string &s, F f)
{
    size_t i = s.find('\n');
    if (i == std::string::npos)
        return;
    i++;
    std::vector<std::pair<const char *, size_t>> fields;
    while (i < s.size()) {
        size_t e = s.find('\n', i);
        if (e == std::string::npos)
            e = s.size();
        size_t le = e;
        if (le > i && s[le - 1] == '\r')
            le--;
        fields.clear();
        size_t b = i;
        for (size_t j = i; j <= le; j++)
            if (j == le || s[j] == ',') {
                fields.push_back({s.data() + b, j - b});
                b = j + 1;
            }
        if (le > i)
            f(fields);
        i = e + 1;
    }
}

static long milli(const char *p, size_t n)
{
    long sign = 1, v = 0, frac = 0, nf = 0;
    size_t i = 0;
    if (i < n && p[i] == '-') {
        sign = -1;
        i++;
    }
    for (; i < n && p[i] != '.'; i++)
        v = v * 10 + (p[i] - '0');
    if (i < n)
        for (i++; i < n && nf < 3; i++, nf++)
            frac = frac * 10 + (p[i] - '0');
    while (nf++ < 3)
        frac *= 10;
    return sign * (v * 1000 + frac);
}

int main(int argc, char **argv)
{
    if (argc != 5 && argc != 6 && argc != 8) {
        fprintf(stderr, "usage: lemon_assign SCORES CONFLICTS K MAX_LOAD "
                        "[MIN_LOAD [PEOPLE M]]\n");
        return 2;
    }
    int k = atoi(argv[3]), U = atoi(argv[4]);
    int L = argc >= 6 ? atoi(argv[5]) : 0;
    int M = argc == 8 ? atoi(argv[7]) : 0;
    double t0 = now();
    std::unordered_map<std::string, int> props, revs;
    std::vector<int> pp, rr;
    std::vector<long> sc;
    std::string scores = slurp(argv[1]);
    pp.reserve(scores.size() / 20);
    rr.reserve(scores.size() / 20);
    sc.reserve(scores.size() / 20);
    each_row(scores, [&](const std::vector<std::pair<const char *, size_t>> &f) {
        auto pi = props.emplace(std::string(f[0].first, f[0].second), (int)props.size());
        auto ri = revs.emplace(std::string(f[1].first, f[1].second), (int)revs.size());
        pp.push_back(pi.first->second);
        rr.push_back(ri.first->second);
        sc.push_back(milli(f[2].first, f[2].second));
    });
    std::unordered_set<long long> conf;
    std::string conflicts = slurp(argv[2]);
    each_row(conflicts, [&](const std::vector<std::pair<const char *, size_t>> &f) {
        auto pi = props.find(std::string(f[0].first, f[0].second));
        auto ri = revs.find(std::string(f[1].first, f[1].second));
        if (pi != props.end() && ri != revs.end())
            conf.insert((long long)pi->second << 32 | ri->second);
    });
    std::vector<int> country(revs.size(), 0);
    if (argc == 8) {
        std::unordered_map<std::string, int> codes;
        std::string people = slurp(argv[6]);
        each_row(people, [&](const std::vector<std::pair<const char *, size_t>> &f) {
            auto ri = revs.find(std::string(f[0].first, f[0].second));
            auto ci = codes.emplace(std::string(f[1].first, f[1].second), (int)codes.size());
            if (ri != revs.end())
                country[ri->second] = ci.first->second;
        });
    }
    int P = (int)props.size(), R = (int)revs.size();
    G g;
    g.reserveNode(P + R + 2 + (M ? P * 8 : 0));
    g.reserveArc((int)pp.size() + R + P);
    std::vector<G::Node> pn(P), rn(R);
    for (int i = 0; i < P; i++)
        pn[i] = g.addNode();
    for (int i = 0; i < R; i++)
        rn[i] = g.addNode();
    G::Node sink = g.addNode();
    G::ArcMap<long> cost(g), cap(g), low(g);
    G::NodeMap<long> supply(g, 0);
    std::vector<G::Arc> pair_arc(pp.size(), INVALID);
    // Country groups: one node per (proposal, country) with capacity M.
    std::unordered_map<long long, G::Node> group;
    for (size_t i = 0; i < pp.size(); i++) {
        if (conf.count((long long)pp[i] << 32 | rr[i]))
            continue;
        G::Node from = pn[pp[i]];
        if (M) {
            long long key = (long long)pp[i] * 1000 + country[rr[i]];
            auto gi = group.find(key);
            if (gi == group.end()) {
                G::Node gn = g.addNode();
                G::Arc a = g.addArc(pn[pp[i]], gn);
                cost[a] = 0;
                cap[a] = M;
                low[a] = 0;
                gi = group.emplace(key, gn).first;
            }
            from = gi->second;
        }
        G::Arc a = g.addArc(from, rn[rr[i]]);
        cost[a] = -sc[i];
        cap[a] = 1;
        low[a] = 0;
        pair_arc[i] = a;
    }
    for (int r = 0; r < R; r++) {
        G::Arc a = g.addArc(rn[r], sink);
        cost[a] = 0;
        cap[a] = U;
        low[a] = L;
    }
    for (int p = 0; p < P; p++)
        supply[pn[p]] = k;
    supply[sink] = -(long)P * k;
    double t1 = now();
    const char *algos = getenv("LEMON_ALGOS");
    bool run_ns = !algos || strstr(algos, "ns"), run_cs = !algos || strstr(algos, "cs");
    if (run_ns) {
        NetworkSimplex<G, long, long> ns(g);
        ns.costMap(cost).upperMap(cap).supplyMap(supply);
        if (L)
            ns.lowerMap(low);
        auto st = ns.run();
        double t2 = now();
        if (st != NetworkSimplex<G, long, long>::OPTIMAL)
            printf("lemon network-simplex read %.3f solve %.3f status %d\n",
                   t1 - t0, t2 - t1, (int)st);
        else
            printf("lemon network-simplex read %.3f solve %.3f objective %.3f\n",
                   t1 - t0, t2 - t1, -(double)ns.totalCost() / 1000.0);
    }
    if (run_cs) {
        double t2 = now();
        CostScaling<G, long, long> cs(g);
        cs.costMap(cost).upperMap(cap).supplyMap(supply);
        if (L)
            cs.lowerMap(low);
        auto st = cs.run();
        double t3 = now();
        if (st != CostScaling<G, long, long>::OPTIMAL)
            printf("lemon cost-scaling read %.3f solve %.3f status %d\n",
                   t1 - t0, t3 - t2, (int)st);
        else
            printf("lemon cost-scaling read %.3f solve %.3f objective %.3f\n",
                   t1 - t0, t3 - t2, -(double)cs.totalCost() / 1000.0);
    }
    return 0;
}
