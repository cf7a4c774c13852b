/* scr_common: what every screen of the trainee's window draws the same way (scr_common.h). */
#include "scr_common.h"

#include "app_core.h"

#include <stdio.h>
#include <string.h>

static const UiTheme normal_theme = {
    .bg = {244, 246, 248, 255},      .panel = {255, 255, 255, 255},  .panel2 = {232, 237, 243, 255},
    .text = {28, 33, 40, 255},       .muted = {92, 102, 115, 255},   .accent = {27, 94, 170, 255},
    .accent_text = {255, 255, 255, 255}, .focus = {230, 140, 0, 255}, .good = {30, 130, 70, 255},
    .warn = {214, 140, 0, 255},      .bad = {200, 40, 40, 255},      .button = {226, 232, 240, 255},
    .button_hover = {208, 219, 232, 255}, .border = {200, 208, 218, 255}, .you = {220, 235, 252, 255},
    .skin = {242, 203, 164, 255},    .skin_angry = {236, 160, 140, 255}, .hair = {70, 52, 40, 255},
    .features = {45, 35, 30, 255},
};

static const UiTheme contrast_theme = {
    .bg = {0, 0, 0, 255},            .panel = {0, 0, 0, 255},        .panel2 = {20, 20, 20, 255},
    .text = {255, 255, 255, 255},    .muted = {230, 230, 230, 255},  .accent = {255, 255, 0, 255},
    .accent_text = {0, 0, 0, 255},   .focus = {0, 255, 255, 255},    .good = {0, 255, 0, 255},
    .warn = {255, 200, 0, 255},      .bad = {255, 80, 80, 255},      .button = {0, 0, 0, 255},
    .button_hover = {60, 60, 60, 255}, .border = {255, 255, 255, 255}, .you = {0, 0, 80, 255},
    .skin = {255, 220, 180, 255},    .skin_angry = {255, 150, 130, 255}, .hair = {120, 120, 120, 255},
    .features = {0, 0, 0, 255},
};

const UiTheme *scr_theme(const UiApp *a) { return a->set.high_contrast ? &contrast_theme : &normal_theme; }

/* ---- shared pieces ---------------------------------------------------------------------------- */

const char *scr_text(const UiApp *a, const ScText *t) { return scenario_text(t, a->loc); }

const char *scr_mode_label(const UiApp *a, UiMode m)
{
    return m == UI_MODE_ASSESSMENT ? a->s->assessment : m == UI_MODE_SANDBOX ? a->s->sandbox : a->s->practice;
}

const char *scr_tier_label(const UiApp *a, ScLevel l)
{
    return l == SC_LEVEL_MANAGER ? a->s->tier_manager
           : l == SC_LEVEL_EXPERIENCED ? a->s->tier_experienced : a->s->tier_new_hire;
}


/* "+3 points (Empathy +3, Discovery +1)" */
void scr_points_line(const UiApp *a, const Scenario *sc, const ScChoice *c, char *buf, size_t size)
{
    int pts = (int)ui_choice_points(c);
    int n = snprintf(buf, size, pts == 1 || pts == -1 ? a->s->point_one : a->s->points, pts);
    for (int i = 0; c && i < c->nscore && n > 0 && (size_t)n < size; i++)
        n += snprintf(buf + n, size - (size_t)n, "%s%s %+d", i ? a->s->comma : a->s->lparen,
                      scenario_text(&scenario_competency(sc, c->score[i].competency)->name, a->loc),
                      c->score[i].points);
    if (c && c->nscore > 0 && n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, "%s", a->s->rparen);
}

/* Button widths of a bottom bar: natural, but never more than an equal share of the width. */
int scr_bar_button_w(UiApp *a, const BarButton *b, int n)
{
    int W = ui_gfx_width(a->g), m = px(a, 16);
    int w = uw_button_w(&a->ui, b->label), share = (W - 2 * m) / n - m;
    return w < share ? w : share;
}

/* The bar's height: the tallest button, whose label may wrap at large text sizes. */
int scr_bottom_bar_height(UiApp *a, const BarButton *b, int n)
{
    int h = uw_button_h(&a->ui);
    for (int i = 0; i < n; i++) {
        int th = text_h(a, fs(a, FS_BODY), b[i].label, scr_bar_button_w(a, &b[i], n) - px(a, 16)) + px(a, 18);
        if (th > h)
            h = th;
    }
    return h + px(a, 24);
}

void scr_bottom_bar(UiApp *a, const BarButton *b, int n)
{
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    int bar = scr_bottom_bar_height(a, b, n), bh = bar - px(a, 24), top = H - bar;
    ui_gfx_fill(a->g, (UiRect){0, top, W, H - top}, scr_theme(a)->panel2);
    int x = W - m;
    for (int i = n - 1; i >= 0; i--) {
        int w = scr_bar_button_w(a, &b[i], n);
        x -= w;
        uw_button(&a->ui, b[i].id, (UiRect){x, top + px(a, 12), w, bh}, b[i].label, b[i].style);
        x -= m;
    }
}

void scr_banner(UiApp *a, int *y)
{
    if (!a->banner[0])
        return;
    int W = ui_gfx_width(a->g), m = px(a, 16), pad = px(a, 8);
    int size = fs(a, FS_SMALL);
    int h = text_h(a, size, a->banner, W - 2 * m - 2 * pad) + 2 * pad;
    ui_gfx_fill(a->g, (UiRect){0, *y, W, h}, scr_theme(a)->warn);
    uw_text(&a->ui, size, a->banner, W - 2 * m - 2 * pad, m + pad, *y + pad, (UiColor){0, 0, 0, 255});
    *y += h;
}

/* A heading line across the top; returns its height. */
int scr_header(UiApp *a, const char *title, const char *right)
{
    const UiTheme *t = scr_theme(a);
    int W = ui_gfx_width(a->g), m = px(a, 16), pad = px(a, 10);
    int rs = fs(a, FS_SMALL), ts = fs(a, FS_LARGE);
    int rw = right ? text_w(a, rs, right) : 0;
    if (rw > W / 2)
        rw = W / 2;
    int tw = W - 2 * m - (rw ? rw + m : 0);
    int h = text_h(a, ts, title, tw);
    /* A short window with large text: the title gets smaller rather than take the page. */
    int H = ui_gfx_height(a->g);
    for (int size = FS_BODY; h + 2 * pad > H / 6 && size >= FS_SMALL; size -= FS_BODY - FS_SMALL) {
        ts = fs(a, size);
        h = text_h(a, ts, title, tw);
    }
    int rh = right ? text_h(a, rs, right, rw) : 0;
    if (rh > h)
        h = rh;
    h += 2 * pad;
    ui_gfx_fill(a->g, (UiRect){0, 0, W, h}, t->accent);
    uw_text(&a->ui, ts, title, tw, m, pad, t->accent_text);
    if (right)
        uw_text(&a->ui, rs, right, rw, W - m - rw, pad + px(a, 3), t->accent_text);
    return h;
}

/* ---- scenario picker ---------------------------------------------------------------------------- */

/* The colours of the status marks and the history chart (ui_history.c). */
UiHistoryTheme scr_history_theme(const UiApp *a)
{
    const UiTheme *t = scr_theme(a);
    return (UiHistoryTheme){.panel = t->panel, .text = t->text, .muted = t->muted, .border = t->border,
                            .grid = a->set.high_contrast ? t->button_hover : t->panel2, .good = t->good,
                            .warn = t->warn, .bad = t->bad, .practice = t->accent, .assessment = t->text};
}

void scr_frame_begin(UiApp *a)
{
    a->ui.g = a->g;
    a->ui.t = scr_theme(a);
    a->ui.style = (UiButtonStyle){.text_size = FS_BODY, .radius = 6, .ring = 3, .pad_text = 16, .pad_w = 32,
                                  .pad_h = 18, .frame_all = a->set.high_contrast};
    uw_begin(&a->ui);
    a->nchoice_btn = 0;
}

/* Two or more toggle buttons in a row. */
void scr_toggles(UiApp *a, const char *label, const int *ids, const char *const *labels, int n, int selected,
                    int x, int *y, int w)
{
    int ls = fs(a, FS_SMALL), m = px(a, 10);
    *y += uw_text(&a->ui, ls, label, w, x, *y, scr_theme(a)->muted).h + px(a, 4);
    int bw = (w - (n - 1) * m) / n, bh = uw_button_h(&a->ui);
    int maxh = bh;
    for (int i = 0; i < n; i++) {
        int th = text_h(a, fs(a, FS_BODY), labels[i], bw - px(a, 16)) + px(a, 18);
        if (th > maxh)
            maxh = th;
    }
    for (int i = 0; i < n; i++)
        uw_button(&a->ui, ids[i], (UiRect){x + i * (bw + m), *y, bw, maxh}, labels[i],
               i == selected ? UW_SELECTED : UW_NORMAL);
    *y += maxh + px(a, 14);
}

