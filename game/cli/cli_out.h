/* cli_out: the file behind an --out option, written so that nothing else is harmed.
 *
 * A regular file is written to a new temporary file in its folder (mkstemp: created, never
 * opened through a planted link) and renamed over it only once complete, keeping the old file's
 * mode (a new file is 0600: records are personal data). A symbolic link is followed to the
 * file it names, which is replaced; the link stays. A character device or a pipe is written in
 * place. Refused: the records database itself and its -wal, -shm and -journal files (by name
 * or by being the same file), folders, block devices, sockets. Messages go to stderr. */
#ifndef SPARRING_CLI_OUT_H
#define SPARRING_CLI_OUT_H

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    FILE *f;       /* write here */
    char *target;  /* the file that will hold the result */
    char *tmp;     /* the temporary file (NULL: written in place) */
} CliOut;

/* Opens path for writing. db (may be NULL): the records database that must never be written.
 * who prefixes messages ("sparring records export"). 0, or EXIT_USAGE for a path that is
 * refused, EXIT_INVALID when it cannot be written (reported). */
int cli_out_open(CliOut *o, const char *path, const char *db, const char *who);
/* Finishes: on ok, flushes, syncs and puts the file in place; otherwise (or if that fails)
 * removes the temporary file and leaves the target as it was. 0, or -1 when the output could
 * not be written (reported with the reason). Frees what o holds either way. */
int cli_out_close(CliOut *o, bool ok, const char *who);

#endif
