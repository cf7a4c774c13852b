/* scenario_top: the top level of a scenario file, walked in the order references need. */
#include "scenario_parse.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool valid_scenario_id(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
        return false;
    size_t n = 0;
    for (const char *p = s; *p; p++, n++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return n <= 64;
}

static bool valid_version(const char *s)
{
    for (int part = 0; part < 3; part++) {
        if (*s < '0' || *s > '9' || (s[0] == '0' && s[1] >= '0' && s[1] <= '9'))
            return false; /* no leading zeros (SemVer): "01.0.0" is not 1.0.0 */
        while (*s >= '0' && *s <= '9')
            s++;
        if (part < 2 && *s++ != '.')
            return false;
    }
    return *s == 0;
}

static bool valid_locale(const char *s)
{
    size_t n = 0;
    while (s[n] >= 'a' && s[n] <= 'z')
        n++;
    if (n < 2 || n > 3)
        return false;
    s += n;
    while (*s) {
        if (*s != '_' && *s != '-')
            return false;
        s++;
        n = 0;
        while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9'))
            n++;
        if (n < 2 || n > 8)
            return false;
        s += n;
    }
    return true;
}
/* ---- the top level ---- */

static const cJSON *top_member(L *l, const cJSON *root, const char *key, bool required)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!it && required)
        sl_err(l, "missing required key \"%s\"", key);
    return it;
}

static void get_locales(L *l, const cJSON *root)
{
    Scenario *sc = l->sc;
    const cJSON *it = top_member(l, root, "locales", true);
    if (!it)
        return;
    size_t mark = sl_path_push(l, "locales");
    int n = cJSON_IsArray(it) ? cJSON_GetArraySize(it) : 0;
    if (!cJSON_IsArray(it)) {
        sl_err(l, "\"locales\" must be an array of locale codes such as [\"zh\", \"en\"], not %s", sl_type_name(it));
    } else if (n == 0) {
        sl_err(l, "\"locales\" is empty; give at least one locale code, such as [\"en\"]");
    } else if (n > SC_MAX_LOCALES) {
        sl_err(l, "%d locales; the limit is %d", n, SC_MAX_LOCALES);
    } else {
        sc->locales = sl_array(l, (size_t)n, sizeof(char *));
        int i = 0, ok = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, it)
        {
            size_t m2 = sl_path_push_index(l, i++);
            if (!cJSON_IsString(c) || !valid_locale(c->valuestring)) {
                sl_err(l, "a locale code is 2 or 3 lowercase letters with an optional region, such as \"zh\", "
                       "\"en\" or \"zh-TW\"");
            } else {
                bool dup = false;
                for (int k = 0; k < ok; k++)
                    dup |= !strcmp(sc->locales[k], c->valuestring);
                if (dup)
                    sl_err(l, "locale \"%s\" is listed twice", c->valuestring);
                else
                    sc->locales[ok++] = sl_strdup(l, c->valuestring);
            }
            sl_path_pop(l, m2);
        }
        if (ok == n)
            sc->nlocales = n;
    }
    sl_path_pop(l, mark);
}

static void get_competencies(L *l, const cJSON *root)
{
    Scenario *sc = l->sc;
    const cJSON *it = top_member(l, root, "competencies", true);
    sl_map_init(l, &l->ld->competencies, SC_MAX_COMPETENCIES);
    if (!it)
        return;
    size_t mark = sl_path_push(l, "competencies");
    int n = cJSON_IsObject(it) ? cJSON_GetArraySize(it) : 0;
    if (!cJSON_IsObject(it)) {
        sl_err(l, "\"competencies\" must be an object: id -> {\"name\": text}; not %s", sl_type_name(it));
    } else if (n == 0) {
        sl_err(l, "\"competencies\" is empty; a scenario scores at least one competency");
    } else {
        if (n > SC_MAX_COMPETENCIES) {
            sl_err(l, "%d competencies; the limit is %d", n, SC_MAX_COMPETENCIES);
            n = SC_MAX_COMPETENCIES; /* the first ones are still read, to spare a cascade of errors */
        }
        sc->competencies = sl_array(l, (size_t)n, sizeof *sc->competencies);
        static const char *const known[] = {"name", NULL};
        const cJSON *c;
        cJSON_ArrayForEach(c, it)
        {
            if (sc->ncompetencies == n)
                break;
            size_t m2 = sl_path_push(l, c->string);
            ScCompetency *k = &sc->competencies[sc->ncompetencies++];
            k->id = sl_strdup(l, c->string);
            sl_check_id(l, c->string, "competency", true); /* registered anyway: no cascade of errors */
            sl_map_put(l, &l->ld->competencies, k->id, sc->ncompetencies - 1);
            if (!cJSON_IsObject(c)) {
                sl_err(l, "a competency must be an object {\"name\": text}, not %s", sl_type_name(c));
            } else {
                sl_check_keys(l, c, known, "a competency");
                sl_member_text(l, c, "name", &k->name, true, "a competency's name");
            }
            sl_path_pop(l, m2);
        }
    }
    sl_path_pop(l, mark);
}

static void get_meters(L *l, const cJSON *root)
{
    Scenario *sc = l->sc;
    const cJSON *it = top_member(l, root, "meters", false);
    if (!it)
        return;
    size_t mark = sl_path_push(l, "meters");
    int n = cJSON_IsObject(it) ? cJSON_GetArraySize(it) : 0;
    if (!cJSON_IsObject(it)) {
        sl_err(l, "\"meters\" must be an object: id -> meter; not %s", sl_type_name(it));
    } else {
        if (n > SC_MAX_METERS) {
            sl_err(l, "%d meters; the limit is %d", n, SC_MAX_METERS);
            n = SC_MAX_METERS;
        }
        sc->meters = sl_array(l, (size_t)n, sizeof *sc->meters);
        static const char *const known[] = {"name", "min", "max", "start", "show", NULL};
        const cJSON *c;
        cJSON_ArrayForEach(c, it)
        {
            if (sc->nmeters == n)
                break;
            size_t m2 = sl_path_push(l, c->string);
            ScMeter *m = &sc->meters[sc->nmeters++];
            m->id = sl_strdup(l, c->string);
            m->show = true;
            sl_check_id(l, c->string, "meter", true);
            sl_map_put(l, &l->ld->names, m->id, sc->nmeters - 1);
            if (!cJSON_IsObject(c)) {
                sl_err(l, "a meter must be an object {\"name\", \"min\", \"max\", \"start\", \"show\"}, not %s",
                    sl_type_name(c));
                sl_path_pop(l, m2);
                continue;
            }
            sl_check_keys(l, c, known, "a meter");
            sl_member_text(l, c, "name", &m->name, true, "a meter's name");
            static const char *const ints[] = {"min", "max", "start"};
            int *vals[] = {&m->min, &m->max, &m->start};
            bool ok[3] = {false, false, false};
            for (int k = 0; k < 3; k++) {
                const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, ints[k]);
                if (!v) {
                    sl_err(l, "missing required key \"%s\"", ints[k]);
                    continue;
                }
                size_t m3 = sl_path_push(l, ints[k]);
                char what[16];
                snprintf(what, sizeof what, "\"%s\"", ints[k]);
                ok[k] = sl_get_int(l, v, what, vals[k]);
                sl_path_pop(l, m3);
            }
            if (ok[0] && ok[1] && m->min > m->max)
                sl_err_at(l, "min", false, "\"min\" %d is greater than \"max\" %d", m->min, m->max);
            else if (ok[0] && ok[1] && ok[2] && (m->start < m->min || m->start > m->max))
                sl_err_at(l, "start", false, "\"start\" %d is outside [min, max] = [%d, %d]", m->start, m->min,
                       m->max);
            const cJSON *show = cJSON_GetObjectItemCaseSensitive(c, "show");
            if (show) {
                if (!cJSON_IsBool(show))
                    sl_err_at(l, "show", false, "\"show\" must be true or false");
                else
                    m->show = cJSON_IsTrue(show);
            }
            sl_path_pop(l, m2);
        }
    }
    sl_path_pop(l, mark);
}

static void get_events(L *l, const cJSON *root)
{
    Scenario *sc = l->sc;
    const cJSON *it = top_member(l, root, "events", false);
    sl_map_init(l, &l->ld->events, cJSON_IsObject(it) ? cJSON_GetArraySize(it) : 0);
    if (!it)
        return;
    size_t mark = sl_path_push(l, "events");
    if (!cJSON_IsObject(it)) {
        sl_err(l, "\"events\" must be an object: id -> {\"label\": text, \"next\": goto}; not %s", sl_type_name(it));
    } else {
        int n = cJSON_GetArraySize(it);
        sc->events = sl_array(l, (size_t)n, sizeof *sc->events);
        static const char *const known[] = {"label", "next", NULL};
        const cJSON *c;
        cJSON_ArrayForEach(c, it)
        {
            size_t m2 = sl_path_push(l, c->string);
            ScEvent *e = &sc->events[sc->nevents++];
            e->id = sl_strdup(l, c->string);
            e->next.node = -1;
            sl_check_id(l, c->string, "event", true);
            sl_map_put(l, &l->ld->events, e->id, sc->nevents - 1);
            if (!cJSON_IsObject(c)) {
                sl_err(l, "an event must be an object {\"label\": text, \"next\": goto}, not %s", sl_type_name(c));
            } else {
                sl_check_keys(l, c, known, "an event");
                sl_member_text(l, c, "label", &e->label, true, "an event's label");
                sl_member_goto(l, c, &e->next);
            }
            sl_path_pop(l, m2);
        }
    }
    sl_path_pop(l, mark);
}

/* "format" first: another format's rules are not this build's to check. Returns false when
 * nothing else is to be checked. */
static bool get_format(L *l, const cJSON *root)
{
    const cJSON *fmt = top_member(l, root, "format", true);
    if (fmt) {
        size_t mark = sl_path_push(l, "format");
        if (!cJSON_IsNumber(fmt)) {
            sl_err(l, "\"format\" must be the integer 1, not %s", sl_type_name(fmt));
        } else if (fmt->valuedouble != 1) {
            double d = fmt->valuedouble;
            if (d == floor(d) && fabs(d) < 1e15)
                sl_err(l, "unsupported format %.0f; this build reads 1", d);
            else
                sl_err(l, "unsupported format %g; this build reads 1", d);
            l->stop = true;
        }
        sl_path_pop(l, mark);
    }
    return !l->stop;
}

/* "$schema", "id", "group", "version" and "level". */
static void get_identity(L *l, const cJSON *root)
{
    Scenario *sc = l->sc;
    const cJSON *it;
    if ((it = top_member(l, root, "$schema", false)) && !cJSON_IsString(it))
        sl_err_at(l, "$schema", false, "\"$schema\" must be a string");
    if ((it = top_member(l, root, "id", true))) {
        size_t mark = sl_path_push(l, "id");
        if (!cJSON_IsString(it))
            sl_err(l, "\"id\" must be a string, not %s", sl_type_name(it));
        else if (!valid_scenario_id(it->valuestring))
            sl_err(l, "invalid scenario id \"%s\": lowercase letters, digits and '-', starting with a letter or "
                   "digit, at most 64",
                SHOWN(it->valuestring));
        else
            sc->id = sl_strdup(l, it->valuestring);
        sl_path_pop(l, mark);
    }
    if ((it = top_member(l, root, "group", false))) {
        size_t mark = sl_path_push(l, "group");
        if (!cJSON_IsString(it))
            sl_err(l, "\"group\" must be a string, not %s", sl_type_name(it));
        else if (!valid_scenario_id(it->valuestring))
            sl_err(l, "invalid group \"%s\": written like a scenario id (lowercase letters, digits and '-', "
                   "starting with a letter or digit, at most 64)",
                SHOWN(it->valuestring));
        else
            sc->group = sl_strdup(l, it->valuestring);
        sl_path_pop(l, mark);
    }
    if ((it = top_member(l, root, "version", true))) {
        size_t mark = sl_path_push(l, "version");
        if (!cJSON_IsString(it))
            sl_err(l, "\"version\" must be a string such as \"1.0.0\", not %s", sl_type_name(it));
        else if (strlen(it->valuestring) > 64 || !valid_version(it->valuestring))
            sl_err(l, "invalid version \"%s\": write MAJOR.MINOR.PATCH, such as \"1.0.0\"", SHOWN(it->valuestring));
        else
            sc->version = sl_strdup(l, it->valuestring);
        sl_path_pop(l, mark);
    }
    if ((it = top_member(l, root, "level", true))) {
        size_t mark = sl_path_push(l, "level");
        if (cJSON_IsString(it) && !strcmp(it->valuestring, "new_hire"))
            sc->level = SC_LEVEL_NEW_HIRE;
        else if (cJSON_IsString(it) && !strcmp(it->valuestring, "experienced"))
            sc->level = SC_LEVEL_EXPERIENCED;
        else if (cJSON_IsString(it) && !strcmp(it->valuestring, "manager"))
            sc->level = SC_LEVEL_MANAGER;
        else
            sl_err(l, "\"level\" must be \"new_hire\", \"experienced\" or \"manager\"");
        sl_path_pop(l, mark);
    }
}

static void get_tags(L *l, const cJSON *root)
{
    Scenario *sc = l->sc;
    const cJSON *it;
    if ((it = top_member(l, root, "tags", false))) {
        size_t mark = sl_path_push(l, "tags");
        if (!cJSON_IsArray(it)) {
            sl_err(l, "\"tags\" must be an array of strings, not %s", sl_type_name(it));
        } else {
            int n = cJSON_GetArraySize(it), i = 0;
            sc->tags = sl_array(l, (size_t)n, sizeof(char *));
            const cJSON *t;
            cJSON_ArrayForEach(t, it)
            {
                size_t m2 = sl_path_push_index(l, i++);
                const char *s = sl_get_string(l, t, "a tag");
                if (s)
                    sc->tags[sc->ntags++] = sl_strdup(l, s);
                sl_path_pop(l, m2);
            }
        }
        sl_path_pop(l, mark);
    }
}

/* "pass_percent" and "time_limit". */
static void get_numbers(L *l, const cJSON *root)
{
    Scenario *sc = l->sc;
    const cJSON *it;
    sc->pass_percent = 80;
    if ((it = top_member(l, root, "pass_percent", false))) {
        size_t mark = sl_path_push(l, "pass_percent");
        int v;
        if (sl_get_int(l, it, "\"pass_percent\"", &v)) {
            if (v < 0 || v > 100)
                sl_err(l, "\"pass_percent\" %d is outside 0..100", v);
            else
                sc->pass_percent = v;
        }
        sl_path_pop(l, mark);
    }
    if ((it = top_member(l, root, "time_limit", false))) {
        size_t mark = sl_path_push(l, "time_limit");
        sl_get_time_limit(l, it, &sc->time_limit);
        sl_path_pop(l, mark);
    }
}

/* The flags named in "set", before any node: effects and conditions refer to them. */
static void get_flags(L *l)
{
    Scenario *sc = l->sc;
    NameList *nl = &l->flags;
    sl_collect_flags(l);
    if (nl->n > SC_MAX_FLAGS)
        sl_err(l, "%d flags are named in \"set\"; the limit is %d", nl->n, SC_MAX_FLAGS);
    sc->nflags = nl->n < SC_MAX_FLAGS ? nl->n : SC_MAX_FLAGS;
    sc->flags = sl_array(l, (size_t)sc->nflags, sizeof(char *));
    for (int i = 0; i < sc->nflags; i++)
        sc->flags[i] = (char *)nl->names[i]; /* in the arena, like the map's keys */
    l->flag_read = sl_array(l, (size_t)sc->nflags + 1, sizeof(bool));
}

/* Node ids first, since references may point forward. Returns the number of nodes, or -1
 * when there are too many to check anything else. */
static int declare_nodes(L *l, const cJSON *nodes)
{
    Scenario *sc = l->sc;
    int nn = 0;
    if (nodes) {
        size_t mark = sl_path_push(l, "nodes");
        nn = cJSON_IsObject(nodes) ? cJSON_GetArraySize(nodes) : 0;
        if (!cJSON_IsObject(nodes)) {
            sl_err(l, "\"nodes\" must be an object: id -> node; not %s", sl_type_name(nodes));
        } else if (nn == 0) {
            sl_err(l, "\"nodes\" is empty; a scenario needs at least one node");
        } else if (nn > SC_MAX_NODES) {
            /* one clear error; the rest would be noise (and a generated file could be huge) */
            sl_err(l, "%d nodes; the limit is %d", nn, SC_MAX_NODES);
            l->stop = true;
            sl_path_pop(l, mark);
            return -1;
        }
        sl_path_pop(l, mark);
        if (!cJSON_IsObject(nodes))
            nn = 0;
    }
    sl_map_init(l, &l->ld->nodes, nn);
    sc->nodes = sl_array(l, (size_t)nn, sizeof *sc->nodes);
    l->node_has_limit = sl_array(l, (size_t)nn, sizeof(bool));
    l->node_timeout = sl_array(l, (size_t)nn, sizeof(ScChoice *));
    l->node_timeout_key = sl_array(l, (size_t)nn, sizeof(bool));
    if (nn > 0) {
        const cJSON *c;
        cJSON_ArrayForEach(c, nodes)
        {
            ScNode *n = &sc->nodes[sc->nnodes++];
            n->id = sl_strdup(l, c->string);
            size_t m1 = sl_path_push(l, "nodes");
            size_t m2 = sl_path_push(l, c->string);
            sl_check_id(l, c->string, "node", true);
            sl_map_put(l, &l->ld->nodes, n->id, sc->nnodes - 1);
            sl_path_pop(l, m2);
            sl_path_pop(l, m1);
        }
    }
    /* Flag names must not be meter names (they share one name space), nor invalid; reported
     * at each "set" by the walk below. */
    return nn;
}

/* "start" and the scenario's "timeout". */
static void get_start(L *l, const cJSON *root)
{
    Scenario *sc = l->sc;
    const cJSON *it;
    sc->start = -1;
    if ((it = top_member(l, root, "start", true))) {
        size_t mark = sl_path_push(l, "start");
        sc->start = sl_find_node_ref(l, it);
        sl_path_pop(l, mark);
    }
    if ((it = top_member(l, root, "timeout", false))) {
        size_t mark = sl_path_push(l, "timeout");
        sc->timeout = sl_get_outcome(l, it);
        l->top_timeout_key = true;
        sl_path_pop(l, mark);
    }
}

static void walk_nodes(L *l, const cJSON *nodes, int nn)
{
    if (nn > 0) {
        int i = 0;
        const cJSON *c;
        size_t m1 = sl_path_push(l, "nodes");
        cJSON_ArrayForEach(c, nodes)
        {
            size_t m2 = sl_path_push(l, c->string);
            sl_get_node(l, c, i++);
            sl_path_pop(l, m2);
        }
        sl_path_pop(l, m1);
    }
}

/* Effective timers: the node's, else the scenario's; only choice nodes have one. */
static void node_timers(L *l)
{
    Scenario *sc = l->sc;
    int untimed = 0, first_untimed = -1;
    for (int i = 0; i < sc->nnodes; i++) {
        ScNode *n = &sc->nodes[i];
        if (n->kind != SC_NODE_CHOICES) {
            n->time_limit = 0;
            n->timeout = NULL;
            continue;
        }
        if (!l->node_has_limit[i])
            n->time_limit = sc->time_limit;
        n->timeout = l->node_timeout[i] ? l->node_timeout[i] : sc->timeout;
        /* (a "timeout" written but invalid has its own error already) */
        if (n->time_limit > 0 && !n->timeout && !l->node_timeout_key[i] && !l->top_timeout_key) {
            if (l->node_has_limit[i]) {
                size_t m1 = sl_path_push(l, "nodes");
                size_t m2 = sl_path_push(l, n->id);
                sl_err_at(l, "time_limit", false,
                       "a %g-second timer needs an outcome to take when it runs out: give node \"%s\" or the "
                       "scenario a \"timeout\"",
                       n->time_limit, SHOWN(n->id));
                sl_path_pop(l, m2);
                sl_path_pop(l, m1);
            } else {
                if (first_untimed < 0)
                    first_untimed = i;
                untimed++;
            }
        }
    }
    if (untimed > 0)
        sl_err_at(l, "time_limit", false,
               "a %g-second timer applies to %d choice node%s (the first is \"%s\") but there is no "
               "\"timeout\" outcome to take when it runs out",
               sc->time_limit, untimed, untimed == 1 ? "" : "s", SHOWN(sc->nodes[first_untimed].id));
}

/* Flags set but never read by a condition, and the graph's warnings. */
static void top_warnings(L *l)
{
    Scenario *sc = l->sc;
    /* The warnings below follow from a sound structure; after an error they would mostly
     * repeat it (a node "unreachable" because a reference to it was misspelt). */
    if (sl_errors(l) > 0)
        return;
    /* Flags set but never read by a condition. */
    for (int i = 0; i < sc->nflags; i++)
        if (!l->flag_read[i]) {
            /* at its first "set" */
            size_t m = l->path_len;
            size_t n = strlen(l->flags.where[i]);
            sl_path_reserve(l, n);
            memcpy(l->path + m, l->flags.where[i], n + 1);
            l->path_len += n;
            sl_warn(l, "flag \"%s\" is set but no condition reads it", sc->flags[i]);
            sl_path_pop(l, m);
        }
    sl_graph_warnings(l);
}

/* "say_aloud" (an extension, optional): the trainee says each answer aloud before choosing. */
static void get_say_aloud(L *l, const cJSON *root)
{
    const cJSON *it = top_member(l, root, "say_aloud", false);
    if (!it)
        return;
    if (cJSON_IsBool(it))
        l->sc->say_aloud = cJSON_IsTrue(it);
    else
        sl_err_at(l, "say_aloud", false, "\"say_aloud\" must be true or false");
}

void sl_get_top(L *l)
{
    const cJSON *root = l->root;
    static const char *const known[] = {"$schema", "format",   "id",           "version", "title",
                                        "summary", "level",    "tags",         "locales", "competencies",
                                        "meters",  "pass_percent", "time_limit", "timeout", "events",
                                        "start",   "nodes",    "counterpart", "group",      "say_aloud", NULL};
    if (!cJSON_IsObject(root)) {
        sl_err(l, "a scenario file must be a JSON object {...}, not %s", sl_type_name(root));
        return;
    }
    if (!get_format(l, root))
        return;
    sl_check_keys(l, root, known, "the scenario");
    get_identity(l, root);
    get_locales(l, root);
    sl_member_text(l, root, "title", &l->sc->title, true, "the title");
    sl_member_text(l, root, "summary", &l->sc->summary, false, "the summary");
    sl_member_text(l, root, "counterpart", &l->sc->counterpart, false, "the counterpart");
    get_say_aloud(l, root);
    get_tags(l, root);
    get_numbers(l, root);
    get_competencies(l, root);
    sl_map_init(l, &l->ld->names, SC_MAX_METERS + 64);
    get_meters(l, root);
    get_flags(l);
    const cJSON *nodes = top_member(l, root, "nodes", true);
    int nn = declare_nodes(l, nodes);
    if (nn < 0)
        return;
    get_start(l, root);
    get_events(l, root);
    walk_nodes(l, nodes, nn);
    node_timers(l);
    top_warnings(l);
}
