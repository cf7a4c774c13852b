/* sheet_file: the JSON an import writes, and loading a scenario from a sheet file. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scenario.h"
#include "sheet.h"
#include "sheet_internal.h"

/* ---- JSON for people: two-space indents, short objects and arrays on one line ---- */

/* "key": with the key escaped as JSON. */
static void put_key(TextBuf *b, const char *key)
{
    char *k = cJSON_PrintUnformatted(&(cJSON){.type = cJSON_String, .valuestring = (char *)key});
    textbuf_str(b, k ? k : "\"\"");
    textbuf_str(b, ": ");
    b->failed |= !k;
    free(k);
}

static void print_inline(TextBuf *b, const cJSON *v)
{
    if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
        bool obj = cJSON_IsObject(v);
        textbuf_str(b, obj ? "{" : "[");
        for (const cJSON *c = v->child; c; c = c->next) {
            if (obj) {
                put_key(b, c->string);
            }
            print_inline(b, c);
            if (c->next)
                textbuf_str(b, ", ");
        }
        textbuf_str(b, obj ? "}" : "]");
        return;
    }
    char *s = cJSON_PrintUnformatted(v);
    b->failed |= !s;
    textbuf_str(b, s ? s : "null");
    free(s);
}

void sheet_json_print(TextBuf *b, const cJSON *v, int depth)
{
    bool obj = cJSON_IsObject(v);
    if ((!obj && !cJSON_IsArray(v)) || !v->child) {
        print_inline(b, v);
        return;
    }
    if (depth >= 2 || (depth == 1 && !obj)) {
        TextBuf flat = {0};
        print_inline(&flat, v);
        bool fits = !flat.failed && flat.len + (size_t)depth * 2 <= 110;
        if (fits)
            textbuf_add(b, flat.s, flat.len);
        free(flat.s);
        if (fits)
            return;
    }
    textbuf_str(b, obj ? "{\n" : "[\n");
    for (const cJSON *c = v->child; c; c = c->next) {
        textbuf_printf(b, "%*s", (depth + 1) * 2, "");
        if (obj) {
            put_key(b, c->string);
        }
        sheet_json_print(b, c, depth + 1);
        textbuf_str(b, c->next ? ",\n" : "\n");
    }
    textbuf_printf(b, "%*s%s", depth * 2, "", obj ? "}" : "]");
}

bool sheet_is_sheet_path(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && !strcasecmp(path + n - 4, ".csv");
}

char *sheet_read_file(const char *path, size_t *len, char *err, size_t errsize)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errsize, "cannot open: %s", strerror(errno));
        return NULL;
    }
    TextBuf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= SC_MAX_FILE_BYTES)
        textbuf_add(&b, chunk, n);
    bool bad = ferror(f);
    fclose(f);
    if (!bad && !b.failed && !b.s)
        b.s = calloc(1, 1); /* an empty file */
    if (bad || b.failed || !b.s) {
        snprintf(err, errsize, "cannot read: %s", bad ? strerror(errno) : "out of memory");
        free(b.s);
        return NULL;
    }
    *len = b.len;
    return b.s;
}

Scenario *sheet_load_file(const char *path, DiagList *diags)
{
    if (!sheet_is_sheet_path(path))
        return scenario_load_file(path, diags);
    char err[300];
    size_t len = 0;
    char *text = sheet_read_file(path, &len, err, sizeof err);
    if (!text) {
        diag_add(diags, DIAG_ERROR, path, 0, 0, "", "%s", err);
        return NULL;
    }
    char *dir = strdup(path), *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash)
        *slash = '\0';
    char *json;
    Scenario *sc = sheet_import_scenario(text, len, path, dir ? (slash ? dir : ".") : NULL, diags, &json);
    free(json);
    free(dir);
    free(text);
    return sc;
}
