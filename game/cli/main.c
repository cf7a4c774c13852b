/* sparring: the trainer window and its command line. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"play", cmd_play, "open the trainer window (the default)"},
    {"run", cmd_run, "play a scenario without a window"},
    {"validate", cmd_validate, "check scenario files"},
    {"graph", cmd_graph, "print a scenario's graph (dot or mermaid)"},
    {"stats", cmd_stats, "maximum, endings and random-play statistics of a scenario"},
    {"new", cmd_new, "write a starter scenario file"},
    {"sheet", cmd_sheet, "a scenario as a spreadsheet (CSV) and back"},
    {"records", cmd_records, "export, report and sync assessment records"},
    {"replay", cmd_replay, "play back a recorded attempt in the window"},
    {"audit", cmd_audit, "check that passing a scenario takes competence"},
    {"voice", cmd_voice, "record the customer's lines in a scenario (voice record FILE)"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: sparring [COMMAND] [ARGS...]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n`sparring COMMAND --help` explains each. With no command, the window opens.\n");
}

int main(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))) {
        usage(stdout);
        return cli_finish(EXIT_OK);
    }
    if (argc >= 2 && argv[1][0] != '-') {
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (!strcmp(argv[1], commands[i].name))
                return cli_finish(commands[i].fn(argc - 1, argv + 1));
        /* `sparring FILE|DIR` is `sparring play FILE|DIR`. */
        struct stat st;
        if (stat(argv[1], &st) != 0 && !strchr(argv[1], '/') && !strstr(argv[1], ".json")) {
            fprintf(stderr, "sparring: unknown command '%s'\n\n", argv[1]);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    /* No command: the window, with every argument passed on. */
    argv[0] = "play";
    return cli_finish(cmd_play(argc, argv));
}
