/* ui_settings: load and save the window's settings file. See ui_settings.h. */
#include "ui_settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "text.h"

const char *ui_settings_path(void)
{
    static char buf[4096];
    const char *xdg = getenv("XDG_CONFIG_HOME");
    if (xdg && *xdg)
        snprintf(buf, sizeof buf, "%s/sparring/settings.ini", xdg);
    else
        snprintf(buf, sizeof buf, "%s/.config/sparring/settings.ini", getenv("HOME") ? getenv("HOME") : ".");
    return buf;
}

const char *ui_settings_system_locale(void)
{
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return (v[0] == 'z' && v[1] == 'h') ? "zh" : "en";
    }
    return "en";
}

/* Cut, when too long, between characters, never inside one. */
static void copy(char *dst, size_t size, const char *src)
{
    size_t n = text_utf8_prefix(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = 0;
}

/* A trainee's id or name goes into the records: UTF-8 text without control characters only
 * (a Latin-1 file would poison every JSON export; a line break would forge report lines). */
static bool is_text(const char *v)
{
    return text_utf8_valid(v, strlen(v)) && !text_has_control(v);
}

static bool parse_bool(const char *v, bool def)
{
    if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes"))
        return true;
    if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "no"))
        return false;
    return def;
}

static double parse_num(const char *v, double lo, double hi, double def)
{
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end || d != d)
        return def;
    return d < lo ? lo : d > hi ? hi : d;
}

void ui_settings_defaults(UiSettings *s)
{
    memset(s, 0, sizeof *s);
    copy(s->locale, sizeof s->locale, ui_settings_system_locale());
    copy(s->mode, sizeof s->mode, "practice");
    s->practice_timers = true;
    s->text_zoom = 1.0;
    s->volume = 0.8;
}

static void set_key(UiSettings *s, const char *k, const char *v)
{
    if (!strcmp(k, "trainee_id") && is_text(v))
        copy(s->trainee_id, sizeof s->trainee_id, v);
    else if (!strcmp(k, "trainee_name") && is_text(v))
        copy(s->trainee_name, sizeof s->trainee_name, v);
    else if (!strcmp(k, "locale") && (!strcmp(v, "zh") || !strcmp(v, "en")))
        copy(s->locale, sizeof s->locale, v);
    else if (!strcmp(k, "mode") && (!strcmp(v, "practice") || !strcmp(v, "assessment")))
        copy(s->mode, sizeof s->mode, v);
    else if (!strcmp(k, "practice_timers"))
        s->practice_timers = parse_bool(v, true);
    else if (!strcmp(k, "high_contrast"))
        s->high_contrast = parse_bool(v, false);
    else if (!strcmp(k, "text_zoom"))
        s->text_zoom = parse_num(v, 0.7, 2.0, 1.0);
    else if (!strcmp(k, "volume"))
        s->volume = parse_num(v, 0.0, 1.0, 0.8);
    else if (!strcmp(k, "muted"))
        s->muted = parse_bool(v, false);
    else if (!strcmp(k, "say_aloud"))
        s->say_aloud = parse_bool(v, false);
}

void ui_settings_parse(UiSettings *s, const char *data, size_t len)
{
    char line[512];
    size_t i = 0;
    while (i < len) {
        size_t n = 0;
        while (i < len && data[i] != '\n') {
            if (n + 1 < sizeof line && data[i] != '\r' && data[i] != '\0')
                line[n++] = data[i];
            i++;
        }
        i++; /* the newline */
        line[n] = 0;
        char *eq = strchr(line, '=');
        if (!eq || line[0] == '#' || line[0] == ';')
            continue;
        *eq = 0;
        set_key(s, line, eq + 1);
    }
}

void ui_settings_load(UiSettings *s, const char *path)
{
    ui_settings_defaults(s);
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f)
        return;
    char buf[16384];
    size_t n = fread(buf, 1, sizeof buf, f); /* a settings file is a few hundred bytes */
    fclose(f);
    ui_settings_parse(s, buf, n);
}

static int mkdirs(char *dir)
{
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        int rc = mkdir(dir, 0755);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return (mkdir(dir, 0755) == 0 || errno == EEXIST) ? 0 : -1;
}

/* Strips newlines from a value so one field cannot forge another. */
static void put(FILE *f, const char *k, const char *v)
{
    fprintf(f, "%s=", k);
    for (; *v; v++)
        if (*v != '\n' && *v != '\r')
            fputc(*v, f);
    fputc('\n', f);
}

int ui_settings_save(const UiSettings *s, const char *path, char *err, size_t errsize)
{
    char dir[4096], tmp[4200];
    copy(dir, sizeof dir, path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = 0;
        if (mkdirs(dir) != 0) {
            snprintf(err, errsize, "cannot create %s: %s", dir, strerror(errno));
            return -1;
        }
    }
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        snprintf(err, errsize, "cannot write %s: %s", tmp, strerror(errno));
        return -1;
    }
    fprintf(f, "# Sparring trainer window settings\n");
    put(f, "trainee_id", s->trainee_id);
    put(f, "trainee_name", s->trainee_name);
    put(f, "locale", s->locale);
    fprintf(f, "practice_timers=%s\n", s->practice_timers ? "true" : "false");
    fprintf(f, "high_contrast=%s\n", s->high_contrast ? "true" : "false");
    fprintf(f, "text_zoom=%.2f\n", s->text_zoom);
    fprintf(f, "volume=%.2f\n", s->volume);
    fprintf(f, "muted=%s\n", s->muted ? "true" : "false");
    fprintf(f, "say_aloud=%s\n", s->say_aloud ? "true" : "false");
    int bad = ferror(f);
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
        snprintf(err, errsize, "cannot write %s: %s", path, strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}
