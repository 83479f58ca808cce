#!/usr/bin/env bash
# bench/run.sh — dbg's benchmark, dbg beside gdb (and Delve for Go) in the same run.
#
#   bench/run.sh                 (or `make bench`, which builds dbg and the fixtures first)
#   DBG=path/to/dbg bench/run.sh use another dbg binary (default: .build/release/dbg)
#   RUNS=5 JOBS=2                timed runs per tool (median reported); compile parallelism
#   DAP_REPEAT=20                requests sequences timed at one stop in the dap section
#
#   bench/run.sh SECTION...      run only these sections (names below), in the order given
#
# Sections (each a function section_NAME; all of them, in this order, by default):
#   symbols   open a big binary and resolve one function breakpoint and one
#             FILE:LINE breakpoint: `dbg lookup` vs `gdb -batch … info line` (vs Delve for Go).
#   next      `next` over a one-line loop of 10,000,000 iterations (Fixtures loops spin).
#   continue  10,000 breakpoint hits in one `continue`: a condition false until the
#             last hit, and a hit count (gdb `ignore`) (Fixtures loops tick).
#   memory    read a 64 MiB global array (Fixtures loops big): MB/s.
#   go        launch to the first breakpoint in bench/gobig plus `stack` and `args`
#             (wall time, peak RSS) beside gdb and Delve; `goroutines` on 10,000
#             goroutines (Fixtures manyg) beside Delve.
#   swift     launch Fixtures swift/zoo to its breakpoint plus `stack` and `locals` (wall time,
#             peak RSS) beside LLDB (the Swift toolchain's); `tasks` on 10,000 suspended
#             tasks (Fixtures swift/manytasks; LLDB cannot list tasks on Linux).
#   trace     calls per second of `dbg trace` (uprobe and ptrace backends) beside
#             `gdb -batch -ex 'dprintf …'` on a C program (Fixtures tracee) and
#             `dlv trace` on a Go program (Fixtures hot), and uftrace's record +
#             replay on the C program when uftrace is installed; also `make bench-trace`.
#   dap       `dbg dap` beside `dlv dap`: the requests VS Code sends at every stop (threads,
#             stackTrace 0+1 and 1+19, scopes, variables of Locals), timed at one stop by
#             bench/dap_bench.py, on 10,000 goroutines (Fixtures manyg) and on a C program
#             (Fixtures structs, dbg only: Delve debugs Go only); and one `threads` alone.
#
# The sections next, continue, memory and go (goroutines) time one debugger command
# inside a session: bench/drive.py feeds the debugger its commands through a pipe and
# notes the time when the command is sent and when the answer to a marker command
# (`print 4242002`) sent right after it comes back (see `timed`).
#
# Generated inputs and outputs live in bench/out/ (git-ignored) and are only
# generated when missing, so a second run is quick. Each run's tables are
# printed and appended, with a timestamp, to bench/out/results.txt.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
OUT="$BENCH_DIR/out"
DBG=${DBG:-$ROOT/.build/release/dbg}
RUNS=${RUNS:-5}
TRACE_RUNS=${TRACE_RUNS:-3}
DAP_REPEAT=${DAP_REPEAT:-20}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
# The C generator lives in the shared/ tree beside the repository.
GEN_C=${GEN_C:-$(cd "$BENCH_DIR/../.." && pwd)/shared/bench/gen_big_c.py}
RESULTS="$OUT/results.txt"
TIME=/usr/bin/time

# gdb must not go to the network for debug info, nor read any init file.
unset DEBUGINFOD_URLS || true
export LC_ALL=C

REPORT=""        # everything that goes to results.txt as well as stdout
SUMMARY=()       # "target: met/not met" lines, printed at the end

say()    { printf '%s\n' "$*"; }
report() { printf '%s\n' "$*"; REPORT+="$*"$'\n'; }
note()   { printf '%s\n' "$*" >&2; }
die()    { note "bench: $*"; exit 1; }

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

check_tools() {
    [[ -x $DBG ]] || die "no dbg binary at $DBG (run 'make build' or set DBG=path)"
    [[ -x $TIME ]] || die "$TIME missing (install package 'time', or run 'make deps')"
    command -v gdb >/dev/null || die "gdb missing (run 'make deps')"
    mkdir -p "$OUT"
}

# size_mb FILE -> size in MB (10^6 bytes), one decimal
size_mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1e6 }'; }

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }

# measure NAME CMD... : one warm-up run (its output kept in $OUT/last.NAME.out for
# display), then $RUNS timed runs. Each run goes through `/usr/bin/time -f '%e %M'`
# for the peak RSS; the wall time is taken around it with $EPOCHREALTIME because
# %e only has 10 ms resolution, too coarse for the small binaries.
# Sets M_TIME (median seconds) and M_MB (median peak RSS, MB of 10^6 bytes). Fails if the
# command exits non-zero. Standard input is $MEASURE_IN (default /dev/null).
measure() {
    local name=$1; shift
    local tfile="$OUT/.time.$name" log="$OUT/last.$name.out" in=${MEASURE_IN:-/dev/null}
    "$TIME" -o "$tfile" -f '%e %M' "$@" >"$log" 2>&1 <"$in" \
        || { cat "$log" >&2; die "$name failed: $*"; }
    local times=() rss=() i t0 t1
    for ((i = 0; i < RUNS; i++)); do
        t0=$EPOCHREALTIME
        "$TIME" -o "$tfile" -f '%e %M' "$@" >/dev/null 2>&1 <"$in" \
            || die "$name failed on run $((i + 1)): $*"
        t1=$EPOCHREALTIME
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')")
        rss+=("$(awk '{ print $2 }' "$tfile")")
    done
    rm -f "$tfile"
    M_TIME=$(printf '%s\n' "${times[@]}" | median)
    M_MB=$(printf '%s\n' "${rss[@]}" | median | awk '{ printf "%.1f", $1 * 1024 / 1e6 }')
}

# verdict LABEL VALUE LIMIT : records "met"/"not met" for VALUE <= LIMIT
verdict() {
    local ok
    ok=$(awk -v v="$2" -v l="$3" 'BEGIN { print (v != "-" && v + 0 <= l + 0) ? "met" : "NOT MET" }')
    SUMMARY+=("$1: $2 (target <= $3) — $ok")
}

# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------

# build_c_input NFILES NFUN : sets C_BIN, C_FUNC, C_LINE for the generated program
# in $OUT/c-NFILESxNFUN (built once; objects compiled $JOBS at a time).
build_c_input() {
    local nfiles=$1 nfun=$2
    local dir="$OUT/c-${nfiles}x${nfun}"
    local mid=$((nfiles / 2)) k=$((nfun / 2))
    C_BIN="$dir/big"
    C_FUNC="f${mid}_${k}"
    if [[ ! -x $C_BIN ]]; then
        note "bench: generating and compiling $nfiles x $nfun C program in ${dir#"$ROOT"/} (once; -j$JOBS)…"
        rm -rf "$dir" && mkdir -p "$dir"
        (
            cd "$dir"
            python3 "$GEN_C" "$nfiles" "$nfun"
            ls ./*.c | sed 's/\.c$//' | xargs -P "$JOBS" -I{} gcc -g -O0 -c -o {}.o {}.c
            gcc -g -O0 -o big.tmp ./*.o
            rm -f ./*.o
            mv big.tmp big
        )
    fi
    # A line inside the middle function's body: `if (s) y += s->a;`, two lines
    # after its opening line (so it is not the function's own breakpoint address).
    local start
    start=$(grep -n "^int ${C_FUNC}(" "$dir/m${mid}.c" | cut -d: -f1)
    [[ -n $start ]] || die "$C_FUNC not found in $dir/m${mid}.c"
    C_LINE="m${mid}.c:$((start + 2))"
}

# build_go_input : sets GO_BIN, GO_LINE (bench/gobig built with -N -l, once).
build_go_input() {
    GO_BIN="$OUT/gobig"
    local src="$BENCH_DIR/gobig"
    if [[ ! -x $GO_BIN || $src/main.go -nt $GO_BIN ]]; then
        note "bench: building bench/gobig…"
        (cd "$src" && GOFLAGS=-mod=mod GOTOOLCHAIN=local GOPROXY=off \
            go build -gcflags='all=-N -l' -o "$GO_BIN.tmp" .) && mv "$GO_BIN.tmp" "$GO_BIN"
    fi
    local line
    line=$(grep -n 'words := strings.Fields' "$src/main.go" | cut -d: -f1)
    [[ -n $line ]] || die "marker line not found in $src/main.go"
    GO_LINE="main.go:$line"
}

# ---------------------------------------------------------------------------
# Section: symbols — open a big binary, resolve FUNC and FILE:LINE
# ---------------------------------------------------------------------------

SYM_FMT='%-18s %8s %7s %7s %-14s %7s %7s %-13s %7s %7s\n'

# symbols_row LABEL BIN FUNC FILE:LINE [dlv] [TARGETS]
# Measures dbg and gdb (and Delve when the 5th argument is "dlv"); prints what
# each answered on the warm-up run, then one table row (buffered in SYM_ROWS).
symbols_row() {
    local label=$1 bin=$2 func=$3 fileline=$4 with_dlv=${5:-} targets=${6:-}
    local dbg_t dbg_m gdb_t gdb_m dlv_t=- dlv_m=-

    measure dbg "$DBG" lookup "$bin" "$func" "$fileline"
    dbg_t=$M_TIME dbg_m=$M_MB
    local dbg_out; dbg_out=$(sed 's/^/    /' "$OUT/last.dbg.out")

    measure gdb gdb -batch -nx -ex "info line $func" -ex "info line $fileline" "$bin"
    gdb_t=$M_TIME gdb_m=$M_MB
    local gdb_out; gdb_out=$(grep -E '^(Line|No line|Function)' "$OUT/last.gdb.out" | sed 's/^/    /' || true)
    grep -q 'starts at address\|is at address' "$OUT/last.gdb.out" \
        || note "bench: warning: gdb did not resolve $func / $fileline in $label"

    local dlv_out=""
    if [[ $with_dlv == dlv ]]; then
        printf 'break %s\nbreak %s\nexit\n' "$func" "$fileline" >"$OUT/dlv.init"
        measure dlv dlv exec "$bin" --init "$OUT/dlv.init" --allow-non-terminal-interactive=true
        dlv_t=$M_TIME dlv_m=$M_MB
        dlv_out=$(grep -E '^Breakpoint' "$OUT/last.dlv.out" | sed 's/^/    /' || true)
    fi

    say "  $label: $func, $fileline — $(agreement)"
    say "   dbg:"; say "$dbg_out"
    say "   gdb:"; say "$gdb_out"
    [[ -z $dlv_out ]] || { say "   dlv:"; say "$dlv_out"; }

    local tr mr
    tr=$(ratio "$dbg_t" "$gdb_t") mr=$(ratio "$dbg_m" "$gdb_m")
    local tt="" mt=""
    if [[ -n $targets ]]; then
        tt="<=${targets%/*}" mt="<=${targets#*/}"
        verdict "$label time dbg/gdb" "$tr" "${targets%/*}"
        verdict "$label memory dbg/gdb" "$mr" "${targets#*/}"
    fi
    SYM_ROWS+=("$(printf "$SYM_FMT" "$label" "$(size_mb "$bin")" \
        "$(printf %.3f "$dbg_t")" "$(printf %.3f "$gdb_t")" "$tr${tt:+ ($tt)}" \
        "$dbg_m" "$gdb_m" "$mr${mt:+ ($mt)}" \
        "$( [[ $dlv_t == - ]] && echo - || printf %.3f "$dlv_t")" "$dlv_m")")
}

# agreement : compares the warm-up answers in $OUT/last.{dbg,gdb}.out. dbg's
# function address is its breakpoint address (after the prologue), which is
# where gdb's line for the function's opening line ends; dbg's FILE:LINE address
# is where gdb's line starts.
agreement() {
    local d_fn d_ln g_fn_end g_ln
    d_fn=$(head -n 1 "$OUT/last.dbg.out" | grep -o '(0x[0-9a-f]*)' | tr -d '()' || true)
    d_ln=$(tail -n 1 "$OUT/last.dbg.out" | grep -o '(0x[0-9a-f]*)' | tr -d '()' || true)
    g_fn_end=$(grep '^Line' "$OUT/last.gdb.out" | sed -n 1p | sed -n 's/.* and ends at \(0x[0-9a-f]*\).*/\1/p')
    g_ln=$(grep '^Line' "$OUT/last.gdb.out" | sed -n 2p | sed -n 's/.* starts at address \(0x[0-9a-f]*\).*/\1/p')
    if [[ -n $d_fn && $d_fn == "$g_fn_end" && -n $d_ln && $d_ln == "$g_ln" ]]; then
        echo "dbg and gdb agree"
    else
        echo "CHECK: dbg ($d_fn, $d_ln) vs gdb (past prologue $g_fn_end, line $g_ln)"
    fi
}

section_symbols() {
    SYM_ROWS=()
    say "== symbols: open a binary, resolve one function and one FILE:LINE (median of $RUNS runs after 1 warm-up) =="
    say "What each tool answered on the warm-up run:"

    if [[ -f $GEN_C ]]; then
        local spec nfiles nfun targets
        for spec in 40x250 200x250 400x250; do
            nfiles=${spec%x*} nfun=${spec#*x}
            targets=""
            [[ $spec == 400x250 ]] && targets="0.25/0.5"
            build_c_input "$nfiles" "$nfun"
            symbols_row "C ${nfiles}x${nfun}" "$C_BIN" "$C_FUNC" "$C_LINE" "" "$targets"
        done
    else
        say "  (C inputs skipped: generator not found at $GEN_C)"
        SUMMARY+=("C 400x250 targets: not measured (generator $GEN_C missing)")
    fi

    if command -v go >/dev/null; then
        build_go_input
        local dlv=""
        command -v dlv >/dev/null && dlv=dlv
        symbols_row "Go gobig -N -l" "$GO_BIN" main.main "$GO_LINE" "$dlv"
    else
        say "  (Go input skipped: go not installed)"
    fi

    report ""
    report "symbols — $(date '+%Y-%m-%d %H:%M:%S')  dbg=${DBG#"$ROOT"/}  runs=$RUNS (median)  host=$(uname -n) $(nproc) cpu"
    report "$(printf "$SYM_FMT" binary "size MB" "dbg s" "gdb s" "time ratio" "dbg MB" "gdb MB" "mem ratio" "dlv s" "dlv MB")"
    local row
    for row in "${SYM_ROWS[@]}"; do report "$row"; done
    report "C NxM: N files of M functions from gen_big_c.py, gcc -g -O0. Targets on C 400x250 (31 MB, 100k functions):"
    report "  time dbg/gdb <= 0.25, memory dbg/gdb <= 0.5 (shown in parentheses)."
    report "s: wall clock seconds; MB: peak RSS (/usr/bin/time %M), 10^6 bytes. dlv: 'dlv exec' with two breaks then exit —"
    report "  Delve also launches the process, which is part of its cost."
}

# ---------------------------------------------------------------------------
# Helpers for the sections that time one command in a session
# (next, continue, memory, goroutines)
# ---------------------------------------------------------------------------

SESSION_TIMEOUT=${SESSION_TIMEOUT:-120}   # seconds a drive.py wait may take
GDB_NEXT_TIMEOUT=${GDB_NEXT_TIMEOUT:-30}  # gdb's `next` single-steps: minutes

# fixture NAME... : builds Fixtures/build/NAME (incremental) and checks it is there.
fixture() {
    local f
    make -s -C "$ROOT/Fixtures" "${@/#/build/}" >&2 || die "could not build fixtures $*"
    for f in "$@"; do [[ -x $ROOT/Fixtures/build/$f ]] || die "fixture $f missing"; done
}

# line_of FILE TEXT : the number of the first line of FILE containing TEXT
# (line numbers are looked up, never written down: the fixtures change).
line_of() {
    local n
    n=$(grep -nF -- "$2" "$1" | head -n 1 | cut -d: -f1)
    [[ -n $n ]] || die "'$2' not found in $1"
    echo "$n"
}

# The marker commands: `print 4242001` answers "4242001" in dbg, "(dlv) 4242001"
# in Delve and "(gdb) $N = 4242001" in gdb; the echo "(dbg) print 4242001" does not match.
marker_wait() { printf 'wait (^|= |\\) )%s$\n' "$1"; }

# steps NAME SETUP... -- TIMED... [-- AFTER...] : writes the drive.py steps file
# $OUT/NAME.steps and prints its path: send the SETUP commands and wait until they
# are done (a marker command answered), mark "before", send the TIMED commands and a
# marker, mark "after" when it answers, then send the AFTER commands (checks, not
# timed) and wait for them. Each command is the debugger's own text.
steps() {
    local f="$OUT/$1.steps"; shift
    {
        while (($#)) && [[ $1 != -- ]]; do echo "send $1"; shift; done
        (($#)) && shift
        echo "send print 4242001"; marker_wait 4242001; echo "mark before"
        while (($#)) && [[ $1 != -- ]]; do echo "send $1"; shift; done
        (($#)) && shift
        echo "send print 4242002"; marker_wait 4242002; echo "mark after"
        while (($#)); do echo "send $1"; shift; done
        echo "send print 4242003"; marker_wait 4242003
    } >"$f"
    echo "$f"
}

# timed NAME TIMEOUT STEPS CMD... : bench/drive.py runs the debugger CMD with its
# commands from STEPS (see `steps`): one warm-up run (its output kept in
# $OUT/last.NAME.out, for the checks), then $RUNS timed runs. The time of a run is
# from the moment the TIMED commands are sent (the debugger being idle, done with
# the setup) to the moment the marker sent after them is answered; launching the
# debugger and the program is not in it.
# Sets T_OP (median seconds) and T_TIMEDOUT (1 when the warm-up hit TIMEOUT: then
# no further run is made and T_OP is "-").
timed() {
    local name=$1 to=$2 steps=$3; shift 3
    local log="$OUT/last.$name.out" i res rc ts=() runlog
    T_TIMEDOUT=0 T_OP=-
    for ((i = 0; i <= RUNS; i++)); do
        runlog=/dev/null; ((i == 0)) && runlog=$log
        rc=0
        res=$(python3 "$BENCH_DIR/drive.py" --timeout "$to" --log "$runlog" "$steps" -- "$@") || rc=$?
        if ((rc == 124 && i == 0)); then
            T_TIMEDOUT=1
            return 0
        fi
        if ((rc != 0)); then
            ((i == 0)) && tail -n 20 "$log" | sed 's/^/    /' >&2
            die "$name: run $i: $( ((rc == 124)) && echo "timed out after $to s" || echo "the session ended early"): $*"
        fi
        ((i == 0)) && continue
        ts+=("$(awk '$1 == "before" { b = $2 } $1 == "after" { a = $2 } END { printf "%.6f", a - b }' <<<"$res")")
    done
    T_OP=$(printf '%s\n' "${ts[@]}" | median)
}

# expect LOG PATTERN WHAT : when the warm-up output LOG lacks PATTERN (an extended
# regex), warns and records a CHECK line for the report: the timing would be of
# the wrong thing.
expect() {
    grep -Eq -- "$2" "$1" && return 0
    note "bench: CHECK: $3 — /$2/ not in ${1#"$ROOT"/}:"
    sed 's/^/    /' "$1" | tail -n 15 >&2
    CHECKS+=("$3 (see ${1#"$ROOT"/})")
    return 1
}

# failed NAME LOG : records a CHECK line when a dbg session reported a failed command
failed() {
    grep -q 'Command failed' "$2" || return 1
    CHECKS+=("$1: a dbg command failed: $(grep -m1 'Command failed' "$2" | cut -c1-80)")
}

secs() { [[ $1 == - ]] && echo - || printf '%.3f' "$1"; }
msecs() { [[ $1 == - ]] && echo - || awk -v t="$1" 'BEGIN { printf "%.1f", t * 1000 }'; }
per_hit_us() { [[ $1 == - ]] && echo - || awk -v t="$1" -v n="$2" 'BEGIN { printf "%.1f", t / n * 1e6 }'; }
mb_per_s() {
    [[ $1 == - ]] && echo - || awk -v t="$1" -v b="$2" \
        'BEGIN { if (t <= 0) print "-"; else printf (b / 1e6 / t < 100 ? "%.1f" : "%.0f"), b / 1e6 / t }'
}
stamp() { echo "$(date '+%Y-%m-%d %H:%M:%S')  dbg=${DBG#"$ROOT"/}  runs=$RUNS (median)  host=$(uname -n) $(nproc) cpu"; }

# ---------------------------------------------------------------------------
# Section: next — over a one-line loop of 10,000,000 iterations
# ---------------------------------------------------------------------------

section_next() {
    fixture c/loops
    local bin="$ROOT/Fixtures/build/c/loops" src="$ROOT/Fixtures/c/loops.c"
    local line after
    line=$(line_of "$src" 'for (long i = 0; i < n; i++) sum += i;')
    after=$((line + 1))
    say "== next: over loops.c:$line, a one-line loop of 10,000,000 iterations (median of $RUNS runs after 1 warm-up) =="

    local s
    s=$(steps next.dbg "break loops.c:$line" continue -- next)
    timed dbg.next "$SESSION_TIMEOUT" "$s" "$DBG" exec "$bin" -- spin
    ((T_TIMEDOUT)) && die "dbg's next timed out after $SESSION_TIMEOUT s"
    local d_op=$T_OP
    failed next "$OUT/last.dbg.next.out" || true
    expect "$OUT/last.dbg.next.out" "^> spin\(\) .*loops\.c:$after " "dbg's next did not stop at loops.c:$after" || true

    s=$(steps next.gdb "break loops.c:$line" run -- next)
    timed gdb.next "$GDB_NEXT_TIMEOUT" "$s" gdb -nx -q --args "$bin" spin
    local g_op=$T_OP g_to=$T_TIMEDOUT
    ((g_to)) || expect "$OUT/last.gdb.next.out" "^$after[[:space:]]" "gdb's next did not stop at loops.c:$after" || true

    # The loop itself, natively: `loops spin` minus `loops none` (which runs no part).
    local i nt=() t0 t1 t2
    for ((i = 0; i < RUNS; i++)); do
        t0=$EPOCHREALTIME; "$bin" none >/dev/null
        t1=$EPOCHREALTIME; "$bin" spin >/dev/null
        t2=$EPOCHREALTIME
        nt+=("$(awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "%.6f", (c - b) - (b - a) }')")
    done
    local native; native=$(printf '%s\n' "${nt[@]}" | median)

    local g_txt r
    if ((g_to)); then
        g_txt="> $GDB_NEXT_TIMEOUT s (timed out)"
        SUMMARY+=("next: gdb did not finish within $GDB_NEXT_TIMEOUT s")
        r=$(awk -v a="$d_op" -v b="$GDB_NEXT_TIMEOUT" 'BEGIN { printf "< %.5f", a / b }')
    else
        g_txt="$(secs "$g_op") s"
        r=$(ratio "$d_op" "$g_op")
    fi
    verdict "next over the 10M-iteration loop, dbg seconds (well under a second)" "$(secs "$d_op")" 1

    report ""
    report "next — $(stamp)"
    report "$(printf '%-5s %s\n' tool "next over loops.c:$line")"
    report "$(printf '%-5s %s\n' dbg "$(secs "$d_op") s ($(msecs "$d_op") ms)")"
    report "$(printf '%-5s %s\n' gdb "$g_txt")"
    report "next dbg/gdb: $r   (the loop alone, run natively: $(msecs "$native") ms)"
    report "Fixtures/build/c/loops spin, stopped at loops.c:$line (break, continue; gdb: break, run), then one"
    report "  next, which ends at loops.c:$after. Time from sending next to the answer of a marker command sent"
    report "  after it (bench/drive.py), so it includes the loop's own run. gdb single-steps the loop: one try,"
    report "  given up after $GDB_NEXT_TIMEOUT s."
}

# ---------------------------------------------------------------------------
# Section: continue — 10,000 breakpoint hits
# ---------------------------------------------------------------------------

section_continue() {
    fixture c/loops
    local bin="$ROOT/Fixtures/build/c/loops" hits=10000
    say "== continue: tick() hit $hits times, one continue to the last hit (median of $RUNS runs after 1 warm-up) =="

    local rows=() variant label ds gs
    for variant in cond hitcount; do
        # Stopped at main first (breakpoint 1), so that only the continue is timed.
        if [[ $variant == cond ]]; then
            label="condition i == 9999"
            ds=$(steps cont.dbg.$variant "break main" continue "break tick if i == 9999" -- continue -- "print i")
            gs=$(steps cont.gdb.$variant "break main" run "break tick if i == 9999" -- continue -- "print i")
        else
            label="hit count (10,000th)"
            ds=$(steps cont.dbg.$variant "break main" continue "break tick" "condition -hitcount 2 == $hits" \
                -- continue -- "print i")
            gs=$(steps cont.gdb.$variant "break main" run "break tick" "ignore 2 $((hits - 1))" \
                -- continue -- "print i")
        fi
        timed "dbg.$variant" "$SESSION_TIMEOUT" "$ds" "$DBG" exec "$bin" -- tick
        local d_op=$T_OP
        failed "continue ($variant)" "$OUT/last.dbg.$variant.out" || true
        expect "$OUT/last.dbg.$variant.out" '^9999$' "dbg ($label) did not stop at i == 9999" || true

        timed "gdb.$variant" "$SESSION_TIMEOUT" "$gs" gdb -nx -q --args "$bin" tick
        local g_op=$T_OP
        expect "$OUT/last.gdb.$variant.out" '= 9999$' "gdb ($label) did not stop at i == 9999" || true

        local r; r=$(ratio "$d_op" "$g_op")
        verdict "continue, $label: per hit dbg/gdb" "$r" 1
        rows+=("$label|dbg|$(secs "$d_op")|$(per_hit_us "$d_op" "$hits")|$r")
        rows+=("$label|gdb|$(secs "$g_op")|$(per_hit_us "$g_op" "$hits")|")
    done

    local fmt='%-22s %-4s %12s %11s %8s\n' row
    report ""
    report "continue — $(stamp)"
    report "$(printf "$fmt" breakpoint tool "$hits hits s" "per hit us" "dbg/gdb")"
    for row in "${rows[@]}"; do
        IFS='|' read -r -a f <<<"$row"
        report "$(printf "$fmt" "${f[0]}" "${f[1]}" "${f[2]}" "${f[3]}" "${f[4]:-}")"
    done
    report "Fixtures/build/c/loops tick: tick(i) for i = 0..9999. Stopped at main, then 'condition': break tick"
    report "  if i == 9999 (both tools); 'hit count': break tick with dbg condition -hitcount 2 == $hits, gdb"
    report "  ignore 2 $((hits - 1)). Timed: the one continue that stops at the last hit ($hits traps, $((hits - 1)) resumed"
    report "  without a stop being reported), up to the answer of a marker command (bench/drive.py)."
    report "  Target (issue 3): dbg at least as fast as gdb (dbg/gdb <= 1)."
}

# ---------------------------------------------------------------------------
# Section: memory — read a 64 MiB array
# ---------------------------------------------------------------------------

section_memory() {
    fixture c/loops
    local bin="$ROOT/Fixtures/build/c/loops" src="$ROOT/Fixtures/c/loops.c"
    local stop size=$((64 << 20)) small=$((1 << 20))
    stop=$(line_of "$src" 'printf("big checksum=%lu\n", c);')
    say "== memory: read the 64 MiB array big (median of $RUNS runs after 1 warm-up) =="

    # gdb: dump binary memory (raw bytes, the whole array) and x/Ngx (formatted;
    # 1 MiB: x/8388608gx over all 64 MiB takes gdb over 3 minutes here).
    local s
    s=$(steps mem.gdb.dump "break loops.c:$stop" run "print big[5]" \
        -- "dump binary memory /dev/null &big[0] &big[0]+$size")
    timed gdb.dump "$SESSION_TIMEOUT" "$s" gdb -nx -q --args "$bin" big
    local g_dump=$T_OP
    expect "$OUT/last.gdb.dump.out" '= 155 ' "gdb did not stop after fill_big" || true
    # That gdb's dump reads the whole array: the same dump once to a file.
    s=$(steps mem.gdb.check "break loops.c:$stop" run -- "dump binary memory $OUT/big.dump &big[0] &big[0]+$size")
    python3 "$BENCH_DIR/drive.py" --timeout "$SESSION_TIMEOUT" "$s" -- gdb -nx -q --args "$bin" big >/dev/null \
        || die "gdb's dump to a file failed"
    [[ $(stat -c %s "$OUT/big.dump" 2>/dev/null || echo 0) == "$size" ]] \
        || CHECKS+=("memory: gdb's dump did not write $size bytes")
    rm -f "$OUT/big.dump"

    s=$(steps mem.gdb.x "break loops.c:$stop" run "print big[5]" -- "x/$((small / 8))gx &big[0]")
    timed gdb.x "$SESSION_TIMEOUT" "$s" gdb -nx -q --args "$bin" big
    local g_x=$T_OP
    expect "$OUT/last.gdb.x.out" "^0x[0-9a-f]+ <big\+$((small - 16))>:" "gdb's x did not reach the end of 1 MiB" || true

    # dbg: examinemem (x) if it is there (print cannot read the array: see the note).
    # One command for the whole array if dbg takes it, else as many as its limit needs.
    local why="" chunk="" probe="$OUT/last.dbg.probe.out"
    s=$(steps mem.dbg.probe "break loops.c:$stop" continue -- "x -count 1 -size 8 -x &big" \
        "print 4242004" "x -count $((size / 8)) -size 8 -x &big")
    python3 "$BENCH_DIR/drive.py" --timeout "$SESSION_TIMEOUT" --log "$probe" "$s" \
        -- "$DBG" exec "$bin" -- big >/dev/null || die "dbg's examinemem probe failed"
    # The first x (8 bytes) says whether examinemem works at all; the second, over
    # the whole array, whether one command may read it all (else the limit it states).
    local first second
    first=$(sed -n '/^(dbg) x -count 1 /,/^(dbg) print 4242004/p' "$probe")
    second=$(sed -n '/^(dbg) x -count '$((size / 8))' /,/^(dbg) print 4242002/p' "$probe")
    if grep -q 'Command failed' <<<"$first"; then
        why="$(grep -m1 'Command failed' <<<"$first" | sed 's/^Command failed: //' | cut -c1-60)"
    elif grep -q 'less than or equal to [0-9]* bytes' <<<"$second"; then
        chunk=$(grep -o 'less than or equal to [0-9]* bytes' <<<"$second" | head -n 1 | tr -dc 0-9)
        chunk=$((chunk / 8 * 8))
        ((chunk > 0)) || why="examinemem reads less than 8 bytes a command"
    elif grep -q 'Command failed' <<<"$second"; then
        why="$(grep -m1 'Command failed' <<<"$second" | sed 's/^Command failed: //' | cut -c1-60)"
    else
        chunk=$size
    fi

    local d_all=- d_x=- n_all=0 n_small=0
    if [[ -z $why ]]; then
        # x_cmds BYTES : x commands covering the first BYTES of big, $chunk bytes each
        x_cmds() {
            awk -v total="$1" -v chunk="$chunk" 'BEGIN {
                for (off = 0; off < total; off += chunk)
                    printf "x -count %d -size 8 -x &big[%d]\n", (total - off < chunk ? total - off : chunk) / 8, off }'
        }
        local cmds
        mapfile -t cmds < <(x_cmds "$size"); n_all=${#cmds[@]}
        s=$(steps mem.dbg.all "break loops.c:$stop" continue "print big[5]" -- "${cmds[@]}")
        timed dbg.xall "$SESSION_TIMEOUT" "$s" "$DBG" exec "$bin" -- big
        d_all=$T_OP
        mapfile -t cmds < <(x_cmds "$small"); n_small=${#cmds[@]}
        s=$(steps mem.dbg.x "break loops.c:$stop" continue "print big[5]" -- "${cmds[@]}")
        timed dbg.x "$SESSION_TIMEOUT" "$s" "$DBG" exec "$bin" -- big
        d_x=$T_OP
        # A figure only for reads that worked.
        if failed "memory (x, 64 MiB)" "$OUT/last.dbg.xall.out" || failed "memory (x, 1 MiB)" "$OUT/last.dbg.x.out"; then
            why="some x commands failed"
            d_all=- d_x=-
        fi
    fi

    local fmt='%-26s %-56s %8s %7s\n'
    local d_all_mb d_x_mb g_dump_mb g_x_mb
    d_all_mb=$(mb_per_s "$d_all" "$size") d_x_mb=$(mb_per_s "$d_x" "$small")
    g_dump_mb=$(mb_per_s "$g_dump" "$size") g_x_mb=$(mb_per_s "$g_x" "$small")
    report ""
    report "memory — $(stamp)"
    report "$(printf "$fmt" read "tool: command" s "MB/s")"
    if [[ -n $why ]]; then
        report "$(printf "$fmt" "64 MiB, the whole array" "dbg: not available ($why)" - n/a)"
    else
        report "$(printf "$fmt" "64 MiB, the whole array" "dbg: $n_all x -size 8 of $chunk bytes" "$(secs "$d_all")" "$d_all_mb")"
    fi
    report "$(printf "$fmt" "" "gdb: dump binary memory (raw bytes, to /dev/null)" "$(secs "$g_dump")" "$g_dump_mb")"
    if [[ -n $why ]]; then
        report "$(printf "$fmt" "1 MiB as 8-byte hex words" "dbg: not available ($why)" - n/a)"
    else
        report "$(printf "$fmt" "1 MiB as 8-byte hex words" "dbg: $n_small x -size 8 of $chunk bytes" "$(secs "$d_x")" "$d_x_mb")"
    fi
    report "$(printf "$fmt" "" "gdb: x/$((small / 8))gx" "$(secs "$g_x")" "$g_x_mb")"
    if [[ -z $why ]]; then
        report "MB/s dbg/gdb: 64 MiB $(ratio "$d_all_mb" "$g_dump_mb") (dbg formatted, gdb raw), 1 MiB formatted $(ratio "$d_x_mb" "$g_x_mb")"
    fi
    report "Fixtures/build/c/loops big, stopped after fill_big (loops.c:$stop). Time from sending the read to"
    report "  the answer of a marker command sent after it (bench/drive.py); output read and discarded. MB: 10^6 bytes."
    report "  dbg's x reads up to 64 MiB in one command (Delve stops at 1000 bytes), formatted as Delve formats"
    report "  it; the 64 MiB figure is bound by formatting and the reader. gdb's x/8388608gx took 197 s here."
}

# ---------------------------------------------------------------------------
# Section: go — launch to the first breakpoint, stack, args; goroutines
# ---------------------------------------------------------------------------

section_go() {
    command -v go >/dev/null || { say "== go: skipped (go not installed) =="; return 0; }
    build_go_input
    local func=main.encode have_dlv=0
    command -v dlv >/dev/null && have_dlv=1
    say "== go: launch bench/gobig to $func, stack, args (median of $RUNS runs after 1 warm-up) =="

    local dcmds="$OUT/go.dbg.cmds"
    printf '%s\n' "break $func" continue stack args exit >"$dcmds"
    MEASURE_IN=$dcmds measure dbg.go "$DBG" exec "$GO_BIN"
    local d_t=$M_TIME d_m=$M_MB
    failed go "$OUT/last.dbg.go.out" || true
    expect "$OUT/last.dbg.go.out" '^r = main\.record' "dbg did not print encode's args" || true
    expect "$OUT/last.dbg.go.out" 'in main\.main$' "dbg's stack lacks main.main" || true

    measure gdb.go gdb -batch -nx -ex "break $func" -ex run -ex bt -ex 'info args' "$GO_BIN"
    local g_t=$M_TIME g_m=$M_MB
    expect "$OUT/last.gdb.go.out" '^r = ' "gdb did not print encode's args" || true

    local v_t=- v_m=-
    if ((have_dlv)); then
        measure dlv.go dlv exec "$GO_BIN" --init "$dcmds" --allow-non-terminal-interactive=true
        v_t=$M_TIME v_m=$M_MB
        expect "$OUT/last.dlv.go.out" '^r = main\.record' "Delve did not print encode's args" || true
    fi

    verdict "go launch+stack+args, time dbg/gdb" "$(ratio "$d_t" "$g_t")" 0.5
    ((have_dlv)) && verdict "go launch+stack+args, time dbg/Delve" "$(ratio "$d_t" "$v_t")" 0.25
    verdict "go launch+stack+args, memory dbg/gdb" "$(ratio "$d_m" "$g_m")" 1

    # goroutines on 10,000 goroutines (Fixtures manyg), beside Delve.
    fixture go/manyg
    local mbin="$ROOT/Fixtures/build/go/manyg" s v_gr=- d_gr=- d_why=""
    s=$(steps gr "break main.allParked" continue -- goroutines)
    if ((have_dlv)); then
        timed dlv.gr "$SESSION_TIMEOUT" "$s" dlv exec "$mbin" --allow-non-terminal-interactive=true
        v_gr=$T_OP
        expect "$OUT/last.dlv.gr.out" '^\[100[0-9][0-9] goroutines\]' "Delve did not list 10,000 goroutines" || true
    fi
    python3 "$BENCH_DIR/drive.py" --timeout "$SESSION_TIMEOUT" --log "$OUT/last.dbg.gr.probe.out" "$s" \
        -- "$DBG" exec "$mbin" >/dev/null || die "dbg's goroutines probe failed"
    if grep -q 'not supported yet' "$OUT/last.dbg.gr.probe.out"; then
        d_why="goroutines: not supported yet"
    elif grep -q 'Command failed' "$OUT/last.dbg.gr.probe.out"; then
        d_why="failed: $(grep -m1 'Command failed' "$OUT/last.dbg.gr.probe.out" | cut -c1-60)"
    else
        timed dbg.gr "$SESSION_TIMEOUT" "$s" "$DBG" exec "$mbin"
        d_gr=$T_OP
        expect "$OUT/last.dbg.gr.out" '^\[10,?0[0-9][0-9] goroutines\]' "dbg did not list 10,000 goroutines" || true
        ((have_dlv)) && verdict "goroutines on 10,000, time dbg/Delve" "$(ratio "$d_gr" "$v_gr")" 0.5
    fi

    local fmt='%-36s %7s %7s %7s %13s %14s %7s %7s %7s\n'
    report ""
    report "go — $(stamp)"
    report "$(printf "$fmt" task "dbg s" "gdb s" "dlv s" "dbg/gdb" "dbg/dlv" "dbg MB" "gdb MB" "dlv MB")"
    report "$(printf "$fmt" "gobig $(size_mb "$GO_BIN") MB: $func, stack, args" \
        "$(secs "$d_t")" "$(secs "$g_t")" "$(secs "$v_t")" "$(ratio "$d_t" "$g_t") (<=0.5)" \
        "$(ratio "$d_t" "$v_t") (<=0.25)" "$d_m" "$g_m" "$v_m")"
    if [[ -n $d_why ]]; then
        report "$(printf "$fmt" "goroutines, manyg (10,000)" "n/a" - "$(secs "$v_gr")" - "n/a (<=0.5)" - - -)"
    else
        report "$(printf "$fmt" "goroutines, manyg (10,000)" "$(secs "$d_gr")" - "$(secs "$v_gr")" - \
            "$(ratio "$d_gr" "$v_gr") (<=0.5)" - - -)"
    fi
    [[ -z $d_why ]] || report "  dbg: $d_why"
    report "gobig (bench/gobig, -N -l): each tool launches it, breaks at $func (the first function main"
    report "  calls, so that args has something to show), continues, prints the stack and the args and exits"
    report "  (gdb: -batch, bt, info args; Delve: --init with dbg's commands). Whole session: s wall clock,"
    report "  MB peak RSS (/usr/bin/time %M: the largest of the debugger and the program), median of $RUNS."
    report "  Targets (issue 5): time <= 0.5 gdb's and <= 0.25 Delve's, memory <= gdb's."
    report "goroutines: stopped at main.allParked (10,000 goroutines parked); time from sending goroutines to"
    report "  the answer of a marker command sent after it (bench/drive.py). Target (issue 5): <= 0.5 Delve's."
}

# ---------------------------------------------------------------------------
# Section: swift — launch to a breakpoint with stack and locals beside LLDB; tasks
# ---------------------------------------------------------------------------

section_swift() {
    local lldb python
    lldb=$(command -v lldb || true)
    python=$(ls -d "$HOME"/.pyenv/versions/3.10*/lib 2>/dev/null | sort | tail -n 1 || true)
    fixture swift/zoo swift/manytasks
    local zbin="$ROOT/Fixtures/build/swift/zoo" zline
    zline=$(line_of "$ROOT/Fixtures/swift/zoo.swift" "// look here")
    say "== swift: launch swift/zoo to zoo.swift:$zline, stack, locals (median of $RUNS runs after 1 warm-up) =="

    local dcmds="$OUT/swift.dbg.cmds"
    printf '%s\n' "break zoo.swift:$zline" continue stack locals exit >"$dcmds"
    MEASURE_IN=$dcmds measure dbg.swift "$DBG" exec "$zbin"
    local d_t=$M_TIME d_m=$M_MB
    failed swift "$OUT/last.dbg.swift.out" || true
    expect "$OUT/last.dbg.swift.out" '^origin = zoo\.Point\(x: 3, y: -4\)' "dbg did not print the zoo's locals" || true

    local l_t=- l_m=-
    if [[ -n $lldb && -n $python ]]; then
        LD_LIBRARY_PATH=$python measure lldb.swift "$lldb" --batch -o "breakpoint set -f zoo.swift -l $zline" -o run \
            -o bt -o "frame variable" -o kill "$zbin"
        l_t=$M_TIME l_m=$M_MB
        expect "$OUT/last.lldb.swift.out" 'origin = \(x = 3, y = -4\)' "LLDB did not print the zoo's locals" || true
        verdict "swift launch+stack+locals, time dbg/LLDB" "$(ratio "$d_t" "$l_t")" 0.5
        verdict "swift launch+stack+locals, memory dbg/LLDB" "$(ratio "$d_m" "$l_m")" 0.5
    fi

    # tasks on 10,000 suspended tasks (Fixtures manytasks).
    local s d_tk
    s=$(steps tk "break manytasks.allParked" continue -- tasks)
    timed dbg.tk "$SESSION_TIMEOUT" "$s" "$DBG" exec "$ROOT/Fixtures/build/swift/manytasks"
    d_tk=$T_OP
    expect "$OUT/last.dbg.tk.out" '^\[10,00[0-9] tasks\]' "dbg did not list 10,000 tasks" || true
    verdict "tasks on 10,000 suspended tasks, dbg s" "$d_tk" 0.5

    local fmt='%-40s %7s %7s %13s %7s %7s %13s\n'
    report ""
    report "swift — $(stamp)"
    report "$(printf "$fmt" task "dbg s" "lldb s" "dbg/lldb" "dbg MB" "lldb MB" "MB dbg/lldb")"
    report "$(printf "$fmt" "zoo: break, stack, locals" "$(secs "$d_t")" "$(secs "$l_t")" "$(ratio "$d_t" "$l_t") (<=0.5)" \
        "$d_m" "$l_m" "$(ratio "$d_m" "$l_m") (<=0.5)")"
    report "$(printf "$fmt" "tasks, manytasks (10,000)" "$(secs "$d_tk")" - "(< 0.5 s)" - - -)"
    report "zoo (Fixtures/swift/zoo.swift, -Onone): each tool launches it, breaks at its look-here line, prints the"
    report "  stack and the locals (LLDB: --batch, bt, frame variable) and ends. Whole session: s wall clock, MB peak"
    report "  RSS (/usr/bin/time %M: the largest of the debugger and the program), median of $RUNS."
    report "tasks: stopped at manytasks.allParked (10,000 tasks parked on continuations); time from sending tasks to"
    report "  the answer of a marker command sent after it (bench/drive.py). Targets (Swift issue): launch <= 0.5"
    report "  LLDB's time and memory; tasks < 0.5 s."
}

# ---------------------------------------------------------------------------
# Section: trace — calls per second, dbg trace beside gdb dprintf and dlv trace
# ---------------------------------------------------------------------------

# trace_rate NAME CALLS PATTERN CMD... : runs CMD (all output to $OUT/last.trace.NAME.out)
# $TRACE_RUNS times after one warm-up, checks that PATTERN (an extended regex for a
# call line) matched CALLS lines, and sets TR_RATE (calls per second, median) and TR_SECS.
# Each run writes a new file, as uftrace's record writes into a new directory: the previous
# run's file is removed before the clock starts (truncating a trace of a million calls, 76 MB
# in the page cache, took 20 ms and counted against whoever wrote most).
trace_rate() {
    local name=$1 calls=$2 pattern=$3; shift 3
    local log="$OUT/last.trace.$name.out" times=() i t0 t1 seen
    "$@" >"$log" 2>&1 </dev/null || { tail -n 20 "$log" >&2; die "trace $name failed: $*"; }
    for ((i = 0; i < TRACE_RUNS; i++)); do
        rm -f "$log"
        t0=$EPOCHREALTIME
        "$@" >"$log" 2>&1 </dev/null || die "trace $name failed on run $((i + 1)): $*"
        t1=$EPOCHREALTIME
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')")
    done
    seen=$(grep -Ec -- "$pattern" "$log" || true)
    [[ $seen == "$calls" ]] || CHECKS+=("trace $name: $seen call lines, expected $calls (see ${log#"$ROOT"/})")
    if grep -q 'events lost' "$log" && ! grep -q ' 0 events lost' "$log"; then
        CHECKS+=("trace $name: $(grep -m1 -o '[0-9]* events lost' "$log")")
    fi
    TR_SECS=$(printf '%s\n' "${times[@]}" | median)
    TR_RATE=$(awk -v n="$calls" -v t="$TR_SECS" 'BEGIN { printf "%.0f", n / t }')
}

# dbg_trace_rate NAME CALLS PATTERN BINARY REGEX [OPTION...] : trace_rate of
# `dbg trace OPTION... --exec BINARY REGEX -- CALLS 1` (one thread or goroutine).
dbg_trace_rate() {
    local name=$1 calls=$2 pattern=$3 bin=$4 regex=$5; shift 5
    trace_rate "$name" "$calls" "$pattern" \
        sh -c '"$0" trace "$@" 2>&1' "$DBG" "$@" --exec "$bin" "$regex" -- "$calls" 1
}

# at_least LABEL VALUE TARGET : records "met"/"not met" for VALUE >= TARGET
at_least() {
    local ok
    ok=$(awk -v v="$2" -v l="$3" 'BEGIN { print (v != "-" && v + 0 >= l + 0) ? "met" : "NOT MET" }')
    SUMMARY+=("$1: $2 (target >= $3) — $ok")
}

section_trace() {
    fixture c/tracee go/hot
    local cbin="$ROOT/Fixtures/build/c/tracee" gobin="$ROOT/Fixtures/build/go/hot" have_dlv=0
    command -v dlv >/dev/null && have_dlv=1
    local n_fast=${TRACE_CALLS:-1000000} n_ptrace=${TRACE_PTRACE_CALLS:-100000}
    local n_gdb=${TRACE_GDB_CALLS:-5000} n_dlv=${TRACE_DLV_CALLS:-2000} n_go=${TRACE_GO_CALLS:-200000}
    say "== trace: calls/s of dbg trace beside gdb dprintf and dlv trace (median of $TRACE_RUNS runs after 1 warm-up) =="

    # C: one thread calling checksum(i, seed) N times; Go: one goroutine calling main.hot.
    local cline='^> thread\([0-9]+\): checksum\(' gline='^> goroutine\([0-9]+\): main\.hot\('
    dbg_trace_rate dbg.c.inject "$n_fast" "$cline" "$cbin" '^checksum$' --backend inject
    local c_in=$TR_RATE c_in_s=$TR_SECS
    # What an injected probe costs the program: its own CPU time (tracee prints it with
    # TRACEE_CPU set) traced and not, median of the runs, per call (a call and its return).
    local cpu_alone=() cpu_traced=() i
    for ((i = 0; i < TRACE_RUNS; i++)); do
        cpu_alone+=("$(TRACEE_CPU=1 "$cbin" "$n_fast" 1 2>&1 >/dev/null | sed -n 's/^cpu_ns=//p')")
        cpu_traced+=("$(TRACEE_CPU=1 "$DBG" trace --backend inject --output /dev/null --exec "$cbin" '^checksum$' -- "$n_fast" 1 2>&1 \
            | sed -n 's/^cpu_ns=//p')")
    done
    local c_cost
    c_cost=$(awk -v a="$(printf '%s\n' "${cpu_alone[@]}" | median)" -v t="$(printf '%s\n' "${cpu_traced[@]}" | median)" \
        -v n="$n_fast" 'BEGIN { printf "%.1f", (t - a) / n }')
    dbg_trace_rate dbg.c.uprobe "$n_fast" "$cline" "$cbin" '^checksum$' --backend uprobe
    local c_up=$TR_RATE c_up_s=$TR_SECS
    dbg_trace_rate dbg.c.uprobe.noret "$n_fast" "$cline" "$cbin" '^checksum$' --backend uprobe --no-returns
    local c_upn=$TR_RATE c_upn_s=$TR_SECS
    dbg_trace_rate dbg.c.ptrace "$n_ptrace" "$cline" "$cbin" '^checksum$' --backend ptrace
    local c_pt=$TR_RATE c_pt_s=$TR_SECS
    trace_rate gdb.c "$n_gdb" '^checksum\(i=' \
        gdb -batch -nx -ex 'dprintf checksum,"checksum(i=%d, seed=%d)\n", i, seed' -ex run --args "$cbin" "$n_gdb" 1
    local c_gdb=$TR_RATE c_gdb_s=$TR_SECS
    # uftrace (the tracing anchor): record with arguments and result, then replay; both timed.
    # Also record alone (no text: its binary data files), timed from launch to exit.
    local c_uf=- c_uf_s=- c_ufr=- c_ufr_s=-
    if command -v uftrace >/dev/null; then
        trace_rate uftrace.c "$n_fast" '\| checksum\(' \
            sh -c 'd=$(mktemp -d) && cd "$d" && uftrace record -P "^checksum$" -A "checksum@arg1,arg2" -R "checksum@retval" "$1" "$2" 1 >/dev/null && uftrace replay; s=$?; rm -rf "$d"; exit $s' \
            uftrace "$cbin" "$n_fast"
        c_uf=$TR_RATE c_uf_s=$TR_SECS
        trace_rate uftrace.c.record "1" '^calls=' \
            sh -c 'd=$(mktemp -d) && cd "$d" && uftrace record -P "^checksum$" -A "checksum@arg1,arg2" -R "checksum@retval" "$1" "$2" 1; s=$?; rm -rf "$d"; exit $s' \
            uftrace "$cbin" "$n_fast"
        c_ufr=$(awk -v n="$n_fast" -v t="$TR_SECS" 'BEGIN { printf "%.0f", n / t }') c_ufr_s=$TR_SECS
    fi

    dbg_trace_rate dbg.go.inject "$n_go" "$gline" "$gobin" 'main\.hot$' --backend inject
    local g_in=$TR_RATE g_in_s=$TR_SECS
    dbg_trace_rate dbg.go.uprobe "$n_go" "$gline" "$gobin" 'main\.hot$' --backend uprobe
    local g_up=$TR_RATE g_up_s=$TR_SECS
    dbg_trace_rate dbg.go.uprobe.noret "$n_go" "$gline" "$gobin" 'main\.hot$' --backend uprobe --no-returns
    local g_upn=$TR_RATE g_upn_s=$TR_SECS
    dbg_trace_rate dbg.go.ptrace "$n_ptrace" "$gline" "$gobin" 'main\.hot$' --backend ptrace
    local g_pt=$TR_RATE g_pt_s=$TR_SECS
    local g_dlv=- g_dlv_s=-
    if ((have_dlv)); then
        trace_rate dlv.go "$n_dlv" "$gline" \
            sh -c 'cd "$(dirname "$1")" && exec dlv trace --exec "$1" "main\\.hot\$" -- "$2" 1' dlv "$gobin" "$n_dlv"
        g_dlv=$TR_RATE g_dlv_s=$TR_SECS
    fi

    local fmt='%-4s %-50s %9s %8s %10s %12s\n'
    report ""
    report "trace — $(stamp)"
    report "$(printf "$fmt" lang "tool (events printed)" calls s "calls/s" "vs gdb/dlv")"
    report "$(printf "$fmt" C "dbg trace, inject (calls + returns)" "$n_fast" "$(secs "$c_in_s")" "$c_in" "$(ratio "$c_in" "$c_gdb")x")"
    report "$(printf "$fmt" C "dbg trace, uprobe (calls + returns)" "$n_fast" "$(secs "$c_up_s")" "$c_up" "$(ratio "$c_up" "$c_gdb")x")"
    report "$(printf "$fmt" C "dbg trace, uprobe --no-returns (calls)" "$n_fast" "$(secs "$c_upn_s")" "$c_upn" "$(ratio "$c_upn" "$c_gdb")x")"
    report "$(printf "$fmt" C "dbg trace, ptrace (calls + returns)" "$n_ptrace" "$(secs "$c_pt_s")" "$c_pt" "$(ratio "$c_pt" "$c_gdb")x")"
    report "$(printf "$fmt" C "gdb -batch dprintf (calls)" "$n_gdb" "$(secs "$c_gdb_s")" "$c_gdb" "1x")"
    report "$(printf "$fmt" C "uftrace record + replay (calls + returns)" "$n_fast" "$(secs "$c_uf_s")" "$c_uf" "$(ratio "$c_uf" "$c_gdb")x")"
    report "$(printf "$fmt" C "uftrace record alone (no text)" "$n_fast" "$(secs "$c_ufr_s")" "$c_ufr" "$(ratio "$c_ufr" "$c_gdb")x")"
    report "$(printf "$fmt" Go "dbg trace, inject (calls + returns)" "$n_go" "$(secs "$g_in_s")" "$g_in" "$(ratio "$g_in" "$g_dlv")x")"
    report "$(printf "$fmt" Go "dbg trace, uprobe (calls + returns)" "$n_go" "$(secs "$g_up_s")" "$g_up" "$(ratio "$g_up" "$g_dlv")x")"
    report "$(printf "$fmt" Go "dbg trace, uprobe --no-returns (calls)" "$n_go" "$(secs "$g_upn_s")" "$g_upn" "$(ratio "$g_upn" "$g_dlv")x")"
    report "$(printf "$fmt" Go "dbg trace, ptrace (calls + returns)" "$n_ptrace" "$(secs "$g_pt_s")" "$g_pt" "$(ratio "$g_pt" "$g_dlv")x")"
    report "$(printf "$fmt" Go "dlv trace (calls + returns)" "$n_dlv" "$(secs "$g_dlv_s")" "$g_dlv" "1x")"
    report "Fixtures tracee (C, checksum, 1 thread) and hot (Go, main.hot, 1 goroutine), built -O0 / -N -l. Whole"
    report "  run timed (launch to exit), trace lines to a file; calls/s = calls / s. gdb's dprintf shows calls only."
    report "  Targets: uprobe >= 100,000 calls/s with printing, >= 80x gdb, >= 400x dlv; ptrace >= 3x gdb;"
    report "  the default (inject) lossless >= 80x gdb and no slower than uftrace record + replay; inject on C"
    report "  >= uftrace's record alone, on Go >= 1,000x dlv, < 100 ns of the program's CPU per traced call."
    report "inject: the program's CPU time per traced call (a call and its return), traced minus alone: $c_cost ns"
    at_least "trace C uprobe calls/s" "$c_up" 100000
    at_least "trace C uprobe calls/s, dbg/gdb" "$(ratio "$c_up" "$c_gdb")" 80
    at_least "trace C ptrace calls/s, dbg/gdb" "$(ratio "$c_pt" "$c_gdb")" 3
    at_least "trace C inject calls/s, dbg/gdb" "$(ratio "$c_in" "$c_gdb")" 80
    [[ $c_uf != - ]] && at_least "trace C uprobe calls/s, dbg/uftrace" "$(ratio "$c_up" "$c_uf")" 1
    [[ $c_uf != - ]] && at_least "trace C inject calls/s, dbg/uftrace record + replay" "$(ratio "$c_in" "$c_uf")" 1
    [[ $c_ufr != - ]] && at_least "trace C inject calls/s, dbg/uftrace record alone" "$(ratio "$c_in" "$c_ufr")" 1
    ((have_dlv)) && at_least "trace Go inject calls/s, dbg/dlv" "$(ratio "$g_in" "$g_dlv")" 1000
    SUMMARY+=("trace C inject, the program's CPU per traced call: $c_cost ns (target < 100) — $(awk -v c="$c_cost" 'BEGIN { print (c + 0 < 100) ? "met" : "NOT MET" }')")
    ((have_dlv)) && at_least "trace Go uprobe calls/s, dbg/dlv" "$(ratio "$g_up" "$g_dlv")" 400
    return 0
}

# ---------------------------------------------------------------------------
# Section: dap — what an editor asks at every stop, dbg dap beside dlv dap
# ---------------------------------------------------------------------------

# kv KEY LINE : the value of KEY in a line of KEY=VALUE pairs (bench/dap_bench.py's output)
kv() { awk -v k="$1" '{ for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) print substr($i, length(k) + 2) }' <<<"$2"; }

# dap_stop NAME ADAPTER PROGRAM SOURCE LINE : one bench/dap_bench.py session (DAP messages of
# the setup and the first sequence in $OUT/last.dap.NAME.log, the adapter's output in
# $OUT/last.dap.NAME.adapter.out); sets DAP_LINE to its key=value line, or to "" if it failed.
dap_stop() {
    local name=$1 adapter=$2; shift 2
    local err="$OUT/last.dap.$name.err"
    if DAP_LINE=$(python3 "$BENCH_DIR/dap_bench.py" --repeat "$DAP_REPEAT" --timeout "$SESSION_TIMEOUT" \
        --log "$OUT/last.dap.$name.log" --adapter-log "$OUT/last.dap.$name.adapter.out" \
        "$adapter" "$@" 2>"$err"); then
        return 0
    fi
    DAP_LINE=""
    CHECKS+=("dap $name: $(tail -n 1 "$err" | cut -c1-100) (see ${err#"$ROOT"/})")
}

section_dap() {
    fixture go/manyg c/structs
    local gbin="$ROOT/Fixtures/build/go/manyg" gsrc="$ROOT/Fixtures/go/manyg/main.go"
    local cbin="$ROOT/Fixtures/build/c/structs" csrc="$ROOT/Fixtures/c/structs.c"
    local have_dlv=0 gline cline
    command -v dlv >/dev/null && have_dlv=1
    # Inside main.allParked (every goroutine parked); in structs' main after its locals are set.
    gline=$(line_of "$gsrc" 'return n')
    cline=$(line_of "$csrc" 'long fact = factorial(limit);')
    say "== dap: the requests VS Code sends at a stop, $DAP_REPEAT times at one stop (median) =="

    local d_g v_g d_c
    dap_stop dbg.manyg "$DBG" "$gbin" "$gsrc" "$gline"; d_g=$DAP_LINE
    v_g=""
    ((have_dlv)) && { dap_stop dlv.manyg "$(command -v dlv)" "$gbin" "$gsrc" "$gline"; v_g=$DAP_LINE; }
    dap_stop dbg.structs "$DBG" "$cbin" "$csrc" "$cline"; d_c=$DAP_LINE

    # A stop that is not the one meant would time something else: check what came back.
    local n
    if [[ -n $d_g ]]; then
        n=$(kv threads "$d_g")
        ((n >= 1000)) || CHECKS+=("dap dbg.manyg: threads listed $n goroutines, expected 1024 of 10,000")
        [[ $(kv locals "$d_g") -ge 1 ]] || CHECKS+=("dap dbg.manyg: no locals in main.allParked")
    fi
    [[ -z $d_c || $(kv locals "$d_c") -ge 3 ]] || CHECKS+=("dap dbg.structs: $(kv locals "$d_c") locals in main, expected several")

    # dap_val LINE KEY : KEY's value, or - when the session failed
    dap_val() { [[ -n $1 ]] && kv "$2" "$1" || echo -; }
    local dps vps dth vth
    dps=$(dap_val "$d_g" per_stop_ms) vps=$(dap_val "$v_g" per_stop_ms)
    dth=$(dap_val "$d_g" threads_ms) vth=$(dap_val "$v_g" threads_ms)

    local fmt='%-28s %11s %11s %12s %11s %11s %12s\n'
    report ""
    report "dap — $(stamp)"
    report "$(printf "$fmt" program "dbg stop ms" "dlv stop ms" "dbg/dlv" "dbg thr ms" "dlv thr ms" "dbg/dlv")"
    report "$(printf "$fmt" "manyg (10,000 goroutines)" "$dps" "$vps" "$(ratio "$dps" "$vps") (<=0.5)" \
        "$dth" "$vth" "$(ratio "$dth" "$vth")")"
    report "$(printf "$fmt" "structs (C)" "$(dap_val "$d_c" per_stop_ms)" "n/a" - "$(dap_val "$d_c" threads_ms)" "n/a" -)"
    report "  first sequence at the stop (ms): manyg dbg $(dap_val "$d_g" first_stop_ms), dlv $(dap_val "$v_g" first_stop_ms);" \
        "structs dbg $(dap_val "$d_c" first_stop_ms)"
    report "  first sequence, request by request (ms): manyg dbg $(dap_val "$d_g" first_split | tr , ' ')"
    report "    manyg dlv $(dap_val "$v_g" first_split | tr , ' ')"
    report "    structs dbg $(dap_val "$d_c" first_split | tr , ' ')"
    report "  listed: manyg dbg $(dap_val "$d_g" threads) threads, $(dap_val "$d_g" frames) frames, $(dap_val "$d_g" locals) locals;" \
        "dlv $(dap_val "$v_g" threads), $(dap_val "$v_g" frames), $(dap_val "$v_g" locals); structs dbg $(dap_val "$d_c" threads)," \
        "$(dap_val "$d_c" frames), $(dap_val "$d_c" locals)"
    report "bench/dap_bench.py: ADAPTER dap --listen 127.0.0.1:0, launch (mode exec), one breakpoint (manyg"
    report "  main.go:$gline in main.allParked; structs.c:$cline in main), then at that stop $DAP_REPEAT times: threads;"
    report "  stackTrace 0+1; stackTrace 1+19; scopes; variables of Locals (stop ms: median of that sequence,"
    report "  client side, TCP on loopback); thr ms: median of $DAP_REPEAT single threads requests. Both adapters"
    report "  list at most 1024 goroutines. Delve debugs Go only: structs is dbg alone."
    report "  Targets (DAP issue): per stop <= 0.5 dlv dap's; one threads on 10,000 goroutines < 50 ms."
    [[ $vps != - ]] && verdict "dap per stop on manyg, dbg/dlv" "$(ratio "$dps" "$vps")" 0.5
    [[ $dth != - ]] && verdict "dap threads on 10,000 goroutines, dbg ms" "$dth" 50
    return 0
}

# ---------------------------------------------------------------------------

SECTIONS=(symbols next continue memory go swift trace dap)
CHECKS=()        # warm-up outputs that were not what the timing assumes

main() {
    local sections=("$@") s
    ((${#sections[@]})) || sections=("${SECTIONS[@]}")
    for s in "${sections[@]}"; do
        [[ " ${SECTIONS[*]} " == *" $s "* ]] \
            || die "unknown section '$s' (sections: ${SECTIONS[*]})"
    done
    check_tools
    for s in "${sections[@]}"; do
        "section_$s"
    done

    report ""
    report "summary ($(date '+%Y-%m-%d %H:%M:%S'), sections: ${sections[*]}):"
    local line
    if ((${#SUMMARY[@]} == 0)); then report "  (no targets measured)"; fi
    for line in "${SUMMARY[@]}"; do report "  $line"; done
    for line in "${CHECKS[@]}"; do report "  CHECK: $line"; done

    printf '%s' "$REPORT" >>"$RESULTS"
    say ""
    say "(appended to ${RESULTS#"$ROOT"/})"
}

main "$@"
