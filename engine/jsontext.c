/* jsontext: JSON text without the index: escapes decoded, offsets into lines and columns, and
 * the punctuation a Chinese input method types where JSON needs ASCII (jsontext.h). */
#include "jsontext.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ---- strings ---- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

long jsontext_hex4(const char *s)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t put_utf8(unsigned long cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes one escape at raw[0] == '\\' (already validated by the scanner). Writes its bytes to
 * out (up to 4) and returns how many raw bytes it used; *nout gets the decoded length. */
size_t jsontext_decode_escape(const char *raw, size_t avail, char *out, size_t *nout)
{
    if (avail < 2) {
        *nout = 0;
        return avail;
    }
    char c = raw[1];
    if (c != 'u') {
        static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
        const char *f = strchr(from, c);
        out[0] = f && c ? to[f - from] : c;
        *nout = 1;
        return 2;
    }
    long cp = avail >= 6 ? jsontext_hex4(raw + 2) : -1;
    if (cp < 0) {
        *nout = 0;
        return avail < 6 ? avail : 6;
    }
    if (cp >= 0xD800 && cp <= 0xDBFF && avail >= 12 && raw[6] == '\\' && raw[7] == 'u') {
        long lo = jsontext_hex4(raw + 8);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            *nout = put_utf8(0x10000 + (((unsigned long)cp - 0xD800) << 10) + ((unsigned long)lo - 0xDC00), out);
            return 12;
        }
    }
    *nout = put_utf8((unsigned long)cp, out);
    return 6;
}

/* Decodes raw string bytes (between the quotes) into out (at least n bytes); returns length. */
size_t jsontext_decode(const char *raw, size_t n, char *out)
{
    size_t i = 0, o = 0;
    while (i < n) {
        if (raw[i] == '\\') {
            size_t k;
            i += jsontext_decode_escape(raw + i, n - i, out + o, &k);
            o += k;
        } else {
            out[o++] = raw[i++];
        }
    }
    return o;
}

/* Punctuation a Chinese input method types where JSON needs ASCII, with what to say. */
static const struct {
    const char *utf8, *ascii, *what;
} FULLWIDTH[] = {
    {"\xef\xbc\x8c", ",", "a full-width comma"},         /* ， */
    {"\xe3\x80\x81", ",", "a Chinese enumeration comma"}, /* 、 */
    {"\xef\xbc\x9a", ":", "a full-width colon"},         /* ： */
    {"\xe2\x80\x9c", "\"", "a curly quote"},             /* “ */
    {"\xe2\x80\x9d", "\"", "a curly quote"},             /* ” */
    {"\xef\xbd\x9b", "{", "a full-width brace"},         /* ｛ */
    {"\xef\xbd\x9d", "}", "a full-width brace"},         /* ｝ */
};


const char *jsontext_fullwidth(const char *t, size_t left, char *msg, size_t size)
{
    for (size_t i = 0; i < sizeof FULLWIDTH / sizeof FULLWIDTH[0]; i++)
        if (left >= 3 && !memcmp(t, FULLWIDTH[i].utf8, 3)) {
            snprintf(msg, size,
                     "'%s' is %s, typed with a Chinese input method; JSON needs the ASCII '%s' here (switch the "
                     "input method to English punctuation, or retype it)",
                     FULLWIDTH[i].utf8, FULLWIDTH[i].what, FULLWIDTH[i].ascii);
            return msg;
        }
    return NULL;
}

size_t jsonpos_string_offset(const char *text, size_t len, size_t quote, size_t decoded)
{
    size_t p = quote + 1, d = 0;
    while (p < len && text[p] != '"' && d < decoded) {
        if (text[p] == '\\') {
            char tmp[4];
            size_t k;
            p += jsontext_decode_escape(text + p, len - p, tmp, &k);
            d += k;
        } else {
            p++;
            d++;
        }
    }
    return p;
}

typedef struct {
    size_t off;
    size_t i;
} OffIdx;

static int cmp_off(const void *a, const void *b)
{
    const OffIdx *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off ? 1 : 0;
}

void jsonpos_lines_cols(const char *text, size_t len, const size_t *offs, size_t n, int *lines,
                        int *cols)
{
    OffIdx *o = malloc((n ? n : 1) * sizeof *o);
    if (!o) {
        for (size_t i = 0; i < n; i++)
            lines[i] = cols[i] = 0;
        return;
    }
    for (size_t i = 0; i < n; i++)
        o[i] = (OffIdx){offs[i] > len ? len : offs[i], i};
    qsort(o, n, sizeof *o, cmp_off);
    /* Without a lone CR (the usual case), lines are found with memchr, which is many times
     * faster than a byte loop on a big file; only the last line before each offset is walked. */
    bool lone_cr = false;
    for (const char *r = memchr(text, '\r', len); r && !lone_cr; r = memchr(r + 1, '\r', len - (size_t)(r + 1 - text)))
        lone_cr = (size_t)(r + 1 - text) >= len || r[1] != '\n';
    size_t p = 0;
    int line = 1, col = 1;
    for (size_t k = 0; k < n; k++) {
        if (!lone_cr) {
            const char *nl;
            while (p < o[k].off && (nl = memchr(text + p, '\n', o[k].off - p))) {
                line++;
                col = 1;
                p = (size_t)(nl - text) + 1;
            }
        }
        while (p < o[k].off) {
            unsigned char c = (unsigned char)text[p++];
            if (c == '\n' || (c == '\r' && (p >= len || text[p] != '\n'))) {
                line++;
                col = 1;
            } else if (c == '\r' || (c & 0xC0) == 0x80) {
                /* the CR of CR LF, and UTF-8 continuation bytes, take no column */
            } else {
                col++;
            }
        }
        lines[o[k].i] = line;
        cols[o[k].i] = col;
    }
    free(o);
}
