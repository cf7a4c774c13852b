/* Helpers shared by the tests that drive the real window; see ui_check.h. */
#include "ui_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

int64_t ui_check_now;

int64_t ui_check_clock(void *ctx)
{
    (void)ctx;
    return ui_check_now;
}

void ui_check_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
}

void ui_check_tmpdir(const char *name, char *dir, size_t size)
{
    const char *b = getenv("SPARRING_BUILD_DIR");
    snprintf(dir, size, "%s/tmp-%s-%d", b ? b : "/tmp", name, (int)getpid());
    mkdir(dir, 0755);
    setenv("XDG_CONFIG_HOME", dir, 1);
}

UiApp *ui_check_open(const UiOptions *o)
{
    char err[512] = "";
    UiApp *a = ui_app_new(o, err, sizeof err);
    CHECK_MSG(a != NULL, "ui_app_new: %s", err);
    if (a)
        ui_app_draw(a);
    return a;
}

void ui_check_step(UiApp *a)
{
    ui_app_step(a, 0);
    ui_app_draw(a);
}

void ui_check_key(UiApp *a, const char *name)
{
    CHECK_MSG(ui_app_push_key(name) == 0, "key %s", name);
    ui_check_step(a);
}

void ui_check_click(UiApp *a, UiRect r)
{
    CHECK(r.w > 0 && r.h > 0);
    ui_app_push_click(a, r.x + r.w / 2, r.y + r.h / 2);
    ui_check_step(a);
}

const UiDrawnText *ui_check_text(UiGfx *g, const char *s)
{
    for (int i = 0; i < ui_gfx_drawn_count(g); i++)
        if (!strcmp(ui_gfx_drawn(g, i)->text, s))
            return ui_gfx_drawn(g, i);
    return NULL;
}

const UiDrawnText *ui_check_text_containing(UiGfx *g, const char *s)
{
    for (int i = 0; i < ui_gfx_drawn_count(g); i++)
        if (strstr(ui_gfx_drawn(g, i)->text, s))
            return ui_gfx_drawn(g, i);
    return NULL;
}

long ui_check_ink(UiGfx *g, UiRect r, const unsigned char bg[4])
{
    if (r.w <= 0 || r.h <= 0)
        return 0;
    unsigned char *px = malloc((size_t)r.w * (size_t)r.h * 4);
    if (!px || ui_gfx_read(g, r, px) != 0) {
        free(px);
        return -1;
    }
    long n = 0;
    for (long i = 0; i < (long)r.w * r.h; i++) {
        int d = abs(px[4 * i] - bg[0]) + abs(px[4 * i + 1] - bg[1]) + abs(px[4 * i + 2] - bg[2]);
        if (d > 90)
            n++;
    }
    free(px);
    return n;
}

long ui_check_colour_in(UiGfx *g, UiRect r, const unsigned char c[3])
{
    if (r.w <= 0 || r.h <= 0)
        return 0;
    unsigned char *px = malloc((size_t)r.w * (size_t)r.h * 4);
    long n = 0;
    if (px && ui_gfx_read(g, r, px) == 0)
        for (long i = 0; i < (long)r.w * r.h; i++)
            n += px[4 * i] == c[0] && px[4 * i + 1] == c[1] && px[4 * i + 2] == c[2];
    free(px);
    return n;
}

void ui_check_pixel(UiGfx *g, int x, int y, unsigned char out[4])
{
    memset(out, 0, 4);
    ui_gfx_read(g, (UiRect){x, y, 1, 1}, out);
}

void ui_check_save_png(UiGfx *g, const char *dir, const char *name)
{
    if (!dir)
        return;
    char path[4300], err[256];
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    if (ui_gfx_save_png(g, path, err, sizeof err) != 0)
        fprintf(stderr, "%s\n", err);
}
