/* trap: the program stops itself with an int3 of its own, a breakpoint written in the
 * source. A debugger stops there and, when continued, does not hand the SIGTRAP to the
 * program (which would kill it). */
#include <stdio.h>

static int bump(int x)
{
    __asm__ volatile("int3");
    return x + 1;
}

int main(void)
{
    int x = bump(1);
    printf("after %d\n", x);
    return 0;
}
