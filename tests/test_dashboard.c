/* The training manager's page (`records report --format html`): a planted team recorded
 * through the real Recorder into a real SQLite file, the page made by the real command, then
 * read as HTML (rows, lights, sections, the case review) and rendered by a real browser
 * (Debian's chromium, headless): a screenshot at 1280 px whose coloured lights stand in the
 * order of the records, an A4 print whose text puts each name beside its light word, in both
 * languages, and a network log that shows no request leaving the machine.
 *
 * With SPARRING_TEST_PG set (tests/test_dashboard_pg.sh), the same team is recorded into a
 * PostgreSQL store and the page checked again; the browser checks, which see only the file,
 * run once, on SQLite.
 *
 * With DASHBOARD_KEEP set, the pages, PNGs and PDFs are left in the temporary folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#include <stb/stb_image.h>
#pragma GCC diagnostic pop

#include "check.h"
#include "pg_test.h"
#include "play.h"
#include "records.h"
#include "scenario.h"

#define NOW 1796212800000LL /* 2026-12-02T12:00:00Z, the page's "today" */
#define DAY 86400000LL

static char tmp[512], db_path[600], scen_dir[600];
static char id_dee_assess[37], id_ana_fail[37], id_bo_gain[37];
static Scenario *sc_a;

/* Plays call-a with the given answers and records it (mode, when, a mentor's comment). */
static void record(Records *db, const char *trainee, const char *name, const char *team,
                   const char *mode, const char *const choices[3], int64_t t0,
                   const char *comment, char id_out[37])
{
    char err[512];
    Play *p = play_new(sc_a, 7, (PlayOptions){.timers = false, .time_multiplier = 1.0});
    AttemptMeta meta = {.trainee_id = trainee, .trainee_name = name, .team = team, .mode = mode,
                        .locale = "en"};
    Recorder *r = recorder_begin(db, p, &meta, t0, err, sizeof err);
    CHECK_MSG(r != NULL, "recorder_begin: %s", err);
    if (!r) {
        play_free(p);
        return;
    }
    for (int k = 0; k < 3 && play_status(p) != PLAY_ENDED; k++) {
        const ScNode *n = scenario_node(sc_a, play_node(p));
        int idx = -1;
        for (int i = 0; i < n->nchoices; i++)
            if (!strcmp(n->choices[i].id, choices[k]))
                idx = i;
        CHECK_MSG(idx >= 0, "no choice %s at %s", choices[k], n->id);
        if (idx < 0)
            break;
        play_choose(p, idx, 1000 * (k + 1));
        while (play_status(p) == PLAY_WAITING)
            play_continue(p, 1000 * (k + 1) + 500);
    }
    CHECK(play_status(p) == PLAY_ENDED);
    if (comment)
        CHECK(recorder_mentor_event(r, "comment", comment, 2000, 1, err, sizeof err) == 0);
    if (id_out)
        memcpy(id_out, recorder_attempt_id(r), 37);
    CHECK_MSG(recorder_end(r, p, t0 + 60000, err, sizeof err) == 0, "recorder_end: %s", err);
    play_free(p);
}

static const char *const BEST[3] = {"listen", "spin", "next_step"};    /* 100% */
static const char *const WORST[3] = {"pitch", "assume", "wait"};       /* 0% */
static const char *const THIRD[3] = {"listen", "assume", "wait"};      /* 33% */
static const char *const TWO_THIRDS[3] = {"pitch", "spin", "next_step"}; /* 67% */
static const char *const CRITICAL[3] = {"promise", "spin", "next_step"}; /* 100%, critical */

/* Team north: cy red (0%), bo amber (67%), dee amber (100% with a critical answer: not
 * passed), ana green (passed, then failed). Team south: eve green, never on north's page. */
static void plant(void)
{
    char err[512];
    Records *db = records_open(db_path, err, sizeof err);
    CHECK_MSG(db != NULL, "records_open: %s", err);
    if (!db)
        return;
    record(db, "ana", "Ana Li", "north", "practice", THIRD, NOW - 21 * DAY, NULL, NULL);
    record(db, "ana", "Ana Li", "north", "assessment", BEST, NOW - 3 * DAY, NULL, NULL);
    record(db, "ana", "Ana Li", "north", "assessment", WORST, NOW - 1 * DAY, NULL, id_ana_fail);
    record(db, "bo", "Bo Wang", "north", "practice", THIRD, NOW - 10 * DAY, NULL, NULL);
    record(db, "bo", "Bo Wang", "north", "practice", TWO_THIRDS, NOW - 1 * DAY,
           "Good recovery after the pitch", id_bo_gain);
    record(db, "cy", "Cy Zhao", "north", "practice", WORST, NOW - 2 * DAY, NULL, NULL);
    record(db, "dee", "Dee Sun", "north", "assessment", CRITICAL, NOW - 2 * DAY, NULL, id_dee_assess);
    record(db, "eve", "Eve Qian", "south", "assessment", BEST, NOW - 2 * DAY, NULL, NULL);
    records_close(db);
}

/* Makes the page with the real command; returns the HTML (caller frees) or NULL. */
static char *make_page_with(const char *locale, const char *team, const char *out,
                           const char *extra)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "SPARRING_NOW_MS=%lld '%s' records report --format html --db '%s' --scenarios '%s' "
             "--locale %s %s%s --out '%s' %s 2>&1",
             NOW, getenv("SPARRING_BIN"), db_path, scen_dir, locale, team ? "--team " : "",
             team ? team : "", out, extra);
    char *said = NULL;
    int rc = check_run_cmd(cmd, &said);
    CHECK_MSG(rc == 0, "%s -> %d: %s", cmd, rc, said ? said : "");
    free(said);
    return check_read_file(out, NULL);
}

static char *make_page(const char *locale, const char *team, const char *out)
{
    return make_page_with(locale, team, out, "");
}

/* The text of the <tr> whose data-trainee is id ("" when absent). */
static const char *row_of(const char *html, const char *id, char *buf, size_t size)
{
    char key[128];
    snprintf(key, sizeof key, "data-trainee=\"%s\"", id);
    const char *at = strstr(html, key);
    buf[0] = 0;
    if (!at)
        return buf;
    const char *end = strstr(at, "</tr>");
    size_t n = end ? (size_t)(end - at) : strlen(at);
    if (n >= size)
        n = size - 1;
    memcpy(buf, at, n);
    buf[n] = 0;
    return buf;
}

static long pos(const char *html, const char *needle)
{
    const char *p = strstr(html, needle);
    return p ? (long)(p - html) : -1;
}

/* The progress chart: the share's scale (100%) stands right of every bar, not over them, and
 * the weeks read "10 Nov" (a day and month in figures reads both ways). */
static void check_chart(const char *html)
{
    const char *svg = strstr(html, "<figure><svg"), *end = svg ? strstr(svg, "</svg>") : NULL;
    CHECK(svg && end);
    if (!svg || !end)
        return;
    double right = 0, label = -1;
    for (const char *r = strstr(svg, "<rect x=\""); r && r < end; r = strstr(r + 1, "<rect x=\"")) {
        double x = 0, y = 0, w = 0;
        if (sscanf(r, "<rect x=\"%lf\" y=\"%lf\" width=\"%lf\"", &x, &y, &w) == 3 && x + w > right)
            right = x + w;
    }
    const char *hundred = strstr(svg, "fill=\"#2e9a4b\">100%</text>");
    const char *x_at = hundred;
    while (x_at && x_at > svg && strncmp(x_at, "<text x=\"", 9))
        x_at--;
    if (hundred && hundred < end && x_at)
        sscanf(x_at, "<text x=\"%lf\"", &label);
    CHECK_MSG(right > 0 && label > right, "the bars end at %.1f, the 100%% label starts at %.1f",
              right, label);
    CHECK(strstr(svg, " Nov</text>") != NULL && strstr(svg, "/11</text>") == NULL);
}

static void page_lists_the_team_red_first_with_lights(void)
{
    char out[700], row[4096];
    snprintf(out, sizeof out, "%s/north-en.html", tmp);
    char *html = make_page("en", "north", out);
    CHECK(html != NULL);
    if (!html)
        return;
    long cy = pos(html, "data-trainee=\"cy\""), bo = pos(html, "data-trainee=\"bo\""),
         dee = pos(html, "data-trainee=\"dee\""), ana = pos(html, "data-trainee=\"ana\"");
    CHECK(cy > 0 && bo > cy && dee > bo && ana > dee);
    CHECK(pos(html, "data-trainee=\"eve\"") < 0); /* another team */
    CHECK(strstr(row_of(html, "cy", row, sizeof row), ">red<") != NULL);
    CHECK(strstr(row_of(html, "bo", row, sizeof row), ">amber<") != NULL);
    CHECK(strstr(row_of(html, "dee", row, sizeof row), ">amber<") != NULL);
    row_of(html, "ana", row, sizeof row);
    CHECK(strstr(row, ">green<") != NULL);
    CHECK(strstr(row, "Ana Li") != NULL);
    CHECK(strstr(row, ">1 / 1<") != NULL);          /* the one group of her tier, cleared */
    CHECK(strstr(row, "New hires") != NULL);
    CHECK(strstr(row, "1 Dec 2026") != NULL);       /* last assessment: her fail */
    CHECK(strstr(row, "11 Nov 2026") != NULL);      /* last practice */
    CHECK(strstr(row, "<title>Recent scores: 33%, 100%, 0%</title>") != NULL);
    CHECK(strstr(row_of(html, "cy", row, sizeof row), ">0 / 1<") != NULL);
    /* Every section, self-contained: no script, nothing fetched. */
    const char *const sections[] = {"id=\"glance\"", "id=\"competencies\"", "id=\"progress\"",
                                    "id=\"items\"", "id=\"cases\""};
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        CHECK_MSG(strstr(html, sections[i]) != NULL, "%s", sections[i]);
    CHECK(strstr(html, "<script") == NULL);
    CHECK(strstr(html, "src=") == NULL);
    CHECK(strstr(html, "href=") == NULL);
    CHECK(strstr(html, "4 trainees: 1 red, 2 amber, 1 green; 7 attempts.") != NULL);
    check_chart(html);
    free(html);
}

static void case_review_names_what_to_discuss(void)
{
    char out[700], key[128];
    snprintf(out, sizeof out, "%s/north-en.html", tmp);
    char *html = check_read_file(out, NULL);
    CHECK(html != NULL);
    if (!html)
        return;
    const char *cases = strstr(html, "id=\"cases\"");
    CHECK(cases != NULL);
    if (!cases) {
        free(html);
        return;
    }
    snprintf(key, sizeof key, "data-attempt=\"%s\"><td>critical error: <span class=\"nm\">open<", id_dee_assess);
    CHECK_MSG(strstr(cases, key) != NULL, "%s", key);
    snprintf(key, sizeof key, "data-attempt=\"%s\"><td>failed after a pass<", id_ana_fail);
    CHECK_MSG(strstr(cases, key) != NULL, "%s", key);
    snprintf(key, sizeof key, "data-attempt=\"%s\"><td>mentor's comment: <span class=\"nm\">Good recovery", id_bo_gain);
    CHECK_MSG(strstr(cases, key) != NULL, "%s", key);
    snprintf(key, sizeof key, "data-attempt=\"%s\"><td>big gain (+34)<", id_bo_gain);
    CHECK_MSG(strstr(cases, key) != NULL, "%s", key);
    /* The command names the store the page was made from, and opens the attempt as printed
     * (its recordings exported instead of a window: the attempt is found in that store). */
    snprintf(key, sizeof key, "<code>sparring replay %s --db ", id_dee_assess);
    const char *cmd_at = strstr(cases, key);
    CHECK_MSG(cmd_at != NULL, "%s", key);
    if (cmd_at) {
        char cmd[2048], *said = NULL;
        size_t n = (size_t)snprintf(cmd, sizeof cmd, "'%s'", getenv("SPARRING_BIN"));
        for (const char *p = cmd_at + strlen("<code>sparring"); *p && *p != '<' && n + 8 < sizeof cmd;) {
            const char *ents[][2] = {{"&#39;", "'"}, {"&amp;", "&"}, {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}};
            size_t e = 0;
            while (e < 5 && strncmp(p, ents[e][0], strlen(ents[e][0])))
                e++;
            cmd[n++] = e < 5 ? ents[e][1][0] : *p;
            p += e < 5 ? strlen(ents[e][0]) : 1;
        }
        snprintf(cmd + n, sizeof cmd - n, " --export-audio '%s/audio' 2>&1", tmp);
        CHECK_MSG(check_run_cmd(cmd, &said) == 0, "%s: %s", cmd, said ? said : "");
        free(said);
    }
    /* Critical first, then the fail after a pass, then comments, then gains. */
    CHECK(pos(cases, "critical error") < pos(cases, "failed after a pass"));
    CHECK(pos(cases, "failed after a pass") < pos(cases, "mentor's comment"));
    CHECK(pos(cases, "mentor's comment") < pos(cases, "big gain"));
    /* Techniques: the best answer at `open` used LAER:listen; 4 of the 7 north decisions there
     * took another answer (ana's fail, bo's 67%, cy, dee's critical promise). */
    CHECK(strstr(html, "<td>LAER:listen</td><td class=\"n\">4 of 7 (57%)</td>") != NULL);
    /* Items: at `open`, 7 north attempts; listen (the best) taken 3 times: p 0.43; the corrected
     * item-rest correlation over (took listen; total less the points there) = (1;0) (1;6)
     * (0;0) (1;0) (0;6) (0;0) (0;6) is -0.17, hence the flag; hand-counted. */
    CHECK(strstr(html, "<code>open</code></th><td class=\"n\">7</td><td>listen</td>"
                       "<td class=\"n\">0.43</td><td class=\"n\">-0.17</td>"
                       "<td>negative discrimination <small>(only 7 attempts: not yet telling)"
                       "</small></td>") != NULL);
    CHECK(strstr(html, "--from open</code>") != NULL);
    /* The heat map: the latest assessed percent (dee's 100% empathy, ana's latest 0%). */
    CHECK(strstr(html, "<th scope=\"col\">Empathy</th>") != NULL);
    CHECK(strstr(cases, "Complaint call-back (A)") != NULL);
    free(html);
}

/* The light's margin comes from the records configuration, for the page and the text report
 * alike: with 10 points, Bo's best (67 of a pass mark of 80) turns red. */
static void margin_comes_from_the_configuration(void)
{
    char conf[700], out[700], extra[800], row[4096], cmd[2048];
    snprintf(conf, sizeof conf, "%s/lrs.ini", tmp);
    FILE *f = fopen(conf, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("[report]\namber_margin = 10\n", f);
    fclose(f);
    snprintf(out, sizeof out, "%s/margin.html", tmp);
    snprintf(extra, sizeof extra, "--config '%s'", conf);
    char *html = make_page_with("en", "north", out, extra);
    CHECK(html != NULL);
    if (html) {
        CHECK(strstr(row_of(html, "bo", row, sizeof row), ">red<") != NULL);
        CHECK(strstr(html, "within 10 points of the pass mark") != NULL);
    }
    free(html);
    char *text = NULL;
    snprintf(cmd, sizeof cmd, "'%s' records report --db '%s' --trainee bo --format json %s",
             getenv("SPARRING_BIN"), db_path, extra);
    CHECK(check_run_cmd(cmd, &text) == 0);
    CHECK(text && strstr(text, "\"status\":\t\"red\"") != NULL);
    free(text);
    snprintf(cmd, sizeof cmd, "'%s' records report --db '%s' --trainee bo --format json",
             getenv("SPARRING_BIN"), db_path);
    CHECK(check_run_cmd(cmd, &text) == 0);
    CHECK(text && strstr(text, "\"status\":\t\"amber\"") != NULL);
    free(text);
    /* A margin that is not a number is refused, naming the line. */
    f = fopen(conf, "w");
    if (f) {
        fputs("[report]\namber_margin = lots\n", f);
        fclose(f);
    }
    snprintf(cmd, sizeof cmd, "'%s' records report --db '%s' --format html %s 2>&1",
             getenv("SPARRING_BIN"), db_path, extra);
    CHECK(check_run_cmd(cmd, &text) == 1);
    CHECK(text && strstr(text, "lrs.ini:2: [report] takes amber_margin = 0 to 100") != NULL);
    free(text);
}

static void chinese_page_speaks_chinese(void)
{
    char out[700], row[4096];
    snprintf(out, sizeof out, "%s/north-zh.html", tmp);
    char *html = make_page("zh", "north", out);
    CHECK(html != NULL);
    if (!html)
        return;
    CHECK(strstr(html, "<html lang=\"zh-CN\">") != NULL);
    CHECK(strstr(row_of(html, "cy", row, sizeof row), ">红灯<") != NULL);
    row_of(html, "ana", row, sizeof row);
    CHECK(strstr(row, ">绿灯<") != NULL);
    CHECK(strstr(row, "2026年12月1日") != NULL);
    CHECK(strstr(row, "新人层") != NULL);
    CHECK(strstr(html, "本周案例复盘") != NULL);
    CHECK(strstr(html, "<th scope=\"col\">情绪安抚</th>") != NULL);
    /* The case review names the scenario in the page's language, not the one it was played in
     * (the team played in English). */
    const char *cases = strstr(html, "id=\"cases\"");
    CHECK(cases && strstr(cases, "投诉回电（甲）") && !strstr(cases, "Complaint call-back"));
    CHECK(strstr(html, "4 名学员：红灯 1，黄灯 2，绿灯 1；共 7 次。") != NULL);
    free(html);
}

/* ---- in a real browser ---------------------------------------------------------------------- */

/* Runs headless chromium on a file with extra arguments; a fresh profile each time, the
 * browser's own background services off, and a network log of every request. 0 on success. */
static int chromium(const char *page, const char *args, const char *netlog)
{
    char cmd[4096], *said = NULL;
    snprintf(cmd, sizeof cmd,
             "rm -rf '%s/prof' && timeout 120 chromium --headless --no-sandbox --disable-gpu "
             "--no-first-run --no-default-browser-check --disable-background-networking "
             "--disable-component-update --disable-sync --disable-default-apps "
             "--force-device-scale-factor=1 --user-data-dir='%s/prof' --log-net-log='%s' %s "
             "'file://%s' 2>&1",
             tmp, tmp, netlog, args, page);
    int rc = check_run_cmd(cmd, &said);
    if (rc != 0)
        fprintf(stderr, "chromium: %s\n", said ? said : "");
    free(said);
    return rc;
}

/* Requests the page itself made (the network isolation key of a file:// page) to anything
 * but file: or data: URLs; the browser's own service calls are not the page's. -1: unreadable. */
static int page_requests(const char *netlog)
{
    char cmd[2048], *said = NULL;
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import json,sys\n"
             "n=0\n"
             "for e in json.load(open(sys.argv[1]))[\"events\"]:\n"
             "  p=e.get(\"params\",{})\n"
             "  if str(p.get(\"network_isolation_key\",\"\")).startswith(\"file://\") and \"url\" in p "
             "and not p[\"url\"].startswith((\"file:\",\"data:\")): n+=1\n"
             "print(n)' '%s'",
             netlog);
    int rc = check_run_cmd(cmd, &said);
    int n = rc == 0 && said ? atoi(said) : -1;
    free(said);
    return n;
}

static void page_loads_with_no_request_leaving(void)
{
    char page[700], control[700], log[700];
    snprintf(control, sizeof control, "%s/control.html", tmp);
    FILE *f = fopen(control, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("<html><body><img src=\"http://127.0.0.1:9/x.png\">control</body></html>\n", f);
    fclose(f);
    /* The check itself can fail: a page that fetches an image is caught. */
    snprintf(log, sizeof log, "%s/control-net.json", tmp);
    char shot[800];
    snprintf(shot, sizeof shot, "--screenshot='%s/control.png'", tmp);
    CHECK(chromium(control, shot, log) == 0);
    CHECK(page_requests(log) >= 1);
    const char *const locales[] = {"en", "zh"};
    for (int i = 0; i < 2; i++) {
        snprintf(page, sizeof page, "%s/north-%s.html", tmp, locales[i]);
        snprintf(log, sizeof log, "%s/net-%s.json", tmp, locales[i]);
        char args[800];
        snprintf(args, sizeof args, "--screenshot='%s/north-%s.png' --window-size=1280,2200", tmp,
                 locales[i]);
        CHECK(chromium(page, args, log) == 0);
        CHECK_INT(page_requests(log), 0);
    }
}

/* The first row (from the top) holding a pixel within 12 of the colour, -1 when none. */
static int first_row_of(const unsigned char *px, int w, int h, int r, int g, int b, int *x_out)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const unsigned char *p = px + 3 * ((size_t)y * w + x);
            if (abs(p[0] - r) <= 12 && abs(p[1] - g) <= 12 && abs(p[2] - b) <= 12) {
                *x_out = x;
                return y;
            }
        }
    return -1;
}

static void screenshot_shows_lights_in_order(void)
{
    const char *const locales[] = {"en", "zh"};
    for (int i = 0; i < 2; i++) {
        char png[700];
        snprintf(png, sizeof png, "%s/north-%s.png", tmp, locales[i]);
        int w = 0, h = 0, n = 0;
        unsigned char *px = stbi_load(png, &w, &h, &n, 3);
        CHECK_MSG(px != NULL, "%s", png);
        if (!px)
            continue;
        CHECK_INT(w, 1280);
        int xr = 0, xa = 0, xg = 0;
        int red = first_row_of(px, w, h, 0xd6, 0x2f, 0x2f, &xr);
        int amber = first_row_of(px, w, h, 0xe9, 0xa1, 0x00, &xa);
        int green = first_row_of(px, w, h, 0x2e, 0x9a, 0x4b, &xg);
        CHECK_MSG(red > 0 && amber > red && green > amber, "%s: red %d amber %d green %d",
                  locales[i], red, amber, green);
        CHECK(xr < 200 && xa < 200 && xg < 200); /* in the first column */
        stbi_image_free(px);
    }
}

/* The PDF's text, laid out as printed (pdftotext -layout); caller frees. */
static char *print_text(const char *locale)
{
    char page[700], pdf[700], log[700], args[900], cmd[1600];
    snprintf(page, sizeof page, "%s/north-%s.html", tmp, locale);
    snprintf(pdf, sizeof pdf, "%s/north-%s.pdf", tmp, locale);
    snprintf(log, sizeof log, "%s/print-%s.json", tmp, locale);
    snprintf(args, sizeof args, "--no-pdf-header-footer --print-to-pdf='%s'", pdf);
    CHECK(chromium(page, args, log) == 0);
    char *info = NULL;
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
    CHECK(check_run_cmd(cmd, &info) == 0);
    /* A4 landscape: 842 x 595 points. */
    CHECK_MSG(info && strstr(info, "Page size:       841.9") && strstr(info, "x 594.9"), "%s",
              info ? info : "");
    free(info);
    char *text = NULL;
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' -", pdf);
    CHECK(check_run_cmd(cmd, &text) == 0);
    return text;
}

/* The printed line holding both words, or NULL. */
static const char *line_with(const char *text, const char *a, const char *b)
{
    for (const char *l = text; l && *l;) {
        const char *end = strchr(l, '\n');
        size_t n = end ? (size_t)(end - l) : strlen(l);
        char line[2048];
        if (n >= sizeof line)
            n = sizeof line - 1;
        memcpy(line, l, n);
        line[n] = 0;
        if (strstr(line, a) && strstr(line, b))
            return l;
        l = end ? end + 1 : NULL;
    }
    return NULL;
}

static void a4_print_keeps_names_beside_lights(void)
{
    char *en = print_text("en");
    CHECK(en != NULL);
    if (en) {
        const char *cy = line_with(en, "red", "Cy Zhao"), *bo = line_with(en, "amber", "Bo Wang"),
                   *ana = line_with(en, "green", "Ana Li");
        CHECK(cy && bo && ana && cy < bo && bo < ana);
        const char *const heads[] = {"The team at a glance", "Competencies and techniques",
                                     "Progress over time", "Items", "This week's case review"};
        for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
            CHECK_MSG(strstr(en, heads[i]) != NULL, "%s", heads[i]);
        CHECK(strstr(en, "Eve Qian") == NULL);
    }
    free(en);
    char *zh = print_text("zh");
    CHECK(zh != NULL);
    if (zh) {
        const char *cy = line_with(zh, "红灯", "Cy Zhao"), *ana = line_with(zh, "绿灯", "Ana Li");
        CHECK(cy && ana && cy < ana);
        CHECK(strstr(zh, "本周案例复盘") != NULL);
        CHECK(strstr(zh, "团队一览") != NULL);
    }
    free(zh);
}

/* Names as they come: markup, quotes and ampersands are shown as text, a name of 140 letters
 * with no space wraps in its cell (every column stays on a 1280 px screen: the last one, the
 * recent scores, is drawn), one trainee is "1 trainee", and a team with nothing recorded gets a
 * page that says so in every section, with no empty table. */
static void odd_names_and_empty_teams_read_well(void)
{
    char odd_db[600], saved[600], out[700], row[4096];
    snprintf(odd_db, sizeof odd_db, "%s/odd.db", tmp);
    snprintf(saved, sizeof saved, "%s", db_path);
    snprintf(db_path, sizeof db_path, "%s", odd_db);
    char err[512], long_name[160];
    Records *db = records_open(odd_db, err, sizeof err);
    CHECK_MSG(db != NULL, "records_open: %s", err);
    for (int i = 0; i < 140; i++)
        long_name[i] = "Wolfeschlegelsteinhausenbergerdorff"[i % 35];
    long_name[140] = 0;
    if (db) {
        record(db, "x1", "<script>alert(1)</script> & \"Q\" 'O'Neil", "R&D <North>", "practice",
               THIRD, NOW - 2 * DAY, NULL, NULL);
        record(db, "x2", long_name, "R&D <North>", "practice", THIRD, NOW - 3 * DAY, NULL, NULL);
        record(db, "x2", long_name, "R&D <North>", "practice", TWO_THIRDS, NOW - 2 * DAY, NULL,
               NULL); /* two scores: a line in the last column */
        record(db, "solo", "Solo Wu", "solo", "practice", WORST, NOW - 2 * DAY, NULL, NULL);
        records_close(db);
    }
    snprintf(out, sizeof out, "%s/odd.html", tmp);
    char *html = make_page("en", "'R&D <North>'", out);
    CHECK(html != NULL);
    if (html) {
        CHECK(strstr(html, "<script") == NULL);
        CHECK(strstr(row_of(html, "x1", row, sizeof row),
                     "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Q&quot; &#39;O&#39;Neil") != NULL);
        CHECK(strstr(html, "<p class=\"note\">R&amp;D &lt;North&gt; &middot;") != NULL);
        CHECK(strstr(html, "2 trainees: 1 red, 1 amber, 0 green; 3 attempts.") != NULL);
        char page[700], args[800], log[700];
        snprintf(page, sizeof page, "%s/odd.html", tmp);
        snprintf(log, sizeof log, "%s/odd-net.json", tmp);
        snprintf(args, sizeof args, "--screenshot='%s/odd.png' --window-size=1280,900", tmp);
        CHECK(chromium(page, args, log) == 0);
        snprintf(page, sizeof page, "%s/odd.png", tmp);
        int w = 0, h = 0, n = 0, x = 0;
        unsigned char *px = stbi_load(page, &w, &h, &n, 3);
        CHECK(px != NULL);
        if (px) /* the sparkline's colour, #3a6ea5, right of the name */
            CHECK_MSG(first_row_of(px, w, h, 0x3a, 0x6e, 0xa5, &x) > 0 && x > 500 && x < w,
                      "no sparkline on screen (x %d)", x);
        stbi_image_free(px);
    }
    free(html);
    html = make_page("en", "solo", out);
    CHECK(html && strstr(html, "1 trainee: 1 red, 0 amber, 0 green; 1 attempt.") != NULL);
    free(html);
    html = make_page("en", "nobody", out);
    CHECK(html != NULL);
    if (html) {
        int nothing = 0;
        for (const char *p = strstr(html, "Nothing to show yet."); p; p = strstr(p + 1, "Nothing to show yet."))
            nothing++;
        CHECK_INT(nothing, 6); /* glance, heat map, techniques, progress, items, cases */
        CHECK(strstr(html, "<table") == NULL);
        CHECK(strstr(html, "0 trainees: 0 red, 0 amber, 0 green; 0 attempts.") != NULL);
    }
    free(html);
    snprintf(db_path, sizeof db_path, "%s", saved);
}

int main(void)
{
    const char *src = getenv("SPARRING_SOURCE_DIR");
    snprintf(tmp, sizeof tmp, "/tmp/sparring-dashboard-XXXXXX");
    if (!mkdtemp(tmp) || !src || !getenv("SPARRING_BIN")) {
        fprintf(stderr, "test_dashboard: needs SPARRING_BIN, SPARRING_SOURCE_DIR and /tmp\n");
        return 1;
    }
    const char *pg = getenv("SPARRING_TEST_PG");
    if (pg) {
        char db[64];
        check_pg_database(pg, "dashboard", true, db, sizeof db, db_path, sizeof db_path);
    } else {
        snprintf(db_path, sizeof db_path, "%s/records.db", tmp);
    }
    snprintf(scen_dir, sizeof scen_dir, "%s/tests/data/dashboard", src);
    char path[700];
    snprintf(path, sizeof path, "%s/call-a.json", scen_dir);
    DiagList diags = {0};
    sc_a = scenario_load_file(path, &diags);
    diag_list_free(&diags);
    if (!sc_a) {
        fprintf(stderr, "test_dashboard: cannot load %s\n", path);
        return 1;
    }
    plant();
    RUN(page_lists_the_team_red_first_with_lights);
    RUN(case_review_names_what_to_discuss);
    RUN(chinese_page_speaks_chinese);
    RUN(margin_comes_from_the_configuration);
    if (!pg) {
        RUN(page_loads_with_no_request_leaving);
        RUN(screenshot_shows_lights_in_order);
        RUN(a4_print_keeps_names_beside_lights);
        RUN(odd_names_and_empty_teams_read_well);
    }
    scenario_free(sc_a);
    if (!getenv("DASHBOARD_KEEP")) {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
        if (system(cmd) != 0)
            fprintf(stderr, "test_dashboard: could not remove %s\n", tmp);
    } else {
        fprintf(stderr, "test_dashboard: kept %s\n", tmp);
    }
    return check_summary();
}
