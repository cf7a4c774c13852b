/* Paths shared by the sub-commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

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
