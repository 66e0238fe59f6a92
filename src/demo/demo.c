/*
 * demo.c -- building the demonstration database from the vocabulary in
 * demo_data.c with a seeded generator, through the same library calls the
 * API uses (so every record is validated and audited like any other).
 */
#include "demo/demo.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/clock.h"
#include "core/mem.h"
#include "demo/demo_calls.h"
#include "demo/demo_data.h"
#include "registry/member.h"
#include "registry/org.h"
#include "registry/person.h"

#define DEMO_MEMBERS 50
#define DEMO_PARTNERS 10
#define DEMO_UNIVERSITIES 70
#define DEMO_INSTITUTES 50
#define DEMO_SMES 62
#define DEMO_ENTERPRISES 40
#define DEMO_NGOS 12
#define DEMO_PEOPLE 2000

static size_t count_of(const char *const *list, size_t max)
{
    size_t n = 0;
    while (n < max && list[n])
        n++;
    return n;
}

#define COUNT(arr) count_of((arr), sizeof(arr) / sizeof((arr)[0]))

/* Replace {city}, {city_native}, {country}, {the_country},
 * {country_native} and {name} in pattern.  Caller frees. */
static char *fill(const char *pattern, const demo_country *c, size_t city,
                  const char *name)
{
    static const char *const tokens[] = {"{city_native}", "{city}",
                                         "{country_native}", "{the_country}",
                                         "{country}", "{name}"};
    const char *city_en = c ? c->cities[city] : "";
    const char *values[6] = {
        c && c->cities_native[city] ? c->cities_native[city] : city_en,
        city_en,
        c && c->name_native ? c->name_native : (c ? c->name : ""),
        c && c->name_in_text ? c->name_in_text : (c ? c->name : ""),
        c ? c->name : "",
        name ? name : "",
    };
    buf b;
    buf_init(&b, 4096);
    for (const char *p = pattern; *p;) {
        size_t t = 0;
        for (; t < 6; t++)
            if (strncmp(p, tokens[t], strlen(tokens[t])) == 0)
                break;
        if (t < 6) {
            buf_puts(&b, values[t]);
            p += strlen(tokens[t]);
        } else {
            buf_append(&b, p++, 1);
        }
    }
    return buf_take(&b, NULL);
}

char *demo_fill(const char *pattern, const demo_country *c, size_t city,
                const char *name)
{
    return fill(pattern, c, city, name);
}

/* A ROR-style id: '0', six Crockford base32 digits, two ISO 7064 mod 97-10
 * check digits over the value of the first seven. */
static void make_ror(rng *r, char out[10])
{
    static const char digits[] = "0123456789abcdefghjkmnpqrstvwxyz";
    uint64_t value = 0;
    out[0] = '0';
    for (int i = 1; i < 7; i++) {
        unsigned d = (unsigned)rng_below(r, 32);
        out[i] = digits[d];
        value = value * 32 + d;
    }
    unsigned check = (unsigned)(98 - (value * 100) % 97);
    out[7] = (char)('0' + check / 10);
    out[8] = (char)('0' + check % 10);
    out[9] = '\0';
}

/* An ORCID-format iD with a correct ISO 7064 11,2 check digit. */
static void make_orcid(rng *r, char out[20])
{
    char d[16];
    d[0] = '0', d[1] = '0', d[2] = '0', d[3] = '9'; /* the 0009 block */
    for (int i = 4; i < 15; i++)
        d[i] = (char)('0' + rng_below(r, 10));
    int total = 0;
    for (int i = 0; i < 15; i++)
        total = (total + (d[i] - '0')) * 2;
    int check = (12 - total % 11) % 11;
    d[15] = check == 10 ? 'X' : (char)('0' + check);
    snprintf(out, 20, "%.4s-%.4s-%.4s-%.4s", d, d + 4, d + 8, d + 12);
}

/* Lower-case ASCII letters and digits of s, joined by '-', for slugs. */
static void slug_of(const char *s, char *out, size_t size)
{
    size_t n = 0;
    bool dash = false;
    for (; *s && n + 2 < size; s++) {
        char ch = *s;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
            if (dash && n)
                out[n++] = '-';
            out[n++] = ch;
            dash = false;
        } else {
            dash = true;
        }
    }
    out[n] = '\0';
    if (n == 0)
        snprintf(out, size, "org");
}

typedef struct demo_ctx {
    store *s;
    actor who;
    rng r;
    demo_org *orgs;
    size_t norgs;
    demo_person *people;
    size_t npeople;
    actor applicant;    /* the applicant account, for demo_calls_build */
    actor reviewer;     /* the reviewer account, for demo_reviews_build */
    int status[256];    /* per demo country: 0 none, 1 member, 2 partner, 3 observer */
    serai_err *err;
} demo_ctx;

/* Create the organisation described by body (taken). */
static serai_code add_org(demo_ctx *d, json_t *body, size_t country,
                          const char *type)
{
    json_t *out = NULL;
    serai_code rc = org_create(d->s, &d->who, body, &out, d->err);
    json_decref(body);
    if (rc != SERAI_OK)
        return rc;
    demo_org *o = &d->orgs[d->norgs++];
    o->id = json_integer_value(json_object_get(out, "id"));
    o->country = country;
    o->type = type;
    json_decref(out);
    return SERAI_OK;
}

static json_t *org_body(const char *name, const char *type, const demo_country *c,
                        const char *native, const char *native_lang)
{
    char slug[80], site[128];
    slug_of(name, slug, sizeof slug);
    snprintf(site, sizeof site, "https://%s.example", slug);
    json_t *b = json_pack("{s:s, s:s, s:s, s:s}", "name", name, "type", type,
                          "country", c->alpha2, "website", site);
    if (native && native_lang && strcmp(native_lang, "en") != 0 &&
        strcmp(native, name) != 0)
        json_object_set_new(b, "names", json_pack("{s:s}", native_lang, native));
    return b;
}

static serai_code add_memberships(demo_ctx *d)
{
    size_t n = demo_country_count;
    size_t *order = xcalloc(n, sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = rng_below(&d->r, i + 1);
        size_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    static const char *const dues[] = {"paid", "paid", "paid", "due", "overdue",
                                       "exempt"};
    serai_code rc = SERAI_OK;
    for (size_t k = 0; k < n && rc == SERAI_OK; k++) {
        size_t i = order[k];
        int status = k < DEMO_MEMBERS ? 1 : k < DEMO_MEMBERS + DEMO_PARTNERS ? 2 : 3;
        d->status[i] = status;
        char since[48];
        snprintf(since, sizeof since, "%04d-%02d-%02d",
                 2013 + (int)rng_below(&d->r, 12), 1 + (int)rng_below(&d->r, 12),
                 1 + (int)rng_below(&d->r, 28));
        json_t *body = json_pack(
            "{s:s, s:s, s:s, s:s}", "country", demo_countries[i].alpha2, "status",
            status == 1 ? "member" : status == 2 ? "partner" : "observer", "since",
            since, "dues", status == 3 ? "exempt" : dues[rng_below(&d->r, 6)]);
        json_t *out = NULL;
        rc = member_create(d->s, &d->who, body, &out, d->err);
        json_decref(body);
        json_decref(out);
    }
    free(order);
    return rc;
}

/* A country index among members and partners, chosen at random. */
static size_t active_country(demo_ctx *d)
{
    for (;;) {
        size_t i = rng_below(&d->r, demo_country_count);
        if (d->status[i] == 1 || d->status[i] == 2)
            return i;
    }
}

static serai_code add_organisations(demo_ctx *d)
{
    serai_code rc = SERAI_OK;
    /* A funding agency for every member and partner country. */
    for (size_t i = 0; i < demo_country_count && rc == SERAI_OK; i++) {
        if (d->status[i] != 1 && d->status[i] != 2)
            continue;
        const demo_country *c = &demo_countries[i];
        rc = add_org(d, org_body(c->agency_name, "funding_agency", c,
                                 c->agency_name_native, c->native_lang),
                     i, "funding_agency");
    }
    /* Universities: one per active country first, then more in others. */
    size_t used_city[256] = {0};
    size_t made = 0;
    for (size_t round = 0; made < DEMO_UNIVERSITIES && rc == SERAI_OK; round++) {
        for (size_t i = 0; i < demo_country_count && made < DEMO_UNIVERSITIES &&
                           rc == SERAI_OK; i++) {
            if ((d->status[i] != 1 && d->status[i] != 2) ||
                (round > 0 && rng_below(&d->r, 3) != 0))
                continue;
            const demo_country *c = &demo_countries[i];
            size_t city = used_city[i]++;
            if (city >= COUNT(c->cities))
                continue;
            char *name = fill(c->uni_pattern, c, city, NULL);
            char *native = c->uni_pattern_native
                               ? fill(c->uni_pattern_native, c, city, NULL)
                               : NULL;
            json_t *b = org_body(name, "university", c, native, c->native_lang);
            char ror[10];
            make_ror(&d->r, ror);
            json_object_set_new(b, "ror", json_string(ror));
            if (strcmp(c->alpha2, "CN") == 0 && native) {
                /* Chinese institutions are authoritative in Chinese. */
                json_object_set_new(b, "name", json_string(native));
                json_object_set_new(b, "name_lang", json_string("zh"));
                json_object_set_new(b, "names", json_pack("{s:s}", "en", name));
            }
            rc = add_org(d, b, i, "university");
            free(name);
            free(native);
            made++;
        }
    }
    /* Research institutes, some under a university of their country. */
    size_t used_inst[256] = {0};
    for (made = 0; made < DEMO_INSTITUTES && rc == SERAI_OK;) {
        size_t i = active_country(d);
        const demo_country *c = &demo_countries[i];
        size_t city = used_inst[i]++;
        if (city >= COUNT(c->cities))
            continue;
        char *name = fill(c->institute_pattern, c, city, NULL);
        char *native = c->institute_pattern_native
                           ? fill(c->institute_pattern_native, c, city, NULL)
                           : NULL;
        json_t *b = org_body(name, "research_institute", c, native, c->native_lang);
        char ror[10];
        make_ror(&d->r, ror);
        json_object_set_new(b, "ror", json_string(ror));
        if (rng_below(&d->r, 5) < 2) {
            for (size_t k = 0; k < d->norgs; k++)
                if (d->orgs[k].country == i &&
                    strcmp(d->orgs[k].type, "university") == 0) {
                    json_object_set_new(b, "parent_id", json_integer(d->orgs[k].id));
                    break;
                }
        }
        rc = add_org(d, b, i, "research_institute");
        free(name);
        free(native);
        made++;
    }
    /* Enterprises and SMEs. */
    size_t nprefix = count_of(demo_enterprise_prefixes, 1000);
    size_t nsector = count_of(demo_enterprise_sectors, 1000);
    size_t nsuffix = count_of(demo_enterprise_suffixes, 1000);
    for (made = 0; made < DEMO_SMES + DEMO_ENTERPRISES && rc == SERAI_OK; made++) {
        size_t i = active_country(d);
        const demo_country *c = &demo_countries[i];
        char brand[160];
        snprintf(brand, sizeof brand, "%s %s",
                 demo_enterprise_prefixes[(made * 7 + rng_below(&d->r, 3)) % nprefix],
                 demo_enterprise_sectors[rng_below(&d->r, nsector)]);
        size_t forms = COUNT(c->company_forms);
        char *name;
        if (forms) {
            name = fill(c->company_forms[rng_below(&d->r, forms)], c, 0, brand);
        } else {
            char tmp[200];
            snprintf(tmp, sizeof tmp, "%s %s", brand,
                     demo_enterprise_suffixes[rng_below(&d->r, nsuffix)]);
            name = xstrdup(tmp);
        }
        bool sme = made < DEMO_SMES;
        const char *type = sme ? "sme" : "enterprise";
        json_t *b = org_body(name, type, c, NULL, NULL);
        if (sme) {
            unsigned staff = 8 + (unsigned)rng_below(&d->r, 230);
            unsigned turnover = 5 + (unsigned)rng_below(&d->r, 440);
            char evidence[200];
            snprintf(evidence, sizeof evidence,
                     "%u staff; turnover EUR %u.%u million (2025 accounts, "
                     "EU SME definition)", staff, turnover / 10, turnover % 10);
            json_object_set_new(b, "sme", json_true());
            json_object_set_new(b, "sme_evidence", json_string(evidence));
        }
        rc = add_org(d, b, i, type);
        free(name);
    }
    /* NGOs and international organisations. */
    size_t nngo = count_of(demo_ngo_patterns, 1000);
    for (made = 0; made < DEMO_NGOS && rc == SERAI_OK; made++) {
        size_t i = active_country(d);
        const demo_country *c = &demo_countries[i];
        char *name = fill(demo_ngo_patterns[made % nngo], c,
                          rng_below(&d->r, COUNT(c->cities)), NULL);
        rc = add_org(d, org_body(name, "ngo", c, NULL, NULL), i, "ngo");
        free(name);
    }
    size_t nintl = count_of(demo_international_orgs, 1000);
    for (made = 0; made < nintl && rc == SERAI_OK; made++) {
        size_t i = active_country(d);
        rc = add_org(d, org_body(demo_international_orgs[made],
                                 "international_organization",
                                 &demo_countries[i], NULL, NULL),
                     i, "international_organization");
    }
    return rc;
}

/* An organisation of country i where researchers work, or 0. */
static int64_t employer_in(demo_ctx *d, size_t i)
{
    size_t candidates[512], n = 0;
    for (size_t k = 0; k < d->norgs && n < 512; k++) {
        const char *t = d->orgs[k].type;
        if (d->orgs[k].country == i &&
            (strcmp(t, "university") == 0 || strcmp(t, "research_institute") == 0 ||
             strcmp(t, "sme") == 0 || strcmp(t, "enterprise") == 0))
            candidates[n++] = k;
    }
    return n ? d->orgs[candidates[rng_below(&d->r, n)]].id : 0;
}

static void ascii_lower(const char *s, char *out, size_t size)
{
    size_t n = 0;
    for (; *s && n + 1 < size; s++)
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
            out[n++] = (char)(*s | 0x20);
    out[n] = '\0';
}

static serai_code add_person(demo_ctx *d, int64_t *id_out)
{
    size_t i = active_country(d);
    const demo_country *c = &demo_countries[i];
    size_t ng = COUNT(c->given_names), nf = COUNT(c->family_names);
    size_t g = rng_below(&d->r, ng), f = rng_below(&d->r, nf);
    bool female = c->given_gender && c->given_gender[g] == 'f';
    const char *family = female && c->family_names_female[0]
                             ? c->family_names_female[f]
                             : c->family_names[f];
    char name[200];
    if (c->surnames == 2)
        snprintf(name, sizeof name, "%s %s %s", c->given_names[g], family,
                 c->family_names[rng_below(&d->r, nf)]);
    else if (c->family_first)
        snprintf(name, sizeof name, "%s %s", family, c->given_names[g]);
    else
        snprintf(name, sizeof name, "%s %s", c->given_names[g], family);

    size_t field_index = rng_below(&d->r, demo_field_count);
    const demo_field *field = &demo_fields[field_index];
    json_t *keywords = json_array();
    size_t nk = COUNT(field->keywords), want = 4 + rng_below(&d->r, 3);
    size_t start = rng_below(&d->r, nk);
    for (size_t k = 0; k < want && k < nk; k++)
        json_array_append_new(keywords,
                              json_string(field->keywords[(start + k) % nk]));
    size_t s1 = rng_below(&d->r, 4), s2 = (s1 + 1 + rng_below(&d->r, 3)) % 4;
    char expertise[1200];
    snprintf(expertise, sizeof expertise, "%s. %s %s", field->name,
             field->profile_sentences[s1], field->profile_sentences[s2]);
    json_t *langs = json_array();
    json_array_append_new(langs, json_string(c->native_lang));
    if (strcmp(c->native_lang, "en") != 0)
        json_array_append_new(langs, json_string("en"));

    char given[64], fam[64], email[200];
    ascii_lower(c->given_names[g], given, sizeof given);
    ascii_lower(family, fam, sizeof fam);
    snprintf(email, sizeof email, "%s.%s.%u@%s.example", given[0] ? given : "p",
             fam[0] ? fam : "x", (unsigned)rng_below(&d->r, 10000),
             c->alpha2[0] == 'C' && c->alpha2[1] == 'N' ? "cn-research" : "research");
    for (char *p = strchr(email, '@'); p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p | 0x20);

    json_t *pubs = json_array();
    size_t npat = COUNT(field->paper_title_patterns);
    size_t npubs = 1 + rng_below(&d->r, 3);
    for (size_t k = 0; k < npubs && npat; k++) {
        char *title = fill(field->paper_title_patterns[rng_below(&d->r, npat)], c,
                           rng_below(&d->r, COUNT(c->cities)), NULL);
        json_array_append_new(
            pubs, json_pack("{s:s, s:s, s:i}", "title", title, "abstract",
                            field->profile_sentences[rng_below(&d->r, 4)], "year",
                            2012 + (int)rng_below(&d->r, 14)));
        free(title);
    }
    json_t *body = json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:o}", "name", name,
                             "country", c->alpha2, "email", email, "languages",
                             langs, "keywords", keywords, "expertise", expertise,
                             "publications", pubs);
    int64_t employer = employer_in(d, i);
    if (employer) {
        static const char *const roles[] = {"professor", "associate professor",
                                            "researcher", "postdoctoral fellow",
                                            "research engineer", "head of R&D"};
        char start[48];
        snprintf(start, sizeof start, "%04d-%02d-01", 2005 + (int)rng_below(&d->r, 20),
                 1 + (int)rng_below(&d->r, 12));
        json_object_set_new(body, "affiliations",
                            json_pack("[{s:I, s:s, s:s}]", "organization_id",
                                      (json_int_t)employer, "role",
                                      roles[rng_below(&d->r, 6)], "start", start));
    }
    serai_code rc;
    json_t *out = NULL;
    for (int attempt = 0;; attempt++) {
        if (rng_below(&d->r, 10) < 7) {
            char orcid[20];
            make_orcid(&d->r, orcid);
            json_object_set_new(body, "orcid", json_string(orcid));
        } else {
            json_object_del(body, "orcid");
        }
        rc = person_create(d->s, &d->who, body, &out, d->err);
        if (rc != SERAI_ECONFLICT || attempt == 3)
            break;
    }
    json_decref(body);
    if (rc == SERAI_OK) {
        int64_t id = json_integer_value(json_object_get(out, "id"));
        if (id_out)
            *id_out = id;
        d->people[d->npeople++] =
            (demo_person){.id = id, .country = i, .employer = employer,
                          .field = field_index};
    }
    json_decref(out);
    return rc;
}

/* A readable random password: 16 characters of base64url. */
static void make_password(char out[24])
{
    unsigned char raw[12];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, 24, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static serai_code add_accounts(demo_ctx *d, json_t *list)
{
    /* The applicant and reviewer are people of the registry; the funder
     * works at a member's funding agency; the delegate speaks for it. */
    static const char person_sql[] =
        "SELECT p.id, a.org_id, p.country FROM person p "
        "JOIN affiliation a ON a.person_id = p.id ORDER BY p.id LIMIT 2";
    int64_t person[2] = {0, 0}, org[2] = {0, 0};
    char country[2][3] = {"", ""};
    store_stmt *st;
    serai_code rc = store_prepare(d->s, person_sql, &st, d->err);
    if (rc != SERAI_OK)
        return rc;
    for (int k = 0; k < 2 && store_step(st, d->err) == STORE_ROW; k++) {
        person[k] = store_col_int64(st, 0);
        org[k] = store_col_int64(st, 1);
        snprintf(country[k], 3, "%s", store_col_text(st, 2));
    }
    store_reset(st);
    const demo_org *agency = &d->orgs[0]; /* the first funding agency */
    const char *agency_country = demo_countries[agency->country].alpha2;
    static const char *const roles[] = {"secretariat", "funder", "applicant",
                                        "reviewer", "delegate", "observer"};
    static const char *const names[] = {"Secretariat Officer", "Funder Officer",
                                        "Applicant Researcher", "Reviewer Expert",
                                        "Member Delegate", "Independent Observer"};
    for (int k = 0; k < 6 && rc == SERAI_OK; k++) {
        char email[64], password[24];
        snprintf(email, sizeof email, "%s@serai.example", roles[k]);
        make_password(password);
        json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "email", email, "name",
                                 names[k], "role", roles[k], "password", password);
        if (k == 1) {
            json_object_set_new(body, "organization_id", json_integer(agency->id));
            json_object_set_new(body, "country", json_string(agency_country));
        } else if (k == 4) {
            json_object_set_new(body, "country", json_string(agency_country));
        } else if ((k == 2 || k == 3) && person[k - 2]) {
            json_object_set_new(body, "person_id", json_integer(person[k - 2]));
            json_object_set_new(body, "organization_id", json_integer(org[k - 2]));
            json_object_set_new(body, "country", json_string(country[k - 2]));
        }
        json_t *out = NULL;
        rc = account_create(d->s, &d->who, body, &out, d->err);
        json_decref(body);
        if (rc == SERAI_OK && k == 2) {
            /* The applicant acts as a signed-in account would. */
            actor *a = &d->applicant;
            *a = (actor){.role = ROLE_APPLICANT};
            a->account_id = json_integer_value(json_object_get(out, "id"));
            a->person_id = json_integer_value(json_object_get(out, "person_id"));
            a->org_id = json_integer_value(json_object_get(out, "organization_id"));
            const char *cc = json_string_value(json_object_get(out, "country"));
            snprintf(a->country, sizeof a->country, "%s", cc ? cc : "");
            snprintf(a->label, sizeof a->label, "account:%" PRId64 " %s",
                     a->account_id, email);
        }
        if (rc == SERAI_OK && k == 3) {
            /* The reviewer reviews in the closed calls' pools. */
            actor *a = &d->reviewer;
            *a = (actor){.role = ROLE_REVIEWER};
            a->account_id = json_integer_value(json_object_get(out, "id"));
            a->person_id = json_integer_value(json_object_get(out, "person_id"));
            a->org_id = json_integer_value(json_object_get(out, "organization_id"));
            const char *cc = json_string_value(json_object_get(out, "country"));
            snprintf(a->country, sizeof a->country, "%s", cc ? cc : "");
            snprintf(a->label, sizeof a->label, "account:%" PRId64 " %s",
                     a->account_id, email);
        }
        json_decref(out);
        if (rc == SERAI_OK)
            json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "role",
                                                  roles[k], "email", email,
                                                  "password", password));
    }
    return rc;
}

serai_code demo_build(store *s, uint64_t seed, json_t **summary, serai_err *err)
{
    static const char any_sql[] = "SELECT 1 FROM organization LIMIT 1";
    *summary = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, any_sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    int r = store_step(st, err);
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (r == STORE_ROW)
        return serai_fail(err, SERAI_ECONFLICT, "/db",
                          "the database already holds organisations; the demo "
                          "needs a new database");

    demo_ctx d = {.s = s, .r = {seed}, .err = err};
    d.who = actor_operator();
    snprintf(d.who.label, sizeof d.who.label, "demo:seed-%" PRIu64, seed);
    d.orgs = xcalloc(512, sizeof *d.orgs);
    d.people = xcalloc(DEMO_PEOPLE, sizeof *d.people);
    json_t *accounts = json_array(), *calls = NULL, *fund = NULL, *agenda = NULL,
           *exchange = NULL;
    /* The demo's "now": the calls' deadlines must lie ahead of the real
     * clock (a call whose last deadline has passed does not open); every
     * proposal's history is dated before it. */
    int64_t now = clock_now();
    if ((rc = store_bulk_load(s, true, err)) == SERAI_OK &&
        (rc = add_memberships(&d)) == SERAI_OK &&
        (rc = add_organisations(&d)) == SERAI_OK) {
        for (int k = 0; k < DEMO_PEOPLE && rc == SERAI_OK; k++)
            rc = add_person(&d, NULL);
    }
    if (rc == SERAI_OK)
        rc = add_accounts(&d, accounts);
    if (rc == SERAI_OK) {
        demo_world w = {.orgs = d.orgs, .norgs = d.norgs, .people = d.people,
                        .npeople = d.npeople, .status = d.status,
                        .applicant = d.applicant, .reviewer = d.reviewer};
        rc = demo_calls_build(s, &d.who, &w, seed, now, &calls, err);
        if (rc == SERAI_OK)
            rc = demo_reviews_build(s, &d.who, &w, seed, calls, err);
        if (rc == SERAI_OK)
            rc = demo_fund_build(s, &d.who, &w, calls, &fund, err);
        if (rc == SERAI_OK)
            rc = demo_decisions_build(s, &d.who, &w, calls, err);
        if (rc == SERAI_OK)
            rc = demo_agenda_build(s, &d.who, &w, calls, &agenda, err);
        if (rc == SERAI_OK)
            rc = demo_exchange_build(s, &d.who, &w, calls, now, &exchange, err);
    }
    serai_err ignored;
    if (store_bulk_load(s, false, &ignored) != SERAI_OK && rc == SERAI_OK)
        rc = serai_fail(err, SERAI_ESTORE, NULL, "%s", ignored.detail);
    free(d.orgs);
    free(d.people);
    if (rc != SERAI_OK) {
        json_decref(accounts);
        json_decref(calls);
        json_decref(fund);
        json_decref(agenda);
        json_decref(exchange);
        return rc;
    }
    int members = 0;
    for (size_t i = 0; i < demo_country_count; i++)
        members += d.status[i] == 1;
    json_int_t proposals = 0;
    size_t k;
    json_t *c;
    json_array_foreach(calls, k, c)
        proposals += json_integer_value(json_object_get(c, "proposals"));
    *summary = json_pack("{s:i, s:I, s:i, s:o, s:o, s:I, s:o, s:o, s:o}", "countries",
                         members, "organizations", (json_int_t)d.norgs, "people",
                         DEMO_PEOPLE, "accounts", accounts, "calls", calls,
                         "proposals", proposals, "fund", fund, "agenda", agenda,
                         "exchange", exchange);
    return SERAI_OK;
}
