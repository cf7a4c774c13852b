/* mentor_replay: the case review window (see mentor_replay.h). */
#include "mentor_replay.h"
#include "mentor_listen.h"
#include "ui_strings.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

enum { MR_NONE, MR_PREV, MR_NEXT, MR_FORK, MR_LISTEN, MR_LCOMMENT, MR_LFIELD, MR_JUMP = 1000 };




struct MentorReplay {
    const Scenario *sc;
    const RecordsAttempt *at;
    const UiReviewWords *s;
    const UiStrings *ls; /* the window's language: its punctuation */
    int loc;
    PlayOptions opts;
    int start_node;
    int ndec;
    int *dstep;     /* the step index of each decision in the log */
    int pos;        /* decisions taken at the moment shown */
    Play *play;     /* the Play at that moment */
    int fork;       /* steps to practise from; -1 */
    bool quit;
    MentorWin *w;
    MentorListen *listen;   /* spoken answers: playing them back, a comment on them */
    char listen_status[600];
    bool listen_ok;
};

/* ---- finding the scenario ---------------------------------------------------------------------- */

/* Whether the file at p is the attempt's scenario: a cheap test first (the id must appear in
 * its head), then a full load. The scenario, or NULL. */
static Scenario *load_if_attempts(const RecordsAttempt *at, const char *p)
{
    FILE *f = fopen(p, "rb");
    if (!f)
        return NULL;
    char head[65536];
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[n] = 0;
    if (!strstr(head, at->scenario_id))
        return NULL;
    DiagList diags = {0};
    Scenario *sc = scenario_load_file(p, &diags);
    diag_list_free(&diags);
    if (sc && strcmp(scenario_id(sc), at->scenario_id) != 0) {
        scenario_free(sc);
        return NULL;
    }
    return sc;
}

/* Looks through dir (two levels deep, in path order) for the attempt's scenario: the file with
 * its exact content (the same sha256) when there is one, else the last with its id. */
static Scenario *search(const RecordsAttempt *at, const char *dir, char *path, size_t size)
{
    CliPaths found;
    if (cli_scan(dir, &(CliScan){.max_depth = 2, .follow_links = true}, &found) < 0)
        return NULL;
    Scenario *best = NULL;
    for (int i = 0; i < found.n; i++) {
        if (best && strcmp(scenario_sha256(best), at->scenario_sha256) == 0)
            break;
        Scenario *sc = load_if_attempts(at, found.paths[i]);
        if (!sc)
            continue;
        scenario_free(best);
        best = sc;
        snprintf(path, size, "%s", found.paths[i]);
    }
    cli_paths_free(&found);
    return best;
}

Scenario *mentor_find_scenario(const RecordsAttempt *at, const char *file, const char *dir, char *path,
                               size_t size, bool *changed, char *err, size_t errsize)
{
    Scenario *sc = NULL;
    *changed = false;
    if (file) {
        DiagList diags = {0};
        sc = scenario_load_file(file, &diags);
        if (!sc) {
            diag_first_error(&diags, err, errsize, "cannot be loaded");
            diag_list_free(&diags);
            return NULL;
        }
        diag_list_free(&diags);
        if (strcmp(scenario_id(sc), at->scenario_id) != 0) {
            snprintf(err, errsize, "%s is the scenario \"%s\", but the attempt was on \"%s\"", file, scenario_id(sc),
                     at->scenario_id);
            scenario_free(sc);
            return NULL;
        }
        snprintf(path, size, "%s", file);
    } else {
        sc = search(at, dir, path, size);
        if (!sc) {
            snprintf(err, errsize, "the scenario \"%s\" of this attempt is not under %s: give its file with --scenario FILE",
                     at->scenario_id, dir);
            return NULL;
        }
    }
    *changed = strcmp(scenario_sha256(sc), at->scenario_sha256) != 0;
    return sc;
}

/* ---- the moment shown -------------------------------------------------------------------------- */

static int steps_at(const MentorReplay *r, int k) { return k < r->ndec ? r->dstep[k] : r->at->nsteps; }

void mentor_replay_seek(MentorReplay *r, int k)
{
    if (k < 0)
        k = 0;
    if (k > r->ndec)
        k = r->ndec;
    Play *p = play_replay(r->sc, r->at->seed, r->opts, r->start_node, r->at->steps, steps_at(r, k), NULL, 0);
    if (!p)
        return; /* checked whole at open: only out of memory lands here */
    play_free(r->play);
    r->play = p;
    r->pos = k;
    r->w->ui.dirty = true;
    r->w->ui.scroll[MAREA_RIGHT].offset = 0;
}

static const char *tx(const MentorReplay *r, const ScText *t) { return scenario_text(t, r->loc); }

static int64_t choice_total(const ScChoice *ch)
{
    int64_t s = 0;
    for (int i = 0; ch && i < ch->nscore; i++)
        s += ch->score[i].points;
    return s;
}

static void points_text(const MentorReplay *r, const ScChoice *ch, char *buf, size_t size)
{
    int n = snprintf(buf, size, r->s->points, (int)choice_total(ch));
    for (int i = 0; i < ch->nscore && n > 0 && (size_t)n < size; i++)
        n += snprintf(buf + n, size - (size_t)n, "%s%s %+d", i ? r->ls->comma : r->ls->colon,
                      tx(r, &scenario_competency(r->sc, ch->score[i].competency)->name), ch->score[i].points);
}

/* ---- drawing ----------------------------------------------------------------------------------- */

/* The attempt's mode and status in the window's language (as recorded when not known). */
static const char *mode_name(const UiStrings *ls, const char *mode)
{
    return !strcmp(mode, "practice") ? ls->practice : !strcmp(mode, "assessment") ? ls->assessment
                                                    : !strcmp(mode, "sandbox")    ? ls->sandbox
                                                                                  : mode;
}

static const char *status_name(const UiReviewWords *s, const char *status)
{
    return !strcmp(status, "completed") ? s->st_completed : !strcmp(status, "in_progress") ? s->st_in_progress
                                                        : !strcmp(status, "abandoned")     ? s->st_abandoned
                                                        : !strcmp(status, "interrupted")   ? s->st_interrupted
                                                                                           : status;
}

/* The name of a mentor's action in the window's language (a kind not known: as recorded). */
static const char *action_name(const UiReviewWords *s, const char *kind)
{
    const struct {
        const char *kind, *name;
    } names[] = {{"comment", s->act_comment}, {"meter", s->act_meter},   {"pause", s->act_pause},
                 {"resume", s->act_resume},   {"event", s->act_event},   {"rewind", s->act_rewind}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(names[i].kind, kind))
            return names[i].name;
    return kind;
}

/* A mentor's action in the window's language from what its record holds: a rewind's decision
 * and node, a meter's id and values (its name in this language), an event's id (its label in
 * this language). Any other detail (a comment, a rewind from `replay`) as stored. */
static void action_detail(const MentorReplay *r, const RecordsMentorEvent *e, char *buf, size_t size)
{
    int d, before, after, len = 0;
    char id[128];
    const char *s = e->detail;
    if (!strcmp(e->kind, "rewind") && sscanf(s, "to before decision %d (node %127[^)])%n", &d, id, &len) == 2 &&
        len > 0 && !s[len])
        snprintf(buf, size, r->s->act_rewind_to, d, id);
    else if (!strcmp(e->kind, "meter") && sscanf(s, "%127s %d -> %d%n", id, &before, &after, &len) == 3 && !s[len]) {
        int m = scenario_find_meter(r->sc, id);
        snprintf(buf, size, "%s %d → %d", m >= 0 ? tx(r, &scenario_meter(r->sc, m)->name) : id, before, after);
    } else if (!strcmp(e->kind, "event") && sscanf(s, "%127[^:]:%n", id, &len) == 1 && len > 0 &&
               scenario_find_event(r->sc, id) >= 0)
        snprintf(buf, size, "%s%s%s", id, r->ls->colon,
                 tx(r, &scenario_event(r->sc, scenario_find_event(r->sc, id))->label));
    else
        snprintf(buf, size, "%s", s);
    mentor_utf8_trim(buf);
}

static int section(MentorReplay *r, const char *title, int x, int y, int w)
{
    return uw_text(&r->w->ui, uw_fs(&r->w->ui, MFS_SMALL), title, w, x, y, mentor_theme.muted).h + uw_px(&r->w->ui, 4);
}

/* The moment (decisions taken, 0 .. ndec) a mentor's event belongs to. A rewind is shown where
 * the call went back to ("to before decision N": the moment of decision N), not at the count
 * of decisions before it; events after the last decision belong to the end. */
static int event_moment(const MentorReplay *r, const RecordsMentorEvent *e)
{
    int k = e->decision_index;
    const char *b = strcmp(e->kind, "rewind") == 0 ? strstr(e->detail, "before decision ") : NULL;
    int n;
    if (b && sscanf(b, "before decision %d", &n) == 1 && n >= 1)
        k = n - 1;
    return k < 0 ? 0 : k > r->ndec ? r->ndec : k;
}

/* The answers a rewind took back at this node, each with its points. Returns the height. */
static int draw_taken_back(MentorReplay *r, const ScNode *n, int x, int y, int w)
{
    MentorWin *mw = r->w;
    int y0 = y;
    for (int i = 0; i < r->at->ndecisions; i++) {
        const RecordsDecision *d = &r->at->decisions[i];
        if (!d->rewound || strcmp(d->node, n->id) != 0)
            continue;
        const ScChoice *ch = NULL;
        for (int c = 0; n->kind == SC_NODE_CHOICES && c < n->nchoices; c++)
            if (!strcmp(n->choices[c].id, d->choice))
                ch = &n->choices[c];
        char buf[1200];
        snprintf(buf, sizeof buf, r->s->taken_back, ch ? tx(r, &ch->text) : d->choice, (int)choice_total(ch));
        mentor_utf8_trim(buf);
        y += uw_text(&mw->ui, uw_fs(&mw->ui, MFS_SMALL), buf, w, x, y, mentor_theme.warn).h + uw_px(&mw->ui, 4);
    }
    return y - y0;
}

static int draw_path(MentorReplay *r, int x, int y, int w)
{
    MentorWin *mw = r->w;
    const UiTheme *t = &mentor_theme;
    const RecordsAttempt *at = r->at;
    int fs = uw_fs(&mw->ui, MFS_SMALL), pad = uw_px(&mw->ui, 4);
    y += section(r, r->s->path, x, y, w);
    for (int d = 0; d <= r->ndec; d++) {
        char line[400], clock[16];
        if (d < r->ndec) {
            const PlayStep *s = &at->steps[r->dstep[d]];
            const ScNode *n = scenario_node(r->sc, s->node);
            const ScChoice *ch = s->kind == PLAY_STEP_TIMEOUT ? n->timeout
                                 : s->index >= 0 && s->index < n->nchoices ? &n->choices[s->index] : NULL;
            mentor_clock(s->at_ms, clock, sizeof clock);
            snprintf(line, sizeof line, "%d. %s → %s%s%+d%s  %s", d + 1, n->id,
                     s->kind == PLAY_STEP_TIMEOUT ? r->ls->console->timeout : ch ? ch->id : "?", r->ls->lparen,
                     (int)choice_total(ch), r->ls->rparen, clock);
        } else { /* the ending node, how it ends (as the debrief says it) and the score */
            char pct[32] = "";
            if (at->percent >= 0)
                snprintf(pct, sizeof pct, " %d%%", at->percent);
            const char *o = at->outcome;
            const char *how = !strcmp(o, "pass") ? r->ls->outcome_pass : !strcmp(o, "fail") ? r->ls->outcome_fail
                              : !strcmp(o, "neutral")                  ? r->ls->outcome_neutral
                                                                       : o;
            snprintf(line, sizeof line, "%s%s%s%s", at->ending[0] ? at->ending : status_name(r->s, at->status),
                     how[0] ? r->ls->sep : "", how, pct);
        }
        int h = uw_text_h(&mw->ui, fs, line, w - 2 * pad) + 2 * pad;
        UiRect row = {x, y, w, h};
        if (d == r->pos)
            ui_gfx_fill(mw->g, row, t->current);
        else if (mw->ui.hover == MR_JUMP + d)
            ui_gfx_fill(mw->g, row, t->button_hover);
        uw_text(&mw->ui, fs, line, w - 2 * pad, x + pad, y + pad, t->text);
        /* A row is a button: register it without drawing one. */
        char num[16];
        snprintf(num, sizeof num, "%d.", d + 1);
        uw_hit(&mw->ui, MR_JUMP + d, row, num);
        y += h;
    }
    y += uw_px(&mw->ui, 12);
    y += section(r, r->s->comments, x, y, w);
    int shown = 0;
    for (int i = 0; i < at->nmentor; i++) {
        const RecordsMentorEvent *e = &at->mentor[i];
        if (strcmp(e->kind, "comment") != 0)
            continue;
        char buf[1400];
        mentor_comment_line(r->ls, e->offset_ms, e->decision_index, e->decision_index >= r->ndec, e->detail, buf,
                            sizeof buf);
        bool now = event_moment(r, e) == r->pos;
        UiRect tr = uw_text(&mw->ui, fs, buf, w - 2 * pad, x + pad, y, now ? t->text : t->muted);
        if (now)
            ui_gfx_fill(mw->g, (UiRect){x, tr.y, uw_px(&mw->ui, 3), tr.h}, t->accent);
        y += tr.h + pad;
        shown++;
    }
    if (!shown)
        y += uw_text(&mw->ui, fs, r->s->no_comments, w, x, y, t->muted).h;
    return y;
}

/* The spoken answer of the decision shown: its length, Play, and a comment on it. */
static int draw_spoken(MentorReplay *r, int x, int y, int w)
{
    const RecordsRecording *rec = mentor_listen_find(r->listen, r->pos + 1);
    if (!rec)
        return y;
    MentorWin *mw = r->w;
    const UiTheme *t = &mentor_theme;
    int ss = uw_fs(&mw->ui, MFS_SMALL), bh = uw_button_h(&mw->ui), gap = uw_px(&mw->ui, 8);
    char head[96];
    snprintf(head, sizeof head, r->s->spoken, rec->seconds);
    y += section(r, head, x, y, w);
    int pw = uw_button_w(&mw->ui, r->s->listen);
    mentor_button(mw, MR_LISTEN, (UiRect){x, y, pw, bh}, r->s->listen, true, rec->data != NULL);
    y += bh + gap;
    if (mentor_listen_can_comment(r->listen)) {
        int cw = uw_button_w(&mw->ui, r->s->listen_comment), fh = bh + uw_px(&mw->ui, 8);
        mw->field_id = MR_LFIELD;
        mentor_field(mw, (UiRect){x, y, w - cw - gap, fh}, r->s->listen_comment_ph);
        mentor_button(mw, MR_LCOMMENT, (UiRect){x + w - cw, y + (fh - bh) / 2, cw, bh}, r->s->listen_comment,
                      false, mw->field[0] != 0);
        y += fh + gap;
        const char *c;
        for (int i = 0; (c = mentor_listen_comment_at(r->listen, r->pos, i)); i++)
            y += uw_text(&mw->ui, ss, c, w - gap, x + gap, y, t->text).h + uw_px(&mw->ui, 4);
    }
    if (r->listen_status[0])
        y += uw_text(&mw->ui, ss, r->listen_status, w, x, y, r->listen_ok ? t->good : t->bad).h;
    return y + uw_px(&mw->ui, 10);
}

static int draw_moment(MentorReplay *r, int x, int y, int w)
{
    MentorWin *mw = r->w;
    const UiTheme *t = &mentor_theme;
    const Play *p = r->play;
    const ScNode *n = scenario_node(r->sc, play_node(p));
    int bs = uw_fs(&mw->ui, MFS_BODY), ss = uw_fs(&mw->ui, MFS_SMALL), pad = uw_px(&mw->ui, 6);
    /* The mentor's actions at this moment first: that is what a review looks for. */
    int nm = 0;
    for (int i = 0; i < r->at->nmentor; i++)
        if (event_moment(r, &r->at->mentor[i]) == r->pos)
            nm++;
    if (nm) {
        y += section(r, r->s->mentor, x, y, w);
        for (int i = 0; i < r->at->nmentor; i++) {
            const RecordsMentorEvent *e = &r->at->mentor[i];
            if (event_moment(r, e) != r->pos)
                continue;
            char clock[16], buf[1400], detail[1200];
            mentor_clock(e->offset_ms, clock, sizeof clock);
            action_detail(r, e, detail, sizeof detail);
            snprintf(buf, sizeof buf, r->s->act_at, clock, action_name(r->s, e->kind), detail[0] ? r->ls->colon : "",
                     detail);
            mentor_utf8_trim(buf);
            UiRect tr = uw_text(&mw->ui, bs, buf, w - 2 * pad, x + 2 * pad, y, t->text);
            ui_gfx_fill(mw->g, (UiRect){x, tr.y, uw_px(&mw->ui, 3), tr.h}, t->warn);
            y += tr.h + uw_px(&mw->ui, 4);
        }
        y += uw_px(&mw->ui, 10);
    }
    const char *who = tx(r, scenario_counterpart(r->sc)); /* the rep, in a manager's talk */
    y += section(r, who[0] ? who : r->s->now, x, y, w);
    y += draw_taken_back(r, n, x, y, w);
    char head[200];
    snprintf(head, sizeof head, "%s%s%s", n->id, n->mood ? " · " : "", n->mood ? ui_strings_mood(r->ls, n->mood) : "");
    y += uw_text(&mw->ui, ss, head, w, x, y, t->muted).h;
    y += uw_text(&mw->ui, bs, tx(r, &n->text), w, x, y, t->text).h + uw_px(&mw->ui, 10);
    if (r->pos < r->ndec) {
        const PlayStep *taken = &r->at->steps[r->dstep[r->pos]];
        y += section(r, r->s->offered, x, y, w);
        int offered[SC_MAX_CHOICES];
        int no = play_offered(p, offered);
        for (int k = 0; k < no; k++) {
            const ScChoice *ch = &n->choices[offered[k]];
            bool is_taken = taken->kind == PLAY_STEP_CHOICE && taken->index == offered[k];
            char label[700], pts[400];
            snprintf(label, sizeof label, "%d. %s%s%s", k + 1, tx(r, &ch->text), is_taken ? "  " : "",
                     is_taken ? r->s->taken : "");
            points_text(r, ch, pts, sizeof pts);
            int lh = uw_text_h(&mw->ui, bs, label, w - 2 * pad);
            if (is_taken)
                ui_gfx_fill(mw->g, (UiRect){x, y, w, lh + uw_text_h(&mw->ui, bs, pts, w - 3 * pad)}, t->path);
            y += uw_text(&mw->ui, bs, label, w - 2 * pad, x + pad, y, t->text).h;
            int64_t total = choice_total(ch);
            y += uw_text(&mw->ui, bs, pts, w - 3 * pad, x + 2 * pad, y, total > 0 ? t->good : total < 0 ? t->bad : t->text).h;
            if (is_taken && tx(r, &ch->feedback)[0]) {
                char buf[800];
                snprintf(buf, sizeof buf, "%s%s%s", r->s->coach, r->ls->colon, tx(r, &ch->feedback));
                y += uw_text(&mw->ui, ss, buf, w - 3 * pad, x + 2 * pad, y, t->muted).h;
            }
            y += uw_px(&mw->ui, 8);
        }
        if (taken->kind == PLAY_STEP_TIMEOUT)
            y += uw_text(&mw->ui, bs, r->s->timeout_taken, w, x, y, t->bad).h + uw_px(&mw->ui, 6);
        char took[64];
        snprintf(took, sizeof took, r->s->took, taken->took_ms / 1000.0);
        y += uw_text(&mw->ui, ss, took, w, x, y, t->muted).h + uw_px(&mw->ui, 10);
        y = draw_spoken(r, x, y, w);
    } else if (tx(r, &n->end_text)[0]) {
        y += uw_text(&mw->ui, bs, tx(r, &n->end_text), w, x, y, t->text).h + uw_px(&mw->ui, 10);
    }
    if (scenario_meter_count(r->sc) > 0) /* no heading over nothing */
        y += section(r, r->s->meters, x, y, w);
    for (int m = 0; m < scenario_meter_count(r->sc); m++) {
        const ScMeter *mt = scenario_meter(r->sc, m);
        char buf[300];
        snprintf(buf, sizeof buf, "%s  %d  [%d..%d]", tx(r, &mt->name), play_meter(p, m), mt->min, mt->max);
        y += uw_text(&mw->ui, bs, buf, w, x, y, t->text).h + uw_px(&mw->ui, 2);
    }
    return y;
}

void mentor_replay_draw(MentorReplay *r)
{
    MentorWin *mw = r->w;
    const UiTheme *t = &mentor_theme;
    mentor_win_begin(mw);
    int W = ui_gfx_width(mw->g), H = ui_gfx_height(mw->g), m = uw_px(&mw->ui, 12);
    int hs = uw_fs(&mw->ui, MFS_LARGE), hh = ui_gfx_line_height(mw->g, hs) + 2 * m;
    ui_gfx_fill(mw->g, (UiRect){0, 0, W, hh}, t->panel2);
    char title[600], right[400], pct[16] = "";
    snprintf(title, sizeof title, "%s · %s", r->s->title, tx(r, scenario_title(r->sc)));
    if (r->at->percent >= 0)
        snprintf(pct, sizeof pct, " · %d%%", r->at->percent);
    snprintf(right, sizeof right, "%s · %s · %s%s", r->at->trainee_id, mode_name(r->ls, r->at->mode),
             status_name(r->s, r->at->status), pct);
    int rw = uw_text_w(&mw->ui, uw_fs(&mw->ui, MFS_BODY), right);
    if (rw > W / 2)
        rw = W / 2;
    uw_text(&mw->ui, hs, title, W - rw - 3 * m, m, m, t->text);
    uw_text(&mw->ui, uw_fs(&mw->ui, MFS_BODY), right, rw, W - m - rw, m, t->muted);
    int y = hh + m;
    /* The navigation row. */
    int bh = uw_button_h(&mw->ui), gap = uw_px(&mw->ui, 8);
    /* Practise from here: only in `sparring replay`; a review beside the console or opened from
     * the trainee's debrief cannot start a call, so it does not offer to. */
    int pw = uw_button_w(&mw->ui, r->s->prev), nw = uw_button_w(&mw->ui, r->s->next),
        fw = mw->routed ? 0 : uw_button_w(&mw->ui, r->s->fork);
    mentor_button(mw, MR_PREV, (UiRect){m, y, pw, bh}, r->s->prev, false, r->pos > 0);
    mentor_button(mw, MR_NEXT, (UiRect){m + pw + gap, y, nw, bh}, r->s->next, false, r->pos < r->ndec);
    char where[200], clock[16];
    if (r->pos < r->ndec) {
        mentor_clock(r->at->steps[r->dstep[r->pos]].at_ms, clock, sizeof clock);
        snprintf(where, sizeof where, r->s->decision_of, r->pos + 1, r->ndec, clock);
    } else {
        mentor_clock(r->at->nsteps ? r->at->steps[r->at->nsteps - 1].at_ms : 0, clock, sizeof clock);
        snprintf(where, sizeof where, r->s->the_end, clock);
    }
    int wx = m + pw + nw + 3 * gap;
    int th = uw_text_h(&mw->ui, uw_fs(&mw->ui, MFS_BODY), where, W - wx - fw - 2 * m);
    uw_text(&mw->ui, uw_fs(&mw->ui, MFS_BODY), where, W - wx - fw - 2 * m, wx, y + (bh - th) / 2, t->text);
    PlayStatus st = play_status(r->play);
    if (!mw->routed)
        mentor_button(mw, MR_FORK, (UiRect){W - m - fw, y, fw, bh}, r->s->fork, true,
                      st == PLAY_CHOOSING || st == PLAY_WAITING);
    y += bh + m;
    const char *keys = mw->routed ? r->s->keys_no_fork : r->s->keys; /* P works only where the button is */
    int ks = uw_fs(&mw->ui, MFS_SMALL), kh = uw_text_h(&mw->ui, ks, keys, W - 2 * m);
    int body_h = H - y - kh - 2 * m;
    uw_text(&mw->ui, ks, keys, W - 2 * m, m, H - m - kh, t->muted);
    int lw = W * 36 / 100;
    int ly = uw_scroll_begin(&mw->ui, MAREA_LEFT, (UiRect){m, y, lw - m, body_h});
    ly = draw_path(r, m, ly, lw - m - uw_px(&mw->ui, 6));
    uw_scroll_end(&mw->ui, MAREA_LEFT, ly);
    int rx = lw + m;
    int ry = uw_scroll_begin(&mw->ui, MAREA_RIGHT, (UiRect){rx, y, W - rx - m, body_h});
    ry = draw_moment(r, rx, ry, W - rx - m - uw_px(&mw->ui, 6));
    uw_scroll_end(&mw->ui, MAREA_RIGHT, ry);
    mentor_win_end(mw);
}

/* ---- input ------------------------------------------------------------------------------------- */

/* Plays the decision's recording, or saves the comment typed on it; the outcome goes to the
 * status line. True when id was one of these. */
static bool listen_activate(MentorReplay *r, int id)
{
    if (id != MR_LISTEN && id != MR_LCOMMENT && id != MR_LFIELD)
        return false;
    char err[400] = "";
    int rc;
    if (id == MR_LISTEN) {
        rc = mentor_listen_play(r->listen, r->pos + 1, err, sizeof err);
        if (rc < 0)
            snprintf(r->listen_status, sizeof r->listen_status, r->s->listen_cannot, err);
        else
            r->listen_status[0] = 0;
    } else {
        if (!r->w->field[0] || r->pos >= r->ndec)
            return true;
        rc = mentor_listen_comment(r->listen, r->pos, r->at->steps[r->dstep[r->pos]].at_ms, r->w->field, err,
                                   sizeof err);
        if (rc == 0) {
            r->w->field[0] = 0;
            snprintf(r->listen_status, sizeof r->listen_status, r->s->listen_saved, r->pos + 1);
        } else {
            snprintf(r->listen_status, sizeof r->listen_status, r->s->listen_not_saved, err);
        }
    }
    mentor_utf8_trim(r->listen_status);
    r->listen_ok = rc == 0;
    r->w->ui.dirty = true;
    return true;
}

/* Keys of listening back: A plays; while the comment box has the focus, keys type (Enter saves,
 * Escape leaves the box) and move nothing. True when the key was taken. */
static bool listen_key(MentorReplay *r, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    if (r->w->ui.focus == MR_LFIELD && r->w->field_id == MR_LFIELD) {
        if ((sym == SDLK_RETURN || sym == SDLK_KP_ENTER) && !k->repeat && !r->w->composing[0])
            listen_activate(r, MR_LFIELD);
        else if (sym == SDLK_ESCAPE && !r->w->composing[0])
            r->w->ui.focus = 0;
        return sym != SDLK_TAB;
    }
    if (sym == SDLK_a && !(k->keysym.mod & (KMOD_CTRL | KMOD_ALT)) && !k->repeat &&
        mentor_listen_find(r->listen, r->pos + 1)) {
        listen_activate(r, MR_LISTEN);
        return true;
    }
    return false;
}

static void activate(MentorReplay *r, int id)
{
    if (listen_activate(r, id))
        return;
    if (id >= MR_JUMP)
        mentor_replay_seek(r, id - MR_JUMP);
    else if (id == MR_PREV)
        mentor_replay_seek(r, r->pos - 1);
    else if (id == MR_NEXT)
        mentor_replay_seek(r, r->pos + 1);
    else if (id == MR_FORK && !r->w->routed) {
        PlayStatus st = play_status(r->play);
        if (st == PLAY_CHOOSING || st == PLAY_WAITING)
            r->fork = steps_at(r, r->pos);
    }
}

static void on_event(MentorReplay *r, const SDL_Event *e)
{
    if (e->type == SDL_QUIT) {
        r->quit = true;
        return;
    }
    bool handled;
    int id = mentor_win_event(r->w, e, &handled);
    if (r->w->closed)
        r->quit = true;
    if (id)
        activate(r, id);
    if (handled || e->type != SDL_KEYDOWN)
        return;
    const SDL_KeyboardEvent *k = &e->key;
    if (listen_key(r, k))
        return;
    bool ctrl = (k->keysym.mod & KMOD_CTRL) != 0, shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    switch (k->keysym.sym) {
    case SDLK_LEFT:
    case SDLK_PAGEUP: activate(r, MR_PREV); break;
    case SDLK_RIGHT:
    case SDLK_PAGEDOWN: activate(r, MR_NEXT); break;
    case SDLK_HOME: mentor_replay_seek(r, 0); break;
    case SDLK_END: mentor_replay_seek(r, r->ndec); break;
    case SDLK_p:
        if (!k->repeat)
            activate(r, MR_FORK);
        break;
    case SDLK_TAB: uw_focus_move(&r->w->ui, shift ? -1 : 1); break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
        if (!k->repeat && r->w->ui.focus)
            activate(r, r->w->ui.focus);
        break;
    case SDLK_UP:
    case SDLK_DOWN: uw_scroll_by(&r->w->ui, MAREA_RIGHT, (k->keysym.sym == SDLK_UP ? -1 : 1) * uw_px(&r->w->ui, 48)); break;
    case SDLK_ESCAPE: r->quit = true; break;
    case SDLK_q:
        if (ctrl)
            r->quit = true;
        break;
    default: break;
    }
}

bool mentor_replay_step(MentorReplay *r, int wait_ms)
{
    SDL_Event e;
    bool routed = r->w->routed; /* beside the console: its own queue, never SDL's */
    bool got = routed ? mentor_win_next(r->w, &e) : wait_ms > 0 ? SDL_WaitEventTimeout(&e, wait_ms) : SDL_PollEvent(&e);
    while (got) {
        on_event(r, &e);
        if (r->w->ui.dirty && !r->quit)
            mentor_replay_draw(r); /* later events act on the new layout */
        got = routed ? mentor_win_next(r->w, &e) : SDL_PollEvent(&e);
    }
    if (r->quit || r->fork >= 0)
        return false;
    if (r->w->ui.dirty)
        mentor_replay_draw(r);
    return true;
}

void mentor_replay_run(MentorReplay *r)
{
    mentor_replay_draw(r);
    while (mentor_replay_step(r, 1000))
        ;
}

/* ---- life -------------------------------------------------------------------------------------- */

/* Opened from another window (the console's "Open the review", the trainee's debrief): that is
 * the window just clicked or typed in; its place and size (false when there is none, or it is
 * full screen). The review covers it, not the window beside it. */
static bool console_bounds(SDL_Rect *r)
{
    SDL_Window *w = SDL_GetMouseFocus();
    if (!w)
        w = SDL_GetKeyboardFocus();
    if (!w || (SDL_GetWindowFlags(w) & SDL_WINDOW_FULLSCREEN))
        return false;
    SDL_GetWindowPosition(w, &r->x, &r->y);
    SDL_GetWindowSize(w, &r->w, &r->h);
    return r->w > 0 && r->h > 0;
}

MentorReplay *mentor_replay_new(const Scenario *sc, const RecordsAttempt *at, const MentorReplayOptions *opt,
                                char *err, size_t errsize)
{
    static const MentorReplayOptions none;
    if (!opt)
        opt = &none;
    MentorReplay *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    r->sc = sc;
    r->at = at;
    r->fork = -1;
    const char *loc = opt->locale ? opt->locale : at->locale;
    r->s = ui_strings(loc)->review;
    r->ls = ui_strings(loc);
    r->loc = scenario_locale_index(sc, loc ? loc : "en");
    r->opts = records_play_options(at); /* with the order the trainee was shown */
    r->start_node = at->start_node && at->start_node[0] ? scenario_find_node(sc, at->start_node) : -1;
    if (at->start_node && at->start_node[0] && r->start_node < 0) {
        snprintf(err, errsize, "the attempt started at node \"%s\", which the scenario file no longer has",
                 at->start_node);
        free(r);
        return NULL;
    }
    char rerr[512];
    Play *whole = play_replay(sc, at->seed, r->opts, r->start_node, at->steps, at->nsteps, rerr, sizeof rerr);
    if (!whole) {
        snprintf(err, errsize, "the attempt cannot be replayed on this scenario file: %s", rerr);
        free(r);
        return NULL;
    }
    play_free(whole);
    r->dstep = malloc(sizeof *r->dstep * (size_t)(at->nsteps > 0 ? at->nsteps : 1));
    if (!r->dstep) {
        snprintf(err, errsize, "out of memory");
        free(r);
        return NULL;
    }
    for (int i = 0; i < at->nsteps; i++)
        if (at->steps[i].kind == PLAY_STEP_CHOICE || at->steps[i].kind == PLAY_STEP_TIMEOUT)
            r->dstep[r->ndec++] = i;
    char title[128];
    snprintf(title, sizeof title, "Sparring: %s", r->s->title);
    SDL_Rect over = {0, 0, opt->width > 0 ? opt->width : 1100, opt->height > 0 ? opt->height : 800};
    bool placed = opt->routed && opt->width <= 0 && opt->height <= 0 && console_bounds(&over);
    r->w = mentor_win_open(title, over.w, over.h, false, opt->routed, err, errsize);
    if (!r->w) {
        free(r->dstep);
        free(r);
        return NULL;
    }
    if (placed) { /* over the console, never over the trainee's window beside it */
        SDL_SetWindowPosition(ui_gfx_window(r->w->g), over.x, over.y);
        ui_gfx_refresh(r->w->g);
    }
    r->w->no_present = opt->no_present;
    r->listen = mentor_listen_new(opt->recordings, opt->nrecordings, opt->audio_backend, opt->db, at->attempt_id);
    mentor_replay_seek(r, 0);
    if (!r->play) {
        snprintf(err, errsize, "out of memory");
        mentor_replay_free(r);
        return NULL;
    }
    return r;
}

void mentor_replay_free(MentorReplay *r)
{
    if (!r)
        return;
    play_free(r->play);
    mentor_listen_free(r->listen);
    mentor_win_close(r->w);
    free(r->dstep);
    free(r);
}

int mentor_replay_position(const MentorReplay *r) { return r->pos; }
const Play *mentor_replay_play(const MentorReplay *r) { return r->play; }
int mentor_replay_fork_steps(const MentorReplay *r) { return r->fork; }
MentorWin *mentor_replay_win(MentorReplay *r) { return r->w; }
struct MentorListen *mentor_replay_listen(MentorReplay *r) { return r->listen; }

const char *mentor_replay_listen_status(const MentorReplay *r, bool *ok)
{
    if (ok)
        *ok = r->listen_ok;
    return r->listen_status;
}

int mentor_replay_moment_events(const MentorReplay *r)
{
    int n = 0;
    for (int i = 0; i < r->at->nmentor; i++)
        n += event_moment(r, &r->at->mentor[i]) == r->pos;
    return n;
}

/* ---- practise from here ------------------------------------------------------------------------ */

UiApp *mentor_practise_from(const RecordsAttempt *at, int nsteps, const UiOptions *opt, char *err, size_t errsize)
{
    if (nsteps < 0 || nsteps > at->nsteps) {
        snprintf(err, errsize, "no such moment in the attempt");
        return NULL;
    }
    UiOptions o = *opt;
    o.mode = "sandbox";
    if (!o.trainee || !*o.trainee)
        o.trainee = at->trainee_id;
    if (!o.locale)
        o.locale = at->locale;
    UiApp *app = ui_app_new(&o, err, errsize);
    if (!app)
        return NULL;
    PlayOptions popt = {.timers = at->timers, .time_multiplier = at->time_multiplier};
    /* The start node's index in the file the app loaded (the same file). */
    int start = -1;
    if (at->start_node && at->start_node[0]) {
        DiagList diags = {0};
        Scenario *tmp = scenario_load_file(o.path, &diags);
        diag_list_free(&diags);
        start = tmp ? scenario_find_node(tmp, at->start_node) : -1;
        scenario_free(tmp);
    }
    char serr[512];
    int rc;
    rc = ui_app_start_from(app, at->seed, popt, start, at->steps, nsteps, serr, sizeof serr);
    if (rc != 0) {
        snprintf(err, errsize, "cannot practise from there: %s", serr);
        ui_app_free(app);
        return NULL;
    }
    Play *p = ui_app_live_play(app);
    if (p && play_paused(p)) {
        play_resume(p, ui_app_now(app));
        ui_app_play_changed(app, false);
    }
    int k = 0;
    for (int i = 0; i < nsteps; i++)
        k += at->steps[i].kind == PLAY_STEP_CHOICE || at->steps[i].kind == PLAY_STEP_TIMEOUT;
    Recorder *rec = ui_app_recorder(app);
    if (rec) {
        char detail[200];
        snprintf(detail, sizeof detail, "practising from attempt %s before decision %d", at->attempt_id, k + 1);
        recorder_mentor_event(rec, "rewind", detail, ui_app_now(app), k, NULL, 0);
    }
    return app;
}

/* ---- the trainee's window: the review of a debrief (UiReview) ------------------------------------ */

typedef struct {
    MentorReplay *r;
    RecordsAttempt *at;
} TraineeReview;

static void trainee_review_close(void *p)
{
    TraineeReview *t = p;
    if (!t)
        return;
    mentor_replay_free(t->r);
    records_attempt_free(t->at);
    free(t);
}

static void *trainee_review_open(const Scenario *sc, Records *db, const char *attempt_id, const char *locale,
                                 bool no_present, char *err, size_t errsize)
{
    TraineeReview *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    t->at = records_attempt_load(db, attempt_id, err, errsize);
    MentorReplayOptions ro = {.locale = locale, .no_present = no_present, .routed = true};
    t->r = t->at ? mentor_replay_new(sc, t->at, &ro, err, errsize) : NULL;
    if (!t->r) {
        trainee_review_close(t);
        return NULL;
    }
    return t;
}

/* Closed, or "practise from here" (which the trainee's window does not offer to fork). */
static bool trainee_review_step(void *p) { return mentor_replay_step(((TraineeReview *)p)->r, 0); }

const UiReview mentor_review = {trainee_review_open, trainee_review_step, trainee_review_close};

MentorReplay *mentor_review_replay(void *review) { return review ? ((TraineeReview *)review)->r : NULL; }
