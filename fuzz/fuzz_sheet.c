/* libFuzzer target: a sheet (CSV) imported as `sparring sheet import` does: the CSV parser,
 * the rows into JSON, the loader on the result and its diagnostics moved onto the sheet; then
 * the result exported again. No folder is given: sound paths are checked for shape only. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sheet.h"

/* Compiled in, instrumented, as fuzz_loader.c explains (the export comes from the library). */
#include "../engine/sheet_csv.c"
#include "../engine/sheet_file.c"
#include "../engine/sheet_import.c"
#include "../engine/suggest.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    DiagList diags = {0};
    char *json = sheet_import((const char *)data, size, "fuzz.csv", NULL, &diags);
    char line[512];
    for (int i = 0; i < diags.count; i++)
        diag_format(&diags.items[i], line, sizeof line);
    if (json) {
        size_t n = 0;
        char err[256];
        free(sheet_export(json, strlen(json), false, &n, err));
    }
    free(json);
    diag_list_free(&diags);
    return 0;
}
