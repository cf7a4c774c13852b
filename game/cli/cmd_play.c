/* sparring play: the trainer window (the default command). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "mentor_console.h"
#include "ui_app.h"
#include "ui_from.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: sparring [play] [FILE|DIR] [--mode practice|assessment|sandbox] [--trainee ID]\n"
            "                [--locale zh|en] [--fullscreen] [--no-sound] [--no-voice] [--db PATH] [--mentor ID]\n"
            "                [--size WxH] [--screenshot FILE [--script KEYS]]\n"
            "       sparring play FILE --from NODE [--set METER=VALUE ...] [--trainee ID]\n"
            "       sparring play FILE --author [--from NODE [--set METER=VALUE ...]]\n"
            "\n"
            "Opens the trainer window on the bundled scenarios (or on FILE or DIR). With FILE and\n"
            "--trainee it goes straight to that scenario's briefing.\n"
            "\n"
            "  --mode MODE        practice (coach feedback; the default), assessment (timed, scored at\n"
            "                     the end; counts toward certification) or sandbox\n"
            "  --trainee ID       the trainee's employee id (skips sign-in)\n"
            "  --locale LL        zh or en (default: the last one used, else the system's)\n"
            "  --fullscreen       start full screen (F11 toggles)\n"
            "  --no-sound         no sound device\n"
            "  --no-voice         recorded customer lines are not played (timers start at once)\n"
            "  --db PATH          the records database (default %s)\n"
            "  --mentor ID        sandbox: the mentor's id, recorded with the attempts (docs/mentors.md)\n"
            "  --size WxH         window size in points (default 1280x800, at least 800x600)\n"
            "  --screenshot FILE  write the first complete frame as a PNG and exit\n"
            "  --script KEYS      with --screenshot: comma-separated keys pressed first, e.g.\n"
            "                     \"Return,1,Return\" (SDL key names)\n"
            "  --from NODE        play-test: start the call at that node of FILE (practice mode,\n"
            "                     trainee \"playtest\" unless --trainee; never counts)\n"
            "  --set METER=VALUE  with --from: start with that meter at VALUE (repeatable; \"--set\n"
            "                     METER VALUE\" is read the same)\n"
            "  --author           an author's play-test of FILE: practice mode, timers frozen, never\n"
            "                     counts (trainee \"playtest\" unless --trainee)\n"
            "\n"
            "Needs a display; without one, play in the terminal with `sparring run FILE`.\n"
            "Keys in the window: F1.\n",
            cli_db_path(NULL));
}

static bool valid_mode(const char *m)
{
    return !strcmp(m, "practice") || !strcmp(m, "assessment") || !strcmp(m, "sandbox");
}

/* "--set METER VALUE" (a space for the '='): at argv[*i] == "--set", when the meter has no '='
 * and a whole number follows, writes "METER=VALUE" into out, moves *i past the value and returns
 * true. (The caller's loop then skips the meter.) */
static bool read_set(int argc, char **argv, int *i, char *out, size_t size)
{
    const char *meter = *i + 1 < argc ? argv[*i + 1] : NULL, *num = *i + 2 < argc ? argv[*i + 2] : NULL;
    char *end = NULL;
    if (!meter || strchr(meter, '=') || !num || !*num || (strtol(num, &end, 10), *end != '\0'))
        return false;
    snprintf(out, size, "%s=%s", meter, num);
    (*i)++;
    return true;
}

/* --author: an author's play-test of one FILE, in practice mode (never counts; timers frozen).
 * -1 when fine, else the exit code (said on stderr). */
static int author_options(UiOptions *opt)
{
    struct stat st;
    if (!opt->author)
        return -1;
    if (!opt->path || stat(opt->path, &st) != 0 || S_ISDIR(st.st_mode)) {
        fprintf(stderr, "sparring play: --author needs a scenario FILE (got %s)\n", opt->path ? opt->path : "none");
        return EXIT_USAGE;
    }
    if (opt->mode && strcmp(opt->mode, "practice") != 0) {
        fprintf(stderr, "sparring play: --author plays in practice mode only (a play-test never counts)\n");
        return EXIT_USAGE;
    }
    opt->mode = "practice";
    if (!opt->trainee || !*opt->trainee)
        opt->trainee = "playtest";
    return -1;
}

/* Play-testing from a node: checked before anything opens (ui_from.h). -1 when fine (or no
 * --from), else the exit code. */
static int check_from(UiOptions *opt, const char *from, const char *const *sets, int nsets, UiFrom *out)
{
    if (nsets && !from) {
        fprintf(stderr, "sparring play: --set goes with --from NODE\n");
        return EXIT_USAGE;
    }
    if (from) {
        struct stat st;
        if (!opt->path || stat(opt->path, &st) != 0 || S_ISDIR(st.st_mode)) {
            fprintf(stderr, "sparring play: --from needs a scenario FILE (got %s)\n", opt->path ? opt->path : "none");
            return EXIT_USAGE;
        }
        if (opt->mode && strcmp(opt->mode, "practice") != 0) {
            fprintf(stderr, "sparring play: --from plays in practice mode only (a play-test never counts)\n");
            return EXIT_USAGE;
        }
        char ferr[4096];
        int frc = ui_from_parse(opt->path, from, sets, nsets, out, ferr, sizeof ferr);
        if (frc != 0) {
            fprintf(stderr, "sparring play: %s\n", ferr);
            return frc == 2 ? EXIT_USAGE : EXIT_INVALID;
        }
        opt->mode = "practice";
        if (!opt->trainee || !*opt->trainee)
            opt->trainee = "playtest";
    }
    return -1;
}

/* Opens the window (and the console in a sandbox) and runs it to the end; the exit code. */
static int open_and_run(const UiOptions *opt, const char *screenshot, const char *script, const char *from,
                        const UiFrom *from_at)
{
    /* SDL 2.26 silently falls back to an invisible offscreen window: say so instead. */
    const char *drv = getenv("SDL_VIDEODRIVER"), *x11 = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    if ((!drv || !*drv) && (!x11 || !*x11) && (!wl || !*wl)) {
        fprintf(stderr, "sparring play: no display: neither DISPLAY nor WAYLAND_DISPLAY is set, so the trainer "
                        "window cannot open.\nTo play a scenario in this terminal, use `sparring run FILE` "
                        "(see `sparring run --help`).\n");
        return EXIT_INVALID;
    }
    char err[1024];
    UiApp *app = ui_app_new(opt, err, sizeof err);
    if (!app) {
        fprintf(stderr, "sparring play: %s\n", err);
        return EXIT_INVALID;
    }
    if (script && ui_app_push_script(script) != 0) {
        fprintf(stderr, "sparring play: --script: unknown key name in '%s'\n", script);
        ui_app_free(app);
        return EXIT_USAGE;
    }
    if (from && ui_from_start(app, from_at, err, sizeof err) != 0) {
        fprintf(stderr, "sparring play: --from %s: %s\n", from, err);
        ui_app_free(app);
        return EXIT_INVALID;
    }
    /* Sandbox: the mentor console opens beside the trainee's window (mentor_console.h). */
    if (opt->mode && !strcmp(opt->mode, "sandbox") && !screenshot) {
        MentorConsole *con = mentor_console_new(app, NULL, err, sizeof err);
        if (!con) {
            fprintf(stderr, "sparring play: the mentor console cannot open: %s\n", err);
            ui_app_free(app);
            return EXIT_INVALID;
        }
        mentor_run(app, con);
        mentor_console_free(con);
        ui_app_free(app);
        return EXIT_OK;
    }
    int rc = ui_app_run(app, screenshot);
    ui_app_free(app);
    return rc;
}

int cmd_play(int argc, char **argv)
{
    UiOptions opt = {0};
    const char *screenshot = NULL, *script = NULL;
    bool no_sound = false;
    const char *from = NULL, *sets[UI_FROM_MAX_SETS + 1];
    static char joined[UI_FROM_MAX_SETS][160]; /* "--set trust 50" read as "trust=50" */
    int nsets = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = !strcmp(a, "--mode") || !strcmp(a, "--trainee") || !strcmp(a, "--locale") ||
                     !strcmp(a, "--db") || !strcmp(a, "--mentor") || !strcmp(a, "--screenshot") || !strcmp(a, "--script") ||
                     !strcmp(a, "--size") || !strcmp(a, "--from") || !strcmp(a, "--set");
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_OK;
        }
        if (takes && !val) {
            fprintf(stderr, "sparring play: %s needs a value\n", a);
            return EXIT_USAGE;
        }
        if (!strcmp(a, "--mode")) {
            if (!valid_mode(val)) {
                fprintf(stderr, "sparring play: unknown mode '%s' (practice, assessment or sandbox)\n", val);
                return EXIT_USAGE;
            }
            opt.mode = val;
        } else if (!strcmp(a, "--trainee")) {
            if (!cli_text_ok(val)) { /* it would poison every JSON export and the LRS */
                fprintf(stderr, "sparring play: --trainee '%s' is not UTF-8 text, or holds a line "
                                "break, tab or other control character\n", cli_esc(val));
                return EXIT_USAGE;
            }
            opt.trainee = val;
        } else if (!strcmp(a, "--locale")) {
            if (strncmp(val, "zh", 2) != 0 && strncmp(val, "en", 2) != 0) {
                fprintf(stderr, "sparring play: unsupported locale '%s' (zh or en)\n", val);
                return EXIT_USAGE;
            }
            opt.locale = val;
        } else if (!strcmp(a, "--db")) {
            opt.db = val;
        } else if (!strcmp(a, "--mentor")) {
            opt.mentor = val;
        } else if (!strcmp(a, "--screenshot")) {
            screenshot = val;
        } else if (!strcmp(a, "--script")) {
            script = val;
        } else if (!strcmp(a, "--size")) {
            if (sscanf(val, "%dx%d", &opt.width, &opt.height) != 2 || opt.width <= 0 || opt.height <= 0) {
                fprintf(stderr, "sparring play: --size takes WxH, e.g. 1280x800\n");
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "--from")) {
            from = val;
        } else if (!strcmp(a, "--set")) {
            if (nsets == UI_FROM_MAX_SETS) {
                fprintf(stderr, "sparring play: at most %d --set\n", UI_FROM_MAX_SETS);
                return EXIT_USAGE;
            }
            sets[nsets] = read_set(argc, argv, &i, joined[nsets], sizeof joined[nsets]) ? joined[nsets] : val;
            nsets++;
        } else if (!strcmp(a, "--author")) {
            opt.author = true;
        } else if (!strcmp(a, "--fullscreen")) {
            opt.fullscreen = true;
        } else if (!strcmp(a, "--no-sound")) {
            no_sound = true;
        } else if (!strcmp(a, "--no-voice")) {
            opt.no_voice = true;
        } else if (a[0] == '-') {
            fprintf(stderr, "sparring play: unknown option '%s'\n\n", a);
            usage(stderr);
            return EXIT_USAGE;
        } else if (opt.path) {
            fprintf(stderr, "sparring play: one FILE or DIR only ('%s' and '%s')\n", opt.path, a);
            return EXIT_USAGE;
        } else {
            opt.path = a;
        }
        if (takes)
            i++;
    }
    if (script && !screenshot) {
        fprintf(stderr, "sparring play: --script goes with --screenshot\n");
        return EXIT_USAGE;
    }
    UiFrom from_at;
    int frc = author_options(&opt);
    if (frc < 0)
        frc = check_from(&opt, from, sets, nsets, &from_at);
    if (frc >= 0)
        return frc;
    opt.audio = no_sound ? "null" : NULL;
    return open_and_run(&opt, screenshot, script, from, &from_at);
}
