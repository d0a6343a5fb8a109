#!/usr/bin/env python3
"""Cluster benchmark (issue 14, item 6): one channel, clients spread over 1, 2 and 3
tachikoma-server nodes on one PostgreSQL, beside one node on SQLite and InspIRCd, at the
same open-loop message rate, in one run. Loopback only; every phase bounded in time.

For each setup it prints deliveries per second, CPU-seconds per million deliveries of the
servers (the nodes and every PostgreSQL process together), and delivery latency p50/p99,
split into same-node and cross-node deliveries (sender and receiver on different nodes).

    scripts/bench-cluster.sh [--clients 30] [--senders 6] [--rates 200,800] [--seconds 15]

Started by scripts/bench-cluster.sh (which builds the release server); PostgreSQL runs in a
temporary folder as the `postgres` user with its default durability settings (fsync on,
synchronous commit), and is stopped at the end.
"""
import argparse
import json
import os
import pwd
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=30.0):
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / CLK_TCK


def children_of(pid):
    """PIDs whose parent is `pid` (PostgreSQL's backends and workers)."""
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                out.append(int(name))
        except (OSError, IndexError, ValueError):
            pass
    return out


class Postgres:
    def __init__(self):
        bins = sorted((d for d in os.listdir("/usr/lib/postgresql") if d.isdigit()), key=int)
        if not bins:
            sys.exit("bench-cluster: PostgreSQL not installed (scripts/install-deps.sh test)")
        self.bin = "/usr/lib/postgresql/%s/bin" % bins[-1]
        self.dir = tempfile.mkdtemp(prefix="tk-bench-pg-")
        self.port = free_port()
        self.run_as = []
        if os.getuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            self.run_as = ["runuser", "-u", "postgres", "--"]
        data = self.dir + "/data"
        subprocess.run(self.run_as + [self.bin + "/initdb", "-D", data, "-U", "bench", "--auth=trust", "-E", "UTF8",
                                      "--locale=C", "--no-instructions"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(self.run_as + [self.bin + "/pg_ctl", "-D", data, "-l", self.dir + "/server.log", "-w", "-o",
                                      "-c listen_addresses=127.0.0.1 -p %d -k %s -c max_connections=200" % (self.port, self.dir),
                                      "start"], check=True, stdout=subprocess.DEVNULL)
        with open(data + "/postmaster.pid") as f:
            self.pid = int(f.readline())
        self.count = 0

    def database(self):
        self.count += 1
        name = "bench%d" % self.count
        subprocess.run([self.bin + "/psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", "bench", "-d", "postgres",
                        "-c", "CREATE DATABASE %s" % name], check=True)
        return "postgres://bench@127.0.0.1:%d/%s" % (self.port, name)

    def pids(self):
        return [self.pid] + children_of(self.pid)

    def stop(self):
        subprocess.run(self.run_as + [self.bin + "/pg_ctl", "-D", self.dir + "/data", "-m", "fast", "-w", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)


class Servers:
    """The server processes of one setup: their ports and PIDs."""

    def __init__(self, server_bin, kind, nodes, pg, workdir):
        self.procs, self.ports, self.pg = [], [], None
        if kind == "inspircd":
            conf = os.path.join(ROOT, "..", "shared", "tools", "ircload", "configs", "inspircd")
            # The shared config names its files under /tmp/ircbench/inspircd (ircload's run folder).
            rundir = "/tmp/ircbench/inspircd"
            os.makedirs(rundir, exist_ok=True)
            shutil.copy(os.path.join(conf, "motd.txt"), rundir)
            self.procs.append(subprocess.Popen(["/usr/sbin/inspircd", "--nofork", "--runasroot", "--config=" + os.path.join(conf, "inspircd.conf")],
                                               cwd=rundir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                               start_new_session=True))
            self.ports.append(16669)
        else:
            db = pg.database() if kind == "postgres" else os.path.join(workdir, "bench-%d.sqlite" % time.time_ns())
            self.pg = pg if kind == "postgres" else None
            for n in range(nodes):
                port = free_port()
                args = [server_bin, "--config", os.path.join(HERE, "bench", "tachikoma-bench.toml"),
                        "--listen", "127.0.0.1:%d" % port, "--name", "n%d.bench" % n, "--db", db]
                if kind == "postgres":
                    args += ["--node", "n%d" % n]
                log = open(os.path.join(workdir, "node-%s-%d.log" % (kind, n)), "a")
                self.procs.append(subprocess.Popen(args, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                                   start_new_session=True))
                self.ports.append(port)
        for port in self.ports:
            if not wait_port(port):
                self.stop()
                raise RuntimeError("server on %d did not start" % port)

    def pids(self):
        return self.node_pids() + self.database_pids()

    def node_pids(self):
        return [p.pid for p in self.procs]

    def database_pids(self):
        return self.pg.pids() if self.pg else []

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


class Client:
    def __init__(self, index, port, node):
        self.index, self.node, self.nick = index, node, "lc%d" % index
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setblocking(False)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf, self.out = b"", b""
        self.welcomed = self.joined = False
        self.pongs = 0

    def send(self, line):
        self.out += line.encode() + b"\r\n"


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(p / 100.0 * len(sorted_values)))]


def run_setup(label, servers, clients_n, senders_n, rate, seconds, size):
    sel = selectors.DefaultSelector()
    clients = []
    for i in range(clients_n):
        node = i % len(servers.ports)
        c = Client(i, servers.ports[node], node)
        c.send("NICK %s" % c.nick)
        c.send("USER b 0 * :bench")
        clients.append(c)
        sel.register(c.sock, selectors.EVENT_READ, c)
    by_nick = {c.nick: c for c in clients}
    lat_same, lat_cross = [], []
    counted = [0]
    sending = [False]

    def pump(timeout):
        for c in clients:
            if c.out:
                try:
                    n = c.sock.send(c.out)
                    c.out = c.out[n:]
                except BlockingIOError:
                    pass
        for key, _ in sel.select(timeout):
            c = key.data
            try:
                data = c.sock.recv(262144)
            except BlockingIOError:
                continue
            if not data:
                raise RuntimeError("%s: %s was disconnected" % (label, c.nick))
            c.buf += data
            *lines, c.buf = c.buf.split(b"\r\n")
            now = time.monotonic_ns()
            for raw in lines:
                if b" PRIVMSG #bench :LG " in raw:
                    if sending[0]:
                        parts = raw.split(b" :LG ", 1)[1].split(b" ", 3)
                        sender = by_nick.get(parts[0].decode())
                        latency = (now - int(parts[2])) / 1e6
                        (lat_cross if sender and sender.node != c.node else lat_same).append(latency)
                        counted[0] += 1
                    continue
                words = raw.split(b" ")
                if raw.startswith(b"PING"):
                    c.send("PONG " + raw[5:].decode())
                elif len(words) > 1 and words[1] == b"001":
                    c.welcomed = True
                    c.send("JOIN #bench")
                elif len(words) > 1 and words[1] == b"366":
                    c.joined = True
                elif len(words) > 1 and words[1] == b"PONG":
                    c.pongs += 1

    end = time.time() + 60
    while not all(c.joined for c in clients):
        if time.time() > end:
            raise RuntimeError("%s: clients did not all join" % label)
        pump(0.05)
    # Every node has every member (cluster events are eventual): a PING round, then a pause.
    for c in clients:
        c.send("PING settle")
    end = time.time() + 30
    while not all(c.pongs for c in clients) and time.time() < end:
        pump(0.05)
    settle = time.time() + 2
    while time.time() < settle:
        pump(0.05)

    senders = [clients[i * clients_n // senders_n] for i in range(senders_n)]
    pad = "x" * max(0, size - 40)
    db_pids = servers.database_pids()
    cpu0, db0 = cpu_seconds(servers.pids()), cpu_seconds(db_pids)
    sending[0] = True
    start = time.monotonic()
    sent = 0
    while time.monotonic() - start < seconds:
        due = int((time.monotonic() - start) * rate)
        while sent < due:
            s = senders[sent % senders_n]
            s.send("PRIVMSG #bench :LG %s %d %d %s" % (s.nick, sent, time.monotonic_ns(), pad))
            sent += 1
        pump(0.001)
    expected = sent * (clients_n - 1)
    drain_end = time.monotonic() + 10
    while counted[0] < expected and time.monotonic() < drain_end:
        pump(0.01)
    elapsed = time.monotonic() - start
    cpu = cpu_seconds(servers.pids()) - cpu0
    # Backends that ended during the run are not counted; the nodes' connections stay open.
    db_cpu = cpu_seconds(db_pids) - db0
    for c in clients:
        try:
            c.sock.sendall(b"QUIT :done\r\n")
        except OSError:
            pass
        c.sock.close()
    lat_same.sort()
    lat_cross.sort()
    return dict(setup=label, msgs=sent, expected=expected, delivered=counted[0],
                deliveries_per_s=round(counted[0] / elapsed), seconds=round(elapsed, 1),
                cpu_s=round(cpu, 2), cpu_s_per_million=round(cpu / max(1, counted[0]) * 1e6, 2),
                database_share=round(db_cpu / cpu, 2) if cpu else 0,
                same_p50_ms=round(percentile(lat_same, 50), 2), same_p99_ms=round(percentile(lat_same, 99), 2),
                cross_p50_ms=round(percentile(lat_cross, 50), 2), cross_p99_ms=round(percentile(lat_cross, 99), 2))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True, help="the release tachikoma-server binary")
    ap.add_argument("--clients", type=int, default=30)
    ap.add_argument("--senders", type=int, default=6)
    ap.add_argument("--rates", default="200,800", help="messages per second, aggregate")
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--setups", default="inspircd,sqlite,pg1,pg2,pg3")
    args = ap.parse_args()
    workdir = tempfile.mkdtemp(prefix="tk-bench-cluster-")
    pg = Postgres()
    rows = []
    try:
        for rate in [int(r) for r in args.rates.split(",")]:
            for setup in args.setups.split(","):
                if setup in ("inspircd", "sqlite"):
                    kind, nodes = setup, 1
                else:
                    kind, nodes = "postgres", int(setup[2:])
                servers = Servers(args.server, kind, nodes, pg, workdir)
                try:
                    row = run_setup(setup, servers, args.clients, args.senders, rate, args.seconds, args.size)
                finally:
                    servers.stop()
                row["rate"] = rate
                rows.append(row)
                print(json.dumps(row), flush=True)
                time.sleep(1)
    finally:
        pg.stop()
    print()
    cols = ["rate", "setup", "msgs", "delivered", "expected", "deliveries_per_s", "cpu_s_per_million", "database_share",
            "same_p50_ms", "same_p99_ms", "cross_p50_ms", "cross_p99_ms"]
    print("| " + " | ".join(cols) + " | vs InspIRCd CPU |")
    print("|" + "---|" * (len(cols) + 1))
    for row in rows:
        peer = next((r for r in rows if r["rate"] == row["rate"] and r["setup"] == "inspircd"), None)
        ratio = "%.2f" % (row["cpu_s_per_million"] / peer["cpu_s_per_million"]) if peer and peer["cpu_s_per_million"] else "-"
        print("| " + " | ".join(str(row[c]) for c in cols) + " | %s |" % ratio)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
