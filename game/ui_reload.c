/* ui_reload: hot reload of the open scenario file, and play-testing from any node
 * (ui_reload.h). The window's state is ui_internal.h's; the call is (re)opened through
 * ui_app_start_from, so recording, the clock and the screen go the one way the window has. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <SDL.h>

#include "sheet.h"
#include "ui_internal.h"
#include "ui_reload.h"

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
};

/* ---- words ---------------------------------------------------------------------------------- */

typedef struct {
    const char *reloaded, *reloaded_plain, *invalid, *assessment, *debrief, *replay_failed, *restart,
        *restarted, *fixed_same, *gone;
} Words;

static const Words words_en = {
    .reloaded = "Reloaded %s: %d decision%s replayed.",
    .reloaded_plain = "Reloaded %s.",
    .invalid = "%s has %d error%s: still playing the last good version. Save a fixed file to reload.",
    .assessment = "The scenario file changed on disk. This assessment goes on with the version it started "
                  "with (its record keeps that file's fingerprint); the new version loads after the call.",
    .debrief = "The scenario file changed on disk: the new version loads when you leave this debrief.",
    .replay_failed = "The new version of %s cannot replay this call: %s. Still playing the old version; "
                     "press F5 or the button to restart on the new file.",
    .restart = "Restart on the new file (F5)",
    .restarted = "Restarted on the new version of %s.",
    .fixed_same = "%s is valid again (unchanged from the version playing).",
    .gone = "%s is no longer on disk: still playing the version loaded. Save it again to reload.",
};

static const Words words_zh = {
    .reloaded = "已重新加载 %s：重放了 %d 个决定%s。",
    .reloaded_plain = "已重新加载 %s。",
    .invalid = "%s 有 %d 个错误%s：仍在使用上一个有效版本。保存修正后的文件即可重新加载。",
    .assessment = "剧本文件在磁盘上已更改。本次考核继续使用开始时的版本（记录保留该文件的指纹）；通话结束后加载新版本。",
    .debrief = "剧本文件在磁盘上已更改：离开本复盘页面时加载新版本。",
    .replay_failed = "%s 的新版本无法重放本次通话：%s。仍在使用旧版本；按 F5 或按钮可在新文件上重新开始。",
    .restart = "在新文件上重新开始 (F5)",
    .restarted = "已在 %s 的新版本上重新开始。",
    .fixed_same = "%s 又有效了（与正在使用的版本相同）。",
    .gone = "磁盘上已找不到 %s：仍在使用已加载的版本。重新保存即可重新加载。",
};

static const Words *W(const UiApp *a) { return strncmp(a->set.locale, "zh", 2) == 0 ? &words_zh : &words_en; }

/* ---- state ---------------------------------------------------------------------------------- */

static UiReload *state(UiApp *a)
{
    if (!a->reload) {
        a->reload = calloc(1, sizeof *a->reload);
        if (!a->reload)
            return NULL;
        a->reload->watched = -1;
        a->reload->waiting_entry = -1;
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
    a->dirty = true;
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

/* The mood shown: the last mood of the nodes the play went through. */
static void recompute_mood(UiApp *a)
{
    const Scenario *sc = play_scenario(a->play);
    a->mood[0] = 0;
    for (int k = 0; k < play_step_count(a->play); k++) {
        const ScNode *n = scenario_node(sc, play_step(a->play, k)->node);
        if (n->mood)
            snprintf(a->mood, sizeof a->mood, "%s", n->mood);
    }
    const ScNode *n = scenario_node(sc, play_node(a->play));
    if (n->mood)
        snprintf(a->mood, sizeof a->mood, "%s", n->mood);
}

/* Leaves the call and opens it again on entry e's new version sc, replayed from steps: the old
 * attempt is closed (abandoned) and a new one recorded, as "practise from here" does from the
 * briefing. On success the old version is freed. */
static int reopen_call(UiApp *a, int e, Scenario *sc, uint64_t seed, int start, const PlayStep *steps, int n,
                       bool keep_clock, char *err, size_t errsize)
{
    Scenario *old = a->entries[e].sc;
    int64_t t0 = a->t0;
    int feedback = a->feedback_step;
    bool paused_menu = a->pause_open;
    UiScreen screen = a->screen;
    a->entries[e].sc = sc;
    a->screen = UI_SCREEN_BRIEFING;
    /* A reload in the middle of a call is silent: the node's sound is not played again at every
     * save. A restart is a new call and sounds like one. */
    Audio *audio = a->audio;
    if (keep_clock)
        a->audio = NULL;
    int rc = ui_app_start_from(a, seed, a->popt, start, steps, n, err, errsize);
    a->audio = audio;
    if (rc != 0) {
        a->entries[e].sc = old;
        a->screen = screen;
        return -1;
    }
    scenario_free(old); /* the old play and its attempt went with the old call */
    if (keep_clock) {
        /* The clock goes on where it was, so the node's timer has the time it had left. */
        a->t0 = t0;
        if (feedback >= 0 && feedback < play_step_count(a->play))
            a->feedback_step = feedback; /* the coach's panel was showing: it still is */
        a->pause_open = paused_menu;
        if (a->help || a->settings_open)
            a->focus = ACT_OVERLAY_CLOSE;
        else if (a->pause_open)
            a->focus = ACT_RESUME;
    }
    recompute_mood(a);
    a->dirty = true;
    return 0;
}

/* Entry e's version becomes sc when no play uses the old one (briefing, picker). */
static void swap_version(UiApp *a, int e, Scenario *sc)
{
    scenario_free(a->entries[e].sc);
    a->entries[e].sc = sc;
    free(a->entries[e].error);
    a->entries[e].error = NULL;
    a->reload->reloads++;
    a->reload->replayed = 0;
    a->dirty = true;
}

/* Applies a valid new version of the open entry e, or leaves it waiting. Takes sc. */
static void apply(UiApp *a, int e, Scenario *sc)
{
    UiReload *r = a->reload;
    const char *name = base_name(a->entries[e].path);
    const Words *w = W(a);
    if (r->waiting != sc)
        drop_waiting(r);
    r->waiting = NULL;
    r->restart_offered = false;
    bool call = a->screen == UI_SCREEN_CALL && a->play && a->cur == e;
    if (a->screen == UI_SCREEN_DEBRIEF && a->cur == e) {
        r->waiting = sc;
        r->waiting_entry = e;
        note(a, NOTE_INFO, "%s", w->debrief);
        return;
    }
    if (!call) {
        swap_version(a, e, sc);
        note(a, NOTE_INFO, w->reloaded_plain, name);
        return;
    }
    if (a->mode == UI_MODE_ASSESSMENT) {
        r->waiting = sc;
        r->waiting_entry = e;
        note(a, NOTE_WARN, "%s", w->assessment);
        return;
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
        r->waiting = sc;
        r->waiting_entry = e;
        r->restart_offered = true;
        note(a, NOTE_WARN, w->replay_failed, name, err[0] ? err : "out of memory");
        return;
    }
    int decisions = play_decision_count(check);
    play_free(check);
    if (reopen_call(a, e, sc, play_seed(a->play), start, steps, n, true, err, sizeof err) != 0) {
        free(steps);
        r->waiting = sc;
        r->waiting_entry = e;
        r->restart_offered = true;
        note(a, NOTE_WARN, w->replay_failed, name, err);
        return;
    }
    free(steps);
    r->reloads++;
    r->replayed = decisions;
    note(a, NOTE_INFO, w->reloaded, name, decisions, decisions == 1 || W(a) == &words_zh ? "" : "s");
}

/* The file of entry e changed: validate it, then apply it or show why not. */
static void file_changed(UiApp *a, int e)
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
        note(a, NOTE_WARN, W(a)->invalid, name, r->nerrors, r->nerrors == 1 || W(a) == &words_zh ? "" : "s");
        diag_list_free(&diags);
        return;
    }
    diag_list_free(&diags);
    const Scenario *cur = a->entries[e].sc;
    if (cur && !strcmp(scenario_sha256(cur), scenario_sha256(sc))) {
        /* Touched, or put back as it was: nothing to replay, nothing left waiting. */
        drop_waiting(r);
        if (r->note_kind == NOTE_WARN)
            note(a, NOTE_INFO, W(a)->fixed_same, name);
        scenario_free(sc);
        return;
    }
    apply(a, e, sc);
}

void ui_reload_poll(UiApp *a)
{
    UiReload *r = state(a);
    if (!r)
        return;
    /* Every file's first look is its load's (the window loads them all at start), so a file
     * edited while the picker showed is reloaded when it is opened. */
    Uint64 now = SDL_GetTicks64();
    bool first = r->last_check == 0;
    if (!first && now - r->last_check < CHECK_EVERY_MS)
        return;
    r->last_check = now ? now : 1;
    if (r->note_kind == NOTE_INFO && now >= r->notice_until && !r->waiting) {
        r->notice[0] = 0;
        r->note_kind = NOTE_NONE;
        a->dirty = true;
    }
    if (first)
        for (int i = 0; i < a->nentries; i++)
            r->sig[i] = sig_of(a->entries[i].path);
    /* A version left waiting goes in as soon as no call or debrief uses the old one. */
    if (r->waiting && !(a->cur == r->waiting_entry &&
                        (a->screen == UI_SCREEN_CALL || a->screen == UI_SCREEN_DEBRIEF))) {
        Scenario *sc = r->waiting;
        int e = r->waiting_entry;
        r->waiting = NULL;
        r->waiting_entry = -1;
        r->restart_offered = false;
        swap_version(a, e, sc);
        note(a, NOTE_INFO, W(a)->reloaded_plain, base_name(a->entries[e].path));
    }
    int e = open_entry(a);
    if (e != r->watched) {
        r->watched = e;
        /* Notices belong to the file they are about. */
        if (!r->waiting) {
            r->notice[0] = 0;
            r->note_kind = NOTE_NONE;
            clear_diags(r);
        }
    }
    if (e < 0)
        return;
    Sig s = sig_of(a->entries[e].path);
    if (sig_same(&s, &r->sig[e]))
        return;
    if (s.missing) {
        /* Mid-save (unlinked before the rename): look again later. Gone for a second: say so. */
        if (!r->missing_since)
            r->missing_since = now;
        else if (now - r->missing_since >= 1000 && !r->sig[e].missing) {
            r->sig[e] = s;
            note(a, NOTE_WARN, W(a)->gone, base_name(a->entries[e].path));
        }
        return;
    }
    r->missing_since = 0;
    if (settling(&s))
        return; /* being written: look again on the next check */
    r->sig[e] = s;
    file_changed(a, e);
}

bool ui_reload_activate(UiApp *a, int id)
{
    UiReload *r = a->reload;
    if (id != UI_RELOAD_ACT_RESTART || !r || !r->restart_offered || !r->waiting)
        return false;
    int e = r->waiting_entry;
    if (a->screen != UI_SCREEN_CALL || !a->play || a->cur != e)
        return false;
    /* Start where the play started, with the meters a play-test set there before anything else
     * happened (--set), when both still exist; else at the file's start. */
    Scenario *sc = r->waiting;
    const Scenario *old = play_scenario(a->play);
    int start = scenario_find_node(sc, scenario_node(old, start_node_of(a->play))->id);
    PlayStep lead[UI_FROM_MAX_SETS];
    int nlead = 0;
    for (int i = 0; start >= 0 && i < play_step_count(a->play) && nlead < UI_FROM_MAX_SETS; i++) {
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
    r->waiting = NULL;
    r->waiting_entry = -1;
    r->restart_offered = false;
    char err[512];
    if (reopen_call(a, e, sc, play_seed(a->play), start, lead, nlead, false, err, sizeof err) != 0 &&
        reopen_call(a, e, sc, play_seed(a->play), -1, NULL, 0, false, err, sizeof err) != 0) {
        scenario_free(sc);
        note(a, NOTE_WARN, "%s", err);
        return true;
    }
    r->reloads++;
    r->replayed = 0;
    clear_diags(r);
    note(a, NOTE_INFO, W(a)->restarted, base_name(a->entries[e].path));
    return true;
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
    if (button) {
        UiRect b = {m + pad, ty, bw, bh};
        bool hot = a->hover == UI_RELOAD_ACT_RESTART;
        ui_gfx_round(a->g, b, ui_gfx_px(a->g, 6), hot ? (UiColor){208, 219, 232, 255} : (UiColor){226, 232, 240, 255});
        ui_gfx_frame(a->g, b, ui_gfx_px(a->g, 1), (UiColor){120, 130, 140, 255});
        int tw, th;
        ui_gfx_text_size(a->g, ui_gfx_tpx(a->g, 17), label, bw - 2 * pad, &tw, &th);
        ui_gfx_text(a->g, ui_gfx_tpx(a->g, 17), label, bw - 2 * pad, b.x + (bw - tw) / 2, b.y + (bh - th) / 2,
                    (UiColor){28, 33, 40, 255});
        if (a->focus == UI_RELOAD_ACT_RESTART) {
            int t = ui_gfx_px(a->g, 3);
            ui_gfx_frame(a->g, (UiRect){b.x - t, b.y - t, b.w + 2 * t, b.h + 2 * t}, t, (UiColor){230, 140, 0, 255});
        }
        if (a->nhits < UI_MAX_HITS)
            a->hits[a->nhits++] = (UiHit){.id = UI_RELOAD_ACT_RESTART, .r = b, .full = b, .area = AREA_NONE,
                                          .label = label};
    }
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
}

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
    if (a->screen != UI_SCREEN_BRIEFING || a->cur < 0 || a->cur >= a->nentries || !a->entries[a->cur].sc) {
        snprintf(err, errsize, "the scenario did not open (is it valid?)");
        return -1;
    }
    const Scenario *sc = a->entries[a->cur].sc;
    if (f->node < 0 || f->node >= scenario_node_count(sc)) {
        snprintf(err, errsize, "no such node");
        return -1;
    }
    PlayStep steps[UI_FROM_MAX_SETS];
    for (int i = 0; i < f->nsets; i++)
        steps[i] = (PlayStep){.kind = PLAY_STEP_METER, .node = f->node, .index = f->meter[i], .value = f->value[i]};
    uint64_t seed = (uint64_t)time(NULL) * 6364136223846793005ull ^ SDL_GetPerformanceCounter();
    if (ui_app_start_from(a, seed, a->popt, f->node, steps, f->nsets, err, errsize) != 0)
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
        if (recorder_mentor_event(rec, "comment", detail, 0, 0, rerr, sizeof rerr) != 0)
            snprintf(a->banner, sizeof a->banner, a->s->not_recorded, rerr);
    }
    return 0;
}
