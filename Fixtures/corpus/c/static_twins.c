/*
 * static_twins.c — two static functions named `helper`, one in this unit
 * and one in static_twins_other.c: `break helper` is one breakpoint with two
 * locations, and each stop names the right unit.
 *
 * session:
 *   break helper
 *   run
 *   bt
 *   args
 *   continue
 *   bt
 *   args
 *   print counter
 *   continue
 */
#include <stdio.h>

int other_entry(int n);

static int counter = 1;

static int helper(int n)
{
    counter += n;
    return counter;
}

int main(void)
{
    int here = helper(5);
    int there = other_entry(7);
    printf("here=%d there=%d\n", here, there);
    return 0;
}
