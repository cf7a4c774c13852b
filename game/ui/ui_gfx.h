/* ui_gfx: the window, the renderer and text (SDL2 + SDL_ttf + libunibreak live here and in
 * ui_app.c only). Screens draw through these calls in output pixels; the scale for HiDPI and
 * the trainee's text size are folded into ui_gfx_px(). Rendered text is cached: one texture
 * per (font size, string, wrap width, colour), and one measure per (font size, string, wrap
 * width); kept across text size changes (the key holds the size), dropped on resize, font change
 * and past a soft limit (what the last frames did not use). The font file is read into memory
 * once. */
#ifndef SPARRING_UI_GFX_H
#define SPARRING_UI_GFX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct { int x, y, w, h; } UiRect;
typedef struct { unsigned char r, g, b, a; } UiColor;

typedef struct UiGfx UiGfx;

/* The part of a that is inside b; all zeros when they do not overlap. */
static inline UiRect ui_rect_intersect(UiRect a, UiRect b)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    if (x1 <= x0 || y1 <= y0)
        return (UiRect){0, 0, 0, 0};
    return (UiRect){x0, y0, x1 - x0, y1 - y0};
}

/* Whether the pixel (x, y) is in r (hit-testing a click against a button). */
static inline bool ui_rect_contains(UiRect r, int x, int y)
{
    return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

/* Backspace in a typed field: removes the last UTF-8 character of s (all its bytes). */
static inline void ui_text_backspace(char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        n--;
        if (((unsigned char)s[n] & 0xC0) != 0x80)
            break;
    }
    s[n] = 0;
}

/* The font that covers Chinese and English: $SPARRING_FONT, else the wqy-microhei file.
 * Returns NULL when none is found. */
const char *ui_gfx_font_path(void);

/* Opens a resizable HiDPI window (minimum 800x600) of w x h points and its renderer, and the
 * font. NULL with a message in err when anything fails. Free with ui_gfx_close. */
UiGfx *ui_gfx_open(const char *title, int w, int h, bool fullscreen, char *err, size_t errsize);
void ui_gfx_close(UiGfx *g);
/* The SDL window behind g (for placing it on a display and routing its events). */
struct SDL_Window;
struct SDL_Window *ui_gfx_window(UiGfx *g);

/* Call after a resize or a text size change: re-reads the output size and drops the cache. */
void ui_gfx_refresh(UiGfx *g);
void ui_gfx_set_zoom(UiGfx *g, double zoom); /* text size factor, 0.5 .. 2.0 */
double ui_gfx_zoom(const UiGfx *g);
void ui_gfx_toggle_fullscreen(UiGfx *g);
void ui_gfx_set_title(UiGfx *g, const char *title);
/* Where text is being typed (output pixels): an input method shows its candidates there. */
void ui_gfx_text_input_at(UiGfx *g, UiRect r);
/* Output size in pixels, and pixels per window point (HiDPI). */
int ui_gfx_width(const UiGfx *g);
int ui_gfx_height(const UiGfx *g);
double ui_gfx_scale(const UiGfx *g);
/* A length in design units (1 unit = 1 window point) -> output pixels, for spacing; and a
 * text size in design units -> pixels, which also follows the trainee's text size (zoom). */
int ui_gfx_px(const UiGfx *g, double units);
int ui_gfx_tpx(const UiGfx *g, double units);
/* Window points (mouse events) -> output pixels. */
void ui_gfx_point_to_px(const UiGfx *g, int x, int y, int *px, int *py);

/* A frame: begin clears to bg; end presents unless present is false (tests read pixels). */
void ui_gfx_begin(UiGfx *g, UiColor bg);
void ui_gfx_end(UiGfx *g, bool present);
/* Frames are kept (a texture the renderer copies to the window), so one part can be drawn
 * again alone: begin_part, draw over the part (filling it first), end. false when no frame is
 * kept (none yet, a resize, a renderer without target textures): draw a whole frame instead.
 * drop_frame forgets it (the renderer lost its textures). */
bool ui_gfx_begin_part(UiGfx *g, UiRect part);
void ui_gfx_drop_frame(UiGfx *g);
/* Ends a part drawn again (begin_part): only the n rectangles given go to the screen (the
 * software renderer keeps the window's pixels; another renderer shows the whole frame). */
void ui_gfx_end_part(UiGfx *g, const UiRect *parts, int n, bool present);

void ui_gfx_clip(UiGfx *g, const UiRect *r); /* NULL: no clip */
void ui_gfx_fill(UiGfx *g, UiRect r, UiColor c);
void ui_gfx_frame(UiGfx *g, UiRect r, int thickness, UiColor c);
void ui_gfx_round(UiGfx *g, UiRect r, int radius, UiColor c);
void ui_gfx_ellipse(UiGfx *g, float cx, float cy, float rx, float ry, UiColor c);
/* A polyline of n points (x0, y0, x1, y1, ...) drawn `width` pixels thick. */
void ui_gfx_polyline(UiGfx *g, const float *xy, int n, float width, UiColor c);

/* Text, `size` in output pixels (ui_gfx_px of the design size). wrap <= 0: one line per
 * paragraph, no wrapping. Lines break by Unicode rules (libunibreak); a word wider than wrap
 * is broken between characters, so nothing is ever wider than wrap. */
void ui_gfx_text_size(UiGfx *g, int size, const char *s, int wrap, int *w, int *h);
int ui_gfx_line_height(UiGfx *g, int size);
/* Draws at (x, y) (top left); returns the rectangle covered. */
UiRect ui_gfx_text(UiGfx *g, int size, const char *s, int wrap, int x, int y, UiColor c);

/* For tests: every text drawn in the current frame, with its rectangle. */
typedef struct {
    const char *text; /* valid until the next frame */
    UiRect rect;
} UiDrawnText;
int ui_gfx_drawn_count(const UiGfx *g);
const UiDrawnText *ui_gfx_drawn(const UiGfx *g, int i);
/* Cached text entries and how many times text was rasterised (for the benchmark). */
void ui_gfx_cache_stats(const UiGfx *g, int *entries, long *rasterised);

/* Synthetic input on SDL's event queue, for tests and scripted runs: a key press and release
 * (SDL's key name, e.g. "Return", "1"; -1 if the name is unknown), typed text, and a left
 * click at (x, y) in window points after a move there. window_id 0: the window with focus.
 * Defined in ui_app.c (the trainer window and the mentor console both push through them). */
int ui_push_key(uint32_t window_id, const char *name, bool ctrl, bool shift);
void ui_push_text(uint32_t window_id, const char *utf8);
void ui_push_click(uint32_t window_id, int x, int y);

/* Reads the frame drawn so far (before end) as RGBA bytes, 4 x w x h. 0 or -1. */
int ui_gfx_read(UiGfx *g, UiRect r, unsigned char *rgba);
/* Writes the frame drawn so far as a PNG. 0, or -1 with a message. */
int ui_gfx_save_png(UiGfx *g, const char *path, char *err, size_t errsize);

#endif
