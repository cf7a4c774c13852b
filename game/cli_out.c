/* --out FILE for the records commands: written beside the target and renamed at the end, so a
 * failed run never leaves half a file where the last good one was. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int cli_out_open(CliOut *o, const char *path, const char *who)
{
    memset(o, 0, sizeof *o);
    o->path = path;
    o->who = who;
    o->f = stdout;
    if (!path)
        return 0;
    size_t n = strlen(path) + 32;
    o->tmp = malloc(n);
    if (!o->tmp)
        return -1;
    snprintf(o->tmp, n, "%s.tmp-%ld", path, (long)getpid());
    o->f = fopen(o->tmp, "wb");
    if (!o->f) {
        fprintf(stderr, "%s: cannot write %s: %s\n", who, path, strerror(errno));
        free(o->tmp);
        return -1;
    }
    return 0;
}

int cli_out_close(CliOut *o, bool ok)
{
    int rc = ok ? 0 : -1;
    if ((fflush(o->f) != 0 || ferror(o->f)) && rc == 0) {
        fprintf(stderr, "%s: cannot write %s: %s\n", o->who, o->path ? o->path : "standard output",
                strerror(errno));
        rc = -1;
    }
    if (!o->path)
        return rc;
    if (rc == 0 && fsync(fileno(o->f)) != 0)
        rc = -1;
    if (fclose(o->f) != 0)
        rc = -1;
    if (rc == 0 && rename(o->tmp, o->path) != 0)
        rc = -1;
    if (rc < 0 && ok)
        fprintf(stderr, "%s: cannot write %s: %s\n", o->who, o->path, strerror(errno));
    if (rc < 0)
        remove(o->tmp);
    free(o->tmp);
    return rc;
}
