/*
 * int3.c — a breakpoint instruction compiled into the program
 * (`__asm__("int3")`): gdb stops with SIGTRAP just after it, in `trap_here`;
 * `continue` does not deliver the SIGTRAP, so the program runs on to its end.
 *
 * session:
 *   run
 *   bt
 *   print reached
 *   next
 *   print reached
 *   continue
 */
#include <stdio.h>

static int reached = 0;

static void trap_here(void)
{
    reached = 1;
    __asm__ volatile("int3");
    reached = 2;
}

int main(void)
{
    trap_here();
    printf("reached=%d\n", reached);
    return 0;
}
