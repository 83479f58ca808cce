#!/usr/bin/env python3
"""drive.py — time single commands inside one debugger session (for bench/run.sh).

    drive.py [--timeout S] [--log FILE] STEPS -- CMD [ARG...]

Starts CMD (dbg, gdb or dlv reading commands on its standard input, which must
be a pipe) and follows the STEPS file, one step a line:

    send TEXT     write TEXT and a newline to CMD's standard input
    wait REGEX    wait until a line of CMD's output (stdout and stderr together)
                  matches REGEX (Python re.search), reading on from the line after
                  the previous match; gives up after --timeout seconds
    mark NAME     note the time now

Then closes CMD's standard input and waits for it to exit. Prints one line
"NAME SECONDS" per mark (seconds since CMD started, monotonic clock); the output
of CMD goes to --log (default: discarded).

A command is timed by a mark just before sending it (after the previous command
is known to be done) and a mark when the reply to a marker command sent right
after it appears: `send next`, `send print 4243`, `wait 4243$`, `mark after`.
The debugger runs the commands one after the other, so the marker's reply comes
once the timed command is complete.

Exit status: 0; 124 when a wait timed out (the marks up to it are printed, then
"timeout NAME-OF-NEXT-MARK"), and the program CMD debugs is killed, then CMD; 1 when
CMD's output ended before the wait matched ("eof NAME-OF-NEXT-MARK").
"""
import os
import re
import resource
import signal
import subprocess
import sys
import threading
import time


def no_core_files():
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv):
    timeout, log = 60.0, os.devnull
    args = argv[1:]
    while args and args[0].startswith("--") and args[0] != "--":
        opt = args.pop(0)
        if opt == "--timeout":
            timeout = float(args.pop(0))
        elif opt == "--log":
            log = args.pop(0)
        else:
            sys.exit(f"drive.py: unknown option {opt}")
    if len(args) < 3 or args[1] != "--":
        sys.exit(__doc__)
    steps_file, cmd = args[0], args[2:]
    with open(steps_file) as f:
        steps = [line.rstrip("\n").split(" ", 1) for line in f if line.strip()]

    logf = open(log, "w")
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True,
                            preexec_fn=no_core_files)
    lines, cond = [], threading.Condition()
    eof = [False]

    def reader():
        for raw in proc.stdout:
            text = raw.decode("utf-8", "replace").rstrip("\n")
            logf.write(text + "\n")
            with cond:
                lines.append(text)
                cond.notify_all()
        with cond:
            eof[0] = True
            cond.notify_all()

    t = threading.Thread(target=reader, daemon=True)
    t.start()

    def descendants(root):
        children = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    with open(f"/proc/{d}/stat") as f:
                        ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(d))
        found, todo = [], [root]
        while todo:
            for c in children.get(todo.pop(), []):
                found.append(c)
                todo.append(c)
        return found

    def kill():
        # The debugged program first, so that the debugger, still alive, reaps it
        # (an orphan killed with its debugger stays a zombie where PID 1 does not
        # reap) and is not interrupted mid-command (gdb asserts on SIGTERM during
        # `next`); then end of input, and SIGKILL for what is left.
        for pid in descendants(proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            proc.stdin.close()
        except BrokenPipeError:
            pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    pos, out = 0, []
    for i, step in enumerate(steps):
        op, arg = step[0], (step[1] if len(step) > 1 else "")
        if op == "send":
            try:
                proc.stdin.write((arg + "\n").encode())
                proc.stdin.flush()
            except BrokenPipeError:
                pass
        elif op == "mark":
            out.append(f"{arg} {time.monotonic() - start:.6f}")
        elif op == "wait":
            rx = re.compile(arg)
            deadline = time.monotonic() + timeout
            found = False
            with cond:
                while True:
                    while pos < len(lines):
                        pos += 1
                        if rx.search(lines[pos - 1]):
                            found = True
                            break
                    if found or eof[0]:
                        break
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    cond.wait(left)
            if not found:
                nxt = next((s[1] for s in steps[i:] if s[0] == "mark"), "?")
                ended = eof[0]
                kill()
                print("\n".join(out + [("eof " if ended else "timeout ") + nxt]))
                logf.flush()
                return 1 if ended else 124
        else:
            sys.exit(f"drive.py: unknown step {op}")
    try:
        proc.stdin.close()
    except BrokenPipeError:
        pass
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill()
        proc.wait()
    t.join(timeout=5)
    logf.close()
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
