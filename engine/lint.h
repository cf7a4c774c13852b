/* lint: what a loaded, valid scenario can still get wrong for the people who play it, said as
 * warnings by `sparring validate` and `sparring sheet import` (not by the loader, so the window
 * and the records never see them): an answer without feedback. */
#ifndef SPARRING_LINT_H
#define SPARRING_LINT_H

#include <stddef.h>

#include "diag.h"
#include "scenario.h"

/* Appends a warning for each answer without "feedback", named `name`, at its line and column
 * in `text` (the file's bytes; NULL or unparsable: no position). Returns how many it added. */
int lint_scenario(const Scenario *sc, const char *text, size_t len, const char *name, DiagList *diags);

/* The same, reading the text from `path` (a .csv sheet: no position). */
int lint_scenario_file(const Scenario *sc, const char *path, DiagList *diags);

#endif
