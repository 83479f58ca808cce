#!/usr/bin/env python3
"""The headless server under abuse, dbg beside Delve, same machine, same run.

    bench/server_abuse.py DBG [DLV]

Each server debugs Fixtures/build/go/hot (a Go program both can launch) with
--headless --accept-multiclient (one test without), and gets in turn:
  - 100 MB of a request without a newline (or a closing brace);
  - 1,000 connections at once;
  - a client that sends 10,000 requests and never reads a reply;
  - a peer from a non-loopback address of this machine, to a server on 127.0.0.1.
Printed: the server's resident memory (VmRSS before, VmHWM peak, VmRSS after, from
/proc/PID/status), its open descriptors, what the clients saw, and whether a fresh
client is still served afterwards. Measurements only: nothing here passes or fails.
"""
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAM = os.path.join(ROOT, "Fixtures/build/go/hot")


def status(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


class Server:
    def __init__(self, binary, multiclient=True):
        args = [binary, "exec", "--headless", PROGRAM]
        if multiclient:
            args.insert(3, "--accept-multiclient")
        if os.path.basename(binary) == "dlv":
            args += ["--api-version=2"]
        self.log = open(f"/tmp/server-abuse-{os.getpid()}.log", "w+")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, cwd=ROOT,
                                     stdin=subprocess.DEVNULL)
        for _ in range(200):
            self.log.seek(0)
            m = re.search(r"API server listening at: [\d.]+:(\d+)", self.log.read())
            if m:
                self.port = int(m.group(1))
                break
            time.sleep(0.05)
        else:
            raise RuntimeError("no listening line")
        # Delve's server process is dlv itself (the program is its child).
        self.pid = self.proc.pid

    def call(self, method, params=None, timeout=10, source=None):
        s = socket.socket()
        if source:
            s.bind((source, 0))
        s.settimeout(timeout)
        s.connect(("127.0.0.1", self.port))
        s.sendall(json.dumps({"method": "RPCServer." + method, "params": [params or {}], "id": 1}).encode())
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        return json.loads(data) if data else None

    def served(self):
        try:
            reply = self.call("ProcessPid")
            return bool(reply and reply.get("result"))
        except OSError:
            return False

    def output(self):
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        try:
            self.call("Detach", {"Kill": True}, timeout=5)
        except OSError:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def hundred_megabytes(binary):
    server = Server(binary)
    before = status(server.pid, "VmRSS")
    s = socket.create_connection(("127.0.0.1", server.port))
    reply = []

    def read():
        try:
            reply.append(s.recv(1000))
        except OSError as e:
            reply.append(repr(e).encode())

    reader = threading.Thread(target=read)
    reader.start()
    sent = 0
    start = time.time()
    try:
        s.sendall(b'{"method":"RPCServer.Eval","params":[{"Expr":"')
        piece = b"x" * (1 << 20)
        for _ in range(100):
            s.sendall(piece)
            sent += len(piece)
    except OSError:
        pass
    elapsed = time.time() - start
    time.sleep(1)
    peak = status(server.pid, "VmHWM")
    after = status(server.pid, "VmRSS")
    others = server.served()
    s.close()
    reader.join(5)
    server.stop()
    print(f"  100 MB without a newline: RSS {before / 1024:.1f} MB before, peak {peak / 1024:.1f} MB, "
          f"after {after / 1024:.1f} MB; {sent >> 20} MiB taken in {elapsed:.1f} s; "
          f"reply: {reply[0][:90] if reply else None}; others served: {others}")


def thousand_connections(binary, multiclient=True):
    server = Server(binary, multiclient)
    first = socket.create_connection(("127.0.0.1", server.port))
    before = fds(server.pid)
    clients, refused_at_connect = [], 0
    for _ in range(1000):
        try:
            c = socket.create_connection(("127.0.0.1", server.port), timeout=3)
            clients.append(c)
        except OSError:
            refused_at_connect += 1
    served = closed = 0
    for c in clients:
        c.settimeout(3)
        try:
            c.sendall(json.dumps({"method": "RPCServer.ProcessPid", "params": [{}], "id": 1}).encode())
            if c.recv(1000):
                served += 1
            else:
                closed += 1
        except OSError:
            closed += 1
    # After every client had its answer (or its end): Delve accepts slowly, dbg at once.
    during = fds(server.pid)
    for c in clients:
        c.close()
    time.sleep(1)
    after = fds(server.pid)
    rss = status(server.pid, "VmHWM")
    if multiclient:
        fresh = server.served()
    else:
        fresh = None
    first.close()
    server.stop()
    mode = "multiclient" if multiclient else "one client"
    print(f"  1,000 connections ({mode}): {served} served, {closed} closed by the server, "
          f"{refused_at_connect} refused at connect; fds {before} -> {during} (all answered) -> {after} (all gone); "
          f"peak RSS {rss / 1024:.1f} MB; a new client served afterwards: {fresh}")


def never_reads(binary):
    server = Server(binary)
    state = server.call("State", {"NonBlocking": False})
    threads = ((state or {}).get("result") or {}).get("State", {}).get("Threads") or [{}]
    pc = threads[0].get("pc", 0) & ~0xfff
    before = status(server.pid, "VmRSS")
    s = socket.create_connection(("127.0.0.1", server.port))
    s.settimeout(20)
    request = json.dumps({"method": "RPCServer.ExamineMemory", "params": [{"Address": pc, "Length": 1000}],
                          "id": 1}).encode()
    sent = 0
    try:
        for _ in range(100_000):
            s.sendall(request)
            sent += 1
    except OSError:
        pass
    time.sleep(2)
    peak = status(server.pid, "VmHWM")
    after = status(server.pid, "VmRSS")
    others = server.served()
    s.close()
    server.stop()
    print(f"  a client that never reads ({sent} requests of 1,000 bytes of memory sent): RSS {before / 1024:.1f} MB "
          f"before, peak {peak / 1024:.1f} MB, after {after / 1024:.1f} MB; others served: {others}")


def non_loopback_peer(binary):
    addresses = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    source = next((a for a in addresses if "." in a and not a.startswith("127.")), None)
    if not source:
        print("  non-loopback peer: no such address here")
        return
    server = Server(binary)
    try:
        reply = server.call("ProcessPid", source=source, timeout=3)
        outcome = "served" if reply and reply.get("result") else "closed"
    except OSError as e:
        outcome = f"refused ({e.__class__.__name__})"
    log = [line for line in server.output().splitlines() if source in line]
    server.stop()
    print(f"  a peer from {source} to a server on 127.0.0.1: {outcome}; log: {log[:1]}")


def main():
    for binary in sys.argv[1:]:
        print(binary)
        hundred_megabytes(binary)
        thousand_connections(binary)
        thousand_connections(binary, multiclient=False)
        never_reads(binary)
        non_loopback_peer(binary)


if __name__ == "__main__":
    main()
