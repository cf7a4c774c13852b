/* The sub-commands of `sparring` (../shared/spec/cli.md). Each returns the process exit code. */
#ifndef SPARRING_CLI_H
#define SPARRING_CLI_H

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IMPOSSIBLE = 3 };

int cmd_play(int argc, char **argv);     /* cmd_play.c: the trainer window (default) */
int cmd_run(int argc, char **argv);      /* cmd_run.c */
int cmd_validate(int argc, char **argv); /* cmd_validate.c */
int cmd_graph(int argc, char **argv);    /* cmd_graph.c */
int cmd_stats(int argc, char **argv);    /* cmd_stats.c */
int cmd_new(int argc, char **argv);      /* cmd_new.c */
int cmd_records(int argc, char **argv);  /* cmd_records.c */
int cmd_replay(int argc, char **argv);   /* cmd_replay.c */
int cmd_records_items(int argc, char **argv); /* cmd_items.c: `records items` */
int cmd_audit(int argc, char **argv);    /* cmd_audit.c */

/* The folder of the bundled scenarios: $SPARRING_SCENARIOS, else the source tree's
 * scenarios/ (a build run from its tree), else /usr/share/sparring/scenarios. */
const char *cli_scenarios_dir(void);
/* The records database path: --db, else $SPARRING_DB, else $XDG_DATA_HOME/sparring/records.db,
 * else ~/.local/share/sparring/records.db. Returns a static buffer. */
const char *cli_db_path(const char *opt_db);

/* Reads an option `--name value` or `--name=value` at argv[*i]: returns the value and moves *i
 * past it; NULL when argv[*i] is another option, or (with *missing set) when the value is missing. */
#include <stdbool.h>
const char *cli_option_value(int argc, char **argv, int *i, const char *name, bool *missing);

#endif
