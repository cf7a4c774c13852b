/* cli_out: a safe --out (cli_out.h). */
#include "cli_out.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The absolute form of path's folder plus its last name (the file itself need not exist).
 * The caller frees; NULL when the folder does not exist. */
static char *canonical(const char *path)
{
    char *a = strdup(path), *b = strdup(path), *dir = NULL, *out = NULL;
    if (a && b && (dir = realpath(dirname(a), NULL))) {
        const char *base = basename(b);
        size_t n = strlen(dir) + strlen(base) + 2;
        if ((out = malloc(n)))
            snprintf(out, n, "%s/%s", strcmp(dir, "/") ? dir : "", base);
    }
    free(a);
    free(b);
    free(dir);
    return out;
}

/* True when path names the database or one of its companion files, by name or as the same
 * file (a hard or symbolic link). */
static bool is_database(const char *path, const char *db)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    struct stat sp, sd;
    bool have_sp = stat(path, &sp) == 0;
    char *cp = canonical(path), *cd = canonical(db);
    bool hit = false;
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0] && !hit; i++) {
        size_t n = strlen(db) + 10;
        char *name = malloc(n);
        if (!name)
            break;
        snprintf(name, n, "%s%s", db, suffix[i]);
        hit = have_sp && stat(name, &sd) == 0 && sd.st_dev == sp.st_dev && sd.st_ino == sp.st_ino;
        if (!hit && cp && cd) {
            size_t m = strlen(cd) + 10;
            char *cname = malloc(m);
            if (cname) {
                snprintf(cname, m, "%s%s", cd, suffix[i]);
                hit = !strcmp(cp, cname);
                free(cname);
            }
        }
        free(name);
    }
    free(cp);
    free(cd);
    return hit;
}

/* In place: a character device (/dev/null, a terminal) or a pipe. Never created, never
 * truncated. */
static int open_in_place(CliOut *o, const char *path, const char *who)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || !(o->f = fdopen(fd, "wb"))) {
        fprintf(stderr, "%s: cannot write %s: %s\n", who, path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return EXIT_INVALID;
    }
    o->target = strdup(path);
    return 0;
}

/* A temporary file beside target, with the mode (and, for root, the owner) of the file it
 * will replace. */
static int open_temporary(CliOut *o, const char *target, const struct stat *old, const char *who)
{
    char *a = strdup(target), *b = strdup(target);
    size_t n = strlen(target) + 32;
    o->tmp = malloc(n);
    o->target = strdup(target);
    int fd = -1;
    if (a && b && o->tmp && o->target) {
        snprintf(o->tmp, n, "%s/.%s.XXXXXX", dirname(a), basename(b));
        fd = mkstemp(o->tmp); /* O_CREAT | O_EXCL, mode 0600: never through a planted link */
    } else {
        errno = ENOMEM;
    }
    int e = errno;
    free(a);
    free(b);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot write %s: %s\n", who, target, strerror(e));
        free(o->tmp);
        o->tmp = NULL;
        return EXIT_INVALID;
    }
    if (old) {
        if (fchmod(fd, old->st_mode & 07777) != 0) {
            /* kept as 0600: stricter than before, never looser */
        }
        if (geteuid() == 0 && fchown(fd, old->st_uid, old->st_gid) != 0) {
            /* the owner could not be kept: the file is root's, 0600 at most as before */
        }
    }
    if (!(o->f = fdopen(fd, "wb"))) {
        fprintf(stderr, "%s: cannot write %s: %s\n", who, target, strerror(errno));
        close(fd);
        unlink(o->tmp);
        return EXIT_INVALID;
    }
    return 0;
}

int cli_out_open(CliOut *o, const char *path, const char *db, const char *who)
{
    memset(o, 0, sizeof *o);
    if (!*path) {
        fprintf(stderr, "%s: --out is empty: give a file name\n", who);
        return EXIT_USAGE;
    }
    if (db && *db && is_database(path, db)) {
        fprintf(stderr, "%s: --out %s is the records database (or one of its -wal, -shm, "
                "-journal files): writing there would destroy the records; choose another "
                "file\n", who, path);
        return EXIT_USAGE;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT) {
            fprintf(stderr, "%s: cannot write %s: %s\n", who, path, strerror(errno));
            return EXIT_INVALID;
        }
        struct stat lst;
        if (lstat(path, &lst) == 0) { /* a link to nothing: do not create its target */
            fprintf(stderr, "%s: --out %s is a symbolic link to a file that does not exist; "
                    "give the file itself\n", who, path);
            return EXIT_USAGE;
        }
        return open_temporary(o, path, NULL, who);
    }
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
        return open_in_place(o, path, who);
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, "%s: --out %s is %s, not a file: choose a file name\n", who, path,
                S_ISDIR(st.st_mode) ? "a folder" : S_ISBLK(st.st_mode) ? "a disk device"
                                                                       : "a special file");
        return EXIT_USAGE;
    }
    /* A regular file, perhaps through a link: replace the file, keep the link. */
    char *real = realpath(path, NULL);
    if (!real) {
        fprintf(stderr, "%s: cannot write %s: %s\n", who, path, strerror(errno));
        return EXIT_INVALID;
    }
    int rc = open_temporary(o, real, &st, who);
    free(real);
    return rc;
}

int cli_out_close(CliOut *o, bool ok, const char *who)
{
    int e = 0;
    if (o->f) {
        errno = 0;
        if (fflush(o->f) != 0 || ferror(o->f))
            e = errno ? errno : EIO;
        if (!e && o->tmp && fsync(fileno(o->f)) != 0)
            e = errno;
        if (fclose(o->f) != 0 && !e)
            e = errno ? errno : EIO;
    }
    if (ok && !e && o->tmp && rename(o->tmp, o->target) != 0)
        e = errno;
    if (o->tmp && (!ok || e))
        unlink(o->tmp);
    if (e)
        fprintf(stderr, "%s: cannot write %s: %s%s\n", who, o->target ? o->target : "the output",
                strerror(e), o->tmp ? " (the file there, if any, is unchanged)" : "");
    free(o->tmp);
    free(o->target);
    memset(o, 0, sizeof *o);
    return ok && !e ? 0 : -1;
}
