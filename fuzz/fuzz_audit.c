/* libFuzzer target: the audit's word tables (data/audit/LOCALE.txt, which trainers may edit) and
 * the audit of whatever scenario the loader accepts. The input is a word table, then optionally
 * a line "---" and a scenario: the table must parse or be refused without a crash or a leak,
 * what parses must measure any text, and the scenario (when it loads) must audit cleanly. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "audit_words.h"

static void audit_scenario(const uint8_t *data, size_t size, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/s.json", dir);
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    fwrite(data, 1, size, f);
    fclose(f);
    char *paths[2] = {path, path}; /* twice: the classifier has a file to train on */
    AuditOptions o;
    audit_options_default(&o);
    o.seeds = 2;
    o.words_dir = dir;
    AuditReport *r = audit_run(paths, 2, &o);
    audit_free(r);
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *sep = NULL;
    for (size_t i = 0; i + 5 <= size && !sep; i++)
        if (!memcmp(data + i, "\n---\n", 5))
            sep = data + i;
    size_t table_len = sep ? (size_t)(sep - data) : size;
    char err[512];
    AuditWords *w = audit_words_parse((const char *)data, table_len, "fuzz.txt", err, sizeof err);
    char *text = malloc(size + 1);
    if (text) {
        memcpy(text, data, size);
        text[size] = 0;
        AuditSurface s;
        audit_surface(w, text, &s);
        if (s.length < 0)
            abort();
        if (audit_reading_seconds(w, text) < 0)
            abort();
        free(text);
    }
    if (sep && w) {
        char dir[] = "/tmp/fuzz-audit-XXXXXX";
        if (mkdtemp(dir)) {
            char path[4096];
            snprintf(path, sizeof path, "%s/en.txt", dir);
            FILE *f = fopen(path, "wb");
            if (f) {
                fwrite(data, 1, table_len, f);
                fclose(f);
                audit_scenario(sep + 5, size - (size_t)(sep + 5 - data), dir);
                unlink(path);
            }
            rmdir(dir);
        }
    }
    audit_words_free(w);
    return 0;
}
