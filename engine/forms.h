/* forms: parallel forms of one assessment (scenarios that share a `group`). Which form an
 * assessment draws: pure, from the trainee's practice counts and the attempt's seed. */
#ifndef SPARRING_FORMS_H
#define SPARRING_FORMS_H

#include <stdint.h>

/* Draws the form for an assessment among nforms forms (the caller lists them in a fixed order,
 * e.g. sorted by scenario id, so that a seed always draws the same one). practised[i]: how many
 * times this trainee practised form i; last: the form practised most recently (-1: none).
 * The form practised least wins; when the group has more than one form, the last-practised form
 * is never drawn (the least among the others wins, even if the last one was practised less);
 * ties are broken by the seed: one SplitMix64 draw from state `seed`, u = (draw >> 11) x 2^-53,
 * and the floor(u x ties)-th of the tied forms in list order. Returns the form's index, or -1
 * when nforms < 1. */
int forms_draw(int nforms, const int *practised, int last, uint64_t seed);

#endif
