#!/bin/bash
# Builds the libFuzzer targets (see Fuzz/run.sh) into .build-fuzz, with address sanitizer.
# Only the fuzz products: with -sanitize=fuzzer libFuzzer brings main(), which dbg's own
# top-level main.swift cannot share.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(FuzzExpression FuzzJSONRPC FuzzDwarfExpression FuzzCallFrames FuzzELF)
for target in "${targets[@]}"; do
  # -Xcc -fsanitize=address: the C shims (CDwarf, CSys) are checked too.
  DBG_FUZZ=1 nice swift build --build-path .build-fuzz --product "$target" --sanitize=fuzzer \
    -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=address
done
