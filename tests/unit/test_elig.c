/*
 * test_elig.c -- the eligibility engine (project/elig.h) and its JSON
 * readers (project/rules.h): every rule at its boundary, the shipped
 * real-programme rule sets in tests/elig/, the concurrent-application rule
 * across a round, the commitment-form window with its pending verdicts,
 * and bad input refused with the right JSON pointer.
 * argv[1] is the project root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/err.h"
#include "project/elig.h"
#include "project/rules.h"

static const char *project_root = ".";

/* ---- builders -------------------------------------------------------- */

static void set(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

static elig_partner *add(elig_proposal *p, const char *org, const char *cc,
                         const char *type, int64_t requested)
{
    elig_partner *pa = &p->partners[p->npartners++];
    memset(pa, 0, sizeof *pa);
    set(pa->org, sizeof pa->org, org);
    set(pa->country, sizeof pa->country, cc);
    set(pa->type, sizeof pa->type, type);
    pa->sme = strcmp(type, "sme") == 0;
    pa->requested = requested;
    set(pa->currency, sizeof pa->currency, "EUR");
    pa->team_size = 1;
    return pa;
}

static elig_proposal *new_proposal(int months)
{
    elig_proposal *p = calloc(1, sizeof *p);
    p->duration_months = months;
    return p;
}

static elig_result res;

static const elig_rule_result *check_rule(const elig_rules *r, const elig_proposal *p,
                                          const char *code)
{
    elig_check(r, p, &res);
    const elig_rule_result *x = elig_result_find(&res, code, NULL);
    if (x == NULL) {
        static elig_rule_result missing = {.code = "missing", .pass = false};
        fprintf(stderr, "rule %s not in result\n", code);
        return &missing;
    }
    return x;
}

static bool has(const char *text, const char *needle)
{
    bool ok = strstr(text, needle) != NULL;
    if (!ok)
        fprintf(stderr, "  \"%s\" lacks \"%s\"\n", text, needle);
    return ok;
}

static char *read_text(const char *rel, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", project_root, rel);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    char *data = malloc(1 << 20);
    *len = fread(data, 1, (1 << 20) - 1, f);
    data[*len] = '\0';
    fclose(f);
    return data;
}

static void load_rules(const char *rel, elig_rules *r)
{
    size_t len;
    char *text = read_text(rel, &len);
    serai_err err;
    serai_code rc = elig_rules_parse(text, len, r, &err);
    if (rc)
        fprintf(stderr, "%s: %s: %s\n", rel, err.field, err.detail);
    CHECK_INT(rc, SERAI_OK);
    free(text);
}

static void load_proposal(const char *rel, const elig_rules *r, elig_proposal *p)
{
    size_t len;
    char *text = read_text(rel, &len);
    serai_err err;
    serai_code rc = elig_proposal_parse(text, len, r, p, &err);
    if (rc)
        fprintf(stderr, "%s: %s: %s\n", rel, err.field, err.detail);
    CHECK_INT(rc, SERAI_OK);
    free(text);
}

/* ---- every rule at its boundary -------------------------------------- */

static void test_max_share_boundary(void)
{
    elig_rules r;
    elig_rules_init(&r);
    r.max_share_org.present = true;
    r.max_share_org.bp = 7000;
    r.max_share_country.present = true;
    r.max_share_country.bp = 7000;
    elig_proposal *p = new_proposal(12);
    add(p, "A", "DE", "sme", 700);
    add(p, "B", "FR", "university", 300);
    CHECK(check_rule(&r, p, "max_share_per_organisation")->pass);
    CHECK(check_rule(&r, p, "max_share_per_country")->pass);
    CHECK(res.eligible);

    p->partners[0].requested = 701;     /* one minor unit more */
    const elig_rule_result *x = check_rule(&r, p, "max_share_per_organisation");
    CHECK(!x->pass);
    CHECK_INT(x->npartners, 1);
    CHECK_INT(x->partners[0], 0);
    CHECK(has(x->en, "A holds 70.0"));
    CHECK(has(x->en, "at most 70%"));
    CHECK(has(x->zh, "本征集规定每个机构至多占70%"));
    CHECK(!check_rule(&r, p, "max_share_per_country")->pass);
    CHECK(!res.eligible);

    /* the same at the edge of int64: exact, no overflow */
    p->partners[0].requested = INT64_C(6300000000000000000);
    p->partners[1].requested = INT64_C(2700000000000000000);
    CHECK(check_rule(&r, p, "max_share_per_organisation")->pass);
    p->partners[0].requested += 1;
    CHECK(!check_rule(&r, p, "max_share_per_organisation")->pass);

    /* two partners of one organisation count together */
    p->npartners = 0;
    add(p, "A", "DE", "sme", 400);
    add(p, "B", "FR", "sme", 300);
    add(p, "A", "IT", "sme", 301);
    x = check_rule(&r, p, "max_share_per_organisation");
    CHECK(!x->pass);
    CHECK_INT(x->npartners, 2);
    CHECK(check_rule(&r, p, "max_share_per_country")->pass);
    /* two partners of one country count together */
    p->npartners = 0;
    add(p, "A", "DE", "sme", 400);
    add(p, "B", "DE", "sme", 300);
    add(p, "C", "IT", "sme", 300);
    CHECK(check_rule(&r, p, "max_share_per_country")->pass);
    p->partners[1].requested = 301;
    x = check_rule(&r, p, "max_share_per_country");
    CHECK(!x->pass);
    CHECK(has(x->en, "Partners in DE hold 70.0"));
    CHECK(has(x->zh, "DE的合作方占预算的70.0"));
    free(p);
}

static void test_partners_and_countries(void)
{
    elig_rules r;
    elig_rules_init(&r);
    r.partners = (elig_bounds){true, true, true, 2, 3};
    r.min_countries.present = true;
    r.min_countries.min = 2;
    elig_proposal *p = new_proposal(12);
    add(p, "A", "DE", "sme", 100);
    CHECK(!check_rule(&r, p, "min_partners")->pass);
    const elig_rule_result *x = check_rule(&r, p, "min_countries");
    CHECK(!x->pass);
    CHECK(has(x->en, "1 country; this call requires at least 2"));
    CHECK(has(x->zh, "合作方来自1个国家；本征集要求至少2个"));
    add(p, "B", "DE", "sme", 100);
    CHECK(check_rule(&r, p, "min_partners")->pass);
    CHECK(!check_rule(&r, p, "min_countries")->pass);
    add(p, "C", "FR", "sme", 100);
    CHECK(check_rule(&r, p, "min_countries")->pass);
    CHECK(check_rule(&r, p, "max_partners")->pass);
    add(p, "D", "FR", "sme", 100);
    x = check_rule(&r, p, "max_partners");
    CHECK(!x->pass);
    CHECK(has(x->en, "4 partners; this call requires at most 3"));
    free(p);
}

static void test_participating_countries(void)
{
    elig_rules r;
    elig_rules_init(&r);
    r.participating.present = true;
    r.participating.allow_own_expense = true;
    r.participating.countries.n = 2;
    memcpy(r.participating.countries.codes[0], "DE", 3);
    memcpy(r.participating.countries.codes[1], "FR", 3);
    elig_proposal *p = new_proposal(12);
    add(p, "A", "DE", "sme", 100);
    add(p, "B", "FR", "sme", 100);
    elig_partner *gb = add(p, "C", "GB", "university", 0);
    gb->own_expense = true;
    const elig_rule_result *x = check_rule(&r, p, "participating_countries");
    CHECK(x->pass);
    CHECK_INT(x->npartners, 1);     /* marked, not at fault */
    CHECK_INT(x->partners[0], 2);
    CHECK(has(x->en, "1 partner from another country takes part at its own expense"));
    gb->own_expense = false;
    x = check_rule(&r, p, "participating_countries");
    CHECK(!x->pass);
    CHECK(has(x->en, "(GB)"));
    CHECK(has(x->zh, "（GB）"));
    r.participating.allow_own_expense = false;
    gb->own_expense = true;
    CHECK(!check_rule(&r, p, "participating_countries")->pass);
    free(p);
}

static void test_lead_type(void)
{
    elig_rules r;
    elig_rules_init(&r);
    r.lead_type.present = true;
    r.lead_type.types.n = 1;
    set(r.lead_type.types.names[0], ELIG_NAME_MAX, "sme");
    elig_proposal *p = new_proposal(12);
    add(p, "A", "DE", "university", 100);
    add(p, "B", "FR", "sme", 100);
    const elig_rule_result *x = check_rule(&r, p, "lead_type");
    CHECK(!x->pass);
    CHECK(has(x->en, "no coordinator"));
    p->partners[0].coordinator = true;
    x = check_rule(&r, p, "lead_type");
    CHECK(!x->pass);
    CHECK_INT(x->partners[0], 0);
    CHECK(has(x->en, "The coordinator is of type university; this call requires sme"));
    CHECK(has(x->zh, "协调方的类型为university；本征集要求sme"));
    p->partners[0].coordinator = false;
    p->partners[1].coordinator = true;
    CHECK(check_rule(&r, p, "lead_type")->pass);
    /* an enterprise flagged as SME qualifies */
    set(p->partners[1].type, ELIG_NAME_MAX, "enterprise");
    CHECK(check_rule(&r, p, "lead_type")->pass);
    p->partners[1].sme = false;
    CHECK(!check_rule(&r, p, "lead_type")->pass);
    p->partners[0].coordinator = true;
    x = check_rule(&r, p, "lead_type");
    CHECK(!x->pass);
    CHECK(has(x->en, "2 coordinators"));
    free(p);
}

static void test_min_share_by_type(void)
{
    elig_rules r;
    elig_rules_init(&r);
    r.min_share_type.present = true;
    set(r.min_share_type.type, ELIG_NAME_MAX, "sme");
    r.min_share_type.bp = 5000;
    elig_proposal *p = new_proposal(12);
    add(p, "A", "DE", "sme", 412);
    add(p, "B", "FR", "university", 588);
    const elig_rule_result *x = check_rule(&r, p, "min_share_by_type");
    CHECK(!x->pass);
    CHECK(has(x->en, "SMEs hold 41.2% of the budget; this call requires at least 50%"));
    CHECK(has(x->zh, "中小企业占预算的41.2%；本征集要求至少50%"));
    /* own contributions count in the budget */
    p->partners[0].own_cash = 88;       /* 500 of 1000 */
    p->partners[1].requested = 500;
    p->partners[0].own_in_kind = 0;
    CHECK(check_rule(&r, p, "min_share_by_type")->pass);
    p->partners[1].own_in_kind = 1;     /* 500 of 1001 */
    x = check_rule(&r, p, "min_share_by_type");
    CHECK(!x->pass);
    CHECK(has(x->en, "SMEs hold 49.9"));
    /* mixed currencies cannot be compared */
    p->partners[1].own_in_kind = 0;
    set(p->partners[1].currency, 4, "USD");
    x = check_rule(&r, p, "min_share_by_type");
    CHECK(!x->pass);
    CHECK(has(x->en, "mixes currencies (EUR, USD)"));
    free(p);
}

static void test_target_quota_and_region(void)
{
    elig_rules r;
    elig_rules_init(&r);
    r.target_quota.present = true;
    r.target_quota.bp = 5000;
    const char *itc[] = {"PT", "PL", "RS", "GR"};
    for (int i = 0; i < 4; i++)
        memcpy(r.target_quota.countries.codes[r.target_quota.countries.n++], itc[i], 3);
    r.region.present = true;
    r.region.n = 1;
    set(r.region.names[0], ELIG_NAME_MAX, "Africa");
    elig_proposal *p = new_proposal(12);
    const char *cc[] = {"PT", "PL", "RS", "DE", "FR", "NL"};
    for (int i = 0; i < 6; i++)
        add(p, cc[i], cc[i], "university", 0);
    const elig_rule_result *x = check_rule(&r, p, "target_country_quota");
    CHECK(x->pass);                       /* 3 of 6: exactly 50% */
    CHECK(has(x->en, "3 of 6 countries (50%)"));
    add(p, "IT", "IT", "university", 0);  /* 3 of 7 */
    x = check_rule(&r, p, "target_country_quota");
    CHECK(!x->pass);
    CHECK(has(x->en, "3 of 7 countries (42.9%) are target countries; this call requires at least 50%"));
    CHECK(has(x->zh, "7个国家中有3个（42.9%）是目标国家；本征集要求至少50%"));
    add(p, "PT2", "PT", "university", 0); /* a second PT partner adds no country */
    CHECK(!check_rule(&r, p, "target_country_quota")->pass);

    x = check_rule(&r, p, "region_presence");
    CHECK(!x->pass);
    CHECK(has(x->en, "No partner is from Africa"));
    add(p, "KE", "KE", "university", 0);
    x = check_rule(&r, p, "region_presence");
    CHECK(x->pass);
    CHECK(has(x->zh, "1个合作方来自Africa"));
    set(r.region.names[0], ELIG_NAME_MAX, "Sub-Saharan Africa");  /* subregions too */
    CHECK(check_rule(&r, p, "region_presence")->pass);
    free(p);
}

static void test_team_pi_duration(void)
{
    elig_rules r;
    elig_rules_init(&r);
    r.team_size.b = (elig_bounds){true, true, true, 2, 4};
    r.duration = (elig_bounds){true, false, true, 0, 36};
    r.pi_country.present = true;
    r.pi_country.countries.n = 1;
    memcpy(r.pi_country.countries.codes[0], "JP", 3);
    elig_proposal *p = new_proposal(36);
    add(p, "A", "JP", "university", 0)->coordinator = true;
    CHECK(!check_rule(&r, p, "team_size")->pass);        /* 1 person */
    add(p, "B", "US", "university", 0);
    CHECK(check_rule(&r, p, "team_size")->pass);         /* 2 */
    p->partners[1].team_size = 3;
    CHECK(check_rule(&r, p, "team_size")->pass);         /* 4 */
    p->partners[1].team_size = 4;
    const elig_rule_result *x = check_rule(&r, p, "team_size");
    CHECK(!x->pass);
    CHECK(has(x->en, "The team has 5 people; this call requires 2 to 4"));
    CHECK(has(x->zh, "团队有5人；本征集要求2至4人"));
    r.team_size.per_partner = true;
    x = check_rule(&r, p, "team_size");
    CHECK(!x->pass);
    CHECK_INT(x->npartners, 1);
    CHECK_INT(x->partners[0], 0);

    CHECK(check_rule(&r, p, "duration")->pass);
    p->duration_months = 37;
    x = check_rule(&r, p, "duration");
    CHECK(!x->pass);
    CHECK(has(x->en, "37 months; this call requires at most 36"));
    CHECK(has(x->zh, "项目为期37个月；本征集要求至多36个月"));

    CHECK(check_rule(&r, p, "pi_member_country")->pass);
    p->partners[0].coordinator = false;
    p->partners[1].coordinator = true;
    x = check_rule(&r, p, "pi_member_country");
    CHECK(!x->pass);
    CHECK(has(x->en, "is in US, not a member country"));
    free(p);
}

static void test_cofunding(void)
{
    elig_rules r;
    elig_rules_init(&r);
    r.cofunding.present = true;
    r.cofunding.bp = 5000;
    r.cofunding.types.n = 2;
    set(r.cofunding.types.names[0], ELIG_NAME_MAX, "sme");
    set(r.cofunding.types.names[1], ELIG_NAME_MAX, "enterprise");
    elig_proposal *p = new_proposal(12);
    elig_partner *e = add(p, "E", "DE", "enterprise", 500);
    e->own_cash = 300;
    e->own_in_kind = 200;           /* cash 300 of 1000 */
    add(p, "U", "FR", "university", 1000);  /* not an enterprise */
    const elig_rule_result *x = check_rule(&r, p, "enterprise_cofunding");
    CHECK(!x->pass);
    CHECK(has(x->en, "less than 50% of its own costs from own funds (lowest 30%)"));
    CHECK(has(x->en, "in-kind contributions do not count"));
    CHECK(has(x->zh, "不足50%（最低30%）"));
    r.cofunding.count_in_kind = true;   /* 500 of 1000: exactly 50% */
    CHECK(check_rule(&r, p, "enterprise_cofunding")->pass);
    e->requested = 501;                 /* 500 of 1001 */
    CHECK(!check_rule(&r, p, "enterprise_cofunding")->pass);
    free(p);
}

static void test_national_annex(void)
{
    elig_rules r;
    elig_rules_init(&r);
    r.nfunders = 1;
    elig_funder *f = &r.funders[0];
    set(f->id, sizeof f->id, "FR-ANR");
    set(f->country, sizeof f->country, "FR");
    set(f->currency, sizeof f->currency, "EUR");
    f->annex = (elig_annex){.present = true, .has_min_request = true, .has_max_request = true,
                            .min_request = 1000000, .max_request = 50000000,
                            .own_country_only = true, .has_max_duration = true,
                            .max_duration_months = 36};
    f->annex.types.n = 2;
    set(f->annex.types.names[0], ELIG_NAME_MAX, "university");
    set(f->annex.types.names[1], ELIG_NAME_MAX, "research_institute");
    elig_proposal *p = new_proposal(36);
    elig_partner *a = add(p, "ror:a", "FR", "university", 50000000);
    set(a->funder, sizeof a->funder, "FR-ANR");
    add(p, "ror:b", "DE", "university", 100);   /* paid by someone else */
    const elig_rule_result *x = check_rule(&r, p, "national_annex");
    CHECK(x->pass);
    CHECK_STR(x->funder, "FR-ANR");
    CHECK(has(x->en, "Funder FR-ANR pays 1 partner"));
    a->requested = 50000001;
    x = check_rule(&r, p, "national_annex");
    CHECK(!x->pass);
    CHECK(has(x->en, "more than the maximum of EUR 500000.00 (EUR 500000.01)"));
    CHECK(has(x->zh, "高于最高额EUR 500000.00"));
    a->requested = 999999;
    CHECK(!check_rule(&r, p, "national_annex")->pass);
    a->requested = 1000000;
    CHECK(check_rule(&r, p, "national_annex")->pass);
    set(a->type, sizeof a->type, "sme");
    a->sme = true;
    CHECK(!check_rule(&r, p, "national_annex")->pass);
    set(a->type, sizeof a->type, "university");
    a->sme = false;
    p->duration_months = 37;
    CHECK(!check_rule(&r, p, "national_annex")->pass);
    p->duration_months = 36;
    set(a->country, sizeof a->country, "BE");
    x = check_rule(&r, p, "national_annex");
    CHECK(!x->pass);
    CHECK(has(x->en, "is in another country than FR (BE)"));
    a->own_expense = true;                  /* not paid: not its business */
    CHECK(check_rule(&r, p, "national_annex")->pass);
    free(p);
}

static void test_plain_data_checked(void)
{
    elig_rules r;
    elig_rules_init(&r);
    elig_proposal *p = new_proposal(12);
    add(p, "A", "DE", "sme", -5);
    CHECK(!elig_check(&r, p, &res));
    CHECK_STR(res.rules[0].code, "valid_data");
    p->partners[0].requested = INT64_MAX;
    add(p, "B", "ZZ", "sme", INT64_MAX);
    CHECK(!elig_check(&r, p, &res));
    CHECK(has(res.rules[0].en, "unknown country"));
    set(p->partners[1].country, 3, "FR");
    CHECK(!elig_check(&r, p, &res));
    CHECK(has(res.rules[0].en, "64 bits"));
    p->npartners = 1000;  /* never read past the array */
    elig_check(&r, p, &res);
    free(p);
}

/* ---- the round ------------------------------------------------------- */

static void test_concurrent_applications(void)
{
    elig_rules r;
    elig_rules_init(&r);
    r.per_person.present = true;
    r.per_person.max = 1;
    elig_proposal *p[4];
    for (int i = 0; i < 4; i++) {
        p[i] = new_proposal(12);
        add(p[i], "A", "DE", "sme", 100);
        add(p[i], "B", "FR", "sme", 100);
        snprintf(p[i]->partners[0].pi.id, ELIG_ID_MAX, "person-%d", i);
        snprintf(p[i]->partners[1].pi.id, ELIG_ID_MAX, "other-%d", i);
    }
    /* one person on proposals 0 (by ORCID), 2 (ORCID and id) and 3 (id) */
    set(p[0]->partners[1].pi.orcid, 20, "0000-0002-1825-0097");
    set(p[2]->people[0].orcid, 20, "0000-0002-1825-0097");
    set(p[2]->people[0].id, ELIG_ID_MAX, "person-99");
    p[2]->npeople = 1;
    set(p[3]->partners[0].pi.id, ELIG_ID_MAX, "person-99");
    elig_result out[4];
    size_t ok = elig_check_round(&r, (const elig_proposal *const *)p, 4, out);
    CHECK_INT(ok, 1);
    CHECK(out[1].eligible);
    CHECK(!out[0].eligible);
    CHECK(!out[2].eligible);
    CHECK(!out[3].eligible);
    const elig_rule_result *x = elig_result_find(&out[0], "max_applications_per_person", NULL);
    CHECK(x && !x->pass);
    CHECK(x && has(x->en, "0000-0002-1825-0097 is on 3 applications in this round; this call allows at most 1"));
    CHECK(x && has(x->zh, "在本轮参与3份申请；本征集规定至多1份"));
    CHECK(x && x->npartners == 1 && x->partners[0] == 1);
    x = elig_result_find(&out[3], "max_applications_per_person", NULL);
    CHECK(x && x->npartners == 1 && x->partners[0] == 0);
    x = elig_result_find(&out[1], "max_applications_per_person", NULL);
    CHECK(x && x->pass);
    /* twice on the same application counts once */
    r.per_person.max = 3;
    CHECK_INT(elig_check_round(&r, (const elig_proposal *const *)p, 4, out), 4);
    for (int i = 0; i < 4; i++)
        free(p[i]);
}

/* ---- commitment forms ------------------------------------------------ */

#define SUBMITTED INT64_C(1795874400)   /* 2026-11-28T14:00:00Z */
#define DAY INT64_C(86400)

static void commitment_rules(elig_rules *r, int days)
{
    elig_rules_init(r);
    r->commitment.present = true;
    r->commitment.days = days;
}

/* Four partners, the last at its own expense, all signed in the window. */
static elig_proposal *committed_proposal(void)
{
    elig_proposal *p = new_proposal(12);
    add(p, "A", "DE", "sme", 100)->committed_at = SUBMITTED - 3600;  /* before */
    add(p, "B", "FR", "sme", 100)->committed_at = SUBMITTED + 14 * DAY;
    add(p, "C", "IT", "sme", 100)->committed_at = SUBMITTED + 1;
    elig_partner *d = add(p, "D", "GB", "university", 0);
    d->own_expense = true;
    d->committed_at = SUBMITTED + 100;
    p->submitted_at = SUBMITTED;
    p->now = SUBMITTED + 30 * DAY;
    return p;
}

static void test_commitment_boundary(void)
{
    elig_rules r;
    commitment_rules(&r, 14);
    elig_proposal *p = committed_proposal();
    /* exactly 14 days after submission passes */
    const elig_rule_result *x = check_rule(&r, p, "commitment");
    CHECK(x->pass && !x->pending);
    CHECK(res.eligible && !res.pending);
    CHECK_INT(x->npartners, 0);
    CHECK(has(x->en, "All 4 partners signed their commitment forms within 14 days of "
                     "submission (by 2026-12-12 14:00 UTC)"));
    CHECK(has(x->zh, "全部4个合作伙伴均在提交后14天内签署了承诺书（截止2026-12-12 14:00 UTC）"));
    /* one second later fails, and names the late signer */
    p->partners[1].committed_at += 1;
    x = check_rule(&r, p, "commitment");
    CHECK(!x->pass && !x->pending);
    CHECK(!res.eligible && !res.pending);
    CHECK_INT(x->npartners, 1);
    CHECK_INT(x->partners[0], 1);
    CHECK(has(x->en, "Partner B signed its commitment form 15 days after submission; "
                     "this call allows 14 days (by 2026-12-12 14:00 UTC)"));
    CHECK(has(x->zh, "合作伙伴B在提交后15天才签署承诺书；本征集要求在提交后14天内签署"
                     "（截止2026-12-12 14:00 UTC）"));
    /* so does a partner at its own expense: every partner signs */
    p->partners[1].committed_at = SUBMITTED;
    p->partners[3].committed_at = SUBMITTED + 16 * DAY;
    x = check_rule(&r, p, "commitment");
    CHECK(!x->pass && x->npartners == 1 && x->partners[0] == 3);
    CHECK(has(x->en, "Partner D signed its commitment form 16 days after submission"));
    /* seconds of a deadline are shown, never rounded later */
    p->partners[3].committed_at = SUBMITTED + 100;
    p->submitted_at = SUBMITTED + 30;
    CHECK(has(check_rule(&r, p, "commitment")->en, "(by 2026-12-12 14:00:30 UTC)"));
    free(p);
}

static void test_commitment_pending(void)
{
    elig_rules r;
    commitment_rules(&r, 14);
    elig_proposal *p = committed_proposal();
    p->partners[1].committed_at = 0;
    p->partners[3].committed_at = 0;
    /* unsigned, window still open (the deadline itself included): pending */
    p->now = SUBMITTED + 14 * DAY;
    const elig_rule_result *x = check_rule(&r, p, "commitment");
    CHECK(!x->pass && x->pending);
    CHECK(!res.eligible && res.pending);
    CHECK_INT(x->npartners, 2);
    CHECK(x->partners[0] == 1 && x->partners[1] == 3);
    CHECK(has(x->en, "2 of 4 partners have signed their commitment forms; all must sign "
                     "within 14 days of submission (by 2026-12-12 14:00 UTC)"));
    CHECK(has(x->zh, "4个合作伙伴中有2个已签署承诺书；所有伙伴须在提交后14天内签署"
                     "（截止2026-12-12 14:00 UTC）"));
    /* now unknown: taken as the submission time */
    p->now = 0;
    CHECK(check_rule(&r, p, "commitment")->pending);
    CHECK(res.pending);
    /* unsigned after the window: fail, both at fault */
    p->now = SUBMITTED + 14 * DAY + 1;
    x = check_rule(&r, p, "commitment");
    CHECK(!x->pass && !x->pending);
    CHECK(!res.eligible && !res.pending);
    CHECK(x->npartners == 2 && x->partners[0] == 1 && x->partners[1] == 3);
    CHECK(has(x->en, "Partner B has not signed its commitment form, 15 days after submission; "
                     "partner D has not signed"));
    CHECK(has(x->zh, "合作伙伴B在提交15天后仍未签署承诺书"));
    /* a late signer fails the rule even while others are still pending */
    p->now = SUBMITTED + DAY;
    p->partners[0].committed_at = SUBMITTED + 20 * DAY;
    x = check_rule(&r, p, "commitment");
    CHECK(!x->pass && !x->pending);
    CHECK(x->npartners == 1 && x->partners[0] == 0);
    CHECK(!res.pending);
    /* three at fault: two named, all blamed */
    p->now = SUBMITTED + 20 * DAY;
    x = check_rule(&r, p, "commitment");
    CHECK_INT(x->npartners, 3);
    CHECK(has(x->en, "; and 1 more; this call allows 14 days"));
    CHECK(has(x->zh, "；另有1个"));

    /* pending never hides an outright failure elsewhere */
    p->partners[0].committed_at = SUBMITTED;
    p->now = SUBMITTED + DAY;
    r.partners = (elig_bounds){true, true, false, 2, 0};
    CHECK(!elig_check(&r, p, &res));
    CHECK(res.pending);
    CHECK(elig_result_find(&res, "min_partners", NULL)->pass);
    r.partners.min = 5;
    CHECK(!elig_check(&r, p, &res));
    CHECK(!res.pending);
    const elig_rule_result *mp = elig_result_find(&res, "min_partners", NULL);
    CHECK(mp && !mp->pass && !mp->pending);
    free(p);
}

static void test_commitment_draft(void)
{
    elig_rules r;
    commitment_rules(&r, 14);
    elig_proposal *p = committed_proposal();
    p->submitted_at = 0;
    p->partners[1].committed_at = 0;
    p->partners[2].committed_at = 0;
    p->partners[3].committed_at = 0;
    /* a draft has no deadline yet: pending however late "now" is */
    p->now = SUBMITTED + 400 * DAY;
    const elig_rule_result *x = check_rule(&r, p, "commitment");
    CHECK(!x->pass && x->pending);
    CHECK(!res.eligible && res.pending);
    CHECK_INT(x->npartners, 3);
    CHECK(has(x->en, "All 4 partners must sign their commitment forms within 14 days of "
                     "submission; 1 has signed"));
    CHECK(has(x->zh, "全部4个合作伙伴须在提交后14天内签署承诺书；已有1个签署"));
    p->now = 0;
    CHECK(check_rule(&r, p, "commitment")->pending);
    /* everyone signed before submission: passes */
    for (int i = 1; i < 4; i++)
        p->partners[i].committed_at = SUBMITTED - DAY;
    x = check_rule(&r, p, "commitment");
    CHECK(x->pass && !x->pending && res.eligible && !res.pending);
    CHECK(has(x->en, "All 4 partners have signed their commitment forms"));
    /* negative times are malformed plain data, reported */
    p->partners[2].committed_at = -1;
    CHECK(!elig_check(&r, p, &res));
    CHECK_STR(res.rules[0].code, "valid_data");
    CHECK(!res.pending);
    p->partners[2].committed_at = SUBMITTED;
    p->now = -5;
    CHECK(!elig_check(&r, p, &res));
    CHECK(has(res.rules[0].en, "before 1970"));
    /* no overflow at the end of int64 */
    p->now = INT64_MAX;
    p->submitted_at = INT64_MAX;
    p->partners[2].committed_at = 0;
    x = check_rule(&r, p, "commitment");
    CHECK(x->pending);
    free(p);
}

/* A round: a pending application that another rule of the round fails is
 * failed, not pending. */
static void test_commitment_round(void)
{
    elig_rules r;
    commitment_rules(&r, 14);
    r.per_person.present = true;
    r.per_person.max = 1;
    elig_proposal *p[2];
    for (int i = 0; i < 2; i++) {
        p[i] = committed_proposal();
        p[i]->partners[2].committed_at = 0;
        p[i]->now = SUBMITTED + DAY;
        snprintf(p[i]->partners[0].pi.id, ELIG_ID_MAX, "person-%d", i);
    }
    elig_result out[2];
    CHECK_INT(elig_check_round(&r, (const elig_proposal *const *)p, 2, out), 0);
    CHECK(out[0].pending && out[1].pending);
    set(p[1]->partners[0].pi.id, ELIG_ID_MAX, "person-0");
    CHECK_INT(elig_check_round(&r, (const elig_proposal *const *)p, 2, out), 0);
    CHECK(!out[0].pending && !out[1].pending);
    CHECK(!out[0].eligible);
    for (int i = 0; i < 2; i++)
        free(p[i]);
}

/* ---- the shipped rule sets ------------------------------------------- */

static elig_rules rules;
static elig_proposal prop;

static void test_eurostars(void)
{
    load_rules("tests/elig/eurostars-3-2024.json", &rules);
    CHECK_STR(rules.programme, "Eurostars-3");
    CHECK_INT(rules.max_share_org.bp, 7000);
    load_proposal("tests/elig/eurostars-ok.json", &rules, &prop);
    CHECK(elig_check(&rules, &prop, &res));
    CHECK_INT(res.nrules, 7);
    load_proposal("tests/elig/eurostars-bad.json", &rules, &prop);
    CHECK(!elig_check(&rules, &prop, &res));
    const char *failing[] = {"min_countries", "lead_type", "min_share_by_type",
                             "max_share_per_organisation", "max_share_per_country",
                             "duration"};
    for (size_t i = 0; i < sizeof failing / sizeof *failing; i++) {
        const elig_rule_result *x = elig_result_find(&res, failing[i], NULL);
        CHECK(x && !x->pass);
    }
    CHECK(elig_result_find(&res, "min_partners", NULL)->pass);
    const elig_rule_result *x = elig_result_find(&res, "min_share_by_type", NULL);
    CHECK(has(x->en, "SMEs hold 21.6% of the budget; this call requires at least 50%"));
    CHECK(has(x->zh, "中小企业占预算的21.6%；本征集要求至少50%"));
    x = elig_result_find(&res, "max_share_per_country", NULL);
    CHECK(has(x->en, "Partners in FR hold 100% of the budget; this call allows at most 70% per country"));
    x = elig_result_find(&res, "max_share_per_organisation", NULL);
    CHECK(has(x->en, "ror:07uni01 holds 78.4%"));
    CHECK(has(x->zh, "ror:07uni01占预算的78.4%"));
    CHECK_INT(x->npartners, 1);
}

static void test_belmont(void)
{
    load_rules("tests/elig/belmont-cra.json", &rules);
    CHECK_INT(rules.nfunders, 6);
    load_proposal("tests/elig/belmont-ok.json", &rules, &prop);
    CHECK(elig_check(&rules, &prop, &res));
    const elig_rule_result *x = elig_result_find(&res, "participating_countries", NULL);
    CHECK(x->pass && x->npartners == 1 && x->partners[0] == 3);   /* GB at own expense */
    CHECK(elig_result_find(&res, "national_annex", "JP-JST")->pass);
    load_proposal("tests/elig/belmont-bad.json", &rules, &prop);
    CHECK(!elig_check(&rules, &prop, &res));
    x = elig_result_find(&res, "min_countries", NULL);
    CHECK(!x->pass && has(x->en, "2 countries; this call requires at least 3"));
    x = elig_result_find(&res, "participating_countries", NULL);
    CHECK(!x->pass && x->npartners == 1 && x->partners[0] == 1);
    x = elig_result_find(&res, "national_annex", "US-NSF");
    CHECK(!x->pass && x->npartners == 1 && x->partners[0] == 1);
    CHECK(has(x->en, "Funder US-NSF: partner ror:05ca0005 is in another country than US (CA)"));
    CHECK(has(x->zh, "资助方US-NSF：合作方ror:05ca0005位于其他国家，而非US（CA）"));
    CHECK(elig_result_find(&res, "national_annex", "FR-ANR")->pass);
}

static void test_cost(void)
{
    load_rules("tests/elig/cost-network.json", &rules);
    CHECK_INT(rules.target_quota.countries.n, 24);
    load_proposal("tests/elig/cost-ok.json", &rules, &prop);
    CHECK(elig_check(&rules, &prop, &res));
    CHECK(has(elig_result_find(&res, "target_country_quota", NULL)->en, "4 of 8 countries (50%)"));
    load_proposal("tests/elig/cost-bad.json", &rules, &prop);
    CHECK(!elig_check(&rules, &prop, &res));
    CHECK(elig_result_find(&res, "min_countries", NULL)->pass);
    const elig_rule_result *x = elig_result_find(&res, "target_country_quota", NULL);
    CHECK(!x->pass);
    CHECK(has(x->en, "2 of 7 countries (28.6%)"));
    CHECK(has(x->zh, "7个国家中有2个（28.6%）"));
}

#define PA_OPEN "{\"org\":\"a\",\"country\":\"DE\",\"type\":\"sme\",\"role\":\"partner\"," \
                "\"currency\":\"EUR\","

static void test_result_json(void)
{
    load_rules("tests/elig/belmont-cra.json", &rules);
    load_proposal("tests/elig/belmont-bad.json", &rules, &prop);
    elig_check(&rules, &prop, &res);
    char *text = elig_result_json(&rules, &prop, &res);
    json_error_t jerr;
    json_t *doc = json_loads(text, 0, &jerr);
    CHECK(doc != NULL);
    CHECK(json_is_false(json_object_get(doc, "eligible")));
    CHECK_STR(json_string_value(json_object_get(doc, "proposal")), "BF-CRA-018");
    CHECK_INT(json_integer_value(json_object_get(doc, "version")), 1);
    json_t *list = json_object_get(doc, "rules");
    CHECK_INT(json_array_size(list), res.nrules);
    json_t *first = json_array_get(list, 0);
    CHECK_STR(json_string_value(json_object_get(first, "code")), res.rules[0].code);
    CHECK(json_string_value(json_object_get(first, "zh")) != NULL);
    CHECK(json_is_false(json_object_get(doc, "pending")));
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
        CHECK(json_is_false(json_object_get(v, "pending")));
    json_decref(doc);
    free(text);

    /* a commitment still open: pending at the top and on its rule */
    const char *rs = "{\"programme\":\"X\",\"edition\":\"1\",\"version\":1,"
                     "\"rules\":{\"min_partners\":1,\"commitment_within_days\":{\"days\":14}}}";
    const char *ps = "{\"id\":\"P\",\"duration_months\":12,\"submitted_at\":\"2026-11-28T14:00:00Z\","
                     "\"partners\":[" PA_OPEN "\"commitment_signed_at\":\"2026-12-12T14:00:00Z\"},"
                     PA_OPEN "\"commitment_signed_at\":null}]}";
    serai_err err;
    CHECK_INT(elig_rules_parse(rs, strlen(rs), &rules, &err), SERAI_OK);
    CHECK_INT(rules.commitment.days, 14);
    CHECK_INT(elig_proposal_parse(ps, strlen(ps), &rules, &prop, &err), SERAI_OK);
    CHECK(prop.submitted_at == SUBMITTED);
    CHECK(prop.partners[0].committed_at == SUBMITTED + 14 * DAY);
    CHECK(prop.partners[1].committed_at == 0);
    CHECK(prop.now == 0);
    CHECK(!elig_check(&rules, &prop, &res));
    CHECK(res.pending);
    text = elig_result_json(&rules, &prop, &res);
    doc = json_loads(text, 0, &jerr);
    CHECK(doc != NULL);
    CHECK(json_is_false(json_object_get(doc, "eligible")));
    CHECK(json_is_true(json_object_get(doc, "pending")));
    list = json_object_get(doc, "rules");
    CHECK_INT(json_array_size(list), 2);   /* min_partners, commitment */
    json_array_foreach(list, i, v) {
        const char *code = json_string_value(json_object_get(v, "code"));
        bool open = code && strcmp(code, "commitment") == 0;
        CHECK(json_is_boolean(json_object_get(v, "pending")));
        CHECK(json_is_true(json_object_get(v, "pending")) == open);
        if (open) {
            CHECK(json_is_false(json_object_get(v, "pass")));
            json_t *pl = json_object_get(v, "partners");
            CHECK(json_array_size(pl) == 1 && json_integer_value(json_array_get(pl, 0)) == 1);
        }
    }
    json_decref(doc);
    free(text);
}

/* ---- bad input ------------------------------------------------------- */

static void expect_rules_error(const char *text, const char *field)
{
    elig_rules r;
    serai_err err;
    serai_code rc = elig_rules_parse(text, strlen(text), &r, &err);
    CHECK_INT(rc, SERAI_EINVAL);
    CHECK_STR(err.field, field);
    CHECK(r.programme[0] == '\0');
}

#define RS_HEAD "{\"programme\":\"X\",\"edition\":\"1\",\"version\":3,"

static void test_bad_rules(void)
{
    expect_rules_error(RS_HEAD "\"rules\":{\"max_parters\":3}}", "/rules/max_parters");
    expect_rules_error(RS_HEAD "\"rules\":{\"max_share_per_country\":{\"basis_points\":\"70\"}}}",
                       "/rules/max_share_per_country/basis_points");
    expect_rules_error(RS_HEAD "\"rules\":{\"max_share_per_country\":{\"basis_points\":10001}}}",
                       "/rules/max_share_per_country/basis_points");
    expect_rules_error(RS_HEAD "\"rules\":{\"participating_countries\":{\"countries\":[\"DE\",\"XX\"]}}}",
                       "/rules/participating_countries/countries/1");
    expect_rules_error(RS_HEAD "\"rules\":{\"min_countries\":-1}}", "/rules/min_countries");
    expect_rules_error(RS_HEAD "\"rules\":{\"lead_type\":{\"types\":[\"startup\"]}}}",
                       "/rules/lead_type/types/0");
    expect_rules_error(RS_HEAD "\"rules\":{\"region_presence\":{\"regions\":[\"Atlantis\"]}}}",
                       "/rules/region_presence/regions/0");
    expect_rules_error(RS_HEAD "\"rules\":{\"duration_months\":{\"min\":40,\"max\":36}}}",
                       "/rules/duration_months/max");
    expect_rules_error(RS_HEAD "\"funders\":[{\"id\":\"A\",\"country\":\"DE\",\"currency\":\"EUR\","
                       "\"annex\":{\"min_request\":-1}}],\"rules\":{}}",
                       "/funders/0/annex/min_request");
    expect_rules_error(RS_HEAD "\"funders\":[{\"id\":\"A\",\"country\":\"DE\",\"currency\":\"EUX\"}],"
                       "\"rules\":{}}", "/funders/0/currency");
    expect_rules_error("{\"programme\":\"X\",\"edition\":\"1\",\"rules\":{}}", "/version");
    expect_rules_error(RS_HEAD "\"rules\":[]}", "/rules");
    expect_rules_error(RS_HEAD "\"colour\":1,\"rules\":{}}", "/colour");
    expect_rules_error(RS_HEAD "\"rules\":{\"commitment_within_days\":{\"days\":0}}}",
                       "/rules/commitment_within_days/days");
    expect_rules_error(RS_HEAD "\"rules\":{\"commitment_within_days\":{\"days\":366}}}",
                       "/rules/commitment_within_days/days");
    expect_rules_error(RS_HEAD "\"rules\":{\"commitment_within_days\":{\"days\":\"14\"}}}",
                       "/rules/commitment_within_days/days");
    expect_rules_error(RS_HEAD "\"rules\":{\"commitment_within_days\":{\"days\":1.5}}}",
                       "/rules/commitment_within_days/days");
    expect_rules_error(RS_HEAD "\"rules\":{\"commitment_within_days\":{}}}",
                       "/rules/commitment_within_days/days");
    expect_rules_error(RS_HEAD "\"rules\":{\"commitment_within_days\":{\"days\":14,\"hours\":2}}}",
                       "/rules/commitment_within_days/hours");
    expect_rules_error(RS_HEAD "\"rules\":{\"commitment_within_days\":14}}",
                       "/rules/commitment_within_days");
    elig_rules r;
    serai_err err;
    const char *ok = RS_HEAD "\"rules\":{\"commitment_within_days\":{\"days\":365}}}";
    CHECK_INT(elig_rules_parse(ok, strlen(ok), &r, &err), SERAI_OK);
    CHECK(r.commitment.present && r.commitment.days == 365);
}

static void expect_proposal_error(const char *partners, const char *field)
{
    char text[2048];
    snprintf(text, sizeof text, "{\"duration_months\":12,\"partners\":[%s]}", partners);
    elig_proposal p;
    serai_err err;
    serai_code rc = elig_proposal_parse(text, strlen(text), &rules, &p, &err);
    CHECK_INT(rc, SERAI_EINVAL);
    CHECK_STR(err.field, field);
    CHECK_INT(p.npartners, 0);
}

#define PA "{\"org\":\"a\",\"country\":\"DE\",\"type\":\"sme\",\"role\":\"coordinator\","

static void test_bad_proposals(void)
{
    load_rules("tests/elig/eurostars-3-2024.json", &rules);
    expect_proposal_error(PA "\"currency\":\"EUR\",\"requested\":-1,\"funder\":\"DE-DLR\"}",
                          "/partners/0/requested");
    expect_proposal_error(PA "\"currency\":\"EUR\",\"own_cash\":-5}", "/partners/0/own_cash");
    expect_proposal_error(PA "\"currency\":\"EUR\"}," PA "\"currency\":\"USD\",\"requested\":5,"
                          "\"funder\":\"NL-RVO\"}", "/partners/1/currency");
    expect_proposal_error(PA "\"currency\":\"EUR\",\"requested\":5,\"funder\":\"XX-NONE\"}",
                          "/partners/0/funder");
    expect_proposal_error(PA "\"currency\":\"EUR\",\"requested\":5}", "/partners/0/funder");
    expect_proposal_error(PA "\"currency\":\"EUR\",\"requested\":9223372036854775807,"
                          "\"funder\":\"DE-DLR\"}," PA "\"currency\":\"EUR\",\"requested\":1,"
                          "\"funder\":\"DE-DLR\"}", "/partners/1/requested");
    expect_proposal_error(PA "\"currency\":\"EUR\",\"own_cash\":9223372036854775807,"
                          "\"own_in_kind\":1}", "/partners/0/own_in_kind");
    expect_proposal_error("{\"org\":\"a\",\"country\":\"QQ\",\"type\":\"sme\",\"role\":\"partner\","
                          "\"currency\":\"EUR\"}", "/partners/0/country");
    expect_proposal_error(PA "\"currency\":\"EUR\",\"budget\":1}", "/partners/0/budget");
    expect_proposal_error("{\"org\":\"a\",\"country\":\"DE\",\"type\":\"sme\",\"role\":\"boss\","
                          "\"currency\":\"EUR\"}", "/partners/0/role");
    expect_proposal_error(PA "\"currency\":\"EUR\",\"pi\":{\"orcid\":\"1234\"}}",
                          "/partners/0/pi/orcid");
    expect_proposal_error(PA "\"currency\":\"EUR\",\"requested\":1.5,\"funder\":\"DE-DLR\"}",
                          "/partners/0/requested");

    elig_proposal p;
    serai_err err;
    const char *big = "{\"duration_months\":12,\"partners\":[],\"x\":99999999999999999999}";
    CHECK_INT(elig_proposal_parse(big, strlen(big), &rules, &p, &err), SERAI_EINVAL);
    const char *no_months = "{\"partners\":[]}";
    CHECK_INT(elig_proposal_parse(no_months, strlen(no_months), &rules, &p, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/duration_months");
}

static void expect_time_error(const char *submitted, const char *signed_at, const char *field)
{
    char text[2048];
    snprintf(text, sizeof text,
             "{\"duration_months\":12,\"submitted_at\":%s,\"partners\":[%s},%s},%s,"
             "\"commitment_signed_at\":%s}]}",
             submitted, PA_OPEN "\"own_cash\":1", PA_OPEN "\"own_cash\":2", PA_OPEN "\"own_cash\":3",
             signed_at);
    elig_proposal p;
    serai_err err;
    serai_code rc = elig_proposal_parse(text, strlen(text), &rules, &p, &err);
    CHECK_INT(rc, SERAI_EINVAL);
    CHECK_STR(err.field, field);
    CHECK(p.npartners == 0 && p.submitted_at == 0);
}

static void test_bad_times(void)
{
    load_rules("tests/elig/eurostars-3-2024.json", &rules);
    const char *good = "\"2026-11-28T14:00:00Z\"";
    const char *bad[] = {
        "\"2026-11-28 14:00:00Z\"", "\"2026-11-28T14:00:00\"", "\"2026-11-28T14:00:00+01:00\"",
        "\"2026-11-28T14:00Z\"", "\"2026-02-29T12:00:00Z\"", "\"2026-11-28T24:00:00Z\"",
        "\"2026-11-28T14:60:00Z\"", "\"2026-11-28T14:00:60Z\"", "\"1970-01-01T00:00:00Z\"",
        "\"1969-12-31T23:59:59Z\"", "\"2026-13-01T00:00:00Z\"", "\"2026-11-28t14:00:00z\"",
        "\"\"", "1795874400", "true", "\"2026-11-28T14:00:00.5Z\"", "\"+2026-11-28T14:00:00Z\"",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        expect_time_error(bad[i], good, "/submitted_at");
        expect_time_error(good, bad[i], "/partners/2/commitment_signed_at");
    }
    expect_time_error(good, "\"2026-11-28T14:00:00Z\",\"commitment_at\":1",
                      "/partners/2/commitment_at");

    /* the arithmetic, against values from timegm */
    const struct { const char *iso; int64_t t; } known[] = {
        {"1970-01-01T00:00:01Z", 1},
        {"2024-02-29T23:59:59Z", INT64_C(1709251199)},
        {"2026-11-28T14:00:00Z", INT64_C(1795874400)},
        {"2000-03-01T00:00:00Z", INT64_C(951868800)},
        {"9999-12-31T23:59:59Z", INT64_C(253402300799)},
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "{\"duration_months\":12,\"submitted_at\":\"%s\",\"partners\":[%s"
                 "\"commitment_signed_at\":\"%s\"}]}", known[i].iso, PA_OPEN, known[i].iso);
        elig_proposal p;
        serai_err err;
        CHECK_INT(elig_proposal_parse(text, strlen(text), &rules, &p, &err), SERAI_OK);
        CHECK_INT(p.submitted_at, known[i].t);
        CHECK_INT(p.partners[0].committed_at, known[i].t);
        CHECK_INT(p.now, 0);
    }
}

int main(int argc, char **argv)
{
    if (argc > 1)
        project_root = argv[1];
    RUN(test_max_share_boundary);
    RUN(test_partners_and_countries);
    RUN(test_participating_countries);
    RUN(test_lead_type);
    RUN(test_min_share_by_type);
    RUN(test_target_quota_and_region);
    RUN(test_team_pi_duration);
    RUN(test_cofunding);
    RUN(test_national_annex);
    RUN(test_plain_data_checked);
    RUN(test_concurrent_applications);
    RUN(test_commitment_boundary);
    RUN(test_commitment_pending);
    RUN(test_commitment_draft);
    RUN(test_commitment_round);
    RUN(test_eurostars);
    RUN(test_belmont);
    RUN(test_cost);
    RUN(test_result_json);
    RUN(test_bad_rules);
    RUN(test_bad_proposals);
    RUN(test_bad_times);
    return check_report();
}
