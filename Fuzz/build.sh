#!/bin/bash
# Builds the libFuzzer targets (see Fuzz/run.sh) into .build-fuzz, with address sanitizer,
# optimised (FUZZ_CONFIG=release, the default: several times the executions a second of a
# debug build, with the same overflow and bounds checks) or not (FUZZ_CONFIG=debug).
# Only the fuzz products: with -sanitize=fuzzer libFuzzer brings main(), which dbg's own
# top-level main.swift cannot share.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(FuzzExpression FuzzJSONRPC FuzzDAP FuzzDwarfExpression FuzzCallFrames FuzzELF)
for target in "${targets[@]}"; do
  # -Xcc -fsanitize=address: the C shims (CDwarf, CSys) are checked too.
  # -enable-testing: FuzzJSONRPC and FuzzDAP reach the codecs' internal types with @testable.
  DBG_FUZZ=1 nice swift build --build-path .build-fuzz -c "${FUZZ_CONFIG:-release}" --product "$target" \
    --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -Xcc -fsanitize=address
done
