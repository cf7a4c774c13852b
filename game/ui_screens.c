/* ui_screens: layout and drawing of every screen, as plain functions of the app's state.
 * Nothing here changes the attempt; buttons are registered in a->hits for ui_app.c to act on.
 * Heights come from wrapped text, so nothing is clipped; what does not fit scrolls. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "play_author.h"
#include "ui_internal.h"
#include "ui_history.h"
#include "ui_reload.h"

typedef struct {
    UiColor bg, panel, panel2, text, muted, accent, accent_text, focus, good, warn, bad, button,
        button_hover, border, you, skin, skin_angry, hair, features;
} Theme;

static const Theme normal_theme = {
    .bg = {244, 246, 248, 255},      .panel = {255, 255, 255, 255},  .panel2 = {232, 237, 243, 255},
    .text = {28, 33, 40, 255},       .muted = {92, 102, 115, 255},   .accent = {27, 94, 170, 255},
    .accent_text = {255, 255, 255, 255}, .focus = {230, 140, 0, 255}, .good = {30, 130, 70, 255},
    .warn = {214, 140, 0, 255},      .bad = {200, 40, 40, 255},      .button = {226, 232, 240, 255},
    .button_hover = {208, 219, 232, 255}, .border = {200, 208, 218, 255}, .you = {220, 235, 252, 255},
    .skin = {242, 203, 164, 255},    .skin_angry = {236, 160, 140, 255}, .hair = {70, 52, 40, 255},
    .features = {45, 35, 30, 255},
};

static const Theme contrast_theme = {
    .bg = {0, 0, 0, 255},            .panel = {0, 0, 0, 255},        .panel2 = {20, 20, 20, 255},
    .text = {255, 255, 255, 255},    .muted = {230, 230, 230, 255},  .accent = {255, 255, 0, 255},
    .accent_text = {0, 0, 0, 255},   .focus = {0, 255, 255, 255},    .good = {0, 255, 0, 255},
    .warn = {255, 200, 0, 255},      .bad = {255, 80, 80, 255},      .button = {0, 0, 0, 255},
    .button_hover = {60, 60, 60, 255}, .border = {255, 255, 255, 255}, .you = {0, 0, 80, 255},
    .skin = {255, 220, 180, 255},    .skin_angry = {255, 150, 130, 255}, .hair = {120, 120, 120, 255},
    .features = {0, 0, 0, 255},
};

static const Theme *T(const UiApp *a) { return a->set.high_contrast ? &contrast_theme : &normal_theme; }

static UiRect text(UiApp *a, int size, const char *s, int wrap, int x, int y, UiColor c)
{
    return ui_gfx_text(a->g, size, s, wrap, x, y, c);
}

/* ---- buttons and scrolling regions ----------------------------------------------------------- */

static void add_hit(UiApp *a, int id, UiRect r, const char *label)
{
    if (a->nhits == UI_MAX_HITS)
        return;
    UiHit *h = &a->hits[a->nhits++];
    h->id = id;
    h->full = r;
    h->r = a->clip.w > 0 ? ui_rect_intersect(r, a->clip) : r;
    h->area = a->clip_area;
    h->label = label;
    /* Keyboard focus moved onto a button that is scrolled out of sight: bring it in. */
    if (a->reveal_focus && id == a->focus && a->clip.w > 0 && a->clip_area != AREA_NONE) {
        UiScroll *sc = &a->scroll[a->clip_area];
        int pad = px(a, 8);
        if (r.y < a->clip.y)
            sc->offset -= a->clip.y - r.y + pad;
        else if (r.y + r.h > a->clip.y + a->clip.h)
            sc->offset += (r.y + r.h) - (a->clip.y + a->clip.h) + pad;
        else
            return;
        sc->stick_bottom = false;
        a->dirty = true; /* draw again with the new offset */
    }
}

static void focus_ring(UiApp *a, UiRect r)
{
    int t = px(a, 3);
    ui_gfx_frame(a->g, (UiRect){r.x - t, r.y - t, r.w + 2 * t, r.h + 2 * t}, t, T(a)->focus);
}

typedef enum { BTN_NORMAL, BTN_PRIMARY, BTN_SELECTED } BtnStyle;

static void button(UiApp *a, int id, UiRect r, const char *label, BtnStyle style)
{
    const Theme *t = T(a);
    UiColor bg = style == BTN_NORMAL ? (a->hover == id ? t->button_hover : t->button) : t->accent;
    UiColor fg = style == BTN_NORMAL ? t->text : t->accent_text;
    ui_gfx_round(a->g, r, px(a, 6), bg);
    if (a->set.high_contrast || style == BTN_NORMAL)
        ui_gfx_frame(a->g, r, px(a, 1), t->border);
    int size = fs(a, FS_BODY);
    int w, h;
    ui_gfx_text_size(a->g, size, label, r.w - px(a, 16), &w, &h);
    text(a, size, label, r.w - px(a, 16), r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, fg);
    if (a->focus == id)
        focus_ring(a, r);
    add_hit(a, id, r, label);
}

/* A button's natural size for a label. */
static int button_w(UiApp *a, const char *label)
{
    return text_w(a, fs(a, FS_BODY), label) + px(a, 32);
}

static int button_h(UiApp *a) { return ui_gfx_line_height(a->g, fs(a, FS_BODY)) + px(a, 18); }

/* Starts drawing scrollable content in view: returns the content's top y. */
static int scroll_begin(UiApp *a, int area, UiRect view)
{
    UiScroll *sc = &a->scroll[area];
    sc->view = view;
    a->clip = view;
    a->clip_area = area;
    ui_gfx_clip(a->g, &view);
    int max = sc->content - view.h;
    if (sc->stick_bottom && max > 0)
        sc->offset = max;
    if (sc->offset > max)
        sc->offset = max;
    if (sc->offset < 0)
        sc->offset = 0;
    return view.y - sc->offset;
}

/* Ends it: content_bottom is the y below the last content drawn. */
static void scroll_end(UiApp *a, int area, int content_bottom)
{
    UiScroll *sc = &a->scroll[area];
    int content = content_bottom - (sc->view.y - sc->offset);
    if (content != sc->content) {
        sc->content = content;
        int max = content - sc->view.h;
        if ((sc->stick_bottom && max > 0 && sc->offset != max) || sc->offset > (max > 0 ? max : 0))
            a->dirty = true; /* the content changed size: draw again at the right offset */
    }
    a->clip = (UiRect){0, 0, 0, 0};
    a->clip_area = AREA_NONE;
    ui_gfx_clip(a->g, NULL);
    if (sc->content > sc->view.h) { /* a scroll bar */
        UiRect v = sc->view;
        int bw = px(a, 5);
        int th = v.h * v.h / sc->content;
        if (th < px(a, 24))
            th = px(a, 24);
        int ty = v.y + (int)((long long)(v.h - th) * sc->offset / (sc->content - v.h));
        ui_gfx_fill(a->g, (UiRect){v.x + v.w - bw, v.y, bw, v.h}, T(a)->panel2);
        ui_gfx_fill(a->g, (UiRect){v.x + v.w - bw, ty, bw, th}, T(a)->muted);
    }
}

/* ---- the customer's face --------------------------------------------------------------------- */

typedef struct {
    float brow_l_in, brow_l_out, brow_r_in, brow_r_out; /* brow end heights (+ up), in r units */
    float mouth_corner, mouth_mid;                      /* + down */
    float mouth_tilt;                                   /* right corner lower by this */
    float eye_open_l, eye_open_r;
    bool cheeks, flush;
} Face;

static Face face_for(const char *mood)
{
    Face f = {0.02f, 0.02f, 0.02f, 0.02f, 0, 0.02f, 0, 1, 1, false, false};
    if (!mood || !strcmp(mood, "calm") || !strcmp(mood, "neutral")) {
        f.mouth_mid = 0.04f;
    } else if (!strcmp(mood, "pleased") || !strcmp(mood, "happy") || !strcmp(mood, "interested")) {
        f = (Face){0.08f, 0.06f, 0.08f, 0.06f, -0.04f, 0.12f, 0, 0.9f, 0.9f, true, false};
    } else if (!strcmp(mood, "angry") || !strcmp(mood, "furious")) {
        f = (Face){-0.09f, 0.08f, -0.09f, 0.08f, 0.06f, -0.06f, 0, 0.8f, 0.8f, false, true};
    } else if (!strcmp(mood, "annoyed") || !strcmp(mood, "impatient")) {
        f = (Face){-0.04f, 0.02f, -0.04f, 0.02f, 0.02f, -0.01f, 0, 0.6f, 0.6f, false, false};
    } else if (!strcmp(mood, "skeptical") || !strcmp(mood, "doubtful")) {
        f = (Face){0.0f, 0.0f, 0.09f, 0.1f, 0, 0, 0.05f, 0.55f, 1.0f, false, false};
    } else if (!strcmp(mood, "worried") || !strcmp(mood, "anxious") || !strcmp(mood, "sad") ||
               !strcmp(mood, "confused")) {
        f = (Face){0.08f, -0.02f, 0.08f, -0.02f, 0.04f, -0.02f, 0, 1.0f, 1.0f, false, false};
    }
    return f;
}

/* A mood word in the UI's language (unknown moods are shown as written). */
static const char *mood_label(const UiApp *a, const char *mood) { return ui_strings_mood(a->s, mood); }

static void quad_curve(float *xy, int n, float x0, float y0, float x1, float y1, float x2, float y2)
{
    for (int i = 0; i < n; i++) {
        float t = (float)i / (n - 1), u = 1 - t;
        xy[2 * i] = u * u * x0 + 2 * u * t * x1 + t * t * x2;
        xy[2 * i + 1] = u * u * y0 + 2 * u * t * y1 + t * t * y2;
    }
}

static void draw_face(UiApp *a, float cx, float cy, float r, const char *mood)
{
    const Theme *t = T(a);
    Face f = face_for(mood);
    UiGfx *g = a->g;
    /* shoulders, hair, head */
    ui_gfx_round(g, (UiRect){(int)(cx - r * 1.05f), (int)(cy + r * 0.85f), (int)(r * 2.1f), (int)(r * 0.7f)},
                 (int)(r * 0.3f), t->accent);
    ui_gfx_ellipse(g, cx, cy - r * 0.12f, r * 0.98f, r * 0.95f, t->hair);
    ui_gfx_ellipse(g, cx, cy + r * 0.05f, r * 0.82f, r * 0.9f, f.flush ? t->skin_angry : t->skin);
    /* ears */
    ui_gfx_ellipse(g, cx - r * 0.82f, cy + r * 0.08f, r * 0.12f, r * 0.18f, f.flush ? t->skin_angry : t->skin);
    ui_gfx_ellipse(g, cx + r * 0.82f, cy + r * 0.08f, r * 0.12f, r * 0.18f, f.flush ? t->skin_angry : t->skin);
    if (f.cheeks) {
        UiColor pink = {240, 140, 140, 140};
        ui_gfx_ellipse(g, cx - r * 0.45f, cy + r * 0.3f, r * 0.14f, r * 0.08f, pink);
        ui_gfx_ellipse(g, cx + r * 0.45f, cy + r * 0.3f, r * 0.14f, r * 0.08f, pink);
    }
    /* eyes */
    float ey = cy - r * 0.05f, ex = r * 0.32f;
    UiColor white = {255, 255, 255, 255};
    ui_gfx_ellipse(g, cx - ex, ey, r * 0.13f, r * 0.11f * f.eye_open_l, white);
    ui_gfx_ellipse(g, cx + ex, ey, r * 0.13f, r * 0.11f * f.eye_open_r, white);
    ui_gfx_ellipse(g, cx - ex, ey, r * 0.06f, r * 0.06f * f.eye_open_l, t->features);
    ui_gfx_ellipse(g, cx + ex, ey, r * 0.06f, r * 0.06f * f.eye_open_r, t->features);
    /* brows: inner end near the nose, outer end out; + is up */
    float by = cy - r * 0.27f, bw = r * 0.07f;
    float bl[4] = {cx - ex - r * 0.17f, by - r * f.brow_l_out, cx - ex + r * 0.15f, by - r * f.brow_l_in};
    float br[4] = {cx + ex - r * 0.15f, by - r * f.brow_r_in, cx + ex + r * 0.17f, by - r * f.brow_r_out};
    ui_gfx_polyline(g, bl, 2, bw, t->features);
    ui_gfx_polyline(g, br, 2, bw, t->features);
    /* nose */
    float nose[2 * 8];
    quad_curve(nose, 8, cx - r * 0.07f, cy + r * 0.19f, cx, cy + r * 0.27f, cx + r * 0.07f, cy + r * 0.19f);
    ui_gfx_polyline(g, nose, 8, r * 0.035f, (UiColor){t->features.r, t->features.g, t->features.b, 150});
    /* mouth */
    float my = cy + r * 0.47f, mw = r * 0.3f;
    float xy[2 * 16];
    quad_curve(xy, 16, cx - mw, my + r * f.mouth_corner - r * f.mouth_tilt, cx, my + r * 2 * f.mouth_mid,
               cx + mw, my + r * f.mouth_corner + r * f.mouth_tilt);
    ui_gfx_polyline(g, xy, 16, r * 0.06f, (UiColor){150, 50, 50, 255});
}

/* ---- shared pieces ---------------------------------------------------------------------------- */

static const char *sc_text(const UiApp *a, const ScText *t) { return scenario_text(t, a->loc); }

static const char *mode_label(const UiApp *a, UiMode m)
{
    return m == UI_MODE_ASSESSMENT ? a->s->assessment : m == UI_MODE_SANDBOX ? a->s->sandbox : a->s->practice;
}

static const char *tier_label(const UiApp *a, ScLevel l)
{
    return l == SC_LEVEL_MANAGER ? a->s->tier_manager
           : l == SC_LEVEL_EXPERIENCED ? a->s->tier_experienced : a->s->tier_new_hire;
}


/* "+3 points (Empathy +3, Discovery +1)" */
static void points_line(const UiApp *a, const Scenario *sc, const ScChoice *c, char *buf, size_t size)
{
    int pts = (int)ui_choice_points(c);
    int n = snprintf(buf, size, pts == 1 || pts == -1 ? a->s->point_one : a->s->points, pts);
    for (int i = 0; c && i < c->nscore && n > 0 && (size_t)n < size; i++)
        n += snprintf(buf + n, size - (size_t)n, "%s%s %+d", i ? ", " : " (",
                      scenario_text(&scenario_competency(sc, c->score[i].competency)->name, a->loc),
                      c->score[i].points);
    if (c && c->nscore > 0 && n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, ")");
}

/* The bottom bar of a page: buttons right-aligned; returns the bar's top y. */
typedef struct { int id; const char *label; BtnStyle style; } BarButton;
/* Button widths of a bottom bar: natural, but never more than an equal share of the width. */
static int bar_button_w(UiApp *a, const BarButton *b, int n)
{
    int W = ui_gfx_width(a->g), m = px(a, 16);
    int w = button_w(a, b->label), share = (W - 2 * m) / n - m;
    return w < share ? w : share;
}

/* The bar's height: the tallest button, whose label may wrap at large text sizes. */
static int bottom_bar_height(UiApp *a, const BarButton *b, int n)
{
    int h = button_h(a);
    for (int i = 0; i < n; i++) {
        int th = text_h(a, fs(a, FS_BODY), b[i].label, bar_button_w(a, &b[i], n) - px(a, 16)) + px(a, 18);
        if (th > h)
            h = th;
    }
    return h + px(a, 24);
}

static void bottom_bar(UiApp *a, const BarButton *b, int n)
{
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    int bar = bottom_bar_height(a, b, n), bh = bar - px(a, 24), top = H - bar;
    ui_gfx_fill(a->g, (UiRect){0, top, W, H - top}, T(a)->panel2);
    int x = W - m;
    for (int i = n - 1; i >= 0; i--) {
        int w = bar_button_w(a, &b[i], n);
        x -= w;
        button(a, b[i].id, (UiRect){x, top + px(a, 12), w, bh}, b[i].label, b[i].style);
        x -= m;
    }
}

static void banner(UiApp *a, int *y)
{
    if (!a->banner[0])
        return;
    int W = ui_gfx_width(a->g), m = px(a, 16), pad = px(a, 8);
    int size = fs(a, FS_SMALL);
    int h = text_h(a, size, a->banner, W - 2 * m - 2 * pad) + 2 * pad;
    ui_gfx_fill(a->g, (UiRect){0, *y, W, h}, T(a)->warn);
    text(a, size, a->banner, W - 2 * m - 2 * pad, m + pad, *y + pad, (UiColor){0, 0, 0, 255});
    *y += h;
}

/* A heading line across the top; returns its height. */
static int header(UiApp *a, const char *title, const char *right)
{
    const Theme *t = T(a);
    int W = ui_gfx_width(a->g), m = px(a, 16), pad = px(a, 10);
    int rs = fs(a, FS_SMALL), ts = fs(a, FS_LARGE);
    int rw = right ? text_w(a, rs, right) : 0;
    if (rw > W / 2)
        rw = W / 2;
    int tw = W - 2 * m - (rw ? rw + m : 0);
    int h = text_h(a, ts, title, tw);
    int rh = right ? text_h(a, rs, right, rw) : 0;
    if (rh > h)
        h = rh;
    h += 2 * pad;
    ui_gfx_fill(a->g, (UiRect){0, 0, W, h}, t->accent);
    text(a, ts, title, tw, m, pad, t->accent_text);
    if (right)
        text(a, rs, right, rw, W - m - rw, pad + px(a, 3), t->accent_text);
    return h;
}

/* ---- sign in ------------------------------------------------------------------------------------ */

static void field(UiApp *a, int id, const char *label, const char *value, int x, int *y, int w)
{
    const Theme *t = T(a);
    int ls = fs(a, FS_SMALL), bs = fs(a, FS_BODY), pad = px(a, 8);
    *y += text(a, ls, label, w, x, *y, t->muted).h + px(a, 4);
    char shown[400];
    bool here = a->focus == id;
    snprintf(shown, sizeof shown, "%s%s%s", value, here ? a->composing : "", here ? "|" : "");
    int h = text_h(a, bs, shown[0] ? shown : " ", w - 2 * pad);
    if (h < ui_gfx_line_height(a->g, bs))
        h = ui_gfx_line_height(a->g, bs);
    UiRect r = {x, *y, w, h + 2 * pad};
    ui_gfx_fill(a->g, r, t->panel);
    ui_gfx_frame(a->g, r, px(a, 1), t->border);
    text(a, bs, shown, w - 2 * pad, x + pad, *y + pad, t->text);
    if (here) {
        focus_ring(a, r);
        ui_gfx_text_input_at(a->g, r);
    }
    add_hit(a, id, r, label);
    *y += r.h + px(a, 14);
}

/* Two or more toggle buttons in a row. */
static void toggles(UiApp *a, const char *label, const int *ids, const char *const *labels, int n, int selected,
                    int x, int *y, int w)
{
    int ls = fs(a, FS_SMALL), m = px(a, 10);
    *y += text(a, ls, label, w, x, *y, T(a)->muted).h + px(a, 4);
    int bw = (w - (n - 1) * m) / n, bh = button_h(a);
    int maxh = bh;
    for (int i = 0; i < n; i++) {
        int th = text_h(a, fs(a, FS_BODY), labels[i], bw - px(a, 16)) + px(a, 18);
        if (th > maxh)
            maxh = th;
    }
    for (int i = 0; i < n; i++)
        button(a, ids[i], (UiRect){x + i * (bw + m), *y, bw, maxh}, labels[i],
               i == selected ? BTN_SELECTED : BTN_NORMAL);
    *y += maxh + px(a, 14);
}

static void draw_signin(UiApp *a)
{
    const Theme *t = T(a);
    const UiStrings *s = a->s;
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    int y = header(a, s->app_title, NULL);
    banner(a, &y);
    BarButton bar[] = {{ACT_HELP, s->help_btn, BTN_NORMAL}, {ACT_SETTINGS, s->settings, BTN_NORMAL},
                       {ACT_SIGNIN, s->continue_btn, BTN_PRIMARY}};
    int bottom = H - bottom_bar_height(a, bar, 3);
    int cw = W - 2 * m > px(a, 640) ? px(a, 640) : W - 2 * m;
    int x = (W - cw) / 2;
    int cy = scroll_begin(a, AREA_PAGE, (UiRect){0, y, W, bottom - y}) + m;
    cy += text(a, fs(a, FS_TITLE), s->signin_title, cw, x, cy, t->text).h + px(a, 8);
    cy += text(a, fs(a, FS_BODY), s->signin_intro, cw, x, cy, t->muted).h + px(a, 16);
    field(a, ACT_FIELD_ID, s->trainee_id, a->set.trainee_id, x, &cy, cw);
    if (a->need_id)
        cy += text(a, fs(a, FS_SMALL), s->need_id, cw, x, cy - px(a, 8), t->bad).h;
    field(a, ACT_FIELD_NAME, s->trainee_name, a->set.trainee_name, x, &cy, cw);
    static const int lang_ids[] = {ACT_LANG_ZH, ACT_LANG_EN};
    const char *langs[] = {"中文", "English"};
    toggles(a, s->language, lang_ids, langs, 2, strcmp(a->set.locale, "zh") ? 1 : 0, x, &cy, cw);
    static const int mode_ids[] = {ACT_MODE_PRACTICE, ACT_MODE_ASSESSMENT};
    const char *modes[] = {s->practice, s->assessment};
    toggles(a, s->mode, mode_ids, modes, 2, a->mode == UI_MODE_ASSESSMENT ? 1 : 0, x, &cy, cw);
    cy += text(a, fs(a, FS_SMALL), a->mode == UI_MODE_ASSESSMENT ? s->mode_assessment_hint : s->mode_practice_hint,
               cw, x, cy - px(a, 6), t->muted).h + m;
    scroll_end(a, AREA_PAGE, cy);
    bottom_bar(a, bar, 3);
}

/* ---- scenario picker ---------------------------------------------------------------------------- */

/* The colours of the status marks and the history chart (ui_history.c). */
static UiHistoryTheme history_theme(const UiApp *a)
{
    const Theme *t = T(a);
    return (UiHistoryTheme){.panel = t->panel, .text = t->text, .muted = t->muted, .border = t->border,
                            .grid = a->set.high_contrast ? t->button_hover : t->panel2, .good = t->good,
                            .warn = t->warn, .bad = t->bad, .practice = t->accent, .assessment = t->text};
}

static int entry_group(const UiEntry *e) { return e->sc ? (int)scenario_level(e->sc) : 3; }

/* Draws (or only measures, when draw is false) one scenario card; returns its height. */
static int card(UiApp *a, int i, int x, int y, int w, bool draw)
{
    const Theme *t = T(a);
    const UiStrings *s = a->s;
    const UiEntry *e = &a->entries[i];
    int pad = px(a, 12), stats_w = w > px(a, 600) ? px(a, 190) : px(a, 130);
    int tw = w - stats_w - 3 * pad;
    int ts = fs(a, FS_LARGE), ss = fs(a, FS_SMALL), bs = fs(a, FS_BODY);
    char buf[1024];
    int h = pad;
    if (!e->sc) {
        snprintf(buf, sizeof buf, "%s: %s", s->not_loaded, e->name);
        int h1 = text_h(a, bs, buf, w - 2 * pad), h2 = text_h(a, ss, e->error, w - 2 * pad);
        h += h1 + px(a, 4) + h2 + pad;
        if (draw) {
            ui_gfx_fill(a->g, (UiRect){x, y, w, h}, t->panel);
            ui_gfx_fill(a->g, (UiRect){x, y, px(a, 4), h}, t->bad);
            text(a, bs, buf, w - 2 * pad, x + pad, y + pad, t->bad);
            text(a, ss, e->error, w - 2 * pad, x + pad, y + pad + h1 + px(a, 4), t->text);
        }
        return h;
    }
    int loc = scenario_locale_index(e->sc, a->set.locale);
    const char *title = scenario_text(scenario_title(e->sc), loc);
    const char *summary = scenario_text(scenario_summary(e->sc), loc);
    int n = 0;
    buf[0] = 0;
    for (int k = 0; k < scenario_tag_count(e->sc) && n >= 0 && (size_t)n < sizeof buf; k++)
        n += snprintf(buf + n, sizeof buf - (size_t)n, "%s#%s", k ? "  " : "", scenario_tag(e->sc, k));
    int h1 = text_h(a, ts, title, tw), h2 = summary[0] ? text_h(a, ss, summary, tw) + px(a, 4) : 0;
    int h3 = buf[0] ? text_h(a, ss, buf, tw) + px(a, 4) : 0;
    char st[256];
    if (e->best >= 0 || e->latest >= 0) {
        char b1[64], b2[64];
        snprintf(b1, sizeof b1, s->best, e->best);
        snprintf(b2, sizeof b2, s->latest, e->latest);
        snprintf(st, sizeof st, "%s\n%s%s%s", b1, b2, e->passed_assessment ? "\n" : "",
                 e->passed_assessment ? s->passed_assessment : "");
    } else {
        snprintf(st, sizeof st, "%s", s->no_attempts);
    }
    int h4 = text_h(a, ss, st, stats_w);
    /* Under the figures: the status (dot and words) and the History button (ui_history.c). */
    UiHistoryTheme th = history_theme(a);
    const char *hist = ui_history_label(a);
    int hb = text_h(a, bs, hist, stats_w - px(a, 16)) + px(a, 12);
    int h5 = ui_history_status_line(a, &th, i, 0, 0, stats_w, false);
    h4 += px(a, 6) + h5 + px(a, 8) + hb;
    int body = h1 + h2 + h3;
    h += (body > h4 ? body : h4) + pad;
    if (draw) {
        UiRect r = {x, y, w, h};
        int id = ACT_PICK + i;
        ui_gfx_round(a->g, r, px(a, 6), a->hover == id ? t->button_hover : t->panel);
        ui_gfx_frame(a->g, r, px(a, 1), t->border);
        int ty = y + pad;
        ty += text(a, ts, title, tw, x + pad, ty, t->text).h;
        if (summary[0])
            ty += text(a, ss, summary, tw, x + pad, ty + px(a, 4), t->muted).h + px(a, 4);
        if (buf[0])
            text(a, ss, buf, tw, x + pad, ty + px(a, 4), t->accent);
        text(a, ss, st, stats_w, x + w - pad - stats_w, y + pad, e->passed_assessment ? t->good : t->muted);
        if (a->focus == id)
            focus_ring(a, r);
        add_hit(a, id, r, title);
        int sx = x + w - pad - stats_w, sy = y + pad + text_h(a, ss, st, stats_w) + px(a, 6);
        sy += ui_history_status_line(a, &th, i, sx, sy, stats_w, true) + px(a, 8);
        button(a, UI_HISTORY_ACT_OPEN + i, (UiRect){sx, sy, stats_w, hb}, hist, BTN_NORMAL);
    }
    return h;
}

static void draw_picker(UiApp *a)
{
    const Theme *t = T(a);
    const UiStrings *s = a->s;
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    char who[512];
    if (a->set.trainee_name[0])
        snprintf(who, sizeof who, s->signed_in_as, a->set.trainee_name, a->set.trainee_id, mode_label(a, a->mode));
    else
        snprintf(who, sizeof who, "%s · %s", a->set.trainee_id, mode_label(a, a->mode));
    int y = header(a, s->picker_title, who);
    banner(a, &y);
    ui_reload_draw(a, &y);
    BarButton bar[] = {{ACT_SIGNOUT, s->sign_out, BTN_NORMAL}, {ACT_HELP, s->help_btn, BTN_NORMAL},
                       {ACT_SETTINGS, s->settings, BTN_NORMAL}};
    int bottom = H - bottom_bar_height(a, bar, 3);
    int cw = W - 2 * m;
    int cy = scroll_begin(a, AREA_PICKER, (UiRect){0, y, W, bottom - y}) + m;
    int entry = -1, off = ui_app_interrupted_offer(a, &entry);
    if (off >= 0) {
        const RecordsAttempt *r = &a->interrupted[off];
        char info[1024];
        const char *title = entry >= 0 ? scenario_text(scenario_title(a->entries[entry].sc),
                                                       scenario_locale_index(a->entries[entry].sc, a->set.locale))
                                       : r->scenario_title;
        int nd = 0;
        for (int k = 0; k < r->ndecisions; k++)
            nd += !r->decisions[k].rewound;
        snprintf(info, sizeof info, s->interrupted_info, title,
                 mode_label(a, !strcmp(r->mode, "assessment") ? UI_MODE_ASSESSMENT
                               : !strcmp(r->mode, "sandbox") ? UI_MODE_SANDBOX : UI_MODE_PRACTICE), nd);
        int pad = px(a, 12), w = cw - px(a, 8);
        int h1 = text_h(a, fs(a, FS_LARGE), s->interrupted_title, w - 2 * pad);
        int h2 = text_h(a, fs(a, FS_BODY), info, w - 2 * pad);
        int bh = button_h(a), bw = (w - 3 * pad) / 2;
        int bh2 = text_h(a, fs(a, FS_BODY), s->interrupted_close, bw - px(a, 16)) + px(a, 18);
        if (bh2 > bh)
            bh = bh2;
        UiRect box = {m, cy, w, pad + h1 + px(a, 4) + h2 + pad + bh + pad};
        ui_gfx_round(a->g, box, px(a, 6), t->panel);
        ui_gfx_frame(a->g, box, px(a, 2), t->warn);
        int y2 = cy + pad;
        y2 += text(a, fs(a, FS_LARGE), s->interrupted_title, w - 2 * pad, m + pad, y2, t->text).h + px(a, 4);
        y2 += text(a, fs(a, FS_BODY), info, w - 2 * pad, m + pad, y2, t->muted).h + pad;
        if (entry >= 0)
            button(a, ACT_INT_RESUME, (UiRect){m + pad, y2, bw, bh}, s->interrupted_resume, BTN_PRIMARY);
        button(a, ACT_INT_CLOSE, (UiRect){m + 2 * pad + bw, y2, bw, bh}, s->interrupted_close, BTN_NORMAL);
        cy += box.h + m;
    }
    if (a->nentries == 0) {
        char buf[1200];
        snprintf(buf, sizeof buf, s->no_scenarios, a->source ? a->source : "");
        cy += text(a, fs(a, FS_BODY), buf, cw, m, cy, t->text).h;
    }
    for (int group = 0; group <= 3; group++) {
        bool any = false;
        for (int i = 0; i < a->nentries; i++) {
            if (entry_group(&a->entries[i]) != group)
                continue;
            if (!any) {
                const char *label = group == 3 ? s->not_loaded : tier_label(a, (ScLevel)group);
                cy += text(a, fs(a, FS_BODY), label, cw, m, cy, group == 3 ? t->bad : t->muted).h + px(a, 6);
                any = true;
            }
            cy += card(a, i, m, cy, cw - px(a, 8), true) + px(a, 10);
        }
        if (any)
            cy += px(a, 10);
    }
    scroll_end(a, AREA_PICKER, cy);
    bottom_bar(a, bar, 3);
}

/* ---- briefing ----------------------------------------------------------------------------------- */

static void draw_briefing(UiApp *a)
{
    const Theme *t = T(a);
    const UiStrings *s = a->s;
    const Scenario *sc = a->entries[a->cur].sc;
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    char right[256];
    snprintf(right, sizeof right, "%s · %s", s->briefing, mode_label(a, a->mode));
    int y = header(a, sc_text(a, scenario_title(sc)), right);
    banner(a, &y);
    ui_reload_draw(a, &y);
    BarButton bar[] = {{ACT_BRIEF_BACK, s->back, BTN_NORMAL}, {ACT_BRIEF_START, s->start_call, BTN_PRIMARY}};
    int bottom = H - bottom_bar_height(a, bar, 2);
    int cw = W - 2 * m > px(a, 900) ? px(a, 900) : W - 2 * m;
    int x = (W - cw) / 2;
    int hs = fs(a, FS_LARGE), bs = fs(a, FS_BODY);
    int cy = scroll_begin(a, AREA_PAGE, (UiRect){0, y, W, bottom - y}) + m;
    cy += text(a, fs(a, FS_SMALL), tier_label(a, scenario_level(sc)), cw, x, cy, t->muted).h + px(a, 10);
    const char *summary = sc_text(a, scenario_summary(sc));
    if (summary[0]) {
        cy += text(a, hs, s->situation, cw, x, cy, t->text).h + px(a, 4);
        cy += text(a, bs, summary, cw, x, cy, t->text).h + px(a, 16);
    }
    cy += text(a, hs, s->scored_on, cw, x, cy, t->text).h + px(a, 4);
    for (int i = 0; i < scenario_competency_count(sc); i++) {
        char buf[512];
        snprintf(buf, sizeof buf, "•  %s", sc_text(a, &scenario_competency(sc, i)->name));
        cy += text(a, bs, buf, cw, x, cy, t->text).h + px(a, 2);
    }
    cy += px(a, 14);
    char buf[512];
    double limit, lo, hi; /* the first decision's real seconds, and the range over the call */
    play_timer_range(sc, scenario_start(sc), &limit, &lo, &hi);
    if (limit > 0) {
        char per[128];
        if (lo == hi)
            snprintf(per, sizeof per, s->per_decision, limit);
        else
            snprintf(per, sizeof per, s->per_decision_varies, limit, lo, hi);
        snprintf(buf, sizeof buf, "%s: %s%s%s", s->time_limit, per,
                 a->popt.timers ? "" : " · ", a->popt.timers ? "" : s->timers_off);
    } else {
        snprintf(buf, sizeof buf, "%s: %s", s->time_limit, s->no_time_limit);
    }
    cy += text(a, bs, buf, cw, x, cy, t->text).h + px(a, 6);
    snprintf(buf, sizeof buf, "%s: %d%%", s->pass_mark, scenario_pass_percent(sc));
    cy += text(a, bs, buf, cw, x, cy, t->text).h + px(a, 6);
    cy += text(a, fs(a, FS_SMALL), a->mode == UI_MODE_ASSESSMENT ? s->mode_assessment_hint : s->mode_practice_hint,
               cw, x, cy, t->muted).h + m;
    scroll_end(a, AREA_PAGE, cy);
    bottom_bar(a, bar, 2);
}

/* ---- the call ----------------------------------------------------------------------------------- */

/* Who the customer-speaker is: the scenario's `counterpart` (e.g. the rep a manager coaches),
 * else "Customer". */
static const char *counterpart_label(const UiApp *a)
{
    const char *c = a->play ? sc_text(a, scenario_counterpart(play_scenario(a->play))) : "";
    return c[0] ? c : a->s->customer;
}

static const char *speaker_label(const UiApp *a, ScSpeaker sp)
{
    return sp == SC_SPEAKER_NARRATOR ? a->s->narrator : sp == SC_SPEAKER_COACH ? a->s->coach : counterpart_label(a);
}

/* One line of the conversation: label above, text in a bubble. Returns its height. */
static int bubble(UiApp *a, const char *label, const char *body, bool you, bool current, int x, int y, int w,
                  bool draw)
{
    const Theme *t = T(a);
    int pad = px(a, 10), ls = fs(a, FS_SMALL), bs = fs(a, current ? FS_LARGE : FS_BODY);
    int lh = text_h(a, ls, label, w);
    int bh = text_h(a, bs, body, w - 2 * pad) + 2 * pad;
    if (draw) {
        text(a, ls, label, w, x, y, t->muted);
        UiRect r = {x, y + lh + px(a, 2), w, bh};
        ui_gfx_round(a->g, r, px(a, 8), you ? t->you : t->panel);
        if (current || a->set.high_contrast)
            ui_gfx_frame(a->g, r, px(a, current ? 2 : 1), current ? t->accent : t->border);
        text(a, bs, body, w - 2 * pad, x + pad, r.y + pad, t->text);
    }
    return lh + px(a, 2) + bh + px(a, 10);
}

/* The conversation so far, then (unless feedback shows) the current line. */
static int conversation(UiApp *a, int x, int y, int w, bool draw)
{
    const Play *p = a->play;
    const Scenario *sc = play_scenario(p);
    int n = play_step_count(p);
    if (a->feedback_step >= 0)
        n = a->feedback_step + 1;
    int y0 = y;
    int yw = w * 3 / 4; /* the trainee's lines are indented */
    for (int i = 0; i < n; i++) {
        const PlayStep *st = play_step(p, i);
        if (st->kind == PLAY_STEP_PAUSE || st->kind == PLAY_STEP_RESUME || st->kind == PLAY_STEP_METER)
            continue;
        const ScNode *node = scenario_node(sc, st->node);
        y += bubble(a, speaker_label(a, node->speaker), sc_text(a, &node->text), false, false, x, y, w, draw);
        if (st->kind == PLAY_STEP_CHOICE)
            y += bubble(a, a->s->you, sc_text(a, &node->choices[st->index].text), true, false, x + w - yw, y, yw,
                        draw);
        else if (st->kind == PLAY_STEP_TIMEOUT)
            y += bubble(a, a->s->you, a->s->no_answer, true, false, x + w - yw, y, yw, draw);
        else if (st->kind == PLAY_STEP_EVENT) /* a mentor's interruption */
            y += bubble(a, a->s->narrator, sc_text(a, &scenario_event(sc, st->index)->label), false, false, x, y,
                        w, draw);
    }
    if (a->feedback_step < 0) {
        const ScNode *node = scenario_node(sc, play_node(p));
        y += bubble(a, speaker_label(a, node->speaker), sc_text(a, &node->text), false, true, x, y, w, draw);
    }
    return y - y0;
}

/* The panel under the conversation: choices, feedback, continue, or the ending. */
static int call_panel(UiApp *a, int x, int y, int w, bool draw)
{
    const Theme *t = T(a);
    const UiStrings *s = a->s;
    const Play *p = a->play;
    const Scenario *sc = play_scenario(p);
    int y0 = y, pad = px(a, 12), bs = fs(a, FS_BODY), gap = px(a, 8);
    if (draw)
        a->nchoice_btn = 0;
    if (a->feedback_step >= 0) {
        const ScChoice *c = play_step_choice(p, a->feedback_step);
        char pts[512];
        points_line(a, sc, c, pts, sizeof pts);
        const char *fb = c ? sc_text(a, &c->feedback) : "";
        if (!fb[0])
            fb = s->no_feedback;
        int h = pad + text_h(a, fs(a, FS_SMALL), s->feedback_title, w - 2 * pad) + px(a, 4) +
                text_h(a, bs, pts, w - 2 * pad) + px(a, 6) + text_h(a, bs, fb, w - 2 * pad) + pad;
        if (draw) {
            ui_gfx_round(a->g, (UiRect){x, y, w, h}, px(a, 8), t->panel2);
            int ty = y + pad;
            ty += text(a, fs(a, FS_SMALL), s->feedback_title, w - 2 * pad, x + pad, ty, t->muted).h + px(a, 4);
            int64_t pt = ui_choice_points(c);
            ty += text(a, bs, pts, w - 2 * pad, x + pad, ty, pt > 0 ? t->good : pt < 0 ? t->bad : t->text).h +
                  px(a, 6);
            text(a, bs, fb, w - 2 * pad, x + pad, ty, t->text);
        }
        y += h + gap;
        if (draw)
            button(a, ACT_FEEDBACK_OK, (UiRect){x, y, w, button_h(a)}, s->continue_hint, BTN_PRIMARY);
        return y + button_h(a) - y0;
    }
    PlayStatus st = play_status(p);
    if (st == PLAY_WAITING) {
        if (draw)
            button(a, ACT_CONTINUE, (UiRect){x, y, w, button_h(a)}, s->continue_hint, BTN_PRIMARY);
        return button_h(a);
    }
    if (st == PLAY_ENDED || st == PLAY_DEAD_END) {
        const ScNode *node = scenario_node(sc, play_node(p));
        const char *msg = st == PLAY_DEAD_END ? s->dead_end : sc_text(a, &node->end_text);
        if (!msg[0])
            msg = s->call_ended;
        int h = text_h(a, bs, msg, w) + gap;
        if (draw)
            text(a, bs, msg, w, x, y, t->text);
        y += h;
        if (draw)
            button(a, ACT_TO_DEBRIEF, (UiRect){x, y, w, button_h(a)}, s->to_debrief, BTN_PRIMARY);
        return y + button_h(a) - y0;
    }
    int offered[SC_MAX_CHOICES];
    int n = play_offered(p, offered);
    const ScNode *node = scenario_node(sc, play_node(p));
    int badge = px(a, 34);
    for (int k = 0; k < n; k++) {
        const char *label = sc_text(a, &node->choices[offered[k]].text);
        int th = text_h(a, bs, label, w - badge - 3 * pad);
        int h = th + 2 * pad;
        if (h < badge + px(a, 12))
            h = badge + px(a, 12);
        if (draw) {
            int id = ACT_CHOICE + offered[k];
            UiRect r = {x, y, w, h};
            ui_gfx_round(a->g, r, px(a, 8), a->hover == id ? t->button_hover : t->button);
            ui_gfx_frame(a->g, r, px(a, 1), t->border);
            UiRect b = {x + pad, y + (h - badge) / 2, badge, badge};
            ui_gfx_round(a->g, b, badge / 2, t->accent);
            char num[8];
            if (k < 9)
                snprintf(num, sizeof num, "%d", k + 1);
            else
                num[0] = 0;
            int nw, nh;
            ui_gfx_text_size(a->g, bs, num, 0, &nw, &nh);
            text(a, bs, num, 0, b.x + (badge - nw) / 2, b.y + (badge - nh) / 2, t->accent_text);
            text(a, bs, label, w - badge - 3 * pad, x + badge + 2 * pad, y + (h - th) / 2, t->text);
            if (a->focus == id)
                focus_ring(a, r);
            add_hit(a, id, r, label);
            a->choice_rect[a->nchoice_btn] = a->hits[a->nhits - 1].r; /* the part in view */
            a->choice_index[a->nchoice_btn] = offered[k];
            a->nchoice_btn++;
        }
        y += h + gap;
    }
    if (a->opt.author) { /* play --author: the node's id, and the answers a condition hides now */
        PlayHidden hid[SC_MAX_CHOICES];
        int nh = play_hidden(p, hid), ss = fs(a, FS_SMALL);
        char buf[1024];
        snprintf(buf, sizeof buf, "[%s]", node->id);
        for (int k = -1; k < nh; k++) {
            if (k >= 0)
                snprintf(buf, sizeof buf, "[%s] %s: \"%s\" if %s (%s)", node->choices[hid[k].choice].id,
                         "hidden", sc_text(a, &node->choices[hid[k].choice].text), hid[k].condition, hid[k].values);
            int h = text_h(a, ss, buf, w);
            if (draw)
                text(a, ss, buf, w, x, y, t->muted);
            y += h + px(a, 4);
        }
        y += gap; /* taken off again below */
    }
    return y - y0 - (n ? gap : 0);
}

static void draw_meters(UiApp *a, int x, int y, int w)
{
    const Theme *t = T(a);
    const Scenario *sc = play_scenario(a->play);
    int ss = fs(a, FS_SMALL);
    for (int i = 0; i < scenario_meter_count(sc); i++) {
        const ScMeter *mt = scenario_meter(sc, i);
        if (!mt->show)
            continue;
        int v = play_meter(a->play, i);
        char buf[512];
        snprintf(buf, sizeof buf, "%s  %d", sc_text(a, &mt->name), v);
        y += text(a, ss, buf, w, x, y, t->text).h + px(a, 2);
        int bh = px(a, 8);
        ui_gfx_fill(a->g, (UiRect){x, y, w, bh}, t->border);
        double f = mt->max > mt->min ? (double)(v - mt->min) / (mt->max - mt->min) : 0;
        ui_gfx_fill(a->g, (UiRect){x, y, (int)(w * f), bh}, f < 0.25 ? t->bad : f < 0.5 ? t->warn : t->good);
        y += bh + px(a, 10);
    }
}

static void draw_call(UiApp *a)
{
    const Theme *t = T(a);
    const UiStrings *s = a->s;
    const Play *p = a->play;
    const Scenario *sc = play_scenario(p);
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    char right[256], dec[64];
    int taken = play_decision_count(p);
    snprintf(dec, sizeof dec, s->decision_n, play_status(p) == PLAY_CHOOSING && a->feedback_step < 0 ? taken + 1 : taken);
    snprintf(right, sizeof right, "%s · %s · F1", mode_label(a, a->mode), dec);
    int y = header(a, sc_text(a, scenario_title(sc)), right);
    banner(a, &y);
    ui_reload_draw(a, &y);
    /* The countdown. */
    int64_t limit = play_time_limit_ms(p), left = play_time_left_ms(p, ui_app_now(a));
    if (limit > 0 && left >= 0 && play_status(p) == PLAY_CHOOSING && a->feedback_step < 0) {
        double f = (double)left / (double)limit;
        int bh = px(a, 12);
        char secs[160], n[32];
        snprintf(n, sizeof n, s->seconds_left, (int)((left + 999) / 1000));
        if (a->mentor_hold)
            snprintf(secs, sizeof secs, "%s · %s", s->mentor_paused, n);
        else
            snprintf(secs, sizeof secs, "%s", n);
        int sw = text_w(a, fs(a, FS_BODY), secs);
        int lh = ui_gfx_line_height(a->g, fs(a, FS_BODY));
        int barw = W - 3 * m - sw;
        UiRect bar = {m, y + m / 2 + (lh - bh) / 2, barw, bh};
        ui_gfx_fill(a->g, bar, t->panel2);
        UiColor c = f > 0.5 ? t->good : f > 0.25 ? t->warn : t->bad;
        ui_gfx_fill(a->g, (UiRect){bar.x, bar.y, (int)(barw * f), bh}, c);
        text(a, fs(a, FS_BODY), secs, 0, W - m - sw, y + m / 2, f > 0.25 ? t->text : t->bad);
        y += lh + m;
    } else if (a->mentor_hold && play_status(p) != PLAY_ENDED) {
        /* No countdown on this node, but the trainee should still know the mentor holds the call. */
        y += text(a, fs(a, FS_BODY), s->mentor_paused, W - 2 * m, m, y + m / 2, t->warn).h + m;
    }
    /* Left: face, mood, meters. */
    int lw = W * 28 / 100;
    if (lw < px(a, 200))
        lw = px(a, 200);
    if (lw > px(a, 340))
        lw = px(a, 340);
    int top = y + m;
    ui_gfx_fill(a->g, (UiRect){0, y, lw, H - y}, t->panel2);
    float r = (lw - 2 * m) * 0.36f;
    float maxr = (H - top) * 0.18f;
    if (r > maxr)
        r = maxr;
    const char *mood = a->mood[0] ? a->mood : "calm";
    draw_face(a, lw / 2.0f, top + r * 1.05f, r, mood);
    int fy = top + (int)(r * 2.7f) + px(a, 6);
    char moodbuf[160];
    snprintf(moodbuf, sizeof moodbuf, s == ui_strings("zh") ? "%s：%s" : "%s: %s", counterpart_label(a), mood_label(a, mood));
    int mw = text_w(a, fs(a, FS_SMALL), moodbuf);
    if (mw > lw - 2 * m)
        mw = lw - 2 * m;
    fy += text(a, fs(a, FS_SMALL), moodbuf, lw - 2 * m, (lw - mw) / 2, fy, t->muted).h + px(a, 12);
    ui_gfx_clip(a->g, &(UiRect){0, fy, lw, H - fy});
    draw_meters(a, m, fy, lw - 2 * m);
    ui_gfx_clip(a->g, NULL);
    /* Right: conversation above, the panel below. */
    int x = lw + m, w = W - x - m;
    int body_h = H - top - m;
    int ph = call_panel(a, x, 0, w - px(a, 8), false);
    int panel_h = ph;
    if (panel_h > body_h * 55 / 100)
        panel_h = body_h * 55 / 100;
    int conv_h = body_h - panel_h - m;
    int cy = scroll_begin(a, AREA_TRANSCRIPT, (UiRect){x, top, w, conv_h});
    cy += conversation(a, x, cy, w - px(a, 10), true);
    scroll_end(a, AREA_TRANSCRIPT, cy);
    int py = scroll_begin(a, AREA_CHOICES, (UiRect){x, top + conv_h + m, w, panel_h});
    py += call_panel(a, x, py, w - px(a, 8), true);
    scroll_end(a, AREA_CHOICES, py);
}

static void draw_paused(UiApp *a)
{
    const Theme *t = T(a);
    const UiStrings *s = a->s;
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    const Scenario *sc = play_scenario(a->play);
    int y = header(a, sc_text(a, scenario_title(sc)), mode_label(a, a->mode));
    int cw = W - 2 * m > px(a, 640) ? px(a, 640) : W - 2 * m;
    int x = (W - cw) / 2;
    int cy = scroll_begin(a, AREA_PAGE, (UiRect){0, y, W, H - y}) + px(a, 40);
    cy += text(a, fs(a, FS_TITLE), s->paused, cw, x, cy, t->text).h + px(a, 10);
    cy += text(a, fs(a, FS_BODY), s->paused_hint, cw, x, cy, t->muted).h + px(a, 20);
    button(a, ACT_RESUME, (UiRect){x, cy, cw, button_h(a)}, s->resume, BTN_PRIMARY);
    cy += button_h(a) + m;
    button(a, ACT_LEAVE, (UiRect){x, cy, cw, button_h(a)}, s->leave_call, BTN_NORMAL);
    cy += button_h(a) + m;
    scroll_end(a, AREA_PAGE, cy);
}

/* ---- debrief ------------------------------------------------------------------------------------ */

static int choice_column(UiApp *a, const char *title, const char *body, UiColor accent, int x, int y, int w,
                         bool draw)
{
    int ss = fs(a, FS_SMALL), bs = fs(a, FS_BODY), pad = px(a, 8);
    int h1 = text_h(a, ss, title, w - 2 * pad), h2 = text_h(a, bs, body, w - 2 * pad);
    int h = pad + h1 + px(a, 4) + h2 + pad;
    if (draw) {
        ui_gfx_fill(a->g, (UiRect){x, y, w, h}, T(a)->panel);
        ui_gfx_fill(a->g, (UiRect){x, y, px(a, 4), h}, accent);
        text(a, ss, title, w - 2 * pad, x + pad, y + pad, accent);
        text(a, bs, body, w - 2 * pad, x + pad, y + pad + h1 + px(a, 4), T(a)->text);
    }
    return h;
}

static int debrief_row(UiApp *a, int d, int x, int y, int w, bool draw)
{
    const Theme *t = T(a);
    const UiStrings *s = a->s;
    const UiDebriefRow *row = &a->rows[d];
    const Scenario *sc = play_scenario(a->play);
    const ScNode *node = scenario_node(sc, row->node);
    int y0 = y, ss = fs(a, FS_SMALL), gap = px(a, 10);
    char buf[1024];
    snprintf(buf, sizeof buf, "%d.  %s", d + 1, sc_text(a, &node->text));
    int h = text_h(a, ss, buf, w);
    if (draw)
        text(a, ss, buf, w, x, y, t->muted);
    y += h + px(a, 6);
    int cw = (w - gap) / 2;
    char title1[256], title2[256];
    snprintf(title1, sizeof title1, "%s  %+lld%s%s%s", s->your_choice, (long long)row->taken_points,
             row->taken_is_best ? "  (" : "", row->taken_is_best ? s->was_best : "", row->taken_is_best ? ")" : "");
    const char *taken = row->timeout ? s->timeout_taken : sc_text(a, &row->taken->text);
    int h1 = choice_column(a, title1, taken, row->taken_is_best ? t->good : t->warn, x, y, cw, draw);
    int h2 = 0;
    if (row->best >= 0) {
        snprintf(title2, sizeof title2, "%s  %+lld", s->best_choice, (long long)row->best_points);
        const char *best = row->taken_is_best ? s->same_as_yours : sc_text(a, &node->choices[row->best].text);
        h2 = choice_column(a, title2, best, t->good, x + cw + gap, y, cw, draw);
    }
    y += (h1 > h2 ? h1 : h2) + px(a, 6);
    const char *fb = row->taken ? sc_text(a, &row->taken->feedback) : "";
    if (fb[0]) {
        snprintf(buf, sizeof buf, "%s%s", s->coach_says, fb);
        int fh = text_h(a, fs(a, FS_BODY), buf, w);
        if (draw)
            text(a, fs(a, FS_BODY), buf, w, x, y, t->text);
        y += fh + px(a, 6);
    }
    return y - y0 + px(a, 14);
}

static void draw_debrief(UiApp *a)
{
    const Theme *t = T(a);
    const UiStrings *s = a->s;
    const Scenario *sc = play_scenario(a->play);
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    int y = header(a, sc_text(a, scenario_title(sc)), s->debrief);
    banner(a, &y);
    ui_reload_draw(a, &y);
    BarButton bar[] = {{ACT_RETRY, s->try_again, BTN_NORMAL}, {ACT_BACK_LIST, s->back_to_list, BTN_PRIMARY}};
    int bottom = H - bottom_bar_height(a, bar, 2);
    int cw = W - 2 * m > px(a, 1000) ? px(a, 1000) : W - 2 * m;
    int x = (W - cw) / 2;
    int cy = scroll_begin(a, AREA_PAGE, (UiRect){0, y, W, bottom - y}) + m;
    /* The percent, large, and passed or not. */
    const PlayResult *res = &a->result;
    char pct[32];
    if (res->total.percent >= 0)
        snprintf(pct, sizeof pct, "%d%%", res->total.percent);
    else
        snprintf(pct, sizeof pct, "%s", s->na);
    UiColor pc = res->passed ? t->good : t->bad;
    UiRect pr = text(a, fs(a, FS_HUGE), pct, 0, x, cy, pc);
    a->shown_percent = res->total.percent;
    a->shown_percent_rect = pr;
    int sx = x + pr.w + px(a, 24), sw = cw - pr.w - px(a, 24);
    char line[512], mark[128];
    snprintf(mark, sizeof mark, s->pass_mark_was, scenario_pass_percent(sc));
    const char *outcome = res->outcome == SC_OUTCOME_PASS ? s->outcome_pass
                          : res->outcome == SC_OUTCOME_FAIL ? s->outcome_fail
                          : res->outcome == SC_OUTCOME_NEUTRAL ? s->outcome_neutral : s->dead_end;
    int sy = cy + px(a, 8);
    sy += text(a, fs(a, FS_TITLE), res->passed ? s->passed : s->not_passed, sw, sx, sy, pc).h + px(a, 4);
    snprintf(line, sizeof line, "%lld / %lld · %s · %s", (long long)res->total.raw, (long long)res->total.max,
             mark, mode_label(a, a->mode));
    sy += text(a, fs(a, FS_BODY), line, sw, sx, sy, t->text).h + px(a, 4);
    sy += text(a, fs(a, FS_BODY), outcome, sw, sx, sy, t->muted).h;
    if (a->play && play_is_partial(a->play)) { /* a --from play-test: say the score is partial */
        const PlayStep *first = play_step_count(a->play) ? play_step(a->play, 0) : NULL;
        snprintf(line, sizeof line, s->partial, scenario_node(sc, first ? first->node : play_node(a->play))->id);
        sy += px(a, 4) + text(a, fs(a, FS_BODY), line, sw, sx, sy + px(a, 4), t->warn).h;
    }
    cy = (pr.y + pr.h > sy ? pr.y + pr.h : sy) + m;
    /* A bar per competency. */
    cy += text(a, fs(a, FS_LARGE), s->competencies, cw, x, cy, t->text).h + px(a, 8);
    int nw = cw * 35 / 100, vw = px(a, 80), bw = cw - nw - vw - 2 * px(a, 10);
    for (int i = 0; i < res->ncompetencies; i++) {
        const ScoreLine *l = &res->competency[i];
        const char *name = sc_text(a, &scenario_competency(sc, i)->name);
        int h = text_h(a, fs(a, FS_BODY), name, nw);
        text(a, fs(a, FS_BODY), name, nw, x, cy, t->text);
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
        text(a, fs(a, FS_BODY), v, vw, b.x + bw + px(a, 10), cy, t->text);
        cy += (h > lh ? h : lh) + px(a, 8);
    }
    cy += m;
    cy += text(a, fs(a, FS_LARGE), s->decisions, cw, x, cy, t->text).h + px(a, 8);
    for (int d = 0; d < a->nrows; d++)
        cy += debrief_row(a, d, x, cy, cw, true);
    scroll_end(a, AREA_PAGE, cy);
    bottom_bar(a, bar, 2);
}

/* ---- history (the body is ui_history.c's) -------------------------------------------------------- */

static void draw_history(UiApp *a)
{
    const UiStrings *s = a->s;
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    const Scenario *sc = a->entries[a->cur].sc;
    char right[256];
    snprintf(right, sizeof right, "%s · %s", ui_history_label(a), a->set.trainee_id);
    int y = header(a, scenario_text(scenario_title(sc), scenario_locale_index(sc, a->set.locale)), right);
    banner(a, &y);
    BarButton bar[] = {{UI_HISTORY_ACT_BACK, s->back, BTN_PRIMARY}};
    int bottom = H - bottom_bar_height(a, bar, 1);
    int cw = W - 2 * m > px(a, 1000) ? px(a, 1000) : W - 2 * m;
    UiHistoryTheme th = history_theme(a);
    int cy = scroll_begin(a, AREA_PAGE, (UiRect){0, y, W, bottom - y}) + m;
    cy += ui_history_draw(a, &th, (W - cw) / 2, cy, cw, bottom - y - 2 * m) + m;
    scroll_end(a, AREA_PAGE, cy);
    bottom_bar(a, bar, 1);
}

/* ---- overlays ----------------------------------------------------------------------------------- */

static void overlay(UiApp *a, bool help)
{
    const Theme *t = T(a);
    const UiStrings *s = a->s;
    int W = ui_gfx_width(a->g), H = ui_gfx_height(a->g), m = px(a, 16);
    a->nhits = 0; /* what is underneath cannot be clicked */
    /* During a call the overlay hides it entirely: the timer is paused, so no peeking. */
    ui_gfx_fill(a->g, (UiRect){0, 0, W, H}, a->screen == UI_SCREEN_CALL ? t->bg : (UiColor){0, 0, 0, 150});
    int pw = W - 2 * m > px(a, 680) ? px(a, 680) : W - 2 * m;
    int ph = H - 2 * m;
    UiRect panel = {(W - pw) / 2, m, pw, ph};
    ui_gfx_round(a->g, panel, px(a, 10), t->panel);
    ui_gfx_frame(a->g, panel, px(a, 2), t->border);
    int pad = px(a, 20), x = panel.x + pad, cw = pw - 2 * pad;
    int y = scroll_begin(a, AREA_OVERLAY, (UiRect){panel.x, panel.y + px(a, 2), pw, ph - px(a, 4)}) + pad;
    y += text(a, fs(a, FS_TITLE), help ? s->help_title : s->settings_title, cw, x, y, t->text).h + px(a, 12);
    if (help) {
        y += text(a, fs(a, FS_BODY), s->help_body, cw, x, y, t->text).h + px(a, 16);
    } else {
        char buf[64];
        int ids[2];
        const char *labels[2];
        ids[0] = ACT_SET_TIMERS;
        labels[0] = a->set.practice_timers ? s->on : s->off;
        toggles(a, s->practice_timers, ids, labels, 1, a->set.practice_timers ? 0 : -1, x, &y, cw);
        ids[0] = ACT_SET_CONTRAST;
        labels[0] = a->set.high_contrast ? s->on : s->off;
        toggles(a, s->high_contrast, ids, labels, 1, a->set.high_contrast ? 0 : -1, x, &y, cw);
        ids[0] = ACT_SET_MUTE;
        labels[0] = a->set.muted ? s->off : s->on;
        toggles(a, s->mute, ids, labels, 1, a->set.muted ? -1 : 0, x, &y, cw);
        snprintf(buf, sizeof buf, "%s: %d%%", s->volume, (int)lround(a->set.volume * 100));
        ids[0] = ACT_VOL_DOWN;
        ids[1] = ACT_VOL_UP;
        labels[0] = "-";
        labels[1] = "+";
        toggles(a, buf, ids, labels, 2, -1, x, &y, cw);
        snprintf(buf, sizeof buf, "%s: %d%%", s->text_size, (int)lround(a->set.text_zoom * 100));
        ids[0] = ACT_ZOOM_DOWN;
        ids[1] = ACT_ZOOM_UP;
        toggles(a, buf, ids, labels, 2, -1, x, &y, cw);
    }
    button(a, ACT_OVERLAY_CLOSE, (UiRect){x, y, cw, button_h(a)}, s->close, BTN_PRIMARY);
    y += button_h(a) + pad;
    scroll_end(a, AREA_OVERLAY, y);
}

void ui_screens_draw(UiApp *a)
{
    /* Only the regions drawn in this frame take the mouse wheel. */
    for (int i = 0; i < AREA_COUNT; i++)
        a->scroll[i].view = (UiRect){0, 0, 0, 0};
    a->nhits = 0;
    a->nchoice_btn = 0;
    a->clip = (UiRect){0, 0, 0, 0};
    a->clip_area = AREA_NONE;
    ui_gfx_begin(a->g, T(a)->bg);
    switch (a->screen) {
    case UI_SCREEN_SIGNIN: draw_signin(a); break;
    case UI_SCREEN_PICKER: draw_picker(a); break;
    case UI_SCREEN_BRIEFING: draw_briefing(a); break;
    case UI_SCREEN_CALL:
        if (a->help || a->settings_open)
            break; /* the call is hidden while an overlay pauses it */
        if (a->pause_open)
            draw_paused(a);
        else
            draw_call(a);
        break;
    case UI_SCREEN_DEBRIEF: draw_debrief(a); break;
    case UI_SCREEN_HISTORY: draw_history(a); break;
    }
    if (a->help || a->settings_open)
        overlay(a, a->help);
}
