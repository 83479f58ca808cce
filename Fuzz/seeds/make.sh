#!/bin/bash
# Rebuilds the seed corpora from seed.c: small binaries with DWARF 4 and 5, -O0 and -O2,
# compressed sections and a relocatable object, and their frame sections for FuzzCallFrames.
set -euo pipefail
cd "$(dirname "$0")"
out=../corpus/FuzzELF; cfi=../corpus/FuzzCallFrames
mkdir -p "$out" "$cfi"
small="-nostdlib -static -Wl,-z,max-page-size=64 -Wl,-z,norelro -Wl,--build-id=none -Wl,-z,noseparate-code"
cc -g -O2 -gdwarf-5 $small -o "$out/dwarf5-O2" seed.c
cc -g -O0 -gdwarf-5 $small -o "$out/dwarf5-O0" seed.c
cc -g -O2 -gdwarf-4 $small -o "$out/dwarf4-O2" seed.c
cc -g -O2 -gdwarf-5 -gz=zlib $small -o "$out/dwarf5-zlib" seed.c
cc -g -O2 -gdwarf-5 -fno-asynchronous-unwind-tables $small -o "$out/debug-frame" seed.c
cc -g -O2 -gdwarf-5 -c -o "$out/object.o" seed.c
for f in "$out"/*; do strip --strip-unneeded --keep-symbols=/dev/null -R .comment "$f" 2>/dev/null || true; done
# FuzzCallFrames: byte 0 = 0 (.debug_frame) or 1 (.eh_frame), then the section's bytes.
frame() { # binary section selector name
  objcopy --dump-section "$2=/tmp/frame.$$" "$1" /tmp/frame-copy.$$ && rm -f /tmp/frame-copy.$$ && [ -s /tmp/frame.$$ ] &&
    { printf "\\x$3"; cat /tmp/frame.$$; } > "$cfi/$4"; rm -f /tmp/frame.$$; }
frame "$out/dwarf5-O2" .eh_frame 01 eh_frame
frame "$out/debug-frame" .debug_frame 00 debug_frame
ls -la "$out" "$cfi"
