/* ui_widgets: the widget layer every window shares (ui_widgets.h). */
#include "ui_widgets.h"

#include <stdio.h>
#include <string.h>

void uw_begin(UiWidgets *w)
{
    for (int i = 0; i < UW_MAX_AREAS; i++)
        w->scroll[i].view = (UiRect){0, 0, 0, 0}; /* only regions drawn this frame take the wheel */
    w->nhits = 0;
    w->clip = (UiRect){0, 0, 0, 0};
    w->clip_area = UW_AREA_NONE;
    ui_gfx_begin(w->g, w->t->bg);
}

UiRect uw_text(UiWidgets *w, int size, const char *s, int wrap, int x, int y, UiColor c)
{
    return ui_gfx_text(w->g, size, s, wrap, x, y, c);
}

int uw_text_w(UiWidgets *w, int size, const char *s)
{
    int tw, th;
    ui_gfx_text_size(w->g, size, s, 0, &tw, &th);
    return tw;
}

int uw_text_h(UiWidgets *w, int size, const char *s, int wrap)
{
    int tw, th;
    ui_gfx_text_size(w->g, size, s, wrap, &tw, &th);
    return th;
}

void uw_hit(UiWidgets *w, int id, UiRect r, const char *label)
{
    if (w->nhits == UW_MAX_HITS)
        return;
    UiHit *h = &w->hits[w->nhits++];
    h->id = id;
    h->full = r;
    h->r = w->clip.w > 0 ? ui_rect_intersect(r, w->clip) : r;
    h->area = w->clip_area;
    snprintf(h->label, sizeof h->label, "%s", label ? label : "");
    /* Keyboard focus moved onto a button that is scrolled out of sight: bring it in. */
    if (w->reveal_focus && id == w->focus && w->clip.w > 0 && w->clip_area != UW_AREA_NONE) {
        UiScroll *sc = &w->scroll[w->clip_area];
        int pad = uw_px(w, 8);
        if (r.y < w->clip.y)
            sc->offset -= w->clip.y - r.y + pad;
        else if (r.y + r.h > w->clip.y + w->clip.h)
            sc->offset += (r.y + r.h) - (w->clip.y + w->clip.h) + pad;
        else
            return;
        sc->stick_bottom = false;
        w->dirty = true; /* draw again with the new offset */
    }
}

void uw_focus_ring(UiWidgets *w, UiRect r)
{
    int t = uw_px(w, w->style.ring);
    ui_gfx_frame(w->g, (UiRect){r.x - t, r.y - t, r.w + 2 * t, r.h + 2 * t}, t, w->t->focus);
}

void uw_button(UiWidgets *w, int id, UiRect r, const char *label, UwStyle style)
{
    const UiTheme *t = w->t;
    const UiButtonStyle *bs = &w->style;
    bool plain = style == UW_NORMAL || style == UW_DISABLED;
    UiColor bg = style == UW_DISABLED ? t->panel2 : plain ? (w->hover == id ? t->button_hover : t->button) : t->accent;
    UiColor fg = style == UW_DISABLED ? t->muted : plain ? t->text : t->accent_text;
    ui_gfx_round(w->g, r, uw_px(w, bs->radius), bg);
    if (bs->frame_all || plain)
        ui_gfx_frame(w->g, r, uw_px(w, 1), t->border);
    int size = uw_fs(w, bs->text_size), wrap = r.w - uw_px(w, bs->pad_text);
    int tw, th;
    ui_gfx_text_size(w->g, size, label, wrap, &tw, &th);
    ui_gfx_text(w->g, size, label, wrap, r.x + (r.w - tw) / 2, r.y + (r.h - th) / 2, fg);
    if (style == UW_DISABLED)
        return;
    if (w->focus == id)
        uw_focus_ring(w, r);
    uw_hit(w, id, r, label);
}

int uw_button_w(UiWidgets *w, const char *label)
{
    return uw_text_w(w, uw_fs(w, w->style.text_size), label) + uw_px(w, w->style.pad_w);
}

int uw_button_h(UiWidgets *w)
{
    return ui_gfx_line_height(w->g, uw_fs(w, w->style.text_size)) + uw_px(w, w->style.pad_h);
}

int uw_button_h_for(UiWidgets *w, const char *label, int bw)
{
    int h = uw_text_h(w, uw_fs(w, w->style.text_size), label, bw - uw_px(w, w->style.pad_text)) +
            uw_px(w, w->style.pad_h);
    int min = uw_button_h(w);
    return h > min ? h : min;
}

void uw_field(UiWidgets *w, int id, UiRect r, const char *text, const char *composing, const char *placeholder,
              const char *label)
{
    const UiTheme *t = w->t;
    bool focused = w->focus == id;
    ui_gfx_fill(w->g, r, t->panel);
    ui_gfx_frame(w->g, r, uw_px(w, 1), t->border);
    int size = uw_fs(w, w->style.text_size), pad = uw_px(w, 8), lh = ui_gfx_line_height(w->g, size);
    int wrap = r.w - 2 * pad;
    /* A focused box shows a caret after the text (the composition takes its place). */
    char shown[1100];
    snprintf(shown, sizeof shown, "%s%s", text, focused && !composing[0] ? "|" : "");
    if (!shown[0] && !composing[0]) {
        ui_gfx_text(w->g, size, placeholder, wrap, r.x + pad, r.y + pad, t->muted);
    } else {
        /* Committed text, then the composition underlined (not yet committed). */
        UiRect tr = {r.x + pad, r.y + pad, 0, lh};
        bool sel = focused && w->field_selected && text[0];
        if (sel) { /* selected whole: drawn as selected text, without the caret */
            shown[strlen(text)] = 0;
            int sw, sh;
            ui_gfx_text_size(w->g, size, shown, wrap, &sw, &sh);
            ui_gfx_fill(w->g, (UiRect){r.x + pad, r.y + pad, sw, sh}, t->accent);
        }
        if (shown[0])
            tr = ui_gfx_text(w->g, size, shown, wrap, r.x + pad, r.y + pad, sel ? t->accent_text : t->text);
        if (composing[0]) {
            int cx = r.x + pad, cy = r.y + pad;
            if (shown[0]) {
                const char *nl = strrchr(shown, '\n');
                int lastw = uw_text_w(w, size, nl ? nl + 1 : shown);
                cx = r.x + pad + (lastw < wrap ? lastw : 0);
                cy = tr.y + tr.h - lh + (lastw < wrap ? 0 : lh);
            }
            char comp[300];
            snprintf(comp, sizeof comp, "%s%s", composing, focused ? "|" : "");
            UiRect cr = ui_gfx_text(w->g, size, comp, r.x + r.w - pad - cx, cx, cy, t->accent);
            ui_gfx_fill(w->g, (UiRect){cr.x, cr.y + cr.h - uw_px(w, 2), cr.w, uw_px(w, 1)}, t->accent);
        }
    }
    if (focused) {
        uw_focus_ring(w, r);
        ui_gfx_text_input_at(w->g, r);
    }
    uw_hit(w, id, r, label ? label : placeholder);
}

int uw_scroll_begin(UiWidgets *w, int area, UiRect view)
{
    UiScroll *sc = &w->scroll[area];
    sc->view = view;
    w->clip = view;
    w->clip_area = area;
    ui_gfx_clip(w->g, &view);
    int max = sc->content - view.h;
    if (sc->stick_bottom && max > 0)
        sc->offset = max;
    if (sc->offset > max)
        sc->offset = max;
    if (sc->offset < 0)
        sc->offset = 0;
    return view.y - sc->offset;
}

void uw_scroll_end(UiWidgets *w, int area, int content_bottom)
{
    UiScroll *sc = &w->scroll[area];
    int content = content_bottom - (sc->view.y - sc->offset);
    if (content != sc->content) {
        sc->content = content;
        int max = content - sc->view.h;
        if ((sc->stick_bottom && max > 0 && sc->offset != max) || sc->offset > (max > 0 ? max : 0))
            w->dirty = true; /* the content changed size: draw again at the right offset */
    }
    w->clip = (UiRect){0, 0, 0, 0};
    w->clip_area = UW_AREA_NONE;
    ui_gfx_clip(w->g, NULL);
    if (sc->content > sc->view.h && sc->view.h > 0) { /* a scroll bar */
        UiRect v = sc->view;
        int bw = uw_px(w, 5);
        int th = v.h * v.h / sc->content;
        if (th < uw_px(w, 24))
            th = uw_px(w, 24);
        int off = sc->offset < sc->content - v.h ? sc->offset : sc->content - v.h;
        int ty = v.y + (int)((long long)(v.h - th) * off / (sc->content - v.h));
        ui_gfx_fill(w->g, (UiRect){v.x + v.w - bw, v.y, bw, v.h}, w->t->panel2);
        ui_gfx_fill(w->g, (UiRect){v.x + v.w - bw, ty, bw, th}, w->t->muted);
    }
}

void uw_scroll_by(UiWidgets *w, int area, int dy)
{
    UiScroll *sc = &w->scroll[area];
    sc->offset += dy;
    int max = sc->content - sc->view.h;
    if (sc->offset > max)
        sc->offset = max;
    if (sc->offset < 0)
        sc->offset = 0;
    sc->stick_bottom = max > 0 && sc->offset >= max;
    w->dirty = true;
}

int uw_area_at(const UiWidgets *w, int x, int y, unsigned mask, int fallback)
{
    for (int i = UW_MAX_AREAS - 1; i > UW_AREA_NONE; i--) {
        UiRect v = w->scroll[i].view;
        if ((mask & (1u << i)) && ui_rect_contains(v, x, y))
            return i;
    }
    return fallback;
}

int uw_hit_at(const UiWidgets *w, int x, int y)
{
    for (int i = w->nhits - 1; i >= 0; i--)
        if (ui_rect_contains(w->hits[i].r, x, y))
            return w->hits[i].id;
    return 0;
}

int uw_hit_index(const UiWidgets *w, int id)
{
    for (int i = 0; i < w->nhits; i++)
        if (w->hits[i].id == id)
            return i;
    return -1;
}

void uw_focus_move(UiWidgets *w, int dir)
{
    if (w->nhits == 0)
        return;
    int i = uw_hit_index(w, w->focus);
    i = i < 0 ? (dir > 0 ? 0 : w->nhits - 1) : (i + dir + w->nhits) % w->nhits;
    w->focus = w->hits[i].id;
    w->reveal_focus = true;
    w->dirty = true;
}

UiRect uw_button_rect(const UiWidgets *w, const char *label)
{
    for (int i = 0; i < w->nhits; i++)
        if (!strcmp(w->hits[i].label, label))
            return w->hits[i].r;
    return (UiRect){0, 0, 0, 0};
}
