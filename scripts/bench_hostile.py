#!/usr/bin/env python3
"""Hostile peers against tachikoma-server on loopback (issue 17, item 4).

Run through scripts/bench-hostile.sh, which builds the release server and ircload. This
file is both the orchestrator (`run`) and the hostile peers it starts as child processes
(`slowloris`, `flooder`, `nonreader`), so that the peers' own event loop is never stalled
by the orchestrator's sampling.

Every address is 127.0.0.0/8; every loop is bounded by a deadline and a count.

  scenario a  quiet: 200 ircload clients in one channel, each sending 1 PRIVMSG/s (200 msg/s
              open loop, 199 deliveries each): p50/p99 of delivery latency
  scenario b  the same while 5,000 slowloris connections send one byte a second: half
              dribble their registration (NICK/USER, never finished before the
              registration timeout), half register at once and then dribble one endless
              PRIVMSG byte by byte; a dropped peer reconnects, so 5,000 stay connected
  scenario c  the same 200 while one client floods PRIVMSG to the channel at line rate
              (as fast as its socket takes it); it reconnects after every disconnect
  scenario d  the same 200 while one client that joined the channel never reads: time
              until the server gives up on it (SendQ exceeded, seen by an observer in the
              channel) and the server's RSS at baseline, peak and after
"""
import argparse
import heapq
import json
import os
import selectors
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HOST = "127.0.0.1"


def is_loopback(host):
    return host.startswith("127.") or host == "::1"


# --------------------------------------------------------------------------------------
# Peers


def src_ip(i, per_ip):
    """Source address for peer i: 127.0.1.1 upwards, `per_ip` peers per address, so the
    server's per-IP limit (16 by default) stays on and ircload's 127.0.0.x are left alone."""
    k = i // per_ip
    return "127.%d.%d.%d" % (1 + k // 62500, 1 + (k // 250) % 250, 1 + k % 250)


class Slow:
    __slots__ = ("i", "sock", "kind", "script", "pos", "connected_at", "inbuf", "registered", "gen")

    def __init__(self, i, kind):
        self.i, self.kind = i, kind
        self.sock = None
        self.inbuf = b""
        self.gen = 0


def slowloris(a):
    """`count` connections, each sending one byte a second until the deadline. A peer the
    server drops reconnects (from the same source address) after 0.2 s."""
    assert is_loopback(a.host)
    start = time.monotonic()
    deadline = start + a.duration
    sel = selectors.DefaultSelector()
    peers = [Slow(i, "reg" if i % 2 else "unreg") for i in range(a.count)]
    drops = {}
    lifetimes = {}
    stats = {"connects": 0, "connect_errors": 0, "registered": 0, "bytes": 0, "errors": []}
    # one heap of timed work: ("connect" | "byte", time, peer, generation)
    heap = []
    seq = 0

    def push(t, what, p):
        nonlocal seq
        seq += 1
        heapq.heappush(heap, (t, seq, what, p, p.gen))

    def script_for(p):
        nick = "sl%d" % p.i
        if p.kind == "unreg":
            # 80 bytes at 1 B/s: registration cannot finish within a 30 s timeout
            return ("NICK %s\r\nUSER %s 0 * :a very slow client dribbling its registration\r\n" % (nick, nick)).encode()
        return ("PRIVMSG #nowhere :" + "x" * 100000).encode()

    def connect(p, now):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind((src_ip(p.i, a.per_ip), 0))
            s.settimeout(2)
            s.connect((a.host, a.port))
            s.setblocking(False)
        except OSError as e:
            s.close()
            stats["connect_errors"] += 1
            if len(stats["errors"]) < 5:
                stats["errors"].append("connect: %s" % e)
            push(now + 1.0, "connect", p)
            return
        p.sock = s
        p.gen += 1
        p.connected_at = now
        p.inbuf = b""
        p.registered = False
        p.pos = 0
        p.script = script_for(p)
        stats["connects"] += 1
        sel.register(s, selectors.EVENT_READ, p)
        if p.kind == "reg":
            nick = "sl%d" % p.i
            s.send(("NICK %s\r\nUSER %s 0 * :slow\r\n" % (nick, nick)).encode())
            # dribbling starts after 001
        else:
            push(now + (p.i % 1000) / 1000.0, "byte", p)

    def dropped(p, now, reason):
        sel.unregister(p.sock)
        p.sock.close()
        p.sock = None
        p.gen += 1
        key = "%s: %s" % (p.kind, reason)
        drops[key] = drops.get(key, 0) + 1
        lifetimes.setdefault(key, []).append(now - p.connected_at)
        push(now + 0.2, "connect", p)

    for n, p in enumerate(peers):
        push(start + n / a.connect_rate, "connect", p)
    last_report = start
    while True:
        now = time.monotonic()
        if now >= deadline:
            break
        while heap and heap[0][0] <= now:
            t, _, what, p, gen = heapq.heappop(heap)
            if what == "connect":
                if p.sock is None:
                    connect(p, now)
            elif gen == p.gen and p.sock is not None and p.pos < len(p.script):
                try:
                    n = p.sock.send(p.script[p.pos:p.pos + 1])
                    p.pos += n
                    stats["bytes"] += n
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError as e:
                    dropped(p, now, "send failed (%s)" % e.strerror)
                    continue
                push(t + 1.0, "byte", p)
        timeout = min(0.05, max(0, heap[0][0] - time.monotonic())) if heap else 0.05
        for key, _ in sel.select(timeout=timeout):
            p = key.data
            if p.sock is None:
                continue
            try:
                data = p.sock.recv(65536)
            except BlockingIOError:
                continue
            except OSError as e:
                dropped(p, now, "reset (%s)" % e.strerror)
                continue
            if not data:
                dropped(p, now, "closed")
                continue
            p.inbuf = (p.inbuf + data)[-4096:]
            if b"ERROR :" in p.inbuf:
                reason = p.inbuf.split(b"ERROR :", 1)[1].split(b"\r\n")[0].decode("utf-8", "replace")
                # "Closing Link: 127.1.2.3 (Registration timed out)" -> the part in brackets
                if "(" in reason:
                    reason = reason.rsplit("(", 1)[1].rstrip(")")
                dropped(p, time.monotonic(), "ERROR " + reason)
                continue
            if p.kind == "reg" and not p.registered and b" 001 " in p.inbuf:
                p.registered = True
                stats["registered"] += 1
                push(time.monotonic() + (p.i % 1000) / 1000.0, "byte", p)
        now = time.monotonic()
        if now - last_report >= 1.0:
            last_report = now
            live = sum(1 for p in peers if p.sock is not None)
            print(json.dumps({"t": round(now - start, 1), "live": live, "connects": stats["connects"],
                              "drops": sum(drops.values())}), flush=True)
    live = sum(1 for p in peers if p.sock is not None)
    out = dict(stats, live_at_end=live, drops=drops,
               lifetime_s={k: {"min": round(min(v), 1), "median": round(statistics.median(v), 1),
                               "max": round(max(v), 1)} for k, v in lifetimes.items()})
    for p in peers:
        if p.sock is not None:
            p.sock.close()
    print(json.dumps({"summary": out}), flush=True)


def register(s, nick, deadline):
    """Blocking registration on `s`; returns the bytes read so far after 001."""
    s.sendall(("NICK %s\r\nUSER %s 0 * :%s\r\n" % (nick, nick, nick)).encode())
    buf = b""
    while b" 001 " not in buf:
        s.settimeout(max(0.1, deadline - time.monotonic()))
        d = s.recv(65536)
        if not d:
            raise OSError("closed during registration: %r" % buf[-200:])
        buf += d
        for line in buf.split(b"\r\n"):
            if line.startswith(b"PING "):
                s.sendall(b"PONG " + line[5:] + b"\r\n")
    return buf


def flooder(a):
    """Floods `channel` with PRIVMSG as fast as the socket takes it; reconnects after each
    disconnect, until the deadline or `max_cycles`."""
    assert is_loopback(a.host)
    deadline = time.monotonic() + a.duration
    cycles = []
    line = ("PRIVMSG %s :flood flood flood %s\r\n" % (a.channel, "f" * 60)).encode()
    chunk = line * 512
    n = 0
    refused = 0
    while time.monotonic() < deadline - 1 and n < a.max_cycles:
        n += 1
        nick = "flood%d" % n
        s = socket.create_connection((a.host, a.port), timeout=5, source_address=("127.0.2.251", 0))
        try:
            register(s, nick, time.monotonic() + 10)
            s.sendall(("JOIN %s\r\n" % a.channel).encode())
            time.sleep(0.2)
            s.setblocking(False)
            t0 = time.monotonic()
            sent = 0
            inbuf = b""
            error = None
            end_at = None
            while time.monotonic() < deadline:
                r, w = select_rw(s, 0.05)
                if r:
                    try:
                        d = s.recv(65536)
                    except OSError as e:
                        error = error or "reset (%s)" % e.strerror
                        end_at = end_at or time.monotonic()
                        break
                    if not d:
                        end_at = end_at or time.monotonic()
                        error = error or "closed"
                        break
                    inbuf = (inbuf + d)[-8192:]
                    if error is None and b"ERROR :" in inbuf:
                        error = inbuf.split(b"ERROR :", 1)[1].split(b"\r\n")[0].decode("utf-8", "replace")
                        end_at = time.monotonic()
                if w:
                    try:
                        sent += s.send(chunk)
                    except (BlockingIOError, InterruptedError):
                        pass
                    except OSError as e:
                        error = error or "send failed (%s)" % e.strerror
                        end_at = end_at or time.monotonic()
                        break
            closed_at = time.monotonic()
            cycles.append({"error": error, "to_error_s": round((end_at or closed_at) - t0, 3),
                           "to_close_s": round(closed_at - t0, 3), "bytes_sent": sent,
                           "lines_sent": sent // len(line)})
        except OSError as e:
            if "Excess Flood from your" in str(e):
                # Refused at the door while its address waits: try again soon, like a bot.
                refused += 1
                time.sleep(0.1)
                n -= 1
                continue
            cycles.append({"error": "setup: %s" % e})
            time.sleep(0.5)
        finally:
            s.close()
    print(json.dumps({"summary": {"cycles": len(cycles), "refused_connects": refused, "detail": cycles[:3],
                                  "errors": sorted({str(c.get("error")) for c in cycles}),
                                  "to_error_s_median": median([c["to_error_s"] for c in cycles if "to_error_s" in c]),
                                  "to_close_s_median": median([c["to_close_s"] for c in cycles if "to_close_s" in c]),
                                  "bytes_sent_median": median([c["bytes_sent"] for c in cycles if "bytes_sent" in c])}}),
          flush=True)


def select_rw(s, timeout):
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE)
    ev = sel.select(timeout)
    sel.close()
    r = any(m & selectors.EVENT_READ for _, m in ev)
    w = any(m & selectors.EVENT_WRITE for _, m in ev)
    return r, w


def median(xs):
    return round(statistics.median(xs), 3) if xs else None


def nonreader(a):
    """Joins `channel` and never reads again. An observer in the channel notes when the
    server announces the non-reader's QUIT; at the end the non-reader reads what it was
    sent, to see the ERROR line the server ended with."""
    assert is_loopback(a.host)
    deadline = time.monotonic() + a.duration
    obs = socket.create_connection((a.host, a.port), timeout=5, source_address=("127.0.2.252", 0))
    register(obs, "observer", time.monotonic() + 10)
    obs.sendall(("JOIN %s\r\n" % a.channel).encode())
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.2.253", 0))
    s.connect((a.host, a.port))
    register(s, "sleeper", time.monotonic() + 10)
    s.sendall(("JOIN %s\r\n" % a.channel).encode())
    t0 = time.monotonic()
    print(json.dumps({"event": "joined", "t": 0}), flush=True)
    quit_at = None
    quit_reason = None
    buf = b""
    obs.settimeout(0.2)
    while time.monotonic() < deadline and quit_at is None:
        try:
            d = obs.recv(65536)
        except socket.timeout:
            continue
        if not d:
            break
        buf += d
        lines = buf.split(b"\r\n")
        buf = lines.pop()
        for l in lines:
            if l.startswith(b"PING "):
                obs.sendall(b"PONG " + l[5:] + b"\r\n")
            elif l.startswith(b":sleeper!") and b" QUIT " in l:
                quit_at = time.monotonic() - t0
                quit_reason = l.split(b" QUIT :", 1)[-1].decode("utf-8", "replace")
                print(json.dumps({"event": "quit", "t": round(quit_at, 2), "reason": quit_reason}), flush=True)
    # It still does not read for `linger` seconds (a client that never reads does not start
    # because the server gave up on it): the orchestrator watches the server meanwhile.
    if quit_at is not None:
        obs.close()
        time.sleep(a.linger)
    # Now read what the server sent the sleeper: does it end with ERROR, and is it closed?
    got, last, eof = 0, b"", False
    s.settimeout(1.0)
    read_deadline = time.monotonic() + min(20, max(1, deadline + 25 - time.monotonic()))
    while time.monotonic() < read_deadline:
        try:
            d = s.recv(1 << 20)
        except socket.timeout:
            break
        except OSError as e:
            last += ("<%s>" % e.strerror).encode()
            break
        if not d:
            eof = True
            break
        got += len(d)
        last = (last + d)[-300:]
    error_line = None
    if b"ERROR :" in last:
        error_line = last.split(b"ERROR :", 1)[1].split(b"\r\n")[0].decode("utf-8", "replace")
    s.close()
    if quit_at is None:
        obs.close()
    print(json.dumps({"summary": {"quit_after_s": None if quit_at is None else round(quit_at, 2),
                                  "quit_reason": quit_reason, "bytes_waiting_for_it": got,
                                  "error_line": error_line, "eof": eof}}), flush=True)


# --------------------------------------------------------------------------------------
# Orchestrator


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None


def fd_count(pid):
    try:
        return len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        return None


def free_port():
    s = socket.socket()
    s.bind((HOST, 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_port(port, timeout=15):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


# A run with more than this many cores of steal time (the hypervisor running someone else on
# our CPUs) is reported but left out of the medians.
STEAL_LIMIT = 0.05

# --pin: the server's CPUs (the driver, ircload and the peers keep the others), so that the
# load generators' own CPU does not queue the server's event loop on a small machine.
SERVER_CPUS = None


class Server:
    def __init__(self, bin_path, config, workdir, name):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="srv-%s-" % name, dir=workdir)
        self.log = open(os.path.join(self.dir, "server.log"), "w")
        pin = SERVER_CPUS
        self.proc = subprocess.Popen([bin_path, "--config", config, "--listen", "%s:%d" % (HOST, self.port),
                                      "--db", os.path.join(self.dir, "server.sqlite")],
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     preexec_fn=(lambda: os.sched_setaffinity(0, pin)) if pin else None)
        if not wait_port(self.port):
            self.stop()
            raise SystemExit("server did not start; see %s" % self.log.name)
        self.pid = self.proc.pid

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def proc_counters(pid):
    """The server's read and write system calls (/proc/PID/io) and its threads' voluntary and
    involuntary context switches, as counts since it started."""
    c = {"syscr": 0, "syscw": 0, "vol": 0, "invol": 0}
    try:
        for line in open("/proc/%d/io" % pid):
            k, v = line.split(":")
            if k in ("syscr", "syscw"):
                c[k] = int(v)
        for tid in os.listdir("/proc/%d/task" % pid):
            for line in open("/proc/%d/task/%s/status" % (pid, tid)):
                if line.startswith("voluntary_ctxt_switches"):
                    c["vol"] += int(line.split()[1])
                elif line.startswith("nonvoluntary_ctxt_switches"):
                    c["invol"] += int(line.split()[1])
    except OSError:
        pass
    c["t"] = time.monotonic()
    return c


def rates(c0, c1):
    dt = max(1e-6, c1["t"] - c0["t"])
    return {k: round((c1[k] - c0[k]) / dt) for k in ("syscr", "syscw", "vol", "invol")}


class Sampler:
    """Samples the server's RSS and open descriptors every `every` seconds."""

    def __init__(self, pid):
        self.pid = pid
        self.samples = []  # (t, rss_kb, fds)
        self.t0 = time.monotonic()

    def sample(self):
        self.samples.append((time.monotonic() - self.t0, rss_kb(self.pid), fd_count(self.pid)))

    def between(self, t1, t2):
        return [s for s in self.samples if t1 <= s[0] <= t2]


def ircload(a, server, duration, label, size=None):
    cmd = [a.ircload, "-s", "fanout", "-p", str(server.port), "-n", str(a.clients), "-S", str(a.clients),
           "-t", str(duration), "-r", str(a.rate), "--size", str(size or a.size), "--src-ips", "20",
           "--server-pid", str(server.pid), "--label", label, "-q", "--drain-timeout", "5"]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def peer(a, kind, server, *extra):
    cmd = [sys.executable, os.path.abspath(__file__), kind, "--port", str(server.port)] + list(extra)
    # --nice-peers: the hostile peer's process yields its CPU to ircload, the instrument that
    # measures the latency, wherever the two share a CPU (its sends still go out: the slowloris
    # summary counts them).
    niceness = a.nice_peers
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=(lambda: os.nice(niceness)) if niceness else None)


def run_with_sampling(sampler, procs, bound):
    """Samples until every process in `procs` ended (at most `bound` seconds)."""
    end = time.monotonic() + bound
    while time.monotonic() < end and any(p.poll() is None for p in procs):
        sampler.sample()
        time.sleep(0.5)
    for p in procs:
        if p.poll() is None:
            p.kill()


def last_json(text, key="summary"):
    for line in reversed(text.strip().splitlines()):
        try:
            d = json.loads(line)
        except ValueError:
            continue
        if key is None or key in d:
            return d if key is None else d[key]
    return None


def load_result(proc):
    out, err = proc.communicate(timeout=60)
    r = last_json(out, None)
    if r is None:
        raise SystemExit("ircload gave no JSON: %s" % err[-500:])
    return r


def scenario_quiet(a, name="a"):
    srv = Server(a.server, a.config, a.workdir, name)
    try:
        s = Sampler(srv.pid)
        s.sample()
        c0 = proc_counters(srv.pid)
        load = ircload(a, srv, a.duration, "quiet")
        run_with_sampling(s, [load], a.duration + 60)
        c1 = proc_counters(srv.pid)
        r = load_result(load)
        return {"load": r, "rss_kb": [x[1] for x in s.samples], "server_rates": rates(c0, c1)}
    finally:
        srv.stop()


def scenario_slowloris(a):
    srv = Server(a.server, a.config, a.workdir, "b")
    try:
        s = Sampler(srv.pid)
        s.sample()
        rss0 = rss_kb(srv.pid)
        connect_s = a.slow / a.slow_connect_rate
        slow_for = connect_s + 5 + a.duration + 15 + a.slow_extra
        slow = peer(a, "slowloris", srv, "--count", str(a.slow), "--duration", str(slow_for),
                    "--connect-rate", str(a.slow_connect_rate))
        # wait until all are connected and their memory is in the server
        end = time.monotonic() + connect_s + 5
        while time.monotonic() < end:
            s.sample()
            time.sleep(0.5)
        rss_slow = rss_kb(srv.pid)
        fds_slow = fd_count(srv.pid)
        t_load = time.monotonic() - s.t0
        c0 = proc_counters(srv.pid)
        load = ircload(a, srv, a.duration, "slowloris")
        run_with_sampling(s, [load], a.duration + 60)
        c1 = proc_counters(srv.pid)
        t_load_end = time.monotonic() - s.t0
        r = load_result(load)
        # keep the slow peers on past the registration timeout and the load
        run_with_sampling(s, [slow], slow_for + 30)
        slow_out, slow_err = slow.communicate(timeout=30)
        summary = last_json(slow_out)
        during = s.between(t_load, t_load_end)
        time.sleep(3)
        s.sample()
        rss_after = rss_kb(srv.pid)
        fds_after = fd_count(srv.pid)
        return {"load": r, "slow": summary, "slow_for_s": slow_for, "rss_kb_before": rss0, "rss_kb_slow_connected": rss_slow,
                "rss_kb_during_max": max(x[1] for x in during) if during else None,
                "rss_kb_after": rss_after, "fds_with_slow": fds_slow, "fds_after": fds_after,
                "slow_err": slow_err[-300:], "slow_out_tail": slow_out[-600:], "server_rates": rates(c0, c1)}
    finally:
        srv.stop()


def scenario_flood(a):
    srv = Server(a.server, a.config, a.workdir, "c")
    try:
        s = Sampler(srv.pid)
        s.sample()
        load = ircload(a, srv, a.duration, "flood")
        # the flood starts once ircload's clients are in the channel (setup ~2–3 s)
        time.sleep(4)
        fl = peer(a, "flooder", srv, "--duration", str(a.duration - 2), "--channel", "#bench")
        run_with_sampling(s, [load, fl], a.duration + 60)
        r = load_result(load)
        fout, ferr = fl.communicate(timeout=30)
        time.sleep(3)
        return {"load": r, "flooder": last_json(fout), "flooder_err": ferr[-300:],
                "rss_kb_before": s.samples[0][1], "rss_kb_max": max(x[1] for x in s.samples),
                "rss_kb_after": rss_kb(srv.pid)}
    finally:
        srv.stop()


def scenario_nonreader(a, control=False):
    """d: one channel member that never reads joins 6 s into the chat; `control` (scenario
    d0): the same chat over the same minutes with nobody joining, so that what the chat's
    own working set grows by can be told from what a dropped non-reader leaves behind."""
    srv = Server(a.server, a.config, a.workdir, "d0" if control else "d")
    try:
        s = Sampler(srv.pid)
        s.sample()
        dur = a.nonreader_duration
        load = ircload(a, srv, dur, "nonreader", a.nonreader_size)
        time.sleep(6)  # ircload's clients registered, joined and sending
        s.sample()
        base = [x[1] for x in s.samples[-1:]]
        t_join = time.monotonic() - s.t0
        if control:
            while load.poll() is None:
                s.sample()
                time.sleep(0.5)
            r = load_result(load)
            # where d's QUIT comes (53–55 s after the join), plus the same 10–15 s
            after = s.between(t_join + 64, t_join + 69)
            return {"load": r, "nonreader": None, "rss_kb_baseline": base[0],
                    "rss_kb_peak": max(x[1] for x in s.samples), "rss_kb_after": after[-1][1] if after else None,
                    "fds_after": after[-1][2] if after else None,
                    "fds_baseline": s.samples[1][2] if len(s.samples) > 1 else None,
                    "rss_kb_end": s.samples[-1][1], "fds_end": fd_count(srv.pid),
                    "rss_series": [(round(t - t_join, 1), kb, fds) for t, kb, fds in s.samples[::4]]}
        nr = peer(a, "nonreader", srv, "--duration", str(dur - 12), "--channel", "#bench")
        quit_t = None
        end = time.monotonic() + dur + 60
        outlines = []
        os.set_blocking(nr.stdout.fileno(), False)
        while time.monotonic() < end and (load.poll() is None or nr.poll() is None):
            s.sample()
            try:
                chunk = nr.stdout.read()
            except (BlockingIOError, TypeError):
                chunk = None
            if chunk:
                outlines.append(chunk)
                for line in chunk.splitlines():
                    try:
                        d = json.loads(line)
                    except ValueError:
                        continue
                    if d.get("event") == "quit":
                        quit_t = time.monotonic() - s.t0
            time.sleep(0.5)
        os.set_blocking(nr.stdout.fileno(), True)
        rest, nerr = nr.communicate(timeout=60)
        outlines.append(rest or "")
        r = load_result(load)
        summary = last_json("".join(outlines))
        # baseline: the 200 chatting, before the sleeper joined; after: 5 s after its QUIT,
        # while the 200 still chat
        after = s.between(quit_t + 10, quit_t + 15) if quit_t else []
        fds_end = fd_count(srv.pid)
        return {"load": r, "nonreader": summary, "nonreader_err": nerr[-300:],
                "rss_kb_baseline": base[0], "rss_kb_peak": max(x[1] for x in s.samples),
                "rss_kb_after": after[-1][1] if after else None,
                "fds_after": after[-1][2] if after else None, "fds_baseline": s.samples[1][2] if len(s.samples) > 1 else None,
                "rss_kb_end": s.samples[-1][1], "fds_end": fds_end,
                "rss_series": [(round(t - t_join, 1), kb, fds) for t, kb, fds in s.samples[::4]]}
    finally:
        srv.stop()


def fmt_ms(x):
    return "%.2f" % x if x is not None else "—"


def run(a):
    for path in (a.server, a.ircload, a.config):
        if not os.path.exists(path):
            raise SystemExit("missing %s" % path)
    os.makedirs(a.workdir, exist_ok=True)
    global SERVER_CPUS
    if a.pin:
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) < 2:
            raise SystemExit("--pin needs at least two CPUs")
        SERVER_CPUS = {cpus[0]}
        os.sched_setaffinity(0, set(cpus[1:]))  # inherited by ircload and the peers
        print("pinned: server on CPU %d, load generators on %s" % (cpus[0], cpus[1:]), file=sys.stderr, flush=True)
    results = {}
    plan = [sc for _ in range(a.reps) for sc in a.scenarios.split(",")]
    for n, sc in enumerate(plan):
        t0 = time.monotonic()
        print("run %d/%d: scenario %s…" % (n + 1, len(plan), sc), file=sys.stderr, flush=True)
        fn = {"a": scenario_quiet, "b": scenario_slowloris, "c": scenario_flood, "d": scenario_nonreader,
              "d0": lambda a: scenario_nonreader(a, control=True)}[sc]
        results.setdefault(sc, []).append(fn(a))
        print("  done in %.0f s, p99 %.2f ms" % (time.monotonic() - t0, results[sc][-1]["load"]["lat_ms"]["p99"]),
              file=sys.stderr, flush=True)
        with open(os.path.join(a.workdir, "results.json"), "w") as f:
            json.dump(results, f, indent=1)
    table(results, a)


def table(res, a):
    # A run during which the hypervisor took the machine's CPUs away (steal time, /proc/stat)
    # measured the host, not the server: listed, left out of the medians.
    stolen = {k: [r for r in res.get(k, []) if r["load"]["machine"].get("steal_cores", 0) > STEAL_LIMIT] for k in res}
    for k, runs in stolen.items():
        for r in runs:
            print("(%s) run left out: %.2f cores stolen by the hypervisor during it; p99 %.2f ms" % (
                k, r["load"]["machine"]["steal_cores"], r["load"]["lat_ms"]["p99"]))
    res = {k: [r for r in runs if r not in stolen[k]] for k, runs in res.items()}

    def p99s(k):
        return [r["load"]["lat_ms"]["p99"] for r in res.get(k, [])]

    quiet = p99s("a")
    q99 = statistics.median(quiet) if quiet else None
    print("\n%d clients in one channel, each 1 PRIVMSG/s of %d bytes (%.0f msg/s open loop), %d s per run; "
          "quiet runs interleaved with the hostile ones; medians over runs, each run's value in brackets"
          % (a.clients, a.size, a.rate, a.duration))
    if a.pin:
        print("(pinned: the server alone on one CPU, the driver, ircload and the hostile peers on the others)")
    if a.nice_peers:
        print("(the hostile peers' processes at niceness %d: ircload, the instrument, runs first where they share a CPU)" % a.nice_peers)
    print("| scenario | runs | p50 ms | p99 ms | p99 vs quiet (median) | delivered / expected | ircload disconnects | server CPU | other load (cores) |")
    print("|---|---|---|---|---|---|---|---|---|")
    names = {"a": "a: quiet", "b": "b: + %d slowloris" % a.slow, "c": "c: + one flooder",
             "d": "d: + one non-reader (%d-byte messages)" % a.nonreader_size,
             "d0": "d0: d's chat without the non-reader (%d-byte messages)" % a.nonreader_size}
    for k in ("a", "b", "c", "d", "d0"):
        runs = res.get(k)
        if not runs:
            continue
        loads = [r["load"] for r in runs]
        p50 = [l["lat_ms"]["p50"] for l in loads]
        p99 = [l["lat_ms"]["p99"] for l in loads]
        ratio = "%.2f× (%s)" % (statistics.median(p99) / q99, ", ".join("%.2f" % (x / q99) for x in p99)) \
            if q99 and k != "a" else ("spread %.2f–%.2f× of the median" % (min(p99) / q99, max(p99) / q99) if q99 else "")
        print("| %s | %d | %.2f (%s) | %.2f (%s) | %s | %s | %d | %s | %s |" % (
            names[k], len(runs), statistics.median(p50), ", ".join("%.2f" % x for x in p50),
            statistics.median(p99), ", ".join("%.2f" % x for x in p99), ratio,
            " ".join("%d/%d" % (l["deliveries_received"], l["deliveries_expected"]) for l in loads),
            sum(l["disconnects"] for l in loads),
            ", ".join("%.0f %%" % l["server"]["cpu_pct"] for l in loads),
            ", ".join("%.2f" % l["machine"]["other_cores"] for l in loads)))
    for k in ("a", "b"):
        for r in res.get(k, []):
            if "server_rates" in r:
                x = r["server_rates"]
                print("(%s) server during the load (ircload's whole run, setup included): %d read and %d write system "
                      "calls/s, %d voluntary and %d involuntary context switches/s; p99 %.2f ms" % (
                          k, x["syscr"], x["syscw"], x["vol"], x["invol"], r["load"]["lat_ms"]["p99"]))
    for r in res.get("b", []):
        sl = r["slow"] or {}
        per = (r["rss_kb_slow_connected"] - r["rss_kb_before"]) * 1024 / max(1, a.slow)
        print("\n(b) server RSS before %d KiB, with %d slow peers connected %d KiB (%.0f B per peer), max during the "
              "load %s KiB, 3 s after the peers left %d KiB; server fds with them %s, after %s" % (
                  r["rss_kb_before"], a.slow, r["rss_kb_slow_connected"], per, r["rss_kb_during_max"],
                  r["rss_kb_after"], r["fds_with_slow"], r["fds_after"]))
        print("    slow peers: %s connects, %s live at the end, drops %s; connect-to-drop seconds %s; %s bytes sent "
              "(%.0f/s over their %.0f s)" % (
                  sl.get("connects"), sl.get("live_at_end"), json.dumps(sl.get("drops")), json.dumps(sl.get("lifetime_s")),
                  sl.get("bytes"), (sl.get("bytes") or 0) / r.get("slow_for_s", 1), r.get("slow_for_s", 0)))
    for r in res.get("c", []):
        f = r["flooder"] or {}
        print("\n(c) flooder: %s cycles (%s connects refused at the door), ended by %s; median %s s from its first flood byte to the ERROR, %s s to "
              "the close; %s bytes written per cycle (median, most into its own socket buffer); server RSS at start %s KiB, "
              "max %d KiB, 3 s after the run %s KiB" % (
                  f.get("cycles"), f.get("refused_connects", 0), f.get("errors"), f.get("to_error_s_median"), f.get("to_close_s_median"),
                  f.get("bytes_sent_median"), r.get("rss_kb_before"), r["rss_kb_max"], r.get("rss_kb_after")))
    for r in res.get("d0", []):
        base, after = r["rss_kb_baseline"], r["rss_kb_after"]
        print("\n(d0) the same chat, nobody joining: server RSS baseline %d KiB, peak %d KiB, 64–69 s later (where d "
              "measures after its QUIT) %s KiB (%s), at the end %d KiB; fds %s, then %s" % (
                  base, r["rss_kb_peak"], after, "%+.1f %% of baseline" % ((after - base) * 100 / base) if after else "—",
                  r["rss_kb_end"], r.get("fds_baseline"), r.get("fds_after")))
    for r in res.get("d", []):
        n = r["nonreader"] or {}
        base = r["rss_kb_baseline"]
        after = r["rss_kb_after"]
        print("\n(d) non-reader: QUIT seen %s s after it joined (%s); after 20 s more it read %s bytes, last line "
              "ERROR :%s, EOF %s" % (n.get("quit_after_s"), n.get("quit_reason"), n.get("bytes_waiting_for_it"),
                                     n.get("error_line"), n.get("eof")))
        print("    server RSS baseline %d KiB, peak %d KiB, 10–15 s after the QUIT (it still not reading) %s KiB (%s), "
              "at the end %d KiB; server fds before it joined %s, 10–15 s after its QUIT %s" % (
                  base, r["rss_kb_peak"], after, "%+.1f %% of baseline" % ((after - base) * 100 / base) if after else "—",
                  r["rss_kb_end"], r.get("fds_baseline"), r.get("fds_after")))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--server", required=True)
    r.add_argument("--ircload", required=True)
    r.add_argument("--config", required=True)
    r.add_argument("--workdir", required=True)
    r.add_argument("--scenarios", default="a,b,a,c,a,d")
    r.add_argument("--reps", type=int, default=1)
    r.add_argument("--pin", action="store_true",
                   help="server on the first CPU, everything else on the rest (see SERVER_CPUS)")
    r.add_argument("--nice-peers", type=int, default=0, metavar="N",
                   help="run the hostile peers' processes at niceness N (19: they get the CPU ircload leaves)")
    r.add_argument("--clients", type=int, default=200)
    r.add_argument("--rate", type=float, default=200)
    r.add_argument("--size", type=int, default=100)
    r.add_argument("--duration", type=int, default=30)
    r.add_argument("--slow", type=int, default=5000)
    r.add_argument("--slow-connect-rate", type=float, default=500)
    r.add_argument("--slow-extra", type=int, default=0)
    r.add_argument("--nonreader-duration", type=int, default=90)
    r.add_argument("--nonreader-size", type=int, default=400)
    for name in ("slowloris", "flooder", "nonreader"):
        p = sub.add_parser(name)
        p.add_argument("--host", default=HOST)
        p.add_argument("--port", type=int, required=True)
        p.add_argument("--duration", type=float, default=30)
        p.add_argument("--channel", default="#bench")
        p.add_argument("--count", type=int, default=5000)
        p.add_argument("--per-ip", type=int, default=10)
        p.add_argument("--connect-rate", type=float, default=500)
        p.add_argument("--max-cycles", type=int, default=2000)
        p.add_argument("--linger", type=float, default=20)
    a = ap.parse_args()
    if a.cmd != "run" and not is_loopback(a.host):
        raise SystemExit("loopback only")
    if a.cmd != "run" and a.duration > 600:
        raise SystemExit("duration bounded to 600 s")
    {"run": run, "slowloris": slowloris, "flooder": flooder, "nonreader": nonreader}[a.cmd](a)


if __name__ == "__main__":
    main()
