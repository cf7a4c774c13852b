/* sparring graph FILE [--format dot|mermaid] [--locale LL]: the scenario's graph as text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "graph.h"
#include "scenario.h"
#include "sheet.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: sparring graph FILE [--format dot|mermaid] [--locale LL]\n"
            "\n"
            "Prints the scenario's graph on standard output, for Graphviz (dot, the default)\n"
            "or Mermaid. Nodes show their id and text (shortened) in the scenario's default\n"
            "locale, or in --locale; endings are marked PASS/FAIL/NEUTRAL, by shape and by\n"
            "colour (green, red, grey); coach and narrator lines are dashed. Edges show the\n"
            "choice (id: text), its points per competency, its effects in [brackets] and its\n"
            "condition (if ...); a random branch goes through a 'random' diamond with each\n"
            "weight; timeouts are dashed, mentor events dotted from a note.\n"
            "\n"
            "  --format dot|mermaid  output format (default dot)\n"
            "  --locale LL           texts in this locale (default: the scenario's first)\n"
            "\n"
            "Example: sparring graph call.json | dot -Tsvg > call.svg\n"
            "Exit codes: 0 done, 1 the scenario is invalid (its errors on stderr), 2 usage.\n");
}

/* Prints the load errors of a file that did not load. */
static void print_errors(const DiagList *d)
{
    char line[2048];
    for (int i = 0; i < d->count; i++) {
        if (d->items[i].severity != DIAG_ERROR)
            continue;
        diag_format(&d->items[i], line, sizeof line);
        fprintf(stderr, "%s\n", line);
    }
}

int cmd_graph(int argc, char **argv)
{
    const char *file = NULL, *format = "dot", *locale = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--format") || !strcmp(a, "--locale")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "sparring graph: %s needs a value\n", a);
                return EXIT_USAGE;
            }
            if (!strcmp(a, "--format"))
                format = argv[++i];
            else
                locale = argv[++i];
        } else if (!strncmp(a, "--format=", 9)) {
            format = a + 9;
        } else if (!strncmp(a, "--locale=", 9)) {
            locale = a + 9;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "sparring graph: unknown option '%s'\n", a);
            usage(stderr);
            return EXIT_USAGE;
        } else if (file) {
            fprintf(stderr, "sparring graph: one FILE at a time ('%s' and '%s')\n", file, a);
            return EXIT_USAGE;
        } else {
            file = a;
        }
    }
    GraphFormat fmt;
    if (graph_format_from_name(format, &fmt) < 0) {
        fprintf(stderr, "sparring graph: unknown format '%s' (use dot or mermaid)\n", format);
        return EXIT_USAGE;
    }
    if (!file) {
        fprintf(stderr, "sparring graph: which scenario? (sparring graph FILE)\n");
        usage(stderr);
        return EXIT_USAGE;
    }

    DiagList diags = {0};
    Scenario *sc = sheet_load_file(file, &diags); /* a .csv sheet too */
    if (!sc) {
        print_errors(&diags);
        diag_list_free(&diags);
        return EXIT_INVALID;
    }
    diag_list_free(&diags);
    int loc = 0;
    if (locale) {
        loc = scenario_locale_index(sc, locale);
        if (strncmp(scenario_locale(sc, loc), locale, strlen(scenario_locale(sc, loc))) != 0)
            fprintf(stderr, "sparring graph: %s has no locale '%s'; using '%s'\n", file, locale,
                    scenario_locale(sc, loc));
    }
    char *text = graph_render(sc, fmt, loc);
    scenario_free(sc);
    if (!text) {
        fprintf(stderr, "sparring graph: out of memory\n");
        return EXIT_INVALID;
    }
    fputs(cli_esc_text(text), stdout); /* scenario text must not drive the terminal */
    free(text);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("sparring graph: standard output");
        return EXIT_INVALID;
    }
    return EXIT_OK;
}
