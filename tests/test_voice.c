/* The recorded voices' pure parts (game/voice): where a line's take lives, which lines are
 * spoken and in what order, coverage and the hot-reload stamp on real files in a temporary
 * folder, and the silence trimming on made-up takes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "scenario.h"
#include "ui_check.h"
#include "voice_paths.h"
#include "voice_trim.h"

static char tmpdir[4096];

static void test_paths(void)
{
    char b[256];
    CHECK(voice_path("scenarios/call.json", "call", "zh", "opening", b, sizeof b) > 0);
    CHECK_STR(b, "scenarios/voice/call/zh/opening.flac");
    CHECK(voice_path("call.json", "call", "en", "n1", b, sizeof b) > 0);
    CHECK_STR(b, "voice/call/en/n1.flac");
    CHECK(voice_path("/call.json", "call", "en", "n1", b, sizeof b) > 0);
    CHECK_STR(b, "/voice/call/en/n1.flac");
    CHECK(voice_dir("/a/b/call.csv", "call", "en", b, sizeof b) > 0);
    CHECK_STR(b, "/a/b/voice/call/en");
    /* Parts that would leave the folder, or are empty, are refused. */
    CHECK_INT(voice_path("a/call.json", "call", "..", "n1", b, sizeof b), -1);
    CHECK_STR(b, "");
    CHECK_INT(voice_path("a/call.json", "call", "zh/../..", "n1", b, sizeof b), -1);
    CHECK_INT(voice_path("a/call.json", "", "zh", "n1", b, sizeof b), -1);
    CHECK_INT(voice_path("a/call.json", "call", "zh", NULL, b, sizeof b), -1);
    CHECK_INT(voice_path("a/call.json", "call", "zh", "a\nb", b, sizeof b), -1);
    /* Too long for the buffer: -1, never a cut path. */
    CHECK_INT(voice_path("a/call.json", "call", "zh", "opening", b, 20), -1);
    CHECK_STR(b, "");
    CHECK_INT(voice_path("a/call.json", "call", "zh", "opening", b, 28), -1);
    CHECK_INT(voice_path("a/call.json", "call", "zh", "opening", b, 29), 28); /* and its NUL */
}

static Scenario *load_fixture(char *path, size_t size)
{
    /* A copy in the temporary folder: the takes go beside it. */
    char src[4096];
    const char *root = getenv("SPARRING_SOURCE_DIR");
    snprintf(src, sizeof src, "%s/tests/data/voice/voice-call.json", root ? root : ".");
    size_t n;
    char *text = check_read_file(src, &n);
    CHECK(text != NULL);
    snprintf(path, size, "%s/voice-call.json", tmpdir);
    ui_check_write_file(path, text ? text : "");
    free(text);
    DiagList d = {0};
    Scenario *sc = scenario_load_file(path, &d);
    diag_list_free(&d);
    CHECK(sc != NULL);
    return sc;
}

static void write_take(const char *dir, const char *node, const char *bytes)
{
    char p[4400];
    snprintf(p, sizeof p, "%s/%s.flac", dir, node);
    ui_check_write_file(p, bytes);
}

static void test_lines_and_coverage(void)
{
    char path[4200];
    Scenario *sc = load_fixture(path, sizeof path);
    if (!sc)
        return;
    int zh = scenario_locale_index(sc, "zh"), en = scenario_locale_index(sc, "en");
    int lines[16];
    int n = voice_lines(sc, zh, lines, 16);
    CHECK_INT(n, 4); /* the narrator's and the coach's lines are not spoken */
    const char *want[] = {"hello", "price", "lost", "won"}; /* a walk from the start */
    for (int i = 0; i < n && i < 4; i++)
        CHECK_STR(scenario_node(sc, lines[i])->id, want[i]);
    CHECK_INT(voice_lines(sc, zh, NULL, 0), 4);
    CHECK(!voice_node_spoken(sc, scenario_find_node(sc, "dial"), zh));
    CHECK(!voice_node_spoken(sc, scenario_find_node(sc, "tip"), zh));

    VoiceCoverage c;
    voice_coverage(sc, zh, &c);
    CHECK_INT(c.lines, 4);
    CHECK_INT(c.recorded, 0);
    CHECK(!c.any_folder);
    CHECK(voice_stamp(sc) == 0);

    char dir[4200], cmd[8600];
    CHECK(voice_dir(path, "voice-call", "zh", dir, sizeof dir) > 0);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    CHECK_INT(system(cmd), 0);
    unsigned long long s0 = voice_stamp(sc);
    CHECK(s0 != 0);
    write_take(dir, "hello", "x");
    write_take(dir, "won", "");    /* empty: not a take */
    write_take(dir, "dial", "x");  /* not a spoken line: not counted */
    voice_coverage(sc, zh, &c);
    CHECK(c.any_folder);
    CHECK_INT(c.lines, 4);
    CHECK_INT(c.recorded, 1);
    CHECK(voice_take_exists(sc, scenario_find_node(sc, "hello"), zh));
    CHECK(!voice_take_exists(sc, scenario_find_node(sc, "won"), zh));
    CHECK(!voice_take_exists(sc, scenario_find_node(sc, "hello"), en));
    voice_coverage(sc, en, &c);
    CHECK_INT(c.recorded, 0);

    /* The take the call plays: FLAC first, then Opus, Ogg, WAV; empty files are none. */
    char found[4400], wav[4400];
    CHECK_INT(voice_find_take(path, "voice-call", "zh", "won", found, sizeof found), 0);
    CHECK_STR(found, "");
    write_take(dir, "lost", "x");
    snprintf(wav, sizeof wav, "%s/lost.wav", dir);
    rename(strcat(strcpy(found, dir), "/lost.flac"), wav);
    CHECK(voice_find_take(path, "voice-call", "zh", "lost", found, sizeof found) > 0);
    CHECK_STR(found, wav);
    CHECK(voice_take_exists(sc, scenario_find_node(sc, "lost"), zh));
    write_take(dir, "lost", "y"); /* lost.flac beside lost.wav: the FLAC is played */
    CHECK(voice_find_take(path, "voice-call", "zh", "lost", found, sizeof found) > 0);
    CHECK(strstr(found, "/lost.flac") != NULL);
    CHECK_INT(voice_find_take(path, "voice-call", "zh", "lost", found, 20), -1);
    CHECK_INT(voice_find_take(path, "voice-call", "..", "lost", found, sizeof found), -1);
    unlink(found);
    unlink(wav);

    /* The stamp moves with a new take, a rewritten one, and one removed. */
    unsigned long long s1 = voice_stamp(sc);
    CHECK(s1 != s0);
    CHECK(voice_stamp(sc) == s1);
    write_take(dir, "price", "xy");
    unsigned long long s2 = voice_stamp(sc);
    CHECK(s2 != s1);
    write_take(dir, "price", "xyz"); /* same name, another size */
    unsigned long long s3 = voice_stamp(sc);
    CHECK(s3 != s2);
    char p[4300];
    snprintf(p, sizeof p, "%s/price.flac", dir);
    unlink(p);
    CHECK(voice_stamp(sc) != s3);
    scenario_free(sc);
}

/* A take: lead seconds of noise at noise_amp, a tone of tone_s seconds at amp, tail of noise. */
static float *make_take(int rate, double lead, double tone_s, double tail, double amp, double noise_amp, size_t *n)
{
    *n = (size_t)((lead + tone_s + tail) * rate);
    float *s = malloc(*n * sizeof *s);
    unsigned seed = 12345;
    for (size_t i = 0; i < *n; i++) {
        seed = seed * 1103515245u + 12345u;
        double noise = noise_amp * (((seed >> 8) & 0xFFFF) / 32768.0 - 1.0);
        double t = (double)i / rate;
        double v = noise;
        if (t >= lead && t < lead + tone_s)
            v += amp * sin(2 * M_PI * 220 * t);
        s[i] = (float)v;
    }
    return s;
}

static void test_trim(void)
{
    const int rate = 48000;
    size_t n, start, count;
    /* 0.8 s of quiet room noise (-66 dBFS), 1.5 s of voice, 1.0 s of noise. */
    float *s = make_take(rate, 0.8, 1.5, 1.0, 0.3, 0.0009, &n);
    CHECK(voice_trim(s, n, rate, NULL, &start, &count));
    double from = (double)start / rate, len = (double)count / rate;
    CHECK_MSG(fabs(from - (0.8 - 0.15)) < 0.02, "start %.3f s", from);
    CHECK_MSG(fabs(len - (1.5 + 0.15 + 0.25)) < 0.03, "length %.3f s", len);
    free(s);

    /* A noisy room (-40 dBFS): the threshold follows the noise, the cut is still at the voice. */
    s = make_take(rate, 0.5, 1.0, 0.5, 0.5, 0.017, &n);
    CHECK(voice_trim(s, n, rate, NULL, &start, &count));
    CHECK_MSG(fabs((double)start / rate - 0.35) < 0.02, "start %.3f s", (double)start / rate);
    CHECK_MSG(fabs((double)count / rate - 1.4) < 0.03, "length %.3f s", (double)count / rate);
    free(s);

    /* Voice from the first sample to the last: nothing is cut. */
    s = make_take(rate, 0, 1.0, 0, 0.3, 0, &n);
    CHECK(voice_trim(s, n, rate, NULL, &start, &count));
    CHECK_INT(start, 0);
    CHECK_INT(count, n);
    free(s);

    /* Padding never runs past either end. */
    s = make_take(rate, 0.05, 0.5, 0.05, 0.3, 0, &n);
    CHECK(voice_trim(s, n, rate, NULL, &start, &count));
    CHECK_INT(start, 0);
    CHECK_INT(count, n);
    free(s);

    /* Silence, and room noise alone: nothing heard. */
    s = make_take(rate, 1.0, 0, 0, 0, 0, &n);
    CHECK(!voice_trim(s, n, rate, NULL, &start, &count));
    CHECK_INT(count, 0);
    CHECK(voice_peak_db(s, n, rate, 0.01) <= -120);
    free(s);
    s = make_take(rate, 1.0, 0, 0, 0, 0.0009, &n);
    CHECK(!voice_trim(s, n, rate, NULL, &start, &count));
    free(s);

    /* Custom padding, and degenerate input. */
    VoiceTrimParams p = voice_trim_defaults();
    p.pad_before = p.pad_after = 0;
    s = make_take(rate, 1.0, 1.0, 1.0, 0.3, 0, &n);
    CHECK(voice_trim(s, n, rate, &p, &start, &count));
    CHECK_MSG(fabs((double)start / rate - 1.0) < 0.011, "start %.3f s", (double)start / rate);
    CHECK_MSG(fabs((double)count / rate - 1.0) < 0.021, "length %.3f s", (double)count / rate);
    CHECK(!voice_trim(s, 0, rate, NULL, &start, &count));
    CHECK(!voice_trim(s, n, 0, NULL, &start, &count));
    CHECK(!voice_trim(NULL, n, rate, NULL, &start, &count));
    free(s);
    float one = 0.5f;
    CHECK(voice_trim(&one, 1, rate, NULL, &start, &count));
    CHECK_INT(count, 1);
}

int main(void)
{
    ui_check_tmpdir("voice", tmpdir, sizeof tmpdir);
    RUN(test_paths);
    RUN(test_lines_and_coverage);
    RUN(test_trim);
    return check_summary();
}
