/*
 * loop_o2.c — an optimised loop (built -g -O2): variables in registers with
 * location lists, some optimised out, lines that the compiler interleaves
 * (is_stmt), and `next` through them as gdb walks them.
 *
 * session:
 *   break sum_squares
 *   run
 *   args
 *   next
 *   next
 *   next
 *   next
 *   locals
 *   next
 *   next
 *   bt
 *   finish
 *   continue
 */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static long sum_squares(const int *values, int count)
{
    long sum = 0;
    for (int i = 0; i < count; i++) {
        int v = values[i];
        sum += (long)v * v;
    }
    return sum;
}

int main(int argc, char **argv)
{
    int count = argc > 5 ? atoi(argv[1]) : 4;
    int *values = malloc(sizeof(int) * (size_t)count);
    for (int i = 0; i < count; i++)
        values[i] = i + 1;
    long sum = sum_squares(values, count);
    printf("sum=%ld\n", sum);
    free(values);
    return 0;
}
