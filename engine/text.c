/* text: UTF-8 checks and terminal-safe copies (text.h). */
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the well-formed UTF-8 character at s (n bytes available), or 0 when it is not one.
 * *cp gets the code point. */
static size_t utf8_char(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

bool text_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    uint32_t cp;
    while (i < n) {
        size_t len = utf8_char(p + i, n - i, &cp);
        if (!len)
            return false;
        i += len;
    }
    return true;
}

static bool is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

bool text_has_control(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    uint32_t cp;
    while (i < n) {
        size_t len = utf8_char(p + i, n - i, &cp);
        if (!len)
            len = 1; /* not UTF-8: not a control character (text_utf8_valid says the rest) */
        else if (is_control(cp))
            return true;
        i += len;
    }
    return false;
}

size_t text_utf8_prefix(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    /* Step back over continuation bytes to the start of the character that max cuts. */
    size_t i = max;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

char *text_utf8_repair(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    if (n > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = malloc(n * 3 + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_char(p + i, n - i, &cp);
        if (len) {
            memcpy(o, p + i, len);
            o += len;
            i += len;
        } else {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    *o = 0;
    return out;
}

char *text_escape(const char *s, bool keep_newlines)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    if (n > (SIZE_MAX - 1) / 6)
        return NULL;
    char *out = malloc(n * 6 + 1), *o = out; /* \u009F is the longest: 6 bytes for 2 */
    if (!out)
        return NULL;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_char(p + i, n - i, &cp);
        if (!len) {
            o += sprintf(o, "\\x%02X", p[i]);
            i++;
            continue;
        }
        if (!is_control(cp) || (keep_newlines && (cp == '\n' || cp == '\t'))) {
            memcpy(o, p + i, len);
            o += len;
        } else if (cp == '\n') {
            o += sprintf(o, "\\n");
        } else if (cp == '\t') {
            o += sprintf(o, "\\t");
        } else if (cp == '\r') {
            o += sprintf(o, "\\r");
        } else if (cp == 0x1B) {
            o += sprintf(o, "\\e");
        } else if (cp < 0x80) {
            o += sprintf(o, "\\x%02X", (unsigned)cp);
        } else {
            o += sprintf(o, "\\u%04X", (unsigned)cp);
        }
        i += len;
    }
    *o = 0;
    return out;
}
