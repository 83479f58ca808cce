/*
 * inlining.c — a function with an out-of-line copy and an inlined one (built
 * with cc -g -O2).
 *
 * main calls add3 directly (gcc inlines that call) and through a pointer
 * (which needs the out-of-line copy): `break add3` has two locations, as in
 * gdb, and stops at both calls.
 *
 * Prints "7 8"; exits 0.
 */
#include <stdio.h>

int add3(int x)
{
    return x + 3;
}

int (*volatile indirect)(int) = add3;

int main(int argc, char **argv)
{
    (void)argv;
    int direct = add3(argc + 3);
    int through = indirect(argc + 4);
    printf("%d %d\n", direct, through);
    return 0;
}
