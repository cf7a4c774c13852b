/* scr_call_say: what the call shows while the trainee says an answer aloud (in place of the
 * answers): a prompt, the microphone's level, the seconds left and the button that ends the
 * take. The state and the hooks are scr_call_voice's. */
#include "scr_call_say.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "audio_capture.h"
#include "scr_call_voice.h"
#include "app_core.h"
#include "scr_common.h"

int call_voice_panel(UiApp *a, int x, int y, int w, bool draw)
{
    const UiTheme *t = scr_theme(a);
    const UiStrings *s = a->s;
    CallVoiceView v;
    call_voice_view(a, &v);
    AudioCapture *mic = call_voice_mic(a);
    int y0 = y, bs = fs(a, FS_BODY), gap = px(a, 8);
    bool rec = v.saying;
    const char *title = rec ? s->say_now : s->say_listen;
    int h = text_h(a, fs(a, FS_LARGE), title, w);
    if (draw)
        uw_text(&a->ui, fs(a, FS_LARGE), title, w, x, y, t->text);
    y += h + gap;
    if (!rec)
        return y - y0 - gap;
    /* The level meter: the peak of the last 50 ms, on a dB scale from -60 to 0. */
    float lv = audio_capture_level(mic);
    double db = lv > 1e-6f ? 20.0 * log10(lv) : -60.0;
    double f = (db + 60.0) / 60.0;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    bool clip = audio_capture_clipped(mic) != 0;
    int mh = px(a, 14);
    if (draw) {
        ui_gfx_fill(a->g, (UiRect){x, y, w, mh}, t->panel2);
        ui_gfx_fill(a->g, (UiRect){x, y, (int)(w * f), mh}, clip ? t->bad : f > 0.85 ? t->warn : t->good);
    }
    y += mh + gap;
    char line[256];
    snprintf(line, sizeof line, s->seconds_left, (int)((call_voice_take_ms_left(a, ui_app_now(a)) + 999) / 1000));
    if (clip)
        snprintf(line + strlen(line), sizeof line - strlen(line), " · %s", s->say_too_loud);
    h = text_h(a, bs, line, w);
    if (draw)
        uw_text(&a->ui, bs, line, w, x, y, clip ? t->bad : t->muted);
    y += h + gap;
    if (draw)
        uw_button(&a->ui, ACT_SAY_DONE, (UiRect){x, y, w, uw_button_h(&a->ui)}, s->say_done, UW_PRIMARY);
    return y + uw_button_h(&a->ui) - y0;
}

