/* sparring voice record FILE [--locale LL]: the trainer's recorder of the customer's lines
 * (game/voice/voice_rec.h, docs/voice.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio.h"
#include "audio_capture.h"
#include "cli.h"
#include "diag.h"
#include "scenario.h"
#include "sheet.h"
#include "voice_paths.h"
#include "voice_rec.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: sparring voice record FILE [--locale LL] [--no-sound] [--size WxH]\n"
            "                             [--script STEPS] [--screenshot PNG]\n"
            "\n"
            "Opens the recorder on every line the customer speaks in FILE, one at a time, in the\n"
            "order of the call (a walk from the start), beginning at the first line without a\n"
            "take. Hold Space (or click Record, then Stop) to record a line from the microphone;\n"
            "the level meter shows how loud it is and warns when the take clips. Silence is\n"
            "trimmed at both ends and the take is saved beside FILE as\n"
            "  voice/<scenario id>/<locale>/<node id>.flac\n"
            "Recording a line again replaces its take. P plays the take back, S skips a line,\n"
            "Left/Right move between lines, Esc closes (or drops a take in progress).\n"
            "`sparring validate -v` and `sparring stats` show which lines still have no take.\n"
            "\n"
            "  --locale LL       the language recorded: one of the scenario's locales (default its first)\n"
            "  --no-sound        no play back (no sound device for output)\n"
            "  --size WxH        window size in points (default 1000x720)\n"
            "  --script STEPS    drive the window without hands, then close it: comma-separated\n"
            "                    steps, rec:SECONDS (hold Space until the take holds SECONDS of\n"
            "                    sound) or a key name (Right, Left, S, P, Escape); for tests and demos\n"
            "  --screenshot PNG  with --script: save the last frame as a PNG image\n"
            "\n"
            "Needs a microphone and a display. Exit codes: 0 done, 1 the scenario is invalid, it\n"
            "has no customer line, or there is no microphone or no display, 2 usage.\n");
}

static int parse_size(const char *v, int *w, int *h)
{
    char *end;
    long a = strtol(v, &end, 10);
    if (end == v || *end != 'x')
        return -1;
    const char *p = end + 1;
    long b = strtol(p, &end, 10);
    if (end == p || *end || a < 640 || b < 480 || a > 8192 || b > 8192)
        return -1;
    *w = (int)a;
    *h = (int)b;
    return 0;
}

typedef struct {
    const char *file, *locale, *script, *screenshot;
    bool no_sound;
    int width, height;
} VoiceArgs;

/* -1: go on; else the exit code (help, a usage error). */
static int parse_args(int argc, char **argv, VoiceArgs *va)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_OK;
        }
        if (!strcmp(a, "--no-sound")) {
            va->no_sound = true;
            continue;
        }
        bool missing = false;
        const char *v;
        if ((v = cli_option_value(argc, argv, &i, "--locale", &missing)))
            va->locale = v;
        else if ((v = cli_option_value(argc, argv, &i, "--script", &missing)))
            va->script = v;
        else if ((v = cli_option_value(argc, argv, &i, "--screenshot", &missing)))
            va->screenshot = v;
        else if ((v = cli_option_value(argc, argv, &i, "--size", &missing))) {
            if (parse_size(v, &va->width, &va->height) < 0) {
                fprintf(stderr, "sparring voice record: --size wants WxH, at least 640x480 (not '%s')\n", v);
                return EXIT_USAGE;
            }
        } else if (missing) {
            fprintf(stderr, "sparring voice record: %s needs a value\n", a);
            return EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "sparring voice record: unknown option '%s'\n\n", a);
            usage(stderr);
            return EXIT_USAGE;
        } else if (va->file) {
            fprintf(stderr, "sparring voice record: one FILE at a time ('%s' and '%s')\n", va->file, a);
            return EXIT_USAGE;
        } else {
            va->file = a;
        }
    }
    if (!va->file) {
        fprintf(stderr, "sparring voice record: which scenario? (sparring voice record FILE)\n\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    if (va->screenshot && !va->script) {
        fprintf(stderr, "sparring voice record: --screenshot goes with --script\n");
        return EXIT_USAGE;
    }
    return -1;
}

/* The recorder on a loaded scenario: the microphone, the display, the window. */
static int record(const Scenario *sc, int loc, const VoiceArgs *va)
{
    char err[1024];
    if (voice_lines(sc, loc, NULL, 0) == 0) {
        fprintf(stderr, "sparring voice record: %s has no customer line in '%s': nothing to record\n",
                cli_esc(va->file), scenario_locale(sc, loc));
        return EXIT_INVALID;
    }
    /* The microphone first: it needs no display, and it never blocks when missing. */
    AudioCapture *mic = audio_capture_open(48000, err, sizeof err);
    if (!mic) {
        fprintf(stderr, "sparring voice record: cannot record: %s.\nConnect a microphone or a headset (and check "
                        "that the system's sound settings do not mute it), then run this again.\n", err);
        return EXIT_INVALID;
    }
    const char *drv = getenv("SDL_VIDEODRIVER"), *x11 = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    if ((!drv || !*drv) && (!x11 || !*x11) && (!wl || !*wl)) {
        fprintf(stderr, "sparring voice record: no display: neither DISPLAY nor WAYLAND_DISPLAY is set, so the "
                        "recorder's window cannot open.\n");
        audio_capture_close(mic);
        return EXIT_INVALID;
    }
    char warn[512] = "";
    Audio *audio = audio_open(va->no_sound ? "null" : NULL, warn, sizeof warn);
    if (warn[0])
        fprintf(stderr, "sparring voice record: %s (no play back)\n", warn);
    VoiceRecOptions o = {.locale = scenario_locale(sc, loc), .mic = mic, .audio = audio, .width = va->width,
                         .height = va->height, .no_present = va->screenshot != NULL};
    VoiceRec *r = voice_rec_new(sc, &o, err, sizeof err);
    int rc = EXIT_OK;
    if (!r) {
        fprintf(stderr, "sparring voice record: %s\n", err);
        rc = EXIT_INVALID;
    } else if (va->script && voice_rec_script(r, va->script, err, sizeof err) != 0) {
        fprintf(stderr, "sparring voice record: --script: %s\n", err);
        rc = EXIT_USAGE;
    } else {
        voice_rec_run(r);
        if (va->screenshot) {
            voice_rec_draw(r);
            if (ui_gfx_save_png(voice_rec_win(r)->g, va->screenshot, err, sizeof err) != 0) {
                fprintf(stderr, "sparring voice record: --screenshot: %s\n", err);
                rc = EXIT_INVALID;
            }
        }
        VoiceRecView v;
        voice_rec_view(r, &v);
        char dir[4096];
        voice_dir(scenario_path(sc), scenario_id(sc), scenario_locale(sc, loc), dir, sizeof dir);
        printf("%s %s: %d of %d lines recorded (%s)\n", scenario_id(sc), scenario_locale(sc, loc), v.recorded,
               v.nlines, cli_esc(dir));
    }
    voice_rec_free(r);
    audio_close(audio);
    audio_capture_close(mic);
    return rc;
}

static int voice_record(int argc, char **argv)
{
    VoiceArgs va = {0};
    int rc = parse_args(argc, argv, &va);
    if (rc >= 0)
        return rc;
    DiagList diags = {0};
    Scenario *sc = sheet_load_file(va.file, &diags); /* a .csv sheet too */
    if (!sc) {
        char line[2048];
        for (int i = 0; i < diags.count; i++)
            if (diags.items[i].severity == DIAG_ERROR) {
                diag_format(&diags.items[i], line, sizeof line);
                fprintf(stderr, "%s\n", line);
            }
        diag_list_free(&diags);
        return EXIT_INVALID;
    }
    diag_list_free(&diags);
    int loc = 0;
    if (va.locale) {
        loc = scenario_locale_index(sc, va.locale);
        if (strcmp(scenario_locale(sc, loc), va.locale) != 0) {
            fprintf(stderr, "sparring voice record: %s has no locale '%s' (it has:", cli_esc(va.file),
                    cli_esc(va.locale));
            for (int i = 0; i < scenario_locale_count(sc); i++)
                fprintf(stderr, " %s", scenario_locale(sc, i));
            fprintf(stderr, ")\n");
            scenario_free(sc);
            return EXIT_USAGE;
        }
    }
    rc = record(sc, loc, &va);
    scenario_free(sc);
    return rc;
}

int cmd_voice(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (!strcmp(argv[1], "record"))
        return voice_record(argc - 1, argv + 1);
    fprintf(stderr, "sparring voice: unknown sub-command '%s' (record)\n\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
