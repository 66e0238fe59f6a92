/*
 * cmd_certificate.c -- `serai certificate`: a certificate of attendance as
 * PDF from options, no database (exchange/certificate.h,
 * docs/certificates.md).  For trying names, titles and scripts; the events
 * module issues the real ones for attended registrations.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "exchange/certificate.h"

#define CERTIFICATE_USAGE                                                      \
    "serai certificate --name NAME --event TITLE --from YYYY-MM-DD "          \
    "[--to YYYY-MM-DD] --place CITY|online --out FILE.pdf [--kind KIND] "     \
    "[--country C] [--issuer ORG] [--number N] [--issued YYYY-MM-DD] "        \
    "[--verify TEXT]"

int cmd_certificate(const cli_args *a)
{
    const char *path = cli_opt(a, "out");
    if (!path)
        return cli_usage_error("the certificate needs --out FILE.pdf (- for stdout); "
                               "usage: " CERTIFICATE_USAGE);
    char today[16];
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm) || strftime(today, sizeof today, "%Y-%m-%d", &tm) == 0)
        return cli_usage_error("cannot read today's date; give --issued YYYY-MM-DD");

    const char *number = cli_opt(a, "number") ? cli_opt(a, "number") : "SAMPLE";
    char verify[CERTIFICATE_NUMBER_MAX + 32];
    snprintf(verify, sizeof verify, "serai certificate %s", number);
    const char *issuer = cli_opt(a, "issuer");
    const char *kind = cli_opt(a, "kind");
    const char *issued = cli_opt(a, "issued");
    const char *verification = cli_opt(a, "verify");
    certificate_input in = {
        .issuer = issuer ? issuer : "serai",
        .event_title = cli_opt(a, "event"),
        .event_kind = kind ? kind : "event",
        .start_date = cli_opt(a, "from"),
        .end_date = cli_opt(a, "to"),
        .place = cli_opt(a, "place"),
        .participant_name = cli_opt(a, "name"),
        .participant_country = cli_opt(a, "country"),
        .number = number,
        .issue_date = issued ? issued : today,
        .verification = verification ? verification : verify,
    };
    unsigned char *pdf;
    size_t len;
    serai_err err;
    if (certificate_pdf(&in, &pdf, &len, &err) != SERAI_OK)
        return cli_fail(&err);
    bool to_stdout = strcmp(path, "-") == 0;
    FILE *f = to_stdout ? stdout : fopen(path, "wb");
    bool ok = f && fwrite(pdf, 1, len, f) == len;
    if (f && !to_stdout)
        ok = fclose(f) == 0 && ok;
    free(pdf);
    if (!ok) {
        fprintf(stderr, "serai: cannot write %s\n", path);
        return 2;
    }
    if (!to_stdout)
        fprintf(stderr, "wrote %s (%zu bytes)\n", path, len);
    return 0;
}
