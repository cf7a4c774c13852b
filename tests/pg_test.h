/* Helpers for the tests that run against the throwaway PostgreSQL server tests/pg_cluster.sh
 * starts (its URL in SPARRING_TEST_PG, of the form postgresql:///postgres?host=DIR&port=N&user=U).
 * Static functions: include it in one test file. */
#ifndef SPARRING_PG_TEST_H
#define SPARRING_PG_TEST_H

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

/* The URL of database db on the server of base (base's query string kept). */
static void pg_test_url(const char *base, const char *db, char *url, size_t size)
{
    const char *q = strchr(base, '?');
    snprintf(url, size, "postgresql:///%s%s", db, q ? q : "");
}

static void pg_test_quiet(void *arg, const char *message) { (void)arg, (void)message; }

/* Runs sql on database db of base's server; 0, or -1 with the server's message on stderr. */
static int pg_test_exec(const char *base, const char *db, const char *sql)
{
    char url[1024];
    pg_test_url(base, db, url, sizeof url);
    PGconn *c = PQconnectdb(url);
    PQsetNoticeProcessor(c, pg_test_quiet, NULL);
    int rc = -1;
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, sql);
        ExecStatusType t = PQresultStatus(r);
        rc = t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK ? 0 : -1;
        if (rc < 0)
            fprintf(stderr, "  %s: %s", sql, PQresultErrorMessage(r));
        PQclear(r);
    } else {
        fprintf(stderr, "  cannot connect to the test server: %s", PQerrorMessage(c));
    }
    PQfinish(c);
    return rc;
}

/* The first column of the first row of sql on database db of base's server, as a number; -1
 * with the server's message on stderr when it cannot be read. */
static inline long pg_test_int(const char *base, const char *db, const char *sql)
{
    char url[1024];
    pg_test_url(base, db, url, sizeof url);
    PGconn *c = PQconnectdb(url);
    long v = -1;
    PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
    if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
        v = atol(PQgetvalue(r, 0, 0));
    else
        fprintf(stderr, "  %s: %s", sql, r ? PQresultErrorMessage(r) : PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return v;
}

/* A PostgreSQL store of the current version made version 6 again: the start that version 7 copies
 * into every detail row (its column, index and trigger) taken away. */
#define PG_TEST_BACK_TO_V6                                                                        \
    "DROP TRIGGER decisions_start ON decisions; DROP TRIGGER competencies_start ON competencies; " \
    "DROP TRIGGER mentor_events_start ON mentor_events; DROP TRIGGER steps_start ON steps; "       \
    "DROP FUNCTION sparring_detail_start(); DROP TRIGGER attempts_moved ON attempts; "            \
    "DROP FUNCTION sparring_attempt_moved(); ALTER TABLE decisions DROP COLUMN started_unix_ms; "  \
    "ALTER TABLE competencies DROP COLUMN started_unix_ms; ALTER TABLE mentor_events DROP "        \
    "COLUMN started_unix_ms; ALTER TABLE steps DROP COLUMN started_unix_ms; UPDATE meta SET "      \
    "value = '6' WHERE key = 'schema_version'; "

/* The database for a store called name ("kill.db" gives t_kill_db): made afresh (dropped if
 * it was there) the first time this process asks for it when fresh is true. Its name goes to
 * db, its URL to url. */
static void check_pg_database(const char *base, const char *name, bool fresh, char *db,
                              size_t dbsize, char *url, size_t urlsize)
{
    static char made[128][64];
    static int nmade;
    size_t o = (size_t)snprintf(db, dbsize, "t_");
    for (const char *p = name; *p && o + 1 < dbsize; p++)
        db[o++] = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : '_';
    db[o] = 0;
    pg_test_url(base, db, url, urlsize);
    for (int i = 0; i < nmade; i++)
        if (!strcmp(made[i], db))
            return;
    if (fresh) {
        char sql[256];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", db);
        pg_test_exec(base, "postgres", sql);
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", db);
        pg_test_exec(base, "postgres", sql);
    }
    if (nmade < 128)
        snprintf(made[nmade++], sizeof made[0], "%s", db);
}

#endif
