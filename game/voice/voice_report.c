/* Voice coverage for validate and stats (voice_report.h). */
#include "voice_report.h"

#include <stdlib.h>
#include <string.h>

#include "voice_paths.h"

bool voice_report_summary(const Scenario *sc, char *buf, size_t size)
{
    if (size)
        buf[0] = '\0';
    size_t at = 0;
    for (int l = 0; l < scenario_locale_count(sc); l++) {
        VoiceCoverage c;
        voice_coverage(sc, l, &c);
        if (!c.any_folder)
            return false;
        int n = l == 0 ? snprintf(buf + at, size - at, "%s %d of %d line%s recorded", scenario_locale(sc, l),
                                  c.recorded, c.lines, c.lines == 1 ? "" : "s")
                       : snprintf(buf + at, size - at, ", %s %d of %d", scenario_locale(sc, l), c.recorded, c.lines);
        if (n < 0 || (size_t)n >= size - at)
            return true; /* cut: what fits */
        at += (size_t)n;
    }
    return at > 0;
}

/* The spoken lines of a locale that have no take; *n of them, in recording order. NULL when
 * none (or out of memory). */
static int *missing_lines(const Scenario *sc, int locale, int *n)
{
    *n = 0;
    int total = voice_lines(sc, locale, NULL, 0);
    if (total <= 0)
        return NULL;
    int *lines = malloc((size_t)total * sizeof *lines);
    if (!lines)
        return NULL;
    voice_lines(sc, locale, lines, total);
    for (int i = 0; i < total; i++)
        if (!voice_take_exists(sc, lines[i], locale))
            lines[(*n)++] = lines[i];
    if (*n == 0) {
        free(lines);
        return NULL;
    }
    return lines;
}

int voice_report_missing(FILE *f, const Scenario *sc, const char *prefix)
{
    int printed = 0;
    for (int l = 0; l < scenario_locale_count(sc); l++) {
        int n;
        int *miss = missing_lines(sc, l, &n);
        if (!miss)
            continue;
        fprintf(f, "%s%s no take:", prefix, scenario_locale(sc, l));
        for (int i = 0; i < n; i++)
            fprintf(f, "%s %s", i ? "," : "", scenario_node(sc, miss[i])->id);
        fputc('\n', f);
        free(miss);
        printed++;
    }
    return printed;
}

cJSON *voice_report_json(const Scenario *sc)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *locs = o ? cJSON_AddObjectToObject(o, "locales") : NULL;
    if (!locs) {
        cJSON_Delete(o);
        return NULL;
    }
    bool folder = false;
    for (int l = 0; l < scenario_locale_count(sc); l++) {
        VoiceCoverage c;
        voice_coverage(sc, l, &c);
        folder = c.any_folder;
        cJSON *e = cJSON_AddObjectToObject(locs, scenario_locale(sc, l));
        if (!e || !cJSON_AddNumberToObject(e, "lines", c.lines) || !cJSON_AddNumberToObject(e, "recorded", c.recorded)) {
            cJSON_Delete(o);
            return NULL;
        }
        cJSON *list = cJSON_AddArrayToObject(e, "missing");
        int n;
        int *miss = missing_lines(sc, l, &n);
        for (int i = 0; list && i < n; i++)
            cJSON_AddItemToArray(list, cJSON_CreateString(scenario_node(sc, miss[i])->id));
        free(miss);
    }
    cJSON_AddBoolToObject(o, "folder", folder);
    return o;
}
