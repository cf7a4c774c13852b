/* records: the schema of a PostgreSQL store, its versions and migrations, and the roles of
 * `sparring records setup-db`. The tables are those of the SQLite store at the same version;
 * text sorts bytewise (COLLATE "C") so both give the same order. */
#include "records_internal.h"

#include <stdlib.h>
#include <string.h>

#define T "TEXT COLLATE \"C\""

/* Version 4, the first of the PostgreSQL store: a new database gets it whole. Finished attempts
 * are guarded by the database itself: whoever connects, an attempt that is no longer in
 * progress, and its decisions, steps and results, cannot be changed or deleted. */
static const char pg_schema_v4[] =
    "CREATE TABLE meta(key " T " PRIMARY KEY, value " T " NOT NULL);\n"
    "INSERT INTO meta VALUES('application', 'sparring-records'), ('schema_version', '4');\n"
    "CREATE TABLE trainees(id " T " PRIMARY KEY, name " T " NOT NULL DEFAULT '',\n"
    "  team " T " NOT NULL DEFAULT '');\n"
    "CREATE TABLE attempts(\n"
    "  id " T " PRIMARY KEY,\n"
    "  trainee_id " T " NOT NULL REFERENCES trainees(id),\n"
    "  mentor_id " T " NOT NULL DEFAULT '',\n"
    "  scenario_id " T " NOT NULL, scenario_version " T " NOT NULL, scenario_title " T " NOT NULL,\n"
    "  scenario_sha256 " T " NOT NULL, level " T " NOT NULL,\n"
    "  mode " T " NOT NULL CHECK(mode IN ('practice', 'assessment', 'sandbox')),\n"
    "  locale " T " NOT NULL, station " T " NOT NULL, start_node " T " NOT NULL,\n"
    "  seed BIGINT NOT NULL, time_multiplier DOUBLE PRECISION NOT NULL, timers INTEGER NOT NULL,\n"
    "  started_unix_ms BIGINT NOT NULL, ended_unix_ms BIGINT,\n"
    "  status " T " NOT NULL CHECK(status IN ('in_progress', 'completed', 'interrupted', 'abandoned')),\n"
    "  ending " T " NOT NULL DEFAULT '', outcome " T " NOT NULL DEFAULT '',\n"
    "  score_raw BIGINT NOT NULL DEFAULT 0, score_max BIGINT NOT NULL DEFAULT 0,\n"
    "  score_percent INTEGER, pass_percent INTEGER NOT NULL, passed INTEGER NOT NULL DEFAULT 0,\n"
    "  scenario_group " T " NOT NULL DEFAULT '', shuffle INTEGER NOT NULL DEFAULT 0,\n"
    "  owner_host " T " NOT NULL DEFAULT '', owner_pid BIGINT NOT NULL DEFAULT 0,\n"
    "  owner_start BIGINT NOT NULL DEFAULT 0, lease_until_ms BIGINT NOT NULL DEFAULT 0);\n"
    "CREATE INDEX attempts_by_trainee ON attempts(trainee_id, scenario_id, started_unix_ms);\n"
    "CREATE INDEX attempts_by_start ON attempts(started_unix_ms, id);\n"
    "CREATE INDEX attempts_in_progress ON attempts(lease_until_ms) WHERE status = 'in_progress';\n"
    "CREATE TABLE steps(attempt_id " T " NOT NULL REFERENCES attempts(id),\n"
    "  seq BIGINT NOT NULL, position INTEGER NOT NULL, live INTEGER NOT NULL DEFAULT 1,\n"
    "  kind INTEGER NOT NULL, node INTEGER NOT NULL, node_id " T " NOT NULL,\n"
    "  idx INTEGER NOT NULL, value INTEGER NOT NULL, at_ms BIGINT NOT NULL,\n"
    "  took_ms BIGINT NOT NULL, PRIMARY KEY(attempt_id, seq));\n"
    "CREATE TABLE decisions(attempt_id " T " NOT NULL REFERENCES attempts(id),\n"
    "  seq BIGINT NOT NULL, position INTEGER NOT NULL, rewound INTEGER NOT NULL DEFAULT 0,\n"
    "  node " T " NOT NULL, choice " T " NOT NULL, points " T " NOT NULL, meters " T " NOT NULL,\n"
    "  at_ms BIGINT NOT NULL, took_ms BIGINT NOT NULL, shown " T " NOT NULL DEFAULT '[]',\n"
    "  critical INTEGER NOT NULL DEFAULT 0, techniques " T " NOT NULL DEFAULT '[]',\n"
    "  PRIMARY KEY(attempt_id, seq));\n"
    "CREATE TABLE competencies(attempt_id " T " NOT NULL REFERENCES attempts(id),\n"
    "  competency_id " T " NOT NULL, raw BIGINT NOT NULL, max BIGINT NOT NULL,\n"
    "  percent INTEGER, PRIMARY KEY(attempt_id, competency_id));\n"
    "CREATE TABLE mentor_events(attempt_id " T " NOT NULL REFERENCES attempts(id),\n"
    "  seq BIGINT NOT NULL, kind " T " NOT NULL, detail " T " NOT NULL DEFAULT '',\n"
    "  offset_ms BIGINT NOT NULL, decision_index INTEGER NOT NULL,\n"
    "  PRIMARY KEY(attempt_id, seq));\n"
    "CREATE TABLE outbox(seq BIGSERIAL PRIMARY KEY, statement_id " T " NOT NULL UNIQUE,\n"
    "  attempt_id " T " NOT NULL REFERENCES attempts(id), kind " T " NOT NULL,\n"
    "  idx INTEGER NOT NULL, body " T ", acked_unix_ms BIGINT);\n"
    "CREATE INDEX outbox_waiting ON outbox(acked_unix_ms, seq);\n"
    "CREATE FUNCTION sparring_guard_attempt() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF OLD.status <> 'in_progress' THEN\n"
    "    RAISE EXCEPTION 'attempt % is finished (%): it cannot be changed or deleted',\n"
    "      OLD.id, OLD.status USING ERRCODE = '42501';\n"
    "  END IF;\n"
    "  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n"
    "  RETURN NEW;\n"
    "END $$;\n"
    "CREATE TRIGGER attempts_finished BEFORE UPDATE OR DELETE ON attempts\n"
    "  FOR EACH ROW EXECUTE FUNCTION sparring_guard_attempt();\n"
    "CREATE FUNCTION sparring_guard_part() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF EXISTS (SELECT 1 FROM attempts WHERE id = OLD.attempt_id AND status <> 'in_progress')\n"
    "  THEN\n"
    "    RAISE EXCEPTION 'attempt % is finished: its % cannot be changed or deleted',\n"
    "      OLD.attempt_id, TG_TABLE_NAME USING ERRCODE = '42501';\n"
    "  END IF;\n"
    "  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n"
    "  RETURN NEW;\n"
    "END $$;\n"
    "CREATE TRIGGER steps_finished BEFORE UPDATE OR DELETE ON steps\n"
    "  FOR EACH ROW EXECUTE FUNCTION sparring_guard_part();\n"
    "CREATE TRIGGER decisions_finished BEFORE UPDATE OR DELETE ON decisions\n"
    "  FOR EACH ROW EXECUTE FUNCTION sparring_guard_part();\n"
    "CREATE TRIGGER competencies_finished BEFORE UPDATE OR DELETE ON competencies\n"
    "  FOR EACH ROW EXECUTE FUNCTION sparring_guard_part();\n";

/* The critical decisions in the final path of attempt ID (an SQL expression). */
#define CRITICAL_COUNT(ID)                                                                       \
    "(SELECT count(*) FROM decisions d WHERE d.attempt_id = " ID " AND d.rewound = 0 AND "      \
    "d.critical = 1)"

/* Version 5: recordings of spoken answers. A station adds them (and replaces one while its
 * attempt is in progress, after a rewind); once the attempt is finished a recording cannot be
 * changed, and only a role given DELETE on it (the owner, or sparring_privacy from
 * `records setup-db`) removes it: `records purge-audio`. */
static const char pg_schema_v5[] =
    "CREATE TABLE recordings(attempt_id " T " NOT NULL REFERENCES attempts(id),\n"
    "  decision INTEGER NOT NULL, node " T " NOT NULL, format " T " NOT NULL, bytes BYTEA NOT NULL,\n"
    "  seconds DOUBLE PRECISION NOT NULL, level_dbfs DOUBLE PRECISION NOT NULL,\n"
    "  recorded_unix_ms BIGINT NOT NULL, PRIMARY KEY(attempt_id, decision));\n"
    "CREATE INDEX recordings_by_time ON recordings(recorded_unix_ms);\n"
    "CREATE TRIGGER recordings_finished BEFORE UPDATE ON recordings\n"
    "  FOR EACH ROW EXECUTE FUNCTION sparring_guard_part();\n"
    /* adding one goes through the same guard (it lets an insert pass; a guard that knows
     * which station owns an attempt can hold other stations back there) */
    "CREATE TRIGGER recordings_added BEFORE INSERT ON recordings\n"
    "  FOR EACH ROW EXECUTE FUNCTION sparring_guard_part();\n"
    /* an attempt's critical errors (critical decisions in its final path), counted once when it
     * ends, whoever ends it, so that reading it back is no query over its decisions (NULL:
     * counted on reading); the attempts that had ended are counted here, their guard held off
     * for this one statement of the migration */
    "ALTER TABLE attempts ADD COLUMN critical_errors INTEGER;\n"
    "CREATE FUNCTION sparring_count_critical() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF OLD.status = 'in_progress' AND NEW.status <> 'in_progress' THEN\n"
    "    NEW.critical_errors := " CRITICAL_COUNT("NEW.id") ";\n"
    "  END IF;\n"
    "  RETURN NEW;\n"
    "END $$;\n"
    "CREATE TRIGGER attempts_critical_errors BEFORE UPDATE ON attempts\n"
    "  FOR EACH ROW EXECUTE FUNCTION sparring_count_critical();\n"
    "ALTER TABLE attempts DISABLE TRIGGER attempts_finished;\n"
    "UPDATE attempts SET critical_errors = " CRITICAL_COUNT("attempts.id") "\n"
    "  WHERE status <> 'in_progress';\n"
    "ALTER TABLE attempts ENABLE TRIGGER attempts_finished;\n"
    "UPDATE meta SET value = '5' WHERE key = 'schema_version';\n";

/* Version 6: the competencies by their id, so that the export's CSV header (every competency
 * id there is) is a few lookups in that index instead of a scan of the table. */
static const char pg_schema_v6[] =
    "CREATE INDEX IF NOT EXISTS competencies_by_id ON competencies(competency_id);\n"
    "UPDATE meta SET value = '6' WHERE key = 'schema_version';\n";

/* The detail tables (records_internal.h's RECORDS_DETAIL_* order), for version 7. */
#define PG_DETAILS(X) X(decisions, seq) X(competencies, competency_id) X(mentor_events, seq) X(steps, seq)
/* Version 7: every detail row carries its attempt's start, set by the database as the row is
 * added, and is indexed by it in the order the exports read (the attempts' order, then the
 * row's own): an export of the whole store reads each detail table in one pass of that index
 * instead of looking each attempt up (records_each.c). The rows there already are written
 * again with theirs, in that order (set aside, the table emptied, put back, their guards held
 * off meanwhile): an update in place left every row twice and the new ones out of order, and
 * an export of the store so migrated read half again as long. Planned as the exports' streams
 * are (RECORDS_PG_STREAM_PLAN), the rows come in order from the indexes, not from a sort. A
 * detail row's start is its attempt's whatever is changed by hand: the database sets it again
 * when the row is moved to another attempt or its start is edited, and follows the attempt's. */
#define PG_V7_TABLE(TABLE, KEY)                                                                  \
    "CREATE TEMP TABLE v7_" #TABLE " ON COMMIT DROP AS SELECT x.*, a.started_unix_ms FROM "       \
    "attempts a JOIN " #TABLE " x ON x.attempt_id = a.id ORDER BY a.started_unix_ms, a.id, x."    \
    #KEY ";\n"                                                                                   \
    "TRUNCATE " #TABLE ";\n"                                                                     \
    "ALTER TABLE " #TABLE " ADD COLUMN started_unix_ms BIGINT NOT NULL DEFAULT 0;\n"             \
    "ALTER TABLE " #TABLE " DISABLE TRIGGER USER;\n"                                             \
    "INSERT INTO " #TABLE " SELECT * FROM v7_" #TABLE ";\n"                                      \
    "ALTER TABLE " #TABLE " ENABLE TRIGGER USER;\n"                                              \
    "CREATE TRIGGER " #TABLE "_start BEFORE INSERT OR UPDATE OF attempt_id, started_unix_ms ON " \
    #TABLE " FOR EACH ROW EXECUTE FUNCTION sparring_detail_start();\n"                           \
    "CREATE INDEX " #TABLE "_by_start ON " #TABLE "(started_unix_ms, attempt_id, " #KEY ");\n"
/* An attempt's start changed by hand (only while it is in progress: a finished one cannot be
 * changed) goes with it into each of its detail rows, so that none is left out of place. */
#define PG_V7_MOVE(TABLE, KEY)                                                                   \
    "  UPDATE " #TABLE " SET started_unix_ms = NEW.started_unix_ms WHERE attempt_id = NEW.id;\n"
static const char pg_schema_v7[] =
    "CREATE OR REPLACE FUNCTION sparring_detail_start() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  NEW.started_unix_ms := coalesce((SELECT started_unix_ms FROM attempts\n"
    "                                   WHERE id = NEW.attempt_id), 0);\n"
    "  RETURN NEW;\n"
    "END $$;\n" RECORDS_PG_STREAM_PLAN ";\n" PG_DETAILS(PG_V7_TABLE)
    "CREATE OR REPLACE FUNCTION sparring_attempt_moved() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n" PG_DETAILS(PG_V7_MOVE) "  RETURN NULL;\n"
    "END $$;\n"
    "CREATE TRIGGER attempts_moved AFTER UPDATE OF started_unix_ms ON attempts FOR EACH ROW\n"
    "  WHEN (OLD.started_unix_ms IS DISTINCT FROM NEW.started_unix_ms)\n"
    "  EXECUTE FUNCTION sparring_attempt_moved();\n"
    "UPDATE meta SET value = '7' WHERE key = 'schema_version';\n";

/* What the database holds: *v the schema version (0: empty), -1 with a message when it is not
 * a records database. Reads only. */
static int read_version(Records *db, int *v, char *err, size_t errsize)
{
    *v = 0;
    /* pg_class read with the statement's snapshot (to_regclass could answer from a catalog
     * cache older than the lock that another station's set-up just released). */
    RecStmt *st = records_prep(db, "SELECT count(*) FILTER (WHERE c.relname = 'meta'), "
                                   "count(*) FILTER (WHERE c.relname = 'attempts') "
                                   "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                   "WHERE n.nspname = current_schema() AND c.relkind = 'r'",
                               err, errsize);
    if (!st)
        return -1;
    if (rs_step(st) != REC_ROW) {
        records_done(st);
        return records_fail(db, err, errsize, "cannot read the database");
    }
    bool meta = rs_int(st, 0) != 0, attempts = rs_int(st, 1) != 0;
    records_done(st);
    if (!meta && !attempts)
        return 0;
    const char *app = NULL;
    if (meta) {
        st = records_prep(db, "SELECT (SELECT value FROM meta WHERE key = 'application'), "
                              "(SELECT value FROM meta WHERE key = 'schema_version')", err, errsize);
        if (!st)
            return -1;
        if (rs_step(st) != REC_ROW) {
            records_done(st);
            return records_fail(db, err, errsize, "cannot read the schema version");
        }
        app = rs_text(st, 0);
        bool ours = app && !strcmp(app, "sparring-records");
        *v = rs_text(st, 1) ? atoi(rs_text(st, 1)) : 0;
        records_done(st);
        if (ours && *v > 0)
            return 0;
    }
    return records_errf(err, errsize, "%s: not a Sparring records database (its tables belong to "
                        "another program); choose another database", db->path);
}

static int check_version(Records *db, int v, char *err, size_t errsize)
{
    if (v > RECORDS_SCHEMA_VERSION)
        return records_errf(err, errsize,
                            "%s: the records database has schema version %d, written by a newer "
                            "Sparring; this build reads up to version %d: update Sparring",
                            db->path, v, RECORDS_SCHEMA_VERSION);
    return 0;
}

int records_pg_schema(Records *db, char *err, size_t errsize)
{
    int v;
    if (read_version(db, &v, err, errsize) < 0 || check_version(db, v, err, errsize) < 0)
        return -1;
    if (v == RECORDS_SCHEMA_VERSION)
        return 0;
    /* Set up or migrate, one station at a time: the others wait on the lock, then find it
     * done. */
    if (records_exec(db, "BEGIN", err, errsize) < 0)
        return -1;
    if (records_exec(db, "SELECT pg_advisory_xact_lock(7461273)", err, errsize) < 0 ||
        read_version(db, &v, err, errsize) < 0 || check_version(db, v, err, errsize) < 0)
        goto fail;
    if (v == 0) {
        if (records_exec(db, pg_schema_v4, NULL, 0) < 0) {
            records_fail(db, err, errsize, "cannot set up the records tables in this new database");
            goto fail;
        }
        v = 4;
    }
    /* Later versions migrate here, one step at a time, as the SQLite store does. */
    if (v == 4) {
        if (records_exec(db, pg_schema_v5, NULL, 0) < 0) {
            records_fail(db, err, errsize, "cannot add the recordings table (schema version 5)");
            goto fail;
        }
        v = 5;
    }
    if (v == 5) {
        if (records_exec(db, pg_schema_v6, NULL, 0) < 0) {
            records_fail(db, err, errsize, "cannot index the competencies (schema version 6)");
            goto fail;
        }
        v = 6;
    }
    if (v == 6) {
        if (records_exec(db, pg_schema_v7, NULL, 0) < 0) {
            records_fail(db, err, errsize,
                         "cannot index the attempts' details by their start (schema version 7)");
            goto fail;
        }
        v = 7;
    }
    return records_commit(db, err, errsize);
fail:
    records_rollback(db);
    return -1;
}

/* ---- roles (records setup-db) ------------------------------------------------------------ */

static const char pg_roles[] =
    "DO $$ BEGIN\n"
    "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sparring_station') THEN\n"
    "    CREATE ROLE sparring_station NOLOGIN;\n"
    "  END IF;\n"
    "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sparring_reporting') THEN\n"
    "    CREATE ROLE sparring_reporting NOLOGIN;\n"
    "  END IF;\n"
    "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sparring_privacy') THEN\n"
    "    CREATE ROLE sparring_privacy NOLOGIN;\n"
    "  END IF;\n"
    "END $$;\n"
    "REVOKE ALL ON meta, trainees, attempts, steps, decisions, competencies, mentor_events,\n"
    "  outbox FROM sparring_station, sparring_reporting;\n"
    "GRANT USAGE ON SCHEMA public TO sparring_station, sparring_reporting;\n"
    "GRANT SELECT ON meta, trainees, attempts, steps, decisions, competencies, mentor_events,\n"
    "  outbox TO sparring_station, sparring_reporting;\n"
    "GRANT INSERT ON trainees, attempts, steps, decisions, competencies, mentor_events, outbox\n"
    "  TO sparring_station;\n"
    "GRANT UPDATE (name, team) ON trainees TO sparring_station;\n"
    "GRANT UPDATE (status, ended_unix_ms, ending, outcome, score_raw, score_max, score_percent,\n"
    "  passed, owner_host, owner_pid, owner_start, lease_until_ms) ON attempts TO sparring_station;\n"
    "GRANT UPDATE (live) ON steps TO sparring_station;\n"
    "GRANT UPDATE (rewound) ON decisions TO sparring_station;\n"
    "GRANT UPDATE (raw, max, percent) ON competencies TO sparring_station;\n"
    "GRANT UPDATE (body, acked_unix_ms) ON outbox TO sparring_station;\n"
    "GRANT USAGE ON SEQUENCE outbox_seq_seq TO sparring_station;\n"
    /* Each station closes only its own attempts: an attempt belongs to the login role that
     * began it (owner_role, set by the database, never by the station) while its lease runs;
     * once the lease has lapsed any station may close it as interrupted or take it over. The
     * database's owner (a superuser) is not held back. */
    "ALTER TABLE attempts ADD COLUMN IF NOT EXISTS owner_role " T " NOT NULL DEFAULT session_user;\n"
    "CREATE OR REPLACE FUNCTION sparring_foreign_live(role TEXT, lease BIGINT) RETURNS boolean\n"
    "  LANGUAGE sql STABLE AS $$\n"
    "  SELECT role IS DISTINCT FROM session_user\n"
    "    AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)\n"
    "    AND lease > " RECORDS_NOW_PG "\n"
    "$$;\n"
    "CREATE OR REPLACE FUNCTION sparring_guard_attempt() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF TG_OP = 'INSERT' THEN\n"
    "    NEW.owner_role := session_user;\n"
    "    RETURN NEW;\n"
    "  END IF;\n"
    "  IF OLD.status <> 'in_progress' THEN\n"
    "    RAISE EXCEPTION 'attempt % is finished (%): it cannot be changed or deleted',\n"
    "      OLD.id, OLD.status USING ERRCODE = '42501';\n"
    "  END IF;\n"
    "  IF sparring_foreign_live(OLD.owner_role, OLD.lease_until_ms) THEN\n"
    "    RAISE EXCEPTION 'attempt % belongs to another station (%), whose lease runs: it cannot '\n"
    "      'be changed or deleted from here', OLD.id, OLD.owner_host USING ERRCODE = '42501';\n"
    "  END IF;\n"
    "  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n"
    "  NEW.owner_role := CASE WHEN NEW.status = 'in_progress' THEN session_user -- taken over\n"
    "                         ELSE OLD.owner_role END;\n"
    "  RETURN NEW;\n"
    "END $$;\n"
    "DROP TRIGGER IF EXISTS attempts_owner ON attempts;\n"
    "CREATE TRIGGER attempts_owner BEFORE INSERT ON attempts\n"
    "  FOR EACH ROW EXECUTE FUNCTION sparring_guard_attempt();\n"
    "CREATE OR REPLACE FUNCTION sparring_guard_part() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "DECLARE a attempts%ROWTYPE;\n"
    "BEGIN\n"
    "  SELECT * INTO a FROM attempts\n"
    "    WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.attempt_id ELSE OLD.attempt_id END;\n"
    "  IF TG_OP <> 'INSERT' AND a.status <> 'in_progress' THEN\n"
    "    RAISE EXCEPTION 'attempt % is finished: its % cannot be changed or deleted',\n"
    "      a.id, TG_TABLE_NAME USING ERRCODE = '42501';\n"
    "  END IF;\n"
    "  IF a.owner_role IS DISTINCT FROM session_user AND (TG_OP = 'INSERT' OR\n"
    "      sparring_foreign_live(a.owner_role, a.lease_until_ms))\n"
    "    AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN\n"
    "    RAISE EXCEPTION 'attempt % belongs to another station (%): its % cannot be changed from '\n"
    "      'here', a.id, a.owner_host, TG_TABLE_NAME USING ERRCODE = '42501';\n"
    "  END IF;\n"
    "  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n"
    "  RETURN NEW;\n"
    "END $$;\n"
    "DROP TRIGGER IF EXISTS steps_owner ON steps;\n"
    "CREATE TRIGGER steps_owner BEFORE INSERT ON steps\n"
    "  FOR EACH ROW EXECUTE FUNCTION sparring_guard_part();\n"
    "DROP TRIGGER IF EXISTS decisions_owner ON decisions;\n"
    "CREATE TRIGGER decisions_owner BEFORE INSERT ON decisions\n"
    "  FOR EACH ROW EXECUTE FUNCTION sparring_guard_part();\n"
    "DROP TRIGGER IF EXISTS competencies_owner ON competencies;\n"
    "CREATE TRIGGER competencies_owner BEFORE INSERT ON competencies\n"
    "  FOR EACH ROW EXECUTE FUNCTION sparring_guard_part();\n"
    /* recordings (version 5): stations add them, never delete; sparring_privacy purges */
    "REVOKE ALL ON recordings FROM sparring_station, sparring_reporting, sparring_privacy;\n"
    "GRANT USAGE ON SCHEMA public TO sparring_privacy;\n"
    "GRANT SELECT ON meta, attempts, recordings TO sparring_privacy;\n"
    "GRANT SELECT ON recordings TO sparring_station, sparring_reporting;\n"
    "GRANT INSERT ON recordings TO sparring_station;\n"
    "GRANT UPDATE (node, format, bytes, seconds, level_dbfs, recorded_unix_ms) ON recordings\n"
    "  TO sparring_station;\n"
    "GRANT DELETE ON recordings TO sparring_privacy;\n";

/* Whether this login may make the roles setup-db makes, asked before trying (the server's
 * refusal comes in its own language): 0 when it may or they are all there, -1 with what to do
 * when it may not (the owner `createuser` made without --createrole). */
static int check_may_make_roles(Records *db, char *err, size_t errsize)
{
    RecStmt *st = records_prep(db, "SELECT current_user, r.rolcreaterole OR r.rolsuper, "
                                   "(SELECT count(*) FROM pg_roles WHERE rolname IN "
                                   "('sparring_station', 'sparring_reporting', 'sparring_privacy')) "
                                   "FROM pg_roles r WHERE r.rolname = current_user",
                               err, errsize);
    if (!st)
        return -1;
    if (rs_step(st) != REC_ROW) {
        records_done(st);
        return records_fail(db, err, errsize, "cannot read this login's rights");
    }
    char login[128];
    snprintf(login, sizeof login, "%s", rs_text(st, 0) ? rs_text(st, 0) : "");
    bool may = rs_text(st, 1) && (*rs_text(st, 1) == 't' || *rs_text(st, 1) == '1');
    bool there = rs_int(st, 2) == 3;
    records_done(st);
    if (may || there)
        return 0;
    return records_errf(err, errsize,
                        "%s: cannot create the roles sparring_station, sparring_reporting and "
                        "sparring_privacy: the login %s may not create roles. As the server's "
                        "superuser, give it that right once (ALTER ROLE \"%s\" CREATEROLE;) and "
                        "run setup-db again, or run setup-db as the superuser",
                        db->path, login, login);
}

/* The roles' grants refused (a login that does not own the tables): said with what to do, not
 * with the generic advice to run setup-db. Always -1. */
static int roles_refused(Records *db, char *err, size_t errsize)
{
    const char *state, *msg = records_pg_error(db, &state);
    if (strcmp(state, "42501"))
        return records_fail(db, err, errsize, "cannot create the station and reporting roles");
    return records_errf(err, errsize,
                        "%s: cannot grant the roles their rights on the records tables: this "
                        "login may not (%s); run setup-db as the role that owns the tables (the "
                        "database's owner) or as the server's superuser", db->path, msg);
}

int records_setup_roles(Records *db, char *err, size_t errsize)
{
    if (db->be != &records_pg_backend)
        return records_errf(err, errsize, "%s: roles are for a shared PostgreSQL store; an SQLite "
                            "file is protected by its folder's permissions", db->path);
    if (check_may_make_roles(db, err, errsize) < 0 || records_exec(db, "BEGIN", err, errsize) < 0)
        return -1;
    if (records_exec(db, pg_roles, NULL, 0) < 0) {
        roles_refused(db, err, errsize);
        records_rollback(db);
        return -1;
    }
    return records_commit(db, err, errsize);
}
