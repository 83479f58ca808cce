/*
 * tailcall_paths_o2.c — tail calls at -O2 (built -g -O2) that reach `last` by
 * two paths: `enter` jumps to `left` or `right` (by its argument), both jump to
 * `join`, which jumps to `last`; `split` jumps to `low` or `high`, both jump
 * to `alone`. gdb shows only the tail-call frames every path shares (join);
 * where the paths share none (to alone), none.
 *
 * session:
 *   break last
 *   run
 *   bt
 *   finish
 *   break alone
 *   continue
 *   bt
 *   continue
 */
#include <stdio.h>
#include <stdlib.h>

volatile int sink;

__attribute__((noinline)) int last(int v)
{
    sink = v;
    return v * 3;
}

__attribute__((noinline)) int join(int v)
{
    sink = v + 1;
    return last(v + 1);
}

__attribute__((noinline)) int left(int v)
{
    sink = v + 2;
    return join(v * 2);
}

__attribute__((noinline)) int right(int v)
{
    sink = v + 3;
    return join(v * 5);
}

__attribute__((noinline)) int enter(int v)
{
    sink = v;
    if (v & 1)
        return left(v);
    return right(v);
}

__attribute__((noinline)) int alone(int v)
{
    sink = v;
    return v - 1;
}

__attribute__((noinline)) int low(int v)
{
    sink = v + 4;
    return alone(v * 3);
}

__attribute__((noinline)) int high(int v)
{
    sink = v + 5;
    return alone(v * 7);
}

__attribute__((noinline)) int split(int v)
{
    sink = v;
    if (v & 2)
        return low(v);
    return high(v);
}

int main(int argc, char **argv)
{
    int seed = argc > 5 ? atoi(argv[1]) : 4;
    int r = enter(seed);
    r += split(seed);
    printf("r=%d\n", r);
    return 0;
}
