/*
 * twins.c — one name, two functions (with twins_other.c).
 *
 * Each unit has its own static `find` (as Redis's and hiredis's `dictFind`):
 * `break find` is one breakpoint with two locations, as in gdb, so clearing it
 * clears both.
 *
 * Prints "found 3 and 4"; exits 0.
 */
#include <stdio.h>

int find_in_other(int key);

static int find(int key)
{
    return key + 1;
}

int main(void)
{
    int here = find(2);
    int there = find_in_other(2);
    printf("found %d and %d\n", here, there);
    return 0;
}
