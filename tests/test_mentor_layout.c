/* The mentor's console works beside the trainee on one 1280x800 display (issue: the answer
 * key's lower answers, often the best, the comments and "Path so far / Rewind here" sat below a
 * long outline). On one display of 1280x800 the two windows split the screen: the trainee's 800
 * points wide, the console the other 480 (mentor_console.c, place_beside). At that size, on the
 * real console window (SDL's dummy driver), one decision into a sandbox call and at the bundled
 * library's timed decision with the most text: every answer's line of the key, each meter's
 * buttons, the rewind button and the comment box with its button lie wholly inside the window
 * and in view (not scrolled away), in Chinese and English. The same on a 1920x1080 display
 * (1056 and 864). Then on real X displays of both sizes (Xvfb), where the windows place
 * themselves: side by side at those widths, and the same. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SDL.h>

#include "check.h"
#include "mentor_console.h"
#include "scenario.h"
#include "ui_app.h"
#include "ui_check.h"
#include "ui_gfx.h"
#include "ui_strings.h"

static char tmpdir[4096], settings_path[4200], db_path[4200];

/* The hits of the console's last frame labelled label: how many, and whether each is wholly in
 * view (its visible part is all of it) and on screen. */
static int hits_in_view(MentorWin *w, const char *label, int W, int H, int *in_view)
{
    int n = 0;
    *in_view = 0;
    for (int i = 0; i < w->ui.nhits; i++) {
        const UiHit *h = &w->ui.hits[i];
        if (strcmp(h->label, label) != 0)
            continue;
        n++;
        if (h->r.w == h->full.w && h->r.h == h->full.h && ui_check_on_screen(h->r, W, H))
            (*in_view)++;
    }
    return n;
}

/* How one display W wide is split (mentor_console.c, split): the trainee's 55% but at least
 * 800, the console the rest. 1280: 800 + 480; 1920: 1056 + 864. */
static void split_of(int W, int *tw, int *cw)
{
    *tw = W * 55 / 100 < 800 ? 800 : W * 55 / 100;
    *cw = W - *tw;
}

/* One display of DW x DH; placed: a real X display of that size (Xvfb), the windows where the
 * console puts them; otherwise both windows opened at their share on the dummy driver. */
static void console_beside(const char *loc, int DW, int DH, bool placed)
{
    int tw_exp, cw_exp;
    split_of(DW, &tw_exp, &cw_exp);
    UiCheckLongest l = ui_check_longest_decision(loc, true);
    CHECK_MSG(l.node >= 0, "%s: no timed decision to test", loc);
    if (l.node < 0)
        return;
    ui_check_write_file(settings_path, "");
    ui_check_now = 1000;
    UiOptions o = {.path = l.path, .mode = "sandbox", .trainee = "T9", .locale = loc, .db = db_path,
                   .settings = settings_path, .audio = "null", .width = placed ? 0 : tw_exp, .height = placed ? 0 : DH,
                   .clock = ui_check_clock, .no_present = true, .mentor = "M1"};
    UiApp *a = ui_check_open(&o);
    if (!a)
        return;
    MentorConsole *c = ui_check_console(a, placed ? 0 : cw_exp, placed ? 0 : DH);
    if (!c)
        return;
    if (placed) { /* side by side: the trainee's share on the left, the console the rest */
        for (int i = 0; i < 5; i++) {
            ui_check_both(a, c);
            SDL_Delay(40);
        }
        int tx, ty, tw, th, cx, cy, cw, ch;
        SDL_GetWindowPosition(ui_gfx_window(ui_app_gfx(a)), &tx, &ty);
        SDL_GetWindowSize(ui_gfx_window(ui_app_gfx(a)), &tw, &th);
        SDL_GetWindowPosition(ui_gfx_window(mentor_console_win(c)->g), &cx, &cy);
        SDL_GetWindowSize(ui_gfx_window(mentor_console_win(c)->g), &cw, &ch);
        CHECK_MSG(tx == 0 && tw == tw_exp && cx == tw_exp && cw == cw_exp && th == DH && ch == DH,
                  "%s: trainee at x %d, %dx%d; console at x %d, %dx%d", loc, tx, tw, th, cx, cw, ch);
        /* and each draws at its new size */
        CHECK_MSG(ui_gfx_width(ui_app_gfx(a)) == tw && ui_gfx_width(mentor_console_win(c)->g) == cw,
                  "%s: the trainee's window draws %d wide, the console %d", loc, ui_gfx_width(ui_app_gfx(a)),
                  ui_gfx_width(mentor_console_win(c)->g));
    }
    /* The call from the node before, then the answer that leads to the longest one. */
    char err[512] = "";
    CHECK_MSG(ui_app_start_from(a, 3, ui_app_play_options(a), l.from, NULL, 0, err, sizeof err) == 0, "%s", err);
    ui_check_both(a, c);
    UiView v;
    ui_app_view(a, &v);
    for (int k = 0; k < v.nchoices; k++)
        if (v.choice_index[k] == l.choice) {
            char key[4] = {(char)('1' + k), 0};
            ui_app_push_key(key);
        }
    ui_check_both(a, c);
    for (int guard = 0; guard < 4; guard++) { /* past the coach's tip, if any */
        ui_app_view(a, &v);
        if (!v.play || play_node(v.play) == l.node || !(v.feedback || play_status(v.play) == PLAY_WAITING))
            break;
        ui_app_push_key("Return");
        ui_check_both(a, c);
    }
    ui_app_view(a, &v);
    CHECK_MSG(v.play && play_node(v.play) == l.node && play_decision_count(v.play) == 1 && v.mode == UI_MODE_SANDBOX,
              "%s: not at the longest node one decision in", loc);
    const Scenario *sc = v.play ? play_scenario(v.play) : NULL;
    MentorWin *w = mentor_console_win(c);
    int W = ui_gfx_width(w->g), H = ui_gfx_height(w->g);
    const UiConsoleWords *s = ui_strings(loc)->console;
    MentorConsoleView cv;
    mentor_console_view(c, &cv);
    CHECK(cv.live);
    /* The answer key: every answer's points line, on screen. */
    int field_top = H;
    for (int i = 0; i < w->ui.nhits; i++)
        if (!strcmp(w->ui.hits[i].label, s->comment_ph) || !strcmp(w->ui.hits[i].label, s->add_comment))
            field_top = w->ui.hits[i].r.y < field_top ? w->ui.hits[i].r.y : field_top;
    CHECK_MSG(field_top < H, "%s: no comment box", loc);
    if (sc)
        CHECK_INT(cv.nkey, scenario_node(sc, l.node)->nchoices);
    for (int k = 0; k < cv.nkey; k++) {
        UiRect r = cv.key_rect[k];
        CHECK_MSG(ui_check_on_screen(r, W, H) && r.y + r.h <= field_top,
                  "%s: answer %d of the key at y %d..%d (window %d, comment box at %d)", loc, k + 1, r.y, r.y + r.h, H,
                  field_top);
        const UiDrawnText *t = ui_check_text(w->g, cv.key_text[k]);
        CHECK_MSG(t != NULL, "%s: answer %d's points not drawn", loc, k + 1);
    }
    /* The meters: each one's four buttons. */
    int in_view, n = hits_in_view(w, "+10", W, H, &in_view);
    int shown_meters = sc ? scenario_meter_count(sc) : 0;
    CHECK_MSG(n == shown_meters && in_view == n, "%s: %d of %d meters' buttons in view", loc, in_view, shown_meters);
    n = hits_in_view(w, "-10", W, H, &in_view);
    CHECK_MSG(n == shown_meters && in_view == n, "%s: %d of %d meters' -10 in view", loc, in_view, shown_meters);
    /* Rewind, and the comment box with its button. */
    n = hits_in_view(w, s->rewind, W, H, &in_view);
    CHECK_MSG(n == 1 && in_view == 1, "%s: rewind buttons %d, in view %d", loc, n, in_view);
    n = hits_in_view(w, s->add_comment, W, H, &in_view);
    CHECK_MSG(n == 1 && in_view == 1, "%s: the comment button in view %d of %d", loc, in_view, n);
    n = hits_in_view(w, s->comment_ph, W, H, &in_view);
    CHECK_MSG(n == 1 && in_view == 1, "%s: the comment box in view %d of %d", loc, in_view, n);
    char name[64];
    snprintf(name, sizeof name, "console-%dx%d-%s%s", cw_exp, DH, loc, placed ? "-x11" : "");
    ui_check_save_png(w->g, getenv("SPARRING_TEST_PNG"), name);
    mentor_console_free(c);
    ui_app_free(a);
}

/* The display on_x11 started (its child process runs these). */
static int x11_w, x11_h;

static void console_x11_zh(void) { console_beside("zh", x11_w, x11_h, true); }
static void console_x11_en(void) { console_beside("en", x11_w, x11_h, true); }
static void console_1280x800_zh(void) { console_beside("zh", 1280, 800, false); }
static void console_1280x800_en(void) { console_beside("en", 1280, 800, false); }
static void console_1920x1080_zh(void) { console_beside("zh", 1920, 1080, false); }
static void console_1920x1080_en(void) { console_beside("en", 1920, 1080, false); }

/* The same on Xvfb, in a child process (SDL's video driver is chosen once a process): the
 * console places itself. 77 when Xvfb is missing or does not start. */
static int on_x11(int W, int H)
{
    char screen[32];
    snprintf(screen, sizeof screen, "%dx%dx24", W, H);
    x11_w = W;
    x11_h = H;
    if (access("/usr/bin/Xvfb", X_OK) != 0)
        return 77;
    char disp[16], sock[64];
    int n = 200 + getpid() % 300;
    snprintf(disp, sizeof disp, ":%d", n);
    snprintf(sock, sizeof sock, "/tmp/.X11-unix/X%d", n);
    if (access(sock, F_OK) == 0)
        return 77;
    pid_t x = fork();
    if (x == 0) {
        int fd = open("/dev/null", O_WRONLY);
        dup2(fd, 1);
        dup2(fd, 2);
        execl("/usr/bin/Xvfb", "Xvfb", disp, "-screen", "0", screen, "-nolisten", "tcp", (char *)NULL);
        _exit(127);
    }
    int up = 0;
    for (int i = 0; i < 100 && x > 0 && !up; i++) {
        up = access(sock, F_OK) == 0;
        if (!up)
            SDL_Delay(50);
    }
    int rc = 77;
    if (up) {
        pid_t t = fork();
        if (t == 0) {
            setenv("DISPLAY", disp, 1);
            setenv("SDL_VIDEODRIVER", "x11", 1);
            RUN(console_x11_zh);
            RUN(console_x11_en);
            _exit(check_failures_in_test ? 1 : 0);
        }
        int st = 1;
        rc = t > 0 && waitpid(t, &st, 0) == t && WIFEXITED(st) ? WEXITSTATUS(st) : 1;
    }
    if (x > 0) {
        kill(x, SIGTERM);
        waitpid(x, NULL, 0);
    }
    return rc;
}

static void console_x11(void)
{
    static const int sizes[][2] = {{1280, 800}, {1920, 1080}};
    for (int i = 0; i < 2; i++) {
        int rc = on_x11(sizes[i][0], sizes[i][1]);
        if (rc == 77)
            printf("X11 part skipped: Xvfb is not installed or did not start (scripts/setup.sh installs it)\n");
        else
            CHECK_MSG(rc == 0, "the console on a %dx%d X display (see above)", sizes[i][0], sizes[i][1]);
    }
}

int main(void)
{
    ui_check_tmpdir("mentor-layout", tmpdir, sizeof tmpdir);
    snprintf(settings_path, sizeof settings_path, "%s/settings.ini", tmpdir);
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    RUN(console_1280x800_zh);
    RUN(console_1280x800_en);
    RUN(console_1920x1080_zh);
    RUN(console_1920x1080_en);
    RUN(console_x11);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
