/*
 * libc_tailcalls_o2.c — optimised: functions whose last act is a C library
 * call end with a jump to its PLT stub (a tail call), and each line starts
 * with that jump. `step` follows the jump through the stub (and the lazy
 * binding) into glibc, as gdb does; the backtrace there shows the tail-calling
 * frame where its call site says so (report's); `finish` returns to the
 * caller's caller.
 *
 * session:
 *   break measure
 *   break report
 *   run
 *   step
 *   bt
 *   finish
 *   continue
 *   step
 *   bt
 *   step
 *   finish
 *   continue
 */
#include <stdio.h>
#include <string.h>

__attribute__((noinline)) static size_t measure(const char *text)
{
    return strlen(text);
}

__attribute__((noinline)) static int report(const char *text, int count)
{
    return printf("%s %d\n", text, count);
}

int main(int argc, char **argv)
{
    const char *word = argc > 1 ? argv[1] : "tail";
    size_t length = measure(word);
    report(word, (int)length);
    return 0;
}
