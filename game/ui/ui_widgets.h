/* ui_widgets: the one widget layer of every window (the trainee's, the mentor's console, the
 * case review): a theme, buttons registered as hits each frame (ids stable across frames, so
 * keyboard focus survives a redraw), scrolling regions with a scroll bar, a text box, focus
 * movement and hit testing. Drawing goes through ui_gfx. A window owns one UiWidgets and calls
 * uw_begin at the start of every frame. */
#ifndef SPARRING_UI_WIDGETS_H
#define SPARRING_UI_WIDGETS_H

#include <stdbool.h>

#include "ui_gfx.h"

/* Colours. The trainee's window and the mentor's have their own palettes of this shape; a
 * window uses the fields it needs. */
typedef struct {
    UiColor bg, panel, panel2, text, muted, accent, accent_text, focus, good, warn, bad, button,
        button_hover, border;
    UiColor you, skin, skin_angry, hair, features; /* the call: the trainee's bubble, the face */
    UiColor current, path;                          /* the console's outline */
} UiTheme;

/* How a window's buttons look: text size and paddings in design units. */
typedef struct {
    int text_size;          /* design size of a button's label */
    int radius, ring;       /* corner radius, focus ring width */
    int pad_text;           /* label wrap: button width minus this */
    int pad_w, pad_h;       /* natural size: text plus these */
    bool frame_all;         /* a border on every button (high contrast), else on plain ones */
} UiButtonStyle;

typedef enum { UW_NORMAL, UW_PRIMARY, UW_SELECTED, UW_DISABLED } UwStyle;

typedef struct {
    int id;
    UiRect r;      /* on screen, clipped to its scroll region (may be empty) */
    UiRect full;   /* unclipped */
    int area;
    char label[256];
} UiHit;

typedef struct {
    int offset;    /* pixels scrolled */
    int content;   /* content height of the last frame */
    UiRect view;   /* the visible rectangle of the last frame */
    bool stick_bottom; /* follow new content (a transcript) */
} UiScroll;

#define UW_MAX_HITS 512
#define UW_MAX_AREAS 8
#define UW_AREA_NONE 0

typedef struct {
    UiGfx *g;
    const UiTheme *t;
    UiButtonStyle style;
    UiHit hits[UW_MAX_HITS];
    int nhits;
    UiScroll scroll[UW_MAX_AREAS];
    UiRect clip;            /* current clip while drawing (w = 0: none) */
    int clip_area;
    int focus, hover;
    int mouse_x, mouse_y;   /* last pointer position, pixels */
    bool reveal_focus;      /* scroll the focused button into view on the next draw */
    bool dirty;             /* something changed: draw again */
    bool field_selected;    /* the focused text box's text is selected whole (Ctrl+A) */
} UiWidgets;

/* A frame: clear to the theme's background, forget the last frame's buttons and regions. */
void uw_begin(UiWidgets *w);

static inline int uw_px(const UiWidgets *w, double u) { return ui_gfx_px(w->g, u); }
static inline int uw_fs(const UiWidgets *w, double u) { return ui_gfx_tpx(w->g, u); }
UiRect uw_text(UiWidgets *w, int size, const char *s, int wrap, int x, int y, UiColor c);
int uw_text_w(UiWidgets *w, int size, const char *s);
int uw_text_h(UiWidgets *w, int size, const char *s, int wrap);

/* Registers a clickable rectangle (clipped to the region being drawn). */
void uw_hit(UiWidgets *w, int id, UiRect r, const char *label);
void uw_focus_ring(UiWidgets *w, UiRect r);
/* A button; registers a hit. UW_DISABLED buttons are drawn dim and register nothing. */
void uw_button(UiWidgets *w, int id, UiRect r, const char *label, UwStyle style);
int uw_button_w(UiWidgets *w, const char *label);
int uw_button_h(UiWidgets *w);
/* The height a button of width bw needs for its label (which may wrap). */
int uw_button_h_for(UiWidgets *w, const char *label, int bw);
/* A text box showing text then the input method's composition (underlined), or the
 * placeholder when both are empty; registers a hit with id and label (NULL: the placeholder). */
void uw_field(UiWidgets *w, int id, UiRect r, const char *text, const char *composing, const char *placeholder,
              const char *label);

/* A scrolling region: begin returns the content's top y; end takes the content's bottom and
 * draws a scroll bar when the content is taller than the view. */
int uw_scroll_begin(UiWidgets *w, int area, UiRect view);
void uw_scroll_end(UiWidgets *w, int area, int content_bottom);
void uw_scroll_by(UiWidgets *w, int area, int dy);
/* The region under (x, y) among those drawn in the last frame and allowed by `mask` (bit i:
 * area i), or fallback. */
int uw_area_at(const UiWidgets *w, int x, int y, unsigned mask, int fallback);

int uw_hit_at(const UiWidgets *w, int x, int y);
int uw_hit_index(const UiWidgets *w, int id);
void uw_focus_move(UiWidgets *w, int dir);
/* The rectangle of the button with this label in the last frame (exact match), or {0}. */
UiRect uw_button_rect(const UiWidgets *w, const char *label);

#endif
