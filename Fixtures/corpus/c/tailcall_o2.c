/*
 * tailcall_o2.c — tail calls at -O2 (built -g -O2): `last` is reached by a
 * jump, not a call, so the caller's frame is gone; gdb rebuilds it from the
 * DWARF call sites (a "tail call frame").
 *
 * session:
 *   break last
 *   run
 *   bt
 *   args
 *   finish
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

__attribute__((noinline)) int middle(int v)
{
    sink = v + 1;
    return last(v + 1);
}

__attribute__((noinline)) int first(int v)
{
    sink = v + 2;
    return middle(v * 2);
}

int main(int argc, char **argv)
{
    int seed = argc > 5 ? atoi(argv[1]) : 4;
    int r = first(seed);
    printf("r=%d\n", r);
    return 0;
}
