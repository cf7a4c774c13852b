/* sparring replay: the weekly case review on screen (mentor_replay.h). A recorded attempt is
 * played back decision by decision; "practise from here" forks a sandbox run (the trainee's
 * window and the mentor console) from the moment shown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>

#include "audio_file.h"
#include "cli.h"
#include "mentor_console.h"
#include "mentor_replay.h"
#include "records.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: sparring replay ATTEMPT_ID [--db PATH] [--scenario FILE] [--locale zh|en] [--no-sound]\n"
            "                      [--mentor ID]\n"
            "       sparring replay ATTEMPT_ID --export-audio DIR [--db PATH]\n"
            "\n"
            "Plays a recorded attempt back in a window, decision by decision (Left/Right, Home/End), with\n"
            "the mentor's comments and actions at their moments, and the trainee's spoken answers (A plays\n"
            "the one of the decision shown). \"Practise from here\" (P) starts a new sandbox attempt from\n"
            "the moment shown: the trainee's window and the mentor console.\n"
            "\n"
            "  --db PATH          the records database (default %s)\n"
            "  --scenario FILE    the scenario file (default: found by id under %s)\n"
            "  --locale LL        zh or en (default: the attempt's)\n"
            "  --no-sound         no sound device in the practice run\n"
            "  --mentor ID        the mentor's id, recorded with the practice run\n"
            "  --export-audio DIR writes the attempt's spoken answers as DIR/<decision number>-<node id>.wav\n"
            "                     (DIR is made when missing) and opens no window\n"
            "\n"
            "Attempt ids are in `sparring records export --format csv` (the first column).\n"
            "Needs a display, except with --export-audio.\n",
            cli_db_path(NULL), cli_scenarios_dir());
}

typedef struct {
    const char *id, *db, *scen, *locale, *mentor, *export_audio;
    bool no_sound;
} ReplayArgs;

/* -1: parsed; else the exit code (help, or a usage error reported). */
static int parse_args(int argc, char **argv, ReplayArgs *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = !strcmp(a, "--db") || !strcmp(a, "--scenario") || !strcmp(a, "--locale") ||
                     !strcmp(a, "--mentor") || !strcmp(a, "--export-audio");
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_OK;
        }
        if (takes && !val) {
            fprintf(stderr, "sparring replay: %s needs a value\n", a);
            return EXIT_USAGE;
        }
        if (!strcmp(a, "--db")) {
            o->db = val;
        } else if (!strcmp(a, "--scenario")) {
            o->scen = val;
        } else if (!strcmp(a, "--locale")) {
            if (strncmp(val, "zh", 2) != 0 && strncmp(val, "en", 2) != 0) {
                fprintf(stderr, "sparring replay: unsupported locale '%s' (zh or en)\n", val);
                return EXIT_USAGE;
            }
            o->locale = val;
        } else if (!strcmp(a, "--mentor")) {
            o->mentor = val;
        } else if (!strcmp(a, "--export-audio")) {
            o->export_audio = val;
        } else if (!strcmp(a, "--no-sound")) {
            o->no_sound = true;
        } else if (a[0] == '-') {
            fprintf(stderr, "sparring replay: unknown option '%s'\n\n", a);
            usage(stderr);
            return EXIT_USAGE;
        } else if (o->id) {
            fprintf(stderr, "sparring replay: one ATTEMPT_ID only ('%s' and '%s')\n", o->id, a);
            return EXIT_USAGE;
        } else {
            o->id = a;
        }
        if (takes)
            i++;
    }
    if (!o->id) {
        fprintf(stderr, "sparring replay: which attempt? Give its ATTEMPT_ID\n\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    return -1;
}

/* The attempt with everything in it (and, when recs is not NULL, its recordings with their
 * bytes), read from the store; NULL when it cannot be (reported). */
static RecordsAttempt *load_attempt(const char *dbp, const char *id, RecordsRecording **recs,
                                    int *nrecs)
{
    struct stat st;
    if (*dbp && !records_target_is_pg(dbp) && stat(dbp, &st) != 0) {
        fprintf(stderr, "sparring replay: no records database at %s (give one with --db PATH)\n", dbp);
        return NULL;
    }
    char err[1024];
    Records *db = records_open_readonly(dbp, err, sizeof err);
    if (!db) {
        fprintf(stderr, "sparring replay: %s\n", err);
        return NULL;
    }
    RecordsAttempt *at = records_attempt_load(db, id, err, sizeof err);
    if (!at)
        fprintf(stderr, "sparring replay: no attempt '%s' in %s (%s)\n", id, records_path(db),
                err);
    if (at && recs && records_recordings(db, id, true, recs, nrecs, err, sizeof err) < 0) {
        fprintf(stderr, "sparring replay: the recordings of attempt '%s' cannot be read: %s\n", id, err);
        records_attempt_free(at);
        at = NULL;
    }
    records_close(db);
    return at;
}

/* A node id as a file name: letters, digits, '-', '_' and '.' kept (not first), the rest '_'
 * (ids come from the records: a forged one never names a path outside DIR). */
static void file_safe(const char *id, char *out, size_t size)
{
    size_t o = 0;
    for (const char *p = id; *p && o + 1 < size && o < 64; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || (c == '.' && o > 0);
        out[o++] = ok ? c : '_';
    }
    out[o] = 0;
    if (!o)
        snprintf(out, size, "node");
}

/* Decodes one recording and writes it as DIR/<decision>-<node>.wav. 0, or -1 (reported). */
static int export_one_recording(const RecordsRecording *rec, const char *dir)
{
    char name[80], path[4096], err[512];
    file_safe(rec->node, name, sizeof name);
    snprintf(path, sizeof path, "%s/%d-%s.wav", dir, rec->decision, name);
    AudioClip clip;
    if (audio_clip_decode(rec->data, rec->size, &clip, err, sizeof err) < 0) {
        fprintf(stderr, "sparring replay: the recording of decision %d (%s) is damaged and was not "
                        "written: %s\n", rec->decision, cli_esc(rec->node), err);
        return -1;
    }
    int rc = audio_clip_save(&clip, path, err, sizeof err);
    audio_clip_free(&clip);
    if (rc < 0) {
        fprintf(stderr, "sparring replay: %s\n", err);
        return -1;
    }
    printf("%s\n", path);
    return 0;
}

/* --export-audio DIR: every recording of the attempt as a WAV file. */
static int replay_export_audio(const char *dbp, const char *id, const char *dir)
{
    RecordsRecording *recs = NULL;
    int n = 0;
    RecordsAttempt *at = load_attempt(dbp, id, &recs, &n);
    if (!at)
        return EXIT_INVALID;
    records_attempt_free(at);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "sparring replay: cannot make the folder %s: %s\n", dir, strerror(errno));
        records_recordings_free(recs, n);
        return EXIT_INVALID;
    }
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += export_one_recording(&recs[i], dir) < 0;
    fprintf(stderr, "sparring replay: %d recording%s of attempt %s written to %s%s\n", n - bad,
            n - bad == 1 ? "" : "s", id, dir, n ? "" : " (the attempt has no recordings)");
    records_recordings_free(recs, n);
    return bad ? EXIT_INVALID : EXIT_OK;
}

int cmd_replay(int argc, char **argv)
{
    ReplayArgs o = {0};
    int parsed = parse_args(argc, argv, &o);
    if (parsed >= 0)
        return parsed;
    const char *id = o.id, *scen = o.scen, *locale = o.locale, *mentor = o.mentor;
    bool no_sound = o.no_sound;
    /* The attempt first: a wrong id is the likelier mistake, and it needs no display. */
    const char *dbp = cli_db_path(o.db);
    if (o.export_audio)
        return replay_export_audio(dbp, id, o.export_audio);
    RecordsRecording *recs = NULL;
    int nrecs = 0;
    RecordsAttempt *at = load_attempt(dbp, id, &recs, &nrecs);
    if (!at)
        return EXIT_INVALID;
    char err[1024];
    char path[4096];
    bool changed = false;
    Scenario *sc = mentor_find_scenario(at, scen, cli_scenarios_dir(), path, sizeof path, &changed, err, sizeof err);
    if (!sc) {
        fprintf(stderr, "sparring replay: %s\n", err);
        records_attempt_free(at);
        records_recordings_free(recs, nrecs);
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
    MentorReplayOptions ro = {.locale = locale, .recordings = recs, .nrecordings = nrecs,
                              .audio_backend = no_sound ? "null" : NULL, .db = dbp};
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
    records_recordings_free(recs, nrecs);
    return rc;
}
