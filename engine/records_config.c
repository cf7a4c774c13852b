/* records: the LRS configuration file (lrs.ini). */
#include "records_internal.h"
#include "text.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONFIG_MAX_BYTES (64 * 1024)
#define CONFIG_MAX_VALUE 4096

void records_config_free(RecordsConfig *cfg)
{
    if (!cfg)
        return;
    free(cfg->endpoint);
    free(cfg->key);
    free(cfg->secret);
    free(cfg->home_page);
    free(cfg->activity_base);
    memset(cfg, 0, sizeof *cfg);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static int parse_bool(const char *v, bool *out)
{
    if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1"))
        *out = true;
    else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0"))
        *out = false;
    else
        return -1;
    return 0;
}

bool records_loopback_url(const char *url)
{
    const char *p = strstr(url, "://");
    if (!p)
        return false;
    p += 3;
    size_t n = strcspn(p, "/?#");
    const char *at = memchr(p, '@', n);
    if (at) {
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    char host[256];
    if (n >= sizeof host)
        return false;
    memcpy(host, p, n);
    host[n] = 0;
    if (host[0] == '[') { /* [::1]:port */
        char *close = strchr(host, ']');
        if (!close)
            return false;
        *close = 0;
        return !strcmp(host + 1, "::1");
    }
    char *colon = strchr(host, ':');
    if (colon)
        *colon = 0;
    for (char *c = host; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    if (!strcmp(host, "localhost"))
        return true;
    /* 127.0.0.0/8, written as a dotted quad */
    unsigned a, b, c, d;
    char tail;
    return sscanf(host, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 4 && a == 127 && b < 256 &&
           c < 256 && d < 256;
}

static int parse_int(const char *v, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < lo || n > hi)
        return -1;
    *out = (int)n;
    return 0;
}

/* The keys and their places in RecordsConfig: a text (char *) or a whole number (int) within
 * bounds. */
static const struct {
    const char *name;
    bool text;
    size_t offset;
    int lo, hi;
} config_keys[] = {
    {"endpoint", true, offsetof(RecordsConfig, endpoint), 0, 0},
    {"key", true, offsetof(RecordsConfig, key), 0, 0},
    {"secret", true, offsetof(RecordsConfig, secret), 0, 0},
    {"home_page", true, offsetof(RecordsConfig, home_page), 0, 0},
    {"activity_base", true, offsetof(RecordsConfig, activity_base), 0, 0},
    {"batch", false, offsetof(RecordsConfig, batch), 1, 1000},
    {"retries", false, offsetof(RecordsConfig, retries), 1, 100},
    {"timeout", false, offsetof(RecordsConfig, timeout), 1, 3600},
};

/* The key as a message may show it: quoted when it is a plain name; otherwise not at all (a
 * secret written without its `=` ends at the `=` of its base64 padding, and would be shown as
 * the "key"). */
static void shown_key(const char *k, size_t n, char *out, size_t size)
{
    bool plain = n > 0 && n + 3 <= size;
    for (size_t i = 0; i < n && plain; i++)
        plain = (k[i] >= 'a' && k[i] <= 'z') || k[i] == '_';
    if (plain)
        snprintf(out, size, "\"%.*s\"", (int)n, k);
    else
        snprintf(out, size, "(not shown: it may hold a secret)");
}

/* Stores value (taken over) under key. 0, or -1 with a message that never quotes a value. */
static int set_key(RecordsConfig *cfg, const char *key, char *value, const char *shown,
                   const char *name, int line, char *err, size_t errsize)
{
    if (!strcmp(key, "allow_plain_http")) {
        int rc = parse_bool(value, &cfg->allow_plain_http);
        free(value);
        return rc < 0 ? records_errf(err, errsize, "%s:%d: allow_plain_http is true or false",
                                     name, line)
                      : 0;
    }
    for (size_t i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++) {
        if (strcmp(key, config_keys[i].name))
            continue;
        if (config_keys[i].text) {
            char **slot = (char **)((char *)cfg + config_keys[i].offset);
            free(*slot);
            *slot = value;
            return 0;
        }
        int rc = parse_int(value, config_keys[i].lo, config_keys[i].hi,
                           (int *)((char *)cfg + config_keys[i].offset));
        free(value);
        return rc < 0 ? records_errf(err, errsize, "%s:%d: %s must be a whole number from %d to %d",
                                     name, line, key, config_keys[i].lo, config_keys[i].hi)
                      : 0;
    }
    free(value);
    return records_errf(err, errsize,
                        "%s:%d: unknown key %s (endpoint, key, secret, home_page, activity_base, "
                        "batch, retries, timeout, allow_plain_http; write `key = value`)",
                        name, line, shown);
}

/* What the values must be once the whole file is read. 0 or -1. */
static int check_values(const RecordsConfig *cfg, const char *name, char *err, size_t errsize)
{
    if (cfg->endpoint && strncmp(cfg->endpoint, "http://", 7) &&
        strncmp(cfg->endpoint, "https://", 8))
        return records_errf(err, errsize, "%s: endpoint must start with https:// (or http://)",
                            name);
    if (cfg->endpoint && !strncmp(cfg->endpoint, "http://", 7) && !cfg->allow_plain_http &&
        (cfg->key || cfg->secret) && !records_loopback_url(cfg->endpoint))
        return records_errf(err, errsize,
                            "%s: endpoint is plain http:// to another machine: the key and secret "
                            "would cross the network readable by anyone on the way; use "
                            "https://, or write allow_plain_http = true if this network is "
                            "trusted",
                            name);
    if (cfg->home_page && !strstr(cfg->home_page, "://"))
        return records_errf(err, errsize, "%s: home_page must be an IRI such as "
                            "https://hr.example.com", name);
    if (cfg->activity_base && !strstr(cfg->activity_base, "://"))
        return records_errf(err, errsize, "%s: activity_base must be an IRI such as "
                            "https://training.example.com/scenarios/", name);
    return 0;
}

/* The whole-number keys of the other sections: [report] amber_margin, the points below the
 * pass mark that still light amber; [privacy] audio_retention_days, how long recordings of
 * spoken answers are kept (records purge-audio). */
static const struct {
    const char *section, *key;
    size_t offset;
    int lo, hi;
} section_keys[] = {
    {"report", "amber_margin", offsetof(RecordsConfig, amber_margin), 0, 100},
    {"privacy", "audio_retention_days", offsetof(RecordsConfig, audio_retention_days), 1, 36500},
};

/* A key of section (not [lrs]): 0, or -1 with a message naming what the section takes; a
 * section this build does not know is ignored. */
static int section_key(const char *section, const char *k, size_t kn, const char *v, size_t vn,
                       RecordsConfig *cfg, const char *name, int line, char *err, size_t errsize)
{
    int found = -1;
    for (size_t i = 0; i < sizeof section_keys / sizeof section_keys[0]; i++) {
        if (strcmp(section, section_keys[i].section))
            continue;
        found = (int)i;
        if (strlen(section_keys[i].key) == kn && !memcmp(k, section_keys[i].key, kn))
            break;
    }
    if (found < 0)
        return 0;
    char value[16];
    if (strlen(section_keys[found].key) == kn && !memcmp(k, section_keys[found].key, kn) &&
        vn < sizeof value) {
        memcpy(value, v, vn);
        value[vn] = 0;
        if (parse_int(value, section_keys[found].lo, section_keys[found].hi,
                      (int *)((char *)cfg + section_keys[found].offset)) == 0)
            return 0;
    }
    return records_errf(err, errsize, "%s:%d: [%s] takes %s = %d to %d", name, line, section,
                        section_keys[found].key, section_keys[found].lo, section_keys[found].hi);
}

/* The name between a section header's brackets [a, b): true for [lrs]; another's name, when it
 * is short enough to be one this build knows, to section ("" otherwise). */
static bool section_header(const char *a, const char *b, char section[16])
{
    while (a < b && is_space(*a))
        a++;
    while (b > a && is_space(b[-1]))
        b--;
    bool lrs = b - a == 3 && !memcmp(a, "lrs", 3);
    int n = lrs || b - a >= 16 ? 0 : (int)(b - a);
    snprintf(section, 16, "%.*s", n, a);
    return lrs;
}

int records_config_parse(const char *data, size_t len, const char *name, RecordsConfig *cfg,
                         char *err, size_t errsize)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->batch = 50;
    cfg->retries = 5;
    cfg->timeout = 30;
    cfg->amber_margin = RECORDS_AMBER_MARGIN;
    cfg->audio_retention_days = RECORDS_AUDIO_RETENTION_DAYS;
    if (!name)
        name = "lrs.ini";
    if (len > CONFIG_MAX_BYTES)
        return records_errf(err, errsize, "%s: too large for a configuration file (%zu bytes)",
                            name, len);
    size_t pos = 0;
    int line = 0;
    bool in_lrs = true; /* keys before any section belong to [lrs] */
    char section[16] = ""; /* another section than [lrs]: its name */
    /* Skip a UTF-8 byte-order mark (Notepad writes one). */
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        pos = 3;
    while (pos < len) {
        line++;
        size_t end = pos;
        while (end < len && data[end] != '\n')
            end++;
        size_t a = pos, b = end;
        pos = end < len ? end + 1 : end;
        while (a < b && is_space(data[a]))
            a++;
        while (b > a && is_space(data[b - 1]))
            b--;
        if (a == b || data[a] == '#' || data[a] == ';')
            continue;
        if (memchr(data + a, 0, b - a))
            return records_errf(err, errsize, "%s:%d: a NUL byte in the line", name, line);
        if (data[a] == '[') {
            if (data[b - 1] != ']')
                return records_errf(err, errsize, "%s:%d: a section header must end with ]",
                                    name, line);
            in_lrs = section_header(data + a + 1, data + b - 1, section);
            continue;
        }
        const char *eq = memchr(data + a, '=', b - a);
        if (!eq)
            return records_errf(err, errsize, "%s:%d: expected `key = value`", name, line);
        size_t ka = a, kb = (size_t)(eq - data), va = kb + 1, vb = b;
        while (kb > ka && is_space(data[kb - 1]))
            kb--;
        while (va < vb && is_space(data[va]))
            va++;
        if (kb == ka)
            return records_errf(err, errsize, "%s:%d: a key is missing before =", name, line);
        /* Optional double quotes around the value (a secret may end in spaces). */
        if (vb - va >= 2 && data[va] == '"' && data[vb - 1] == '"') {
            va++;
            vb--;
        }
        if (vb - va > CONFIG_MAX_VALUE)
            return records_errf(err, errsize, "%s:%d: the value is too long", name, line);
        if (!in_lrs) {
            if (section[0] && section_key(section, data + ka, kb - ka, data + va, vb - va, cfg,
                                          name, line, err, errsize) < 0)
                return -1;
            continue;
        }
        char key[32];
        size_t kl = kb - ka;
        if (kl >= sizeof key)
            kl = sizeof key - 1;
        memcpy(key, data + ka, kl);
        key[kl] = 0;
        if (!text_utf8_valid(data + va, vb - va) || !text_utf8_valid(data + ka, kb - ka))
            return records_errf(err, errsize, "%s:%d: not UTF-8 text (save the file as UTF-8)",
                                name, line);
        for (size_t i = va; i < vb; i++)
            if ((unsigned char)data[i] < 0x20 || data[i] == 0x7F)
                return records_errf(err, errsize, "%s:%d: a control character in the value",
                                    name, line);
        char *value = malloc(vb - va + 1);
        if (!value)
            return records_errf(err, errsize, "out of memory");
        memcpy(value, data + va, vb - va);
        value[vb - va] = 0;
        if (text_has_control(value)) { /* U+0080 to U+009F, the C1 controls */
            free(value);
            return records_errf(err, errsize, "%s:%d: a control character in the value", name,
                                line);
        }
        char shown[40];
        shown_key(data + ka, kb - ka, shown, sizeof shown);
        if (set_key(cfg, key, value, shown, name, line, err, errsize) < 0)
            return -1;
    }
    return check_values(cfg, name, err, errsize);
}
