#!/usr/bin/env python3
"""How often an attached program outlives a SIGKILL of dbg inside a hot continue.

    bench/sigkill_survival.py [DBG] [RUNS]      (or `make bench-survival`)

Each run starts Fixtures' tracee (4 threads calling checksum every 10 ms for about 4 s), has
`dbg attach` set `break checksum if i == -1` (a condition that never holds, so every call
traps into dbg) and `continue`, SIGKILLs dbg 1.0-1.4 s later, and waits for the program's own
end: survived when it exits 0 having made all its calls. gdb, killed the same way, leaves
the program to die of SIGTRAP at its next call; dbg-guardian puts the bytes back.
"""
import os, signal, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DBG = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/dbg")
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
TRACEE = os.path.join(ROOT, "Fixtures/build/c/tracee")

survived, statuses = 0, []
for run in range(RUNS):
    program = subprocess.Popen([TRACEE, "400", "4", "10000"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    time.sleep(0.2)  # its threads started (a benchmark's pacing, not a test's synchronisation)
    scratch = tempfile.mkdtemp()
    fifo = os.path.join(scratch, "commands")
    os.mkfifo(fifo)
    commands = os.open(fifo, os.O_RDWR)
    with open(os.path.join(scratch, "output"), "w") as output, open(fifo) as stdin:
        dbg = subprocess.Popen([DBG, "attach", str(program.pid)], stdin=stdin, stdout=output, stderr=subprocess.STDOUT)
        os.write(commands, b"break checksum if i == -1\ncontinue\n")
        time.sleep(1.0 + (run % 5) * 0.1)
        dbg.send_signal(signal.SIGKILL)
        dbg.wait()
    try:
        printed, _ = program.communicate(timeout=30)
        status = program.returncode
    except subprocess.TimeoutExpired:
        program.kill()
        printed, _ = program.communicate()
        status = "timeout"
    os.close(commands)
    ok = status == 0 and b"calls=1600" in printed
    survived += ok
    statuses.append(status)
print(f"{survived}/{RUNS} programs outlived a SIGKILL of dbg inside a hot continue; exit statuses {statuses}")
