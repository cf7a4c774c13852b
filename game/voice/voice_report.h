/* Voice coverage for `sparring validate` and `sparring stats`: per locale, how many of the
 * scenario's spoken lines have a take beside the file, and which do not (voice_paths.h). */
#ifndef SPARRING_VOICE_REPORT_H
#define SPARRING_VOICE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "scenario.h"

/* One line: "zh 2 of 4 lines recorded, en 0 of 4" into buf. Returns false (buf "") when the
 * scenario has no voice folder (voice/<id>/ beside it). */
bool voice_report_summary(const Scenario *sc, char *buf, size_t size);

/* Per locale with a line missing: "<prefix><locale> no take: id, id, ..." a line, to f
 * (scenario ids are plain ASCII: nothing to escape). Returns the number of lines printed. */
int voice_report_missing(FILE *f, const Scenario *sc, const char *prefix);

/* {"locales": {"<locale>": {"lines": N, "recorded": N, "missing": ["node", ...]}, ...},
 * "folder": true/false}: locales in the scenario's order, missing lines in recording order
 * (voice_lines); folder: voice/<id>/ exists beside the file. NULL when out of memory. */
cJSON *voice_report_json(const Scenario *sc);

#endif
