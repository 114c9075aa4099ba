#!/usr/bin/env python3
"""Boards and writers on one database: how soon a change shows on every board, and how long a
write takes. A benchmark, not a test (README "Performance" gives the figures and the command).

  python3 tests/postgres/bench_boards.py --bin target/release/yuqing --db URL_OR_FILE \
      [--boards 10] [--writers 3] [--changes 20]

Each writer owns one incident and renames it `--changes` times with `yuqing edit ID --title
MARK` (each mark differs from the last in every position, so a board redraws it whole); every
board runs in a pseudo-terminal of its own (160x48) and its output, stripped of escape
sequences, is searched for each mark. Reported: change -> visible on each other board (from the
moment the writer's command had committed the change) median and p99 over every (change,
board); the write itself (the CLI's `YUQING_TRACE_STARTUP` times from the
store opened to the change done) median; the whole command (process start to exit) median.
Standard library only; Linux.
"""

import argparse
import os
import pty
import re
import select
import signal
import statistics
import subprocess
import sys
import threading
import time

ESC = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


class Board:
    def __init__(self, argv, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(env)
            os.execv(argv[0], argv)
        os.set_blocking(self.fd, False)
        import fcntl, struct, termios
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))
        self.text = b""
        self.lock = threading.Lock()
        self.seen = {}  # mark -> time first seen
        self.want = set()
        self.alive = True
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        raw = b""
        while self.alive:
            r, _, _ = select.select([self.fd], [], [], 0.05)
            if not r:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            now = time.monotonic()
            raw = (raw + chunk)[-200000:]
            plain = ESC.sub(b"", raw)
            with self.lock:
                self.text = plain[-20000:]
                for m in list(self.want):
                    if m.encode() in plain:
                        self.seen[m] = now
                        self.want.discard(m)

    def expect(self, mark):
        with self.lock:
            if mark.encode() in self.text:
                self.seen[mark] = time.monotonic()
            else:
                self.want.add(mark)

    def shows(self, s):
        with self.lock:
            return s.encode() in self.text

    def stop(self):
        try:
            os.write(self.fd, b"q")
            time.sleep(0.3)
            os.kill(self.pid, signal.SIGTERM)
        except OSError:
            pass
        self.alive = False


ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@#$%&+=?"


def mark(writer, i, per_writer):
    # Shifted by one character per change, so it differs from the writer's previous mark in
    # every position (a board redraws it whole); writers start far enough apart that no two
    # marks are the same.
    start = writer * (per_writer + 1) + i
    return "".join(ALPHABET[(start + k) % len(ALPHABET)] for k in range(8))


def run_cli(bin_, env, args):
    e = dict(os.environ, **env, YUQING_TRACE_STARTUP="1")
    t0 = time.monotonic()
    p = subprocess.run([bin_] + args, env=e, capture_output=True, text=True)
    t1 = time.monotonic()
    if p.returncode != 0:
        raise SystemExit(f"yuqing {args}: {p.stderr}")
    times = dict(re.findall(r"^(store open|done) ([0-9.]+)ms$", p.stderr, re.M))
    write = float(times["done"]) - float(times["store open"]) if len(times) == 2 else None
    # When the change was done (committed), on this clock: the process started just after t0.
    done = t0 + float(times["done"]) / 1000 if "done" in times else t1
    return p.stdout, t1 - t0, write, done


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--boards", type=int, default=10)
    ap.add_argument("--writers", type=int, default=3)
    ap.add_argument("--changes", type=int, default=20)
    a = ap.parse_args()
    if a.writers * (a.changes + 1) > len(ALPHABET):
        raise SystemExit(f"at most {len(ALPHABET)} marks: writers x (changes + 1)")
    env = {"YUQING_DB": a.db, "YUQING_USER": "压测", "TERM": "xterm-256color", "TZ": "Asia/Shanghai"}
    ids = []
    for w in range(a.writers):
        out, _, _, _ = run_cli(a.bin, env, ["add", "--title", mark(w, 0, a.changes), "--level", "重大"])
        ids.append(out.strip())
    boards = [Board([os.path.abspath(a.bin)], env) for _ in range(a.boards)]
    deadline = time.monotonic() + 60
    while not all(b.shows("退出") for b in boards):
        if time.monotonic() > deadline:
            raise SystemExit("the boards did not start")
        time.sleep(0.1)
    time.sleep(3)
    lat, cmd, writes = [], [], []
    lock = threading.Lock()

    def writer(w):
        for i in range(1, a.changes + 1):
            m = mark(w, i, a.changes)
            for b in boards:
                b.expect(m)
            _, took, write, committed = run_cli(a.bin, env, ["edit", ids[w], "--title", m])
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not all(m in b.seen for b in boards):
                time.sleep(0.005)
            with lock:
                cmd.append(took)
                if write is not None:
                    writes.append(write)
                for b in boards:
                    t = b.seen.get(m)
                    lat.append(max(0.0, t - committed) if t is not None else 10.0)
            time.sleep(0.2)

    ts = [threading.Thread(target=writer, args=(w,)) for w in range(a.writers)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for b in boards:
        b.stop()
    ms = lambda x: round(x * 1000, 1)
    print(
        {
            "db": "postgresql" if a.db.startswith("postgres") else "sqlite",
            "boards": a.boards,
            "writers": a.writers,
            "changes": len(cmd),
            "visible_median_ms": ms(statistics.median(lat)),
            "visible_p99_ms": ms(pct(lat, 99)),
            "visible_max_ms": ms(max(lat)),
            "never_seen": sum(1 for x in lat if x >= 10.0),
            "write_median_ms": round(statistics.median(writes), 1) if writes else None,
            "command_median_ms": ms(statistics.median(cmd)),
        }
    )


if __name__ == "__main__":
    sys.exit(main())
