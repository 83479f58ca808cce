#!/usr/bin/env bash
# bench/run.sh — dbg's benchmark, dbg beside gdb (and Delve for Go) in the same run.
#
#   bench/run.sh                 (or `make bench`, which builds dbg and the fixtures first)
#   DBG=path/to/dbg bench/run.sh use another dbg binary (default: .build/release/dbg)
#   RUNS=5 JOBS=2                timed runs per tool (median reported); compile parallelism
#
# Sections (each a function, run in order from main at the bottom):
#   symbols   open a big binary and resolve one function breakpoint and one
#             FILE:LINE breakpoint: `dbg lookup` vs `gdb -batch … info line` (vs Delve for Go).
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
# command exits non-zero.
measure() {
    local name=$1; shift
    local tfile="$OUT/.time.$name" log="$OUT/last.$name.out"
    "$TIME" -o "$tfile" -f '%e %M' "$@" >"$log" 2>&1 </dev/null \
        || { cat "$log" >&2; die "$name failed: $*"; }
    local times=() rss=() i t0 t1
    for ((i = 0; i < RUNS; i++)); do
        t0=$EPOCHREALTIME
        "$TIME" -o "$tfile" -f '%e %M' "$@" >/dev/null 2>&1 </dev/null \
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

main() {
    check_tools
    section_symbols

    report ""
    report "summary:"
    local line
    if ((${#SUMMARY[@]} == 0)); then report "  (no targets measured)"; fi
    for line in "${SUMMARY[@]}"; do report "  $line"; done

    printf '%s' "$REPORT" >>"$RESULTS"
    say ""
    say "(appended to ${RESULTS#"$ROOT"/})"
}

main "$@"
