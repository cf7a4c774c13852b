/* sparring replay: the weekly case review on screen (mentor_replay.h). A recorded attempt is
 * played back decision by decision; "practise from here" forks a sandbox run (the trainee's
 * window and the mentor console) from the moment shown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "mentor_console.h"
#include "mentor_replay.h"
#include "records.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: sparring replay ATTEMPT_ID [--db PATH] [--scenario FILE] [--locale zh|en] [--no-sound]\n"
            "                      [--mentor ID]\n"
            "\n"
            "Plays a recorded attempt back in a window, decision by decision (Left/Right, Home/End), with\n"
            "the mentor's comments and actions at their moments. \"Practise from here\" (P) starts a new\n"
            "sandbox attempt from the moment shown: the trainee's window and the mentor console.\n"
            "\n"
            "  --db PATH          the records database (default %s)\n"
            "  --scenario FILE    the scenario file (default: found by id under %s)\n"
            "  --locale LL        zh or en (default: the attempt's)\n"
            "  --no-sound         no sound device in the practice run\n"
            "  --mentor ID        the mentor's id, recorded with the practice run\n"
            "\n"
            "Attempt ids are in `sparring records export --format csv` (the first column).\n"
            "Needs a display.\n",
            cli_db_path(NULL), cli_scenarios_dir());
}

int cmd_replay(int argc, char **argv)
{
    const char *id = NULL, *db_opt = NULL, *scen = NULL, *locale = NULL, *mentor = NULL;
    bool no_sound = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = !strcmp(a, "--db") || !strcmp(a, "--scenario") || !strcmp(a, "--locale") || !strcmp(a, "--mentor");
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_OK;
        }
        if (takes && !val) {
            fprintf(stderr, "sparring replay: %s needs a value\n", a);
            return EXIT_USAGE;
        }
        if (!strcmp(a, "--db")) {
            db_opt = val;
        } else if (!strcmp(a, "--scenario")) {
            scen = val;
        } else if (!strcmp(a, "--locale")) {
            if (strncmp(val, "zh", 2) != 0 && strncmp(val, "en", 2) != 0) {
                fprintf(stderr, "sparring replay: unsupported locale '%s' (zh or en)\n", val);
                return EXIT_USAGE;
            }
            locale = val;
        } else if (!strcmp(a, "--mentor")) {
            mentor = val;
        } else if (!strcmp(a, "--no-sound")) {
            no_sound = true;
        } else if (a[0] == '-') {
            fprintf(stderr, "sparring replay: unknown option '%s'\n\n", a);
            usage(stderr);
            return EXIT_USAGE;
        } else if (id) {
            fprintf(stderr, "sparring replay: one ATTEMPT_ID only ('%s' and '%s')\n", id, a);
            return EXIT_USAGE;
        } else {
            id = a;
        }
        if (takes)
            i++;
    }
    if (!id) {
        fprintf(stderr, "sparring replay: which attempt? Give its ATTEMPT_ID\n\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    /* The attempt first: a wrong id is the likelier mistake, and it needs no display. */
    const char *dbp = cli_db_path(db_opt);
    struct stat st;
    if (*dbp && stat(dbp, &st) != 0) {
        fprintf(stderr, "sparring replay: no records database at %s (give one with --db PATH)\n", dbp);
        return EXIT_INVALID;
    }
    char err[1024];
    Records *db = records_open_readonly(dbp, err, sizeof err);
    if (!db) {
        fprintf(stderr, "sparring replay: %s\n", err);
        return EXIT_INVALID;
    }
    RecordsAttempt *at = records_attempt_load(db, id, err, sizeof err);
    records_close(db);
    if (!at) {
        fprintf(stderr, "sparring replay: no attempt '%s' in %s (%s)\n", id, dbp, err);
        return EXIT_INVALID;
    }
    char path[4096];
    bool changed = false;
    Scenario *sc = mentor_find_scenario(at, scen, cli_scenarios_dir(), path, sizeof path, &changed, err, sizeof err);
    if (!sc) {
        fprintf(stderr, "sparring replay: %s\n", err);
        records_attempt_free(at);
        return EXIT_INVALID;
    }
    if (changed)
        fprintf(stderr, "sparring replay: warning: %s changed since the attempt (its SHA-256 differs); the playback "
                        "follows the file as it is now\n", path);
    int rc = EXIT_OK;
    const char *drv = getenv("SDL_VIDEODRIVER"), *x11 = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    if ((!drv || !*drv) && (!x11 || !*x11) && (!wl || !*wl)) {
        fprintf(stderr, "sparring replay: no display: neither DISPLAY nor WAYLAND_DISPLAY is set, so the review "
                        "window cannot open.\nThe attempt's decisions and mentor events are in `sparring records "
                        "export --format jsonl`.\n");
        rc = EXIT_INVALID;
        goto out;
    }
    MentorReplayOptions ro = {.locale = locale};
    MentorReplay *r = mentor_replay_new(sc, at, &ro, err, sizeof err);
    if (!r) {
        fprintf(stderr, "sparring replay: %s\n", err);
        rc = EXIT_INVALID;
        goto out;
    }
    mentor_replay_run(r);
    int fork = mentor_replay_fork_steps(r);
    mentor_replay_free(r);
    if (fork >= 0) {
        UiOptions uo = {.path = path, .locale = locale, .db = dbp, .audio = no_sound ? "null" : NULL,
                       .mentor = mentor};
        UiApp *app = mentor_practise_from(at, fork, &uo, err, sizeof err);
        if (!app) {
            fprintf(stderr, "sparring replay: %s\n", err);
            rc = EXIT_INVALID;
            goto out;
        }
        MentorConsole *con = mentor_console_new(app, NULL, err, sizeof err);
        if (!con) {
            fprintf(stderr, "sparring replay: the mentor console cannot open: %s\n", err);
            ui_app_free(app);
            rc = EXIT_INVALID;
            goto out;
        }
        mentor_run(app, con);
        mentor_console_free(con);
        ui_app_free(app);
    }
out:
    scenario_free(sc);
    records_attempt_free(at);
    return rc;
}
