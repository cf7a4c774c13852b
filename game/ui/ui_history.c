/* ui_history: the picker's status marks and the history chart (see ui_history.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui_history.h"
#include "app_state.h"

struct UiHistory {
    int cap;              /* entries the arrays below hold */
    UiStatus *status;
    UiRect *dot;
    int entry;            /* the entry whose attempts are loaded, -1: none */
    RecordsHistoryPoint *pts;
    int npts;
    char error[512];
    /* What the last frame drew. */
    UiRect plot;
    int marker;
    int pass_percent;
};

/* ---- words ------------------------------------------------------------------------------------ */




static const UiHistoryWords *W(const UiApp *a) { return a->s->history; }

const char *ui_history_label(const UiApp *a) { return W(a)->history; }

/* ---- state ------------------------------------------------------------------------------------ */

/* The state, made on first use and grown to the entries listed. NULL when out of memory. */
static UiHistory *state(UiApp *a)
{
    UiHistory *h = a->history;
    if (!h) {
        h = calloc(1, sizeof *h);
        if (!h)
            return NULL;
        h->entry = -1;
        a->history = h;
    }
    if (h->cap < a->nentries) {
        UiStatus *s = realloc(h->status, sizeof *s * (size_t)a->nentries);
        if (s)
            h->status = s;
        UiRect *d = s ? realloc(h->dot, sizeof *d * (size_t)a->nentries) : NULL;
        if (!d)
            return NULL;
        h->dot = d;
        for (int i = h->cap; i < a->nentries; i++) {
            h->status[i] = UI_STATUS_NONE;
            h->dot[i] = (UiRect){0, 0, 0, 0};
        }
        h->cap = a->nentries;
    }
    return h;
}

void ui_history_free(UiHistory *h)
{
    if (!h)
        return;
    free(h->status);
    free(h->dot);
    free(h->pts);
    free(h);
}

static bool loaded(const UiApp *a, int i) { return i >= 0 && i < a->nentries && a->entries[i].sc; }

void ui_history_refresh(UiApp *a)
{
    UiHistory *h = state(a);
    if (!h)
        return;
    for (int i = 0; i < h->cap; i++)
        h->status[i] = UI_STATUS_NONE;
    if (!a->db || !a->set.trainee_id[0])
        return;
    /* The report's own rule, so the window and `records report` always agree. */
    RecordsReport *r = records_report(a->db, a->set.trainee_id, NULL, 0);
    if (!r)
        return; /* statuses stay none; the history view says why when opened */
    for (int t = 0; t < r->ntrainees; t++) {
        if (strcmp(r->trainees[t].trainee_id, a->set.trainee_id) != 0)
            continue;
        for (int k = 0; k < r->trainees[t].nscenarios; k++) {
            const RecordsReportScenario *s = &r->trainees[t].scenarios[k];
            UiStatus st = s->rag == RECORDS_GREEN ? UI_STATUS_GREEN
                          : s->rag == RECORDS_AMBER ? UI_STATUS_AMBER : UI_STATUS_RED;
            for (int i = 0; i < a->nentries && i < h->cap; i++)
                if (loaded(a, i) && !strcmp(scenario_id(a->entries[i].sc), s->scenario_id))
                    h->status[i] = st;
        }
    }
    records_report_free(r);
}

UiStatus ui_history_status(const UiApp *a, int entry)
{
    const UiHistory *h = a->history;
    return h && entry >= 0 && entry < h->cap ? h->status[entry] : UI_STATUS_NONE;
}

int ui_history_pick_entry(const UiApp *a)
{
    int f = a->ui.focus, i = -1;
    if (f >= UI_HISTORY_ACT_OPEN && f - UI_HISTORY_ACT_OPEN < a->nentries)
        i = f - UI_HISTORY_ACT_OPEN;
    else if (f >= ACT_PICK && f - ACT_PICK < a->nentries)
        i = f - ACT_PICK;
    if (loaded(a, i))
        return i;
    if (loaded(a, a->cur))
        return a->cur;
    for (i = 0; i < a->nentries; i++)
        if (loaded(a, i))
            return i;
    return -1;
}

void ui_history_load(UiApp *a, int entry)
{
    UiHistory *h = state(a);
    if (!h)
        return;
    free(h->pts);
    h->pts = NULL;
    h->npts = 0;
    h->error[0] = 0;
    h->plot = (UiRect){0, 0, 0, 0};
    h->entry = loaded(a, entry) ? entry : -1;
    if (h->entry < 0)
        return;
    h->pass_percent = scenario_pass_percent(a->entries[entry].sc);
    if (!a->db) {
        snprintf(h->error, sizeof h->error, "%s", W(a)->no_records);
        return;
    }
    char err[400];
    if (records_history(a->db, a->set.trainee_id, scenario_id(a->entries[entry].sc), &h->pts, &h->npts, err,
                        sizeof err) != 0)
        snprintf(h->error, sizeof h->error, W(a)->cannot_read, err);
}

/* ---- drawing helpers -------------------------------------------------------------------------- */

static UiColor status_colour(const UiHistoryTheme *t, UiStatus s)
{
    return s == UI_STATUS_GREEN ? t->good : s == UI_STATUS_AMBER ? t->warn : s == UI_STATUS_RED ? t->bad : t->muted;
}

/* A status dot of diameter d at (x, y) (top left): filled in the status colour; none is a ring. */
static void status_dot(UiApp *a, const UiHistoryTheme *t, UiStatus s, int x, int y, int d)
{
    float r = d / 2.0f, cx = x + r, cy = y + r;
    if (s != UI_STATUS_NONE) {
        ui_gfx_ellipse(a->g, cx, cy, r, r, status_colour(t, s));
        return;
    }
    float xy[2 * 25], lw = (float)px(a, 2);
    for (int i = 0; i < 25; i++) {
        float ang = (float)i / 24 * 6.2831853f;
        xy[2 * i] = cx + (r - lw / 2) * cosf(ang);
        xy[2 * i + 1] = cy + (r - lw / 2) * sinf(ang);
    }
    ui_gfx_polyline(a->g, xy, 25, lw, t->muted);
}

/* A status dot and its words; returns the height. */
static int status_words(UiApp *a, const UiHistoryTheme *t, UiStatus s, const char *words, int size, int x, int y,
                        int w, bool draw, UiRect *dot)
{
    int lh = ui_gfx_line_height(a->g, size), d = lh * 6 / 10, gap = px(a, 6);
    if (d < 6)
        d = 6;
    int h = text_h(a, size, words, w - d - gap);
    if (draw) {
        int dy = y + (lh - d) / 2;
        status_dot(a, t, s, x, dy, d);
        if (dot)
            *dot = (UiRect){x, dy, d, d};
        ui_gfx_text(a->g, size, words, w - d - gap, x + d + gap, y, t->text);
    }
    return h > lh ? h : lh;
}

int ui_history_status_line(UiApp *a, const UiHistoryTheme *t, int entry, int x, int y, int w, bool draw)
{
    UiHistory *h = state(a);
    UiStatus s = ui_history_status(a, entry);
    UiRect dot = {0, 0, 0, 0};
    int ht = status_words(a, t, s, W(a)->status_short[s], fs(a, FS_SMALL), x, y, w, draw, &dot);
    if (draw && h && entry >= 0 && entry < h->cap)
        h->dot[entry] = dot;
    return ht;
}

/* A point of the chart: a circle for practice, a square for an assessment, on a halo of the
 * panel colour so it stands out from the line through it. */
static void marker(UiApp *a, const UiHistoryTheme *t, bool assessment, int x, int y, int r)
{
    int halo = px(a, 2);
    if (assessment) {
        ui_gfx_fill(a->g, (UiRect){x - r - halo, y - r - halo, 2 * (r + halo) + 1, 2 * (r + halo) + 1}, t->panel);
        ui_gfx_fill(a->g, (UiRect){x - r, y - r, 2 * r + 1, 2 * r + 1}, t->assessment);
    } else {
        ui_gfx_ellipse(a->g, x + 0.5f, y + 0.5f, r + halo + 0.5f, r + halo + 0.5f, t->panel);
        ui_gfx_ellipse(a->g, x + 0.5f, y + 0.5f, r + 0.5f, r + 0.5f, t->practice);
    }
}

/* A dashed horizontal line from x0 to x1 (excluded) centred on row y. */
static void dashes(UiApp *a, int x0, int x1, int y, int thick, UiColor c)
{
    int dash = px(a, 9), gap = px(a, 5);
    for (int x = x0; x < x1; x += dash + gap)
        ui_gfx_fill(a->g, (UiRect){x, y - thick / 2, x + dash <= x1 ? dash : x1 - x, thick}, c);
}

int ui_history_y(UiRect plot, int percent)
{
    if (percent < 0)
        percent = 0;
    if (percent > 100)
        percent = 100;
    return plot.y + (plot.h - 1) - ((plot.h - 1) * percent + 50) / 100;
}

int ui_history_x(UiRect plot, int k, int n)
{
    if (n < 1)
        n = 1;
    return plot.x + (int)(((long long)(2 * k + 1) * plot.w) / (2 * n));
}

static void date_of(int64_t unix_ms, char *buf, size_t size)
{
    time_t t = (time_t)(unix_ms / 1000);
    struct tm tm;
    if (!localtime_r(&t, &tm) || strftime(buf, size, "%Y-%m-%d", &tm) == 0)
        snprintf(buf, size, "?");
}

/* ---- the view --------------------------------------------------------------------------------- */

/* The legend: circle Practice, square Assessment, dashes pass mark. Returns its height. */
static int legend(UiApp *a, const UiHistoryTheme *t, int x, int y, int w, int r, bool draw)
{
    const UiHistoryWords *wd = W(a);
    UiHistory *h = a->history;
    int ss = fs(a, FS_SMALL), lh = ui_gfx_line_height(a->g, ss), gap = px(a, 8), sep = px(a, 24);
    char pass[64];
    snprintf(pass, sizeof pass, wd->pass_mark, h->pass_percent);
    const char *labels[3] = {wd->practice, wd->assessment, pass};
    int sym = 2 * r + 1 > px(a, 28) ? 2 * r + 1 : px(a, 28);
    int cx = x, cy = y, rows = 1;
    for (int i = 0; i < 3; i++) {
        int tw = text_w(a, ss, labels[i]);
        if (tw > w - sym - gap)
            tw = w - sym - gap;
        int iw = sym + gap + tw;
        if (cx > x && cx + iw > x + w) {
            cx = x;
            cy += lh + px(a, 4);
            rows++;
        }
        if (draw) {
            int my = cy + lh / 2, mx = cx + sym / 2;
            if (i == 0)
                marker(a, t, false, mx, my, r);
            else if (i == 1)
                marker(a, t, true, mx, my, r);
            else
                dashes(a, cx, cx + sym, my, px(a, 2) > 2 ? px(a, 2) : 2, t->good);
            ui_gfx_text(a->g, ss, labels[i], w - sym - gap, cx + sym + gap, cy, t->text);
        }
        cx += iw + sep;
    }
    return rows * lh + (rows - 1) * px(a, 4);
}

/* The chart in box (its panel, axes, grid, pass line, points, labels). */
static void chart(UiApp *a, const UiHistoryTheme *t, UiRect box)
{
    const UiHistoryWords *wd = W(a);
    UiHistory *h = a->history;
    UiGfx *g = a->g;
    int ss = fs(a, FS_SMALL), lh = ui_gfx_line_height(g, ss), pad = px(a, 10);
    ui_gfx_fill(g, box, t->panel);
    ui_gfx_frame(g, box, px(a, 1) > 0 ? px(a, 1) : 1, t->border);
    int ylab = text_w(a, ss, "100%") + px(a, 8);
    UiRect plot = {box.x + pad + ylab, box.y + lh / 2 + pad, 0, 0};
    plot.w = box.x + box.w - pad - plot.x;
    plot.h = box.y + box.h - (2 * lh + px(a, 10) + pad) - plot.y;
    if (plot.w < 10 || plot.h < 10) {
        h->plot = (UiRect){0, 0, 0, 0};
        return;
    }
    h->plot = plot;
    /* Grid and percent labels every 25 points. */
    for (int p = 0; p <= 100; p += 25) {
        int y = ui_history_y(plot, p);
        ui_gfx_fill(g, (UiRect){plot.x, y, plot.w, 1}, p == 0 ? t->muted : t->grid);
        char lab[8];
        snprintf(lab, sizeof lab, "%d%%", p);
        int tw = text_w(a, ss, lab);
        ui_gfx_text(g, ss, lab, 0, plot.x - px(a, 6) - tw, y - lh / 2, t->muted);
    }
    ui_gfx_fill(g, (UiRect){plot.x, plot.y, 1, plot.h}, t->muted);
    /* The pass mark. */
    int thick = px(a, 2) > 2 ? px(a, 2) : 2;
    dashes(a, plot.x + 1, plot.x + plot.w, ui_history_y(plot, h->pass_percent), thick, t->good);
    /* The points: the latest UI_HISTORY_MAX_SHOWN, joined by a line. */
    int first = h->npts > UI_HISTORY_MAX_SHOWN ? h->npts - UI_HISTORY_MAX_SHOWN : 0, n = h->npts - first;
    int col = plot.w / (n > 0 ? n : 1);
    int r = px(a, 6);
    if (r > col * 2 / 5)
        r = col * 2 / 5;
    if (r < 2)
        r = 2;
    h->marker = r;
    float xy[2 * UI_HISTORY_MAX_SHOWN];
    for (int k = 0; k < n; k++) {
        xy[2 * k] = ui_history_x(plot, k, n) + 0.5f;
        xy[2 * k + 1] = ui_history_y(plot, h->pts[first + k].percent) + 0.5f;
    }
    if (n > 1)
        ui_gfx_polyline(g, xy, n, (float)thick, t->muted);
    for (int k = 0; k < n; k++)
        marker(a, t, h->pts[first + k].assessment, ui_history_x(plot, k, n),
               ui_history_y(plot, h->pts[first + k].percent), r);
    /* Each point opens its attempt (a hit a little larger than the marker, for the mouse). */
    int hr = r + px(a, 4);
    for (int k = 0; k < n; k++) {
        char label[32];
        snprintf(label, sizeof label, "#%d", first + k + 1);
        uw_hit(&a->ui, UI_HISTORY_ACT_POINT + first + k,
               (UiRect){ui_history_x(plot, k, n) - hr, ui_history_y(plot, h->pts[first + k].percent) - hr, 2 * hr + 1,
                        2 * hr + 1},
               label);
    }
    /* Attempt numbers under the axis, as many as fit without touching. */
    char num[16];
    snprintf(num, sizeof num, "%d", h->npts);
    int slot = text_w(a, ss, num) + px(a, 12);
    static const int steps[] = {1, 2, 5, 10, 20, 25, 50, 100};
    int step = 100;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if ((long long)plot.w * steps[i] >= (long long)slot * n) {
            step = steps[i];
            break;
        }
    int right = -(1 << 30), ny = plot.y + plot.h + px(a, 4);
    snprintf(num, sizeof num, "%d", h->npts);
    int last_left = ui_history_x(plot, n - 1, n) - text_w(a, ss, num) / 2; /* the last one is always shown */
    for (int k = 0; k < n; k++) {
        int number = first + k + 1;
        if (number % step != 0 && k != 0 && k != n - 1)
            continue;
        snprintf(num, sizeof num, "%d", number);
        int tw = text_w(a, ss, num), nx = ui_history_x(plot, k, n) - tw / 2;
        if (nx < right + px(a, 6) || (k != n - 1 && nx + tw + px(a, 6) > last_left))
            continue;
        ui_gfx_fill(g, (UiRect){ui_history_x(plot, k, n), plot.y + plot.h, 1, px(a, 4)}, t->muted);
        ui_gfx_text(g, ss, num, 0, nx, ny, t->muted);
        right = nx + tw;
    }
    /* What the horizontal axis is. */
    char d0[32], d1[32], cap[256];
    date_of(h->pts[first].started_unix_ms, d0, sizeof d0);
    date_of(h->pts[h->npts - 1].started_unix_ms, d1, sizeof d1);
    if (first > 0)
        snprintf(cap, sizeof cap, wd->axis_part, first + 1, h->npts, h->npts, d0, d1);
    else
        snprintf(cap, sizeof cap, wd->axis_all, d0, d1);
    int cw = text_w(a, ss, cap), avail = box.w - 2 * pad;
    if (cw > avail)
        cw = avail;
    ui_gfx_text(g, ss, cap, avail, box.x + (box.w - cw) / 2, ny + lh + px(a, 2), t->muted);
}

/* The label of attempt i's row: number, date and time, mode, percent (and passed or not). */
void ui_history_row_label(const UiApp *a, int i, char *buf, size_t size)
{
    const UiHistoryWords *wd = W(a);
    const RecordsHistoryPoint *p = &a->history->pts[i];
    char date[32] = "?";
    time_t tt = (time_t)(p->started_unix_ms / 1000);
    struct tm tm;
    if (localtime_r(&tt, &tm))
        strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm);
    snprintf(buf, size, "%d · %s · %s · %d%%%s%s", i + 1, date, p->assessment ? wd->assessment : wd->practice,
             p->percent, p->assessment ? " · " : "", p->assessment ? (p->passed ? wd->passed : wd->not_passed) : "");
}

/* The attempts charted, newest first, one button each: it opens that attempt's debrief. */
static int attempt_rows(UiApp *a, const UiHistoryTheme *t, int x, int y, int w)
{
    UiHistory *h = a->history;
    const UiStrings *s = a->s;
    int y0 = y, first = h->npts > UI_HISTORY_MAX_SHOWN ? h->npts - UI_HISTORY_MAX_SHOWN : 0;
    y += ui_gfx_text(a->g, fs(a, FS_LARGE), s->history_attempts, w, x, y, t->text).h + px(a, 4);
    y += ui_gfx_text(a->g, fs(a, FS_SMALL), s->history_open_hint, w, x, y, t->muted).h + px(a, 8);
    for (int i = h->npts - 1; i >= first; i--) {
        char label[256];
        ui_history_row_label(a, i, label, sizeof label);
        int bh = uw_button_h_for(&a->ui, label, w);
        uw_button(&a->ui, UI_HISTORY_ACT_ROW + i, (UiRect){x, y, w, bh}, label, UW_NORMAL);
        y += bh + px(a, 4);
    }
    return y - y0;
}

const char *ui_history_attempt_id(const UiApp *a, int i)
{
    const UiHistory *h = a->history;
    return h && i >= 0 && i < h->npts ? h->pts[i].attempt_id : NULL;
}

int ui_history_draw(UiApp *a, const UiHistoryTheme *t, int x, int y, int w, int avail_h)
{
    UiHistory *h = state(a);
    if (!h)
        return 0;
    const UiHistoryWords *wd = W(a);
    int y0 = y, bs = fs(a, FS_BODY), ls = fs(a, FS_LARGE), gap = px(a, 12);
    h->plot = (UiRect){0, 0, 0, 0};
    if (h->error[0]) {
        y += ui_gfx_text(a->g, bs, h->error, w, x, y, t->bad).h;
        return y - y0;
    }
    if (h->npts == 0) {
        /* Attempts left unfinished give a status (red) but no point to chart. */
        bool tried = ui_history_status(a, h->entry) != UI_STATUS_NONE;
        y += ui_gfx_text(a->g, ls, tried ? wd->none_finished : wd->no_attempts, w, x, y, t->text).h + px(a, 8);
        y += ui_gfx_text(a->g, bs, wd->no_attempts_hint, w, x, y, t->muted).h + px(a, 8);
        char pass[64];
        snprintf(pass, sizeof pass, wd->pass_mark_alone, h->pass_percent);
        y += ui_gfx_text(a->g, bs, pass, w, x, y, t->muted).h;
        return y - y0;
    }
    /* The figures, written out. */
    int best = -1, nassess = 0;
    for (int i = 0; i < h->npts; i++) {
        if (h->pts[i].percent > best)
            best = h->pts[i].percent;
        nassess += h->pts[i].assessment;
    }
    const RecordsHistoryPoint *last = &h->pts[h->npts - 1];
    char line1[128], line2[512], date[32], mode[128], counts[160], pass[64];
    snprintf(line1, sizeof line1, wd->best_latest, best, last->percent);
    date_of(last->started_unix_ms, date, sizeof date);
    snprintf(mode, sizeof mode, "%s%s%s", last->assessment ? wd->assessment : wd->practice,
             last->assessment ? wd->mode_sep : "", last->assessment ? (last->passed ? wd->passed : wd->not_passed) : "");
    snprintf(counts, sizeof counts, h->npts == 1 ? wd->counts_one : wd->counts, h->npts, h->npts - nassess, nassess);
    snprintf(pass, sizeof pass, wd->pass_mark, h->pass_percent);
    char latest[256];
    snprintf(latest, sizeof latest, wd->latest_was, mode, date);
    snprintf(line2, sizeof line2, "%s   ·   %s   ·   %s", latest, counts, pass);
    UiStatus st = ui_history_status(a, h->entry);
    const char *words = wd->status_long[st];
    /* Measure, so the chart takes the height that is left (but never less than a usable one). */
    int r = px(a, 6);
    int h1 = text_h(a, ls, line1, w), h2 = text_h(a, bs, line2, w);
    int h3 = status_words(a, t, st, words, bs, x, y, w, false, NULL);
    int hl = legend(a, t, x, 0, w, r, false);
    int ch = avail_h - (h1 + h2 + h3 + hl + 4 * gap);
    if (ch > avail_h * 55 / 100) /* room under it for the first rows of the attempts */
        ch = avail_h * 55 / 100;
    int min_h = 5 * ui_gfx_line_height(a->g, fs(a, FS_SMALL)) + px(a, 80);
    if (ch < min_h)
        ch = min_h;
    y += ui_gfx_text(a->g, ls, line1, w, x, y, t->text).h + px(a, 4);
    y += ui_gfx_text(a->g, bs, line2, w, x, y, t->muted).h + gap;
    y += status_words(a, t, st, words, bs, x, y, w, true, NULL) + gap;
    chart(a, t, (UiRect){x, y, w, ch});
    y += ch + gap;
    y += legend(a, t, x, y, w, h->marker > 0 ? h->marker : r, true);
    y += gap + attempt_rows(a, t, x, y + gap, w);
    return y - y0;
}

/* ---- for tests -------------------------------------------------------------------------------- */

void ui_history_view(const UiApp *a, UiHistoryView *v)
{
    memset(v, 0, sizeof *v);
    v->entry = -1;
    v->best = v->latest = -1;
    v->error = "";
    const UiHistory *h = a->history;
    if (!h)
        return;
    v->entry = h->entry;
    v->npoints = h->npts;
    v->first_shown = h->npts > UI_HISTORY_MAX_SHOWN ? h->npts - UI_HISTORY_MAX_SHOWN : 0;
    v->nshown = h->npts - v->first_shown;
    v->plot = a->screen == UI_SCREEN_HISTORY ? h->plot : (UiRect){0, 0, 0, 0};
    v->pass_percent = h->pass_percent;
    v->marker = h->marker;
    for (int i = 0; i < h->npts; i++)
        if (h->pts[i].percent > v->best)
            v->best = h->pts[i].percent;
    if (h->npts > 0)
        v->latest = h->pts[h->npts - 1].percent;
    v->error = h->error;
}

int ui_history_point(const UiApp *a, int i, bool *assessment)
{
    const UiHistory *h = a->history;
    if (!h || i < 0 || i >= h->npts)
        return -1;
    if (assessment)
        *assessment = h->pts[i].assessment;
    return h->pts[i].percent;
}

UiRect ui_history_status_rect(const UiApp *a, int entry)
{
    const UiHistory *h = a->history;
    return h && entry >= 0 && entry < h->cap ? h->dot[entry] : (UiRect){0, 0, 0, 0};
}
