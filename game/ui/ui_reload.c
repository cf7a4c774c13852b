/* ui_reload: hot reload of the open scenario file (ui_reload.h). It reads the window's state
 * (app_state.h) and keeps its own; what must change in the app comes back as a request that
 * the loop applies (ui_app.c), so the call is reopened the one way the window has. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <SDL.h>

#include "app_state.h"
#include "sheet.h"
#include "ui_reload.h"
#include "voice_paths.h"

/* How often the open file is looked at, and how old its last write must be before it is read
 * (an editor that writes in place may be half way through). */
enum { CHECK_EVERY_MS = 250, SETTLE_MS = 100, NOTICE_MS = 6000 };
/* An information notice goes after NOTICE_MS (unless a version still waits); warnings and
 * diagnostics stay until resolved. */

typedef struct {
    bool known;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime, ctime;
    bool missing; /* the path did not exist (an editor between unlink and rename) */
} Sig;

typedef enum { NOTE_NONE, NOTE_INFO, NOTE_WARN } NoteKind;

struct UiReload {
    Sig *sig;            /* per entry: the file as last seen (what is loaded, or was rejected) */
    int nsig;
    int watched;         /* the entry being watched, -1: none */
    Uint64 last_check;
    Uint64 missing_since; /* the open file was first found missing (0: it is there) */
    Scenario *waiting;   /* a valid version not applied yet */
    int waiting_entry;
    bool restart_offered;
    NoteKind note_kind;
    char notice[1024];
    Uint64 notice_until;  /* NOTE_INFO: when it goes */
    char *diag[UI_RELOAD_MAX_DIAGS];
    int ndiags, nerrors;
    int reloads, replayed;
    /* the recorded voices of the open entry in the window's locale (voice_paths.h) */
    int voice_entry, voice_loc;
    unsigned long long voice_stamp;
    int voice_changes;
};

/* ---- words ---------------------------------------------------------------------------------- */




static const UiReloadWords *W(const UiApp *a) { return a->s->reload; }
static bool zh(const UiApp *a) { return !strcmp(a->s->lang, "zh"); }

/* ---- state ---------------------------------------------------------------------------------- */

static UiReload *state(UiApp *a)
{
    if (!a->reload) {
        a->reload = calloc(1, sizeof *a->reload);
        if (!a->reload)
            return NULL;
        a->reload->watched = -1;
        a->reload->waiting_entry = -1;
        a->reload->voice_entry = -1;
    }
    UiReload *r = a->reload;
    if (r->nsig < a->nentries) {
        Sig *n = realloc(r->sig, sizeof *n * (size_t)a->nentries);
        if (!n)
            return NULL;
        memset(n + r->nsig, 0, sizeof *n * (size_t)(a->nentries - r->nsig));
        r->sig = n;
        r->nsig = a->nentries;
    }
    return r;
}

static void clear_diags(UiReload *r)
{
    for (int i = 0; i < r->ndiags; i++)
        free(r->diag[i]);
    r->ndiags = 0;
    r->nerrors = 0;
}

static void drop_waiting(UiReload *r)
{
    scenario_free(r->waiting);
    r->waiting = NULL;
    r->waiting_entry = -1;
    r->restart_offered = false;
}

void ui_reload_free(UiReload *r)
{
    if (!r)
        return;
    clear_diags(r);
    drop_waiting(r);
    free(r->sig);
    free(r);
}

static void note(UiApp *a, NoteKind kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void note(UiApp *a, NoteKind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->reload->notice, sizeof a->reload->notice, fmt, ap);
    va_end(ap);
    a->reload->note_kind = kind;
    a->reload->notice_until = SDL_GetTicks64() + NOTICE_MS;
    a->ui.dirty = true;
}

static Sig sig_of(const char *path)
{
    Sig s = {.known = true};
    struct stat st;
    if (stat(path, &st) != 0) {
        s.missing = true;
        return s;
    }
    s.dev = st.st_dev;
    s.ino = st.st_ino;
    s.size = st.st_size;
    s.mtime = st.st_mtim;
    s.ctime = st.st_ctim;
    return s;
}

static bool sig_same(const Sig *x, const Sig *y)
{
    return x->missing == y->missing && x->dev == y->dev && x->ino == y->ino && x->size == y->size &&
           x->mtime.tv_sec == y->mtime.tv_sec && x->mtime.tv_nsec == y->mtime.tv_nsec &&
           x->ctime.tv_sec == y->ctime.tv_sec && x->ctime.tv_nsec == y->ctime.tv_nsec;
}

/* Written in the last SETTLE_MS (a clock in the future counts as settled). */
static bool settling(const Sig *s)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int64_t age = ((int64_t)now.tv_sec - s->mtime.tv_sec) * 1000 + (now.tv_nsec - s->mtime.tv_nsec) / 1000000;
    return age >= 0 && age < SETTLE_MS;
}

/* The entry whose file is open: the briefing's, the call's or the debrief's; on the list of a
 * window opened on one FILE, that file (one that failed to load becomes playable once fixed). */
static int open_entry(const UiApp *a)
{
    if (a->screen == UI_SCREEN_PICKER && a->nentries == 1)
        return 0;
    if (a->screen != UI_SCREEN_BRIEFING && a->screen != UI_SCREEN_CALL && a->screen != UI_SCREEN_DEBRIEF)
        return -1;
    return a->cur >= 0 && a->cur < a->nentries ? a->cur : -1;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* ---- mapping a play onto a new version ------------------------------------------------------ */

/* The steps of p with their node, choice, event and meter indexes looked up by id in sc. *out
 * (free()) gets them; returns their count, or -1 with err naming the first step that has no
 * counterpart. */
static int map_steps(const Play *p, const Scenario *sc, PlayStep **out, char *err, size_t errsize)
{
    const Scenario *old = play_scenario(p);
    int n = play_step_count(p);
    PlayStep *steps = malloc(sizeof *steps * (size_t)(n > 0 ? n : 1));
    if (!steps) {
        snprintf(err, errsize, "out of memory");
        return -1;
    }
    int decision = 0;
    for (int i = 0; i < n; i++) {
        PlayStep s = *play_step(p, i);
        decision += s.kind == PLAY_STEP_CHOICE || s.kind == PLAY_STEP_TIMEOUT;
        const ScNode *on = scenario_node(old, s.node);
        int node = scenario_find_node(sc, on->id);
        if (node < 0) {
            snprintf(err, errsize, "step %d: node \"%s\" is no longer in the file", i + 1, on->id);
            goto fail;
        }
        const ScNode *nn = scenario_node(sc, node);
        s.node = node;
        if (s.kind == PLAY_STEP_CHOICE) {
            const char *id = on->choices[s.index].id;
            s.index = -1;
            for (int c = 0; nn->kind == SC_NODE_CHOICES && c < nn->nchoices; c++)
                if (!strcmp(nn->choices[c].id, id))
                    s.index = c;
            if (s.index < 0) {
                snprintf(err, errsize, "decision %d (step %d): the choice \"%s\" taken at node \"%s\" is gone",
                         decision, i + 1, id, on->id);
                goto fail;
            }
        } else if (s.kind == PLAY_STEP_EVENT) {
            const char *id = scenario_event(old, s.index)->id;
            s.index = scenario_find_event(sc, id);
            if (s.index < 0) {
                snprintf(err, errsize, "step %d: the event \"%s\" is gone", i + 1, id);
                goto fail;
            }
        } else if (s.kind == PLAY_STEP_METER) {
            const char *id = scenario_meter(old, s.index)->id;
            s.index = scenario_find_meter(sc, id);
            if (s.index < 0) {
                snprintf(err, errsize, "step %d: the meter \"%s\" is gone", i + 1, id);
                goto fail;
            }
        }
        steps[i] = s;
    }
    *out = steps;
    return n;
fail:
    free(steps);
    return -1;
}

/* The node the play started at: its first step's (a play starts where it stands), else where
 * it is. */
static int start_node_of(const Play *p)
{
    return play_step_count(p) > 0 ? play_step(p, 0)->node : play_node(p);
}

/* Entry e's new version sc goes in: swapped when no play uses the old one, or the call
 * replayed on it (the app does either and reports back with ui_reload_done). */
static UiReloadRequest swap_request(int e, Scenario *sc)
{
    return (UiReloadRequest){.kind = UI_RELOAD_SWAP, .entry = e, .sc = sc, .start = -1};
}

static void wait_with(UiReload *r, int e, Scenario *sc, bool restart)
{
    r->waiting = sc;
    r->waiting_entry = e;
    r->restart_offered = restart;
}

/* A valid new version of the open entry e: a request to apply it, or it is left waiting. Takes
 * sc. */
static UiReloadRequest apply(UiApp *a, int e, Scenario *sc)
{
    UiReload *r = a->reload;
    const char *name = base_name(a->entries[e].path);
    const UiReloadWords *w = W(a);
    UiReloadRequest none = {.kind = UI_RELOAD_NONE};
    if (r->waiting != sc)
        drop_waiting(r);
    wait_with(r, -1, NULL, false);
    bool call = a->screen == UI_SCREEN_CALL && a->play && a->cur == e;
    if (a->screen == UI_SCREEN_DEBRIEF && a->cur == e) {
        wait_with(r, e, sc, false);
        note(a, NOTE_INFO, "%s", w->debrief);
        return none;
    }
    if (!call)
        return swap_request(e, sc);
    if (a->mode == UI_MODE_ASSESSMENT) {
        wait_with(r, e, sc, false);
        note(a, NOTE_WARN, "%s", w->assessment);
        return none;
    }
    char err[512] = "";
    PlayStep *steps = NULL;
    int n = map_steps(a->play, sc, &steps, err, sizeof err);
    Play *check = NULL;
    int start = -1;
    if (n >= 0) {
        const ScNode *sn = scenario_node(play_scenario(a->play), start_node_of(a->play));
        start = scenario_find_node(sc, sn->id);
        check = play_replay(sc, play_seed(a->play), a->popt, start, steps, n, err, sizeof err);
    }
    if (!check) {
        free(steps);
        wait_with(r, e, sc, true);
        note(a, NOTE_WARN, w->replay_failed, name, err[0] ? err : "out of memory");
        return none;
    }
    int decisions = play_decision_count(check);
    play_free(check);
    return (UiReloadRequest){.kind = UI_RELOAD_REPLAY, .entry = e, .sc = sc, .seed = play_seed(a->play),
                             .start = start, .steps = steps, .nsteps = n, .decisions = decisions};
}

void ui_reload_done(UiApp *a, UiReloadRequest *rq, bool ok, const char *err)
{
    UiReload *r = a->reload;
    const char *name = rq->entry >= 0 && rq->entry < a->nentries ? base_name(a->entries[rq->entry].path) : "";
    free(rq->steps);
    rq->steps = NULL;
    if (rq->kind == UI_RELOAD_NONE || !r)
        return;
    if (!ok && rq->kind == UI_RELOAD_REPLAY) {
        wait_with(r, rq->entry, rq->sc, true);
        note(a, NOTE_WARN, W(a)->replay_failed, name, err);
    } else if (!ok) {
        scenario_free(rq->sc);
        note(a, NOTE_WARN, "%s", err);
    } else {
        r->reloads++;
        r->replayed = rq->kind == UI_RELOAD_REPLAY ? rq->decisions : 0;
        if (rq->kind == UI_RELOAD_SWAP) {
            note(a, NOTE_INFO, W(a)->reloaded_plain, name);
        } else if (rq->kind == UI_RELOAD_RESTART) {
            clear_diags(r);
            note(a, NOTE_INFO, W(a)->restarted, name);
        } else {
            note(a, NOTE_INFO, W(a)->reloaded, name, rq->decisions,
                 rq->decisions == 1 || zh(a) ? "" : "s");
        }
    }
    rq->kind = UI_RELOAD_NONE;
}

/* The file of entry e changed: validate it, then ask for it to go in, or show why not. */
static UiReloadRequest file_changed(UiApp *a, int e)
{
    UiReload *r = a->reload;
    const char *path = a->entries[e].path, *name = base_name(path);
    DiagList diags = {0};
    Scenario *sc = sheet_load_file(path, &diags); /* a .csv sheet too */
    clear_diags(r);
    if (!sc) {
        diag_list_sort(&diags);
        r->nerrors = diags.errors;
        for (int pass = 0; pass < 2; pass++) /* errors first, then warnings */
            for (int i = 0; i < diags.count && r->ndiags < UI_RELOAD_MAX_DIAGS; i++) {
                if ((diags.items[i].severity == DIAG_ERROR) != (pass == 0))
                    continue;
                char buf[1024];
                diag_format(&diags.items[i], buf, sizeof buf);
                r->diag[r->ndiags] = strdup(buf);
                if (r->diag[r->ndiags])
                    r->ndiags++;
            }
        if (r->nerrors == 0) /* a file that cannot be read gives no diagnostic of its own */
            r->nerrors = 1;
        note(a, NOTE_WARN, W(a)->invalid, name, r->nerrors, r->nerrors == 1 || zh(a) ? "" : "s");
        diag_list_free(&diags);
        return (UiReloadRequest){.kind = UI_RELOAD_NONE};
    }
    diag_list_free(&diags);
    const Scenario *cur = a->entries[e].sc;
    if (cur && !strcmp(scenario_sha256(cur), scenario_sha256(sc))) {
        /* Touched, or put back as it was: nothing to replay, nothing left waiting. */
        drop_waiting(r);
        if (r->note_kind == NOTE_WARN)
            note(a, NOTE_INFO, W(a)->fixed_same, name);
        scenario_free(sc);
        return (UiReloadRequest){.kind = UI_RELOAD_NONE};
    }
    return apply(a, e, sc);
}

/* Notices go after a while; a new watched file drops the last one's. */
static void age_notices(UiApp *a, UiReload *r, Uint64 now, int e)
{
    if (r->note_kind == NOTE_INFO && now >= r->notice_until && !r->waiting) {
        r->notice[0] = 0;
        r->note_kind = NOTE_NONE;
        app_dirty(a);
    }
    if (e != r->watched) {
        r->watched = e;
        /* Notices belong to the file they are about. */
        if (!r->waiting) {
            r->notice[0] = 0;
            r->note_kind = NOTE_NONE;
            clear_diags(r);
        }
    }
}

/* A take added, re-recorded or removed under voice/<id>/<locale>/ of the open entry: the
 * call reads a line's take (voice_find_take) each time the line comes, so a new one plays the
 * next time; the trainer is told (not the trainee in an assessment). A new entry or locale is only looked at. */
static void watch_voice(UiApp *a, UiReload *r, int e)
{
    const Scenario *sc = a->entries[e].sc;
    if (!sc)
        return;
    bool playing = (a->screen == UI_SCREEN_CALL || a->screen == UI_SCREEN_DEBRIEF) && a->cur == e;
    int loc = playing ? a->loc : scenario_locale_index(sc, a->set.locale);
    unsigned long long stamp = voice_stamp_locale(sc, loc);
    if (r->voice_entry != e || r->voice_loc != loc) {
        r->voice_entry = e;
        r->voice_loc = loc;
        r->voice_stamp = stamp;
        return;
    }
    if (stamp == r->voice_stamp)
        return;
    r->voice_stamp = stamp;
    r->voice_changes++;
    if (a->mode == UI_MODE_ASSESSMENT)
        return;
    VoiceCoverage c;
    voice_coverage(sc, loc, &c);
    note(a, NOTE_INFO, W(a)->voice, scenario_locale(sc, loc), c.recorded, c.lines);
}

UiReloadRequest ui_reload_poll(UiApp *a)
{
    UiReloadRequest none = {.kind = UI_RELOAD_NONE};
    UiReload *r = state(a);
    if (!r)
        return none;
    /* Every file's first look is its load's (the window loads them all at start), so a file
     * edited while the picker showed is reloaded when it is opened. */
    Uint64 now = SDL_GetTicks64();
    bool first = r->last_check == 0;
    if (!first && now - r->last_check < CHECK_EVERY_MS)
        return none;
    r->last_check = now ? now : 1;
    if (first)
        for (int i = 0; i < a->nentries; i++)
            r->sig[i] = sig_of(a->entries[i].path);
    /* A version left waiting goes in as soon as no call or debrief uses the old one. */
    if (r->waiting && !(a->cur == r->waiting_entry &&
                        (a->screen == UI_SCREEN_CALL || a->screen == UI_SCREEN_DEBRIEF))) {
        UiReloadRequest rq = swap_request(r->waiting_entry, r->waiting);
        wait_with(r, -1, NULL, false);
        return rq;
    }
    int e = open_entry(a);
    age_notices(a, r, now, e);
    if (e < 0)
        return none;
    watch_voice(a, r, e);
    Sig s = sig_of(a->entries[e].path);
    if (sig_same(&s, &r->sig[e]))
        return none;
    if (s.missing) {
        /* Mid-save (unlinked before the rename): look again later. Gone for a second: say so. */
        if (!r->missing_since)
            r->missing_since = now;
        else if (now - r->missing_since >= 1000 && !r->sig[e].missing) {
            r->sig[e] = s;
            note(a, NOTE_WARN, W(a)->gone, base_name(a->entries[e].path));
        }
        return none;
    }
    r->missing_since = 0;
    if (settling(&s))
        return none; /* being written: look again on the next check */
    r->sig[e] = s;
    return file_changed(a, e);
}

bool ui_reload_restart_offered(const UiApp *a)
{
    const UiReload *r = a->reload;
    return r && r->restart_offered && r->waiting && a->screen == UI_SCREEN_CALL && a->play &&
           a->cur == r->waiting_entry;
}

UiReloadRequest ui_reload_restart(UiApp *a)
{
    UiReload *r = a->reload;
    if (!ui_reload_restart_offered(a))
        return (UiReloadRequest){.kind = UI_RELOAD_NONE};
    int e = r->waiting_entry;
    /* Start where the play started, with the meters a play-test set there before anything else
     * happened (--set), when both still exist; else at the file's start. */
    Scenario *sc = r->waiting;
    const Scenario *old = play_scenario(a->play);
    int start = scenario_find_node(sc, scenario_node(old, start_node_of(a->play))->id);
    PlayStep *lead = calloc(SC_MAX_METERS, sizeof *lead);
    int nlead = 0;
    for (int i = 0; lead && start >= 0 && i < play_step_count(a->play) && nlead < SC_MAX_METERS; i++) {
        const PlayStep *s = play_step(a->play, i);
        if (s->kind != PLAY_STEP_METER || s->at_ms != 0)
            break;
        int m = scenario_find_meter(sc, scenario_meter(old, s->index)->id);
        if (m < 0)
            continue;
        lead[nlead] = *s;
        lead[nlead].node = start;
        lead[nlead].index = m;
        nlead++;
    }
    wait_with(r, -1, NULL, false);
    return (UiReloadRequest){.kind = UI_RELOAD_RESTART, .entry = e, .sc = sc, .seed = play_seed(a->play),
                             .start = start, .steps = lead, .nsteps = nlead};
}

/* ---- drawing -------------------------------------------------------------------------------- */

void ui_reload_draw(UiApp *a, int *y)
{
    UiReload *r = a->reload;
    if (!r || (!r->notice[0] && r->ndiags == 0) || open_entry(a) < 0)
        return;
    bool dark = a->set.high_contrast;
    UiColor bg = r->note_kind == NOTE_WARN ? (dark ? (UiColor){60, 40, 0, 255} : (UiColor){255, 236, 200, 255})
                                           : (dark ? (UiColor){0, 40, 20, 255} : (UiColor){218, 242, 226, 255});
    UiColor fg = dark ? (UiColor){255, 255, 255, 255} : (UiColor){28, 33, 40, 255};
    UiColor rule = r->note_kind == NOTE_WARN ? (UiColor){214, 140, 0, 255} : (UiColor){30, 130, 70, 255};
    int Wd = ui_gfx_width(a->g), m = ui_gfx_px(a->g, 16), pad = ui_gfx_px(a->g, 8);
    int size = ui_gfx_tpx(a->g, 14), wrap = Wd - 2 * m - 2 * pad;
    /* Measure, then draw: the notice, each diagnostic, then the button. */
    int h = pad;
    if (r->notice[0]) {
        int tw, th;
        ui_gfx_text_size(a->g, size, r->notice, wrap, &tw, &th);
        h += th + pad / 2;
    }
    for (int i = 0; i < r->ndiags; i++) {
        int tw, th;
        ui_gfx_text_size(a->g, size, r->diag[i], wrap - pad, &tw, &th);
        h += th + pad / 2;
    }
    const char *label = W(a)->restart;
    int bh = 0, bw = 0;
    bool button = r->restart_offered && a->screen == UI_SCREEN_CALL;
    if (button) {
        int tw, th;
        ui_gfx_text_size(a->g, ui_gfx_tpx(a->g, 17), label, wrap - 2 * pad, &tw, &th);
        bw = tw + 2 * pad;
        bh = th + ui_gfx_px(a->g, 12);
        h += bh + pad / 2;
    }
    h += pad / 2;
    ui_gfx_fill(a->g, (UiRect){0, *y, Wd, h}, bg);
    ui_gfx_fill(a->g, (UiRect){0, *y, ui_gfx_px(a->g, 5), h}, rule);
    int ty = *y + pad;
    if (r->notice[0])
        ty += ui_gfx_text(a->g, size, r->notice, wrap, m + pad, ty, fg).h + pad / 2;
    for (int i = 0; i < r->ndiags; i++)
        ty += ui_gfx_text(a->g, size, r->diag[i], wrap - pad, m + 2 * pad, ty, fg).h + pad / 2;
    if (button)
        uw_button(&a->ui, UI_RELOAD_ACT_RESTART, (UiRect){m + pad, ty, bw, bh}, label, UW_NORMAL);
    *y += h;
}

void ui_reload_view(const UiApp *a, UiReloadView *v)
{
    memset(v, 0, sizeof *v);
    v->notice = "";
    const UiReload *r = a->reload;
    if (!r)
        return;
    v->reloads = r->reloads;
    v->replayed = r->replayed;
    v->notice = r->notice;
    v->ndiags = r->ndiags;
    v->nerrors = r->nerrors;
    for (int i = 0; i < r->ndiags; i++)
        v->diag[i] = r->diag[i];
    v->waiting = r->waiting != NULL;
    v->restart_offered = r->restart_offered;
    v->voice_changes = r->voice_changes;
}

