/* ui_app: the trainer window's state, input (SDL events -> actions), the attempt's life
 * (play, sound, records) and the main loop. Drawing is in ui_screens.c. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <SDL.h>

#include "cli.h"
#include "ui_internal.h"
#include "sheet.h"
#include "ui_history.h"
#include "ui_reload.h"

/* ---- time ------------------------------------------------------------------------------------ */

static int64_t clock_ms(const UiApp *a)
{
    return a->opt.clock ? a->opt.clock(a->opt.clock_ctx) : (int64_t)SDL_GetTicks64();
}

int64_t ui_app_now(const UiApp *a) { return clock_ms(a) - a->t0; }

static int64_t unix_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *ui_mode_name(UiMode m)
{
    return m == UI_MODE_ASSESSMENT ? "assessment" : m == UI_MODE_SANDBOX ? "sandbox" : "practice";
}

static UiMode mode_from_name(const char *s, UiMode def)
{
    if (!s)
        return def;
    if (!strcmp(s, "assessment"))
        return UI_MODE_ASSESSMENT;
    if (!strcmp(s, "sandbox"))
        return UI_MODE_SANDBOX;
    if (!strcmp(s, "practice"))
        return UI_MODE_PRACTICE;
    return def;
}

/* ---- sound ----------------------------------------------------------------------------------- */

static void cue(UiApp *a, AudioCue c)
{
    if (a->audio)
        audio_play_cue(a->audio, c, a->set.locale);
}

static void node_sound(UiApp *a, const ScNode *n)
{
    if (!a->audio || !n->sound)
        return;
    int c = audio_cue_from_name(n->sound);
    if (c >= 0) {
        audio_play_cue(a->audio, (AudioCue)c, a->set.locale);
        return;
    }
    char err[256];
    if (audio_play_file(a->audio, n->sound, err, sizeof err) != 0)
        snprintf(a->banner, sizeof a->banner, "%s", err);
}

static void apply_sound_settings(UiApp *a)
{
    if (!a->audio)
        return;
    audio_set_volume(a->audio, (float)a->set.volume);
    audio_set_muted(a->audio, a->set.muted);
}

/* ---- scenarios ------------------------------------------------------------------------------- */

static void add_entry(UiApp *a, const char *path)
{
    UiEntry *n = realloc(a->entries, sizeof *n * (size_t)(a->nentries + 1));
    if (!n)
        return;
    a->entries = n;
    UiEntry *e = &a->entries[a->nentries];
    memset(e, 0, sizeof *e);
    e->path = strdup(path);
    const char *slash = strrchr(path, '/');
    e->name = strdup(slash ? slash + 1 : path);
    e->best = e->latest = -1;
    DiagList diags = {0};
    e->sc = sheet_load_file(path, &diags); /* a .csv sheet too */
    if (!e->sc) {
        char buf[1024];
        e->error = strdup(diag_first_error(&diags, buf, sizeof buf, "cannot be loaded"));
    }
    diag_list_free(&diags);
    if (!e->path || !e->name) {
        free(e->path);
        free(e->name);
        free(e->error);
        scenario_free(e->sc);
        return;
    }
    a->nentries++;
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

static int cmp_str(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

/* Every *.json under dir (two levels deep), in path order; a JSON Schema is no scenario. */
static void scan_dir(UiApp *a, const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **names = NULL;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char **nn = realloc(names, sizeof *nn * (size_t)(n + 1));
        if (!nn)
            break;
        names = nn;
        names[n] = strdup(de->d_name);
        if (names[n])
            n++;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (depth < 2)
                scan_dir(a, path, depth + 1);
        } else if (has_suffix(names[i], ".json") && !has_suffix(names[i], ".schema.json") &&
                   strcmp(names[i], "schema.json") != 0) {
            add_entry(a, path);
        }
        free(names[i]);
    }
    free(names);
}

/* Picker order: by tier (failures last), then path, so index order is the order shown. */
static int cmp_entry(const void *x, const void *y)
{
    const UiEntry *a = x, *b = y;
    int ga = a->sc ? (int)scenario_level(a->sc) : 3, gb = b->sc ? (int)scenario_level(b->sc) : 3;
    return ga != gb ? ga - gb : strcmp(a->path, b->path);
}

static void refresh_records(UiApp *a)
{
    for (int i = 0; i < a->nentries; i++) {
        UiEntry *e = &a->entries[i];
        e->best = e->latest = -1;
        e->passed_assessment = false;
        if (a->db && e->sc && a->set.trainee_id[0])
            records_best_latest(a->db, a->set.trainee_id, scenario_id(e->sc), &e->best, &e->latest,
                                &e->passed_assessment);
    }
    ui_history_refresh(a); /* the status of each card */
}

static void save_settings(UiApp *a)
{
    char err[512];
    if (ui_settings_save(&a->set, a->settings_path, err, sizeof err) != 0)
        snprintf(a->banner, sizeof a->banner, "%s", err);
}

/* ---- the attempt ----------------------------------------------------------------------------- */

static void end_attempt(UiApp *a)
{
    if (a->rec) {
        char err[512];
        if (recorder_end(a->rec, a->play, unix_ms(), err, sizeof err) != 0)
            snprintf(a->banner, sizeof a->banner, a->s->not_recorded, err);
        a->rec = NULL;
    }
}

static void sync_attempt(UiApp *a)
{
    if (!a->rec)
        return;
    char err[512];
    if (recorder_sync(a->rec, a->play, unix_ms(), err, sizeof err) != 0)
        snprintf(a->banner, sizeof a->banner, a->s->not_recorded, err);
}

static void drop_play(UiApp *a)
{
    end_attempt(a);
    play_free(a->play);
    a->play = NULL;
    free(a->rows);
    a->rows = NULL;
    a->nrows = 0;
    a->feedback_step = -1;
    a->pause_open = false;
}

static void go(UiApp *a, UiScreen s, int focus)
{
    a->screen = s;
    a->focus = focus;
    a->hover = 0;
    a->scroll[AREA_PAGE] = (UiScroll){0};
    a->reveal_focus = true;
    a->dirty = true;
}

static void go_picker(UiApp *a)
{
    drop_play(a);
    refresh_records(a);
    int first = 0;
    for (int i = 0; i < a->nentries && !first; i++)
        if (a->entries[i].sc)
            first = ACT_PICK + i;
    int entry = -1;
    if (ui_app_interrupted_offer(a, &entry) >= 0)
        first = entry >= 0 ? ACT_INT_RESUME : ACT_INT_CLOSE;
    else if (a->focus >= ACT_PICK && a->focus < ACT_CHOICE)
        first = a->focus;
    else if (a->screen != UI_SCREEN_SIGNIN && a->cur >= 0 && a->cur < a->nentries && a->entries[a->cur].sc)
        first = ACT_PICK + a->cur; /* back from a scenario: on its card */
    go(a, UI_SCREEN_PICKER, first);
}

/* The trainee's history of a scenario (ui_history.c); Esc or Back returns to the picker. */
static void enter_history(UiApp *a, int i)
{
    if (i < 0 || i >= a->nentries || !a->entries[i].sc)
        return;
    a->cur = i;
    ui_history_load(a, i);
    go(a, UI_SCREEN_HISTORY, UI_HISTORY_ACT_BACK);
}

static void enter_briefing(UiApp *a, int i)
{
    if (i < 0 || i >= a->nentries || !a->entries[i].sc)
        return;
    drop_play(a);
    a->cur = i;
    const Scenario *sc = a->entries[i].sc;
    a->loc = scenario_locale_index(sc, a->set.locale);
    a->popt = (PlayOptions){.timers = !a->opt.author && (a->mode == UI_MODE_ASSESSMENT || a->set.practice_timers),
                            .time_multiplier = 1.0};
    go(a, UI_SCREEN_BRIEFING, ACT_BRIEF_START);
    if (a->audio)
        audio_stop_all(a->audio);
    cue(a, AUDIO_CUE_RING);
}

/* What entering the current node shows and sounds. */
static void enter_node(UiApp *a)
{
    const ScNode *n = scenario_node(play_scenario(a->play), play_node(a->play));
    if (n->mood)
        snprintf(a->mood, sizeof a->mood, "%s", n->mood);
    node_sound(a, n);
    a->last_tick = -1;
    a->focus = 0;
    a->scroll[AREA_TRANSCRIPT].stick_bottom = true;
    a->scroll[AREA_CHOICES].offset = 0;
    if (play_status(a->play) == PLAY_ENDED && n->outcome == SC_OUTCOME_FAIL) {
        /* The line goes dead, unless the node already plays that itself. */
        int own = n->sound ? audio_cue_from_name(n->sound) : -1;
        bool click = own != AUDIO_CUE_HANGUP && own != AUDIO_CUE_BUSY;
        if (click)
            cue(a, AUDIO_CUE_HANGUP);
        /* The busy tone follows the click instead of sounding over it. */
        if (own != AUDIO_CUE_BUSY && a->audio)
            audio_play_cue_after(a->audio, AUDIO_CUE_BUSY, scenario_locale(play_scenario(a->play), a->loc),
                                 click ? 0.15 : 0.0);
    }
}

/* The call screen for a Play just made (new, or replayed from a log whose last step was at
 * `clock_from` ms): recording starts, the clock goes on from there. */
static void open_call(UiApp *a, Play *p, int64_t clock_from)
{
    const Scenario *sc = play_scenario(p);
    drop_play(a);
    a->play = p;
    a->t0 = clock_ms(a) - clock_from;
    a->mood[0] = 0;
    a->feedback_step = -1;
    a->attempt_id[0] = 0;
    if (a->db) {
        AttemptMeta meta = {.trainee_id = a->set.trainee_id, .trainee_name = a->set.trainee_name,
                            .mode = ui_mode_name(a->mode), .locale = scenario_locale(sc, a->loc),
                            .time_multiplier = a->popt.time_multiplier, .no_timers = !a->popt.timers,
                            .mentor_id = a->opt.mentor};
        char err[512];
        a->rec = recorder_begin(a->db, a->play, &meta, unix_ms(), err, sizeof err);
        if (!a->rec)
            snprintf(a->banner, sizeof a->banner, a->s->not_recorded, err);
        else
            snprintf(a->attempt_id, sizeof a->attempt_id, "%s", recorder_attempt_id(a->rec));
    }
    go(a, UI_SCREEN_CALL, 0);
    a->scroll[AREA_TRANSCRIPT] = (UiScroll){.stick_bottom = true};
    enter_node(a);
}

static void start_call(UiApp *a)
{
    uint64_t seed = (uint64_t)unix_ms() * 6364136223846793005ull ^ SDL_GetPerformanceCounter();
    Play *p = play_new(a->entries[a->cur].sc, seed, a->popt);
    if (!p) {
        snprintf(a->banner, sizeof a->banner, "out of memory");
        return;
    }
    if (a->audio)
        audio_stop_all(a->audio);
    cue(a, AUDIO_CUE_PICKUP);
    open_call(a, p, 0);
}

/* After a choice, a timeout or a continue. */
static void after_step(UiApp *a, bool decision)
{
    if (decision && a->mode != UI_MODE_ASSESSMENT) {
        for (int i = play_step_count(a->play) - 1; i >= 0; i--) {
            PlayStepKind k = play_step(a->play, i)->kind;
            if (k == PLAY_STEP_CHOICE || k == PLAY_STEP_TIMEOUT) {
                a->feedback_step = i;
                break;
            }
        }
        /* The next node's timer waits while the trainee reads the coach. */
        if (play_status(a->play) == PLAY_CHOOSING)
            play_pause(a->play, ui_app_now(a));
        cue(a, AUDIO_CUE_CHIME);
        a->focus = 0;
        a->scroll[AREA_TRANSCRIPT].stick_bottom = true;
        a->scroll[AREA_CHOICES].offset = 0;
    } else {
        enter_node(a);
    }
    sync_attempt(a); /* every step, the feedback's pause included, is stored at once */
    a->dirty = true;
}

int64_t ui_choice_points(const ScChoice *c)
{
    int64_t s = 0;
    for (int i = 0; c && i < c->nscore; i++)
        s += c->score[i].points;
    return s;
}

static void enter_debrief(UiApp *a)
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
    end_attempt(a);
    if (a->audio)
        audio_stop_all(a->audio);
    cue(a, a->result.passed ? AUDIO_CUE_PASS : AUDIO_CUE_FAIL);
    go(a, UI_SCREEN_DEBRIEF, 0);
}

/* ---- interrupted attempts -------------------------------------------------------------------- */

int ui_app_interrupted_offer(const UiApp *a, int *entry)
{
    for (int i = 0; i < a->ninterrupted; i++) {
        const RecordsAttempt *r = &a->interrupted[i];
        if (a->interrupted_done[i] || strcmp(r->trainee_id, a->set.trainee_id) != 0)
            continue;
        for (int e = 0; e < a->nentries; e++)
            if (a->entries[e].sc && !strcmp(scenario_id(a->entries[e].sc), r->scenario_id)) {
                if (entry)
                    *entry = e;
                return i;
            }
        if (entry)
            *entry = -1;
        return i;
    }
    return -1;
}

/* Handled attempts stay in the list (records_attempts_free frees it whole), marked done. */
static void forget_interrupted(UiApp *a, int i) { a->interrupted_done[i] = true; }

static void close_interrupted(UiApp *a)
{
    int i = ui_app_interrupted_offer(a, NULL);
    if (i < 0)
        return;
    char err[512];
    if (records_close_interrupted(a->db, a->interrupted[i].attempt_id, err, sizeof err) != 0)
        snprintf(a->banner, sizeof a->banner, "%s", err);
    forget_interrupted(a, i);
    refresh_records(a);
}

static void enter_node(UiApp *a);

/* Replays the attempt from its seed and steps and goes on recording it where it stopped. */
static void resume_interrupted(UiApp *a)
{
    int e = -1, i = ui_app_interrupted_offer(a, &e);
    if (i < 0)
        return;
    RecordsAttempt *r = &a->interrupted[i];
    const Scenario *sc = e >= 0 ? a->entries[e].sc : NULL;
    char err[512] = "";
    if (!sc || strcmp(scenario_sha256(sc), r->scenario_sha256) != 0) {
        snprintf(a->banner, sizeof a->banner, "%s: the scenario file changed since; closed as interrupted",
                 r->scenario_id);
        close_interrupted(a);
        return;
    }
    PlayOptions po = {.timers = r->timers, .time_multiplier = r->time_multiplier};
    int start = scenario_find_node(sc, r->start_node);
    Play *p = start >= 0 ? play_replay(sc, r->seed, po, start, r->steps, r->nsteps, err, sizeof err) : NULL;
    Recorder *rec = p ? recorder_resume(a->db, r->attempt_id, p, err, sizeof err) : NULL;
    if (!rec) {
        snprintf(a->banner, sizeof a->banner, a->s->not_recorded, err[0] ? err : r->attempt_id);
        play_free(p);
        return;
    }
    drop_play(a);
    a->cur = e;
    a->play = p;
    a->rec = rec;
    a->popt = po;
    a->mode = mode_from_name(r->mode, a->mode);
    a->loc = scenario_locale_index(sc, r->locale);
    snprintf(a->attempt_id, sizeof a->attempt_id, "%s", r->attempt_id);
    /* The attempt's clock goes on from its last step. */
    int64_t last = r->nsteps > 0 ? r->steps[r->nsteps - 1].at_ms : 0;
    a->t0 = clock_ms(a) - last;
    forget_interrupted(a, i);
    a->mood[0] = 0;
    for (int k = 0; k < play_step_count(p); k++) {
        const ScNode *n = scenario_node(sc, play_step(p, k)->node);
        if (n->mood)
            snprintf(a->mood, sizeof a->mood, "%s", n->mood);
    }
    go(a, UI_SCREEN_CALL, 0);
    a->scroll[AREA_TRANSCRIPT] = (UiScroll){.stick_bottom = true};
    enter_node(a);
    if (play_paused(p))
        play_resume(p, ui_app_now(a));
    sync_attempt(a);
}

/* ---- actions --------------------------------------------------------------------------------- */

static bool call_live(const UiApp *a)
{
    if (a->screen != UI_SCREEN_CALL || !a->play)
        return false;
    PlayStatus s = play_status(a->play);
    return s == PLAY_CHOOSING || s == PLAY_WAITING;
}

static void open_overlay(UiApp *a, bool help)
{
    if (call_live(a) && !play_paused(a->play)) {
        play_pause(a->play, ui_app_now(a));
        a->overlay_paused = true;
    }
    if (!a->help && !a->settings_open)
        a->focus_under = a->focus;
    a->help = help;
    a->settings_open = !help;
    a->scroll[AREA_OVERLAY] = (UiScroll){0};
    a->focus = ACT_OVERLAY_CLOSE;
    a->dirty = true;
}

static void close_overlay(UiApp *a)
{
    a->help = a->settings_open = false;
    if (a->overlay_paused && call_live(a) && !a->pause_open && a->feedback_step < 0)
        play_resume(a->play, ui_app_now(a));
    a->overlay_paused = false;
    a->focus = a->focus_under; /* where the trainee was before the overlay */
    a->reveal_focus = true;
    a->dirty = true;
}

static void set_zoom(UiApp *a, double z)
{
    ui_gfx_set_zoom(a->g, z);
    a->set.text_zoom = ui_gfx_zoom(a->g);
    save_settings(a);
    a->dirty = true;
}

static void set_locale(UiApp *a, const char *loc)
{
    snprintf(a->set.locale, sizeof a->set.locale, "%s", loc);
    a->s = ui_strings(loc);
    if (a->g)
        ui_gfx_set_title(a->g, a->s->app_title);
}

static void activate(UiApp *a, int id)
{
    a->dirty = true;
    if (id >= ACT_CHOICE) {
        int c = id - ACT_CHOICE;
        if (a->screen == UI_SCREEN_CALL && a->play && !a->pause_open && a->feedback_step < 0 &&
            play_status(a->play) == PLAY_CHOOSING && play_is_offered(a->play, c)) {
            play_choose(a->play, c, ui_app_now(a));
            after_step(a, true);
        }
        return;
    }
    if (id >= UI_HISTORY_ACT_OPEN) { /* a card's History button (below ACT_CHOICE) */
        if (a->screen == UI_SCREEN_PICKER)
            enter_history(a, id - UI_HISTORY_ACT_OPEN);
        return;
    }
    if (id >= ACT_PICK) {
        if (a->screen == UI_SCREEN_PICKER)
            enter_briefing(a, id - ACT_PICK);
        return;
    }
    switch (id) {
    case ACT_FIELD_ID:
    case ACT_FIELD_NAME: a->focus = id; break;
    case ACT_LANG_ZH: set_locale(a, "zh"); break;
    case ACT_LANG_EN: set_locale(a, "en"); break;
    case ACT_MODE_PRACTICE: a->mode = UI_MODE_PRACTICE; break;
    case ACT_MODE_ASSESSMENT: a->mode = UI_MODE_ASSESSMENT; break;
    case ACT_SIGNIN:
        if (!a->set.trainee_id[0]) {
            a->need_id = true;
            a->focus = ACT_FIELD_ID;
            break;
        }
        a->need_id = false;
        if (a->mode != UI_MODE_SANDBOX)
            snprintf(a->set.mode, sizeof a->set.mode, "%s", ui_mode_name(a->mode));
        save_settings(a);
        a->focus = 0;
        go_picker(a);
        break;
    case ACT_SIGNOUT: go(a, UI_SCREEN_SIGNIN, ACT_FIELD_ID); break;
    case ACT_SETTINGS: open_overlay(a, false); break;
    case ACT_HELP: open_overlay(a, true); break;
    case ACT_OVERLAY_CLOSE: close_overlay(a); break;
    case ACT_INT_RESUME: resume_interrupted(a); break;
    case ACT_INT_CLOSE: close_interrupted(a); break;
    case ACT_BRIEF_START:
        if (a->screen == UI_SCREEN_BRIEFING)
            start_call(a);
        break;
    case ACT_BRIEF_BACK: go_picker(a); break;
    case ACT_CONTINUE:
        if (a->play && !a->pause_open && a->feedback_step < 0 && play_status(a->play) == PLAY_WAITING) {
            play_continue(a->play, ui_app_now(a));
            after_step(a, false);
        }
        break;
    case ACT_FEEDBACK_OK:
        if (a->play && a->feedback_step >= 0) {
            a->feedback_step = -1;
            if (!a->pause_open)
                play_resume(a->play, ui_app_now(a));
            sync_attempt(a);
            enter_node(a);
        }
        break;
    case ACT_TO_DEBRIEF:
        if (a->play && a->feedback_step < 0 &&
            (play_status(a->play) == PLAY_ENDED || play_status(a->play) == PLAY_DEAD_END))
            enter_debrief(a);
        break;
    case ACT_RESUME:
        if (a->pause_open) {
            a->pause_open = false;
            if (a->feedback_step < 0)
                play_resume(a->play, ui_app_now(a));
            sync_attempt(a);
            a->focus = 0;
        }
        break;
    case ACT_LEAVE: go_picker(a); break;
    case ACT_RETRY: enter_briefing(a, a->cur); break;
    case ACT_BACK_LIST: go_picker(a); break;
    case UI_HISTORY_ACT_BACK: go_picker(a); break;
    case ACT_SET_TIMERS:
        a->set.practice_timers = !a->set.practice_timers;
        if (a->screen == UI_SCREEN_BRIEFING)
            a->popt.timers = !a->opt.author && (a->mode == UI_MODE_ASSESSMENT || a->set.practice_timers);
        save_settings(a);
        break;
    case ACT_SET_CONTRAST:
        a->set.high_contrast = !a->set.high_contrast;
        save_settings(a);
        break;
    case ACT_SET_MUTE:
        a->set.muted = !a->set.muted;
        apply_sound_settings(a);
        save_settings(a);
        break;
    case ACT_VOL_DOWN:
    case ACT_VOL_UP:
        a->set.volume += id == ACT_VOL_UP ? 0.1 : -0.1;
        a->set.volume = a->set.volume < 0 ? 0 : a->set.volume > 1 ? 1 : a->set.volume;
        apply_sound_settings(a);
        save_settings(a);
        break;
    case ACT_ZOOM_DOWN: set_zoom(a, a->set.text_zoom - 0.1); break;
    case ACT_ZOOM_UP: set_zoom(a, a->set.text_zoom + 0.1); break;
    default: ui_reload_activate(a, id); break;
    }
}

/* The action of Enter/Space when no button has the focus. */
static int primary_action(const UiApp *a)
{
    if (a->help || a->settings_open)
        return ACT_OVERLAY_CLOSE;
    switch (a->screen) {
    case UI_SCREEN_SIGNIN: return ACT_SIGNIN;
    case UI_SCREEN_BRIEFING: return ACT_BRIEF_START;
    case UI_SCREEN_CALL:
        if (a->pause_open)
            return ACT_RESUME;
        if (a->feedback_step >= 0)
            return ACT_FEEDBACK_OK;
        switch (play_status(a->play)) {
        case PLAY_WAITING: return ACT_CONTINUE;
        case PLAY_ENDED:
        case PLAY_DEAD_END: return ACT_TO_DEBRIEF;
        default: return ACT_NONE;
        }
    default: return ACT_NONE;
    }
}

/* ---- input ----------------------------------------------------------------------------------- */

static int hit_index(const UiApp *a, int id)
{
    for (int i = 0; i < a->nhits; i++)
        if (a->hits[i].id == id)
            return i;
    return -1;
}

static int hit_at(const UiApp *a, int x, int y)
{
    for (int i = a->nhits - 1; i >= 0; i--) {
        UiRect r = a->hits[i].r;
        if (ui_rect_contains(r, x, y))
            return a->hits[i].id;
    }
    return 0;
}

static void focus_move(UiApp *a, int dir)
{
    if (a->nhits == 0)
        return;
    int i = hit_index(a, a->focus);
    if (i < 0)
        i = dir > 0 ? 0 : a->nhits - 1;
    else
        i = (i + dir + a->nhits) % a->nhits;
    a->focus = a->hits[i].id;
    a->reveal_focus = true;
    a->dirty = true;
}

static int main_area(const UiApp *a)
{
    if (a->help || a->settings_open)
        return AREA_OVERLAY;
    if (a->screen == UI_SCREEN_PICKER)
        return AREA_PICKER;
    if (a->screen == UI_SCREEN_CALL && !a->pause_open)
        return AREA_TRANSCRIPT;
    return AREA_PAGE;
}

static void scroll_by(UiApp *a, int area, int dy)
{
    UiScroll *sc = &a->scroll[area];
    sc->offset += dy;
    int max = sc->content - sc->view.h;
    if (sc->offset > max)
        sc->offset = max;
    if (sc->offset < 0)
        sc->offset = 0;
    sc->stick_bottom = max > 0 && sc->offset >= max;
    a->dirty = true;
}

static bool is_field(int id) { return id == ACT_FIELD_ID || id == ACT_FIELD_NAME; }

static void on_key(UiApp *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    bool ctrl = (k->keysym.mod & KMOD_CTRL) != 0, shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    a->dirty = true;
    if (ctrl && sym == SDLK_q) { /* quit, like closing the window */
        a->quit = true;
        return;
    }
    if (sym == SDLK_F11) {
        ui_gfx_toggle_fullscreen(a->g);
        return;
    }
    if (sym == SDLK_F5 && !k->repeat && ui_reload_activate(a, UI_RELOAD_ACT_RESTART))
        return;
    if (ctrl && (sym == SDLK_EQUALS || sym == SDLK_PLUS || sym == SDLK_KP_PLUS)) {
        set_zoom(a, a->set.text_zoom + 0.1);
        return;
    }
    if (ctrl && (sym == SDLK_MINUS || sym == SDLK_KP_MINUS)) {
        set_zoom(a, a->set.text_zoom - 0.1);
        return;
    }
    if (ctrl && (sym == SDLK_0 || sym == SDLK_KP_0)) {
        set_zoom(a, 1.0);
        return;
    }
    if (sym == SDLK_F1 || sym == SDLK_F2) {
        bool help = sym == SDLK_F1;
        if ((help && a->help) || (!help && a->settings_open))
            close_overlay(a);
        else
            open_overlay(a, help);
        return;
    }
    bool overlay = a->help || a->settings_open;
    if (!overlay && is_field(a->focus) && a->screen == UI_SCREEN_SIGNIN) {
        char *f = a->focus == ACT_FIELD_ID ? a->set.trainee_id : a->set.trainee_name;
        if (sym == SDLK_BACKSPACE) {
            ui_text_backspace(f);
            return;
        }
        if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER) {
            if (!k->repeat)
                activate(a, ACT_SIGNIN);
            return;
        }
        if (sym != SDLK_TAB && sym != SDLK_UP && sym != SDLK_DOWN && sym != SDLK_ESCAPE)
            return; /* typed text arrives as SDL_TEXTINPUT */
    }
    switch (sym) {
    case SDLK_TAB: focus_move(a, shift ? -1 : 1); return;
    case SDLK_DOWN:
    case SDLK_RIGHT: focus_move(a, 1); return;
    case SDLK_UP:
    case SDLK_LEFT: focus_move(a, -1); return;
    case SDLK_PAGEUP:
    case SDLK_PAGEDOWN: {
        int area = main_area(a);
        int h = a->scroll[area].view.h * 9 / 10;
        scroll_by(a, area, sym == SDLK_PAGEUP ? -h : h);
        return;
    }
    case SDLK_HOME:
    case SDLK_END: scroll_by(a, main_area(a), sym == SDLK_HOME ? -(1 << 29) : (1 << 29)); return;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
        if (k->repeat)
            return;
        if (a->focus && hit_index(a, a->focus) >= 0)
            activate(a, a->focus);
        else
            activate(a, primary_action(a));
        return;
    case SDLK_ESCAPE:
        if (k->repeat)
            return;
        if (overlay) {
            close_overlay(a);
        } else if (a->screen == UI_SCREEN_CALL) {
            if (a->pause_open) {
                activate(a, ACT_RESUME);
            } else if (call_live(a)) {
                play_pause(a->play, ui_app_now(a));
                sync_attempt(a);
                a->pause_open = true;
                a->focus = ACT_RESUME;
                a->scroll[AREA_PAGE] = (UiScroll){0};
            }
        } else if (a->screen == UI_SCREEN_BRIEFING || a->screen == UI_SCREEN_DEBRIEF ||
                   a->screen == UI_SCREEN_HISTORY) {
            go_picker(a);
        } else if (is_field(a->focus)) {
            a->focus = 0;
        }
        return;
    default: break;
    }
    /* H: the history of the highlighted scenario. */
    if (sym == SDLK_h && !overlay && !k->repeat && a->screen == UI_SCREEN_PICKER) {
        enter_history(a, ui_history_pick_entry(a));
        return;
    }
    /* 1-9: the n-th answer on offer. */
    int digit = -1;
    if (sym >= SDLK_1 && sym <= SDLK_9)
        digit = (int)(sym - SDLK_1);
    else if (sym >= SDLK_KP_1 && sym <= SDLK_KP_9)
        digit = (int)(sym - SDLK_KP_1);
    if (digit >= 0 && !overlay && !k->repeat && a->screen == UI_SCREEN_CALL && a->play && !a->pause_open &&
        a->feedback_step < 0) {
        int offered[SC_MAX_CHOICES];
        int n = play_offered(a->play, offered);
        if (digit < n)
            activate(a, ACT_CHOICE + offered[digit]);
    }
}

static void on_event(UiApp *a, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_QUIT: a->quit = true; break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_CLOSE) { /* with a second window open, no SDL_QUIT */
            a->quit = true;
            break;
        }
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED || e->window.event == SDL_WINDOWEVENT_RESIZED) {
            ui_gfx_refresh(a->g);
            a->reveal_focus = true;
        }
        a->dirty = true;
        break;
    case SDL_KEYDOWN: on_key(a, &e->key); break;
    case SDL_TEXTEDITING:
        if (a->screen == UI_SCREEN_SIGNIN && is_field(a->focus)) {
            snprintf(a->composing, sizeof a->composing, "%s", e->edit.text);
            a->dirty = true;
        }
        break;
    case SDL_TEXTINPUT:
        a->composing[0] = 0;
        if (a->screen == UI_SCREEN_SIGNIN && is_field(a->focus) && !a->help && !a->settings_open) {
            char *f = a->focus == ACT_FIELD_ID ? a->set.trainee_id : a->set.trainee_name;
            size_t cap = a->focus == ACT_FIELD_ID ? sizeof a->set.trainee_id : sizeof a->set.trainee_name;
            size_t n = strlen(f), add = strlen(e->text.text);
            if (n + add < cap)
                memcpy(f + n, e->text.text, add + 1);
            a->need_id = false;
            a->dirty = true;
        }
        break;
    case SDL_MOUSEMOTION: {
        int x, y;
        ui_gfx_point_to_px(a->g, e->motion.x, e->motion.y, &x, &y);
        a->mouse_x = x;
        a->mouse_y = y;
        int h = hit_at(a, x, y);
        if (h != a->hover) {
            a->hover = h;
            a->dirty = true;
        }
        break;
    }
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_LEFT) {
            int x, y;
            ui_gfx_point_to_px(a->g, e->button.x, e->button.y, &x, &y);
            int id = hit_at(a, x, y);
            a->focus = id;
            a->dirty = true;
            if (id)
                activate(a, id);
        }
        break;
    case SDL_MOUSEWHEEL: {
        int x = a->mouse_x, y = a->mouse_y;
        int area = main_area(a);
        for (int i = AREA_COUNT - 1; i > AREA_NONE; i--) {
            UiRect v = a->scroll[i].view;
            bool can = (a->help || a->settings_open) ? i == AREA_OVERLAY : i != AREA_OVERLAY;
            if (can && x >= v.x && x < v.x + v.w && y >= v.y && y < v.y + v.h) {
                area = i;
                break;
            }
        }
        int dy = e->wheel.y;
        if (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED)
            dy = -dy;
        scroll_by(a, area, -dy * ui_gfx_px(a->g, 48));
        break;
    }
    default: break;
    }
}

/* ---- the loop -------------------------------------------------------------------------------- */

static bool timer_running(const UiApp *a)
{
    return a->screen == UI_SCREEN_CALL && a->play && !a->pause_open && a->feedback_step < 0 &&
           play_status(a->play) == PLAY_CHOOSING && !play_paused(a->play) && play_time_limit_ms(a->play) > 0;
}

static void run_timer(UiApp *a)
{
    if (!timer_running(a))
        return;
    int64_t now = ui_app_now(a);
    if (play_tick(a->play, now)) {
        after_step(a, true);
        return;
    }
    int64_t left = play_time_left_ms(a->play, now);
    int sec = (int)((left + 999) / 1000);
    if (left >= 0 && sec >= 1 && sec <= 5 && sec != a->last_tick) {
        cue(a, AUDIO_CUE_TICK);
        a->last_tick = sec;
    }
    a->dirty = true; /* the countdown bar moves */
}

/* A running countdown redraws ten times a second; an open scenario is checked for edits (hot
 * reload) four times a second; otherwise the loop sleeps a second at a time. */
int ui_app_wait_ms(const UiApp *a)
{
    if (timer_running(a))
        return 100;
    bool open = a->screen == UI_SCREEN_BRIEFING || a->screen == UI_SCREEN_CALL || a->screen == UI_SCREEN_DEBRIEF;
    return open ? 250 : 1000;
}

/* Lays the screen out and draws it (not presented). A pass may find that a scroll offset must
 * change (content grew, focus moved out of sight) and ask for another, so what is shown, and
 * what the next input acts on, is always consistent. */
static void layout(UiApp *a)
{
    for (int pass = 0; pass < 3; pass++) {
        a->dirty = false;
        ui_screens_draw(a);
        a->reveal_focus = false;
        if (!a->dirty)
            break;
    }
    a->dirty = false;
}

void ui_app_draw(UiApp *a)
{
    layout(a);
    ui_gfx_end(a->g, !a->opt.no_present);
}

/* Waits for an event. X11 and Wayland really sleep in SDL_WaitEventTimeout; the headless
 * drivers (dummy, offscreen) cannot be woken, and SDL then polls every millisecond: poll every
 * 10 ms instead, which keeps an idle headless window near 0% CPU too. */
static bool wait_event(SDL_Event *e, int wait_ms)
{
    if (wait_ms <= 0)
        return SDL_PollEvent(e);
    const char *drv = SDL_GetCurrentVideoDriver();
    if (!drv || (strcmp(drv, "dummy") != 0 && strcmp(drv, "offscreen") != 0))
        return SDL_WaitEventTimeout(e, wait_ms);
    Uint64 end = SDL_GetTicks64() + (Uint64)wait_ms;
    for (;;) {
        if (SDL_PollEvent(e))
            return true;
        Uint64 now = SDL_GetTicks64();
        if (now >= end)
            return false;
        SDL_Delay(end - now < 10 ? (Uint32)(end - now) : 10);
    }
}

bool ui_app_step(UiApp *a, int wait_ms)
{
    SDL_Event e;
    bool got = wait_event(&e, wait_ms);
    while (got) {
        on_event(a, &e);
        /* Later events act on what this one changed: lay the screen out again first. */
        if (a->dirty && !a->quit) {
            layout(a);
            a->dirty = true; /* and show it */
        }
        got = SDL_PollEvent(&e);
    }
    ui_reload_poll(a); /* the open scenario file changed on disk: reload it */
    run_timer(a);
    if (a->quit)
        return false;
    if (a->dirty)
        ui_app_draw(a);
    return true;
}

int ui_app_run(UiApp *a, const char *screenshot)
{
    ui_app_draw(a);
    if (screenshot) {
        ui_app_step(a, 0); /* scripted keys, if any, then the frame they lead to */
        a->opt.no_present = true;
        ui_app_draw(a);
        char err[512];
        int rc = ui_gfx_save_png(a->g, screenshot, err, sizeof err);
        if (rc != 0)
            fprintf(stderr, "sparring: %s\n", err);
        return rc == 0 ? 0 : 1;
    }
    while (!a->quit)
        ui_app_step(a, ui_app_wait_ms(a));
    return 0;
}

/* ---- life -------------------------------------------------------------------------------------- */

UiApp *ui_app_new(const UiOptions *opt, char *err, size_t errsize)
{
    UiApp *a = calloc(1, sizeof *a);
    if (!a) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    a->opt = *opt;
    a->feedback_step = -1;
    snprintf(a->settings_path, sizeof a->settings_path, "%s", opt->settings ? opt->settings : ui_settings_path());
    ui_settings_load(&a->set, a->settings_path);
    if (opt->locale)
        set_locale(a, (opt->locale[0] == 'z' && opt->locale[1] == 'h') ? "zh" : "en");
    a->s = ui_strings(a->set.locale);
    a->mode = mode_from_name(opt->mode ? opt->mode : a->set.mode, UI_MODE_PRACTICE);
    if (opt->trainee && *opt->trainee && strcmp(opt->trainee, a->set.trainee_id) != 0) {
        snprintf(a->set.trainee_id, sizeof a->set.trainee_id, "%s", opt->trainee);
        a->set.trainee_name[0] = 0;
    }
    a->g = ui_gfx_open(a->s->app_title, opt->width > 0 ? opt->width : 1280, opt->height > 0 ? opt->height : 800,
                       opt->fullscreen, err, errsize);
    if (!a->g) {
        free(a);
        return NULL;
    }
    ui_gfx_set_zoom(a->g, a->set.text_zoom);
    char warn[512] = "";
    a->audio = audio_open(opt->audio, warn, sizeof warn);
    if (warn[0])
        fprintf(stderr, "sparring: %s\n", warn);
    apply_sound_settings(a);
    if (!opt->db || *opt->db) {
        char dberr[512];
        a->db = records_open(cli_db_path(opt->db), dberr, sizeof dberr);
        if (!a->db)
            snprintf(a->banner, sizeof a->banner, a->s->not_recorded, dberr);
        else if (records_interrupted(a->db, &a->interrupted, &a->ninterrupted, dberr, sizeof dberr) != 0)
            snprintf(a->banner, sizeof a->banner, "%s", dberr);
        a->interrupted_done = calloc((size_t)a->ninterrupted + 1, sizeof *a->interrupted_done);
        if (!a->interrupted_done) {
            records_attempts_free(a->interrupted, a->ninterrupted);
            a->interrupted = NULL;
            a->ninterrupted = 0;
        }
    }
    a->source = strdup(opt->path ? opt->path : cli_scenarios_dir());
    struct stat st;
    bool single = false;
    if (a->source && stat(a->source, &st) == 0 && S_ISDIR(st.st_mode)) {
        scan_dir(a, a->source, 0);
        if (a->nentries > 1)
            qsort(a->entries, (size_t)a->nentries, sizeof *a->entries, cmp_entry);
    } else if (a->source) {
        add_entry(a, a->source);
        single = true;
    }
    if (a->set.trainee_id[0] && opt->trainee && *opt->trainee) {
        refresh_records(a);
        if (single && a->nentries == 1 && a->entries[0].sc)
            enter_briefing(a, 0);
        else
            go_picker(a);
    } else {
        go(a, UI_SCREEN_SIGNIN, a->set.trainee_id[0] ? ACT_SIGNIN : ACT_FIELD_ID);
    }
    SDL_StartTextInput();
    return a;
}

void ui_app_free(UiApp *a)
{
    if (!a)
        return;
    drop_play(a);
    for (int i = 0; i < a->nentries; i++) {
        scenario_free(a->entries[i].sc);
        free(a->entries[i].path);
        free(a->entries[i].name);
        free(a->entries[i].error);
    }
    free(a->entries);
    free(a->source);
    ui_reload_free(a->reload);
    ui_history_free(a->history);
    records_attempts_free(a->interrupted, a->ninterrupted);
    free(a->interrupted_done);
    records_close(a->db);
    audio_close(a->audio);
    ui_gfx_close(a->g);
    free(a);
}

/* ---- test hooks ---------------------------------------------------------------------------------- */

int ui_push_key(uint32_t window_id, const char *name, bool ctrl, bool shift)
{
    SDL_Keycode k = SDL_GetKeyFromName(name);
    if (k == SDLK_UNKNOWN)
        return -1;
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.windowID = window_id;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = k;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(k);
    e.key.keysym.mod = (ctrl ? KMOD_LCTRL : 0) | (shift ? KMOD_LSHIFT : 0);
    SDL_PushEvent(&e);
    e.type = SDL_KEYUP;
    e.key.state = SDL_RELEASED;
    SDL_PushEvent(&e);
    return 0;
}

void ui_push_text(uint32_t window_id, const char *utf8)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_TEXTINPUT;
    e.text.windowID = window_id;
    snprintf(e.text.text, sizeof e.text.text, "%s", utf8);
    SDL_PushEvent(&e);
}

/* The pointer moves to (x, y), points: clicks and wheel turns land where it is. */
static void push_motion(uint32_t window_id, int x, int y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEMOTION;
    e.motion.windowID = window_id;
    e.motion.x = x;
    e.motion.y = y;
    SDL_PushEvent(&e);
}

void ui_push_click(uint32_t window_id, int x, int y)
{
    push_motion(window_id, x, y);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.windowID = window_id;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = SDL_PRESSED;
    e.button.clicks = 1;
    e.button.x = x;
    e.button.y = y;
    SDL_PushEvent(&e);
    e.type = SDL_MOUSEBUTTONUP;
    e.button.state = SDL_RELEASED;
    SDL_PushEvent(&e);
}

int ui_app_push_key(const char *name)
{
    bool ctrl = !strncmp(name, "ctrl+", 5);
    return ui_push_key(0, ctrl ? name + 5 : name, ctrl, false);
}

void ui_app_push_text(const char *utf8) { ui_push_text(0, utf8); }

static void to_points(UiApp *a, int px, int py, int *x, int *y)
{
    double s = ui_gfx_scale(a->g);
    *x = (int)(px / s);
    *y = (int)(py / s);
}

void ui_app_push_click(UiApp *a, int px, int py)
{
    int x, y;
    to_points(a, px, py, &x, &y);
    ui_push_click(0, x, y);
}

void ui_app_push_wheel(UiApp *a, int px, int py, int dy)
{
    int x, y;
    to_points(a, px, py, &x, &y);
    push_motion(0, x, y);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEWHEEL;
    e.wheel.y = dy;
    e.wheel.direction = SDL_MOUSEWHEEL_NORMAL;
    SDL_PushEvent(&e);
}

void ui_app_push_resize(UiApp *a, int w, int h)
{
    (void)a;
    SDL_Window *win = SDL_GetKeyboardFocus();
    if (!win)
        win = SDL_GetWindowFromID(1);
    if (win)
        SDL_SetWindowSize(win, w, h);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_WINDOWEVENT;
    e.window.event = SDL_WINDOWEVENT_SIZE_CHANGED;
    e.window.data1 = w;
    e.window.data2 = h;
    SDL_PushEvent(&e);
}

int ui_app_push_script(const char *script)
{
    char buf[256];
    const char *p = script;
    while (*p) {
        size_t n = strcspn(p, ",");
        if (n >= sizeof buf)
            return -1;
        memcpy(buf, p, n);
        buf[n] = 0;
        if (n > 0 && ui_app_push_key(buf) != 0)
            return -1;
        p += n;
        if (*p == ',')
            p++;
    }
    return 0;
}

void ui_app_view(const UiApp *a, UiView *v)
{
    memset(v, 0, sizeof *v);
    v->screen = a->screen;
    v->mode = a->mode;
    v->locale = a->set.locale;
    v->trainee_id = a->set.trainee_id;
    v->paused = a->pause_open;
    v->help = a->help;
    v->settings = a->settings_open;
    v->feedback = a->feedback_step >= 0;
    v->play = a->play;
    v->nentries = a->nentries;
    v->nchoices = a->nchoice_btn;
    memcpy(v->choice_rect, a->choice_rect, sizeof v->choice_rect);
    memcpy(v->choice_index, a->choice_index, sizeof v->choice_index);
    v->debrief_percent = a->screen == UI_SCREEN_DEBRIEF ? a->shown_percent : -1;
    v->debrief_percent_rect = a->shown_percent_rect;
    v->debrief_passed = a->result.passed;
    v->debrief_rows = a->screen == UI_SCREEN_DEBRIEF ? a->nrows : 0;
    v->banner = a->banner;
    v->recording = a->db != NULL;
    v->attempt_id = a->attempt_id;
    v->interrupted_offered = ui_app_interrupted_offer(a, NULL) >= 0;
}

UiGfx *ui_app_gfx(UiApp *a) { return a->g; }

const Audio *ui_app_audio(const UiApp *a) { return a->audio; }

void ui_app_set_mentor_hold(UiApp *a, bool hold)
{
    a->mentor_hold = hold;
    a->dirty = true;
}

UiRect ui_app_button_rect(const UiApp *a, const char *label)
{
    for (int i = 0; i < a->nhits; i++)
        if (a->hits[i].label && !strcmp(a->hits[i].label, label))
            return a->hits[i].r;
    return (UiRect){0, 0, 0, 0};
}

/* ---- hooks for the mentor console and the case review (mentor_*.c) ----------------------------- */

Play *ui_app_live_play(UiApp *a) { return a->screen == UI_SCREEN_CALL ? a->play : NULL; }

Recorder *ui_app_recorder(UiApp *a) { return a->rec; }
Records *ui_app_records(UiApp *a) { return a->db; }

void ui_app_play_changed(UiApp *a, bool moved)
{
    if (!a->play)
        return;
    /* A rewind took back the decision whose feedback was showing. */
    if (a->feedback_step >= play_step_count(a->play))
        a->feedback_step = -1;
    sync_attempt(a);
    if (moved && a->feedback_step < 0)
        enter_node(a);
    a->dirty = true;
}

int ui_app_start_from(UiApp *a, uint64_t seed, PlayOptions opts, int start_node, const PlayStep *steps,
                      int nsteps, char *err, size_t errsize)
{
    if (a->screen != UI_SCREEN_BRIEFING || a->cur < 0 || a->cur >= a->nentries || !a->entries[a->cur].sc) {
        snprintf(err, errsize, "no scenario is open to practise");
        return -1;
    }
    Play *p = play_replay(a->entries[a->cur].sc, seed, opts, start_node, steps, nsteps, err, errsize);
    if (!p)
        return -1;
    a->popt = opts;
    open_call(a, p, nsteps > 0 ? steps[nsteps - 1].at_ms : 0);
    return 0;
}
