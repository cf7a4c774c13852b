/* scr_face: the customer's face on the call screen, drawn from the mood. */
#include <math.h>
#include <stdbool.h>

#include "scr_common.h"

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
const char *scr_mood_label(const UiApp *a, const char *mood) { return ui_strings_mood(a->s, mood); }

static void quad_curve(float *xy, int n, float x0, float y0, float x1, float y1, float x2, float y2)
{
    for (int i = 0; i < n; i++) {
        float t = (float)i / (n - 1), u = 1 - t;
        xy[2 * i] = u * u * x0 + 2 * u * t * x1 + t * t * x2;
        xy[2 * i + 1] = u * u * y0 + 2 * u * t * y1 + t * t * y2;
    }
}

void scr_draw_face(UiApp *a, float cx, float cy, float r, const char *mood)
{
    const UiTheme *t = scr_theme(a);
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
