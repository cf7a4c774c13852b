/* audit_words: word tables and the surface of answers.
 *
 * A table is UTF-8 text, one entry a line; `#` starts a comment line; blank lines are skipped.
 * `rate N words` or `rate N characters` sets the reading rate; `[acknowledgement]` and `[trap]`
 * start the two lists of phrases. Phrases match without regard to ASCII case; a phrase that
 * begins (ends) with an ASCII letter or digit only matches where the text has no letter or digit
 * just before (after) it, so "free" is not found in "freedom". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_words.h"

typedef struct {
    char **items;
    int n;
} PhraseList;

struct AuditWords {
    double rate;
    bool rate_chars;
    PhraseList ack, trap;
};

void audit_words_free(AuditWords *w)
{
    if (!w)
        return;
    PhraseList *lists[] = {&w->ack, &w->trap};
    for (int l = 0; l < 2; l++) {
        for (int i = 0; i < lists[l]->n; i++)
            free(lists[l]->items[i]);
        free(lists[l]->items);
    }
    free(w);
}

double audit_words_rate(const AuditWords *w) { return w ? w->rate : 0; }
bool audit_words_rate_chars(const AuditWords *w) { return w && w->rate_chars; }

static int push_phrase(PhraseList *l, const char *s, size_t n)
{
    char **items = realloc(l->items, ((size_t)l->n + 1) * sizeof *items);
    if (!items)
        return -1;
    l->items = items;
    char *d = malloc(n + 1);
    if (!d)
        return -1;
    memcpy(d, s, n);
    d[n] = 0;
    l->items[l->n++] = d;
    return 0;
}

/* `rate N words|characters`: returns 0, or -1 with a message. */
static int parse_rate(AuditWords *w, const char *line, size_t n, char *msg, size_t msize)
{
    char buf[64];
    if (n >= sizeof buf) {
        snprintf(msg, msize, "a rate line is `rate N words` or `rate N characters`");
        return -1;
    }
    memcpy(buf, line, n);
    buf[n] = 0;
    char unit[16];
    double rate;
    int used = 0;
    if (sscanf(buf, "rate %lf %15s %n", &rate, unit, &used) != 2 || buf[used] ||
        (strcmp(unit, "words") && strcmp(unit, "characters"))) {
        snprintf(msg, msize, "a rate line is `rate N words` or `rate N characters`");
        return -1;
    }
    if (!(rate >= 10 && rate <= 10000)) {
        snprintf(msg, msize, "the reading rate must be between 10 and 10000 a minute");
        return -1;
    }
    w->rate = rate;
    w->rate_chars = !strcmp(unit, "characters");
    return 0;
}

/* One line (without its end): 0, or -1 with a message in msg. */
static int parse_line(AuditWords *w, PhraseList **section, const char *s, size_t n, char *msg, size_t msize)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    if (!n || *s == '#')
        return 0;
    if (memchr(s, 0, n)) {
        snprintf(msg, msize, "a NUL byte in the line");
        return -1;
    }
    if (n == 17 && !memcmp(s, "[acknowledgement]", 17)) {
        *section = &w->ack;
        return 0;
    }
    if (n == 6 && !memcmp(s, "[trap]", 6)) {
        *section = &w->trap;
        return 0;
    }
    if (*s == '[') {
        snprintf(msg, msize, "unknown section (the sections are [acknowledgement] and [trap])");
        return -1;
    }
    if (!*section)
        return n > 5 && !memcmp(s, "rate ", 5) ? parse_rate(w, s, n, msg, msize)
                                                : (snprintf(msg, msize, "a phrase before any section"), -1);
    if (n > AUDIT_WORDS_MAX_PHRASE) {
        snprintf(msg, msize, "a phrase longer than %d bytes", AUDIT_WORDS_MAX_PHRASE);
        return -1;
    }
    if (w->ack.n + w->trap.n >= AUDIT_WORDS_MAX_PHRASES) {
        snprintf(msg, msize, "more than %d phrases", AUDIT_WORDS_MAX_PHRASES);
        return -1;
    }
    if (push_phrase(*section, s, n) < 0) {
        snprintf(msg, msize, "out of memory");
        return -1;
    }
    return 0;
}

AuditWords *audit_words_parse(const char *data, size_t len, const char *name, char *err, size_t errsize)
{
    if (len > AUDIT_WORDS_MAX_BYTES) {
        snprintf(err, errsize, "%s: a word table may have at most %d bytes", name, AUDIT_WORDS_MAX_BYTES);
        return NULL;
    }
    AuditWords *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errsize, "%s: out of memory", name);
        return NULL;
    }
    PhraseList *section = NULL;
    size_t at = 0;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        at = 3; /* a byte-order mark */
    for (int line = 1; at < len; line++) {
        const char *nl = memchr(data + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (data + at)) : len - at;
        char msg[160];
        if (parse_line(w, &section, data + at, n, msg, sizeof msg) < 0) {
            snprintf(err, errsize, "%s:%d: %s", name, line, msg);
            audit_words_free(w);
            return NULL;
        }
        at += n + 1;
    }
    return w;
}

AuditWords *audit_words_load(const char *path, char *err, size_t errsize)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errsize, "%s: cannot open the word table: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(AUDIT_WORDS_MAX_BYTES + 1);
    size_t n = buf ? fread(buf, 1, AUDIT_WORDS_MAX_BYTES + 1, f) : 0;
    bool bad = !buf || ferror(f);
    fclose(f);
    AuditWords *w = NULL;
    if (bad)
        snprintf(err, errsize, "%s: cannot read the word table", path);
    else
        w = audit_words_parse(buf, n, path, err, errsize);
    free(buf);
    return w;
}

/* ---- the surface ---- */

/* The code point at s (advancing *s); invalid or truncated UTF-8 gives one byte as U+FFFD. */
static unsigned next_cp(const unsigned char **s)
{
    const unsigned char *p = *s;
    unsigned c = p[0];
    int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (n < 0) {
        *s = p + 1;
        return 0xFFFD;
    }
    unsigned cp = n ? c & (0x3Fu >> n) : c;
    for (int i = 1; i <= n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *s = p + 1;
            return 0xFFFD;
        }
        cp = cp << 6 | (p[i] & 0x3F);
    }
    *s = p + n + 1;
    return cp;
}

static bool is_space(unsigned c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xA0; }

/* Punctuation: ASCII's, general punctuation, CJK symbols and full-width forms' punctuation. */
static bool is_punct(unsigned c)
{
    return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
           (c >= 0x7B && c <= 0x7E) || (c >= 0x2000 && c <= 0x206F) || (c >= 0x3001 && c <= 0x303F) ||
           (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
           (c >= 0xFF5B && c <= 0xFF65) || c == 0xB7;
}

/* Closing quotes and brackets that may follow a question mark. */
static bool is_closer(unsigned c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 || c == 0xFF09 ||
           c == 0x300D || c == 0x300F || c == 0x3011;
}

static bool is_alnum_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c; }

/* Does phrase occur in text at byte `at` (ASCII case ignored, word edges honoured)? */
static bool match_at(const char *text, size_t at, const char *phrase)
{
    size_t n = strlen(phrase);
    for (size_t i = 0; i < n; i++)
        if (!text[at + i] || lower((unsigned char)text[at + i]) != lower((unsigned char)phrase[i]))
            return false;
    if (is_alnum_byte((unsigned char)phrase[0]) && at > 0 && is_alnum_byte((unsigned char)text[at - 1]))
        return false;
    if (is_alnum_byte((unsigned char)phrase[n - 1]) && is_alnum_byte((unsigned char)text[at + n]))
        return false;
    return true;
}

static bool any_at(const PhraseList *l, const char *text, size_t at)
{
    for (int i = 0; i < l->n; i++)
        if (match_at(text, at, l->items[i]))
            return true;
    return false;
}

/* Byte offset of the first character that is not a space or an opening quote. */
static size_t lead(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        const unsigned char *p = s;
        unsigned c = next_cp(&p);
        if (!is_space(c) && c != '"' && c != '\'' && c != 0x201C && c != 0x2018 && c != 0x300C)
            break;
        s = p;
    }
    return (size_t)((const char *)s - text);
}

void audit_surface(const AuditWords *w, const char *text, AuditSurface *out)
{
    memset(out, 0, sizeof *out);
    unsigned last = 0;
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        size_t at = (size_t)((const char *)s - text);
        if (w && !out->trap && any_at(&w->trap, text, at))
            out->trap = true;
        unsigned c = next_cp(&s);
        out->length++;
        if (c == '!' || c == 0xFF01)
            out->exclaim = true;
        if (!is_space(c) && !is_closer(c))
            last = c;
    }
    out->question = last == '?' || last == 0xFF1F;
    out->ack = w && any_at(&w->ack, text, lead(text));
}

double audit_reading_seconds(const AuditWords *w, const char *text)
{
    if (!w || w->rate <= 0)
        return 0;
    long units = 0;
    bool in_word = false;
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        unsigned c = next_cp(&s);
        bool letter = !is_space(c) && !is_punct(c);
        if (w->rate_chars)
            units += letter;
        else if (letter && !in_word)
            units++;
        if (!w->rate_chars)
            in_word = letter || (in_word && !is_space(c)); /* "don't", "e-mail": one word */
    }
    return (double)units * 60.0 / w->rate;
}
