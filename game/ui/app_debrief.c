/* app_debrief: the debrief's content beyond the call (app_core.h): each decision against the
 * best answer on offer, the attempt as recorded (its mentor's comments, read again while the
 * debrief is open), what to practise next (practise_next.h), a past attempt opened from the
 * history, and its case review (UiOptions.review). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "practise_next.h"

/* The debrief's rows: each decision against the best answer then on offer. */
void app_debrief_rows(UiApp *a)
{
    Play *p = a->play;
    const Scenario *sc = play_scenario(p);
    play_result(p, &a->result);
    free(a->rows);
    a->nrows = play_decision_count(p);
    a->rows = calloc((size_t)(a->nrows > 0 ? a->nrows : 1), sizeof *a->rows);
    if (!a->rows)
        a->nrows = 0;
    /* The best answer on offer at each decision: the one that starts the best call (one search). */
    int *bests = malloc((size_t)(play_step_count(p) > 0 ? play_step_count(p) : 1) * sizeof *bests);
    if (bests && play_best_answers(p, bests) != 0) {
        free(bests);
        bests = NULL;
    }
    for (int d = 0; d < a->nrows; d++) {
        UiDebriefRow *r = &a->rows[d];
        r->step = play_decision_step(p, d);
        const PlayStep *st = play_step(p, r->step);
        r->node = st->node;
        r->taken = play_step_choice(p, r->step);
        r->timeout = st->kind == PLAY_STEP_TIMEOUT;
        r->taken_points = ui_choice_points(r->taken);
        /* The best answer that was on offer then (the engine kept what was offered). */
        r->best = bests ? bests[r->step] : play_step_best(p, r->step);
        r->best_points = r->best >= 0 ? ui_choice_points(&scenario_node(sc, r->node)->choices[r->best]) : 0;
        r->taken_is_best = !r->timeout && r->best >= 0 && r->taken == &scenario_node(sc, r->node)->choices[r->best];
    }
    free(bests);
}

/* What to practise next (practise_next.h): over the trainee's recent attempts and the
 * scenarios listed, each with how often the trainee practised it. */
static void debrief_practise_next(UiApp *a)
{
    a->next.entry = -1;
    if (!a->db || !a->set.trainee_id[0] || a->nentries < 1)
        return;
    PractiseRecent rec;
    char err[512];
    if (practise_recent(a->db, a->set.trainee_id, 0, &rec, err, sizeof err) != 0)
        return; /* nothing to suggest; the debrief stands without it */
    const Scenario **list = calloc((size_t)a->nentries, sizeof *list);
    const char **ids = calloc((size_t)a->nentries, sizeof *ids);
    int *practised = calloc((size_t)a->nentries, sizeof *practised), last = -1;
    if (list && ids && practised) {
        for (int i = 0; i < a->nentries; i++) {
            list[i] = a->entries[i].sc;
            ids[i] = list[i] ? scenario_id(list[i]) : "";
        }
        PractiseNext nx;
        if (records_form_practice(a->db, a->set.trainee_id, ids, a->nentries, practised, &last, err, sizeof err) == 0 &&
            practise_next(list, a->nentries, practised, &rec, &nx) >= 0) {
            a->next.entry = nx.scenario;
            a->next.percent = nx.percent;
            a->next.attempts = rec.attempts;
            snprintf(a->next.competency, sizeof a->next.competency, "%s", nx.competency);
        }
    }
    free(list);
    free(ids);
    free(practised);
    practise_recent_free(&rec);
}

/* The attempt as recorded (its mentor's comments) and what to practise next. */
void app_debrief_extras(UiApp *a)
{
    records_attempt_free(a->debrief_at);
    a->debrief_at = NULL;
    if (a->db && a->attempt_id[0]) {
        char err[512];
        a->debrief_at = records_attempt_load(a->db, a->attempt_id, err, sizeof err);
    }
    a->debrief_read = app_clock(a);
    debrief_practise_next(a);
}

/* A past attempt's debrief (from the history): the attempt replayed from its seed and steps on
 * the scenario as listed, which must be the file it was played on. */
void app_open_past(UiApp *a, const char *attempt_id)
{
    char err[512] = "";
    RecordsAttempt *at = a->db ? records_attempt_load(a->db, attempt_id, err, sizeof err) : NULL;
    int e = -1;
    for (int i = 0; at && i < a->nentries && e < 0; i++)
        if (a->entries[i].sc && !strcmp(scenario_id(a->entries[i].sc), at->scenario_id) &&
            !strcmp(scenario_sha256(a->entries[i].sc), at->scenario_sha256))
            e = i;
    Play *p = NULL;
    if (e >= 0) {
        const Scenario *sc = a->entries[e].sc;
        int start = scenario_find_node(sc, at->start_node);
        p = start >= 0 ? play_replay(sc, at->seed, records_play_options(at), start, at->steps, at->nsteps, err,
                                     sizeof err)
                       : NULL;
    } else if (at) {
        snprintf(err, sizeof err, "%s: the scenario file changed since this attempt", at->scenario_id);
    }
    if (!p) {
        snprintf(a->banner, sizeof a->banner, a->s->review_failed, err);
        records_attempt_free(at);
        app_dirty(a);
        return;
    }
    app_drop_play(a);
    a->cur = e;
    a->play = p;
    a->loc = scenario_locale_index(a->entries[e].sc, at->locale);
    a->mode = app_mode_from_name(at->mode, UI_MODE_PRACTICE);
    snprintf(a->attempt_id, sizeof a->attempt_id, "%s", at->attempt_id);
    records_attempt_free(at);
    app_debrief_rows(a);
    app_debrief_extras(a);
    a->past = true;
    app_recompute_mood(a);
    app_go(a, UI_SCREEN_DEBRIEF, ACT_OPEN_REVIEW);
}

/* ---- the case review ------------------------------------------------------------------------- */

void app_close_review(UiApp *a)
{
    if (a->review && a->opt.review)
        a->opt.review->close(a->review);
    a->review = NULL;
}

void app_open_review(UiApp *a)
{
    if (!a->opt.review || !a->db || !a->attempt_id[0] || !a->play)
        return;
    app_close_review(a);
    char err[512] = "";
    a->review = a->opt.review->open(play_scenario(a->play), a->db, a->attempt_id, a->set.locale, a->opt.no_present, err,
                                    sizeof err);
    if (!a->review)
        snprintf(a->banner, sizeof a->banner, a->s->review_failed, err);
    app_dirty(a);
}

void *ui_app_review(UiApp *a) { return a->review; }
int ui_app_focus(const UiApp *a) { return a->ui.focus; }

void app_review_step(UiApp *a)
{
    if (a->review && !a->opt.review->step(a->review))
        app_close_review(a); /* closed, or "practise from here" (a trainee's window does not fork) */
    /* The mentor's console may add a comment while the debrief is open: the attempt's events
     * are read again every 2 seconds, and shown when there are new ones. */
    if (a->screen != UI_SCREEN_DEBRIEF || !a->db || !a->attempt_id[0] || app_clock(a) - a->debrief_read < 2000)
        return;
    char err[512];
    RecordsAttempt *at = records_attempt_load(a->db, a->attempt_id, err, sizeof err);
    a->debrief_read = app_clock(a);
    if (!at)
        return;
    if (!a->debrief_at || at->nmentor != a->debrief_at->nmentor) {
        records_attempt_free(a->debrief_at);
        a->debrief_at = at;
        app_dirty(a);
    } else {
        records_attempt_free(at);
    }
}
