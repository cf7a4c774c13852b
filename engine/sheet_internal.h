/* The sheet's helpers shared by its files (sheet_csv.c, sheet_export.c, sheet_import.c,
 * sheet_customer.c). Internal to the engine. */
#ifndef SPARRING_SHEET_INTERNAL_H
#define SPARRING_SHEET_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "textbuf.h"

/* Appends one CSV cell (quoted when it holds a comma, quote, CR or LF). A text cell that starts
 * with '=', '+', '-', '@', tab or CR gets a leading '\'' so a spreadsheet never runs it as a
 * formula; the import takes it off again. Numbers are written with guard false. */
void sheet_buf_cell(TextBuf *b, const char *s, bool guard);

/* The fixed columns, in the order written; the per-locale text and feedback columns and the
 * per-competency points columns come between them as noted. */
struct cJSON;
struct Scenario;

/* Prints a JSON value for people (two-space indents; short objects and arrays on one line
 * from `depth` 2 on). */
void sheet_json_print(TextBuf *b, const struct cJSON *v, int depth);

/* The sheet into JSON text (*json_out, malloc'd) and a loaded Scenario; both NULL after any
 * error, every problem in diags at the sheet's row and column (sheet_import.c). */
struct Scenario *sheet_import_scenario(const char *csv, size_t len, const char *name, const char *dir,
                                       DiagList *diags, char **json_out);

/* The customer's traits in the "value" cell of the setting "customer" (sheet_customer.c):
 * appended to b as "gender=female age=middle style=formal glasses=yes mood=angry"; and parsed
 * back (cell is cut up) into customer's members: false, with a message, at a word not understood. */
void sheet_customer_format(TextBuf *b, const struct cJSON *customer);
bool sheet_customer_parse(char *cell, struct cJSON *customer, char *msg, size_t size);

/* A yes/no cell (lower-cased in place): 1 for "yes", "true", "x", "1" or "是"; 0 for "no",
 * "false", "0" or "否"; -1 for anything else (sheet_customer.c). */
int sheet_yes_no(char *s);

#define SHEET_COL_KIND "kind"
#define SHEET_COL_ID "id"
#define SHEET_COL_SPEAKER "speaker"
#define SHEET_COL_MOOD "mood"
/* then one text column per locale, named by the locale code ("zh", "en") */
#define SHEET_COL_NEXT "next"
#define SHEET_COL_END "end"
#define SHEET_COL_REQUIRES "requires"
/* then one column per competency, "points COMPETENCY" */
#define SHEET_COL_EFFECTS "effects"
/* then one feedback column per locale, "feedback LOCALE" */
#define SHEET_COL_TECHNIQUE "technique"
#define SHEET_COL_CRITICAL "critical"
#define SHEET_COL_TIMER "timer"
#define SHEET_COL_SOUND "sound"
#define SHEET_COL_VALUE "value"
#define SHEET_POINTS_PREFIX "points "
#define SHEET_FEEDBACK_PREFIX "feedback "

#endif
