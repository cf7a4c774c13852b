/* The trainer window's cost: frame time of a call screen full of Chinese text (software
 * renderer, 1280x800), and CPU use while the window waits with nothing moving. Prints
 * numbers; asserts nothing. Targets: under 4 ms a frame, under 1% CPU when idle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <dirent.h>

#include <SDL.h>

#include "cli.h"
#include "mentor_console.h"
#include "ui_app.h"
#include "ui_gfx.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* Handles pushed events and draws. */
static void settle(UiApp *a)
{
    ui_app_step(a, 0);
    ui_app_draw(a);
}

static double thread_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wall time is what the trainee waits; CPU time of this thread is the same work without the
 * noise of other processes on a busy machine. */
static void frames(UiApp *a, int n, const char *what)
{
    double sum = 0, max = 0, c0 = thread_cpu_s();
    for (int i = 0; i < n; i++) {
        double t0 = now_s();
        ui_app_draw(a);
        double dt = now_s() - t0;
        sum += dt;
        if (dt > max)
            max = dt;
    }
    double cpu = thread_cpu_s() - c0;
    printf("%-44s mean %6.3f ms  max %6.3f ms  CPU %6.3f ms a frame  (%d frames)\n", what, 1e3 * sum / n,
           1e3 * max, 1e3 * cpu / n, n);
}

/* The main loop's own iteration (as ui_app_run), for `seconds`. */
static void idle(UiApp *a, double seconds, const char *what)
{
    double w0 = now_s(), c0 = cpu_s();
    while (now_s() - w0 < seconds)
        ui_app_step(a, ui_app_wait_ms(a));
    double wall = now_s() - w0, cpu = cpu_s() - c0;
    printf("%-44s %5.2f %% CPU (%.3f s CPU over %.2f s)\n", what, 100 * cpu / wall, cpu, wall);
}

/* Starts Xvfb for the X11 figures on a display number it picks itself (-displayfd: a number
 * chosen here could be taken meanwhile by another program's X server, whose end would then
 * take our windows with it); 0 when it cannot. */
static pid_t start_xvfb(char *display, size_t size)
{
    int fds[2];
    if (access("/usr/bin/Xvfb", X_OK) != 0 || pipe(fds) != 0)
        return 0;
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        close(fds[0]);
        char wfd[16];
        snprintf(wfd, sizeof wfd, "%d", fds[1]);
        execl("/usr/bin/Xvfb", "Xvfb", "-displayfd", wfd, "-screen", "0", "1280x1024x24", "-nolisten", "tcp",
              (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    char num[32] = "";
    ssize_t n = pid > 0 ? read(fds[0], num, sizeof num - 1) : -1; /* written once the server is ready */
    close(fds[0]);
    if (n > 0) {
        num[n] = 0;
        num[strcspn(num, "\n")] = 0;
        snprintf(display, size, ":%s", num);
        return pid;
    }
    if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
    return 0;
}

/* Opens the window; on a busy machine the X server the bench started sometimes refuses a new
 * connection ("x11 not available") and takes the next: up to three tries. */
static UiApp *open_app(const UiOptions *o, char *err, size_t errsize)
{
    UiApp *a = NULL;
    for (int i = 0; i < 3 && !a; i++) {
        if (i)
            usleep(200000);
        a = ui_app_new(o, err, errsize);
    }
    return a;
}

/* The X server the bench started (0: none): its CPU is part of what a redraw costs on X11. */
static pid_t xserver;

static int measure(const char *scen, const char *cfg);

static void ui_view_timer(UiApp *a)
{
    UiView v;
    ui_app_view(a, &v);
    if (v.play)
        printf("countdown: %lld ms of %lld left\n", (long long)play_time_left_ms(v.play, SDL_GetTicks64()),
               (long long)play_time_limit_ms(v.play));
}

int main(int argc, char **argv)
{
    static char scen[4200], cfg[4200];
    snprintf(scen, sizeof scen, "%s/hung-up-call.json", argc > 1 ? argv[1] : cli_scenarios_dir());
    snprintf(cfg, sizeof cfg, "/tmp/sparring-bench-window-%d.ini", (int)getpid());
    const char *d = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    setenv("SDL_RENDER_DRIVER", "software", 0);
    if ((d && *d) || (wl && *wl)) {
        int rc = measure(scen, cfg);
        remove(cfg);
        return rc;
    }
    /* No display: SDL's dummy driver, then a real X server (Xvfb) when there is one. */
    setenv("SDL_VIDEODRIVER", "dummy", 0);
    int rc = measure(scen, cfg);
    char display[32];
    pid_t x = start_xvfb(display, sizeof display);
    if (x > 0) {
        printf("\n");
        setenv("DISPLAY", display, 1);
        setenv("SDL_VIDEODRIVER", "x11", 1);
        xserver = x;
        rc |= measure(scen, cfg);
        kill(x, SIGTERM);
        waitpid(x, NULL, 0);
    } else {
        printf("(no Xvfb: X11 figures skipped)\n");
    }
    remove(cfg);
    return rc;
}

/* The scenario list (every scenario of the folder) redrawn after Ctrl+= / Ctrl+-: a new text
 * size drops the text cache, so the frame lays out every card's text again and rasterises what
 * is in view. Timed from the key to the frame drawn, as the trainee waits for it; the CPU time
 * of this thread beside it (the same work without the noise of a busy machine). Target: 50 ms. */
static void list_after_zoom(const char *scen, const char *cfg)
{
    char dir[4400];
    snprintf(dir, sizeof dir, "%s", scen);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = 0;
    UiOptions o = {.path = dir, .mode = "practice", .trainee = "bench", .locale = "zh", .db = "",
                   .settings = cfg, .audio = "null", .width = 1280, .height = 800};
    char err[512];
    UiApp *a = open_app(&o, err, sizeof err);
    if (!a) {
        printf("list: cannot open the window (%s)\n", err);
        return;
    }
    ui_app_draw(a);
    UiView v;
    ui_app_view(a, &v);
    /* Up from 1.0 to 2.0 (each a text size not seen yet), then back down (each seen). */
    for (int pass = 0; pass < 2; pass++) {
        enum { N = 10 };
        double sum = 0, max = 0, c0 = thread_cpu_s();
        int entries;
        long r0, r1;
        ui_gfx_cache_stats(ui_app_gfx(a), &entries, &r0);
        for (int i = 0; i < N; i++) {
            double t0 = now_s();
            ui_app_push_key(pass ? "ctrl+-" : "ctrl+=");
            ui_app_step(a, 0);
            double dt = now_s() - t0;
            sum += dt;
            if (dt > max)
                max = dt;
        }
        double cpu = thread_cpu_s() - c0;
        ui_gfx_cache_stats(ui_app_gfx(a), &entries, &r1);
        double load[1] = {0};
        getloadavg(load, 1);
        printf("%-44s mean %6.3f ms  max %6.3f ms  CPU %6.3f ms  (%d zooms %s, %d scenarios, %ld texts "
               "rasterised a redraw; load %.1f)\n",
               pass ? "list redraw after a zoom (size seen):" : "list redraw after a zoom (new size):", 1e3 * sum / N,
               1e3 * max, 1e3 * cpu / N, N, pass ? "2.0 -> 1.0" : "1.0 -> 2.0", v.nentries, (r1 - r0) / N, load[0]);
    }
    ui_app_free(a);
}

/* CPU seconds of process pid, all its threads, from /proc/PID/task/TID/schedstat: the
 * scheduler's run time in nanoseconds. (/proc/PID/stat counts in clock ticks of 10 ms: an X
 * server that works 1 ms a second read as 0.00 % over 5 s.) Falls back to stat's ticks; -1
 * when unknown. */
static double proc_cpu_s(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    double ns = 0;
    int tasks = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char p2[320];
        snprintf(p2, sizeof p2, "/proc/%d/task/%s/schedstat", (int)pid, e->d_name);
        FILE *f = fopen(p2, "r");
        unsigned long long run = 0;
        if (f && fscanf(f, "%llu", &run) == 1) {
            ns += (double)run;
            tasks++;
        }
        if (f)
            fclose(f);
    }
    if (d)
        closedir(d);
    if (tasks > 0)
        return ns / 1e9;
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')'); /* fields after the command's name: state is field 3 */
    unsigned long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* The main loop (as ui_app_run, or mentor_run with the mentor's console beside the call) for
 * 5 s while a timed decision counts down: a fresh call at the scenario's first timed node with
 * a long time limit, nothing touched. The process's CPU (both windows with the console), and
 * the X server's when the bench started one. */
static void countdown_cpu(const char *scen, const char *cfg, bool console)
{
    UiOptions o = {.path = scen, .mode = console ? "sandbox" : "practice", .trainee = "bench", .locale = "zh",
                   .db = "", .settings = cfg, .audio = "null", .width = 1280, .height = 800};
    char err[512] = "";
    UiApp *a = open_app(&o, err, sizeof err);
    if (!a) {
        printf("countdown: cannot open the window (%s)\n", err);
        return;
    }
    const Scenario *sc = ui_app_open_scenario(a);
    int node = -1;
    for (int i = 0; sc && i < scenario_node_count(sc) && node < 0; i++)
        if (scenario_node(sc, i)->nchoices > 1 && scenario_node(sc, i)->time_limit >= 30)
            node = i;
    if (node < 0 || ui_app_start_from(a, 1, ui_app_play_options(a), node, NULL, 0, err, sizeof err) != 0) {
        printf("countdown: no timed decision to measure (%s)\n", err);
        ui_app_free(a);
        return;
    }
    MentorConsoleOptions mo = {.width = 1000, .height = 760};
    MentorConsole *c = console ? mentor_console_new(a, &mo, err, sizeof err) : NULL;
    if (console && !c) {
        printf("console: cannot open (%s)\n", err);
        ui_app_free(a);
        return;
    }
    ui_app_draw(a);
    if (c)
        mentor_console_draw(c);
    double w0 = now_s(), c0 = cpu_s(), x0 = xserver > 0 ? proc_cpu_s(xserver) : -1;
    while (now_s() - w0 < 5.0) {
        int wait = ui_app_wait_ms(a);
        ui_app_step(a, c && wait > 250 ? 250 : wait); /* as mentor_run: the console's clock */
        if (c)
            mentor_console_step(c);
    }
    double wall = now_s() - w0, cpu = cpu_s() - c0, x1 = xserver > 0 ? proc_cpu_s(xserver) : -1;
    UiView v;
    ui_app_view(a, &v);
    bool still = v.play && play_status(v.play) == PLAY_CHOOSING;
    printf("%-44s %5.2f %% CPU (%.3f s CPU over %.2f s)",
           c ? "CPU while a countdown runs + console, 5 s:" : "CPU while a countdown runs, 5 s:", 100 * cpu / wall,
           cpu, wall);
    if (x0 >= 0 && x1 >= 0)
        printf("; X server %5.2f %%", 100 * (x1 - x0) / wall);
    printf("%s\n", still ? "" : " (the countdown ended early: not a fair figure)");
    mentor_console_free(c);
    ui_app_free(a);
}

static int measure(const char *scen, const char *cfg)
{
    list_after_zoom(scen, cfg);
    countdown_cpu(scen, cfg, false);
    countdown_cpu(scen, cfg, true);
    UiOptions o = {.path = scen, .mode = "practice", .trainee = "bench", .locale = "zh", .db = "",
                   .settings = cfg, .audio = "null", .width = 1280, .height = 800};
    char err[512];
    UiApp *a = open_app(&o, err, sizeof err);
    if (!a) {
        fprintf(stderr, "bench_window: %s\n", err);
        return 1;
    }
    printf("video driver %s, renderer software, window %dx%d pixels\n", SDL_GetCurrentVideoDriver(),
           ui_gfx_width(ui_app_gfx(a)), ui_gfx_height(ui_app_gfx(a)));
    ui_app_draw(a);
    idle(a, 3.0, "idle, briefing (nothing moves), 3 s:");
    /* Into the call, a few answers deep so the transcript is full of Chinese text. */
    ui_app_push_script("Return");
    settle(a);
    UiView v;
    for (int guard = 0; guard < 100; guard++) {
        ui_app_view(a, &v);
        if (!v.play || v.screen != UI_SCREEN_CALL)
            break;
        PlayStatus st = play_status(v.play);
        if (!v.feedback && st == PLAY_CHOOSING && play_decision_count(v.play) >= 3)
            break;
        if (st == PLAY_ENDED || st == PLAY_DEAD_END)
            break;
        char key[4] = "1";
        if (!v.feedback && st == PLAY_CHOOSING) { /* the best answer, to stay in the call */
            int offered[SC_MAX_CHOICES], n = play_offered(v.play, offered), best = 0;
            long bestp = -1000000;
            const ScNode *node = scenario_node(play_scenario(v.play), play_node(v.play));
            for (int k = 0; k < n && k < 9; k++) {
                long pts = 0;
                for (int i = 0; i < node->choices[offered[k]].nscore; i++)
                    pts += node->choices[offered[k]].score[i].points;
                if (pts > bestp) {
                    bestp = pts;
                    best = k;
                }
            }
            key[0] = (char)('1' + best);
        }
        ui_app_push_script(v.feedback || st == PLAY_WAITING ? "Return" : key);
        settle(a);
    }
    ui_app_view(a, &v);
    printf("call screen: %d decisions taken, %d choices shown\n", v.play ? play_decision_count(v.play) : 0,
           v.nchoices);
    frames(a, 500, "call screen, cached text, 500 frames:");
    int entries;
    long rast0, rast1;
    ui_gfx_cache_stats(ui_app_gfx(a), &entries, &rast0);
    /* Cold: every frame after a text size change rasterises all of its text again. */
    double sum = 0, max = 0;
    for (int i = 0; i < 20; i++) {
        ui_gfx_set_zoom(ui_app_gfx(a), i % 2 ? 1.0 : 1.1);
        ui_gfx_refresh(ui_app_gfx(a)); /* drops the cache (a zoom keeps it) */
        double t0 = now_s();
        ui_app_draw(a);
        double dt = now_s() - t0;
        sum += dt;
        if (dt > max)
            max = dt;
    }
    ui_gfx_set_zoom(ui_app_gfx(a), 1.0);
    ui_gfx_cache_stats(ui_app_gfx(a), &entries, &rast1);
    printf("%-44s mean %6.3f ms  max %6.3f ms  (20 frames, %ld texts rasterised)\n",
           "call screen, cache dropped each frame:", 1e3 * sum / 20, 1e3 * max, rast1 - rast0);
    printf("text cache: %d entries\n", entries);
    ui_view_timer(a);
    idle(a, 3.0, "call screen waiting (countdown running), 3 s:");
    ui_app_free(a);
    return 0;
}
