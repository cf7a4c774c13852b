/* scenario: what a loaded Scenario says (the loader is scenario_load.c and the files it names). */
#include "scenario_internal.h"

#include <string.h>
#include <strings.h>

const char *scenario_id(const Scenario *sc) { return sc->id; }
const char *scenario_version(const Scenario *sc) { return sc->version; }
const char *scenario_group(const Scenario *sc) { return sc->group ? sc->group : sc->id; }
const char *scenario_path(const Scenario *sc) { return sc->path ? sc->path : ""; }
const char *scenario_sha256(const Scenario *sc) { return sc->sha256; }
ScLevel scenario_level(const Scenario *sc) { return sc->level; }

const char *scenario_level_name(ScLevel level)
{
    switch (level) {
    case SC_LEVEL_NEW_HIRE:
        return "new_hire";
    case SC_LEVEL_EXPERIENCED:
        return "experienced";
    case SC_LEVEL_MANAGER:
        return "manager";
    }
    return "new_hire";
}

const ScText *scenario_title(const Scenario *sc) { return &sc->title; }
const ScText *scenario_summary(const Scenario *sc) { return &sc->summary; }
const ScText *scenario_counterpart(const Scenario *sc) { return &sc->counterpart; }
bool scenario_say_aloud(const Scenario *sc) { return sc->say_aloud; }
int scenario_tag_count(const Scenario *sc) { return sc->ntags; }
const char *scenario_tag(const Scenario *sc, int i) { return sc->tags[i]; }
int scenario_locale_count(const Scenario *sc) { return sc->nlocales; }
const char *scenario_locale(const Scenario *sc, int i) { return sc->locales[i]; }

/* The language part of a locale code: up to the first '_', '-', '.' or '@'. */
static size_t lang_len(const char *code) { return strcspn(code, "_-.@"); }

int scenario_locale_index(const Scenario *sc, const char *code)
{
    if (!code)
        return 0;
    for (int i = 0; i < sc->nlocales; i++)
        if (!strcasecmp(sc->locales[i], code))
            return i;
    size_t n = lang_len(code);
    for (int i = 0; i < sc->nlocales; i++)
        if (lang_len(sc->locales[i]) == n && !strncasecmp(sc->locales[i], code, n))
            return i;
    return 0;
}

const char *scenario_text(const ScText *text, int locale)
{
    if (!text || !text->by_locale || locale < 0)
        return "";
    const char *s = text->by_locale[locale];
    return s ? s : "";
}

int scenario_pass_percent(const Scenario *sc) { return sc->pass_percent; }
double scenario_time_limit(const Scenario *sc) { return sc->time_limit; }
int scenario_start(const Scenario *sc) { return sc->start; }
int scenario_node_count(const Scenario *sc) { return sc->nnodes; }
const ScNode *scenario_node(const Scenario *sc, int i) { return &sc->nodes[i]; }
int scenario_competency_count(const Scenario *sc) { return sc->ncompetencies; }
const ScCompetency *scenario_competency(const Scenario *sc, int i) { return &sc->competencies[i]; }
int scenario_meter_count(const Scenario *sc) { return sc->nmeters; }
const ScMeter *scenario_meter(const Scenario *sc, int i) { return &sc->meters[i]; }

int scenario_flag_count(const Scenario *sc) { return sc->nflags; }
const char *scenario_flag(const Scenario *sc, int i) { return sc->flags[i]; }
int scenario_event_count(const Scenario *sc) { return sc->nevents; }
const ScEvent *scenario_event(const Scenario *sc, int i) { return &sc->events[i]; }
const ScMax *scenario_max(const Scenario *sc) { return &sc->max; }
