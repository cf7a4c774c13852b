/* sparring records setup-db | copy: the shared store's roles, and moving attempts between
 * stores (a station's SQLite history into the shared PostgreSQL store). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "records.h"

static const char setup_usage[] =
    "usage: sparring records setup-db --db postgresql://OWNER@HOST/DATABASE\n"
    "\n"
    "Sets up a shared PostgreSQL records store, run once by its owner (the IT department):\n"
    "creates the tables when missing, then the roles sparring_station (what a trainer station\n"
    "needs: add attempts, decisions and events, close attempts in progress; a finished attempt\n"
    "cannot be changed or deleted) and sparring_reporting (reads only, for reports and\n"
    "exports), with their grants; and sparring_privacy, the only one that may delete\n"
    "recordings of spoken answers (`records purge-audio`; stations add them, never delete).\n"
    "Give each station a login role IN ROLE sparring_station.\n"
    "Running it again brings the grants up to date. docs/records.md has the steps.\n"
    "Exit codes: 0 done; 1 the database refused (the message says why); 2 usage error.\n";

static const char copy_usage[] =
    "usage: sparring records copy --from STORE --to STORE\n"
    "\n"
    "Copies every finished attempt of one records store into another (a file path or a\n"
    "postgresql:// URL each), whole: decisions, steps, results, mentor events and recordings\n"
    "of spoken answers. Attempts\n"
    "already there (same attempt id) are skipped, so running it twice copies nothing the\n"
    "second time. Attempts still in progress stay where they are.\n"
    "Exit codes: 0 done; 1 a store could not be read or written; 2 usage error.\n";

static int usage(const char *cmd, const char *text, const char *fmt, const char *arg)
{
    fprintf(stderr, "sparring records %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", text);
    return EXIT_USAGE;
}

/* Reads --name value options into vals (same order as names); 1: --help; -1: usage error
 * (reported); 0 ok. */
static int options(const char *cmd, const char *text, int argc, char **argv, const char **names,
                   const char **vals, int n)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(text, stdout);
            return 1;
        }
        bool found = false;
        for (int k = 0; k < n && !found; k++) {
            bool missing = false;
            const char *v = cli_option_value(argc, argv, &i, names[k], &missing);
            if (missing) {
                usage(cmd, text, "%s needs a value", names[k]);
                return -1;
            }
            if (v) {
                vals[k] = v;
                found = true;
            }
        }
        if (!found) {
            usage(cmd, text, "unknown argument '%s'", argv[i]);
            return -1;
        }
    }
    return 0;
}

static int setup_db(int argc, char **argv)
{
    const char *names[] = {"--db"}, *vals[1] = {NULL};
    int o = options("setup-db", setup_usage, argc, argv, names, vals, 1);
    if (o)
        return o > 0 ? EXIT_OK : EXIT_USAGE;
    const char *target = cli_db_path(vals[0]);
    if (!records_target_is_pg(target))
        return usage("setup-db", setup_usage, "--db must name a PostgreSQL database "
                     "(postgresql://...), not '%s'", *target ? "a file" : "nothing");
    char err[1024];
    Records *db = records_open(target, err, sizeof err);
    if (!db || records_setup_roles(db, err, sizeof err) < 0) {
        fprintf(stderr, "sparring records setup-db: %s\n", err);
        records_close(db);
        return EXIT_INVALID;
    }
    printf("%s: tables and the roles sparring_station, sparring_reporting and sparring_privacy "
           "are ready\n", records_path(db));
    records_close(db);
    return EXIT_OK;
}

static int copy(int argc, char **argv)
{
    const char *names[] = {"--from", "--to"}, *vals[2] = {NULL, NULL};
    int o = options("copy", copy_usage, argc, argv, names, vals, 2);
    if (o)
        return o > 0 ? EXIT_OK : EXIT_USAGE;
    if (!vals[0] || !*vals[0] || !vals[1] || !*vals[1])
        return usage("copy", copy_usage, "%s", "both --from and --to are needed");
    char err[1024];
    Records *src = records_open_readonly(vals[0], err, sizeof err), *dst = NULL;
    if (src)
        dst = records_open(vals[1], err, sizeof err);
    long copied = 0, skipped = 0;
    int rc = src && dst ? records_copy(src, dst, &copied, &skipped, err, sizeof err) : -1;
    if (rc < 0)
        fprintf(stderr, "sparring records copy: %s\n", err);
    if (src && dst)
        printf("%ld attempt%s copied, %ld already there\n", copied, copied == 1 ? "" : "s",
               skipped);
    records_close(dst);
    records_close(src);
    return rc < 0 ? EXIT_INVALID : EXIT_OK;
}

int cmd_records_store(int argc, char **argv)
{
    if (!strcmp(argv[0], "setup-db"))
        return setup_db(argc, argv);
    return copy(argc, argv);
}

const char *cli_local_db_path(void)
{
    static char buf[4096];
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg && *xdg == '/')
        snprintf(buf, sizeof buf, "%s/sparring/records.db", xdg);
    else if (home && *home == '/')
        snprintf(buf, sizeof buf, "%s/.local/share/sparring/records.db", home);
    else
        return "";
    return buf;
}
