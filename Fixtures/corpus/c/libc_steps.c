/*
 * libc_steps.c — `step` into the C library through the program's PLT, as gdb
 * goes with glibc's debug info installed (libc6-dbg).
 *
 * The first call of each function binds its PLT slot lazily (the dynamic
 * loader's resolver runs, and for strlen and memcpy an IFUNC resolver picks
 * the machine's variant: __strlen_evex, __memcpy_avx512_unaligned_erms, ...);
 * the second call of printf jumps through the bound slot. Inside printf `step`
 * goes on in libc and into the function printf calls; `finish` comes back
 * with the value. time() resolves to the kernel's vDSO, which has no line
 * information: `step` goes over it.
 *
 * session:
 *   break measure
 *   run
 *   step
 *   bt
 *   finish
 *   step
 *   step
 *   step
 *   step
 *   bt
 *   finish
 *   step
 *   step
 *   step
 *   step
 *   bt
 *   finish
 *   finish
 *   step
 *   print written
 *   step
 *   print stamp > 0
 *   step
 *   bt
 *   finish
 *   next
 *   continue
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

static size_t measure(const char *text)
{
    return strlen(text);
}

int main(int argc, char **argv)
{
    char copy[32];
    const char *word = argc > 1 ? argv[1] : "corpus";
    size_t length = measure(word);
    memcpy(copy, word, length + 1);
    int written = printf("%s has %zu letters\n", copy, length);
    time_t stamp = time(NULL);
    written += printf("%d %d\n", written, stamp > 0);
    printf("%s\n", word);
    return written > 0 ? 0 : 1;
}
