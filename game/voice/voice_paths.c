/* Where recorded voice lines live (voice_paths.h). */
#include "voice_paths.h"

#include <dirent.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* A part of a path that names one file or folder and nothing else. */
static bool part_ok(const char *s)
{
    if (!s || !*s || !strcmp(s, ".") || !strcmp(s, ".."))
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7F)
            return false;
    return true;
}

/* Writes "<folder of scenario_path>/voice/<id>/<locale>" and, when node_id, "/<node>.flac". */
static int build(const char *scenario_path, const char *id, const char *locale, const char *node,
                 char *buf, size_t n)
{
    if (n)
        buf[0] = '\0';
    if (!scenario_path || !part_ok(id) || !part_ok(locale) || (node && !part_ok(node)) || !n)
        return -1;
    const char *slash = strrchr(scenario_path, '/');
    int dirlen = slash ? (int)(slash - scenario_path) : -1;
    int len;
    if (dirlen < 0)
        len = snprintf(buf, n, "voice/%s/%s", id, locale);
    else if (dirlen == 0) /* "/call.json" */
        len = snprintf(buf, n, "/voice/%s/%s", id, locale);
    else
        len = snprintf(buf, n, "%.*s/voice/%s/%s", dirlen, scenario_path, id, locale);
    if (len < 0 || (size_t)len >= n) {
        buf[0] = '\0';
        return -1;
    }
    if (node) {
        int more = snprintf(buf + len, n - (size_t)len, "/%s%s", node, VOICE_EXT);
        if (more < 0 || (size_t)more >= n - (size_t)len) {
            buf[0] = '\0';
            return -1;
        }
        len += more;
    }
    return len;
}

int voice_path(const char *scenario_path, const char *scenario_id, const char *locale,
               const char *node_id, char *buf, size_t n)
{
    return build(scenario_path, scenario_id, locale, node_id ? node_id : "", buf, n);
}

int voice_dir(const char *scenario_path, const char *scenario_id, const char *locale, char *buf,
              size_t n)
{
    return build(scenario_path, scenario_id, locale, NULL, buf, n);
}

bool voice_node_spoken(const Scenario *sc, int node, int locale)
{
    if (!sc || node < 0 || node >= scenario_node_count(sc))
        return false;
    const ScNode *nd = scenario_node(sc, node);
    if (nd->speaker != SC_SPEAKER_CUSTOMER)
        return false;
    const char *t = scenario_text(&nd->text, locale);
    return t && *t;
}

int voice_find_take(const char *scenario_path, const char *scenario_id, const char *locale,
                    const char *node_id, char *buf, size_t n)
{
    static const char *const exts[] = {".flac", ".opus", ".ogg", ".wav"};
    int len = voice_path(scenario_path, scenario_id, locale, node_id, buf, n);
    if (len < 0)
        return -1;
    size_t stem = (size_t)len - strlen(VOICE_EXT);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        if (stem + strlen(exts[i]) >= n) {
            buf[0] = '\0';
            return -1;
        }
        strcpy(buf + stem, exts[i]);
        struct stat st;
        if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
            return (int)strlen(buf);
    }
    buf[0] = '\0';
    return 0;
}

bool voice_take_exists(const Scenario *sc, int node, int locale)
{
    if (!sc || node < 0 || node >= scenario_node_count(sc))
        return false;
    char path[4096];
    return voice_find_take(scenario_path(sc), scenario_id(sc), scenario_locale(sc, locale),
                           scenario_node(sc, node)->id, path, sizeof path) > 0;
}

/* voice/<id>/ beside the scenario (a locale's folder with its last part cut). */
static int scenario_voice_root(const Scenario *sc, char *buf, size_t n)
{
    int len = voice_dir(scenario_path(sc), scenario_id(sc), "x", buf, n);
    if (len < 2)
        return -1;
    buf[len - 2] = '\0';
    return len - 2;
}

void voice_coverage(const Scenario *sc, int locale, VoiceCoverage *out)
{
    memset(out, 0, sizeof *out);
    if (!sc)
        return;
    char root[4096];
    struct stat st;
    out->any_folder = scenario_voice_root(sc, root, sizeof root) > 0 && stat(root, &st) == 0 &&
                      S_ISDIR(st.st_mode);
    for (int i = 0; i < scenario_node_count(sc); i++) {
        if (!voice_node_spoken(sc, i, locale))
            continue;
        out->lines++;
        if (out->any_folder && voice_take_exists(sc, i, locale))
            out->recorded++;
    }
}

static unsigned long long fnv(unsigned long long h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

/* The order-independent sum of one hash per entry (readdir's order is not fixed). */
static unsigned long long stamp_dir(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    unsigned long long sum = 0;
    struct dirent *e;
    char p[4096];
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= (int)sizeof p)
            continue;
        struct stat st;
        if (lstat(p, &st) != 0)
            continue;
        unsigned long long h = fnv(1469598103934665603ULL, p, strlen(p));
        long long sz = (long long)st.st_size, sec = (long long)st.st_mtim.tv_sec,
                  ns = (long long)st.st_mtim.tv_nsec;
        h = fnv(h, &sz, sizeof sz);
        h = fnv(h, &sec, sizeof sec);
        h = fnv(h, &ns, sizeof ns);
        sum += h;
        if (S_ISDIR(st.st_mode) && depth < 1)
            sum += stamp_dir(p, depth + 1);
    }
    closedir(d);
    return sum ? sum : 1; /* an empty folder still differs from none */
}

unsigned long long voice_stamp(const Scenario *sc)
{
    char root[4096];
    if (!sc || scenario_voice_root(sc, root, sizeof root) <= 0)
        return 0;
    return stamp_dir(root, 0);
}

unsigned long long voice_stamp_locale(const Scenario *sc, int locale)
{
    char dir[4096];
    if (!sc || locale < 0 || locale >= scenario_locale_count(sc) ||
        voice_dir(scenario_path(sc), scenario_id(sc), scenario_locale(sc, locale), dir, sizeof dir) < 0)
        return 0;
    return stamp_dir(dir, 1);
}

/* ---- the order of the lines ------------------------------------------------------------------ */

static void visit(int node, int *queue, int *nq, bool *seen)
{
    if (node >= 0 && !seen[node]) {
        seen[node] = true;
        queue[(*nq)++] = node;
    }
}

static void visit_goto(const ScGoto *g, int *queue, int *nq, bool *seen)
{
    if (g->node >= 0)
        visit(g->node, queue, nq, seen);
    for (int b = 0; b < g->nbranches; b++)
        visit(g->branches[b].node, queue, nq, seen);
}

/* Breadth first from every node queued from *head on. */
static void walk_from(const Scenario *sc, int *queue, int *head, int *nq, bool *seen)
{
    for (; *head < *nq; (*head)++) {
        const ScNode *nd = scenario_node(sc, queue[*head]);
        if (nd->kind == SC_NODE_CHOICES)
            for (int c = 0; c < nd->nchoices; c++)
                visit_goto(&nd->choices[c].next, queue, nq, seen);
        else if (nd->kind == SC_NODE_NEXT)
            visit_goto(&nd->next, queue, nq, seen);
        if (nd->timeout)
            visit_goto(&nd->timeout->next, queue, nq, seen);
    }
}

int voice_lines(const Scenario *sc, int locale, int *out, int max)
{
    int n = sc ? scenario_node_count(sc) : 0;
    if (n <= 0)
        return 0;
    int *queue = malloc((size_t)n * sizeof *queue);
    bool *seen = calloc((size_t)n, sizeof *seen);
    int count = 0;
    if (queue && seen) {
        int head = 0, nq = 0;
        visit(scenario_start(sc), queue, &nq, seen);
        walk_from(sc, queue, &head, &nq, seen);
        for (int e = 0; e < scenario_event_count(sc); e++) {
            visit_goto(&scenario_event(sc, e)->next, queue, &nq, seen);
            walk_from(sc, queue, &head, &nq, seen);
        }
        for (int i = 0; i < n; i++)
            visit(i, queue, &nq, seen);
        for (int i = 0; i < nq; i++)
            if (voice_node_spoken(sc, queue[i], locale)) {
                if (out && count < max)
                    out[count] = queue[i];
                count++;
            }
    } else { /* out of memory: file order */
        for (int i = 0; i < n; i++)
            if (voice_node_spoken(sc, i, locale)) {
                if (out && count < max)
                    out[count] = i;
                count++;
            }
    }
    free(queue);
    free(seen);
    return count;
}
