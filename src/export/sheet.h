/*
 * sheet.h -- a table of typed cells, written as CSV text or as an XLSX
 * workbook, for exports such as a call's proposals for programme officers
 * (a "Proposals" tab and a "Partners" tab).
 *
 * A sheet holds one or more tabs; each tab has column headers and rows of
 * cells, filled in order: sheet_tab(), then for each row one cell call per
 * column and sheet_row_end().  Cells keep their type (text, integer, money,
 * date) so each writer can render it faithfully:
 *
 *   CSV (sheet_csv, one tab): RFC 4180, UTF-8 without a byte-order mark,
 *   every record (the header record first) ends in CRLF, a field is quoted
 *   with '"' when it holds a comma, a quote, CR or LF, quotes inside are
 *   doubled.  Integers are decimal, money is the exact decimal amount
 *   without thousands separators or currency code (put the currency in a
 *   column of its own), dates are the text given.
 *   Formula injection: a text or header field that starts with '=', '+',
 *   '-', '@', TAB or CR gets a leading apostrophe ("'=SUM(A1)"), so a
 *   spreadsheet that opens the file shows it as text instead of running it.
 *   The apostrophe is part of the CSV data: a program that reads the file
 *   back must strip it.  Integer and money cells are never prefixed, so
 *   "-0.05" stays a number.
 *
 *   XLSX (sheet_xlsx, all tabs): text cells are strings (never formulas, so
 *   no apostrophe is needed or added), integers and money are numbers,
 *   money with the number format of its currency ('#,##0.00 "EUR"',
 *   '#,##0 "JPY"', '#,##0.000 "KWD"'), dates are real dates
 *   ("yyyy-mm-dd") or date-times ("yyyy-mm-dd hh:mm:ss", the UTC wall
 *   clock: XLSX has no time zones).  The header row is bold and frozen and
 *   carries an autofilter; column widths follow the widest cell (CJK
 *   characters count double), between 8 and 60 characters.
 *   A spreadsheet keeps 15 significant digits, so an integer or a money
 *   amount of 10^15 minor units or more in magnitude (stricter than 2^53:
 *   that is what a double of 15 digits carries exactly) is written as text
 *   instead: integers as their digits, money as "<exact decimal> <code>".
 *   A date before 1900 (which Excel cannot hold) is written as its text.
 *   Tab names are made valid for Excel: each of []:*?/\ and control
 *   characters becomes '_', a leading or trailing apostrophe becomes '_',
 *   the name is cut to 31 UTF-16 units, an empty name becomes "Sheet",
 *   "History" (reserved by Excel) becomes "History_", and a name equal to
 *   an earlier one (ignoring case) gets " (2)", " (3)"... appended.
 *
 * Errors while filling: the first misuse or invalid value is recorded in
 * the sheet, every later filling call is then ignored, and sheet_status(),
 * sheet_csv() and sheet_xlsx() return that error.  Misuse (a cell before
 * any tab, a row with more or fewer cells than headers, an unfinished row)
 * is SERAI_EINTERNAL; a bad value (text that is not UTF-8, an unknown
 * currency, a malformed date) is SERAI_EINVAL.  Each detail names the tab,
 * the data row (1-based, the header not counted) and, for a cell, the
 * column.
 *
 * A sheet is not thread-safe; distinct sheets may be used by distinct
 * threads.
 */
#ifndef SERAI_EXPORT_SHEET_H
#define SERAI_EXPORT_SHEET_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/mem.h"

/* Columns in one tab: the XLSX limit, applied to CSV too. */
#define SHEET_MAX_COLS 16384
/* Data rows in one tab that sheet_xlsx() accepts (XLSX holds 1048576 rows,
 * one is the header); a larger tab is SERAI_ETOOLARGE there.  CSV has no
 * row limit beyond the caller's buf ceiling. */
#define SHEET_XLSX_MAX_ROWS (1048576 - 1)
/* Characters in one XLSX text cell; longer is SERAI_ETOOLARGE in
 * sheet_xlsx() (the caller shortens it).  CSV has no such limit. */
#define SHEET_XLSX_MAX_TEXT 32767

typedef struct sheet sheet;

/* A new, empty sheet (no tabs).  Never NULL: out of memory aborts.  The
 * caller frees it with sheet_free(). */
sheet *sheet_new(void);
/* Frees the sheet and everything it copied; NULL is ignored. */
void sheet_free(sheet *s);

/* Start a new tab; later cells go to it.  name (NULL as "") and the ncols
 * entries of headers (NULL entries as "") are copied, and must be UTF-8.
 * ncols is 1..SHEET_MAX_COLS.  Starting a tab while a row is unfinished is
 * an error. */
void sheet_tab(sheet *s, const char *name, const char *const headers[], int ncols);

/* One cell each, in column order.  Every argument is copied. */
void sheet_text(sheet *s, const char *utf8);       /* NULL: an empty cell */
void sheet_int(sheet *s, int64_t v);
/* minor units of an active ISO 4217 currency ("EUR"; exponent from
 * registry/iso.h): 123456 EUR is 1234.56, 1234 JPY is 1234, 1234 KWD is
 * 1.234. */
void sheet_money(sheet *s, int64_t minor, const char *currency);
/* "2026-11-28T14:00:00Z" (UTC) or "2026-11-28"; a day that exists, years
 * 0001..9999, hours 00..23, minutes and seconds 00..59.  NULL: an empty
 * cell. */
void sheet_date(sheet *s, const char *iso_utc);
void sheet_blank(sheet *s);
/* End the row: it must hold exactly as many cells as the tab has headers,
 * otherwise that is recorded as the sheet's error. */
void sheet_row_end(sheet *s);

/* Tabs started so far. */
int sheet_tab_count(const sheet *s);

/* SERAI_OK, or the first error recorded while filling (copied into err,
 * which may be NULL); an unfinished row counts as an error here. */
serai_code sheet_status(const sheet *s, serai_err *err);

/* Append tab number tab (0-based) as CSV to out.  On failure out is left
 * as it was: the sheet's error (see sheet_status), SERAI_EINVAL for a tab
 * out of range, SERAI_ETOOLARGE when out's ceiling is reached. */
serai_code sheet_csv(const sheet *s, int tab, buf *out, serai_err *err);

/* The whole sheet as an XLSX workbook: on SERAI_OK *bytes (the caller
 * frees it) holds *len bytes; on failure *bytes is NULL and *len 0.  A
 * sheet without tabs gives a workbook with one empty "Sheet1".  The
 * workbook is written to a private temporary file under $TMPDIR (default
 * /tmp; libxlsxwriter 1.1.4 cannot write to memory), read back and
 * removed.  Errors: the sheet's error, SERAI_ETOOLARGE for a tab or text
 * cell above the XLSX limits, SERAI_EINTERNAL when the temporary file or
 * libxlsxwriter fails. */
serai_code sheet_xlsx(const sheet *s, char **bytes, size_t *len, serai_err *err);

#endif
