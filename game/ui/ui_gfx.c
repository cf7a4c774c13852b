/* ui_gfx: window, renderer, primitives and cached text. See ui_gfx.h. */
#include "ui_gfx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <SDL.h>
#include <SDL_ttf.h>
#include <linebreak.h>

#define STB_IMAGE_WRITE_IMPLEMENTATION
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#endif
#include <stb/stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#define MAX_FONTS 64 /* sizes: about 5 a text size, 14 text sizes (0.7 .. 2.0) */
#define BUCKETS 1024
#define CACHE_SOFT_LIMIT 1500
#define MAX_DRAWN 2048

typedef struct Entry {
    struct Entry *next;
    uint32_t hash;
    int size, wrap;
    uint32_t color; /* 0 with tex == NULL: a measure-only entry */
    bool textured;
    char *str;
    int w, h;
    struct Line *lines; /* a measure's lines (offsets into str), reused to rasterise */
    int nlines;
    SDL_Texture *tex;
    unsigned long used; /* frame of last use */
} Entry;

struct UiGfx {
    SDL_Window *win;
    SDL_Renderer *ren;
    char *font_path;
    void *font_data; /* the font file, read once: each size opens from memory (see font_at) */
    size_t font_bytes;
    struct { int size; TTF_Font *font; } fonts[MAX_FONTS];
    int nfonts;
    int out_w, out_h;
    double scale, zoom;
    Entry *buckets[BUCKETS];
    int nentries;
    long rasterised;
    unsigned long frame;
    UiDrawnText drawn[MAX_DRAWN];
    int ndrawn;
    SDL_Texture *frame_tex; /* the frame is drawn here, then copied to the window: a part of it
                             * can be drawn again alone (ui_gfx_begin_part) */
    int frame_w, frame_h;
};

const char *ui_gfx_font_path(void)
{
    static const char *candidates[] = {
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
        "/usr/local/share/fonts/wqy-microhei.ttc",
    };
    const char *env = getenv("SPARRING_FONT");
    if (env && *env)
        return access(env, R_OK) == 0 ? env : NULL;
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (access(candidates[i], R_OK) == 0)
            return candidates[i];
    return NULL;
}

static void cache_clear(UiGfx *g)
{
    for (int b = 0; b < BUCKETS; b++) {
        Entry *e = g->buckets[b];
        while (e) {
            Entry *n = e->next;
            if (e->tex)
                SDL_DestroyTexture(e->tex);
            free(e->str);
            free(e->lines);
            free(e);
            e = n;
        }
        g->buckets[b] = NULL;
    }
    g->nentries = 0;
}

static void fonts_clear(UiGfx *g)
{
    for (int i = 0; i < g->nfonts; i++)
        TTF_CloseFont(g->fonts[i].font);
    g->nfonts = 0;
}

void ui_gfx_refresh(UiGfx *g)
{
    int ww = 0, wh = 0;
    SDL_GetWindowSize(g->win, &ww, &wh);
    if (SDL_GetRendererOutputSize(g->ren, &g->out_w, &g->out_h) != 0 || g->out_w <= 0) {
        g->out_w = ww;
        g->out_h = wh;
    }
    g->scale = ww > 0 ? (double)g->out_w / ww : 1.0;
    if (g->scale < 0.5 || g->scale > 4.0)
        g->scale = 1.0;
    cache_clear(g);
    ui_gfx_drop_frame(g);
}

UiGfx *ui_gfx_open(const char *title, int w, int h, bool fullscreen, char *err, size_t errsize)
{
    const char *font = ui_gfx_font_path();
    if (!font) {
        snprintf(err, errsize,
                 "no font that covers Chinese and English: install fonts-wqy-microhei "
                 "(scripts/setup.sh does), or set SPARRING_FONT to a .ttf/.ttc file");
        return NULL;
    }
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errsize, "cannot start the video system: %s", SDL_GetError());
        return NULL;
    }
    if (TTF_Init() != 0) {
        snprintf(err, errsize, "cannot start SDL_ttf: %s", TTF_GetError());
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        return NULL;
    }
#if defined(__GLIBC__)
    /* Text is rasterised through surfaces of a few hundred kB that live a moment (SDL_ttf's
     * lines, the lines put together): glibc would map each from the system and unmap it when
     * freed, a page fault for every 4 kB touched again (a quarter of the faults of a redraw
     * after a zoom). Kept in the heap instead. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
    UiGfx *g = calloc(1, sizeof *g);
    if (!g)
        goto fail;
    g->zoom = 1.0;
    g->font_path = strdup(font);
    if (w < 800)
        w = 800;
    if (h < 600)
        h = 600;
    /* The software renderer draws into the window's surface. SDL backs that surface with an
     * OpenGL texture where it can (on a display without a GPU, Mesa's software GL), which
     * sends the whole window at every update; the display's own framebuffer (X11: shared
     * memory) sends only the parts updated (a countdown's tick: its strip, not 1280x800). */
    if (!SDL_GetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION))
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    g->win = SDL_CreateWindow(title, SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, w, h, flags);
    if (!g->win) {
        snprintf(err, errsize, "cannot open the window: %s", SDL_GetError());
        goto fail;
    }
    SDL_SetWindowMinimumSize(g->win, 800, 600);
    g->ren = SDL_CreateRenderer(g->win, -1, 0);
    if (!g->ren) {
        snprintf(err, errsize, "cannot create a renderer: %s", SDL_GetError());
        goto fail;
    }
    SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_BLEND);
    /* Check the font once now, so a broken file is a clear error and not blank text. */
    TTF_Font *probe = TTF_OpenFontIndex(g->font_path, 16, 0);
    if (!probe) {
        snprintf(err, errsize, "cannot read the font %s: %s", g->font_path, TTF_GetError());
        goto fail;
    }
    TTF_CloseFont(probe);
    init_linebreak();
    ui_gfx_refresh(g);
    return g;
fail:
    if (!g && errsize)
        snprintf(err, errsize, "out of memory");
    ui_gfx_close(g);
    if (!g) {
        TTF_Quit();
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
    }
    return NULL;
}

SDL_Window *ui_gfx_window(UiGfx *g) { return g->win; }

void ui_gfx_close(UiGfx *g)
{
    if (!g)
        return;
    cache_clear(g);
    fonts_clear(g);
    if (g->ren)
        ui_gfx_drop_frame(g);
    if (g->ren)
        SDL_DestroyRenderer(g->ren);
    if (g->win)
        SDL_DestroyWindow(g->win);
    free(g->font_path);
    free(g->font_data); /* after fonts_clear: the fonts read from it */
    free(g);
    TTF_Quit();
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

void ui_gfx_set_zoom(UiGfx *g, double zoom)
{
    if (zoom < 0.5)
        zoom = 0.5;
    if (zoom > 2.0)
        zoom = 2.0;
    /* The cache is kept: its entries are keyed by pixel size, so the texts of the old size are
     * reused on the way back (Ctrl+-, Ctrl+=) and the unused ones go with the soft limit. */
    g->zoom = zoom;
}

double ui_gfx_zoom(const UiGfx *g) { return g->zoom; }

void ui_gfx_toggle_fullscreen(UiGfx *g)
{
    Uint32 f = SDL_GetWindowFlags(g->win);
    SDL_SetWindowFullscreen(g->win, (f & SDL_WINDOW_FULLSCREEN_DESKTOP) ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
    ui_gfx_refresh(g);
}

void ui_gfx_set_title(UiGfx *g, const char *title) { SDL_SetWindowTitle(g->win, title); }

void ui_gfx_text_input_at(UiGfx *g, UiRect r)
{
    SDL_Rect p = {(int)(r.x / g->scale), (int)(r.y / g->scale), (int)(r.w / g->scale), (int)(r.h / g->scale)};
    SDL_SetTextInputRect(&p);
}

int ui_gfx_width(const UiGfx *g) { return g->out_w; }
int ui_gfx_height(const UiGfx *g) { return g->out_h; }
double ui_gfx_scale(const UiGfx *g) { return g->scale; }
int ui_gfx_px(const UiGfx *g, double units) { return (int)lround(units * g->scale); }
int ui_gfx_tpx(const UiGfx *g, double units)
{
    int px = (int)lround(units * g->scale * g->zoom);
    return px < 6 ? 6 : px;
}

void ui_gfx_point_to_px(const UiGfx *g, int x, int y, int *px, int *py)
{
    *px = (int)lround(x * g->scale);
    *py = (int)lround(y * g->scale);
}

/* ---- frame and primitives ---------------------------------------------------------------- */

/* Opaque colours are drawn without blending: the software renderer's blended fill costs a
 * read-modify-write per pixel, a plain fill a memset. */
static void set_blend(UiGfx *g, UiColor c)
{
    SDL_SetRenderDrawBlendMode(g->ren, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
}

static void set_color(UiGfx *g, UiColor c)
{
    set_blend(g, c);
    SDL_SetRenderDrawColor(g->ren, c.r, c.g, c.b, c.a);
}

/* Draws into the frame's texture (made, or made again at a new size); false when the renderer
 * has none, and the frame is then drawn on the window directly. */
static bool frame_target(UiGfx *g)
{
    if (g->frame_tex && (g->frame_w != g->out_w || g->frame_h != g->out_h))
        ui_gfx_drop_frame(g);
    if (!g->frame_tex && g->out_w > 0 && g->out_h > 0) {
        /* The window's own format when the renderer has it: the copy is then a plain one. */
        Uint32 fmt = SDL_PIXELFORMAT_ARGB8888, wf = SDL_GetWindowPixelFormat(g->win);
        SDL_RendererInfo info;
        if (SDL_GetRendererInfo(g->ren, &info) == 0)
            for (Uint32 i = 0; i < info.num_texture_formats; i++)
                if (info.texture_formats[i] == wf)
                    fmt = wf;
        g->frame_tex = SDL_CreateTexture(g->ren, fmt, SDL_TEXTUREACCESS_TARGET, g->out_w, g->out_h);
        if (!g->frame_tex)
            return false;
        SDL_SetTextureBlendMode(g->frame_tex, SDL_BLENDMODE_NONE);
        g->frame_w = g->out_w;
        g->frame_h = g->out_h;
    }
    if (g->frame_tex && SDL_SetRenderTarget(g->ren, g->frame_tex) != 0)
        ui_gfx_drop_frame(g);
    return g->frame_tex != NULL;
}

void ui_gfx_begin(UiGfx *g, UiColor bg)
{
    g->frame++;
    g->ndrawn = 0;
    /* Drop what the last frames did not use once the cache grows large. */
    if (g->nentries > CACHE_SOFT_LIMIT) {
        for (int b = 0; b < BUCKETS; b++) {
            Entry **pp = &g->buckets[b];
            while (*pp) {
                Entry *e = *pp;
                if (e->used + 1 < g->frame) {
                    *pp = e->next;
                    if (e->tex)
                        SDL_DestroyTexture(e->tex);
                    free(e->str);
                    free(e->lines);
                    free(e);
                    g->nentries--;
                } else {
                    pp = &e->next;
                }
            }
        }
    }
    if (!frame_target(g))
        SDL_SetRenderTarget(g->ren, NULL);
    SDL_RenderSetClipRect(g->ren, NULL);
    set_color(g, bg);
    SDL_RenderClear(g->ren);
}

bool ui_gfx_begin_part(UiGfx *g, UiRect part)
{
    if (!g->frame_tex || g->frame_w != g->out_w || g->frame_h != g->out_h ||
        SDL_SetRenderTarget(g->ren, g->frame_tex) != 0)
        return false;
    SDL_RenderSetClipRect(g->ren, NULL);
    int n = 0; /* the texts of the part are drawn again: forget the old ones */
    for (int i = 0; i < g->ndrawn; i++)
        if (!ui_rect_intersect(g->drawn[i].rect, part).w)
            g->drawn[n++] = g->drawn[i];
    g->ndrawn = n;
    return true;
}

void ui_gfx_drop_frame(UiGfx *g)
{
    if (g->frame_tex) {
        SDL_SetRenderTarget(g->ren, NULL);
        SDL_DestroyTexture(g->frame_tex);
    }
    g->frame_tex = NULL;
    g->frame_w = g->frame_h = 0;
}

void ui_gfx_end(UiGfx *g, bool present)
{
    if (g->frame_tex) { /* the frame, to the window */
        SDL_SetRenderTarget(g->ren, NULL);
        SDL_RenderSetClipRect(g->ren, NULL);
        SDL_RenderCopy(g->ren, g->frame_tex, NULL, NULL);
    }
    if (present)
        SDL_RenderPresent(g->ren);
}

/* Whether the renderer draws into the window's own surface (SDL's software renderer): that
 * surface keeps what was drawn, so a part of it can be sent to the screen alone. */
static bool draws_on_window_surface(UiGfx *g)
{
    SDL_RendererInfo info;
    return SDL_GetRendererInfo(g->ren, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE) && info.name &&
           !strcmp(info.name, "software");
}

void ui_gfx_end_part(UiGfx *g, const UiRect *parts, int n, bool present)
{
    if (!g->frame_tex || !draws_on_window_surface(g)) { /* the whole frame, as ui_gfx_end */
        ui_gfx_end(g, present);
        return;
    }
    SDL_Rect r[8];
    int k = 0;
    SDL_SetRenderTarget(g->ren, NULL);
    SDL_RenderSetClipRect(g->ren, NULL);
    for (int i = 0; i < n && k < 8; i++) {
        UiRect p = ui_rect_intersect(parts[i], (UiRect){0, 0, g->out_w, g->out_h});
        if (p.w <= 0)
            continue;
        r[k] = (SDL_Rect){p.x, p.y, p.w, p.h};
        SDL_RenderCopy(g->ren, g->frame_tex, &r[k], &r[k]);
        k++;
    }
    SDL_RenderFlush(g->ren);
    if (present && k > 0)
        SDL_UpdateWindowSurfaceRects(g->win, r, k);
}

void ui_gfx_clip(UiGfx *g, const UiRect *r)
{
    if (!r) {
        SDL_RenderSetClipRect(g->ren, NULL);
        return;
    }
    SDL_Rect s = {r->x, r->y, r->w > 0 ? r->w : 0, r->h > 0 ? r->h : 0};
    SDL_RenderSetClipRect(g->ren, &s);
}

void ui_gfx_fill(UiGfx *g, UiRect r, UiColor c)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    set_color(g, c);
    SDL_Rect s = {r.x, r.y, r.w, r.h};
    SDL_RenderFillRect(g->ren, &s);
}

void ui_gfx_frame(UiGfx *g, UiRect r, int t, UiColor c)
{
    ui_gfx_fill(g, (UiRect){r.x, r.y, r.w, t}, c);
    ui_gfx_fill(g, (UiRect){r.x, r.y + r.h - t, r.w, t}, c);
    ui_gfx_fill(g, (UiRect){r.x, r.y + t, t, r.h - 2 * t}, c);
    ui_gfx_fill(g, (UiRect){r.x + r.w - t, r.y + t, t, r.h - 2 * t}, c);
}

/* Shapes are filled as horizontal spans (one rectangle a row): the software renderer's
 * triangle fill tests every pixel of each triangle's bounding box, which made a triangle fan
 * cost many times the shape's area. */
#define MAX_SPANS 2048

void ui_gfx_ellipse(UiGfx *g, float cx, float cy, float rx, float ry, UiColor c)
{
    SDL_Rect rows[MAX_SPANS];
    int n = 0;
    if (rx <= 0 || ry <= 0)
        return;
    int y0 = (int)floorf(cy - ry), y1 = (int)ceilf(cy + ry);
    for (int y = y0; y < y1 && n < MAX_SPANS; y++) {
        float dy = (y + 0.5f - cy) / ry;
        if (dy <= -1 || dy >= 1)
            continue;
        float dx = rx * sqrtf(1 - dy * dy);
        int xa = (int)lroundf(cx - dx), xb = (int)lroundf(cx + dx);
        if (xb > xa)
            rows[n++] = (SDL_Rect){xa, y, xb - xa, 1};
    }
    set_color(g, c);
    SDL_RenderFillRects(g->ren, rows, n);
}

void ui_gfx_round(UiGfx *g, UiRect r, int rad, UiColor c)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    if (rad * 2 > r.w)
        rad = r.w / 2;
    if (rad * 2 > r.h)
        rad = r.h / 2;
    if (rad > MAX_SPANS / 2 - 1)
        rad = MAX_SPANS / 2 - 1;
    if (rad < 2) {
        ui_gfx_fill(g, r, c);
        return;
    }
    SDL_Rect rows[MAX_SPANS];
    int n = 0;
    for (int i = 0; i < rad; i++) {
        float dy = (rad - i - 0.5f) / rad;
        int inset = rad - (int)lroundf(rad * sqrtf(1 - dy * dy));
        rows[n++] = (SDL_Rect){r.x + inset, r.y + i, r.w - 2 * inset, 1};
        rows[n++] = (SDL_Rect){r.x + inset, r.y + r.h - 1 - i, r.w - 2 * inset, 1};
    }
    rows[n++] = (SDL_Rect){r.x, r.y + rad, r.w, r.h - 2 * rad};
    set_color(g, c);
    SDL_RenderFillRects(g->ren, rows, n);
}

void ui_gfx_polyline(UiGfx *g, const float *xy, int n, float width, UiColor c)
{
    SDL_Color col = {c.r, c.g, c.b, c.a};
    float hw = width / 2;
    set_blend(g, c);
    for (int i = 0; i + 1 < n; i++) {
        float x0 = xy[2 * i], y0 = xy[2 * i + 1], x1 = xy[2 * i + 2], y1 = xy[2 * i + 3];
        float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
        if (len < 1e-3f)
            continue;
        float nx = -dy / len * hw, ny = dx / len * hw;
        SDL_Vertex v[4] = {{{x0 + nx, y0 + ny}, col, {0, 0}}, {{x1 + nx, y1 + ny}, col, {0, 0}},
                           {{x1 - nx, y1 - ny}, col, {0, 0}}, {{x0 - nx, y0 - ny}, col, {0, 0}}};
        int idx[6] = {0, 1, 2, 0, 2, 3};
        SDL_RenderGeometry(g->ren, NULL, v, 4, idx, 6);
    }
    /* Round joints and caps. */
    for (int i = 0; i < n && hw >= 1.5f; i++)
        ui_gfx_ellipse(g, xy[2 * i], xy[2 * i + 1], hw, hw, c);
}

/* ---- text ---------------------------------------------------------------------------------- */

/* The font file in memory, read on first use; false when it cannot be (then fonts open from
 * the file). */
static bool font_in_memory(UiGfx *g)
{
    if (g->font_data)
        return true;
    FILE *f = fopen(g->font_path, "rb");
    if (!f)
        return false;
    void *data = NULL;
    long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (n > 0 && fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n)) && fread(data, 1, (size_t)n, f) == (size_t)n) {
        g->font_data = data;
        g->font_bytes = (size_t)n;
    } else {
        free(data);
    }
    fclose(f);
    return g->font_data != NULL;
}

/* The font at a pixel size, opened on first use. From memory: FreeType reads a glyph from the
 * file by many small seeks and reads, and a new text size (a zoom) loads every glyph of the
 * screen again; from memory that costs no system call (about 10x faster on a redraw). */
static TTF_Font *font_open(UiGfx *g, int size)
{
    SDL_RWops *rw = font_in_memory(g) ? SDL_RWFromConstMem(g->font_data, (int)g->font_bytes) : NULL;
    return rw ? TTF_OpenFontIndexRW(rw, 1, size, 0) : TTF_OpenFontIndex(g->font_path, size, 0);
}

static TTF_Font *font_at(UiGfx *g, int size)
{
    for (int i = 0; i < g->nfonts; i++)
        if (g->fonts[i].size == size)
            return g->fonts[i].font;
    TTF_Font *f = font_open(g, size);
    if (!f)
        return NULL;
    if (g->nfonts == MAX_FONTS) { /* rare (many zoom levels): start again */
        cache_clear(g);
        fonts_clear(g);
    }
    g->fonts[g->nfonts].size = size;
    g->fonts[g->nfonts].font = f;
    g->nfonts++;
    return f;
}

int ui_gfx_line_height(UiGfx *g, int size)
{
    TTF_Font *f = font_at(g, size);
    return f ? TTF_FontLineSkip(f) : size;
}

typedef struct Line {
    int off, len; /* bytes of s, trailing spaces and the newline excluded */
    int w;        /* its width in pixels, or -1 when the break did not measure it */
} Line;

static bool is_space_byte(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

static int trim_end(const char *s, int a, int b)
{
    while (b > a && is_space_byte(s[b - 1]))
        b--;
    return b;
}

/* Number of bytes taken by the first `chars` UTF-8 characters of s[a..b). */
static int utf8_advance(const char *s, int a, int b, int chars)
{
    int i = a;
    while (i < b && chars > 0) {
        i++;
        while (i < b && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars--;
    }
    return i;
}

/* Breaks s into lines no wider than wrap (wrap <= 0: only at newlines). Returns the number of
 * lines written to *out (malloc'd), or -1 when out of memory. */
static int break_lines(TTF_Font *f, const char *s, int wrap, Line **out)
{
    int n = (int)strlen(s);
    char *brks = malloc((size_t)n + 1);
    char *tmp = malloc((size_t)n + 1);
    int cap = 8, count = 0;
    Line *lines = malloc(sizeof *lines * (size_t)cap);
    if (!brks || !tmp || !lines)
        goto oom;
    if (n > 0)
        set_linebreaks_utf8((const utf8_t *)s, (size_t)n, NULL, brks);
    int start = 0;
    while (start < n) {
        /* The paragraph: up to the next mandatory break. */
        int pend = start;
        while (pend < n && !(brks[pend] == LINEBREAK_MUSTBREAK && pend + 1 < n) && s[pend] != '\n')
            pend++;
        int next_para = pend < n ? pend + 1 : n; /* past the mandatory break */
        if (pend < n && s[pend] != '\n' && s[pend] != '\r')
            pend++; /* the break is after this character (e.g. U+2028): keep it */
        int a = start;
        do {
            int end = trim_end(s, a, pend);
            int line_end = pend, width = -1;
            if (wrap > 0 && end > a) {
                /* SDL_ttf shapes the whole string it is given: give it no more than a line can
                 * hold (no glyph is narrower than a sixth of the size), not the paragraph. */
                int most = utf8_advance(s, a, end, wrap / (TTF_FontHeight(f) / 6 + 1) + 16);
                memcpy(tmp, s + a, (size_t)(most - a));
                tmp[most - a] = 0;
                int extent = 0, fit = 0;
                if (TTF_MeasureUTF8(f, tmp, wrap, &extent, &fit) == 0) {
                    int fit_end = utf8_advance(s, a, most, fit);
                    width = fit_end >= end ? extent : -1; /* the whole line fits: measured */
                    if (fit_end < end) {
                        int best = -1;
                        for (int e = a + 1; e <= pend; e++) {
                            if (brks[e - 1] != LINEBREAK_ALLOWBREAK)
                                continue;
                            if (trim_end(s, a, e) > fit_end)
                                break;
                            best = e;
                        }
                        if (best < 0 || trim_end(s, a, best) == a) /* a word wider than the line */
                            best = fit_end > a ? fit_end : utf8_advance(s, a, end, 1);
                        line_end = best;
                        if (trim_end(s, a, best) == fit_end) /* broken where the measure stopped */
                            width = extent;
                    }
                }
            }
            if (count == cap) {
                cap *= 2;
                Line *nl = realloc(lines, sizeof *lines * (size_t)cap);
                if (!nl)
                    goto oom;
                lines = nl;
            }
            lines[count].off = a;
            lines[count].len = trim_end(s, a, line_end) - a;
            lines[count].w = lines[count].len > 0 ? width : 0;
            count++;
            a = line_end;
            /* Spaces that open a wrapped line are not drawn. */
            while (a < pend && line_end < pend && (s[a] == ' ' || s[a] == '\t'))
                a++;
        } while (a < pend);
        start = next_para; /* a final newline gives no empty line */
    }
    free(brks);
    free(tmp);
    *out = lines;
    return count;
oom:
    free(brks);
    free(tmp);
    free(lines);
    return -1;
}

static uint32_t hash_key(const char *s, int size, int wrap, uint32_t color, bool textured)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 16777619u;
    h = (h ^ (uint32_t)size) * 16777619u;
    h = (h ^ (uint32_t)wrap) * 16777619u;
    h = (h ^ color) * 16777619u;
    h = (h ^ (uint32_t)textured) * 16777619u;
    return h;
}

static Entry *find(UiGfx *g, uint32_t h, int size, const char *s, int wrap, uint32_t color, bool textured)
{
    for (Entry *e = g->buckets[h % BUCKETS]; e; e = e->next)
        if (e->hash == h && e->size == size && e->wrap == wrap && e->color == color &&
            e->textured == textured && !strcmp(e->str, s)) {
            e->used = g->frame;
            return e;
        }
    return NULL;
}

static Entry *add(UiGfx *g, uint32_t h, int size, const char *s, int wrap, uint32_t color, bool textured)
{
    Entry *e = calloc(1, sizeof *e);
    if (!e || !(e->str = strdup(s))) {
        free(e);
        return NULL;
    }
    e->hash = h;
    e->size = size;
    e->wrap = wrap;
    e->color = color;
    e->textured = textured;
    e->used = g->frame;
    e->next = g->buckets[h % BUCKETS];
    g->buckets[h % BUCKETS] = e;
    g->nentries++;
    return e;
}

/* The measure of (size, s, wrap): its lines, width and height, made on first use; NULL on
 * failure. The break measures most lines already; the others are measured here. */
static Entry *measure(UiGfx *g, int size, const char *s, int wrap)
{
    uint32_t h = hash_key(s, size, wrap, 0, false);
    Entry *e = find(g, h, size, s, wrap, 0, false);
    if (e)
        return e;
    TTF_Font *f = font_at(g, size);
    char *line = f ? malloc(strlen(s) + 1) : NULL;
    if (!line)
        return NULL;
    Line *lines = NULL;
    int nlines = break_lines(f, s, wrap, &lines);
    e = nlines >= 0 ? add(g, h, size, s, wrap, 0, false) : NULL;
    if (!e) {
        free(lines);
        free(line);
        return NULL;
    }
    e->lines = lines;
    e->nlines = nlines;
    int w = 0;
    for (int i = 0; i < nlines; i++) {
        if (lines[i].w < 0) {
            int lh = 0;
            memcpy(line, s + lines[i].off, (size_t)lines[i].len);
            line[lines[i].len] = 0;
            if (TTF_SizeUTF8(f, line, &lines[i].w, &lh) != 0)
                lines[i].w = 0;
        }
        if (lines[i].w > w)
            w = lines[i].w;
    }
    free(line);
    e->w = wrap > 0 && w > wrap ? wrap : w;
    e->h = nlines * TTF_FontLineSkip(f);
    return e;
}

/* The lines of measure m rasterised in colour c into one texture. A text of one line is made
 * straight from SDL_ttf's surface; more lines are put together on one (new surfaces start
 * transparent: nothing to clear). */
static SDL_Texture *rasterise(UiGfx *g, const Entry *m, UiColor c)
{
    TTF_Font *f = font_at(g, m->size);
    char *line = f ? malloc(strlen(m->str) + 1) : NULL;
    SDL_Surface *all = NULL;
    SDL_Texture *tex = NULL;
    SDL_Color col = {c.r, c.g, c.b, c.a};
    int skip = f ? TTF_FontLineSkip(f) : 0, drawn = 0;
    for (int i = 0; line && i < m->nlines; i++) {
        if (m->lines[i].len == 0)
            continue;
        memcpy(line, m->str + m->lines[i].off, (size_t)m->lines[i].len);
        line[m->lines[i].len] = 0;
        SDL_Surface *ls = TTF_RenderUTF8_Blended(f, line, col);
        if (!ls)
            continue;
        if (m->nlines == 1 && ls->w <= m->w && ls->h <= m->h) { /* one line: its surface is the text */
            tex = SDL_CreateTextureFromSurface(g->ren, ls);
            SDL_FreeSurface(ls);
            drawn = -1;
            break;
        }
        if (!all && !(all = SDL_CreateRGBSurfaceWithFormat(0, m->w, m->h, 32, SDL_PIXELFORMAT_ARGB8888))) {
            SDL_FreeSurface(ls);
            break;
        }
        SDL_SetSurfaceBlendMode(ls, SDL_BLENDMODE_NONE);
        SDL_Rect dst = {0, i * skip, ls->w, ls->h};
        SDL_BlitSurface(ls, NULL, all, &dst);
        SDL_FreeSurface(ls);
        drawn++;
    }
    if (all && drawn > 0)
        tex = SDL_CreateTextureFromSurface(g->ren, all);
    if (tex) {
        SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
        g->rasterised++;
    }
    free(line);
    SDL_FreeSurface(all);
    return tex;
}

/* The texture of measure m in colour c, made on first use; NULL when there is nothing to draw. */
static Entry *textured(UiGfx *g, const Entry *m, UiColor c)
{
    uint32_t color = (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a;
    uint32_t h = hash_key(m->str, m->size, m->wrap, color, true);
    Entry *e = find(g, h, m->size, m->str, m->wrap, color, true);
    if (e || m->w <= 0)
        return e;
    SDL_Texture *tex = rasterise(g, m, c);
    e = tex ? add(g, h, m->size, m->str, m->wrap, color, true) : NULL;
    if (!e) {
        if (tex)
            SDL_DestroyTexture(tex);
        return NULL;
    }
    e->tex = tex;
    if (SDL_QueryTexture(tex, NULL, NULL, &e->w, &e->h) != 0) { /* a line's own size, or the measure's */
        e->w = m->w;
        e->h = m->h;
    }
    return e;
}

void ui_gfx_text_size(UiGfx *g, int size, const char *s, int wrap, int *w, int *h)
{
    Entry *e = s && *s ? measure(g, size, s, wrap) : NULL;
    *w = e ? e->w : 0;
    *h = e ? e->h : 0;
}

UiRect ui_gfx_text(UiGfx *g, int size, const char *s, int wrap, int x, int y, UiColor c)
{
    UiRect r = {x, y, 0, 0};
    if (!s || !*s)
        return r;
    /* Measured first: text wholly outside the clip (a card scrolled out of view) or the window
     * is laid out and listed, but never rasterised, so a long list redraws fast after a zoom. */
    Entry *m = measure(g, size, s, wrap);
    if (!m)
        return r;
    r.w = m->w;
    r.h = m->h;
    SDL_Rect clip;
    int ww = 0, wh = 0;
    SDL_GetRendererOutputSize(g->ren, &ww, &wh);
    if (!SDL_RenderIsClipEnabled(g->ren))
        clip = (SDL_Rect){0, 0, ww, wh};
    else
        SDL_RenderGetClipRect(g->ren, &clip);
    bool hidden = r.y >= clip.y + clip.h || r.y + r.h <= clip.y || r.x >= clip.x + clip.w || r.x + r.w <= clip.x ||
                  r.y >= wh || r.y + r.h <= 0;
    Entry *e = hidden ? NULL : textured(g, m, c);
    if (e && e->tex) {
        SDL_Rect dst = {x, y, e->w, e->h};
        SDL_RenderCopy(g->ren, e->tex, NULL, &dst);
    }
    if (g->ndrawn < MAX_DRAWN)
        g->drawn[g->ndrawn++] = (UiDrawnText){m->str, r};
    return r;
}

int ui_gfx_drawn_count(const UiGfx *g) { return g->ndrawn; }
const UiDrawnText *ui_gfx_drawn(const UiGfx *g, int i) { return &g->drawn[i]; }

void ui_gfx_cache_stats(const UiGfx *g, int *entries, long *rasterised)
{
    *entries = g->nentries;
    *rasterised = g->rasterised;
}

int ui_gfx_read(UiGfx *g, UiRect r, unsigned char *rgba)
{
    SDL_Rect s = {r.x, r.y, r.w, r.h};
    return SDL_RenderReadPixels(g->ren, &s, SDL_PIXELFORMAT_RGBA32, rgba, r.w * 4) == 0 ? 0 : -1;
}

int ui_gfx_save_png(UiGfx *g, const char *path, char *err, size_t errsize)
{
    int w = g->out_w, h = g->out_h;
    unsigned char *buf = malloc((size_t)w * (size_t)h * 4);
    if (!buf) {
        snprintf(err, errsize, "out of memory");
        return -1;
    }
    if (ui_gfx_read(g, (UiRect){0, 0, w, h}, buf) != 0) {
        snprintf(err, errsize, "cannot read the window's pixels: %s", SDL_GetError());
        free(buf);
        return -1;
    }
    int ok = stbi_write_png(path, w, h, 4, buf, w * 4);
    free(buf);
    if (!ok) {
        snprintf(err, errsize, "cannot write %s", path);
        return -1;
    }
    return 0;
}
