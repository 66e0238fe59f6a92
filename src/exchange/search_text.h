/*
 * search_text.h -- the tokens of partner search (docs/search.md).
 *
 * Both storage backends index and query the same tokens, made here in C
 * rather than by the database: SQLite's unicode61 tokenizer keeps a run of
 * Chinese characters as one token and PostgreSQL's 'simple' configuration
 * does the same, so "科学" would never find "中国科学院".  The text is
 * folded (core/text.h: case; here also Latin diacritics and full-width
 * forms), split at everything that is neither a letter nor a digit, and
 * every run of CJK characters becomes its overlapping bigrams (a run of one
 * character stays one token).  The result is the tokens separated by single
 * spaces: only letters, digits and CJK characters, never a quote or an
 * operator of either query language, so a query built from it cannot be
 * anything but a list of terms.
 */
#ifndef SERAI_EXCHANGE_SEARCH_TEXT_H
#define SERAI_EXCHANGE_SEARCH_TEXT_H

#include <stddef.h>

#include "core/mem.h"

/* Longest token kept, in bytes; longer runs are dropped (no word is that
 * long, and both indexes refuse or truncate huge lexemes). */
#define SEARCH_TOKEN_MAX 60

/* Append the tokens of s (UTF-8; invalid bytes count as separators) to b,
 * each preceded by a space when b is not empty.  Returns how many tokens
 * were appended. */
size_t search_text_append(buf *b, const char *s);

/* The tokens of s as one string, newly allocated (caller frees); "" when s
 * has none.  s may be NULL. */
char *search_text_terms(const char *s);

#endif
