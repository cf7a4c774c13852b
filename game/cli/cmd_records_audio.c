/* sparring records purge-audio: recordings of spoken answers are personal data, kept for the
 * retention the records configuration sets ([privacy] audio_retention_days, 90 by default) and
 * deleted after it (docs/records.md, "Recordings"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "records.h"

static const char purge_usage[] =
    "usage: sparring records purge-audio [--older-than DAYS] [--db PATH] [--config FILE]\n"
    "\n"
    "Deletes the recordings of spoken answers (say aloud) made more than DAYS days ago,\n"
    "whatever their attempt; the attempts themselves (decisions, results, comments) stay.\n"
    "  --older-than DAYS  0 or more; 0 deletes every recording (default: the configuration's\n"
    "                     [privacy] audio_retention_days, 90 when unset)\n"
    "  --db PATH          the records database or postgresql:// store\n"
    "  --config FILE      the records configuration (default: lrs.ini in the configuration\n"
    "                     folder)\n"
    "On a shared PostgreSQL store, stations may not delete recordings: run it as the store's\n"
    "owner or a role IN ROLE sparring_privacy (`records setup-db`).\n"
    "Exit codes: 0 done; 1 the records or configuration could not be read or written;\n"
    "2 usage error.\n";

static int purge_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "sparring records purge-audio: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", purge_usage);
    return EXIT_USAGE;
}

/* DAYS: a whole number 0..36500. */
static int parse_days(const char *v, int *days)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < 0 || n > 36500)
        return -1;
    *days = (int)n;
    return 0;
}

int cmd_records_purge_audio(int argc, char **argv)
{
    const char *db_opt = NULL, *config = NULL, *older = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(purge_usage, stdout);
            return EXIT_OK;
        }
        bool missing = false;
        const char *v;
        if ((v = cli_option_value(argc, argv, &i, "--db", &missing)))
            db_opt = v;
        else if (!missing && (v = cli_option_value(argc, argv, &i, "--config", &missing)))
            config = v;
        else if (!missing && (v = cli_option_value(argc, argv, &i, "--older-than", &missing)))
            older = v;
        else
            return purge_error(missing ? "%s needs a value" : "unknown argument '%s'", argv[i]);
    }
    int days;
    if (older && parse_days(older, &days) < 0)
        return purge_error("--older-than takes a whole number of days (0 or more), not '%s'",
                           older);
    if (!older) {
        RecordsConfig cfg;
        if (cli_records_config(config, config != NULL, &cfg) < 0)
            return EXIT_INVALID;
        days = cfg.audio_retention_days;
        records_config_free(&cfg);
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int64_t now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    char err[1024];
    Records *db = records_open(cli_db_path(db_opt), err, sizeof err);
    long removed = 0;
    if (!db || records_purge_audio(db, now - (int64_t)days * 86400000, &removed, err,
                                   sizeof err) < 0) {
        fprintf(stderr, "sparring records purge-audio: %s\n", err);
        records_close(db);
        return EXIT_INVALID;
    }
    printf("%ld recording%s older than %d day%s deleted from %s\n", removed,
           removed == 1 ? "" : "s", days, days == 1 ? "" : "s", records_path(db));
    records_close(db);
    return EXIT_OK;
}
