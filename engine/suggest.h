/* suggest: "did you mean" for a name that names nothing (a typo of a node, meter, flag,
 * competency, locale, sheet kind ...). Internal to the engine. */
#ifndef SPARRING_SUGGEST_H
#define SPARRING_SUGGEST_H

/* The candidate nearest to `name` (edit distance on bytes, case-insensitive, a swap of two
 * neighbours counting one), or NULL when none is near enough to be a likely typo (distance at
 * most 1 for names of up to 4 bytes, 2 up to 8, else 3, and less than the name's length). */
const char *suggest_nearest(const char *name, const char *const *cands, int n);

#endif
