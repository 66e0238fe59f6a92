/*
 * search.c -- partner search over a million profiles (issue 9 §4): the
 * latency of search_query (exchange/search.h) for two-word queries with a
 * country filter, on SQLite (FTS5, BM25) and PostgreSQL (tsvector, GIN,
 * ts_rank), side by side on the same generated profiles.
 *
 * Usage: search DIR [PROFILES [QUERIES]]     defaults 1000000 2000
 *        SEARCH_PG=postgres://...  also a fresh PostgreSQL database
 *
 * The profiles: PROFILES/5 organisations and the rest people, in 24
 * countries weighted as a cooperation organisation's registry is (China a
 * fifth), names from per-country lists (Chinese names in Chinese for CN,
 * with Chinese expertise text for half of them), 4 to 12 expertise words
 * per person drawn from a 400-word research vocabulary with a
 * Zipf-Mandelbrot law (s = 1, q = 20), organisation names of a place and one or two of those words.
 * They are written as rows of organization and person, then indexed by
 * search_reindex, the code path `serai migrate` uses (on PostgreSQL with
 * the GIN index dropped during the load and built after, as one would for
 * a bulk load).  The queries: two distinct words drawn by the same law, and a country drawn by the same weights, the same list for both
 * backends; the first 10 % warm up and are not counted.  Prints a
 * Markdown table: load and index times, p50, p90, p99 and the mean, and
 * the results per query.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/init.h"
#include "exchange/search.h"
#include "store/store.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}
static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }

static void die(const char *what, const serai_err *err)
{
    fprintf(stderr, "search bench: %s: %s\n", what, err ? err->detail : "");
    exit(2);
}

/* ---- vocabulary ---- */

static const char *const topics[] = {
    "water", "energy", "solar", "climate", "health", "agriculture", "data",
    "materials", "battery", "hydrogen", "vaccine", "genomics", "robotics",
    "learning", "machine", "neural", "quantum", "ocean", "marine", "soil",
    "crop", "rice", "wheat", "drought", "flood", "urban", "transport",
    "sensor", "satellite", "remote", "sensing", "biodiversity", "forest",
    "carbon", "capture", "storage", "grid", "wind", "nuclear", "fusion",
    "catalysis", "polymer", "nanotechnology", "semiconductor", "photonics",
    "laser", "optics", "imaging", "cancer", "diabetes", "malaria",
    "tuberculosis", "epidemiology", "nutrition", "food", "safety", "security",
    "cyber", "cloud", "computing", "software", "network", "wireless",
    "communication", "5g", "antenna", "microwave", "signal", "processing",
    "language", "translation", "education", "policy", "economics", "trade",
    "finance", "innovation", "entrepreneurship", "manufacturing", "additive",
    "printing", "steel", "cement", "construction", "bridge", "earthquake",
    "seismic", "geology", "mining", "mineral", "lithium", "cobalt", "rare",
    "earth", "recycling", "waste", "wastewater", "treatment", "desalination",
    "membrane", "filtration", "irrigation", "aquaculture", "fisheries",
    "livestock", "veterinary", "zoonotic", "virus", "bacteria", "antibiotic",
    "resistance", "microbiome", "enzyme", "protein", "structure", "biology",
    "chemistry", "physics", "mathematics", "statistics", "modelling",
    "simulation", "optimisation", "control", "automation", "drone", "vehicle",
    "electric", "autonomous", "railway", "aviation", "space", "astronomy",
    "telescope", "cosmology", "particle", "accelerator", "detector",
    "radiation", "medical", "diagnostics", "device", "wearable", "telemedicine",
    "hospital", "public", "mental", "ageing", "child", "maternal", "heritage",
    "archaeology", "history", "culture", "tourism", "smart", "city", "building",
    "efficiency", "heating", "cooling", "air", "pollution", "quality",
    "monitoring", "atmosphere", "weather", "forecast", "hydrology", "glacier",
    "permafrost", "arctic", "desert", "dryland", "land", "degradation",
    "restoration", "ecology", "ecosystem", "services", "pollinator", "insect",
    "pest", "plant", "breeding", "seed", "fertiliser", "nitrogen",
    "phosphorus", "biofuel", "biomass", "bioenergy", "geothermal", "tidal",
    "wave", "offshore", "turbine", "power", "electronics", "converter",
    "inverter", "microgrid", "blockchain", "privacy", "cryptography",
    "algorithm", "graph", "database", "search", "retrieval", "recommendation",
    "vision", "speech", "robot", "manipulation", "surgery", "prosthetics",
    "rehabilitation", "neuroscience", "brain", "cognition", "psychology",
    "sociology", "migration", "labour", "gender", "inequality", "poverty",
    "development", "governance", "law", "ethics", "regulation", "standard",
    "metrology", "calibration", "testing", "certification", "logistics",
    "supply", "chain", "port", "shipping", "maritime", "coastal", "erosion",
    "sediment", "river", "lake", "groundwater", "aquifer", "sanitation",
    "hygiene", "cholera", "dengue", "influenza", "pandemic", "preparedness",
    "emergency", "disaster", "risk", "resilience", "adaptation", "mitigation",
    "emissions", "methane", "ozone", "aerosol", "cloud", "precipitation",
    "monsoon", "typhoon", "cyclone", "heatwave", "wildfire", "peat",
    "wetland", "mangrove", "coral", "reef", "fish", "plankton", "algae",
    "seaweed", "salinity", "acidification", "deep", "sea", "exploration",
    "submarine", "cable", "fibre", "photovoltaic", "perovskite", "silicon",
    "thin", "film", "coating", "corrosion", "alloy", "ceramic", "composite",
    "textile", "leather", "paper", "packaging", "plastic", "biodegradable",
    "circular", "economy", "lifecycle", "assessment", "indicator", "survey",
    "census", "mapping", "gis", "cadastre", "navigation", "positioning",
    "timing", "clock", "frequency", "spectrum", "radar", "lidar", "sonar",
    "acoustics", "noise", "vibration", "fluid", "dynamics", "turbulence",
    "combustion", "engine", "fuel", "cell", "electrolysis", "ammonia",
    "fertility", "reproductive", "genetics", "crispr", "editing", "stem",
    "regenerative", "tissue", "engineering", "biomaterials", "drug",
    "discovery", "pharmacology", "traditional", "medicine", "herbal",
    "clinical", "trial", "cohort", "registry", "biobank", "bioinformatics",
    "proteomics", "metabolomics", "sequencing", "phylogenetics", "evolution",
    "taxonomy", "museum", "collection", "library", "archive", "digital",
    "humanities", "open", "science", "citizen", "participation", "outreach",
    "training", "capacity", "building", "mobility", "exchange", "cooperation",
    "partnership", "transfer", "incubator", "startup", "venture", "patent",
    "licensing", "intellectual", "property", "valuation", "market", "demand",
};
#define NTOPICS (sizeof topics / sizeof topics[0])

static const char *const topics_zh[] = {
    "水资源", "新能源", "太阳能", "气候变化", "公共卫生", "农业", "大数据",
    "新材料", "电池", "氢能", "疫苗", "基因组学", "机器人", "人工智能",
    "海洋", "土壤", "水稻", "干旱", "城市", "交通", "传感器", "卫星遥感",
    "生物多样性", "森林", "碳捕集", "电网", "风能", "核能", "催化",
    "半导体", "光电子", "医学影像", "癌症", "营养", "食品安全", "网络安全",
    "云计算", "软件", "通信", "教育", "经济", "制造", "地震", "矿产",
    "锂", "稀土", "回收", "污水处理", "海水淡化", "灌溉", "水产养殖",
    "病毒", "抗生素", "蛋白质", "化学", "物理", "数学", "统计", "自动化",
    "电动汽车", "航空航天", "天文", "医疗器械", "中医药", "科学院",
    "大学", "研究所", "技术转移", "创新",
};
#define NTOPICS_ZH (sizeof topics_zh / sizeof topics_zh[0])

typedef struct country_w {
    const char *code;
    double weight;
} country_w;
static const country_w countries[] = {
    {"CN", 20}, {"RU", 6}, {"IN", 6}, {"BR", 5}, {"ZA", 4}, {"KE", 4},
    {"EG", 4}, {"NG", 4}, {"PK", 4}, {"KZ", 3}, {"TH", 3}, {"VN", 3},
    {"ID", 3}, {"MY", 3}, {"TR", 3}, {"IR", 3}, {"AR", 3}, {"CL", 2},
    {"MX", 3}, {"DE", 4}, {"FR", 3}, {"IT", 3}, {"MN", 2}, {"ET", 2},
};
#define NCOUNTRIES (sizeof countries / sizeof countries[0])

static const char *const given[] = {
    "Amina", "Chidi", "Fatima", "Olga", "Ivan", "Priya", "Arjun", "Lucas",
    "Ana", "Thabo", "Wanjiru", "Omar", "Layla", "Bilal", "Aigerim", "Somchai",
    "Linh", "Putri", "Aisyah", "Emre", "Reza", "Sofia", "Mateo", "Hannah",
    "Jean", "Giulia", "Bat", "Abebe", "Sergei", "Ravi", "Nomvula", "Yusuf"};
static const char *const family[] = {
    "Okafor", "Mwangi", "Hassan", "Ivanova", "Petrov", "Sharma", "Patel",
    "Silva", "Santos", "Nkosi", "Otieno", "Farouk", "Khan", "Nurlanov",
    "Suzuki", "Nguyen", "Wijaya", "Rahman", "Yilmaz", "Ahmadi", "Gonzalez",
    "Rojas", "Hernandez", "Schmidt", "Martin", "Rossi", "Batbayar", "Bekele"};
static const char *const surname_zh[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
    "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
static const char *const name_zh[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
    "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华",
    "晓东", "海燕", "志强", "文", "华"};
static const char *const places[] = {
    "National", "Central", "Northern", "Southern", "Eastern", "Western",
    "Coastal", "Highland", "Capital", "Metropolitan", "Federal", "Royal",
    "Polytechnic", "Technical", "Open", "International"};
static const char *const org_kinds[] = {
    "University", "Institute", "Academy", "Centre", "Laboratory",
    "Foundation", "Agency", "Company", "Technologies"};
static const char *const org_types[] = {
    "university", "research_institute", "research_institute", "research_institute",
    "research_institute", "funding_agency", "enterprise", "sme", "ngo"};

/* Zipf-Mandelbrot (s = 1, q = ZIPF_Q) over n items, by inverse CDF on a
 * precomputed table: the most frequent word is drawn 1.6 % of the time
 * (plain Zipf over 400 words would put "water" into 70 % of the profiles,
 * which no registry looks like). */
#define ZIPF_Q 20.0
static double *zipf_cdf(size_t n)
{
    double *c = malloc(n * sizeof *c), sum = 0;
    for (size_t i = 0; i < n; i++)
        c[i] = (sum += 1.0 / ((double)(i + 1) + ZIPF_Q));
    for (size_t i = 0; i < n; i++)
        c[i] /= sum;
    return c;
}
static size_t draw(const double *cdf, size_t n)
{
    double u = unif();
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cdf[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
static const char *draw_country(void)
{
    double total = 0;
    for (size_t i = 0; i < NCOUNTRIES; i++)
        total += countries[i].weight;
    double u = unif() * total;
    for (size_t i = 0; i < NCOUNTRIES; i++)
        if ((u -= countries[i].weight) < 0)
            return countries[i].code;
    return "CN";
}

static double *cdf_en, *cdf_zh;

/* ---- loading ---- */

static void load(store *s, int64_t n, uint64_t seed)
{
    static const char org_sql[] =
        "INSERT INTO organization (name, name_lang, names, type, country, sme, "
        "search, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, '', "
        "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')";
    static const char person_sql[] =
        "INSERT INTO person (name, country, keywords, expertise, search, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, '', "
        "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')";
    serai_err err;
    rng_state = seed;
    if (store_bulk_load(s, true, &err) != SERAI_OK || store_begin(s, &err) != SERAI_OK)
        die("begin", &err);
    char name[512], names[1024], kw[2048], exp[2048];
    for (int64_t i = 0; i < n; i++) {
        const char *cc = draw_country();
        bool zh = strcmp(cc, "CN") == 0;
        store_stmt *st;
        if (i % 5 == 0) {
            const char *t1 = topics[draw(cdf_en, NTOPICS)];
            const char *t2 = topics[draw(cdf_en, NTOPICS)];
            snprintf(name, sizeof name, "%s %s and %s %s %" PRId64,
                     places[rnd() % 16], t1, t2, org_kinds[rnd() % 9], i);
            if (zh)
                snprintf(names, sizeof names, "{\"zh\":\"%s%s%s\"}",
                         topics_zh[draw(cdf_zh, NTOPICS_ZH)],
                         topics_zh[draw(cdf_zh, NTOPICS_ZH)],
                         rnd() % 2 ? "研究所" : "大学");
            else
                snprintf(names, sizeof names, "{}");
            const char *type = org_types[rnd() % 9];
            if (store_prepare(s, org_sql, &st, &err) != SERAI_OK)
                die("prepare", &err);
            store_bind_text(st, 1, name);
            store_bind_text(st, 2, "en");
            store_bind_text(st, 3, names);
            store_bind_text(st, 4, type);
            store_bind_text(st, 5, cc);
            store_bind_bool(st, 6, strcmp(type, "sme") == 0);
        } else {
            if (zh && rnd() % 2)
                snprintf(name, sizeof name, "%s%s", surname_zh[rnd() % 20],
                         name_zh[rnd() % 28]);
            else
                snprintf(name, sizeof name, "%s %s", given[rnd() % 32],
                         family[rnd() % 28]);
            int nk = 4 + (int)(rnd() % 9);
            size_t kl = 0, el = 0;
            kl += (size_t)snprintf(kw + kl, sizeof kw - kl, "[");
            exp[0] = '\0';
            for (int k = 0; k < nk; k++) {
                const char *w = topics[draw(cdf_en, NTOPICS)];
                if (k < 3)
                    kl += (size_t)snprintf(kw + kl, sizeof kw - kl, "%s\"%s\"",
                                           k ? "," : "", w);
                else
                    el += (size_t)snprintf(exp + el, sizeof exp - el, "%s%s",
                                           el ? " " : "", w);
            }
            if (zh && rnd() % 2)
                for (int k = 0; k < 3; k++)
                    el += (size_t)snprintf(exp + el, sizeof exp - el, "%s%s",
                                           el ? "，" : "",
                                           topics_zh[draw(cdf_zh, NTOPICS_ZH)]);
            snprintf(kw + kl, sizeof kw - kl, "]");
            if (store_prepare(s, person_sql, &st, &err) != SERAI_OK)
                die("prepare", &err);
            store_bind_text(st, 1, name);
            store_bind_text(st, 2, cc);
            store_bind_text(st, 3, kw);
            store_bind_text(st, 4, exp);
        }
        if (store_run(st, NULL, &err) != SERAI_OK)
            die("insert", &err);
    }
    if (store_commit(s, &err) != SERAI_OK)
        die("commit", &err);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct query {
    char q[128];
    const char *country;
} query;

typedef struct result {
    double load_s, index_s, p50, p90, p99, mean, hits;
} result;

static result measure(store *s, const query *qs, int nq)
{
    result r = {0};
    actor op = actor_operator();
    int warm = nq / 10;
    double *lat = malloc(sizeof(double) * (size_t)nq);
    int m = 0;
    double hits = 0;
    for (int i = 0; i < nq; i++) {
        search_request req = {.q = qs[i].q, .country = qs[i].country,
                              .page = {20, 0}};
        json_t *out;
        serai_err err;
        double t0 = now_s();
        if (search_query(s, &op, &req, &out, &err) != SERAI_OK)
            die("search_query", &err);
        double dt = now_s() - t0;
        if (i >= warm) {
            lat[m++] = dt * 1000;
            hits += (double)json_array_size(json_object_get(out, "items"));
        }
        json_decref(out);
    }
    qsort(lat, (size_t)m, sizeof *lat, cmp_double);
    double sum = 0;
    for (int i = 0; i < m; i++)
        sum += lat[i];
    r.p50 = lat[m / 2];
    r.p90 = lat[(int)(m * 0.90)];
    r.p99 = lat[(int)(m * 0.99)];
    r.mean = sum / m;
    r.hits = hits / m;
    free(lat);
    return r;
}

static result run_backend(const char *uri, bool pg, int64_t n, const query *qs,
                          int nq)
{
    store *s;
    serai_err err;
    if (store_open(uri, &s, &err) != SERAI_OK)
        die("store_open", &err);
    double t0 = now_s();
    load(s, n, 0x5EED5EEDull);
    double t1 = now_s();
    if (pg && store_exec(s, "DROP INDEX search_doc_tsv", &err) != SERAI_OK)
        die("drop index", &err);
    int64_t docs;
    if (search_reindex(s, &docs, &err) != SERAI_OK)
        die("search_reindex", &err);
    if (pg && (store_exec(s, "SET maintenance_work_mem = '512MB'", &err) != SERAI_OK ||
               store_exec(s, "CREATE INDEX search_doc_tsv ON search_doc USING GIN (tsv)",
                          &err) != SERAI_OK ||
               store_exec(s, "VACUUM ANALYZE search_doc", &err) != SERAI_OK))
        die("create index", &err);
    if (!pg && store_exec(s, "INSERT INTO search_fts (search_fts) VALUES ('optimize')",
                          &err) != SERAI_OK)
        die("optimize", &err);
    if (store_bulk_load(s, false, &err) != SERAI_OK)
        die("bulk off", &err);
    double t2 = now_s();
    fprintf(stderr, "search bench: %s: %" PRId64 " rows in %.1f s, %" PRId64
            " documents indexed in %.1f s\n", pg ? "postgres" : "sqlite", n,
            t1 - t0, docs, t2 - t1);
    result r = measure(s, qs, nq);
    r.load_s = t1 - t0;
    r.index_s = t2 - t1;
    store_close(s);
    return r;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: search DIR [PROFILES [QUERIES]]\n");
        return 2;
    }
    int64_t n = argc > 2 ? strtoll(argv[2], NULL, 10) : 1000000;
    int nq = argc > 3 ? atoi(argv[3]) : 2000;
    serai_err err;
    if (serai_library_init(&err) != SERAI_OK)
        die("init", &err);
    cdf_en = zipf_cdf(NTOPICS);
    cdf_zh = zipf_cdf(NTOPICS_ZH);
    rng_state = 0xC0FFEEull;
    query *qs = calloc((size_t)nq, sizeof *qs);
    for (int i = 0; i < nq; i++) {
        size_t a = draw(cdf_en, NTOPICS), b;
        do
            b = draw(cdf_en, NTOPICS);
        while (b == a);
        snprintf(qs[i].q, sizeof qs[i].q, "%s %s", topics[a], topics[b]);
        qs[i].country = draw_country();
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/search.db", argv[1]);
    result lite = run_backend(path, false, n, qs, nq);
    const char *pg_uri = getenv("SEARCH_PG");
    result pg = {0};
    if (pg_uri && *pg_uri)
        pg = run_backend(pg_uri, true, n, qs, nq);
    printf("| backend | profiles | load | index | p50 | p90 | p99 | mean | results per query |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    const result *rs[2] = {&lite, &pg};
    const char *names[2] = {"SQLite FTS5 (BM25)", "PostgreSQL tsvector + GIN (ts_rank)"};
    for (int i = 0; i < (pg_uri && *pg_uri ? 2 : 1); i++)
        printf("| %s | %" PRId64 " | %.0f s | %.0f s | %.2f ms | %.2f ms | %.2f ms | "
               "%.2f ms | %.1f |\n", names[i], n, rs[i]->load_s, rs[i]->index_s,
               rs[i]->p50, rs[i]->p90, rs[i]->p99, rs[i]->mean, rs[i]->hits);
    printf("\n%d two-word queries with a country filter (the first %d warm-up "
           "ones not counted), 20 results a page, through search_query.\n",
           nq, nq / 10);
    free(qs);
    return 0;
}
