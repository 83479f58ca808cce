/*
 * crash.c — a segfault at the bottom of a call chain.
 *
 * Exercises: stopping on SIGSEGV and the backtrace at the crash:
 *   level2 (writes through NULL) <- level1 <- main.
 * Prints "about to crash" and dies with SIGSEGV (exit status 139 in a shell).
 */
#include <stdio.h>

struct victim {
    int id;
    int value;
};

__attribute__((noinline)) void level2(struct victim *v, int value)
{
    v->value = value;              /* v is NULL: SIGSEGV here */
}

__attribute__((noinline)) void level1(int depth)
{
    struct victim *v = NULL;
    level2(v, depth * 10);
}

int main(void)
{
    printf("about to crash\n");
    fflush(stdout);
    level1(4);
    return 0;
}
