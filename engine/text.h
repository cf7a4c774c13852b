/* text: checks on strings that come from outside (command lines, settings files, databases)
 * and a safe form of them for a terminal. Pure functions over bytes; nothing here prints. */
#ifndef SPARRING_TEXT_H
#define SPARRING_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True when the n bytes at s are well-formed UTF-8 (no overlong forms, no surrogates, nothing
 * above U+10FFFF). */
bool text_utf8_valid(const char *s, size_t n);

/* True when s (NUL-terminated) holds a control character: C0 (U+0000..U+001F), DEL or C1
 * (U+0080..U+009F, as UTF-8). Such text would forge lines or send escapes to a terminal. */
bool text_has_control(const char *s);

/* The longest prefix of s, at most max bytes, that does not end inside a UTF-8 character
 * (s must be valid UTF-8). Returns its length. */
size_t text_utf8_prefix(const char *s, size_t max);

/* A copy of s with every byte that is not part of a well-formed UTF-8 character replaced by
 * U+FFFD (text from a database written before the checks, or edited by hand). The caller
 * frees the result; NULL when out of memory. */
char *text_utf8_repair(const char *s);

/* A copy of s that is safe to print on a terminal: control characters become \n, \t, \r,
 * \e or \xNN (C1: \u0080..\u009F) and a backslash stays a backslash; bytes that are not UTF-8
 * become \xNN. keep_newlines leaves '\n' and '\t' as they are (multi-line text). The caller
 * frees the result; NULL when out of memory. */
char *text_escape(const char *s, bool keep_newlines);

#endif
