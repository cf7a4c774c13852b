#!/usr/bin/env python3
"""xAPI from the records, checked by outside tools on 127.0.0.1 only:

- every statement of `sparring records export --format xapi` passes
  @learninglocker/xapi-validation (npm, MIT), also one naming a spoken answer's recording;
- `sparring records sync` delivers the outbox to a real LRS, @learninglocker/xapi-statements
  7.8.0 (GPL-3.0, a test tool: installed into the build folder, never shipped or committed),
  and the statements read back from it are the exported ones, each exactly once, also when the
  connection is cut after the LRS stored a batch but before its answer arrived (a TCP proxy in
  tests/lrs/ cuts it), and when the LRS is gone;
- the key and secret never appear in what sync prints;
- with SPARRING_TEST_PG set (tests/test_records_lrs_pg.sh), all of it again on a PostgreSQL
  store of that server, whose password never appears either, and one sync at a time per
  store: a second one, from any station, stops while the first holds the store's lock.

The npm packages are cached under $SPARRING_BUILD_DIR/npm-records. When they are not cached
and npm's registry cannot be reached, the test says so and exits 77 (skipped)."""

import base64
import http.server
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

SKIP = 77
BUILD = os.environ.get("SPARRING_BUILD_DIR", "build")
SRC = os.environ.get("SPARRING_SOURCE_DIR", os.getcwd())
BIN = os.environ.get("SPARRING_BIN", os.path.join(BUILD, "sparring"))
CACHE = os.path.join(BUILD, "npm-records")
VALIDATOR = os.path.join(CACHE, "validator")
LRS_PKG = os.path.join(CACHE, "lrs", "package")
LRS_VERSION = "7.8.0"
HERE = os.path.join(SRC, "tests", "lrs")
KEY, SECRET = "room-3-key", "Sup3r-S3cret-value"
PG = os.environ.get("SPARRING_TEST_PG") or None
PG_PASSWORD = "Pg-Pa55-never-shown"  # in the URL; the test server trusts its socket

sys.path.insert(0, os.path.join(SRC, "tests"))
from checklib import check, summary  # noqa: E402


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def registry_reachable():
    try:
        r = run(["npm", "ping"], timeout=60)
        return r.returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def install_tools():
    """Installs the validator and the LRS into the cache. Returns a reason to skip, or None."""
    need_validator = not os.path.isdir(os.path.join(VALIDATOR, "node_modules", "@learninglocker",
                                                    "xapi-validation"))
    need_lrs = not os.path.isfile(os.path.join(LRS_PKG, ".sparring-installed"))
    if not (need_validator or need_lrs):
        return None
    if shutil.which("npm") is None or shutil.which("node") is None:
        return "node and npm are not installed (scripts/setup.sh installs them)"
    if not registry_reachable():
        return "npm's registry cannot be reached (npm ping failed)"
    if need_validator:
        r = run(["npm", "install", "--prefix", VALIDATOR, "--no-audit", "--no-fund",
                 "@learninglocker/xapi-validation"], timeout=600)
        if r.returncode != 0:
            return "npm install @learninglocker/xapi-validation failed:\n" + r.stderr[-2000:]
    if need_lrs:
        lrs_dir = os.path.dirname(LRS_PKG)
        shutil.rmtree(lrs_dir, ignore_errors=True)
        os.makedirs(lrs_dir)
        r = run(["npm", "pack", f"@learninglocker/xapi-statements@{LRS_VERSION}"], cwd=lrs_dir,
                timeout=600)
        if r.returncode != 0:
            return "npm pack @learninglocker/xapi-statements failed:\n" + r.stderr[-2000:]
        tgz = [f for f in os.listdir(lrs_dir) if f.endswith(".tgz")][0]
        r = run(["tar", "xzf", tgz], cwd=lrs_dir)
        if r.returncode != 0:
            return "cannot unpack " + tgz
        lock = os.path.join(LRS_PKG, "package-lock.json")
        if os.path.exists(lock):
            os.remove(lock)
        pj = os.path.join(LRS_PKG, "package.json")
        with open(pj) as f:
            pkg = json.load(f)
        pkg.pop("devDependencies", None)
        with open(pj, "w") as f:
            json.dump(pkg, f, indent=2)
        r = run(["npm", "install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"],
                cwd=LRS_PKG, timeout=900)
        if r.returncode != 0:
            return "npm install of the LRS failed:\n" + r.stderr[-2000:]
        open(os.path.join(LRS_PKG, ".sparring-installed"), "w").close()
    return None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def lrs_request(base, path):
    req = urllib.request.Request(base + path)
    req.add_header("X-Experience-API-Version", "1.0.3")
    req.add_header("Authorization", "Basic " + base64.b64encode(b"reader:reader").decode())
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read().decode())


def start_lrs(workdir):
    port = free_port()
    env = dict(os.environ, MODELS_REPO="memory", AUTH_REPO="test", EVENTS_REPO="test",
               STORAGE_REPO="local", EXPRESS_PORT=str(port), WINSTON_CONSOLE_LEVEL="error")
    log = open(os.path.join(workdir, "lrs.log"), "w")
    proc = subprocess.Popen(["node", os.path.join(HERE, "serve.js"), LRS_PKG], cwd=workdir,
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/xAPI/"
    for _ in range(600):
        if proc.poll() is not None:
            break
        try:
            lrs_request(base, "about")
            return proc, base, port
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    proc.kill()
    log.close()
    with open(os.path.join(workdir, "lrs.log")) as f:
        print(f.read()[-3000:], file=sys.stderr)
    raise RuntimeError("the test LRS did not start")


def start_proxy(target_port, cuts, nbytes):
    proc = subprocess.Popen(["node", os.path.join(HERE, "cutproxy.js"), str(target_port),
                             str(cuts), str(nbytes)], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().split()
    return proc, int(line[1])


def write_config(path, endpoint, retries=5, batch=10, home_page="https://hr.example.com"):
    with open(path, "w") as f:
        f.write(f"[lrs]\nendpoint = {endpoint}\nkey = {KEY}\nsecret = {SECRET}\n"
                f"home_page = {home_page}\nbatch = {batch}\nretries = {retries}\ntimeout = 20\n")
    os.chmod(path, 0o600)


def sync(db, config):
    r = run([BIN, "records", "sync", "--db", db, "--config", config], timeout=300)
    basic = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
    printed = r.stdout + r.stderr
    check(SECRET not in printed and KEY not in printed and basic not in printed
          and PG_PASSWORD not in printed,
          f"sync never prints the key, the secret or the store's password: {printed}")
    return r


def pg_query(sql, db="postgres"):
    """Runs sql with psql on database db of the test server; its output."""
    url = PG.replace("postgresql:///postgres?", f"postgresql:///{db}?", 1)
    r = run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url, "-c", sql], timeout=60)
    check(r.returncode == 0, f"psql: {sql}: {r.stderr.strip()}")
    return r.stdout.strip()


def store(work, name):
    """Where a store called name lives: a file in work, or, with SPARRING_TEST_PG, a fresh
    database of that server named by a URL that holds a password."""
    if not PG:
        return os.path.join(work, name + ".db")
    db = "t_lrs_" + name.replace("-", "_")
    pg_query(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    pg_query(f"CREATE DATABASE {db}")
    query = PG.split("?", 1)[1]
    query = "&".join(p for p in query.split("&") if not p.startswith("user="))
    return f"postgresql://postgres:{PG_PASSWORD}@/{db}?{query}"


def one_sync_at_a_time(db, config):
    """A sync started while another holds the store's lock (here a session of the server's
    holding it, as a sync on another station would) stops at once; once it is let go, the next
    one runs (the checks that follow)."""
    name = db.split("@/", 1)[1].split("?", 1)[0]
    url = PG.replace("postgresql:///postgres?", f"postgresql:///{name}?", 1)
    holder = subprocess.Popen(["psql", "-X", "-q", url], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    holder.stdin.write("SELECT pg_advisory_lock(7461274);\n\\echo held\n")
    holder.stdin.flush()
    line = "\n"
    while line and line.strip() != "held":  # "": psql ended
        line = holder.stdout.readline()
    check(line.strip() == "held", "a session of the server holds the sync lock")
    try:
        r = sync(db, config)
        check(r.returncode == 1 and "another records sync" in r.stderr,
              f"a second sync stops while the first holds the lock: {r.returncode} {r.stderr}")
    finally:
        holder.stdin.close()
        holder.wait()


def all_statements(base):
    """Every statement the LRS holds, following `more` links."""
    out = []
    page = lrs_request(base, "statements?limit=100")
    while True:
        out.extend(page["statements"])
        more = page.get("more")
        if not more:
            break
        page = lrs_request(base.split("/xAPI/")[0], more) if more.startswith("/") else \
            lrs_request(base, more)
    return out


class FakeLrs(http.server.BaseHTTPRequestHandler):
    """A misbehaving LRS: `mode` picks what it answers."""
    mode = "401"
    conflict_id = None
    stored = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        statements = json.loads(body)
        auth = self.headers.get("Authorization", "")
        if FakeLrs.mode == "401":
            self.answer(401, b"bad credentials")
        elif FakeLrs.mode == "echo":
            # An LRS that repeats the credentials in its error message.
            decoded = base64.b64decode(auth.split()[-1]).decode()
            self.answer(400, f"invalid statement; you sent {auth} ({decoded})".encode())
        elif FakeLrs.mode == "409":
            ids = [st["id"] for st in statements]
            if FakeLrs.conflict_id in ids:
                self.answer(409, b"conflict")
            else:
                FakeLrs.stored.extend(ids)
                self.answer(200, json.dumps(ids).encode())

    def answer(self, code, body):
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def misbehaving_lrs_checks(work):
    """No npm needed: refusals, an LRS that echoes the secret, a 409 conflict."""
    db = store(work, "fake")
    r = run([os.path.join(BUILD, "test_records"), "--make-fixture", db], timeout=120, cwd=SRC)
    if not check(r.returncode == 0, f"the fixture is made ({r.stderr.strip()})"):
        return
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeLrs)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config = os.path.join(work, "fake.ini")
    write_config(config, f"http://127.0.0.1:{server.server_address[1]}/xAPI/", retries=2)
    try:
        if PG:
            one_sync_at_a_time(db, config)
        FakeLrs.mode = "401"
        r = sync(db, config)
        check(r.returncode == 1 and "refused the credentials" in r.stderr,
              f"401: exit 1, says the credentials were refused: {r.stderr}")
        check("trying again" not in r.stderr, "401 is not retried")
        FakeLrs.mode = "echo"
        r = sync(db, config)
        check(r.returncode == 1 and "rejected the statements" in r.stderr,
              f"400: exit 1 with the LRS's message: {r.stderr}")
        check(r.stdout.strip() == "0 statements sent, 53 waiting", f"nothing lost: {r.stdout}")
        FakeLrs.mode = "409"
        r = run([BIN, "records", "export", "--format", "xapi", "--db", db, "--config", config])
        ids = [st["id"] for st in json.loads(r.stdout)]
        FakeLrs.conflict_id = ids[12]
        r = sync(db, config)
        check(r.returncode == 1 and ids[12] in r.stderr and "409" in r.stderr,
              f"409: exit 1 naming the statement: {r.stderr}")
        check(FakeLrs.stored == ids[:12] + ids[13:], "the statements before it were sent, one "
              "batch and then one at a time, and those after it too")
        check(r.stdout.strip() == "52 statements sent, 0 waiting, 1 set aside",
              f"it is set aside, the rest went: {r.stdout}")
    finally:
        server.shutdown()


def main():
    work0 = tempfile.mkdtemp(prefix="records-fake-", dir=BUILD if os.path.isdir(BUILD) else None)
    misbehaving_lrs_checks(work0)
    shutil.rmtree(work0, ignore_errors=True)
    reason = install_tools()
    if reason:
        print(f"SKIPPED (the parts that need npm): {reason}")
        return summary(" (skipped)") or SKIP
    work = tempfile.mkdtemp(prefix="records-lrs-", dir=BUILD if os.path.isdir(BUILD) else None)
    db = store(work, "fixture")
    maker = os.path.join(BUILD, "test_records")
    r = run([maker, "--make-fixture", db], timeout=120, cwd=SRC)
    if not check(r.returncode == 0, f"the fixture is made ({r.stderr.strip()})"):
        return 1
    # The scenario the fixture plays (embedded in test_records), for `run --record` below.
    scenario = os.path.join(work, "records-call.json")
    r = run([maker, "--write-scenario", scenario])
    check(r.returncode == 0, "the test scenario is written")
    config = os.path.join(work, "lrs.ini")
    write_config(config, "http://127.0.0.1:9/xAPI/")

    # ---- the exported statements pass the validator
    r = run([BIN, "records", "export", "--format", "xapi", "--db", db, "--config", config])
    check(r.returncode == 0, "export --format xapi exits 0")
    statements = json.loads(r.stdout)
    check(len(statements) == 45 + 6 + 2, f"53 statements exported ({len(statements)})")
    xfile = os.path.join(work, "statements.json")
    with open(xfile, "w") as f:
        json.dump(statements, f)
    v = run(["node", os.path.join(HERE, "validate.js"), os.path.join(VALIDATOR, "node_modules"),
             xfile])
    check(v.returncode == 0, "the validator runs")
    bad = json.loads(v.stdout or "null")
    check(bad == [], f"every statement passes xapi-validation: {json.dumps(bad)[:2000]}")
    check(all(s["actor"]["account"]["homePage"] == "https://hr.example.com" for s in statements),
          "homePage from the configuration")
    # The validator does catch a broken statement (the check above means something).
    broken = json.loads(json.dumps(statements[-1]))
    broken["result"]["score"]["scaled"] = 1.5
    with open(xfile, "w") as f:
        json.dump([broken], f)
    v = run(["node", os.path.join(HERE, "validate.js"), os.path.join(VALIDATOR, "node_modules"),
             xfile])
    check(json.loads(v.stdout or "[]") != [], "the validator rejects scaled 1.5")
    ids = [s["id"] for s in statements]
    check(len(set(ids)) == len(ids), "statement ids are unique")

    # ---- a spoken answer kept with a decision: its answered statement names it (an extension
    # on the result, as JSON Lines names it), never carries it, and stays valid xAPI
    # (on SQLite: the export reads recordings alike on both, test_records_export_bytes)
    if not PG:
        recording_named(work, db, config, statements, xfile)
    sync_to_a_real_lrs(work, db, config, scenario, statements, ids)
    shutil.rmtree(work, ignore_errors=True)
    return summary()


def recording_named(work, db, config, statements, xfile):
    first = next(st for st in statements if st["verb"]["id"].endswith("/answered"))
    reg = first["context"]["registration"]
    rdb = os.path.join(work, "with-recording.db")
    shutil.copy(db, rdb)
    con = sqlite3.connect(rdb)
    con.execute("INSERT INTO recordings VALUES(?, 1, 'x', 'flac', ?, 2.5, -12.0, 0)", (reg, b"fLaC-not-sent"))
    con.commit()
    con.close()
    r = run([BIN, "records", "export", "--format", "xapi", "--db", rdb, "--config", config])
    with_rec = json.loads(r.stdout or "[]")
    ext = "https://sparring.invalid/xapi/extensions/recording"
    named = [st for st in with_rec if ext in st.get("result", {}).get("extensions", {})]
    check(len(named) == 1 and named[0]["id"] == first["id"]
          and named[0]["result"]["extensions"][ext] == {"seconds": 2.5},
          f"the answered statement names the recording ({len(named)} named)")
    check("fLaC" not in r.stdout, "the recording's bytes are not in the statements")
    with open(xfile, "w") as f:
        json.dump(named, f)
    v = run(["node", os.path.join(HERE, "validate.js"), os.path.join(VALIDATOR, "node_modules"),
             xfile])
    check(named and json.loads(v.stdout or "null") == [], f"it passes xapi-validation: {v.stdout[:1000]}")


def sync_to_a_real_lrs(work, db, config, scenario, statements, ids):
    # ---- sync to a real LRS, through a proxy that cuts the first answer halfway
    lrs, base, port = start_lrs(work)
    proxies = []
    try:
        proxy, pport = start_proxy(port, 1, 12)
        proxies.append(proxy)
        write_config(config, f"http://127.0.0.1:{pport}/xAPI/", retries=1)
        r = sync(db, config)
        check(r.returncode == 1, f"a cut connection with retries = 1 fails (exit {r.returncode})")
        check("stay queued" in r.stderr, f"and says the statements stay queued: {r.stderr}")
        check(r.stdout.strip() == "0 statements sent, 53 waiting", f"nothing acknowledged: {r.stdout}")
        # The LRS did store that first batch: the cut came after.
        stored = all_statements(base)
        check(len(stored) == 10, f"the LRS stored the cut batch ({len(stored)})")

        # Again through a proxy that cuts once more: retried with back-off within the run.
        proxy, pport = start_proxy(port, 1, 40)
        proxies.append(proxy)
        write_config(config, f"http://127.0.0.1:{pport}/xAPI/", retries=3)
        r = sync(db, config)
        check(r.returncode == 0, f"sync with retries succeeds (exit {r.returncode}: {r.stderr})")
        check("trying again" in r.stderr, f"it said it retried: {r.stderr}")
        check(r.stdout.strip() == "53 statements sent, 0 waiting", f"all sent: {r.stdout}")

        stored = all_statements(base)
        stored_ids = [s["id"] for s in stored]
        check(len(stored_ids) == len(ids), f"the LRS holds {len(ids)} statements ({len(stored_ids)})")
        check(sorted(stored_ids) == sorted(ids), "each exported statement is there exactly once")
        by_id = {s["id"]: s for s in stored}
        for s in statements:
            got = by_id.get(s["id"])
            if not check(got is not None, f"statement {s['id']} is at the LRS"):
                continue
            check(got["verb"]["id"] == s["verb"]["id"] and got["object"]["id"] == s["object"]["id"]
                  and got["context"]["registration"] == s["context"]["registration"]
                  and got["actor"]["account"] == s["actor"]["account"]
                  and got.get("result", {}).get("response") == s.get("result", {}).get("response"),
                  f"statement {s['id']} arrived as sent")
        one = lrs_request(base, "statements?statementId=" + ids[0])
        check(one.get("id") == ids[0], "a statement can be fetched by its id")

        # Nothing left: sync again sends nothing and succeeds.
        write_config(config, f"http://127.0.0.1:{port}/xAPI/")
        r = sync(db, config)
        check(r.returncode == 0 and r.stdout.strip() == "0 statements sent, 0 waiting",
              f"a second sync has nothing to send: {r.stdout} {r.stderr}")

        # New attempts later go out too, and only they.
        r = run([BIN, "run", scenario, "--choices",
                 "review_first,own_ticket,acknowledge,commit,ask_pain,quantify,summarize,"
                 "two_step_close", "--record", "--db", db, "--trainee", "E9"], timeout=60)
        check(r.returncode == 0, f"run --record adds an attempt ({r.stderr.strip()})")
        r = sync(db, config)
        check(r.returncode == 0 and r.stdout.strip() == "9 statements sent, 0 waiting",
              f"the new attempt's 9 statements are sent: {r.stdout} {r.stderr}")
        check(len(all_statements(base)) == len(ids) + 9, "the LRS holds them once")
    finally:
        for p in proxies:
            p.kill()
            p.wait()
        lrs.kill()
        lrs.wait()

    # ---- the LRS is gone: a clear failure, nothing lost
    r = run([BIN, "run", scenario, "--choices", "review_first,timeout", "--record", "--db", db,
             "--trainee", "E9"], timeout=60)
    write_config(config, f"http://127.0.0.1:{port}/xAPI/", retries=2)
    r = sync(db, config)
    check(r.returncode == 1, f"sync to a stopped LRS exits 1 ({r.returncode})")
    check("did not answer after 2 tries" in r.stderr, f"and says why: {r.stderr}")
    check(r.stdout.strip() == "0 statements sent, 3 waiting", f"the statements wait: {r.stdout}")


if __name__ == "__main__":
    sys.exit(main())
