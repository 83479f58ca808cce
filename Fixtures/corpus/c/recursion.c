/*
 * recursion.c — a recursive function several frames deep: `bt`, moving
 * between frames with up/down/frame N, each frame's own arguments, and
 * `finish` returning from one level to the next.
 *
 * session:
 *   break fib if n == 1
 *   run
 *   bt
 *   args
 *   up
 *   args
 *   up
 *   locals
 *   frame 4
 *   args
 *   down
 *   args
 *   frame 0
 *   finish
 *   finish
 *   continue
 *   bt
 */
#include <stdio.h>

static long fib(int n)
{
    if (n < 2)
        return n;
    long left = fib(n - 1);
    long right = fib(n - 2);
    return left + right;
}

int main(void)
{
    long result = fib(5);
    printf("fib(5)=%ld\n", result);
    return 0;
}
