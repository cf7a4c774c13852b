/* audit_words: the surface of an answer, as a player who does not read for meaning sees it: its
 * length, whether it opens with an acknowledgement, ends with a question, holds a trap word or an
 * exclamation; and the time a reader needs for a text. The words come from a table per locale
 * (data/audit/LOCALE.txt, documented in docs/audit.md). */
#ifndef SPARRING_AUDIT_WORDS_H
#define SPARRING_AUDIT_WORDS_H

#include <stdbool.h>
#include <stddef.h>

/* Limits of a table (each a clear error). */
#define AUDIT_WORDS_MAX_BYTES (1024 * 1024)
#define AUDIT_WORDS_MAX_PHRASE 256 /* bytes */
#define AUDIT_WORDS_MAX_PHRASES 4096

typedef struct AuditWords AuditWords;

/* Parses a table. `name` is used in the error ("NAME:LINE: ..."). Returns NULL with a message
 * in err (errsize bytes) when it is malformed or memory runs out. Free with audit_words_free. */
AuditWords *audit_words_parse(const char *data, size_t len, const char *name, char *err, size_t errsize);
/* Reads and parses the file at path; NULL with a message as above (also when unreadable). */
AuditWords *audit_words_load(const char *path, char *err, size_t errsize);
void audit_words_free(AuditWords *w);

/* The table's reading rate: units a minute (0: the table gives none), and whether a unit is a
 * character (else a word). */
double audit_words_rate(const AuditWords *w);
bool audit_words_rate_chars(const AuditWords *w);

typedef struct {
    int length;     /* characters (Unicode code points), spaces included */
    bool ack;       /* opens with an acknowledgement of the table */
    bool question;  /* ends with a question mark (? or the full-width one) */
    bool trap;      /* holds a trap word of the table */
    bool exclaim;   /* holds an exclamation mark */
} AuditSurface;

/* The surface of a text (UTF-8; invalid bytes count as one character each). w may be NULL: no
 * acknowledgements or trap words then. */
void audit_surface(const AuditWords *w, const char *text, AuditSurface *out);

/* Seconds an average reader needs for text at the table's rate; 0 when the table has no rate. */
double audit_reading_seconds(const AuditWords *w, const char *text);

#endif
