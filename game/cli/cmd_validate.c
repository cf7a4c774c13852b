/* sparring validate PATH...: checks scenario files (cli.md). Diagnostics go to standard error,
 * one a line, in the form compilers use; the summary line (the command's result) goes to
 * standard output, so `sparring validate DIR > report` keeps the count and shows the problems. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "lint.h"
#include "scenario.h"
#include "voice_report.h"

typedef struct {
    char **paths;
    int n, cap;
} PathList;

static int push_path(PathList *pl, const char *p)
{
    if (pl->n == pl->cap) {
        int cap = pl->cap ? pl->cap * 2 : 32;
        char **np = realloc(pl->paths, (size_t)cap * sizeof *np);
        if (!np)
            return -1;
        pl->paths = np;
        pl->cap = cap;
    }
    char *d = strdup(p);
    if (!d)
        return -1;
    pl->paths[pl->n++] = d;
    return 0;
}

/* One diagnostic a line: a control character from the file (a key can hold an escaped line
 * break, and a JSON pointer repeats keys) is shown as '?'. */
static void print_line(char *line)
{
    for (char *p = line; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            *p = '?';
    fprintf(stderr, "%s\n", line);
}

/* The voice coverage of a scenario that has recordings (nothing for one without). */
static void print_voice(const Scenario *sc, const char *path, bool verbose)
{
    char sum[512];
    if (!voice_report_summary(sc, sum, sizeof sum))
        return;
    fflush(stderr); /* after the file's diagnostics, in a terminal */
    printf("%s: voice %s\n", cli_esc(path), sum);
    if (verbose) {
        char prefix[4200];
        snprintf(prefix, sizeof prefix, "%s: voice ", cli_esc(path));
        voice_report_missing(stdout, sc, prefix);
    }
    fflush(stdout);
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: sparring validate PATH... [-v|--verbose]\n"
            "\n"
            "Checks scenario files: each FILE, and every *.json under each folder (recursively, in\n"
            "sorted order). Every problem is printed to standard error, one a line, as\n"
            "  FILE:LINE:COL: error|warning: MESSAGE (at JSON-POINTER)\n"
            "so editors can jump to it. Then a summary line such as `2 files, 1 error, 1 warning`\n"
            "goes to standard output: it is the command's result, so `sparring validate DIR > summary`\n"
            "still shows every problem, and `2> problems.txt` keeps them in a file.\n"
            "A file may hold many problems; past 1000 the rest are counted in one last line.\n"
            "\n"
            "A scenario with recorded voices (a voice/ID/ folder beside it, docs/voice.md) gets one\n"
            "more line on standard output, before the summary, with its coverage per locale:\n"
            "  FILE: voice zh 3 of 4 lines recorded, en 0 of 4\n"
            "  -v, --verbose   also list the customer lines that have no take, per locale\n"
            "\n"
            "Exit status: 0 when no file has an error (warnings are allowed), 1 when any has one or\n"
            "cannot be read, 2 on a usage error.\n");
}

static void path_list_free(PathList *pl)
{
    for (int i = 0; i < pl->n; i++)
        free(pl->paths[i]);
    free(pl->paths);
}

/* The options, checked before any file is read. Returns EXIT_OK to go on, -1 after --help,
 * or EXIT_USAGE. */
static int check_options(int argc, char **argv, bool *verbose)
{
    bool options = true;
    int nargs = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
            usage(stdout);
            return -1;
        }
        if (options && (!strcmp(a, "-v") || !strcmp(a, "--verbose"))) {
            *verbose = true;
            continue;
        }
        if (options && !strcmp(a, "--")) {
            options = false;
            continue;
        }
        if (options && a[0] == '-' && a[1]) {
            fprintf(stderr, "sparring validate: unknown option '%s'\n", a);
            usage(stderr);
            return EXIT_USAGE;
        }
        nargs++;
    }
    if (nargs == 0) {
        fprintf(stderr, "sparring validate: give at least one scenario file or folder\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* Adds every *.json under folder dir to files (JSON Schemas too: they are checked as well), in
 * sorted order; *nerrors counts the folders that could not be read. Returns EXIT_OK,
 * EXIT_INVALID when a file could not be added, or -1 when out of memory for the walk. */
static int add_folder(const char *dir, PathList *files, int *nerrors)
{
    CliPaths found;
    if (cli_scan(dir, &(CliScan){.max_depth = 64, .schemas = true, .warn = ""}, &found) < 0) {
        fprintf(stderr, "sparring validate: out of memory\n");
        return -1;
    }
    *nerrors += found.unreadable;
    if (found.n == 0 && found.unreadable == 0)
        fprintf(stderr, "%s: warning: no *.json files in this folder\n", dir);
    int status = EXIT_OK;
    for (int k = 0; k < found.n; k++)
        if (push_path(files, found.paths[k]) < 0)
            status = EXIT_INVALID;
    cli_paths_free(&found);
    return status;
}

/* The files the arguments name: files as given, folders walked. Returns as add_folder does. */
static int collect_files(int argc, char **argv, PathList *files, int *nerrors)
{
    bool options = true;
    int status = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options && !strcmp(a, "--")) {
            options = false;
            continue;
        }
        if (options && a[0] == '-' && a[1])
            continue;
        struct stat st;
        if (stat(a, &st) == 0 && S_ISDIR(st.st_mode)) {
            int r = add_folder(a, files, nerrors);
            if (r < 0)
                return -1;
            if (r != EXIT_OK)
                status = r;
        } else if (push_path(files, a) < 0) {
            status = EXIT_INVALID;
        }
    }
    return status;
}

/* A diagnostic, one line, however long. */
static void print_diag(const Diag *d)
{
    char line[1024];
    int n = diag_format(d, line, sizeof line);
    if (n >= (int)sizeof line) {
        char *big = malloc((size_t)n + 1);
        if (big) {
            diag_format(d, big, (size_t)n + 1);
            print_line(big);
            free(big);
            return;
        }
    }
    print_line(line);
}

/* Checks one file: its problems on stderr, its voice coverage on stdout; adds to the counts. */
static void validate_file(const char *path, bool verbose, int *nerrors, int *nwarnings)
{
    DiagList diags = {0};
    Scenario *sc = scenario_load_file(path, &diags);
    if (sc) /* authoring warnings: an answer without feedback */
        lint_scenario_file(sc, path, &diags);
    for (int k = 0; k < diags.count; k++)
        print_diag(&diags.items[k]);
    if (sc)
        print_voice(sc, path, verbose);
    *nerrors += diags.errors;
    *nwarnings += diags.warnings;
    scenario_free(sc);
    diag_list_free(&diags);
}

int cmd_validate(int argc, char **argv)
{
    bool verbose = false;
    int status = check_options(argc, argv, &verbose);
    if (status != EXIT_OK)
        return status < 0 ? EXIT_OK : status;
    PathList files = {0};
    int nerrors = 0, nwarnings = 0;
    status = collect_files(argc, argv, &files, &nerrors);
    if (status < 0) {
        path_list_free(&files);
        return EXIT_INVALID;
    }
    for (int i = 0; i < files.n; i++)
        validate_file(files.paths[i], verbose, &nerrors, &nwarnings);
    int nfiles = files.n;
    fflush(stderr);
    printf("%d file%s, %d error%s, %d warning%s\n", nfiles, nfiles == 1 ? "" : "s", nerrors,
           nerrors == 1 ? "" : "s", nwarnings, nwarnings == 1 ? "" : "s");
    if (nerrors > 0)
        status = EXIT_INVALID;
    path_list_free(&files);
    return status;
}
