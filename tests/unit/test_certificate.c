/*
 * test_certificate.c -- certificates of attendance as PDF: names in Latin
 * with diacritics, Cyrillic, Chinese, Korean and mixed; one page; the fonts
 * embedded; the text found again with pdftotext and the glyphs drawn (ink
 * measured with pdftoppm) when poppler-utils is installed; and the
 * refusals: empty names, control characters, scripts that need shaping,
 * characters no installed font has, bad dates, texts that do not fit.
 *
 * Usage: test_certificate [PROJECT_ROOT]   (no files of the project needed)
 */
#include "exchange/certificate.h"

#include <stdlib.h>
#include <unistd.h>

#include "check.h"

#define DROID "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
#define LEXI "/usr/share/fonts/truetype/lexi/LexiGulim.ttf"

static bool have_poppler;

static certificate_input sample(const char *name)
{
    certificate_input in = {
        .issuer = "International S&T Cooperation Organisation",
        .event_title = "Workshop on groundwater modelling",
        .event_kind = "workshop",
        .start_date = "2026-05-04",
        .end_date = "2026-05-06",
        .place = "Nairobi",
        .participant_name = name,
        .participant_country = "Kenya",
        .number = "12-345",
        .issue_date = "2026-05-10",
        .verification = "serai certificate 12-345",
    };
    return in;
}

static bool contains(const unsigned char *pdf, size_t len, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(pdf + i, s, n) == 0)
            return true;
    return false;
}

/* Write the PDF to a temporary file; its name into path. */
static bool save_tmp(const unsigned char *pdf, size_t len, char path[64])
{
    snprintf(path, 64, "/tmp/serai-cert-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return false;
    bool ok = write(fd, pdf, len) == (ssize_t)len;
    return close(fd) == 0 && ok;
}

/* The text pdftotext finds in the PDF (malloc'd), or NULL. */
static char *pdf_text(const unsigned char *pdf, size_t len)
{
    char path[64], cmd[128];
    if (!save_tmp(pdf, len, path))
        return NULL;
    snprintf(cmd, sizeof cmd, "pdftotext -q %s -", path);
    FILE *p = popen(cmd, "r");
    char *text = calloc(1, 65536);
    size_t got = p ? fread(text, 1, 65535, p) : 0;
    text[got] = '\0';
    if (p)
        pclose(p);
    unlink(path);
    return text;
}

/* Dark pixels on the page rendered at 30 dpi in grey, or -1. */
static long pdf_ink(const unsigned char *pdf, size_t len)
{
    char path[64], cmd[128];
    if (!save_tmp(pdf, len, path))
        return -1;
    snprintf(cmd, sizeof cmd, "pdftoppm -q -r 30 -gray %s", path);
    FILE *p = popen(cmd, "r");
    long ink = -1;
    int w, h, max;
    if (p && fscanf(p, "P5 %d %d %d", &w, &h, &max) == 3 && fgetc(p) != EOF) {
        ink = 0;
        for (long i = 0; i < (long)w * h; i++) {
            int c = fgetc(p);
            if (c == EOF)
                break;
            ink += c < 128;
        }
    }
    if (p)
        pclose(p);
    unlink(path);
    return ink;
}

/* Make the certificate for name; checks the common properties and that
 * the PDF embeds font (a part of its BaseFont name).  The PDF for the
 * caller to free, or NULL. */
static unsigned char *make(const char *name, const char *font, size_t *len)
{
    certificate_input in = sample(name);
    unsigned char *pdf;
    serai_err err;
    serai_code code = certificate_pdf(&in, &pdf, len, &err);
    CHECK_INT(code, SERAI_OK);
    if (code != SERAI_OK) {
        fprintf(stderr, "  %s: %s\n", name, err.detail);
        return NULL;
    }
    CHECK(*len > 1000);
    CHECK(memcmp(pdf, "%PDF-", 5) == 0);
    CHECK(contains(pdf, *len, "/Count 1"));
    CHECK(contains(pdf, *len, "/MediaBox [0 0 841.89 595.276]") ||
          contains(pdf, *len, "/MediaBox [ 0 0 841.89 595.276 ]") ||
          contains(pdf, *len, "841.89"));
    CHECK(contains(pdf, *len, "/FontFile2"));
    if (font && !contains(pdf, *len, font)) {
        CHECK(!"font embedded");
        fprintf(stderr, "  %s: %s is not embedded\n", name, font);
    }
    if (have_poppler) {
        char *text = pdf_text(pdf, *len);
        CHECK(text && strstr(text, name));
        CHECK(text && strstr(text, "Certificate of attendance"));
        CHECK(text && strstr(text, "held in Nairobi from 4 May 2026 to 6 May 2026"));
        CHECK(text && strstr(text, "Certificate no. 12-345, issued on 10 May 2026"));
        if (text && !strstr(text, name))
            fprintf(stderr, "  pdftotext found:\n%s\n", text);
        free(text);
    }
    return pdf;
}

static void test_latin(void)
{
    size_t len;
    unsigned char *pdf = make("Zoë Ångström-Łukasiewicz", "DejaVuSans-Bold", &len);
    if (pdf) {
        CHECK(!contains(pdf, len, "DroidSansFallback"));
        free(pdf);
    }
    free(make("François Nguyễn Thị Ðặng", "DejaVuSans-Bold", &len));
}

static void test_cyrillic_greek(void)
{
    size_t len;
    free(make("Анна Сергеевна Кузнецова", "DejaVuSans-Bold", &len));
    free(make("Ελένη Παπαδοπούλου", "DejaVuSans-Bold", &len));
}

/* A name that needs a font from another package: made when the font is
 * installed, else refused with the package named. */
static void cjk(const char *name, const char *path, const char *font,
                const char *package)
{
    size_t len;
    if (access(path, R_OK) == 0) {
        free(make(name, font, &len));
        return;
    }
    fprintf(stderr, "  %s is not installed: checking the refusal only\n", path);
    certificate_input in = sample(name);
    unsigned char *pdf;
    serai_err err;
    CHECK_INT(certificate_pdf(&in, &pdf, &len, &err), SERAI_EUNPROCESSABLE);
    CHECK(strstr(err.detail, package) != NULL);
}

static void test_chinese_japanese_korean(void)
{
    cjk("王小明", DROID, "DroidSansFallback", "fonts-droid-fallback");
    cjk("山田 はなこ", DROID, "DroidSansFallback", "fonts-droid-fallback");
    cjk("김민준", LEXI, "LexiGulim", "fonts-lexi-gulim");
}

static void test_mixed(void)
{
    if (access(DROID, R_OK) != 0 || access(LEXI, R_OK) != 0)
        return;
    size_t len;
    unsigned char *pdf = make("王小明 (Wang Xiaoming) 김민준 Łukasz", "LexiGulim", &len);
    if (pdf) {
        CHECK(contains(pdf, len, "DroidSansFallback"));
        CHECK(contains(pdf, len, "DejaVuSans"));
        free(pdf);
    }
    /* A title in three scripts, long enough to wrap. */
    certificate_input in = sample("Иван Петров");
    in.event_title = "Семинар по водным ресурсам — 水资源管理与气候适应研讨会 — "
                     "International Workshop on Water Resources and Climate "
                     "Adaptation in Cooperative Research";
    in.place = "online";
    in.end_date = NULL;
    unsigned char *out;
    serai_err err;
    CHECK_INT(certificate_pdf(&in, &out, &len, &err), SERAI_OK);
    if (have_poppler && out) {
        char *text = pdf_text(out, len);
        CHECK(text && strstr(text, "held online on 4 May 2026"));
        CHECK(text && strstr(text, "水资源管理"));
        CHECK(text && strstr(text, "Adaptation"));
        free(text);
    }
    free(out);
}

/* libharu 2.3.0 drops parts of composite glyphs (certificate.c): the
 * ideograph 明 and the Hangul 한 are composites.  With the parts embedded
 * the page has more ink than with a name of one dot. */
static void test_composite_glyphs_drawn(void)
{
    if (!have_poppler || access(DROID, R_OK) != 0 || access(LEXI, R_OK) != 0)
        return;
    size_t len;
    unsigned char *dot = make(".", NULL, &len);
    long base = dot ? pdf_ink(dot, len) : -1;
    free(dot);
    const char *names[] = {"明明明明明明", "한한한한한한"};
    for (size_t i = 0; i < 2; i++) {
        unsigned char *pdf = make(names[i], NULL, &len);
        long ink = pdf ? pdf_ink(pdf, len) : -1;
        free(pdf);
        CHECK(base > 0);
        CHECK(ink > base + 100);
        if (ink <= base + 100)
            fprintf(stderr, "  %s: ink %ld, a dot %ld\n", names[i], ink, base);
    }
}

static void refused(certificate_input in, serai_code want, const char *field,
                    const char *words)
{
    unsigned char *pdf = (unsigned char *)"untouched";
    size_t len = 7;
    serai_err err;
    CHECK_INT(certificate_pdf(&in, &pdf, &len, &err), want);
    CHECK(pdf == NULL && len == 0);
    CHECK_STR(err.field, field);
    if (!strstr(err.detail, words)) {
        CHECK(!"the detail names it");
        fprintf(stderr, "  detail \"%s\" lacks \"%s\"\n", err.detail, words);
    }
}

static void test_refused_names(void)
{
    const char *f = "/participant_name";
    refused(sample(""), SERAI_EINVAL, f, "missing");
    refused(sample(NULL), SERAI_EINVAL, f, "missing");
    refused(sample("   "), SERAI_EINVAL, f, "empty");
    refused(sample("Ann\x01 Lee"), SERAI_EINVAL, f, "control character (U+0001)");
    refused(sample("Ann\nLee"), SERAI_EINVAL, f, "control character");
    refused(sample("Ann\xc2\x85Lee"), SERAI_EINVAL, f, "control character (U+0085)");
    refused(sample("Ann\xe2\x80\xaeLee"), SERAI_EINVAL, f, "bidirectional control");
    refused(sample("Ann\xee\x80\x80"), SERAI_EINVAL, f, "private-use");
    refused(sample("Ann \xff Lee"), SERAI_EINVAL, f, "not valid UTF-8");
    refused(sample("محمد علي"), SERAI_EUNPROCESSABLE, f, "U+0645 (Arabic script)");
    refused(sample("אברהם"), SERAI_EUNPROCESSABLE, f, "(Hebrew script)");
    refused(sample("अमित शर्मा"), SERAI_EUNPROCESSABLE, f, "U+0905 (Devanagari script)");
    refused(sample("สมชาย"), SERAI_EUNPROCESSABLE, f, "(Thai script)");
    refused(sample("Ann 😀"), SERAI_EUNPROCESSABLE, f, "U+1F600");
    /* No font in the list has Ethiopic. */
    refused(sample("ሰላም"), SERAI_EUNPROCESSABLE, f, "no installed font has U+1230 (Ethiopic)");
    char longer[CERTIFICATE_FIELD_MAX + 2];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    refused(sample(longer), SERAI_ETOOLARGE, f, "longer than 300 bytes");
}

static void test_refused_fonts(void)
{
    /* Only DejaVu: a Chinese name names the package that has it. */
    static const certificate_font dejavu[] = {
        {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "fonts-dejavu-core", false}};
    certificate_input in = sample("王小明");
    in.fonts = dejavu;
    in.nfonts = 1;
    refused(in, SERAI_EUNPROCESSABLE, "/participant_name",
            "no installed font has U+738B (Han) in the participant name; install "
            "the Debian package fonts-droid-fallback");
    /* No font file at all. */
    static const certificate_font none[] = {
        {"/nonexistent/DejaVuSans.ttf", "fonts-dejavu-core", false}};
    in = sample("Zoë");
    in.fonts = none;
    in.nfonts = 1;
    refused(in, SERAI_EUNPROCESSABLE, "/issuer", "install the Debian package fonts-dejavu-core");
    /* A file that is no font. */
    char path[64];
    if (!save_tmp((const unsigned char *)"not a font\n", 11, path)) {
        CHECK(!"temporary file");
        return;
    }
    certificate_font junk[] = {{path, "fonts-dejavu-core", false}};
    in.fonts = junk;
    refused(in, SERAI_EUNPROCESSABLE, "/issuer",
            "no installed font has U+0049 (Latin) in the issuer; install the "
            "Debian package fonts-dejavu-core");
    unlink(path);
}

/* A font cut short after its cmap: its characters pass the check here,
 * libharu fails to load it, and that is an internal error, not a crash
 * (nor a leak under the sanitizers). */
static void test_libharu_error(void)
{
    FILE *src = fopen("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "rb");
    static unsigned char head[60000];
    size_t got = src ? fread(head, 1, sizeof head, src) : 0;
    if (src)
        fclose(src);
    CHECK_INT(got, sizeof head);
    char path[64];
    if (got != sizeof head || !save_tmp(head, got, path))
        return;
    certificate_font cut[] = {{path, "fonts-dejavu-core", false}};
    certificate_input in = sample("Zoë");
    in.fonts = cut;
    in.nfonts = 1;
    unsigned char *pdf;
    size_t len;
    serai_err err;
    CHECK_INT(certificate_pdf(&in, &pdf, &len, &err), SERAI_EINTERNAL);
    CHECK(pdf == NULL && len == 0);
    CHECK(strstr(err.detail, "libharu could not load the font") != NULL);
    unlink(path);
}

static void test_refused_fields(void)
{
    certificate_input in = sample("Zoë");
    in.start_date = "2026-02-30";
    refused(in, SERAI_EINVAL, "/start_date", "YYYY-MM-DD");
    in = sample("Zoë");
    in.end_date = "2026-05-03";
    refused(in, SERAI_EINVAL, "/end_date", "before the start date");
    in = sample("Zoë");
    in.issue_date = NULL;
    refused(in, SERAI_EINVAL, "/issue_date", "YYYY-MM-DD");
    in = sample("Zoë");
    in.number = "12 345";
    refused(in, SERAI_EINVAL, "/number", "printable ASCII");
    in = sample("Zoë");
    in.place = "";
    refused(in, SERAI_EINVAL, "/place", "the place is missing");
    in = sample("Zoë");
    in.event_title = NULL;
    refused(in, SERAI_EINVAL, "/event_title", "missing");
    in = sample("Zoë");
    in.participant_country = "Kenya\tKE";
    refused(in, SERAI_EINVAL, "/participant_country", "control character");
    in = sample("Zoë");
    in.place = "القاهرة";
    refused(in, SERAI_EUNPROCESSABLE, "/place", "(Arabic script)");
    /* 590 bytes of title do not fit on three lines at the smallest size. */
    char title[591];
    for (size_t i = 0; i < 590; i++)
        title[i] = i % 10 == 9 ? ' ' : 'W';
    title[590] = '\0';
    in = sample("Zoë");
    in.event_title = title;
    refused(in, SERAI_ETOOLARGE, "/event_title", "too long to fit");
}

static void test_optional_fields(void)
{
    certificate_input in = sample("Zoë");
    in.event_kind = NULL;
    in.participant_country = NULL;
    in.verification = "";
    in.end_date = "2026-05-04";
    unsigned char *pdf;
    size_t len;
    serai_err err;
    CHECK_INT(certificate_pdf(&in, &pdf, &len, &err), SERAI_OK);
    if (have_poppler && pdf) {
        char *text = pdf_text(pdf, len);
        CHECK(text && strstr(text, "attended\n"));
        CHECK(text && strstr(text, "held in Nairobi on 4 May 2026"));
        CHECK(text && !strstr(text, "Kenya"));
        free(text);
    }
    free(pdf);
}

int main(void)
{
    have_poppler = system("pdftotext -v >/dev/null 2>&1 && pdftoppm -v >/dev/null 2>&1") == 0;
    if (!have_poppler)
        fprintf(stderr, "SKIP parts: pdftotext/pdftoppm not installed (poppler-utils); "
                        "the text and the glyphs are not checked\n");
    RUN(test_latin);
    RUN(test_cyrillic_greek);
    RUN(test_chinese_japanese_korean);
    RUN(test_mixed);
    RUN(test_composite_glyphs_drawn);
    RUN(test_refused_names);
    RUN(test_refused_fonts);
    RUN(test_refused_fields);
    RUN(test_libharu_error);
    RUN(test_optional_fields);
    return check_report();
}
