/* scr_debrief: the debrief after a call (percent, competencies, each decision against the best). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app_core.h"
#include "play_author.h"
#include "scr_assess.h"
#include "scr_common.h"
#include "screens.h"
#include "ui_history.h"
#include "ui_reload.h"

/* ---- debrief ------------------------------------------------------------------------------------ */

/* A column: title, the answer, then (muted) why it is best and its techniques, each optional. */
static int choice_column(UiApp *a, const char *title, const char *body, const char *extra, UiColor accent, int x,
                         int y, int w, bool draw)
{
    int ss = fs(a, FS_SMALL), bs = fs(a, FS_BODY), pad = px(a, 8);
    int h1 = text_h(a, ss, title, w - 2 * pad), h2 = text_h(a, bs, body, w - 2 * pad);
    int h3 = extra && extra[0] ? px(a, 4) + text_h(a, ss, extra, w - 2 * pad) : 0;
    int h = pad + h1 + px(a, 4) + h2 + h3 + pad;
    if (draw) {
        ui_gfx_fill(a->g, (UiRect){x, y, w, h}, scr_theme(a)->panel);
        ui_gfx_fill(a->g, (UiRect){x, y, px(a, 4), h}, accent);
        uw_text(&a->ui, ss, title, w - 2 * pad, x + pad, y + pad, accent);
        uw_text(&a->ui, bs, body, w - 2 * pad, x + pad, y + pad + h1 + px(a, 4), scr_theme(a)->text);
        if (h3)
            uw_text(&a->ui, ss, extra, w - 2 * pad, x + pad, y + pad + h1 + px(a, 8) + h2, scr_theme(a)->muted);
    }
    return h;
}

/* The best answer's own feedback ("Why: ...") and its techniques, one text. */
static void best_extra(const UiApp *a, const ScChoice *c, char *buf, size_t size)
{
    char tech[512];
    scr_techniques_line(a, c, tech, sizeof tech);
    const char *fb = scr_text(a, &c->feedback);
    snprintf(buf, size, "%s%s%s%s", fb[0] ? a->s->why_best : "", fb, fb[0] && tech[0] ? "\n" : "", tech);
}

static int debrief_row(UiApp *a, int d, int x, int y, int w, bool draw)
{
    const UiTheme *t = scr_theme(a);
    const UiStrings *s = a->s;
    const UiDebriefRow *row = &a->rows[d];
    const Scenario *sc = play_scenario(a->play);
    const ScNode *node = scenario_node(sc, row->node);
    int y0 = y, ss = fs(a, FS_SMALL), gap = px(a, 10);
    char buf[1024];
    snprintf(buf, sizeof buf, "%d.  %s", d + 1, scr_text(a, &node->text));
    int h = text_h(a, ss, buf, w);
    if (draw)
        uw_text(&a->ui, ss, buf, w, x, y, t->muted);
    y += h + px(a, 6);
    int cw = (w - gap) / 2;
    char title1[256], title2[256];
    bool critical = row->taken && row->taken->critical; /* marked: this decision alone fails the attempt */
    snprintf(title1, sizeof title1, "%s%s%s  %+lld%s%s%s", critical ? s->critical_mark : "", critical ? " · " : "",
             s->your_choice, (long long)row->taken_points,
             row->taken_is_best ? s->lparen : "", row->taken_is_best ? s->was_best : "",
             row->taken_is_best ? s->rparen : "");
    const char *taken = row->timeout ? s->timeout_taken : scr_text(a, &row->taken->text);
    char tech[512], extra[2048];
    scr_techniques_line(a, row->taken, tech, sizeof tech);
    int h1 = choice_column(a, title1, taken, tech, critical ? t->bad : row->taken_is_best ? t->good : t->warn, x, y,
                           cw, draw);
    int h2 = 0;
    if (row->best >= 0) {
        const ScChoice *bc = &node->choices[row->best];
        snprintf(title2, sizeof title2, "%s  %+lld", s->best_choice, (long long)row->best_points);
        const char *best = row->taken_is_best ? s->same_as_yours : scr_text(a, &bc->text);
        best_extra(a, bc, extra, sizeof extra);
        h2 = choice_column(a, title2, best, row->taken_is_best ? "" : extra, t->good, x + cw + gap, y, cw, draw);
    }
    y += (h1 > h2 ? h1 : h2) + px(a, 6);
    const char *fb = row->taken ? scr_text(a, &row->taken->feedback) : "";
    if (fb[0]) {
        snprintf(buf, sizeof buf, "%s%s", s->coach_says, fb);
        int fh = text_h(a, fs(a, FS_BODY), buf, w);
        if (draw)
            uw_text(&a->ui, fs(a, FS_BODY), buf, w, x, y, t->text);
        y += fh + px(a, 6);
    }
    return y - y0 + px(a, 14);
}

/* The ending's lesson (its closing text), under the decisions; returns the height. */
static int debrief_lesson(UiApp *a, int x, int y, int w)
{
    const ScNode *end = scenario_node(play_scenario(a->play), play_node(a->play));
    const char *lesson = play_status(a->play) == PLAY_ENDED ? scr_text(a, &end->end_text) : "";
    if (!lesson[0])
        return 0;
    int y0 = y;
    y += uw_text(&a->ui, fs(a, FS_LARGE), a->s->lesson, w, x, y, scr_theme(a)->text).h + px(a, 8);
    y += uw_text(&a->ui, fs(a, FS_BODY), lesson, w, x, y, scr_theme(a)->text).h + px(a, 16);
    return y - y0;
}

/* ---- practise next, the mentor's comments -------------------------------------------------------- */

/* The competency's name in the window's language, from the suggested scenario. */
static const char *competency_name(const UiApp *a, const Scenario *sc, const char *id)
{
    for (int i = 0; i < scenario_competency_count(sc); i++)
        if (!strcmp(scenario_competency(sc, i)->id, id))
            return scenario_text(&scenario_competency(sc, i)->name, scenario_locale_index(sc, a->set.locale));
    return id;
}

/* "Practise next": the weakest competency of the recent attempts and the scenario that trains
 * it most, with a button to its briefing. Returns the height. */
static int debrief_practise_next(UiApp *a, int x, int y, int w)
{
    if (a->next.entry < 0 || a->next.entry >= a->nentries || !a->entries[a->next.entry].sc)
        return 0;
    const UiTheme *t = scr_theme(a);
    const Scenario *sc = a->entries[a->next.entry].sc;
    int y0 = y, bs = fs(a, FS_BODY);
    y += uw_text(&a->ui, fs(a, FS_LARGE), a->s->practise_next, w, x, y, t->text).h + px(a, 8);
    char why[768];
    const char *name = competency_name(a, sc, a->next.competency);
    if (a->next.attempts == 1)
        snprintf(why, sizeof why, a->s->practise_next_why_one, name, a->next.percent);
    else
        snprintf(why, sizeof why, a->s->practise_next_why, a->next.attempts, name, a->next.percent);
    y += uw_text(&a->ui, bs, why, w, x, y, t->muted).h + px(a, 6);
    const char *title = scenario_text(scenario_title(sc), scenario_locale_index(sc, a->set.locale));
    int bw = uw_button_w(&a->ui, a->s->practise_next_open), bh = uw_button_h(&a->ui);
    int th = uw_text(&a->ui, bs, title, w - bw - px(a, 16), x, y + (bh - ui_gfx_line_height(a->g, bs)) / 2, t->text).h;
    uw_button(&a->ui, ACT_PRACTISE_NEXT, (UiRect){x + w - bw, y, bw, bh}, a->s->practise_next_open, UW_NORMAL);
    y += (th > bh ? th : bh) + px(a, 20);
    return y - y0;
}

/* Whether a mentor event is a comment the debrief shows (a note of the trainee leaving an
 * assessment is the window's own, not a mentor's). */
static bool mentor_comment(const RecordsMentorEvent *e)
{
    return !strcmp(e->kind, "comment") && strncmp(e->detail, "left by the trainee mid-call", 28) != 0;
}

/* The mentor's comments on the attempt (recorded while the mentor ran it or reviewed it), each
 * with its time and the decision it came after. Returns the height. */
static int debrief_mentor(UiApp *a, int x, int y, int w)
{
    const RecordsAttempt *at = a->debrief_at;
    int n = 0;
    for (int i = 0; at && i < at->nmentor; i++)
        n += mentor_comment(&at->mentor[i]);
    if (!n)
        return 0;
    const UiTheme *t = scr_theme(a);
    int y0 = y, bs = fs(a, FS_BODY), pad = px(a, 8);
    y += uw_text(&a->ui, fs(a, FS_LARGE), a->s->mentor_comments, w, x, y, t->text).h + px(a, 8);
    for (int i = 0; i < at->nmentor; i++) {
        const RecordsMentorEvent *e = &at->mentor[i];
        if (!mentor_comment(e))
            continue;
        char where[128], line[1400];
        if (e->decision_index >= a->nrows && play_status(a->play) == PLAY_ENDED)
            snprintf(where, sizeof where, "%s", a->s->mentor_after_call);
        else if (e->decision_index <= 0)
            snprintf(where, sizeof where, "%s", a->s->mentor_before);
        else
            snprintf(where, sizeof where, a->s->mentor_after_decision, e->decision_index);
        long sec = (long)((e->offset_ms > 0 ? e->offset_ms : 0) / 1000);
        snprintf(line, sizeof line, "%02ld:%02ld · %s\n%s", sec / 60, sec % 60, where, e->detail);
        int h = text_h(a, bs, line, w - 2 * pad) + 2 * pad;
        ui_gfx_fill(a->g, (UiRect){x, y, w, h}, t->panel);
        ui_gfx_fill(a->g, (UiRect){x, y, px(a, 4), h}, t->accent);
        uw_text(&a->ui, bs, line, w - 2 * pad, x + pad, y + pad, t->text);
        y += h + px(a, 6);
    }
    return y - y0 + px(a, 14);
}

/* The header's right side: "Debrief", or for a past attempt "Debrief of <its date>". */
static void past_label(const UiApp *a, char *buf, size_t size)
{
    char date[64] = "";
    if (a->past && a->debrief_at) {
        time_t tt = (time_t)(a->debrief_at->started_unix_ms / 1000);
        struct tm tm;
        if (localtime_r(&tt, &tm))
            strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm);
    }
    if (date[0])
        snprintf(buf, size, a->s->past_debrief, date);
    else
        snprintf(buf, size, "%s", a->s->debrief);
}

static void draw_debrief(UiApp *a)
{
    const UiTheme *t = scr_theme(a);
    const UiStrings *s = a->s;
    const Scenario *sc = play_scenario(a->play);
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    char right[160];
    past_label(a, right, sizeof right);
    int y = scr_header(a, scr_text(a, scenario_title(sc)), right);
    scr_banner(a, &y);
    ui_reload_draw(a, &y);
    BarButton live[] = {{ACT_RETRY, s->try_again, UW_NORMAL}, {ACT_BACK_LIST, s->back_to_list, UW_PRIMARY}};
    BarButton past[] = {{ACT_OPEN_REVIEW, s->open_review, UW_NORMAL}, {ACT_BACK_HISTORY, s->back_to_history, UW_PRIMARY}};
    /* (the case review is offered when the program gives one: UiOptions.review) */
    const BarButton *bar = a->past ? (a->opt.review ? past : past + 1) : live;
    int nbar = a->past && !a->opt.review ? 1 : 2;
    int bottom = H - scr_bottom_bar_height(a, bar, nbar);
    int cw = W - 2 * m > px(a, 1000) ? px(a, 1000) : W - 2 * m;
    int x = (W - cw) / 2;
    int cy = uw_scroll_begin(&a->ui, AREA_PAGE, (UiRect){0, y, W, bottom - y}) + m;
    /* The percent, large, and passed or not. */
    const PlayResult *res = &a->result;
    char pct[32];
    if (res->total.percent >= 0)
        snprintf(pct, sizeof pct, "%d%%", res->total.percent);
    else
        snprintf(pct, sizeof pct, "%s", s->na);
    UiColor pc = res->passed ? t->good : t->bad;
    UiRect pr = uw_text(&a->ui, fs(a, FS_HUGE), pct, 0, x, cy, pc);
    a->shown_percent = res->total.percent;
    a->shown_percent_rect = pr;
    int sx = x + pr.w + px(a, 24), sw = cw - pr.w - px(a, 24);
    char line[512], mark[128];
    snprintf(mark, sizeof mark, s->pass_mark_was, scenario_pass_percent(sc));
    const char *outcome = res->outcome == SC_OUTCOME_PASS ? s->outcome_pass
                          : res->outcome == SC_OUTCOME_FAIL ? s->outcome_fail
                          : res->outcome == SC_OUTCOME_NEUTRAL ? s->outcome_neutral : s->dead_end;
    int sy = cy + px(a, 8);
    /* A critical answer fails the attempt whatever its percent, and says so. */
    const char *verdict = res->passed ? s->passed : res->critical > 0 ? s->critical_failed : s->not_passed;
    sy += uw_text(&a->ui, fs(a, FS_TITLE), verdict, sw, sx, sy, pc).h + px(a, 4);
    snprintf(line, sizeof line, "%lld / %lld · %s · %s", (long long)res->total.raw, (long long)res->total.max,
             mark, scr_mode_label(a, a->mode));
    sy += uw_text(&a->ui, fs(a, FS_BODY), line, sw, sx, sy, t->text).h + px(a, 4);
    sy += uw_text(&a->ui, fs(a, FS_BODY), outcome, sw, sx, sy, t->muted).h;
    if (a->play && play_is_partial(a->play)) { /* a --from play-test: say the score is partial */
        const PlayStep *first = play_step_count(a->play) ? play_step(a->play, 0) : NULL;
        snprintf(line, sizeof line, s->partial, scenario_node(sc, first ? first->node : play_node(a->play))->id);
        sy += px(a, 4) + uw_text(&a->ui, fs(a, FS_BODY), line, sw, sx, sy + px(a, 4), t->warn).h;
    }
    cy = (pr.y + pr.h > sy ? pr.y + pr.h : sy) + m;
    /* A bar per competency. */
    cy += uw_text(&a->ui, fs(a, FS_LARGE), s->competencies, cw, x, cy, t->text).h + px(a, 8);
    int nw = cw * 35 / 100, vw = px(a, 80), bw = cw - nw - vw - 2 * px(a, 10);
    for (int i = 0; i < res->ncompetencies; i++) {
        const ScoreLine *l = &res->competency[i];
        const char *name = scr_text(a, &scenario_competency(sc, i)->name);
        int h = text_h(a, fs(a, FS_BODY), name, nw);
        uw_text(&a->ui, fs(a, FS_BODY), name, nw, x, cy, t->text);
        int lh = ui_gfx_line_height(a->g, fs(a, FS_BODY)), bh = px(a, 14);
        UiRect b = {x + nw + px(a, 10), cy + (lh - bh) / 2, bw, bh};
        ui_gfx_fill(a->g, b, t->panel2);
        if (l->percent >= 0)
            ui_gfx_fill(a->g, (UiRect){b.x, b.y, bw * l->percent / 100, bh},
                        l->percent >= scenario_pass_percent(sc) ? t->good : t->warn);
        char v[64];
        if (l->percent >= 0)
            snprintf(v, sizeof v, "%d%%", l->percent);
        else
            snprintf(v, sizeof v, "%s", s->na);
        uw_text(&a->ui, fs(a, FS_BODY), v, vw, b.x + bw + px(a, 10), cy, t->text);
        cy += (h > lh ? h : lh) + px(a, 8);
    }
    cy += m;
    cy += debrief_mentor(a, x, cy, cw);
    cy += debrief_practise_next(a, x, cy, cw);
    cy += uw_text(&a->ui, fs(a, FS_LARGE), s->decisions, cw, x, cy, t->text).h + px(a, 8);
    for (int d = 0; d < a->nrows; d++)
        cy += debrief_row(a, d, x, cy, cw, true);
    cy += debrief_lesson(a, x, cy, cw);
    cy += scr_meters_course(a, x, cy, cw, true);
    uw_scroll_end(&a->ui, AREA_PAGE, cy);
    scr_bottom_bar(a, bar, nbar);
}

/* ---- keys and actions --------------------------------------------------------------------------- */

static bool debrief_activate(UiApp *a, int id)
{
    switch (id) {
    case ACT_RETRY: app_enter_briefing(a, a->cur); return true;
    case ACT_BACK_LIST: app_go_picker(a); return true;
    case ACT_PRACTISE_NEXT: app_enter_briefing(a, a->next.entry); return true;
    case ACT_OPEN_REVIEW: app_open_review(a); return true;
    case ACT_BACK_HISTORY: app_close_review(a); app_enter_history(a, a->cur); return true;
    default: return false;
    }
}

static int debrief_primary(const UiApp *a) { return ACT_NONE; }

/* Esc: back to where the debrief came from (the history for a past attempt). */
static bool debrief_key(UiApp *a, const SDL_KeyboardEvent *k)
{
    if (!a->past || k->keysym.sym != SDLK_ESCAPE)
        return scr_back_key(a, k);
    if (!k->repeat) {
        app_close_review(a); /* it shows this debrief's attempt */
        app_enter_history(a, a->cur);
    }
    return true;
}

const UiScreenDef scr_debrief = {.draw = draw_debrief, .key = debrief_key, .activate = debrief_activate,
                                 .primary = debrief_primary, .main_area = scr_page_area};
