/* sparring sheet export FILE.json | sparring sheet import FILE.csv: a scenario as a spreadsheet
 * (CSV for Excel and WPS) and back. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "scenario.h"
#include "sheet.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: sparring sheet export FILE.json [--no-bom] [--out FILE.csv]\n"
            "       sparring sheet import FILE.csv [--out FILE.json]\n"
            "\n"
            "export writes the scenario as a sheet: one row per setting, competency, meter, event,\n"
            "node, answer and timeout, with a column per language, per competency's points,\n"
            "and for next, condition, effects, feedback, technique, critical and timer.\n"
            "It is CSV in UTF-8 with a byte-order mark, so Excel and WPS open the Chinese right\n"
            "(--no-bom leaves the mark out). import turns such a sheet back into a scenario\n"
            "file, checked as `sparring validate` checks one; its messages give the sheet's row\n"
            "and column: call.csv:ROW:COLUMN: error: ...\n"
            "Both write to standard output unless --out is given. The columns are described\n"
            "in docs/authoring.md (The spreadsheet route).\n"
            "\n"
            "Examples:\n"
            "  sparring sheet export renewal.json > renewal.csv\n"
            "  sparring sheet import renewal.csv > renewal.json\n"
            "Exit codes: 0 done, 1 the file is invalid (its errors on stderr), 2 usage.\n");
}

static void print_diags(const DiagList *d)
{
    char line[2048];
    for (int i = 0; i < d->count; i++) {
        diag_format(&d->items[i], line, sizeof line);
        fprintf(stderr, "%s\n", line);
    }
}

static int write_out(const char *out, const char *data, size_t len)
{
    FILE *f = out ? fopen(out, "wb") : stdout;
    if (!f) {
        fprintf(stderr, "sparring sheet: cannot write %s: %s\n", out, strerror(errno));
        return EXIT_INVALID;
    }
    bool ok = fwrite(data, 1, len, f) == len;
    ok &= (out ? fclose(f) : fflush(f)) == 0;
    if (!ok) {
        fprintf(stderr, "sparring sheet: cannot write %s\n", out ? out : "standard output");
        return EXIT_INVALID;
    }
    return EXIT_OK;
}

static int do_export(const char *file, const char *out, bool no_bom)
{
    DiagList d = {0};
    Scenario *sc = scenario_load_file(file, &d);
    if (!sc) {
        print_diags(&d);
        fprintf(stderr, "sparring sheet: %s is not a valid scenario; fix it first (sparring validate %s)\n", file,
                file);
        diag_list_free(&d);
        return EXIT_INVALID;
    }
    scenario_free(sc);
    diag_list_free(&d);
    size_t len = 0, csv_len = 0;
    char err[300];
    char *json = sheet_read_file(file, &len, err, sizeof err);
    char *csv = json ? sheet_export(json, len, no_bom, &csv_len, err) : NULL;
    int rc = csv ? write_out(out, csv, csv_len) : EXIT_INVALID;
    if (!csv)
        fprintf(stderr, "sparring sheet: %s: %s\n", file, err);
    free(json);
    free(csv);
    return rc;
}

static int do_import(const char *file, const char *out)
{
    size_t len = 0;
    char err[300];
    char *csv = sheet_read_file(file, &len, err, sizeof err);
    if (!csv) {
        fprintf(stderr, "sparring sheet: %s: %s\n", file, err);
        return EXIT_INVALID;
    }
    DiagList d = {0};
    char *dir = strdup(file), *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash)
        *slash = '\0';
    char *json = sheet_import(csv, len, file, dir ? (slash ? dir : ".") : NULL, &d);
    diag_list_sort(&d);
    print_diags(&d);
    int rc = json ? write_out(out, json, strlen(json)) : EXIT_INVALID;
    if (!json)
        fprintf(stderr, "%s: %d error%s, %d warning%s; nothing written\n", file, d.errors, d.errors == 1 ? "" : "s",
                d.warnings, d.warnings == 1 ? "" : "s");
    free(dir);
    free(json);
    free(csv);
    diag_list_free(&d);
    return rc;
}

int cmd_sheet(int argc, char **argv)
{
    const char *verb = NULL, *file = NULL, *out = NULL;
    bool no_bom = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool missing = false;
        const char *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--no-bom")) {
            no_bom = true;
        } else if ((v = cli_option_value(argc, argv, &i, "--out", &missing)) || missing) {
            if (missing) {
                fprintf(stderr, "sparring sheet: --out needs a file name\n");
                return EXIT_USAGE;
            }
            out = v;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "sparring sheet: unknown option '%s'\n", a);
            usage(stderr);
            return EXIT_USAGE;
        } else if (!verb) {
            verb = a;
        } else if (!file) {
            file = a;
        } else {
            fprintf(stderr, "sparring sheet: one FILE at a time ('%s' and '%s')\n", file, a);
            return EXIT_USAGE;
        }
    }
    if (!verb || !file || (strcmp(verb, "export") && strcmp(verb, "import"))) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(verb, "export"))
        return do_export(file, out, no_bom);
    if (no_bom) {
        fprintf(stderr, "sparring sheet: --no-bom is for export\n");
        return EXIT_USAGE;
    }
    return do_import(file, out);
}
