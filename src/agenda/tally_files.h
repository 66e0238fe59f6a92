/*
 * tally_files.h -- ranked ballots from files, for `serai tally`
 * (docs/tally.md): PrefLib election files and Debian vote tally sheets,
 * read into a tally_input.  No database.
 *
 * PrefLib (.soc, .soi, .toc, .toi): header lines "# KEY: value", of which
 * NUMBER ALTERNATIVES, ALTERNATIVE NAME i, DATA TYPE and NUMBER VOTERS are
 * read, then one line per distinct order, "count: 3,1,{2,4}" -- the count
 * becomes the ballot's weight, candidates are numbered from 1, braces group
 * candidates tied at one rank.  soc and soi refuse ties, soc and toc
 * refuse a ballot that leaves a candidate out.  The data type is the DATA
 * TYPE header's, else the file name's extension.
 *
 * Debian tally sheet: the header's "Option N--->: Name" lines name the
 * options in order, then one line per voter, "V: 3-12  hash": the k-th
 * character is option k's rank ('1'..'9', then 'a'..'z' for 10..35; '-'
 * unranked), weight 1.  A file that is not valid UTF-8 is read as Latin-1
 * (the 2006 and 2007 sheets) and its names converted to UTF-8.
 *
 * Errors name the file and the line: a malformed line, a candidate out of
 * range, a candidate twice in one ballot, a voter hash given twice.
 */
#ifndef SERAI_AGENDA_TALLY_FILES_H
#define SERAI_AGENDA_TALLY_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agenda/tally.h"
#include "core/err.h"

typedef enum tally_file_kind {
    TALLY_FILE_AUTO,    /* PrefLib when the name ends in .soc/.soi/.toc/.toi
                           or the text starts with '#', else Debian */
    TALLY_FILE_PREFLIB,
    TALLY_FILE_DEBIAN
} tally_file_kind;

typedef struct tally_file {
    tally_input in;         /* over marks and weights below */
    char **names;           /* [in.ncand] UTF-8 candidate names */
    int32_t *marks;         /* [in.nballots * in.ncand] ranks, 0 unranked */
    int64_t *weights;       /* [in.nballots] */
    int64_t voters;         /* sum of the weights */
    char format[16];        /* "preflib-soi", "debian" */
    bool latin1;            /* the names were converted from Latin-1 */
    int64_t cap;            /* private: room in marks and weights */
} tally_file;

void tally_file_init(tally_file *f);
void tally_file_free(tally_file *f);

/* Read the len bytes at text (name: how errors call the file) into a
 * fresh f; on failure f holds nothing the caller needs beyond
 * tally_file_free. */
serai_code tally_file_read(tally_file *f, tally_file_kind kind, const char *name,
                           const char *text, size_t len, serai_err *err)
    __attribute__((warn_unused_result));

#endif
