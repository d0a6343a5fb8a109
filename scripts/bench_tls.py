#!/usr/bin/env python3
"""TLS cost of tachikoma-server beside ngIRCd (Debian, GnuTLS/OpenSSL build), same machine.

For each server, with a P-256 certificate made here by the openssl command:
  * handshakes: N sequential TCP connects + TLS handshakes + closes from one Python client;
    reports the rate and the server's CPU milliseconds per handshake (from /proc, utime+stime);
  * idle memory: M registered idle clients over plain TCP, then M over TLS; reports the
    server's RSS growth per connection for each.
Usage: bench_tls.py TACHIKOMA_SERVER_BINARY [--handshakes 400] [--idle 500]
"""
import argparse
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_bytes(pid):
    return int(open(f"/proc/{pid}/statm").read().split()[1]) * PAGE


def wait_listening(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"nothing listens on {port}")


def certificate(directory):
    key = os.path.join(directory, "key.pem")
    cert = os.path.join(directory, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    os.chmod(key, 0o644)  # ngIRCd started as root drops to nobody and must still read it
    os.chmod(directory, 0o755)
    return cert, key


def handshakes(port, context, count):
    start = time.perf_counter()
    for _ in range(count):
        raw = socket.create_connection(("127.0.0.1", port))
        tls = context.wrap_socket(raw, server_hostname="localhost")
        tls.close()
    return count / (time.perf_counter() - start)


def register(sock, nick):
    sock.sendall(f"NICK {nick}\r\nUSER {nick} 0 * :bench\r\n".encode())
    data = b""
    while b" 376 " not in data and b" 422 " not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise RuntimeError(f"{nick}: closed during registration: {data[-200:]!r}")
        data += chunk


def idle_growth(pid, port, count, context, prefix):
    before = rss_bytes(pid)
    socks = []
    for i in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        if context:
            s = context.wrap_socket(s, server_hostname="localhost")
        register(s, f"{prefix}{i}")
        socks.append(s)
    time.sleep(2.5)  # let the servers drop per-connection scratch buffers (ours: next tick)
    grown = (rss_bytes(pid) - before) / count
    for s in socks:
        s.close()
    time.sleep(1)
    return grown


def measure(name, pid, plain, tls, cafile, args):
    context = ssl.create_default_context(cafile=cafile)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    handshakes(tls, context, 20)  # warm-up
    cpu0 = cpu_seconds(pid)
    rate = handshakes(tls, context, args.handshakes)
    cpu_ms = (cpu_seconds(pid) - cpu0) * 1000 / args.handshakes
    version = context.wrap_socket(socket.create_connection(("127.0.0.1", tls)), server_hostname="localhost")
    proto = version.version()
    version.close()
    plain_kib = idle_growth(pid, plain, args.idle, None, "p") / 1024
    tls_kib = idle_growth(pid, tls, args.idle, context, "t") / 1024
    return dict(name=name, rate=rate, cpu_ms=cpu_ms, proto=proto, plain_kib=plain_kib, tls_kib=tls_kib)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("server")
    parser.add_argument("--handshakes", type=int, default=400)
    parser.add_argument("--idle", type=int, default=500)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-tls-") as d:
        cert, key = certificate(d)
        # tachikoma-server
        plain, tls = free_port(), free_port()
        conf = os.path.join(d, "tachikoma.toml")
        open(conf, "w").write("[limits]\nconnections_per_ip = 0\nmax_connections = 0\nflood_burst = 1000\n")
        proc = subprocess.Popen([args.server, "--db", "none", "--config", conf, "--listen", f"127.0.0.1:{plain}",
                                 "--tls-listen", f"127.0.0.1:{tls}", "--tls-cert", cert, "--tls-key", key],
                                stderr=subprocess.DEVNULL)
        try:
            wait_listening(tls)
            rows.append(measure("tachikoma-server", proc.pid, plain, tls, cert, args))
        finally:
            proc.terminate()
            proc.wait()
        # ngIRCd
        plain, tls = free_port(), free_port()
        conf = os.path.join(d, "ngircd.conf")
        open(conf, "w").write(f"""[Global]
Name = ngircd.bench
Info = bench
Listen = 127.0.0.1
Ports = {plain}
MotdPhrase = bench
[Limits]
MaxConnectionsIP = 0
MaxConnections = 0
[Options]
DNS = no
Ident = no
PAM = no
[SSL]
CertFile = {cert}
KeyFile = {key}
Ports = {tls}
""")
        proc = subprocess.Popen(["/usr/sbin/ngircd", "-n", "-f", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_listening(tls)
            rows.append(measure("ngIRCd", proc.pid, plain, tls, cert, args))
        finally:
            proc.terminate()
            proc.wait()
    ours = rows[0]
    print(f"| server | TLS | handshakes/s (1 client) | server CPU ms / handshake | RSS / idle plain conn | RSS / idle TLS conn |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['name']} | {r['proto']} | {r['rate']:.0f} | {r['cpu_ms']:.2f} | {r['plain_kib']:.1f} KiB | {r['tls_kib']:.1f} KiB |")
    if len(rows) == 2:
        peer = rows[1]
        print(f"| ratio ours / ngIRCd | | {ours['rate'] / peer['rate']:.2f} | {ours['cpu_ms'] / max(peer['cpu_ms'], 1e-9):.2f} | "
              f"{ours['plain_kib'] / max(peer['plain_kib'], 1e-9):.2f} | {ours['tls_kib'] / max(peer['tls_kib'], 1e-9):.2f} |")


if __name__ == "__main__":
    main()
