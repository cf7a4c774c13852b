/* Paths shared by the sub-commands, and what they print. */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli.h"
#include "records.h"
#include "text.h"

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
    if (opt_db) /* "" stays "": records_open refuses it rather than guess */
        return opt_db;
    const char *env = getenv("SPARRING_DB");
    if (env && *env)
        return env;
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg == '/')
        snprintf(buf, sizeof buf, "%s/sparring/records.db", xdg);
    else if (home && *home == '/')
        snprintf(buf, sizeof buf, "%s/.local/share/sparring/records.db", home);
    else
        return ""; /* never ./.local under whatever folder this was started in */
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

int cli_finish(int rc)
{
    /* Output that never arrived (a full disk, /dev/full, a closed pipe) is a failure, said. */
    errno = 0;
    bool failed = fflush(stdout) != 0;
    int e = failed ? errno : 0;
    if (failed || ferror(stdout)) {
        fprintf(stderr, "sparring: cannot write the output: %s\n",
                e ? strerror(e) : "a write to standard output failed");
        return rc == EXIT_OK ? EXIT_INVALID : rc;
    }
    return rc;
}

bool cli_text_ok(const char *s)
{
    return text_utf8_valid(s, strlen(s)) && !text_has_control(s);
}

static const char *escaped(const char *s, bool keep_newlines)
{
    enum { SLOTS = 8 };
    static char *slot[SLOTS];
    static int next;
    if (!s)
        return "";
    if (cli_text_ok(s))
        return s;
    char *e = text_escape(s, keep_newlines);
    if (!e)
        return "?";
    free(slot[next]);
    slot[next] = e;
    next = (next + 1) % SLOTS;
    return e;
}

const char *cli_esc(const char *s)
{
    return escaped(s, false);
}

const char *cli_esc_text(const char *s)
{
    return escaped(s, true);
}

/* ---- standard output with control characters escaped ---------------------------------- */

/* Writes all of buf to standard output's descriptor. */
static int write_all(const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

/* A C1 control is C2 80..C2 9F in UTF-8: a C2 at the end of one write waits for the next. */
static bool carry_c2;

static ssize_t escaping_write(void *cookie, const char *buf, size_t n)
{
    (void)cookie;
    char out[4096 + 16];
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (carry_c2) {
            carry_c2 = false;
            if (c >= 0x80 && c <= 0x9F) {
                o += (size_t)snprintf(out + o, 16, "\\u%04X", (unsigned)c);
                goto next;
            }
            out[o++] = (char)0xC2;
        }
        if (c == 0xC2)
            carry_c2 = true;
        else if (c == 0x1B)
            o += (size_t)snprintf(out + o, 16, "\\e");
        else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
            o += (size_t)snprintf(out + o, 16, "\\x%02X", (unsigned)c);
        else
            out[o++] = (char)c;
    next:
        if (o >= 4096) {
            if (write_all(out, o) < 0)
                return -1;
            o = 0;
        }
    }
    if (o && write_all(out, o) < 0)
        return -1;
    return (ssize_t)n;
}

static int escaping_close(void *cookie)
{
    (void)cookie;
    if (carry_c2) {
        carry_c2 = false;
        return write_all("\xC2", 1);
    }
    return 0;
}

void cli_escape_stdout(void)
{
    fflush(stdout);
    cookie_io_functions_t io = {.write = escaping_write, .close = escaping_close};
    FILE *f = fopencookie(NULL, "w", io);
    if (!f)
        return; /* out of memory: printed as it is, as before */
    setvbuf(f, NULL, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, 0);
    stdout = f;
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

/* Opens an existing database: a missing file is an error here (a typo must not create one).
 * readonly: export and report only read, so they work on a file this user cannot write. */
Records *cli_open_records(const char *opt_db, bool readonly)
{
    const char *path = cli_db_path(opt_db);
    struct stat st;
    if (*path && !records_target_is_pg(path) && stat(path, &st) != 0) {
        fprintf(stderr, "sparring records: no records database at %s (nothing recorded yet, or "
                        "choose another with --db)\n", path);
        return NULL;
    }
    char err[1024];
    Records *db = readonly ? records_open_readonly(path, err, sizeof err)
                           : records_open(path, err, sizeof err);
    if (!db)
        fprintf(stderr, "sparring records: %s\n", err);
    return db;
}
