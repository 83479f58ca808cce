#!/bin/bash
# Runs each libFuzzer target for a fixed number of executions (FUZZ_RUNS, default 1000000;
# niceness FUZZ_NICE, default 10)
# from its committed seed corpus (Fuzz/corpus/TARGET) and prints executions, time and
# crashes per target. Usage: Fuzz/run.sh [TARGET...] (default: all). Build first with
# Fuzz/build.sh (`make fuzz` does both).
#
# Inputs that reach new code go to .build-fuzz/corpus/TARGET (not committed); a crashing
# input is saved as .build-fuzz/artifacts/TARGET-crash-HASH: reproduce it with
#   .build-fuzz/release/TARGET .build-fuzz/artifacts/TARGET-crash-HASH
# and make it a regression test (Tests/DbgSymbolsTests/FuzzRegressionTests.swift; for the
# servers' codecs, beside their tests in Tests/DbgServerTests).
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${FUZZ_RUNS:-1000000}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(FuzzExpression FuzzJSONRPC FuzzDAP FuzzDwarfExpression FuzzCallFrames FuzzELF)
bin=.build-fuzz/${FUZZ_CONFIG:-release}
mkdir -p .build-fuzz/artifacts .build-fuzz/logs
# Leaks are not crashes: libdwarf keeps some allocations until dwarf_finish by design.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
failed=0
summary=()
for target in "${targets[@]}"; do
  work=.build-fuzz/corpus/$target
  mkdir -p "$work"
  log=.build-fuzz/logs/$target.log
  max_len=4096
  [ "$target" = FuzzELF ] && max_len=16384
  start=$(date +%s)
  nice -n "${FUZZ_NICE:-10}" "$bin/$target" -runs="$runs" -max_len=$max_len -timeout=20 -rss_limit_mb=3072 -print_final_stats=1 \
    -artifact_prefix=.build-fuzz/artifacts/$target- "$work" "Fuzz/corpus/$target" >"$log" 2>&1
  status=$?
  seconds=$(( $(date +%s) - start ))
  executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  crashes=$(grep -c '^==[0-9]*==ERROR\|^==[0-9]*== ERROR\|Test unit written to' "$log")
  [ $status -ne 0 ] && [ "$crashes" -eq 0 ] && crashes=1
  [ $status -ne 0 ] && failed=1
  line="$target: ${executions:-?} executions in ${seconds}s, $([ $status -eq 0 ] && echo 0 || echo "$crashes") crash(es)"
  [ $status -ne 0 ] && line="$line (see $log; $(grep -o 'Test unit written to .*' "$log" | tail -1))"
  echo "$line"
  summary+=("$line")
done
echo "--- fuzz summary (FUZZ_RUNS=$runs, ${FUZZ_CONFIG:-release} build)"
printf '%s\n' "${summary[@]}"
exit $failed
