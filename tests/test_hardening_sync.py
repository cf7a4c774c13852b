#!/usr/bin/env python3
"""`sparring records sync` against a hostile or broken LRS (issue 14), with a fake LRS of our
own on 127.0.0.1 (no npm needed, never skipped):

 2  a statement the LRS rejects is set aside (reported, kept, retryable by id) instead of
    blocking the statements after it; an LRS that rejects everything sets nothing aside;
 6  Basic credentials over plain http:// to another machine are refused unless
    allow_plain_http; no message echoes the secret or a token in the endpoint's query;
    export warns about a configuration file others can read;
 10 what the LRS says is printed with its control characters escaped;
 13 one sync at a time per database;
 15 the messages for a redirect, a 200 that is not xAPI, a 204, a 500, a self-signed
    certificate, and an endpoint with a query."""

import http.server
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading

SRC = os.environ.get("SPARRING_SOURCE_DIR", os.getcwd())
BUILD = os.environ.get("SPARRING_BUILD_DIR", "build")
BIN = os.environ.get("SPARRING_BIN", os.path.join(BUILD, "sparring"))
SCENARIO = os.path.join(SRC, "scenarios", "hung-up-call.json")
BEST = open(os.path.join(SRC, "tests", "replays", "best", "hung-up-call.choices")).read().strip()
SECRET = "dGhpc2lzYXNlY3JldA=="

sys.path.insert(0, os.path.join(SRC, "tests"))
from checklib import check, summary  # noqa: E402


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=120, **kw)


class Lrs(http.server.BaseHTTPRequestHandler):
    """mode: "store" (answers the ids), "poison" (400 for a batch holding a statement of
    trainee poison*), "reject" (400 always, with an escape sequence in the body), "redirect",
    "html", "204", "500", "hold" (waits for `release` before storing)."""
    mode = "store"
    stored = []
    paths = []
    arrived = threading.Event()
    release = threading.Event()

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        Lrs.paths.append(self.path)
        statements = json.loads(body)
        names = [s["actor"]["account"]["name"] for s in statements]
        mode = Lrs.mode
        if mode == "hold":
            Lrs.arrived.set()
            Lrs.release.wait(60)
            mode = "store"
        if mode == "poison" and any(n.startswith("poison") for n in names):
            self.answer(400, b"\x1b[31mstatement rejected\x1b[0m: bad actor")
        elif mode == "reject":
            self.answer(400, b"\x1b]0;owned\x07everything is wrong")
        elif mode == "redirect":
            self.answer(307, b"", {"Location": "https://lrs.example.com/new/statements?k=1"})
        elif mode == "html":
            self.answer(200, b"<html><body>Welcome</body></html>")
        elif mode == "204":
            self.answer(204, None)
        elif mode == "500":
            self.answer(500, b"internal error")
        else:
            ids = [s["id"] for s in statements]
            Lrs.stored.extend(ids)
            self.answer(200, json.dumps(ids).encode())

    def answer(self, code, body, headers=None):
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if body is not None:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)


def start(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def config(path, endpoint, **extra):
    with open(path, "w") as f:
        f.write(f"[lrs]\nendpoint = {endpoint}\nkey = room-3\nsecret = {SECRET}\n"
                "home_page = https://hr.example.com\n")
        for k, v in extra.items():
            f.write(f"{k} = {v}\n")
    os.chmod(path, 0o600)


def record(db, trainee):
    r = run([BIN, "run", SCENARIO, "--choices", BEST, "--record", "--db", db,
             "--trainee", trainee])
    return check(r.returncode == 0, f"recorded {trainee}: {r.stderr.strip()}")


def sync(db, cfg, *more):
    return run([BIN, "records", "sync", "--db", db, "--config", cfg, *more])


def set_aside_checks(work, url):
    """2 and 10: a poisoned attempt, oldest first, then three good ones."""
    db, cfg = os.path.join(work, "p.db"), os.path.join(work, "p.ini")
    for t in ("poison1", "good1", "good2", "good3"):
        record(db, t)
    config(cfg, url, batch=10)
    Lrs.mode, Lrs.stored = "poison", []
    r = sync(db, cfg)
    per = 9  # statements per attempt of this scenario in practice (8 answered + completed)
    check(r.returncode == 1, f"2: statements set aside: exit 1 ({r.returncode})")
    check(len(Lrs.stored) == 3 * per, f"2: the good attempts' statements went ({len(Lrs.stored)})")
    check(r.stdout.strip() == f"{3 * per} statements sent, 0 waiting, {per} set aside",
          f"2: the summary counts them: {r.stdout}")
    aside = [ln.split()[4] for ln in r.stderr.splitlines() if " set aside (`sparring" in ln]
    check(len(aside) == per, f"2: each set-aside statement is reported by id ({len(aside)}): "
          f"{r.stderr[:600]}")
    check("--retry" in r.stderr, "2: and how to send it again")
    check("\x1b" not in r.stderr and "\\e[31m" in r.stderr,
          f"10: the LRS's escape sequences are shown escaped: {r.stderr[:300]!r}")
    # A later run is not blocked, and reminds.
    record(db, "good4")
    r = sync(db, cfg)
    check(r.returncode == 0 and r.stdout.strip() == f"{per} statements sent, 0 waiting, {per} set aside",
          f"2: the next sync sends the new ones: {r.returncode} {r.stdout} {r.stderr[:300]}")
    # Fixed at the LRS: sent again by id, then all.
    Lrs.mode = "store"
    r = sync(db, cfg, "--retry", aside[0] if aside else "none")
    check(r.returncode == 0 and r.stdout.strip() == f"1 statement sent, 0 waiting, {per - 1} set aside",
          f"2: --retry ID sends that one: {r.stdout} {r.stderr[:300]}")
    r = sync(db, cfg, "--retry", "all")
    check(r.returncode == 0 and r.stdout.strip() == f"{per - 1} statements sent, 0 waiting",
          f"2: --retry all sends the rest: {r.stdout} {r.stderr[:300]}")
    check(sorted(set(Lrs.stored)) == sorted(Lrs.stored) and len(Lrs.stored) == 5 * per,
          f"2: every statement reached the LRS once ({len(Lrs.stored)})")
    r = sync(db, cfg, "--retry", "00000000-0000-0000-0000-000000000000")
    check(r.returncode == 1 and "no statement" in r.stderr, f"2: --retry of an unknown id: {r.stderr}")

    # An LRS that rejects everything: nothing is set aside, all stays queued.
    db2 = os.path.join(work, "r.db")
    record(db2, "good5")
    Lrs.mode = "reject"
    r = sync(db2, cfg)
    check(r.returncode == 1 and r.stdout.strip() == f"0 statements sent, {per} waiting",
          f"2: an LRS that rejects everything sets nothing aside: {r.stdout} {r.stderr[:400]}")
    check("reject every statement" in r.stderr, f"2: and says the LRS may reject all: {r.stderr[:400]}")
    check("\x1b" not in r.stderr and "\x07" not in r.stderr, "10: no raw control characters")


def credential_checks(work, port):
    """6: plain http to another machine, the secret and a query token in messages."""
    db, cfg = os.path.join(work, "c.db"), os.path.join(work, "c.ini")
    record(db, "alice")
    config(cfg, "http://lrs.example.com/xAPI/")
    r = sync(db, cfg)
    check(r.returncode == 1 and "allow_plain_http" in r.stderr,
          f"6: credentials over http:// to another host are refused: {r.stderr}")
    for host in ("127.0.0.1", "localhost", "[::1]"):
        config(cfg, f"http://{host}:1/xAPI/", retries=1, timeout=5)
        r = sync(db, cfg)
        check("allow_plain_http" not in r.stderr, f"6: http:// to {host} is allowed: {r.stderr}")
    config(cfg, "http://lrs.example.com/xAPI/", allow_plain_http="true", retries=1, timeout=2)
    r = sync(db, cfg)
    check("allow_plain_http" not in r.stderr, f"6: allow_plain_http = true lets it try: {r.stderr}")
    with open(cfg, "w") as f:
        f.write(f"endpoint = http://127.0.0.1:{port}/xAPI/\nkey = k\nsecret {SECRET}\n")
    os.chmod(cfg, 0o600)
    r = sync(db, cfg)
    check(r.returncode == 1 and "dGhpc2lz" not in r.stderr and "not shown" in r.stderr,
          f"6: a secret written without = is not echoed: {r.stderr}")
    # A token in the endpoint's query: statements go before the query, the token is never shown.
    config(cfg, f"http://127.0.0.1:{port}/xAPI/?token=T0PS3CR3T", retries=2)
    Lrs.mode, Lrs.paths = "500", []
    r = sync(db, cfg)
    check(r.returncode == 1 and "T0PS3CR3T" not in r.stderr + r.stdout,
          f"6: the query's token is never printed: {r.stderr}")
    check(Lrs.paths and all(p == "/xAPI/statements?token=T0PS3CR3T" for p in Lrs.paths),
          f"15: statements joins the path, before the query: {Lrs.paths}")
    check("answered but failed 2 tries" in r.stderr and "did not answer" not in r.stderr,
          f"15: a 500 is not 'did not answer': {r.stderr}")
    # export reads the configuration too: it warns when others can read it.
    config(cfg, f"http://127.0.0.1:{port}/xAPI/")
    os.chmod(cfg, 0o644)
    r = run([BIN, "records", "export", "--db", db, "--config", cfg, "--format", "xapi"])
    check(r.returncode == 0 and "chmod 600" in r.stderr,
          f"6: export warns about a configuration others can read: {r.stderr}")


def message_checks(work, port):
    """15: what each odd answer is called."""
    db, cfg = os.path.join(work, "m.db"), os.path.join(work, "m.ini")
    record(db, "bob")
    config(cfg, f"http://127.0.0.1:{port}/xAPI/", retries=2)
    cases = [("redirect", ["307", "https://lrs.example.com/new/statements?...", "endpoint"],
              ["rejected the statements", "k=1"]),
             ("html", ["HTTP 200", "xAPI", "Welcome"], ["cut short", "trying again"]),
             ("204", ["HTTP 204", "no content"], ["cut short", "trying again"])]
    for mode, want, unwanted in cases:
        Lrs.mode = mode
        r = sync(db, cfg)
        check(r.returncode == 1 and all(w in r.stderr for w in want)
              and not any(u in r.stderr for u in unwanted),
              f"15: {mode}: says {want}, not {unwanted}: {r.stderr}")
        check(r.stdout.strip() == "0 statements sent, 9 waiting", f"15: {mode}: all kept: {r.stdout}")
    # A self-signed certificate is not a passing trouble: no retries, a clear reason.
    key, crt = os.path.join(work, "k.pem"), os.path.join(work, "c.pem")
    g = run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
             crt, "-days", "2", "-subj", "/CN=127.0.0.1"])
    if not check(g.returncode == 0, f"openssl makes a certificate: {g.stderr[-300:]}"):
        return
    tls = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Lrs)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(crt, key)
    tls.socket = ctx.wrap_socket(tls.socket, server_side=True)
    start(tls)
    try:
        Lrs.mode = "store"
        config(cfg, f"https://127.0.0.1:{tls.server_address[1]}/xAPI/", retries=3)
        r = sync(db, cfg)
        check(r.returncode == 1 and "certificate is not trusted" in r.stderr
              and "trying again" not in r.stderr,
              f"15: a self-signed certificate: said, not retried: {r.stderr}")
    finally:
        tls.shutdown()


def lock_checks(work, url):
    """13: a second sync of the same database while one is sending says so and stops."""
    db, cfg = os.path.join(work, "l.db"), os.path.join(work, "l.ini")
    record(db, "carol")
    record(db, "dave")
    config(cfg, url)
    Lrs.mode, Lrs.stored = "hold", []
    Lrs.arrived.clear()
    Lrs.release.clear()
    first = subprocess.Popen([BIN, "records", "sync", "--db", db, "--config", cfg],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        check(Lrs.arrived.wait(60), "13: the first sync reached the LRS")
        # 11: while a process has the database open, its -wal and -shm are private too.
        modes = {sfx: oct(os.stat(db + sfx).st_mode & 0o777) if os.path.exists(db + sfx) else None
                 for sfx in ("", "-wal", "-shm")}
        check(modes == {"": "0o600", "-wal": "0o600", "-shm": "0o600"},
              f"11: the database, its -wal and -shm are 0600: {modes}")
        r = sync(db, cfg)
        check(r.returncode == 1 and "another records sync" in r.stderr,
              f"13: the second says another is running and stops: {r.returncode} {r.stderr}")
    finally:
        Lrs.release.set()
        out, err = first.communicate(timeout=120)
    check(first.returncode == 0 and out.strip() == "18 statements sent, 0 waiting",
          f"13: the first sends everything: {out} {err}")
    check(len(Lrs.stored) == 18, f"13: each statement sent once ({len(Lrs.stored)})")
    Lrs.mode = "store"


def interrupted_checks(work, url):
    """15: an attempt whose `run --record` was killed does not stay in_progress for ever
    without the window: records sync closes it as interrupted and sends its statements."""
    import sqlite3
    import time
    db, cfg = os.path.join(work, "k.db"), os.path.join(work, "k.ini")
    config(cfg, url)
    import pty
    first = BEST.split(",")[0]
    # At a terminal (a pty) run asks node by node: after the first decision it waits.
    master, slave = pty.openpty()
    p = subprocess.Popen([BIN, "run", SCENARIO, "--record", "--db", db, "--trainee", "erin"],
                         stdin=slave, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(slave)
    os.write(master, (first + "\n").encode())
    recorded = False
    for _ in range(600):  # until the decision is committed (not a timing assertion)
        try:
            c = sqlite3.connect(db)
            recorded = c.execute("SELECT count(*) FROM decisions").fetchone()[0] >= 1
            c.close()
        except sqlite3.Error:
            pass
        if recorded or p.poll() is not None:
            break
        time.sleep(0.1)
    p.kill()
    p.wait()
    os.close(master)
    if not check(recorded, "15: the killed run had recorded a decision"):
        return
    Lrs.mode, Lrs.stored = "store", []
    r = sync(db, cfg)
    check(r.returncode == 0 and "closed as interrupted" in r.stderr,
          f"15: sync closes the killed attempt: {r.returncode} {r.stderr}")
    r = run([BIN, "records", "export", "--db", db, "--format", "jsonl"])
    status = [json.loads(line)["status"] for line in r.stdout.splitlines()]
    check(status == ["interrupted"], f"15: its status is interrupted: {status}")
    check(len(Lrs.stored) >= 1, f"15: and its statements were sent ({len(Lrs.stored)})")


def main():
    work = tempfile.mkdtemp(prefix="hardening-sync-")
    server = start(http.server.ThreadingHTTPServer(("127.0.0.1", 0), Lrs))
    port = server.server_address[1]
    url = f"http://127.0.0.1:{port}/xAPI/"
    try:
        set_aside_checks(work, url)
        credential_checks(work, port)
        message_checks(work, port)
        lock_checks(work, url)
        interrupted_checks(work, url)
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
