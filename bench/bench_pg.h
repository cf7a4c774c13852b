/* For the benchmarks: the CPU time of a PostgreSQL server process on this machine (the server
 * does much of a store's work: its time belongs beside the client's). Static functions: include
 * it in one benchmark file (after records_internal.h). */
#ifndef SPARRING_BENCH_PG_H
#define SPARRING_BENCH_PG_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "records_internal.h"

/* The CPU seconds process pid has used (its /proc entry); -1 when unknown. */
static double pid_cpu_s(long pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = pid > 0 ? fopen(path, "r") : NULL;
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    unsigned long ut, stt;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &stt) != 2)
        return -1;
    return (double)(ut + stt) / (double)sysconf(_SC_CLK_TCK);
}

/* The CPU seconds the server process of db's connection has used (a PostgreSQL server on this
 * machine); -1 when unknown (SQLite runs in this process). */
static double server_cpu_s(Records *db)
{
    if (!records_target_is_pg(db->path))
        return -1;
    RecStmt *st = records_prep(db, "SELECT pg_backend_pid()", NULL, 0);
    long pid = st && rs_step(st) == REC_ROW ? (long)rs_int64(st, 0) : -1;
    if (st)
        records_done(st);
    return pid_cpu_s(pid);
}

#endif
