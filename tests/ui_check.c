/* Helpers shared by the tests that drive the real window; see ui_check.h. */
#include "ui_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "diag.h"
#include "scenario.h"

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

void ui_check_files(UiCheckFiles *f, const char *name, const char *file, const char *json)
{
    ui_check_tmpdir(name, f->dir, sizeof f->dir);
    snprintf(f->scen, sizeof f->scen, "%s/%s", f->dir, file ? file : "scenario.json");
    snprintf(f->db, sizeof f->db, "%s/records.db", f->dir);
    snprintf(f->settings, sizeof f->settings, "%s/settings.ini", f->dir);
    if (json)
        ui_check_write_file(f->scen, json);
}

void ui_check_files_done(const UiCheckFiles *f)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", f->dir);
}

UiApp *ui_check_open_file(const UiCheckFiles *f, const char *path, const char *trainee, const char *locale, int w,
                          int h)
{
    UiOptions o = {.path = path, .trainee = trainee, .locale = locale, .db = f->db, .settings = f->settings,
                   .audio = "null", .width = w, .height = h, .clock = ui_check_clock, .no_present = true};
    return ui_check_open(&o);
}

bool ui_check_on_screen(UiRect r, int W, int H)
{
    return r.w > 0 && r.h > 0 && r.x >= 0 && r.y >= 0 && r.x + r.w <= W && r.y + r.h <= H;
}

void ui_check_click_label(UiApp *a, const char *label)
{
    UiRect r = ui_app_button_rect(a, label);
    int W = ui_gfx_width(ui_app_gfx(a)), H = ui_gfx_height(ui_app_gfx(a));
    CHECK_MSG(ui_check_on_screen(r, W, H), "button \"%s\" not in view", label);
    ui_check_click(a, r);
}

RecordsAttempt *ui_check_load_attempt(const char *db, const char *id)
{
    char err[512];
    Records *r = records_open(db, err, sizeof err);
    CHECK_MSG(r != NULL, "%s", err);
    if (!r)
        return NULL;
    RecordsAttempt *at = records_attempt_load(r, id, err, sizeof err);
    CHECK_MSG(at != NULL, "records_attempt_load %s: %s", id, err);
    records_close(r);
    return at;
}

MentorConsole *ui_check_console(UiApp *a, int w, int h)
{
    MentorConsoleOptions mo = {.width = w, .height = h, .no_present = true};
    char err[512] = "";
    MentorConsole *c = mentor_console_new(a, &mo, err, sizeof err);
    CHECK_MSG(c != NULL, "mentor_console_new: %s", err);
    if (!c)
        ui_app_free(a);
    return c;
}

void ui_check_both(UiApp *a, MentorConsole *c)
{
    ui_app_step(a, 0);
    ui_app_draw(a);
    mentor_console_step(c);
    mentor_console_draw(c);
}

/* Characters (not bytes) of a UTF-8 string. */
static long utf8_chars(const char *s)
{
    long n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The text of node i in locale li, as ui_check_longest_decision counts it. */
static long node_chars(const ScNode *node, int li, bool reachable)
{
    long c = utf8_chars(scenario_text(&node->text, li));
    for (int k = 0; k < node->nchoices; k++) {
        c += utf8_chars(scenario_text(&node->choices[k].text, li));
        if (reachable)
            c += utf8_chars(scenario_text(&node->choices[k].feedback, li));
    }
    return c;
}

/* Keeps node i of sc (loaded from path) in best when it has more text (and, with reachable, a
 * plain answer leads to it). */
static void consider(UiCheckLongest *best, const char *path, const Scenario *sc, int i, long c, bool reachable)
{
    if (!reachable) {
        *best = (UiCheckLongest){.node = i, .from = -1, .choice = -1, .chars = c};
        snprintf(best->path, sizeof best->path, "%s", path);
        return;
    }
    for (int j = 0; j < scenario_node_count(sc); j++)
        for (int k = 0; k < scenario_node(sc, j)->nchoices; k++) {
            const ScChoice *ch = &scenario_node(sc, j)->choices[k];
            if (ch->next.node == i && !ch->requires && c > best->chars) {
                *best = (UiCheckLongest){.node = i, .from = j, .choice = k, .chars = c};
                snprintf(best->path, sizeof best->path, "%s", path);
            }
        }
}

UiCheckLongest ui_check_longest_decision(const char *locale, bool reachable)
{
    UiCheckLongest best = {.node = -1, .from = -1, .choice = -1};
    const char *dir = cli_scenarios_dir();
    DIR *d = opendir(dir);
    CHECK_MSG(d != NULL, "cannot open %s", dir);
    if (!d)
        return best;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        DiagList diags = {0};
        Scenario *sc = scenario_load_file(path, &diags);
        diag_list_free(&diags);
        if (!sc)
            continue;
        int li = scenario_locale_index(sc, locale);
        for (int i = 0; i < scenario_node_count(sc); i++) {
            const ScNode *node = scenario_node(sc, i);
            long c = node->nchoices >= 2 && node->time_limit > 0 ? node_chars(node, li, reachable) : 0;
            if (c > best.chars)
                consider(&best, path, sc, i, c, reachable);
        }
        scenario_free(sc);
    }
    closedir(d);
    CHECK_MSG(best.node >= 0, "%s: no timed decision in the library", locale);
    return best;
}

static UiCheckSized run_fn;
static const char *run_locale;
static int run_w, run_h;

static void run_one(void)
{
    run_fn(run_locale, run_w, run_h);
}

void ui_check_run_sizes(const char *name, UiCheckSized fn)
{
    static const struct {
        const char *locale;
        int w, h;
    } sizes[] = {{"en", 800, 600}, {"zh", 800, 600}, {"en", 1920, 1080}, {"zh", 1920, 1080}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char full[256];
        snprintf(full, sizeof full, "%s %s %dx%d", name, sizes[i].locale, sizes[i].w, sizes[i].h);
        run_fn = fn;
        run_locale = sizes[i].locale;
        run_w = sizes[i].w;
        run_h = sizes[i].h;
        check_run(full, run_one);
    }
}

/* The code point at s (UTF-8), and its length. */
static unsigned cp_at(const unsigned char *s, int *len)
{
    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0 && s[1]) {
        *len = 2;
        return (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    }
    if ((s[0] & 0xF0) == 0xE0 && s[1] && s[2]) {
        *len = 3;
        return (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    }
    *len = 1;
    return 0xFFFD;
}

static bool chinese(unsigned c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
}

static bool ascii_punct(unsigned c) { return c > 0 && c < 0x80 && strchr(",:;()[]", (int)c) != NULL; }

bool ui_check_mixed_punctuation(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned prev = 0;
    bool ascii_paren = false, wide_paren = false;
    for (int i = 0; s[i];) {
        int len;
        unsigned c = cp_at(s + i, &len);
        ascii_paren |= c == '(' || c == ')';
        wide_paren |= c == 0xFF08 || c == 0xFF09;
        if (ascii_punct(c) && chinese(prev))
            return true;
        if (chinese(c) && ascii_punct(prev))
            return true;
        if (c != ' ')
            prev = c;
        i += len;
    }
    return ascii_paren && wide_paren;
}

void ui_check_chinese_frame(UiGfx *g, const char *where)
{
    for (int i = 0; i < ui_gfx_drawn_count(g); i++) {
        const char *t = ui_gfx_drawn(g, i)->text;
        CHECK_MSG(!ui_check_mixed_punctuation(t), "%s: ASCII punctuation in Chinese: \"%s\"", where, t);
    }
}
