/* scr_face: the customer's face on the call screen. Who they are (the scenario's "customer":
 * gender, age band, style of clothes, glasses) gives the look; the mood the scenario gives at
 * each node gives the expression, and a customer who hung up never smiles. */
#include <math.h>
#include <stdbool.h>

#include "scr_common.h"

/* ---- the expression, from the mood ------------------------------------------------------------ */

typedef struct {
    float brow_l_in, brow_l_out, brow_r_in, brow_r_out; /* brow end heights (+ up), in r units */
    float mouth_corner, mouth_mid;                      /* + down */
    float mouth_tilt;                                   /* right corner lower by this */
    float eye_open_l, eye_open_r;
    bool cheeks, flush;
} Face;

static bool is(const char *mood, const char *a, const char *b, const char *c)
{
    return !strcmp(mood, a) || (b && !strcmp(mood, b)) || (c && !strcmp(mood, c));
}

static Face face_for(const char *mood)
{
    Face f = {0.02f, 0.02f, 0.02f, 0.02f, 0, 0.02f, 0, 1, 1, false, false};
    if (!mood || is(mood, "calm", NULL, NULL)) {
        f.mouth_mid = 0.04f;
    } else if (is(mood, "neutral", "cold", NULL)) {
        f = (Face){0, 0, 0, 0, 0, 0, 0, mood[0] == 'c' ? 0.65f : 1.0f, mood[0] == 'c' ? 0.65f : 1.0f, false, false};
    } else if (is(mood, "pleased", "happy", "interested")) {
        f = (Face){0.08f, 0.06f, 0.08f, 0.06f, -0.04f, 0.12f, 0, 0.9f, 0.9f, true, false};
    } else if (is(mood, "angry", "furious", NULL)) {
        f = (Face){-0.09f, 0.08f, -0.09f, 0.08f, 0.06f, -0.06f, 0, 0.8f, 0.8f, false, true};
    } else if (is(mood, "annoyed", "impatient", NULL)) {
        f = (Face){-0.04f, 0.02f, -0.04f, 0.02f, 0.02f, -0.01f, 0, 0.6f, 0.6f, false, false};
    } else if (is(mood, "skeptical", "doubtful", NULL)) {
        f = (Face){0.0f, 0.0f, 0.09f, 0.1f, 0, 0, 0.05f, 0.55f, 1.0f, false, false};
    } else if (is(mood, "worried", "anxious", "sad") || is(mood, "confused", "disappointed", NULL)) {
        f = (Face){0.08f, -0.02f, 0.08f, -0.02f, 0.04f, -0.02f, 0, 1.0f, 1.0f, false, false};
    } else if (is(mood, "hung_up", NULL, NULL)) {
        /* gone: eyes turned down, the mouth shut in a frown */
        f = (Face){-0.05f, 0.03f, -0.05f, 0.03f, 0.07f, -0.05f, 0, 0.25f, 0.25f, false, false};
    }
    return f;
}

/* A mood word in the UI's language (unknown moods are shown as written). */
const char *scr_mood_label(const UiApp *a, const char *mood) { return ui_strings_mood(a->s, mood); }

static bool hangs_up(const ScNode *n)
{
    return n->sound && n->sound_builtin && !strcmp(n->sound, "hangup");
}

const char *scr_face_mood(const UiApp *a)
{
    if (!a->play)
        return "neutral";
    const Play *p = a->play;
    const Scenario *sc = play_scenario(p);
    const char *mood = scenario_customer(sc)->mood;
    int steps = play_step_count(p);
    for (int k = 0; k <= steps; k++) {
        const ScNode *n = scenario_node(sc, k < steps ? play_step(p, k)->node : play_node(p));
        if (hangs_up(n))
            mood = "hung_up"; /* until a node gives a mood again (a call back) */
        else if (n->mood)
            mood = n->mood;
    }
    const ScNode *now = scenario_node(sc, play_node(p));
    if (play_status(p) == PLAY_ENDED && now->outcome == SC_OUTCOME_FAIL && !now->mood)
        mood = "hung_up"; /* the line goes dead (the window plays the click) */
    return mood ? mood : "neutral";
}

/* ---- the look, from who the customer is ------------------------------------------------------- */

typedef struct {
    UiColor hair, clothes, trim; /* trim: collar, tie, lapels */
    float head_w;                /* the head's half width, in r units */
    bool long_hair, receding, glasses, fringe, tie;
    int lines;                   /* age lines: 0, 1 or 2 */
    ScStyle style;
} Look;

static Look look_for(const UiTheme *t, const ScCustomer *c)
{
    Look k = {t->hair, t->accent, t->accent, 0.82f, false, false, c->glasses, false, c->gender != SC_GENDER_FEMALE,
              0, c->style};
    static const UiColor hair[] = {{70, 50, 35, 255}, {35, 30, 28, 255}, {88, 72, 60, 255}, {185, 185, 188, 255}};
    if (c->age != SC_AGE_UNSPECIFIED || c->gender != SC_GENDER_UNSPECIFIED)
        k.hair = hair[c->age];
    k.lines = c->age == SC_AGE_SENIOR ? 2 : c->age == SC_AGE_MIDDLE ? 1 : 0;
    if (c->gender == SC_GENDER_FEMALE) {
        k.head_w = 0.76f;
        k.long_hair = true;
        k.fringe = true;
    } else if (c->gender == SC_GENDER_MALE) {
        k.head_w = 0.86f;
        k.receding = c->age == SC_AGE_SENIOR;
    }
    switch (c->style) {
    case SC_STYLE_FORMAL:
        k.clothes = (UiColor){44, 52, 72, 255};
        k.trim = (UiColor){150, 30, 45, 255};
        break;
    case SC_STYLE_SMART:
        k.clothes = (UiColor){150, 185, 220, 255};
        k.trim = (UiColor){235, 240, 245, 255};
        break;
    case SC_STYLE_CASUAL:
        k.clothes = (UiColor){200, 120, 60, 255};
        k.trim = (UiColor){160, 90, 40, 255};
        break;
    case SC_STYLE_UNIFORM:
        k.clothes = (UiColor){240, 242, 244, 255};
        k.trim = (UiColor){150, 160, 170, 255};
        break;
    case SC_STYLE_UNSPECIFIED:
        break;
    }
    return k;
}

static void quad_curve(float *xy, int n, float x0, float y0, float x1, float y1, float x2, float y2)
{
    for (int i = 0; i < n; i++) {
        float t = (float)i / (n - 1), u = 1 - t;
        xy[2 * i] = u * u * x0 + 2 * u * t * x1 + t * t * x2;
        xy[2 * i + 1] = u * u * y0 + 2 * u * t * y1 + t * t * y2;
    }
}

static void line(UiGfx *g, float x0, float y0, float x1, float y1, float w, UiColor c)
{
    float xy[4] = {x0, y0, x1, y1};
    ui_gfx_polyline(g, xy, 2, w, c);
}

/* What the style puts at the neck: a shirt and tie, a collar, a crew neck, a coat's lapels. */
static void clothes_detail(UiGfx *g, const UiTheme *t, const Look *k, float cx, float cy, float r)
{
    float top = cy + r * 0.85f, w = r * 0.06f;
    UiColor white = {250, 250, 250, 255};
    switch (k->style) {
    case SC_STYLE_FORMAL:
        ui_gfx_ellipse(g, cx, top + r * 0.08f, r * 0.22f, r * 0.16f, white);
        if (k->tie)
            line(g, cx, top + r * 0.1f, cx, top + r * 0.55f, r * 0.1f, k->trim);
        line(g, cx - r * 0.3f, top + r * 0.02f, cx - r * 0.08f, top + r * 0.6f, w, (UiColor){25, 30, 45, 255});
        line(g, cx + r * 0.3f, top + r * 0.02f, cx + r * 0.08f, top + r * 0.6f, w, (UiColor){25, 30, 45, 255});
        break;
    case SC_STYLE_SMART:
        line(g, cx - r * 0.25f, top, cx - r * 0.02f, top + r * 0.2f, w * 1.5f, k->trim);
        line(g, cx + r * 0.25f, top, cx + r * 0.02f, top + r * 0.2f, w * 1.5f, k->trim);
        break;
    case SC_STYLE_CASUAL:
        ui_gfx_ellipse(g, cx, top + r * 0.02f, r * 0.3f, r * 0.12f, k->trim);
        ui_gfx_ellipse(g, cx, top - r * 0.01f, r * 0.24f, r * 0.08f, t->skin);
        break;
    case SC_STYLE_UNIFORM:
        line(g, cx - r * 0.28f, top, cx, top + r * 0.5f, w, k->trim);
        line(g, cx + r * 0.28f, top, cx, top + r * 0.5f, w, k->trim);
        ui_gfx_frame(g, (UiRect){(int)(cx + r * 0.45f), (int)(top + r * 0.3f), (int)(r * 0.25f), (int)(r * 0.2f)},
                     (int)fmaxf(1, r * 0.025f), k->trim);
        break;
    case SC_STYLE_UNSPECIFIED:
        break;
    }
}

/* Hair behind the head (long hair falls to the shoulders), then the shoulders. */
static void body(UiGfx *g, const UiTheme *t, const Look *k, float cx, float cy, float r)
{
    if (k->long_hair)
        ui_gfx_round(g, (UiRect){(int)(cx - r * 0.95f), (int)(cy - r * 0.3f), (int)(r * 1.9f), (int)(r * 1.3f)},
                     (int)(r * 0.4f), k->hair);
    ui_gfx_round(g, (UiRect){(int)(cx - r * 1.05f), (int)(cy + r * 0.85f), (int)(r * 2.1f), (int)(r * 0.7f)},
                 (int)(r * 0.3f), k->clothes);
    clothes_detail(g, t, k, cx, cy, r);
}

static void hair_top(UiGfx *g, const Look *k, float cx, float cy, float r)
{
    if (k->receding) {
        /* grey at the sides only */
        ui_gfx_ellipse(g, cx - r * 0.72f, cy - r * 0.05f, r * 0.22f, r * 0.42f, k->hair);
        ui_gfx_ellipse(g, cx + r * 0.72f, cy - r * 0.05f, r * 0.22f, r * 0.42f, k->hair);
        return;
    }
    ui_gfx_ellipse(g, cx, cy - r * 0.12f, (k->head_w + 0.16f) * r, r * 0.95f, k->hair);
}

static void age_and_glasses(UiGfx *g, const UiTheme *t, const Look *k, float cx, float cy, float r)
{
    UiColor mark = {t->features.r, t->features.g, t->features.b, 90};
    for (int i = 0; i < k->lines && !k->fringe; i++) { /* the forehead, unless a fringe hides it */
        float y = cy - r * (0.52f - 0.08f * (float)i);
        line(g, cx - r * 0.25f, y, cx + r * 0.25f, y, r * 0.025f, mark);
    }
    for (int side = -1; k->lines > 0 && k->fringe && side <= 1; side += 2) /* by the eyes */
        line(g, cx + (float)side * r * 0.5f, cy - r * 0.08f, cx + (float)side * r * 0.58f, cy - r * 0.02f,
             r * 0.025f, mark);
    if (k->lines >= 2) { /* lines beside the mouth */
        line(g, cx - r * 0.3f, cy + r * 0.3f, cx - r * 0.36f, cy + r * 0.5f, r * 0.025f, mark);
        line(g, cx + r * 0.3f, cy + r * 0.3f, cx + r * 0.36f, cy + r * 0.5f, r * 0.025f, mark);
    }
    if (!k->glasses)
        return;
    float ey = cy - r * 0.05f, ex = r * 0.32f, rr = r * 0.19f;
    for (int side = -1; side <= 1; side += 2) {
        float ring[2 * 25];
        for (int i = 0; i < 25; i++) {
            float a = (float)i / 24.0f * 6.2831853f;
            ring[2 * i] = cx + (float)side * ex + rr * cosf(a);
            ring[2 * i + 1] = ey + rr * 0.8f * sinf(a);
        }
        ui_gfx_polyline(g, ring, 25, r * 0.04f, (UiColor){40, 40, 45, 255});
    }
    line(g, cx - ex + rr, ey, cx + ex - rr, ey, r * 0.04f, (UiColor){40, 40, 45, 255});
}

/* ---- the face ------------------------------------------------------------------------------------ */

static UiRect last_face;

UiRect scr_face_rect(void) { return last_face; }

static void features(UiGfx *g, const UiTheme *t, const Face *f, float cx, float cy, float r)
{
    /* eyes */
    float ey = cy - r * 0.05f, ex = r * 0.32f;
    UiColor white = {255, 255, 255, 255};
    ui_gfx_ellipse(g, cx - ex, ey, r * 0.13f, r * 0.11f * f->eye_open_l, white);
    ui_gfx_ellipse(g, cx + ex, ey, r * 0.13f, r * 0.11f * f->eye_open_r, white);
    ui_gfx_ellipse(g, cx - ex, ey, r * 0.06f, r * 0.06f * f->eye_open_l, t->features);
    ui_gfx_ellipse(g, cx + ex, ey, r * 0.06f, r * 0.06f * f->eye_open_r, t->features);
    /* brows: inner end near the nose, outer end out; + is up */
    float by = cy - r * 0.27f, bw = r * 0.07f;
    float bl[4] = {cx - ex - r * 0.17f, by - r * f->brow_l_out, cx - ex + r * 0.15f, by - r * f->brow_l_in};
    float br[4] = {cx + ex - r * 0.15f, by - r * f->brow_r_in, cx + ex + r * 0.17f, by - r * f->brow_r_out};
    ui_gfx_polyline(g, bl, 2, bw, t->features);
    ui_gfx_polyline(g, br, 2, bw, t->features);
    /* nose */
    float nose[2 * 8];
    quad_curve(nose, 8, cx - r * 0.07f, cy + r * 0.19f, cx, cy + r * 0.27f, cx + r * 0.07f, cy + r * 0.19f);
    ui_gfx_polyline(g, nose, 8, r * 0.035f, (UiColor){t->features.r, t->features.g, t->features.b, 150});
    /* mouth */
    float my = cy + r * 0.47f, mw = r * 0.3f;
    float xy[2 * 16];
    quad_curve(xy, 16, cx - mw, my + r * f->mouth_corner - r * f->mouth_tilt, cx, my + r * 2 * f->mouth_mid,
               cx + mw, my + r * f->mouth_corner + r * f->mouth_tilt);
    ui_gfx_polyline(g, xy, 16, r * 0.06f, (UiColor){150, 50, 50, 255});
}

void scr_draw_face(UiApp *a, float cx, float cy, float r, const char *mood)
{
    const UiTheme *t = scr_theme(a);
    static const ScCustomer nobody = {0};
    const ScCustomer *who = a->play ? scenario_customer(play_scenario(a->play)) : &nobody;
    Face f = face_for(mood);
    Look k = look_for(t, who);
    UiGfx *g = a->g;
    last_face = (UiRect){(int)(cx - r * 1.05f), (int)(cy - r * 1.1f), (int)(r * 2.1f), (int)(r * 2.65f)};
    UiColor skin = f.flush ? t->skin_angry : t->skin;
    body(g, t, &k, cx, cy, r);
    hair_top(g, &k, cx, cy, r);
    ui_gfx_ellipse(g, cx, cy + r * 0.05f, r * k.head_w, r * 0.9f, skin);
    if (k.fringe) /* a fringe over the forehead */
        ui_gfx_ellipse(g, cx + r * 0.1f, cy - r * 0.62f, r * 0.62f, r * 0.28f, k.hair);
    /* ears */
    ui_gfx_ellipse(g, cx - r * k.head_w, cy + r * 0.08f, r * 0.12f, r * 0.18f, skin);
    ui_gfx_ellipse(g, cx + r * k.head_w, cy + r * 0.08f, r * 0.12f, r * 0.18f, skin);
    if (f.cheeks) {
        UiColor pink = {240, 140, 140, 140};
        ui_gfx_ellipse(g, cx - r * 0.45f, cy + r * 0.3f, r * 0.14f, r * 0.08f, pink);
        ui_gfx_ellipse(g, cx + r * 0.45f, cy + r * 0.3f, r * 0.14f, r * 0.08f, pink);
    }
    features(g, t, &f, cx, cy, r);
    age_and_glasses(g, t, &k, cx, cy, r);
}
