/* Paths shared by the sub-commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "records.h"

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_scenarios_dir(void)
{
    static char buf[4096];
    const char *env = getenv("SPARRING_SCENARIOS");
    if (env && *env)
        return env;
    snprintf(buf, sizeof buf, "%s/scenarios", SPARRING_SOURCE_DIR);
    if (is_dir(buf))
        return buf;
    return "/usr/share/sparring/scenarios";
}

const char *cli_db_path(const char *opt_db)
{
    static char buf[4096];
    if (opt_db && *opt_db)
        return opt_db;
    const char *env = getenv("SPARRING_DB");
    if (env && *env)
        return env;
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg)
        snprintf(buf, sizeof buf, "%s/sparring/records.db", xdg);
    else
        snprintf(buf, sizeof buf, "%s/.local/share/sparring/records.db", getenv("HOME") ? getenv("HOME") : ".");
    return buf;
}

const char *cli_option_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n))
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != 0)
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* YYYY-MM-DD (UTC midnight) to Unix milliseconds; -1 when it is not a real date. */
int cli_parse_date(const char *s, int64_t *out)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' ||
        s[7] != '-')
        return -1;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap))
        return -1;
    /* Days from civil (the inverse of records_iso8601's conversion). */
    int yy = y - (m <= 2);
    int era = yy / 400;
    int yoe = yy - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = (int64_t)era * 146097 + doe - 719468;
    *out = days * 86400000;
    return 0;
}

/* Opens an existing database: a missing file is an error here (a typo must not create one). */
Records *cli_open_records(const char *opt_db)
{
    const char *path = cli_db_path(opt_db);
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "sparring records: no records database at %s (nothing recorded yet, or "
                        "choose another with --db)\n", path);
        return NULL;
    }
    char err[1024];
    Records *db = records_open(path, err, sizeof err);
    if (!db)
        fprintf(stderr, "sparring records: %s\n", err);
    return db;
}

