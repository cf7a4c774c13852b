/* ui_forms: see ui_forms.h. */
#include <stdlib.h>
#include <string.h>

#include "forms.h"
#include "records.h"
#include "ui_forms.h"

static bool same_group(const UiApp *a, int i, int j)
{
    const Scenario *x = a->entries[i].sc, *y = a->entries[j].sc;
    return x && y && strcmp(scenario_group(x), scenario_group(y)) == 0;
}

bool ui_form_shadowed(const UiApp *a, int i)
{
    for (int j = 0; j < i; j++)
        if (same_group(a, i, j))
            return true;
    return false;
}

int ui_form_count(const UiApp *a, int i)
{
    int n = 0;
    for (int j = 0; j < a->nentries; j++)
        n += same_group(a, i, j);
    return n;
}

int ui_assess_form(UiApp *a, int i, uint64_t seed)
{
    int n = ui_form_count(a, i);
    if (n < 2)
        return i;
    int *form = calloc((size_t)n, sizeof *form), *practised = calloc((size_t)n, sizeof *practised);
    const char **ids = calloc((size_t)n, sizeof *ids);
    if (!form || !practised || !ids) {
        free(form), free(practised), free(ids);
        return i;
    }
    int k = 0;
    for (int j = 0; j < a->nentries; j++) /* sorted by scenario id (insertion) */
        if (same_group(a, i, j)) {
            int at = k++;
            while (at > 0 && strcmp(scenario_id(a->entries[form[at - 1]].sc), scenario_id(a->entries[j].sc)) > 0) {
                form[at] = form[at - 1];
                at--;
            }
            form[at] = j;
        }
    for (k = 0; k < n; k++)
        ids[k] = scenario_id(a->entries[form[k]].sc);
    int last = -1;
    char err[512];
    if (!a->db || records_form_practice(a->db, a->set.trainee_id, ids, n, practised, &last, err, sizeof err) != 0)
        memset(practised, 0, (size_t)n * sizeof *practised), last = -1;
    int d = forms_draw(n, practised, last, seed);
    int pick = d >= 0 ? form[d] : i;
    free(form), free(practised), free(ids);
    return pick;
}
