/* ui_from: play-testing from any node, `sparring play FILE --from NODE [--set METER=VALUE]`
 * (ui_from.h). */
#include "sheet.h"
#include "ui_from.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "records.h"

/* ---- play --from ---------------------------------------------------------------------------- */

/* "a, b, c" of every node (or meter) id, cut short with "..." when long. */
static void list_ids(const Scenario *sc, bool meters, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = 0;
    int count = meters ? scenario_meter_count(sc) : scenario_node_count(sc);
    for (int i = 0; i < count; i++) {
        const char *id = meters ? scenario_meter(sc, i)->id : scenario_node(sc, i)->id;
        int k = snprintf(buf + n, size - n, "%s%s", i ? ", " : "", id);
        if (k < 0 || (size_t)k >= size - n - 5) {
            snprintf(buf + n, size - n, ", ...");
            return;
        }
        n += (size_t)k;
    }
    if (count == 0)
        snprintf(buf, size, "(none)");
}

int ui_from_parse(const char *path, const char *node, const char *const *sets, int nsets, UiFrom *out,
                  char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    DiagList diags = {0};
    Scenario *sc = sheet_load_file(path, &diags); /* a .csv sheet too */
    if (!sc) {
        char first[1024];
        diag_first_error(&diags, first, sizeof first, "cannot be loaded");
        snprintf(err, errsize, "%s (check it with `sparring validate %s`)", first, path);
        diag_list_free(&diags);
        return 1;
    }
    diag_list_free(&diags);
    char names[2048];
    int rc = 2;
    out->node = scenario_find_node(sc, node);
    if (out->node < 0) {
        list_ids(sc, false, names, sizeof names);
        snprintf(err, errsize, "--from: no node \"%s\" in %s; its nodes: %s", node, path, names);
        goto done;
    }
    if (nsets > UI_FROM_MAX_SETS) {
        snprintf(err, errsize, "--set: at most %d", UI_FROM_MAX_SETS);
        goto done;
    }
    for (int i = 0; i < nsets; i++) {
        const char *eq = strchr(sets[i], '=');
        if (!eq || eq == sets[i] || !eq[1]) {
            snprintf(err, errsize, "--set takes METER=VALUE, e.g. --set patience=20 (got \"%s\")", sets[i]);
            goto done;
        }
        char id[256];
        snprintf(id, sizeof id, "%.*s", (int)(eq - sets[i]), sets[i]);
        int m = scenario_find_meter(sc, id);
        if (m < 0) {
            list_ids(sc, true, names, sizeof names);
            snprintf(err, errsize, "--set: no meter \"%s\" in %s; its meters: %s", id, path, names);
            goto done;
        }
        const ScMeter *mt = scenario_meter(sc, m);
        char *end;
        errno = 0;
        long v = strtol(eq + 1, &end, 10);
        if (*end || errno || v < mt->min || v > mt->max) {
            snprintf(err, errsize, "--set %s: \"%s\" is not a whole number from %d to %d (the meter's range)", id,
                     eq + 1, mt->min, mt->max);
            goto done;
        }
        out->meter[out->nsets] = m;
        out->value[out->nsets] = (int)v;
        out->nsets++;
    }
    rc = 0;
done:
    scenario_free(sc);
    return rc;
}

int ui_from_start(UiApp *a, const UiFrom *f, char *err, size_t errsize)
{
    const Scenario *sc = ui_app_open_scenario(a);
    if (!sc) {
        snprintf(err, errsize, "the scenario did not open (is it valid?)");
        return -1;
    }
    if (f->node < 0 || f->node >= scenario_node_count(sc)) {
        snprintf(err, errsize, "no such node");
        return -1;
    }
    PlayStep steps[UI_FROM_MAX_SETS];
    for (int i = 0; i < f->nsets; i++)
        steps[i] = (PlayStep){.kind = PLAY_STEP_METER, .node = f->node, .index = f->meter[i], .value = f->value[i]};
    uint64_t seed = (uint64_t)time(NULL) * 6364136223846793005ull ^ SDL_GetPerformanceCounter();
    if (ui_app_start_from(a, seed, ui_app_play_options(a), f->node, steps, f->nsets, err, errsize) != 0)
        return -1;
    /* The attempt says what it is: a play-test started part way, never a real call. */
    Recorder *rec = ui_app_recorder(a);
    if (rec) {
        char detail[1024];
        int n = snprintf(detail, sizeof detail, "play-test from node \"%s\" (sparring play --from)",
                         scenario_node(sc, f->node)->id);
        for (int i = 0; i < f->nsets && n > 0 && (size_t)n < sizeof detail; i++)
            n += snprintf(detail + n, sizeof detail - (size_t)n, "%s%s=%d", i ? ", " : "; set ",
                          scenario_meter(sc, f->meter[i])->id, f->value[i]);
        char rerr[256];
        if (recorder_mentor_event(rec, "comment", detail, 0, 0, rerr, sizeof rerr) < 0)
            ui_app_note(a, rerr);
    }
    return 0;
}
