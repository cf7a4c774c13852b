/* audit: scenario files loaded and audited step by step; the reading loads and
 * the findings (audit.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit_internal.h"

static const char *const strategy_names[AUDIT_NSTRATEGIES] = {"longest", "second-longest", "shortest", "rule",
                                                              "classifier"};

const char *audit_strategy_name(AuditStrategy s)
{
    return s >= 0 && s < AUDIT_NSTRATEGIES ? strategy_names[s] : "?";
}

void audit_options_default(AuditOptions *o)
{
    memset(o, 0, sizeof *o);
    o->seeds = 20;
    o->max_blind_pass = 2;
    o->trap_points = -3;
    o->max_reading = 100;
}

/* ---- analysis ---- */

/* The word table of a locale: DIR/CODE.txt, else DIR/LANG.txt for a code like "zh-TW". */
static void load_words(AuditFile *f, int loc, const char *dir)
{
    AuditLocale *L = &f->locales[loc];
    char path[4096], lang[16], err[512];
    if (!dir)
        return;
    snprintf(lang, sizeof lang, "%s", L->code);
    lang[strcspn(lang, "-_.")] = 0;
    const char *names[] = {L->code, lang};
    for (int i = 0; i < 2 && !f->work->words[loc]; i++) {
        snprintf(path, sizeof path, "%s/%s.txt", dir, names[i]);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        f->work->words[loc] = audit_words_load(path, err, sizeof err);
        if (!f->work->words[loc] && !L->words_error)
            L->words_error = audit_strdup(err);
    }
    L->words = f->work->words[loc] != NULL;
}

static int add_reading(AuditFile *f, int *cap, int node, int loc, double seconds, double limit)
{
    if (audit_grow(&f->reading, cap, f->nreading, sizeof *f->reading) < 0)
        return -1;
    AuditReading *r = &f->reading[f->nreading];
    r->node = audit_strdup(scenario_node(f->sc, node)->id);
    if (!r->node)
        return -1;
    r->locale = loc;
    r->seconds = seconds;
    r->limit = limit;
    f->nreading++;
    return 0;
}

/* Per timed decision and locale with a reading rate: the seconds to read the line and every
 * answer. */
static int reading_loads(AuditFile *f)
{
    int cap = 0;
    for (int i = 0; i < scenario_node_count(f->sc); i++) {
        const ScNode *n = scenario_node(f->sc, i);
        if (n->kind != SC_NODE_CHOICES || !(n->time_limit > 0) || !n->timeout)
            continue;
        for (int loc = 0; loc < f->nlocales; loc++) {
            const AuditWords *w = f->work->words[loc];
            if (audit_words_rate(w) <= 0)
                continue;
            double sec = audit_reading_seconds(w, scenario_text(&n->text, loc));
            for (int c = 0; c < n->nchoices; c++)
                sec += audit_reading_seconds(w, scenario_text(&n->choices[c].text, loc));
            if (add_reading(f, &cap, i, loc, sec, n->time_limit) < 0)
                return -1;
        }
    }
    return 0;
}

static int work_new(AuditFile *f)
{
    int nl = f->nlocales;
    AuditWork *w = f->work = calloc(1, sizeof *w);
    if (!w)
        return -1;
    w->words = calloc((size_t)nl, sizeof *w->words);
    w->rows = calloc((size_t)nl, sizeof *w->rows);
    w->weights = calloc((size_t)nl, sizeof *w->weights);
    w->trained = calloc((size_t)nl, sizeof *w->trained);
    w->surfaces = calloc((size_t)nl, sizeof *w->surfaces);
    f->locales = calloc((size_t)nl, sizeof *f->locales);
    return w->words && w->rows && w->weights && w->trained && w->surfaces && f->locales ? 0 : -1;
}

/* Loads one file and analyses it; a file that does not load keeps its diagnostics. */
static int analyse_file(AuditFile *f, const AuditOptions *o)
{
    f->sc = scenario_load_file(f->path, &f->diags);
    if (!f->sc)
        return 0;
    f->id = audit_strdup(scenario_id(f->sc));
    f->nlocales = scenario_locale_count(f->sc);
    if (!f->id || work_new(f) < 0)
        return -1;
    for (int loc = 0; loc < f->nlocales; loc++) {
        snprintf(f->locales[loc].code, sizeof f->locales[loc].code, "%s", scenario_locale(f->sc, loc));
        load_words(f, loc, o->words_dir);
    }
    bool too_big;
    f->work->value = audit_value_new(f->sc, &too_big);
    if (!f->work->value)
        return too_big ? 0 : -1;
    if (audit_walk(f, o) < 0 || audit_surface_stats(f) < 0 || reading_loads(f) < 0)
        return -1;
    return 0;
}

AuditReport *audit_analyse(char *const *paths, int npaths, const AuditOptions *o)
{
    AuditReport *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->opts = *o;
    r->files = calloc((size_t)(npaths ? npaths : 1), sizeof *r->files);
    if (!r->files) {
        free(r);
        return NULL;
    }
    for (int i = 0; i < npaths; i++) {
        AuditFile *f = &r->files[r->nfiles++];
        f->path = audit_strdup(paths[i]);
        if (!f->path || analyse_file(f, o) < 0) {
            audit_free(r);
            return NULL;
        }
    }
    return r;
}

void audit_train(AuditReport *r)
{
    for (int i = 0; i < r->nfiles; i++)
        audit_train_file(r, i);
}

/* ---- findings ---- */

static int add_finding(AuditReport *r, AuditFile *f, int *cap, AuditFindingKind kind, int index, int strategy)
{
    if (audit_grow(&f->findings, cap, f->nfindings, sizeof *f->findings) < 0)
        return -1;
    f->findings[f->nfindings++] = (AuditFinding){kind, index, strategy};
    r->nfindings++;
    return 0;
}

static int mistake_findings(AuditReport *r, AuditFile *f, int *cap)
{
    for (int i = 0; i < f->nmistakes; i++) {
        const AuditMistake *m = &f->mistakes[i];
        if (m->points <= r->opts.trap_points && m->passed > 0 && add_finding(r, f, cap, AUDIT_FIND_TRAP, i, 0) < 0)
            return -1;
        if (m->passed > 0 && m->passed < m->reached && add_finding(r, f, cap, AUDIT_FIND_SEED, i, 0) < 0)
            return -1;
        if (m->timeout && m->ended_passed > 0 && add_finding(r, f, cap, AUDIT_FIND_SILENCE, i, 0) < 0)
            return -1;
    }
    return 0;
}

static int file_findings(AuditReport *r, AuditFile *f)
{
    int cap = 0;
    if (!f->sc)
        return add_finding(r, f, &cap, AUDIT_FIND_LOAD, -1, 0);
    for (int loc = 0; loc < f->nlocales; loc++)
        if (f->locales[loc].words_error && add_finding(r, f, &cap, AUDIT_FIND_WORDS, loc, 0) < 0)
            return -1;
    if (!f->work->value)
        return add_finding(r, f, &cap, AUDIT_FIND_TOO_BIG, -1, 0);
    for (int loc = 0; loc < f->nlocales; loc++) {
        const AuditLocale *L = &f->locales[loc];
        for (int st = 0; st < AUDIT_NSTRATEGIES; st++)
            if (L->plays[st] && L->passes[st] * 100.0 > r->opts.max_blind_pass * L->plays[st] &&
                add_finding(r, f, &cap, AUDIT_FIND_BLIND, loc, st) < 0)
                return -1;
    }
    if (f->best_passes < f->best_plays && add_finding(r, f, &cap, AUDIT_FIND_BEST_FAILS, -1, 0) < 0)
        return -1;
    if (f->best_critical && add_finding(r, f, &cap, AUDIT_FIND_BEST_CRITICAL, -1, 0) < 0)
        return -1;
    if (mistake_findings(r, f, &cap) < 0)
        return -1;
    for (int i = 0; i < f->nreading; i++)
        if (f->reading[i].seconds > f->reading[i].limit * r->opts.max_reading / 100.0 &&
            add_finding(r, f, &cap, AUDIT_FIND_READING, i, 0) < 0)
            return -1;
    return 0;
}

void audit_blind(AuditReport *r)
{
    for (int i = 0; i < r->nfiles; i++) {
        AuditFile *f = &r->files[i];
        if (f->work && f->work->value)
            audit_play_blind(f, &r->opts);
        file_findings(r, f);
    }
}

AuditReport *audit_run(char *const *paths, int npaths, const AuditOptions *o)
{
    AuditReport *r = audit_analyse(paths, npaths, o);
    if (r) {
        audit_train(r);
        audit_blind(r);
    }
    return r;
}

static void work_free(AuditWork *w, int nlocales)
{
    if (!w)
        return;
    audit_value_free(w->value);
    for (int l = 0; w->words && l < nlocales; l++)
        audit_words_free(w->words[l]);
    for (int l = 0; w->rows && l < nlocales; l++) {
        free(w->rows[l].x);
        free(w->rows[l].y);
    }
    for (int l = 0; w->surfaces && l < nlocales; l++)
        free(w->surfaces[l]);
    free(w->surfaces);
    free(w->first_choice);
    free(w->words);
    free(w->rows);
    free(w->weights);
    free(w->trained);
    free(w->decisions);
    free(w);
}

static void file_free(AuditFile *f)
{
    for (int l = 0; f->locales && l < f->nlocales; l++) {
        free(f->locales[l].words_error);
        for (int st = 0; st < AUDIT_NSTRATEGIES; st++)
            free(f->locales[l].pass_choices[st]);
    }
    for (int i = 0; i < f->nmistakes; i++) {
        AuditMistake *m = &f->mistakes[i];
        free(m->node);
        free(m->choice);
        free(m->pass_choices);
        free(m->fail_choices);
    }
    for (int i = 0; i < f->nreading; i++)
        free(f->reading[i].node);
    work_free(f->work, f->nlocales);
    free(f->locales);
    free(f->mistakes);
    free(f->reading);
    free(f->findings);
    free(f->best_fail_choices);
    free(f->best_critical);
    free(f->best_critical_choice);
    free(f->path);
    free(f->id);
    diag_list_free(&f->diags);
    scenario_free(f->sc);
}

void audit_free(AuditReport *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->nfiles; i++)
        file_free(&r->files[i]);
    free(r->files);
    free(r);
}
