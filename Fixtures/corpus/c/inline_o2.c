/*
 * inline_o2.c — inline functions at -O2 (built -g -O2): a breakpoint on an
 * inlined function stops at each inlined copy; `bt` shows the inlined
 * frames; `step` enters an inlined body and `finish` leaves it.
 *
 * session:
 *   break work
 *   run
 *   step
 *   bt
 *   finish
 *   next
 *   break scale
 *   continue
 *   bt
 *   args
 *   continue
 *   bt
 *   continue
 */
#include <stdio.h>
#include <stdlib.h>

static inline int scale(int v, int by)
{
    return v * by + 1;
}

static inline int bounded(int v)
{
    if (v > 1000)
        return 1000;
    return scale(v, 2);
}

__attribute__((noinline)) static int work(int a, int b)
{
    int x = scale(a, 3);
    int y = bounded(b);
    return x + y;
}

int main(int argc, char **argv)
{
    int base = argc > 5 ? atoi(argv[1]) : 7;
    int result = work(base, base + 1);
    result += scale(result, base);
    printf("result=%d\n", result);
    return result == 0;
}
