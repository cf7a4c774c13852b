/* sheet: a scenario as a spreadsheet (CSV for Excel and WPS) and back. One row per setting,
 * competency, meter, event, node, answer and timeout; the columns are described in
 * docs/authoring.md ("The spreadsheet route"). The engine prints nothing: errors come back as
 * diagnostics whose line is the sheet's row and whose column is the sheet's column. */
#ifndef SPARRING_SHEET_H
#define SPARRING_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "scenario.h"

/* Limits of a sheet, each a clear error: the file size is the scenario's, and these. */
#define SHEET_MAX_COLUMNS 512
#define SHEET_MAX_ROWS 200000

/* A parsed CSV table: rows of cells (NUL-terminated UTF-8, quotes undone). */
typedef struct {
    char **cells;
    int ncells;
} SheetRow;

typedef struct {
    SheetRow *rows;
    int nrows;
} SheetTable;

/* Parses CSV text (RFC 4180; a UTF-8 byte-order mark, LF or CR LF line ends, and ';' or tab as
 * the separator when the first line has no ',' accepted). On success fills *out (free with
 * sheet_table_free) and returns 0. On a syntax error or a limit returns -1 and adds one error
 * to diags, named `name`, at the row and column (1-based). Out of memory: -1, nothing added. */
int sheet_csv_parse(const char *text, size_t len, const char *name, SheetTable *out, DiagList *diags);
void sheet_table_free(SheetTable *t);

/* The scenario JSON text `json` (a file that validates) as a sheet: CSV text, UTF-8 with a
 * byte-order mark (unless no_bom), CR LF line ends. Returns a malloc'd string (length in *len),
 * or NULL with a message in err (which must hold 256 bytes) when the JSON is not a scenario
 * object or memory runs out. */
char *sheet_export(const char *json, size_t json_len, bool no_bom, size_t *len, char *err);

/* Turns a sheet (CSV text) into scenario JSON text and validates it as the loader does. Every
 * problem is added to diags named `name`, at the row and column of the cell concerned, with
 * the column's name as the pointer ("column next"). Returns the JSON text (malloc'd, formatted
 * for people) when there is no error, else NULL. `dir` (may be NULL) resolves sound paths. */
char *sheet_import(const char *csv, size_t len, const char *name, const char *dir, DiagList *diags);

/* Loads a scenario from a file: a sheet (a name ending in .csv, any case) through
 * sheet_import, else the JSON file itself (scenario_load_file). Same contract as
 * scenario_load_file. */
Scenario *sheet_load_file(const char *path, DiagList *diags);

/* Reads a whole file (a scenario or a sheet, up to a little past the 16 MiB limit, so the
 * loaders can say it is too big): a malloc'd, NUL-terminated copy and its length; NULL with a
 * message in err when it cannot be read. */
char *sheet_read_file(const char *path, size_t *len, char *err, size_t errsize);

/* Whether a path names a sheet (ends in .csv, any case). */
bool sheet_is_sheet_path(const char *path);

#endif
