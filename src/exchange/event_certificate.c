/*
 * event_certificate.c -- the certificate of attendance of a registration:
 * the event module's attendance record printed by the certificate module
 * (exchange/certificate.h).  Rights are the registration's: the person's
 * own account, the secretariat and observers; only attended
 * registrations have one.
 */
#include <inttypes.h>
#include <stdio.h>

#include "core/clock.h"
#include "exchange/certificate.h"
#include "exchange/event.h"

serai_code event_certificate(store *s, const actor *who, int64_t reg_id,
                             unsigned char **pdf, size_t *len, serai_err *err)
{
    *pdf = NULL;
    *len = 0;
    json_t *reg = NULL;
    serai_code rc = event_registration_get(s, who, reg_id, &reg, err);
    json_decref(reg);
    if (rc != SERAI_OK)
        return rc;
    event_attendance at;
    if ((rc = event_attendance_get(s, reg_id, &at, err)) != SERAI_OK)
        return rc;
    char number[64], verification[160], today[11];
    snprintf(number, sizeof number, "EV%" PRId64 "-R%" PRId64, at.event_id, reg_id);
    snprintf(verification, sizeof verification,
             "serai certificate %s: GET /api/v1/registrations/%" PRId64, number, reg_id);
    clock_today(today);
    certificate_input in = {
        .issuer = "Secretariat of the Science and Technology Cooperation Organisation",
        .event_title = at.event_title,
        .event_kind = at.event_kind,
        .start_date = at.starts_on,
        .end_date = at.ends_on,
        .place = at.place,
        .participant_name = at.person_name,
        .participant_country = at.country,
        .number = number,
        .issue_date = today,
        .verification = verification,
    };
    return certificate_pdf(&in, pdf, len, err);
}
