#!/usr/bin/env python3
"""dap_bench.py — time what an editor asks a DAP adapter at every stop.

    bench/dap_bench.py [--repeat N] [--log FILE] [--timeout S] ADAPTER PROGRAM SOURCE LINE

ADAPTER is a binary that serves DAP with `ADAPTER dap --listen 127.0.0.1:0` and prints
`DAP server listening at: HOST:PORT` (dbg, dlv). The script starts it, launches PROGRAM
(`mode: exec`) with one breakpoint at SOURCE:LINE, waits for the stop, then at that one
stop times N times the sequence VS Code sends when a program stops:

    threads; stackTrace (startFrame 0, levels 1); stackTrace (startFrame 1, levels 19);
    scopes (top frame); variables (the Locals scope)

and then N single `threads` requests. It continues, disconnects (terminating the program)
and prints one line of key=value pairs on stdout, times in milliseconds:

    per_stop_ms=… first_stop_ms=… threads_ms=… threads=… frames=… locals=… first_split=…

per_stop_ms and threads_ms are medians; first_stop_ms is the first sequence alone (the one
an editor waits for; later ones may be served from caches). threads, frames and locals
count what came back, so the caller can check that the stop was the one it meant;
first_split is the first sequence request by request (threads:MS,stack0+1:MS,…).
Standard library only.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

LISTENING = re.compile(r"DAP server listening at: (\S+):(\d+)")


class DAPError(Exception):
    pass


class Client:
    """A minimal synchronous DAP client: Content-Length frames over TCP. A request is
    answered by the response whose request_seq is its seq; events met while waiting for
    it are kept in order in self.events."""

    def __init__(self, port, timeout, log=None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        # Small requests go out at once: Nagle's delay would be timed otherwise.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.stream = self.sock.makefile("rb")
        self.timeout = timeout
        self.seq = 0
        self.events = []
        self.log = log
        self.noted = []

    def close(self):
        try:
            self.stream.close()
            self.sock.close()
        except OSError:
            pass

    def _note(self, direction, message):
        # Kept, and written by flush_log outside the timed sequences: encoding a
        # 1024-thread reply for the log would be timed too.
        if self.log is not None:
            self.noted.append((direction, message))

    def flush_log(self):
        if self.log is not None:
            for direction, message in self.noted:
                self.log.write(f"{direction} {json.dumps(message)[:2000]}\n")
            self.log.flush()
        self.noted = []

    def send(self, command, arguments=None):
        self.seq += 1
        message = {"seq": self.seq, "type": "request", "command": command}
        if arguments is not None:
            message["arguments"] = arguments
        body = json.dumps(message).encode()
        self.sock.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self._note(">", message)
        return self.seq

    def _read(self):
        length = None
        while True:
            line = self.stream.readline()
            if not line:
                raise DAPError("the adapter closed the connection")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None:
            raise DAPError("a frame without Content-Length")
        body = self.stream.read(length)
        if len(body) != length:
            raise DAPError("the adapter closed the connection inside a frame")
        message = json.loads(body)
        self._note("<", message)
        return message

    def request(self, command, arguments=None):
        """Sends a request and returns its response's body; a failed response raises."""
        seq = self.send(command, arguments)
        while True:
            message = self._read()
            if message.get("type") == "response" and message.get("request_seq") == seq:
                if not message.get("success"):
                    raise DAPError(f"{command} failed: {message.get('message')} {message.get('body')}")
                return message.get("body") or {}
            if message.get("type") == "event":
                self.events.append(message)
            # A response to an earlier request (none is left pending here) is dropped.

    def wait_event(self, name, seconds):
        """Returns the first event NAME not yet taken (kept or arriving within SECONDS)."""
        deadline = time.monotonic() + seconds
        while True:
            for i, event in enumerate(self.events):
                if event.get("event") == name:
                    return self.events.pop(i)
            left = deadline - time.monotonic()
            if left <= 0:
                raise DAPError(f"no '{name}' event within {seconds} s")
            self.sock.settimeout(left)
            try:
                message = self._read()
            except socket.timeout:
                raise DAPError(f"no '{name}' event within {seconds} s") from None
            finally:
                self.sock.settimeout(self.timeout)
            if message.get("type") == "event":
                self.events.append(message)


def start_adapter(adapter, output_path, seconds):
    """Starts `ADAPTER dap --listen 127.0.0.1:0` (stdout and stderr to a file, so that a
    chatty adapter never blocks on a full pipe) and polls the file for the port."""
    output = open(output_path, "wb")
    process = subprocess.Popen([adapter, "dap", "--listen", "127.0.0.1:0"],
                               stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)
    output.close()
    deadline = time.monotonic() + seconds
    while True:
        with open(output_path, "r", errors="replace") as f:
            match = LISTENING.search(f.read())
        if match:
            return process, int(match.group(2))
        if process.poll() is not None:
            raise DAPError(f"{adapter} exited ({process.returncode}) before listening")
        if time.monotonic() > deadline:
            process.kill()  # only the adapter this script started
            process.wait()
            raise DAPError(f"{adapter} did not print where it listens within {seconds} s")
        time.sleep(0.01)  # a poll interval, not a wait for readiness


def stop_sequence(client, thread_id, split=None):
    """The requests VS Code sends at a stop, in its order; returns (threads, frames, locals).
    SPLIT, a list, receives (request, seconds) for each request."""
    def timed(label, command, arguments=None):
        t0 = time.perf_counter()
        body = client.request(command, arguments)
        if split is not None:
            split.append((label, time.perf_counter() - t0))
        return body

    threads = timed("threads", "threads")["threads"]
    top = timed("stack0+1", "stackTrace", {"threadId": thread_id, "startFrame": 0, "levels": 1})["stackFrames"]
    if not top:
        raise DAPError("stackTrace returned no frame")
    rest = timed("stack1+19", "stackTrace", {"threadId": thread_id, "startFrame": 1, "levels": 19})["stackFrames"]
    scopes = timed("scopes", "scopes", {"frameId": top[0]["id"]})["scopes"]
    # Locals by name (dbg and dlv both call it that); else the first scope, as VS Code
    # expands the first scope.
    local = next((s for s in scopes if s["name"].lower() == "locals"), scopes[0] if scopes else None)
    variables = []
    if local is not None and local["variablesReference"]:
        variables = timed("variables", "variables",
                          {"variablesReference": local["variablesReference"]})["variables"]
    return len(threads), 1 + len(rest), len(variables)


def run(args):
    program = os.path.abspath(args.program)
    source = os.path.abspath(args.source)
    workdir = None if args.adapter_log else tempfile.mkdtemp(prefix="dap_bench.")
    adapter_log = args.adapter_log or os.path.join(workdir, "adapter.out")
    log = open(args.log, "w") if args.log else None
    process = client = None
    try:
        process, port = start_adapter(args.adapter, adapter_log, args.timeout)
        client = Client(port, args.timeout, log)
        client.request("initialize", {
            "clientID": "vscode", "adapterID": "go", "pathFormat": "path",
            "linesStartAt1": True, "columnsStartAt1": True,
            "supportsVariableType": True, "supportsVariablePaging": True,
            "supportsRunInTerminalRequest": False,
        })
        client.request("launch", {"request": "launch", "mode": "exec", "program": program})
        client.wait_event("initialized", args.timeout)
        body = client.request("setBreakpoints", {"source": {"path": source}, "breakpoints": [{"line": args.line}]})
        if not body.get("breakpoints") or not body["breakpoints"][0].get("verified"):
            raise DAPError(f"breakpoint at {source}:{args.line} not verified: {body}")
        client.request("configurationDone")
        stopped = client.wait_event("stopped", args.timeout)["body"]
        if stopped.get("reason") != "breakpoint":
            raise DAPError(f"stopped for '{stopped.get('reason')}', not at the breakpoint")
        thread_id = stopped["threadId"]

        # The sequence, N times at this one stop. Only the first one goes to the log:
        # the rest repeat it.
        times = []
        first_split = []
        counts = None
        for i in range(args.repeat):
            t0 = time.perf_counter()
            counts = stop_sequence(client, thread_id, first_split if i == 0 else None)
            times.append(time.perf_counter() - t0)
            if i == 0:
                client.flush_log()
                client.log = None
        thread_times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            client.request("threads")
            thread_times.append(time.perf_counter() - t0)
        client.log = log

        # Run to the end and let the adapter go: both end the session after disconnect.
        client.request("continue", {"threadId": thread_id})
        client.wait_event("terminated", args.timeout)
        client.request("disconnect", {"terminateDebuggee": True})
        client.flush_log()
        client.close()
        client = None
        try:
            process.wait(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            print(f"dap_bench: {args.adapter} still running after disconnect; killed", file=sys.stderr)
    finally:
        if client is not None:
            client.log = log
            client.flush_log()  # what was said before the failure
            client.close()
        if process is not None and process.poll() is None:
            # Only this adapter (its launched program dies with it or is reparented and
            # killed when the adapter's ptrace goes away).
            process.send_signal(signal.SIGKILL)
            process.wait()
        if log is not None:
            log.close()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)

    threads, frames, local_count = counts
    ms = lambda seconds: f"{seconds * 1000:.3f}"
    print(f"per_stop_ms={ms(statistics.median(times))} first_stop_ms={ms(times[0])} "
          f"threads_ms={ms(statistics.median(thread_times))} "
          f"threads={threads} frames={frames} locals={local_count} "
          f"first_split={','.join(f'{label}:{ms(t)}' for label, t in first_split)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("adapter", help="dbg or dlv (run as ADAPTER dap --listen 127.0.0.1:0)")
    parser.add_argument("program", help="the program to launch (mode exec)")
    parser.add_argument("source", help="the source file of the breakpoint")
    parser.add_argument("line", type=int, help="the breakpoint's line")
    parser.add_argument("--repeat", type=int, default=20, help="sequences timed at the stop (default 20)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds allowed for any one wait")
    parser.add_argument("--log", help="write the DAP messages (setup, first sequence, end) here")
    parser.add_argument("--adapter-log", help="the adapter's own stdout and stderr go here")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    try:
        run(args)
    except (DAPError, OSError) as error:
        print(f"dap_bench: {os.path.basename(args.adapter)}: {error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
