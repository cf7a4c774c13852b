/* The sub-commands of `sparring` (../shared/spec/cli.md). Each returns the process exit code. */
#ifndef SPARRING_CLI_H
#define SPARRING_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "records.h"

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IMPOSSIBLE = 3 };

int cmd_play(int argc, char **argv);     /* cmd_play.c: the trainer window (default) */
int cmd_run(int argc, char **argv);      /* cmd_run.c */
int cmd_validate(int argc, char **argv); /* cmd_validate.c */
int cmd_graph(int argc, char **argv);    /* cmd_graph.c */
int cmd_stats(int argc, char **argv);    /* cmd_stats.c */
int cmd_new(int argc, char **argv);      /* cmd_new.c */
int cmd_sheet(int argc, char **argv);    /* cmd_sheet.c */
int cmd_records(int argc, char **argv);  /* cmd_records.c */
/* cmd_records_store.c: `records setup-db` and `records copy` (argv[0] names which). */
int cmd_records_store(int argc, char **argv);
int cmd_records_purge_audio(int argc, char **argv); /* cmd_records_audio.c: `records purge-audio` */
/* This station's own SQLite store ($XDG_DATA_HOME or ~/.local/share, sparring/records.db),
 * where attempts go while a shared store's server is away; "" when there is no such folder. */
const char *cli_local_db_path(void);
int cmd_replay(int argc, char **argv);   /* cmd_replay.c */
int cmd_report_html(int argc, char **argv); /* cmd_report_html.c: records report --format html */
int cmd_records_items(int argc, char **argv); /* cmd_items.c: `records items` */
int cmd_audit(int argc, char **argv);    /* cmd_audit.c */
int cmd_voice(int argc, char **argv);    /* cmd_voice.c: `voice record` */

/* The folder of the bundled scenarios: $SPARRING_SCENARIOS, else the source tree's
 * scenarios/ (a build run from its tree), else /usr/share/sparring/scenarios. */
const char *cli_scenarios_dir(void);

/* The scenario files (*.json, JSON Schemas left out) under a folder, sorted by path. */
typedef struct {
    char **paths;
    int n, cap;
    int skipped;    /* *.json entries that are not regular files (a FIFO, a device) */
    int unreadable; /* folders that could not be opened */
} CliPaths;
/* 0, or -1 out of memory (out emptied). An unreadable folder gives no paths. Free with
 * cli_paths_free. Folders 8 levels deep, hidden entries and links to folders left out. */
int cli_scan_scenarios(const char *dir, CliPaths *out);
/* How cli_scan walks: hidden entries are always left out. */
typedef struct {
    int max_depth;     /* folder levels entered below dir */
    bool follow_links; /* enter symbolic links to folders (max_depth bounds a loop) */
    bool schemas;      /* keep JSON Schemas (*.schema.json, schema.json) too */
    const char *warn;  /* non-NULL: says on stderr, after this prefix, what it skips or cannot read */
} CliScan;
int cli_scan(const char *dir, const CliScan *how, CliPaths *out);
/* The scenario files a command line names: the file itself, or cli_scan_scenarios of a folder.
 * A path that does not exist gives no paths and unreadable 1. 0, or -1 out of memory. */
int cli_scan_path(const char *path, CliPaths *out);
void cli_paths_free(CliPaths *l);
/* YYYY-MM-DD (UTC midnight) to Unix milliseconds; -1 when it is not a real date. */
int cli_parse_date(const char *s, int64_t *out);

/* Opens an existing records store (--db, else the default); a missing file is an error (a typo
 * must not create one). readonly: for commands that only read, so they work on a file this user
 * cannot write. NULL (reported) on failure. */
Records *cli_open_records(const char *opt_db, bool readonly);

/* Loads the records configuration (--config, else $XDG_CONFIG_HOME/sparring/lrs.ini, else
 * ~/.config/sparring/lrs.ini; records.h's RecordsConfig). required: a missing file is an
 * error, else its defaults. 0, or -1 (reported). Free with records_config_free. */
int cli_records_config(const char *opt, bool required, RecordsConfig *cfg);

/* The records database path: --db, else $SPARRING_DB, else $XDG_DATA_HOME/sparring/records.db,
 * else ~/.local/share/sparring/records.db. Returns a static buffer, or "" when --db was given
 * empty or neither XDG_DATA_HOME nor HOME is an absolute path (records_open refuses "" and says
 * why). */
const char *cli_db_path(const char *opt_db);

/* Reads an option `--name value` or `--name=value` at argv[*i]: returns the value and moves *i
 * past it; NULL when argv[*i] is another option, or (with *missing set) when the value is missing. */
#include <stdbool.h>
const char *cli_option_value(int argc, char **argv, int *i, const char *name, bool *missing);

/* True when s is UTF-8 text without control characters (fit for an id or a one-line field). */
bool cli_text_ok(const char *s);
/* s made safe for a terminal (text.h's text_escape): control characters (escapes, line
 * breaks: a forged line) shown as \e, \n, \xNN..., bytes that are not UTF-8 as \xNN. s itself
 * when there is nothing to escape. The result lives until 8 later calls: enough for one printf.
 * cli_esc_text keeps line breaks and tabs (multi-line text). */
const char *cli_esc(const char *s);
const char *cli_esc_text(const char *s);

/* From now on, standard output shows control characters escaped (line breaks and tabs stay):
 * for text that comes from a scenario file, which must not drive the terminal (an escape
 * sequence) when printed as is. JSON output needs none of it (JSON escapes them itself). */
void cli_escape_stdout(void);

/* The exit code after checking that standard output was written: rc, or EXIT_INVALID with
 * a message when a write failed (a full disk, /dev/full). main calls it after every command. */
int cli_finish(int rc);

#endif
