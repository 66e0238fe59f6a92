/*
 * text.h -- text folding for case-insensitive search.
 */
#ifndef SERAI_CORE_TEXT_H
#define SERAI_CORE_TEXT_H

#include "core/mem.h"

/* Append s to b folded: ASCII, Latin-1, Latin Extended-A, Greek (with
 * tonos; final sigma folds to sigma) and Cyrillic capitals map to their
 * small letters; everything else (CJK, Arabic...) is copied as it is.  s must be valid UTF-8.  Searching
 * folded text for a folded needle is case-insensitive in those scripts on
 * every storage backend alike. */
bool text_fold_append(buf *b, const char *s);

/* s folded, newly allocated (caller frees). */
char *text_fold(const char *s);

#endif
