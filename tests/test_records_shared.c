/* The shared PostgreSQL store (docs/records.md): a real server, started for this test by
 * tests/pg_cluster_run.sh (the test re-runs itself through it when SPARRING_TEST_PG is not set).
 *
 * 30 station processes recording at once, 30% of them killed by SIGKILL at random moments:
 * every finished attempt is there, every decision a killed one reported is committed, and what
 * they left in progress is found as interrupted from another station once the lease lapsed.
 * The server restarted in the middle of a recording: the recorder says so, keeps the decision
 * in hand, reconnects, and nothing is lost or doubled. The station and reporting roles of
 * `records setup-db`; a role without rights; a newer schema refused untouched; the password
 * never shown; the server away (the station's own file, joined later); `records copy`. */
#include "check.h"
#include "play.h"
#include "records.h"
#include "records_rig.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define T0 1795760400000LL
#define NSTATIONS 30
#define NATTEMPTS 6 /* per station: most victims are still recording when killed */
#define LEASE_MS 2500

static RecordsRig rig;

static void url_of(const char *name, char *url, size_t size) { records_rig_target(&rig, name, url, size); }

static Records *open_as(const char *url) { return records_rig_open(url); }

/* The first column of the first row of sql on store url, as a number (-999: none). */
static long long query_int(const char *url, const char *sql)
{
    Records *db = open_as(url);
    long long v = records_rig_count(db, sql);
    records_close(db);
    return v;
}

/* Records one whole attempt along BEST; the id goes to id. 0 or -1. */
static int record_one(Records *db, const AttemptMeta *meta, uint64_t seed, char id[37])
{
    char err[1024];
    Play *p = play_new(rig.sc, seed, RIG_OPTS);
    Recorder *r = recorder_begin(db, p, meta, T0, err, sizeof err);
    int rc = r ? 0 : -1;
    for (int i = 0; r && rc == 0 && i < NBEST; i++) {
        take(p, BEST[i], (i + 1) * 1000);
        rc = recorder_sync(r, p, T0 + (i + 1) * 1000, err, sizeof err);
    }
    if (r) {
        snprintf(id, 37, "%s", recorder_attempt_id(r));
        if (recorder_end(r, p, T0 + 10000, err, sizeof err) < 0)
            rc = -1;
    }
    if (rc < 0)
        fprintf(stderr, "  recording: %s\n", err);
    play_free(p);
    return rc;
}

/* ---- 30 stations, 30% killed -------------------------------------------------------------- */

/* A station process: records NATTEMPTS attempts, appending "d ID I" to its log after decision I
 * is committed and "e ID" after the attempt is completed. */
static void station(const char *url, int k, const char *log)
{
    char name[32];
    snprintf(name, sizeof name, "station-%02d", k);
    setenv("SPARRING_STATION", name, 1);
    FILE *f = fopen(log, "w");
    char err[1024];
    Records *db = records_open(url, err, sizeof err);
    if (!db || !f)
        _exit(2);
    setvbuf(f, NULL, _IONBF, 0); /* every line reaches the file before the next step */
    char go[300]; /* all start together, once the last is forked and the killer watches */
    snprintf(go, sizeof go, "%s/go", rig.tmpdir);
    while (access(go, F_OK) != 0)
        usleep(1000);
    for (int n = 0; n < NATTEMPTS; n++) {
        Play *p = play_new(rig.sc, (uint64_t)(k * 100 + n), RIG_OPTS);
        AttemptMeta meta = {.trainee_id = name, .mode = "assessment"};
        Recorder *r = recorder_begin(db, p, &meta, T0 + n, err, sizeof err);
        if (!r)
            _exit(3);
        for (int i = 0; i < NBEST; i++) {
            take(p, BEST[i], (i + 1) * 1000);
            if (recorder_sync(r, p, T0 + (i + 1) * 1000, err, sizeof err) < 0)
                _exit(4);
            fprintf(f, "d %s %d\n", recorder_attempt_id(r), i);
        }
        char id[37];
        snprintf(id, sizeof id, "%s", recorder_attempt_id(r));
        if (recorder_end(r, p, T0 + 10000, err, sizeof err) < 0)
            _exit(5);
        fprintf(f, "e %s\n", id);
        play_free(p);
    }
    records_close(db);
    _exit(0);
}

/* Checks one station's log against the store: returns how many attempts it left unfinished
 * in its log, their ids appended to open_ids (at most NATTEMPTS). A station killed after its
 * attempt's end was committed and before "e" reached its log leaves that attempt unfinished in
 * the log but completed in the store: the caller tells the two apart. */
static int check_log(Records *db, const char *log, int *decisions, int *finished,
                     char open_ids[][64])
{
    FILE *f = fopen(log, "r");
    char kind[4], id[64], last_open[64] = "";
    int idx, open = 0;
    while (f && fscanf(f, "%3s %63s", kind, id) == 2) {
        char err[512];
        RecordsAttempt *a = records_attempt_load(db, id, err, sizeof err);
        if (kind[0] == 'd') {
            if (fscanf(f, "%d", &idx) != 1)
                break;
            CHECK_MSG(a && a->ndecisions > idx, "decision %d of %s lost", idx, id);
            (*decisions)++;
            if (strcmp(last_open, id) && open < NATTEMPTS)
                snprintf(open_ids[open++], 64, "%s", id);
            snprintf(last_open, sizeof last_open, "%s", id);
        } else {
            CHECK_MSG(a && !strcmp(a->status, "completed") && a->ndecisions == NBEST,
                      "finished attempt %s is %s with %d decisions", id, a ? a->status : "missing",
                      a ? a->ndecisions : -1);
            (*finished)++;
            if (open > 0 && !strcmp(open_ids[open - 1], id))
                open--;
            last_open[0] = 0;
        }
        records_attempt_free(a);
    }
    if (f)
        fclose(f);
    return open;
}

/* The lines a station has written to its log so far. */
static int log_lines(const char *log)
{
    FILE *f = fopen(log, "r");
    int n = 0, ch;
    while (f && (ch = getc(f)) != EOF)
        n += ch == '\n';
    if (f)
        fclose(f);
    return n;
}

static void thirty_stations_with_kills_should_lose_nothing(void)
{
    char url[1024];
    url_of("room", url, sizeof url);
    Records *first = open_as(url); /* the first station sets the database up */
    if (!first)
        return;
    records_close(first);
    char lease[16];
    snprintf(lease, sizeof lease, "%d", LEASE_MS);
    setenv("SPARRING_LEASE_MS", lease, 1);
    setenv("SPARRING_LEASE_RENEW_MS", "200", 1);
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    pid_t pids[NSTATIONS];
    bool victim[NSTATIONS] = {false};
    for (int n = 0; n < NSTATIONS * 3 / 10;) { /* 30% */
        int k = rand() % NSTATIONS;
        if (!victim[k]) {
            victim[k] = true;
            n++;
        }
    }
    for (int k = 0; k < NSTATIONS; k++) {
        char log[512];
        snprintf(log, sizeof log, "%s/station-%02d.log", rig.tmpdir, k);
        if ((pids[k] = fork()) == 0)
            station(url, k, log);
    }
    char go[300];
    snprintf(go, sizeof go, "%s/go", rig.tmpdir);
    FILE *gf = fopen(go, "w");
    CHECK(gf != NULL);
    if (gf)
        fclose(gf);
    /* Each victim is killed at its own random moment of its own run: once its log shows a
     * random number of decisions committed, within the first half of its work (before it
     * records anything, or in the middle of an attempt; a fixed window of time let a fast
     * machine finish most victims before their moment). */
    int when[NSTATIONS];
    for (int k = 0; k < NSTATIONS; k++)
        when[k] = victim[k] ? rand() % (NATTEMPTS * NBEST / 2) : -1;
    for (int waited = 0, left = NSTATIONS * 3 / 10; left > 0 && waited < 120000; waited++) {
        for (int k = 0; k < NSTATIONS; k++) {
            char log[512];
            snprintf(log, sizeof log, "%s/station-%02d.log", rig.tmpdir, k);
            if (when[k] >= 0 && log_lines(log) >= when[k]) {
                kill(pids[k], SIGKILL);
                when[k] = -1;
                left--;
            }
        }
        usleep(500);
    }
    int killed = 0;
    for (int k = 0; k < NSTATIONS; k++) {
        int status;
        waitpid(pids[k], &status, 0);
        if (victim[k])
            killed += WIFSIGNALED(status);
        else
            CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0, "station %d failed (%d)", k,
                      WEXITSTATUS(status));
    }
    CHECK_INT(killed, NSTATIONS * 3 / 10); /* each victim died in the middle of its work */
    /* Another station looks, once the lease has lapsed. */
    setenv("SPARRING_STATION", "observer", 1);
    usleep((LEASE_MS + 500) * 1000);
    Records *db = open_as(url);
    if (!db)
        return;
    int decisions = 0, finished = 0, open = 0;
    static char open_ids[NSTATIONS * NATTEMPTS][64];
    for (int k = 0; k < NSTATIONS; k++) {
        char log[512];
        snprintf(log, sizeof log, "%s/station-%02d.log", rig.tmpdir, k);
        int left = check_log(db, log, &decisions, &finished, open_ids + open);
        CHECK_MSG(victim[k] || left == 0, "station %d left %d attempts open", k, left);
        open += left;
    }
    CHECK_INT(finished >= (NSTATIONS - NSTATIONS * 3 / 10) * NATTEMPTS, 1);
    char err[512];
    RecordsAttempt *list = NULL;
    int n = 0;
    CHECK_INT(records_interrupted(db, &list, &n, err, sizeof err), 0);
    long long in_progress = query_int(url, "SELECT count(*) FROM attempts WHERE status = "
                                           "'in_progress'");
    CHECK_INT(n, in_progress); /* every one of them, from a station that never recorded it */
    /* Each attempt a killed station's log leaves open is either among them, or was completed
     * whole in the store just before the kill (its "e" line never written: a slow machine
     * makes that window wide). */
    int ended_at_kill = 0;
    for (int i = 0; i < open; i++) {
        bool found = false;
        for (int j = 0; j < n && !found; j++)
            found = !strcmp(list[j].attempt_id, open_ids[i]);
        if (found)
            continue;
        RecordsAttempt *a = records_attempt_load(db, open_ids[i], err, sizeof err);
        CHECK_MSG(a && !strcmp(a->status, "completed") && a->ndecisions == NBEST,
                  "attempt %s left open by a killed station is %s with %d decisions, not found "
                  "as interrupted", open_ids[i], a ? a->status : "missing",
                  a ? a->ndecisions : -1);
        ended_at_kill++;
        records_attempt_free(a);
    }
    CHECK(n >= open - ended_at_kill);
    for (int i = 0; i < n; i++)
        CHECK_INT(records_close_interrupted(db, list[i].attempt_id, err, sizeof err), 0);
    records_attempts_free(list, n);
    CHECK_INT(query_int(url, "SELECT count(*) FROM attempts WHERE status = 'in_progress'"), 0);
    CHECK_INT(query_int(url, "SELECT count(*) FROM attempts WHERE status = 'interrupted'"), n);
    records_close(db);
    printf("     (%d stations, %d killed, %d finished attempts, %d decisions checked, %d "
           "interrupted found from another station, %d ended just before the kill)\n", NSTATIONS,
           killed, finished, decisions, n, ended_at_kill);
    unsetenv("SPARRING_LEASE_MS");
    unsetenv("SPARRING_LEASE_RENEW_MS");
    unsetenv("SPARRING_STATION");
}

/* ---- the server restarted mid-recording --------------------------------------------------- */

/* Runs a function of tests/pg_cluster.sh on the test's server: pg_cluster_restart,
 * pg_cluster_server_stop, pg_cluster_server_start. Its exit status. */
static int cluster(const char *fn)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "bash -c '. \"%s/tests/pg_cluster.sh\" && %s'",
             getenv("SPARRING_SOURCE_DIR") ? getenv("SPARRING_SOURCE_DIR") : ".", fn);
    return system(cmd);
}

/* An attempt begun in store url, of a Play of seed 5: false (nothing left open) when it
 * cannot be. */
static bool begin_in(const char *url, Records **db, Play **p, Recorder **r)
{
    char err[1024];
    *db = open_as(url);
    *p = *db ? play_new(rig.sc, 5, RIG_OPTS) : NULL;
    *r = *p ? recorder_begin(*db, *p, NULL, T0, err, sizeof err) : NULL;
    CHECK_MSG(*r != NULL, "cannot begin an attempt in %s", url);
    if (!*r) {
        play_free(*p);
        records_close(*db);
    }
    return *r != NULL;
}

static void a_server_restart_should_lose_and_double_nothing(void)
{
    char url[1024], err[1024];
    url_of("restart", url, sizeof url);
    Records *db;
    Play *p;
    Recorder *r;
    if (!begin_in(url, &db, &p, &r))
        return;
    for (int i = 0; i < 3; i++) {
        take(p, BEST[i], (i + 1) * 1000);
        CHECK_INT(recorder_sync(r, p, T0 + (i + 1) * 1000, err, sizeof err), 0);
    }
    CHECK_INT(cluster("pg_cluster_restart"), 0);
    /* The decision in hand: the connection is gone, the recorder says so and keeps it. */
    take(p, BEST[3], 4000);
    int rc = recorder_sync(r, p, T0 + 4000, err, sizeof err);
    CHECK_INT(rc, -1);
    CHECK_MSG(strstr(err, "away") != NULL, "the message says the server is away: %s", err);
    /* Next try: reconnected, stored once. */
    CHECK_INT(recorder_sync(r, p, T0 + 4000, err, sizeof err), 0);
    for (int i = 4; i < NBEST; i++) {
        take(p, BEST[i], (i + 1) * 1000);
        CHECK_INT(recorder_sync(r, p, T0 + (i + 1) * 1000, err, sizeof err), 0);
    }
    char id[37];
    snprintf(id, sizeof id, "%s", recorder_attempt_id(r));
    CHECK_INT(recorder_end(r, p, T0 + 10000, err, sizeof err), 0);
    play_free(p);
    RecordsAttempt *a = records_attempt_load(db, id, err, sizeof err);
    CHECK(a != NULL);
    if (a) {
        CHECK_STR(a->status, "completed");
        CHECK_INT(a->ndecisions, NBEST);
        for (int i = 0; i < a->ndecisions && i < NBEST; i++)
            CHECK_STR(a->decisions[i].choice, BEST[i]);
        CHECK_INT(a->percent >= 0, 1);
    }
    records_attempt_free(a);
    CHECK_INT(query_int(url, "SELECT count(*) FROM decisions"), NBEST);
    CHECK_INT(query_int(url, "SELECT count(*) FROM steps"), query_int(url, "SELECT count(DISTINCT "
                                                                           "seq) FROM steps"));
    records_close(db);
}

/* A mentor's events while the server is stopped are kept by the recorder, in their order, and
 * stored by the first sync that reaches the server again: none lost, none twice. */
static void mentor_events_while_away_should_wait_then_be_stored(void)
{
    char url[1024], err[1024];
    url_of("mentor_away", url, sizeof url);
    Records *db;
    Play *p;
    Recorder *r;
    if (!begin_in(url, &db, &p, &r))
        return;
    take(p, BEST[0], 1000);
    CHECK_INT(recorder_sync(r, p, T0 + 1000, err, sizeof err), 0);
    CHECK_INT(recorder_mentor_event(r, "comment", "before", 1500, 1, err, sizeof err), 0);
    CHECK_INT(cluster("pg_cluster_server_stop"), 0);
    CHECK_INT(recorder_mentor_event(r, "comment", "while away", 2000, 1, err, sizeof err), 1);
    CHECK(records_server_lost(db) && recorder_waiting(r));
    CHECK_INT(recorder_mentor_event(r, "event", "budget_cut", 2500, 1, err, sizeof err), 1);
    CHECK_INT(recorder_mentor_event(r, "no-such-kind", "", 2600, 1, err, sizeof err), -1);
    CHECK_INT(recorder_retry(r, p, T0 + 3000, err, sizeof err), -1); /* still away */
    CHECK_INT(cluster("pg_cluster_server_start"), 0);
    CHECK_INT(recorder_retry(r, p, T0 + 4000, err, sizeof err), 0);
    CHECK(!recorder_waiting(r));
    CHECK_INT(recorder_mentor_event(r, "comment", "after", 4500, 1, err, sizeof err), 0);
    CHECK_INT(recorder_retry(r, p, T0 + 5000, err, sizeof err), 0); /* nothing twice */
    char id[37];
    snprintf(id, sizeof id, "%s", recorder_attempt_id(r));
    CHECK_INT(recorder_end(r, p, T0 + 6000, err, sizeof err), 0);
    RecordsAttempt *a = records_attempt_load(db, id, err, sizeof err);
    static const char *const want[] = {"before", "while away", "budget_cut", "after"};
    CHECK(a && a->nmentor == 4);
    for (int i = 0; a && i < a->nmentor && i < 4; i++)
        CHECK_STR(a->mentor[i].detail, want[i]);
    records_attempt_free(a);
    play_free(p);
    records_close(db);
}

/* ---- least privilege ---------------------------------------------------------------------- */

/* Runs sql as user on database db; 0 when the server accepted it, -1 when it refused. */
static int exec_as(const char *db, const char *user, const char *sql)
{
    char base[1024], url[1024];
    records_rig_url_as(rig.pg, user, base, sizeof base);
    pg_test_url(base, db, url, sizeof url);
    PGconn *c = PQconnectdb(url);
    PQsetNoticeProcessor(c, pg_test_quiet, NULL);
    int rc = -1;
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, sql);
        rc = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : -1;
        PQclear(r);
    }
    PQfinish(c);
    return rc;
}

/* Set up as docs/records.md says: a database owned by a login made with `createuser` and no
 * more. setup-db makes the tables, then cannot make the roles: it says which right is missing
 * and the statement that gives it; once given, setup-db finishes. Runs first: the roles must
 * not exist yet on the server (a login may use roles it did not create). */
static void the_owner_should_be_told_the_right_to_make_roles(void)
{
    const char *bin = getenv("SPARRING_BIN");
    if (!bin)
        return;
    CHECK_MSG(pg_test_int(rig.pg, "postgres", "SELECT count(*) FROM pg_roles WHERE rolname = "
                                              "'sparring_station'") == 0,
              "this test runs before any other makes the roles");
    CHECK_INT(pg_test_exec(rig.pg, "postgres", "DROP DATABASE IF EXISTS t_owned WITH (FORCE)"), 0);
    CHECK_INT(pg_test_exec(rig.pg, "postgres", "DROP ROLE IF EXISTS admin1; CREATE ROLE admin1 LOGIN"), 0);
    CHECK_INT(pg_test_exec(rig.pg, "postgres", "CREATE DATABASE t_owned OWNER admin1"), 0);
    char base[1024], url[1100], cmd[2400], *out = NULL;
    pg_test_url(rig.pg, "t_owned", base, sizeof base);
    records_rig_url_as(base, "admin1", url, sizeof url);
    snprintf(cmd, sizeof cmd, "'%s' records setup-db --db '%s' 2>&1", bin, url);
    CHECK_INT(check_run_cmd(cmd, &out), 1);
    CHECK_MSG(out && strstr(out, "may not create roles") &&
                  strstr(out, "ALTER ROLE \"admin1\" CREATEROLE"),
              "names the right and how to give it: %s", out ? out : "");
    free(out);
    out = NULL;
    CHECK_INT(pg_test_exec(rig.pg, "postgres", "ALTER ROLE admin1 CREATEROLE"), 0);
    CHECK_INT(check_run_cmd(cmd, &out), 0);
    CHECK_MSG(out && strstr(out, "are ready"), "%s", out ? out : "");
    free(out);
    /* and the owner makes the stations' logins (docs/records.md, step 3) */
    CHECK_INT(pg_test_exec(rig.pg, "t_owned", "SET ROLE admin1; CREATE ROLE room9 LOGIN IN ROLE "
                                              "sparring_station"), 0);
}

static void station_role_should_not_change_a_finished_attempt(void)
{
    char url[1024], cmd[2048], *out = NULL;
    url_of("roles", url, sizeof url);
    const char *bin = getenv("SPARRING_BIN");
    CHECK(bin != NULL);
    if (!bin)
        return;
    /* The owner sets it up through the command line. */
    snprintf(cmd, sizeof cmd, "'%s' records setup-db --db '%s' 2>&1", bin, url);
    CHECK_INT(check_run_cmd(cmd, &out), 0);
    CHECK(out && strstr(out, "sparring_station"));
    free(out);
    CHECK_INT(pg_test_exec(rig.pg, "postgres", "DROP ROLE IF EXISTS room1; DROP ROLE IF EXISTS boss; "
                                           "CREATE ROLE room1 LOGIN IN ROLE sparring_station; "
                                           "CREATE ROLE boss LOGIN IN ROLE sparring_reporting"), 0);
    char station_url[1024], boss_url[1024], id[37] = "";
    records_rig_url_as(url, "room1", station_url, sizeof station_url);
    records_rig_url_as(url, "boss", boss_url, sizeof boss_url);
    Records *db = open_as(station_url);
    CHECK(db != NULL);
    if (!db)
        return;
    AttemptMeta meta = {.trainee_id = "E1", .mode = "assessment"};
    CHECK_INT(record_one(db, &meta, 3, id), 0); /* a station records a whole attempt */
    char err[512];
    CHECK_INT(records_add_mentor_event(db, id, "comment", "well done", 11000, 8, err, sizeof err), 0);
    records_close(db);
    char sql[512];
    const char *db_name = "t_roles";
    snprintf(sql, sizeof sql, "UPDATE attempts SET score_percent = 1 WHERE id = '%s'", id);
    CHECK_INT(exec_as(db_name, "room1", sql), -1);
    CHECK_INT(exec_as(db_name, "postgres", sql), -1); /* the trigger: not even the owner */
    snprintf(sql, sizeof sql, "DELETE FROM attempts WHERE id = '%s'", id);
    CHECK_INT(exec_as(db_name, "room1", sql), -1);
    snprintf(sql, sizeof sql, "UPDATE decisions SET choice = 'hard_sell' WHERE attempt_id = '%s'", id);
    CHECK_INT(exec_as(db_name, "room1", sql), -1);
    snprintf(sql, sizeof sql, "DELETE FROM decisions WHERE attempt_id = '%s'", id);
    CHECK_INT(exec_as(db_name, "room1", sql), -1);
    snprintf(sql, sizeof sql, "SELECT score_percent FROM attempts WHERE id = '%s'", id);
    long long before = query_int(url, sql);
    CHECK(before >= 0 && before != 1); /* as recorded */
    /* The reporting role reads (export through the command line) and writes nothing. */
    snprintf(cmd, sizeof cmd, "'%s' records export --format csv --db '%s' 2>&1", bin, boss_url);
    CHECK_INT(check_run_cmd(cmd, &out), 0);
    CHECK(out && strstr(out, id));
    free(out);
    CHECK_INT(exec_as(db_name, "boss", "INSERT INTO trainees(id) VALUES('x')"), -1);
    snprintf(sql, sizeof sql, "UPDATE attempts SET status = 'abandoned' WHERE id = '%s'", id);
    CHECK_INT(exec_as(db_name, "boss", sql), -1);
}

/* A call the trainee left when the window closed: recorder_release lets go of it, and it is
 * offered as interrupted at once, even to this very process, then resumed where it stopped. */
static void a_released_attempt_should_be_offered_at_once(void)
{
    char url[1024], err[1024];
    url_of("release", url, sizeof url);
    Records *db = open_as(url);
    CHECK(db != NULL);
    if (!db)
        return;
    Play *p = play_new(rig.sc, 7, RIG_OPTS);
    AttemptMeta meta = {.trainee_id = "L1", .mode = "assessment"};
    Recorder *r = recorder_begin(db, p, &meta, T0, err, sizeof err);
    CHECK_MSG(r != NULL, "%s", err);
    if (!r) {
        play_free(p);
        records_close(db);
        return;
    }
    char id[37];
    snprintf(id, sizeof id, "%s", recorder_attempt_id(r));
    take(p, BEST[0], 1000);
    take(p, BEST[1], 2000);
    RecordsAttempt *list = NULL;
    int n = -1;
    CHECK_INT(records_interrupted(db, &list, &n, err, sizeof err), 0);
    CHECK_INT(n, 0); /* still held by this process */
    records_attempts_free(list, n);
    CHECK_INT(recorder_release(r, p, T0 + 3000, err, sizeof err), 0); /* syncs the two decisions too */
    CHECK_INT(records_interrupted(db, &list, &n, err, sizeof err), 0);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(list[0].attempt_id, id);
        CHECK_STR(list[0].status, "in_progress");
        CHECK_INT(list[0].nsteps, play_step_count(p));
    }
    records_attempts_free(list, n);
    Recorder *again = recorder_resume(db, id, p, err, sizeof err);
    CHECK_MSG(again != NULL, "%s", err);
    for (int i = 2; again && i < NBEST; i++)
        take(p, BEST[i], (i + 1) * 1000);
    if (again)
        CHECK_INT(recorder_end(again, p, T0 + 10000, err, sizeof err), 0);
    RecordsAttempt *at = records_attempt_load(db, id, err, sizeof err);
    CHECK(at != NULL);
    if (at)
        CHECK_STR(at->status, "completed");
    records_attempt_free(at);
    play_free(p);
    records_close(db);
}

/* SQL as station_b on the attempt id (%s in fmt): 0 accepted, -1 refused. */
static int station_b_does(const char *fmt, const char *id)
{
    char sql[1024];
    snprintf(sql, sizeof sql, fmt, id, id);
    return exec_as("t_owners", "station_b", sql);
}

static const char *const b_closes = "UPDATE attempts SET status = 'abandoned', ended_unix_ms = 1 "
                                    "WHERE id = '%s'";

/* Two stations with their own login roles: neither can end, extend or add to the other's
 * attempt while its lease runs (the database refuses, whatever the station's program does);
 * each ends its own; once a lease has lapsed the other closes it as interrupted, and nobody
 * changes it after that. */
static void a_station_should_close_only_its_own_attempts(void)
{
    char url[1024], a_url[1024], b_url[1024], err[1024], id[37] = "", id2[37] = "";
    url_of("owners", url, sizeof url);
    Records *owner = open_as(url);
    CHECK_MSG(owner && records_setup_roles(owner, err, sizeof err) == 0, "%s", err);
    /* Run again (after an upgrade): the same grants, column and triggers, no error. */
    CHECK_MSG(owner && records_setup_roles(owner, err, sizeof err) == 0, "%s", err);
    records_close(owner);
    CHECK_INT(pg_test_exec(rig.pg, "postgres", "DROP ROLE IF EXISTS station_a; DROP ROLE IF EXISTS "
                                           "station_b; CREATE ROLE station_a LOGIN IN ROLE "
                                           "sparring_station; CREATE ROLE station_b LOGIN IN "
                                           "ROLE sparring_station"), 0);
    records_rig_url_as(url, "station_a", a_url, sizeof a_url);
    records_rig_url_as(url, "station_b", b_url, sizeof b_url);
    Records *a = open_as(a_url), *b = open_as(b_url);
    CHECK(a && b);
    if (!a || !b) {
        records_close(a);
        records_close(b);
        return;
    }
    Play *p = play_new(rig.sc, 7, RIG_OPTS);
    AttemptMeta meta = {.trainee_id = "E7", .mode = "assessment"};
    Recorder *r = recorder_begin(a, p, &meta, T0, err, sizeof err);
    CHECK_MSG(r != NULL, "%s", err);
    if (!r) {
        play_free(p);
        records_close(a);
        records_close(b);
        return;
    }
    take(p, BEST[0], 1000);
    CHECK_INT(recorder_sync(r, p, T0 + 1000, err, sizeof err), 0);
    snprintf(id, sizeof id, "%s", recorder_attempt_id(r));
    /* B, by hand, against A's live attempt. */
    CHECK_INT(station_b_does(b_closes, id), -1);
    CHECK_INT(station_b_does("UPDATE attempts SET lease_until_ms = 0 WHERE id = '%s'", id), -1);
    CHECK_INT(station_b_does("UPDATE attempts SET owner_role = 'station_b' WHERE id = '%s'", id), -1);
    CHECK_INT(station_b_does("UPDATE decisions SET rewound = 1 WHERE attempt_id = '%s'", id), -1);
    CHECK_INT(station_b_does("INSERT INTO decisions(attempt_id, seq, position, node, choice, "
                             "points, meters, at_ms, took_ms) VALUES('%s', 99, 99, 'n', 'c', "
                             "'{}', '{}', 1, 1)", id), -1);
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM attempts WHERE id = '%s' AND status = "
                              "'in_progress' AND owner_role = 'station_a'", id);
    CHECK_INT(query_int(url, sql), 1);
    /* A goes on and ends its own. */
    take(p, BEST[1], 2000);
    CHECK_INT(recorder_sync(r, p, T0 + 2000, err, sizeof err), 0);
    CHECK_INT(recorder_end(r, p, T0 + 3000, err, sizeof err), 0);
    play_free(p);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM attempts WHERE id = '%s' AND status = "
                              "'abandoned'", id);
    CHECK_INT(query_int(url, sql), 1); /* closed before its end, by A: not B's 'abandoned' */
    snprintf(sql, sizeof sql, "SELECT ended_unix_ms FROM attempts WHERE id = '%s'", id);
    CHECK(query_int(url, sql) != 1);
    /* B records and ends its own. */
    CHECK_INT(record_one(b, &meta, 8, id2), 0);
    /* A's next attempt is left behind: once its lease has lapsed, B may close it. */
    p = play_new(rig.sc, 9, RIG_OPTS);
    r = recorder_begin(a, p, &meta, T0, err, sizeof err);
    CHECK_MSG(r != NULL, "%s", err);
    if (r) {
        snprintf(id, sizeof id, "%s", recorder_attempt_id(r));
        CHECK_INT(station_b_does(b_closes, id), -1);
        snprintf(sql, sizeof sql, "UPDATE attempts SET lease_until_ms = 0 WHERE id = '%s'", id);
        CHECK_INT(pg_test_exec(rig.pg, "t_owners", sql), 0); /* the owner of the database may */
        CHECK_INT(records_close_interrupted(b, id, err, sizeof err), 0);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM attempts WHERE id = '%s' AND status = "
                                  "'interrupted'", id);
        CHECK_INT(query_int(url, sql), 1);
        recorder_end(r, p, T0 + 3000, err, sizeof err); /* no longer A's to end: */
        CHECK_INT(query_int(url, sql), 1);              /* still interrupted */
    }
    play_free(p);
    /* Finished ones, A's and B's own alike, stay as they are. */
    CHECK_INT(station_b_does("UPDATE attempts SET score_percent = 1 WHERE id = '%s'", id), -1);
    CHECK_INT(station_b_does("UPDATE attempts SET score_percent = 1 WHERE id = '%s'", id2), -1);
    CHECK_INT(station_b_does("DELETE FROM attempts WHERE id = '%s'", id2), -1);
    CHECK_INT(station_b_does("UPDATE decisions SET choice = 'x' WHERE attempt_id = '%s'", id2), -1);
    records_close(a);
    records_close(b);
}

static void a_role_without_rights_should_be_told_so(void)
{
    char url[1024], other[1024], err[1024];
    url_of("norights", url, sizeof url);
    CHECK_INT(pg_test_exec(rig.pg, "postgres", "DROP ROLE IF EXISTS nobody; CREATE ROLE nobody LOGIN"), 0);
    records_rig_url_as(url, "nobody", other, sizeof other);
    Records *db = records_open(other, err, sizeof err);
    CHECK(db == NULL);
    CHECK_MSG(strstr(err, "lacks the right") && strstr(err, "setup-db"), "%s", err);
    records_close(db);
}

static void a_newer_schema_should_be_refused_untouched(void)
{
    char url[1024], err[1024];
    url_of("newer", url, sizeof url);
    Records *db = open_as(url);
    records_close(db);
    CHECK_INT(pg_test_exec(rig.pg, "t_newer", "UPDATE meta SET value = '99' WHERE key = "
                                          "'schema_version'; CREATE TABLE later(x int)"), 0);
    db = records_open(url, err, sizeof err);
    CHECK(db == NULL);
    CHECK_MSG(strstr(err, "newer") != NULL, "%s", err);
    records_close(db);
    CHECK_INT(pg_test_exec(rig.pg, "t_newer", "SELECT 1 FROM meta WHERE key = 'schema_version' AND "
                                          "value = '99'"), 0);
}

static void the_password_should_never_be_shown(void)
{
    const char *secret = "Sup3r-S3cret-pw";
    char url[1024], err[2048], cmd[3072], *out = NULL;
    snprintf(url, sizeof url, "postgresql://trainer:%s@/nowhere?host=%s/no-such-dir&port=1", secret,
             rig.tmpdir);
    Records *db = records_open(url, err, sizeof err);
    CHECK(db == NULL);
    CHECK_MSG(!strstr(err, secret), "the password is in: %s", err);
    CHECK_MSG(strstr(err, "trainer@") != NULL, "the user is named: %s", err);
    /* Key=value spellings in the URL's query, and through the command line. */
    snprintf(url, sizeof url, "postgresql:///nowhere?host=%s/no-such-dir&password=%s&port=1", rig.tmpdir,
             secret);
    db = records_open(url, err, sizeof err);
    CHECK(db == NULL && !strstr(err, secret));
    const char *bin = getenv("SPARRING_BIN");
    if (bin) {
        snprintf(cmd, sizeof cmd, "'%s' records report --db '%s' 2>&1", bin, url);
        CHECK_INT(check_run_cmd(cmd, &out), 1);
        CHECK_MSG(out && !strstr(out, secret), "the password is in: %s", out ? out : "");
        free(out);
        out = NULL;
        /* libpq's keyword/value spelling in SPARRING_DB is a server too, never a file name. */
        snprintf(cmd, sizeof cmd,
                 "SPARRING_DB='host=%s/no-such-dir port=1 user=trainer password=%s dbname=x' "
                 "'%s' records report 2>&1",
                 rig.tmpdir, secret, bin);
        CHECK_INT(check_run_cmd(cmd, &out), 1);
        CHECK_MSG(out && !strstr(out, secret), "the password is in: %s", out ? out : "");
        CHECK_MSG(out && strstr(out, "trainer@") && strstr(out, "records server"),
                  "named as a server: %s", out ? out : "");
        free(out);
    }
}

/* Connected, with the password in the URL (user:password@ or password=): what the commands
 * say of the store they wrote or read names it without the password ("recorded attempt ... in
 * postgresql://postgres@..."), the lock of records sync included. */
static void the_password_should_never_be_shown_when_connected(void)
{
    const char *bin = getenv("SPARRING_BIN");
    if (!rig.pg || !bin)
        return;
    const char *secret = "Sup3r-S3cret-pw";
    char base[1024], urls[2][1200], ini[600];
    records_rig_target(&rig, "pw_shown", base, sizeof base);
    snprintf(urls[0], sizeof urls[0], "%s&password=%s", base, secret);
    snprintf(urls[1], sizeof urls[1], "postgresql://postgres:%s@/%s", secret,
             base + strlen("postgresql:///"));
    snprintf(ini, sizeof ini, "%s/lrs.ini", rig.tmpdir);
    FILE *f = fopen(ini, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("endpoint = http://127.0.0.1:9/xAPI/\nkey = k\nsecret = s\nretries = 1\n", f);
    fclose(f);
    static const char *const commands[] = {
        "run scenarios/budget-cut.json --record --trainee E1 --choices 1 --db '%s'",
        "records sync --config '%2$s' --db '%1$s'",
        "records export --format jsonl --db '%s'",
        "replay no-such-attempt --db '%s'",
    };
    for (int u = 0; u < 2; u++)
        for (size_t c = 0; c < sizeof commands / sizeof *commands; c++) {
            char args[3000], cmd[3500], *out = NULL;
            snprintf(args, sizeof args, commands[c], urls[u], ini);
            snprintf(cmd, sizeof cmd, "'%s' %s 2>&1", bin, args);
            check_run_cmd(cmd, &out);
            CHECK_MSG(out && !strstr(out, secret), "%s: the password is in: %s", args,
                      out ? out : "");
            if (c == 0)
                CHECK_MSG(out && strstr(out, "recorded attempt") && strstr(out, "postgres@"),
                          "run names where it recorded: %s", out ? out : "");
            free(out);
        }
}

/* ---- the server away; records copy -------------------------------------------------------- */

static void attempts_recorded_while_away_should_join_once(void)
{
    char url[1024], away[1024], local[512], err[1024], id[37] = "";
    url_of("joined", url, sizeof url);
    snprintf(away, sizeof away, "postgresql:///t_joined?host=%s/no-such-dir&port=1", rig.tmpdir);
    snprintf(local, sizeof local, "%s/station.db", rig.tmpdir);
    bool fell = false;
    long joined = -1;
    Records *db = records_open_station(away, local, &fell, &joined, err, sizeof err);
    CHECK(db != NULL && fell);
    CHECK_MSG(strstr(err, "away") || strstr(err, "connect"), "%s", err);
    if (!db)
        return;
    CHECK_STR(records_backend(db), "sqlite");
    AttemptMeta meta = {.trainee_id = "E9", .mode = "practice"};
    CHECK_INT(record_one(db, &meta, 9, id), 0);
    records_close(db);
    /* The server is back: the next start joins it, once. */
    for (int round = 0; round < 2; round++) {
        db = records_open_station(url, local, &fell, &joined, err, sizeof err);
        CHECK(db != NULL && !fell);
        CHECK_INT(joined, round == 0 ? 1 : 0);
        if (db) {
            CHECK_STR(records_backend(db), "postgresql");
            RecordsAttempt *a = records_attempt_load(db, id, err, sizeof err);
            CHECK(a && a->ndecisions == NBEST && !strcmp(a->status, "completed"));
            records_attempt_free(a);
        }
        records_close(db);
    }
    CHECK_INT(query_int(url, "SELECT count(*) FROM attempts"), 1);
    CHECK_INT(query_int(url, "SELECT count(*) FROM decisions"), NBEST);
    /* records copy from the command line: the same rule. */
    const char *bin = getenv("SPARRING_BIN");
    if (bin) {
        Records *l = records_open(local, err, sizeof err);
        CHECK_INT(l ? record_one(l, &meta, 10, id) : -1, 0);
        records_close(l);
        char cmd[3072], *out = NULL;
        for (int round = 0; round < 2; round++) {
            snprintf(cmd, sizeof cmd, "'%s' records copy --from '%s' --to '%s' 2>&1", bin, local, url);
            CHECK_INT(check_run_cmd(cmd, &out), 0);
            CHECK_MSG(out && strstr(out, round == 0 ? "1 attempt copied, 1 already there"
                                                    : "0 attempts copied, 2 already there"),
                      "%s", out ? out : "");
            free(out);
        }
        CHECK_INT(query_int(url, "SELECT count(*) FROM attempts"), 2);
        CHECK_INT(query_int(url, "SELECT count(*) FROM decisions"), 2 * NBEST);
    }
}

int main(int argc, char **argv)
{
    const char *server = getenv("SPARRING_TEST_PG");
    if (!server || !*server) {
        /* Start a server of our own (tests/pg_cluster_run.sh) and run again under it. */
        const char *src = getenv("SPARRING_SOURCE_DIR");
        char script[1024];
        snprintf(script, sizeof script, "%s/tests/pg_cluster_run.sh", src ? src : ".");
        execl("/bin/bash", "bash", script, argv[0], argc > 1 ? argv[1] : (char *)NULL,
              (char *)NULL);
        perror("bash");
        return 1;
    }
    /* test_records_shared WORD: only the tests whose name holds WORD. */
    const char *only = argc > 1 ? argv[1] : NULL;
#define RUN_SOME(fn) do { if (!only || strstr(#fn, only)) RUN(fn); } while (0)
    if (records_rig_start(&rig, "records-shared") != 0)
        return 1;
    RUN_SOME(the_owner_should_be_told_the_right_to_make_roles); /* first: before the roles exist */
    RUN_SOME(thirty_stations_with_kills_should_lose_nothing);
    RUN_SOME(a_server_restart_should_lose_and_double_nothing);
    RUN_SOME(mentor_events_while_away_should_wait_then_be_stored);
    RUN_SOME(station_role_should_not_change_a_finished_attempt);
    RUN_SOME(a_station_should_close_only_its_own_attempts);
    RUN_SOME(a_released_attempt_should_be_offered_at_once);
    RUN_SOME(a_role_without_rights_should_be_told_so);
    RUN_SOME(a_newer_schema_should_be_refused_untouched);
    RUN_SOME(the_password_should_never_be_shown);
    RUN_SOME(the_password_should_never_be_shown_when_connected);
    RUN_SOME(attempts_recorded_while_away_should_join_once);
    return records_rig_end(&rig);
}
