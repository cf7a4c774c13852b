/* lint: authoring warnings on a loaded scenario (lint.h). */
#include "lint.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpos.h"
#include "sheet.h"

static void ignore(void *ctx, size_t off, const char *pointer, const char *message)
{
    (void)ctx, (void)off, (void)pointer, (void)message;
}

int lint_scenario(const Scenario *sc, const char *text, size_t len, const char *name, DiagList *diags)
{
    if (text && len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
        text += 3, len -= 3; /* a byte-order mark takes no column */
    bool fatal = false;
    JsonPos *jp = text ? jsonpos_build(text, len, SC_MAX_DEPTH, ignore, NULL, &fatal) : NULL;
    int added = 0;
    for (int i = 0; i < scenario_node_count(sc); i++) {
        const ScNode *n = scenario_node(sc, i);
        for (int k = 0; k < n->nchoices; k++) {
            if (n->choices[k].feedback.by_locale)
                continue;
            char where[160];
            snprintf(where, sizeof where, "/nodes/%s/choices/%d", n->id, k);
            int line = 0, col = 0;
            if (jp) {
                size_t off = jsonpos_find(jp, where, false);
                jsonpos_lines_cols(text, len, &off, 1, &line, &col);
            }
            if (diag_add(diags, DIAG_WARNING, name, line, col, where,
                         "answer \"%s\" has no \"feedback\": the debrief shows nothing for it; say why it works or not",
                         n->choices[k].id) == 0)
                added++;
        }
    }
    jsonpos_free(jp);
    return added;
}

int lint_scenario_file(const Scenario *sc, const char *path, DiagList *diags)
{
    char err[300];
    size_t len = 0;
    char *text = sheet_is_sheet_path(path) ? NULL : sheet_read_file(path, &len, err, sizeof err);
    int added = lint_scenario(sc, text, len, path, diags);
    free(text);
    return added;
}
