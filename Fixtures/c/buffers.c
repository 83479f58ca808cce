/* buffers — C strings a trace reads: some in the caller's stack, some in the binary.
 *
 *   buffers [N]  calls label(text) N times (default 3) with "item-I" written into a buffer
 *                of main's frame (the next iteration writes over it), then once with the
 *                literal "fixed"; prints "total=T" (the sum of what label returns).
 *
 * A trace that reads values after the event (dbg trace's inject and uprobe backends) must
 * not show a buffer's later bytes as an earlier call's argument: a string on the stack of
 * the call is shown by its address; the literal, in the binary's read-only data, by its
 * text. The ptrace backend reads both at the call.
 */
#include <stdio.h>
#include <stdlib.h>

/* Twice the text's length (counted here: a call before the return would leave its RET
   too little straight-line code for the inject backend's patch). */
__attribute__((noinline)) int label(const char *text)
{
    int length = 0;
    while (text[length] != '\0')
        length++;
    return length * 2;
}

int main(int argc, char **argv)
{
    int count = argc > 1 ? atoi(argv[1]) : 3;
    long total = 0;
    char buffer[32];
    for (int i = 0; i < count; i++) {
        snprintf(buffer, sizeof buffer, "item-%d", i);
        total += label(buffer);
    }
    total += label("fixed");
    printf("total=%ld\n", total);
    return 0;
}
