/* scr_assess: see scr_assess.h. */
#include <stdio.h>
#include <string.h>

#include "scr_assess.h"
#include "scr_common.h"

bool scr_any_meter_shown(const Scenario *sc)
{
    for (int i = 0; i < scenario_meter_count(sc); i++)
        if (scenario_meter(sc, i)->show)
            return true;
    return false;
}

void scr_techniques_line(const UiApp *a, const ScChoice *c, char *buf, size_t size)
{
    buf[0] = 0;
    if (!c || c->ntechniques <= 0)
        return;
    size_t n = (size_t)snprintf(buf, size, "%s", a->s->techniques);
    for (int i = 0; i < c->ntechniques && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? a->s->comma : "",
                              ui_strings_word(a->s, UI_WORD_TECHNIQUE, c->techniques[i]));
}

/* One meter: its name and last value above a column per value (the start, then after each
 * step), coloured by where it stands in its range. Returns the height. */
static int meter_course(UiApp *a, int m, int x, int y, int w, bool draw)
{
    const UiTheme *t = scr_theme(a);
    const Play *p = a->play;
    const ScMeter *mt = scenario_meter(play_scenario(p), m);
    int nsteps = play_step_count(p);
    int last = nsteps > 0 ? play_step_meters(p, nsteps - 1)[m] : play_meter(p, m);
    char buf[512];
    snprintf(buf, sizeof buf, "%s  %d → %d", scr_text(a, &mt->name), mt->start, last);
    int ss = fs(a, FS_SMALL), th = text_h(a, ss, buf, w), ch = px(a, 36);
    if (!draw)
        return th + px(a, 4) + ch + px(a, 10);
    uw_text(&a->ui, ss, buf, w, x, y, t->text);
    UiRect box = {x, y + th + px(a, 4), w, ch};
    ui_gfx_fill(a->g, box, t->panel2);
    int ncols = nsteps + 1, gap = px(a, 2);
    int cw = (w - gap * ncols) / (ncols > 0 ? ncols : 1);
    if (cw > px(a, 24))
        cw = px(a, 24);
    if (cw < 1)
        cw = 1;
    for (int i = 0; i < ncols && (cw + gap) * i < w; i++) {
        int v = i == 0 ? mt->start : play_step_meters(p, i - 1)[m];
        double f = mt->max > mt->min ? (double)(v - mt->min) / (mt->max - mt->min) : 0;
        int h = (int)(ch * f);
        if (h < 1)
            h = 1;
        ui_gfx_fill(a->g, (UiRect){x + i * (cw + gap), box.y + ch - h, cw, h},
                    f < 0.25 ? t->bad : f < 0.5 ? t->warn : t->good);
    }
    return th + px(a, 4) + ch + px(a, 10);
}

int scr_meters_course(UiApp *a, int x, int y, int w, bool draw)
{
    const Scenario *sc = play_scenario(a->play);
    if (!scr_any_meter_shown(sc))
        return 0;
    int y0 = y;
    if (draw)
        uw_text(&a->ui, fs(a, FS_LARGE), a->s->meters_course, w, x, y, scr_theme(a)->text);
    y += text_h(a, fs(a, FS_LARGE), a->s->meters_course, w) + px(a, 8);
    for (int i = 0; i < scenario_meter_count(sc); i++)
        if (scenario_meter(sc, i)->show)
            y += meter_course(a, i, x, y, w, draw);
    return y - y0 + px(a, 6);
}
