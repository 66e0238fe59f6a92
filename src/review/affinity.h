/*
 * affinity.h -- lexical expertise affinity: how well a reviewer's own
 * papers cover the words of a submission (a proposal, a paper).
 *
 * Pure: UTF-8 strings in, numbers out; no files (affinity_files.c reads
 * the OpenReview expertise format), no database, no neural model.  Text is
 * case-folded (core/text.h), cut into words (letters and digits of any
 * script) and, for Chinese, Japanese and Korean, into overlapping character
 * bigrams; English stop words are dropped and English words are reduced to
 * their Porter stem.  Each document becomes a vector of BM25-saturated term
 * frequencies times inverse document frequency, and two documents are as
 * similar as the cosine of their vectors (0..1).
 *
 * A reviewer's affinity to a submission is the power mean of the
 * submission's similarities to each of the reviewer's papers (by default
 * the quadratic mean, sqrt(mean(s^2)); a large exponent approaches the
 * best-matching paper), optionally blended with its similarity to all the
 * papers taken together as one profile.  Submission words that no paper
 * has are left out of the submission's vector.  The result lies in 0..1;
 * affinity_fixed() gives the integer form (thousandths) the assignment
 * solver takes.  docs/review.md describes the model and how it was tuned
 * on the Stelmakh et al. (2023) gold-standard data (loss 0.247 over its ten
 * versions; TPMS 0.28, SPECTER 0.27).
 *
 * Use: affinity_index_new(), one affinity_index_add_reviewer() per
 * reviewer (optionally affinity_index_add_background() for documents that
 * should only count in the word statistics, e.g. the submissions), then
 * affinity_index_build(); after that the index is read-only and may be
 * shared by threads, each scoring through its own affinity_scorer.
 * The same input always gives the same scores, bit for bit.
 */
#ifndef SERAI_REVIEW_AFFINITY_H
#define SERAI_REVIEW_AFFINITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "core/mem.h"

/* One document: a submission, a paper, or an expertise statement.  Any
 * field may be NULL or "".  Strings are UTF-8 (invalid bytes separate
 * words).  Only the first AFFINITY_FIELD_MAX bytes of a field count. */
typedef struct affinity_doc {
    const char *title;
    const char *abstract;
    const char *keywords;   /* free text: "peer review; 同行评议" */
} affinity_doc;

#define AFFINITY_FIELD_MAX (1024 * 1024)
/* Longest word kept, in bytes; longer runs of letters are dropped. */
#define AFFINITY_WORD_MAX 48

/* The knobs of the model.  affinity_params_default() gives the values
 * tuned on the gold-standard data (docs/review.md); none is needed to use
 * the model. */
typedef struct affinity_params {
    double k1;              /* BM25 term-frequency saturation (> 0) */
    double b;               /* BM25 length normalisation, 0..1 */
    double title_weight;    /* a title word counts this many times */
    double keyword_weight;  /* a keyword counts this many times */
    double power;           /* power-mean exponent over a reviewer's
                               papers, >= 1; >= 64 means the best paper */
    double profile_mix;     /* weight of the whole-profile similarity,
                               0..1; the power mean gets the rest */
    bool stem;              /* Porter stemming of English words */
} affinity_params;

void affinity_params_default(affinity_params *p);

typedef struct affinity_index affinity_index;

/* A new, empty index with params p (NULL: the defaults); free with
 * affinity_index_free(). */
affinity_index *affinity_index_new(const affinity_params *p);
void affinity_index_free(affinity_index *ix);

/* Add a reviewer with npapers documents (npapers may be 0: the reviewer
 * then scores 0 everywhere).  A reviewer's expertise statement or keywords
 * go in as one more document.  Returns the reviewer's number: 0, 1, ... in
 * the order of the calls.  The texts are not kept.  Only before build. */
size_t affinity_index_add_reviewer(affinity_index *ix, const affinity_doc *papers,
                                   size_t npapers);

/* Count doc in the document frequencies only (it is nobody's paper).
 * Only before build. */
void affinity_index_add_background(affinity_index *ix, const affinity_doc *doc);

/* A reviewer's papers cut into tokens: the costly half of
 * affinity_index_add_reviewer() (folding, cutting), which needs no index
 * and so may run in parallel threads, each with its own affinity_tokens.
 * affinity_index_add_tokens() then adds them as one reviewer, exactly as
 * affinity_index_add_reviewer() would have.  p must be the index's params
 * (NULL: the defaults). */
typedef struct affinity_tokens affinity_tokens;

affinity_tokens *affinity_tokens_new(const affinity_params *p);
/* Append one paper. */
void affinity_tokens_add(affinity_tokens *t, const affinity_doc *paper);
size_t affinity_tokens_docs(const affinity_tokens *t);
void affinity_tokens_free(affinity_tokens *t);
/* Add t's papers as the next reviewer; its number.  Only before build. */
size_t affinity_index_add_tokens(affinity_index *ix, const affinity_tokens *t);

/* Compute the weights; the index is read-only from now on. */
void affinity_index_build(affinity_index *ix);

size_t affinity_index_reviewers(const affinity_index *ix);
size_t affinity_index_papers(const affinity_index *ix);
/* Distinct terms (words, stems and bigrams) seen so far. */
size_t affinity_index_terms(const affinity_index *ix);

/* Scratch memory for scoring against a built index: one per thread.  It
 * borrows ix, which must outlive it. */
typedef struct affinity_scorer affinity_scorer;

affinity_scorer *affinity_scorer_new(const affinity_index *ix);
void affinity_scorer_free(affinity_scorer *s);

/* Affinity (0..1) of reviewer number r to the submission sub. */
double affinity_score(affinity_scorer *s, const affinity_doc *sub, size_t r);

/* Affinity of every reviewer to sub, into out[affinity_index_reviewers()]:
 * one pass over the index, much faster than a call per reviewer. */
void affinity_score_all(affinity_scorer *s, const affinity_doc *sub, double *out);

/* score in thousandths, rounded half away from zero and clamped to
 * 0..1000: the integer form the assignment solver takes. */
int32_t affinity_fixed(double score);

/* The terms the model sees in text (p NULL: the defaults), for tests and
 * explanations: appended to out separated by spaces, each word stem or
 * character bigram as the index holds it. */
void affinity_terms_of(const affinity_params *p, const char *text, buf *out);

/* ---- files in the OpenReview expertise format (affinity_files.c) ---- */
/*
 * SUBMISSIONS.json is one object: submission id -> {"content": {"title",
 * "abstract", optionally "keywords"}}.  ARCHIVES is a directory with one
 * REVIEWER.jsonl per reviewer: one paper per line, {"content": {...}} of
 * the same shape; the reviewer's id is the file name without ".jsonl"
 * ("~1737249.jsonl" is reviewer "~1737249").  A text field is a string or,
 * as in newer OpenReview exports, {"value": string}; keywords may also be
 * an array of strings.  The title is required, the abstract and keywords
 * may be absent or null.  Blank lines are skipped; other files in the
 * directory, and names starting with ".", are ignored.  Errors name the
 * file and line ("DIR/~1.jsonl:3: malformed JSON: ...") or the submission.
 */
#define AFFINITY_FILE_MAX ((size_t)1 << 30)     /* bytes of one input file */
#define AFFINITY_MAX_PAIRS ((size_t)500000000) /* submissions x reviewers */

typedef struct affinity_set {
    size_t nsubmissions;
    char **submission_ids;      /* in the order of the file */
    affinity_doc *submissions;
    size_t nreviewers;
    char **reviewer_ids;        /* by file name, in byte order */
    size_t npapers;             /* all the reviewers' papers */
    affinity_index *index;      /* built; reviewer r is reviewer_ids[r] */
    arena mem;                  /* the ids and texts */
} affinity_set;

/* Read both inputs and build the index (params p, NULL: the defaults);
 * the archives are read and cut on one thread per CPU, added in order.
 * *out owns everything (affinity_set_free).  SERAI_ENOTFOUND when a file
 * cannot be opened, SERAI_EINVAL for bad content, SERAI_ETOOLARGE past a
 * limit above. */
serai_code affinity_set_load(const char *submissions_path, const char *archives_dir,
                             const affinity_params *p, affinity_set **out,
                             serai_err *err) __attribute__((warn_unused_result));

/* Write "submission,reviewer,score" and one row per pair (submissions in
 * file order, each with every reviewer in id order), scores with three
 * decimals (affinity_fixed).  threads: scoring threads, 0 for one per CPU.
 * SERAI_EINTERNAL when out cannot be written. */
serai_code affinity_set_write_csv(const affinity_set *set, FILE *out, int threads,
                                  serai_err *err) __attribute__((warn_unused_result));

void affinity_set_free(affinity_set *set);

#endif
