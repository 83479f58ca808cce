/*
 * optimized.c — what -O2 does to debug info (built with cc -g -O2).
 *
 * Exercises: inlined functions (clamp, mix, step: `static inline`, called in
 * loops, so they appear as DW_TAG_inlined_subroutine with call sites; step
 * inlines clamp and mix, so inlined frames nest: mix <- step <- checksum),
 * variables kept in registers and described by location lists (values that
 * are "optimized out" in some ranges, DW_OP_entry_value), and a function
 * that stays out of line (checksum, noinline) so it can be broken on by name.
 * Good breakpoints: checksum, clamp (inlined at two call sites), mix, main.
 *
 * Prints "checksum=... total=... clamped=..."; exits 0.
 */
#include <stdio.h>
#include <stdlib.h>

unsigned clamped = 0;   /* a side effect keeps clamp's branches (and its DWARF) */

static inline int clamp(int v, int lo, int hi)
{
    if (v < lo) {
        clamped++;
        return lo;
    }
    if (v > hi) {
        clamped++;
        return hi;
    }
    return v;
}

static inline unsigned mix(unsigned h, unsigned v)
{
    h ^= v;
    h *= 16777619u;
    return h;
}

static inline unsigned step(unsigned h, int v)
{
    int c = clamp(v, -100, 100);
    return mix(h, (unsigned)c);
}

__attribute__((noinline)) unsigned checksum(const int *data, int n)
{
    unsigned h = 2166136261u;
    for (int i = 0; i < n; i++)
        h = step(h, data[i]);
    return h;
}

int main(int argc, char **argv)
{
    int n = 64 + (argc > 1 ? atoi(argv[1]) : 0);
    int *data = malloc(sizeof(int) * (size_t)n);
    if (data == NULL)
        return 1;
    long total = 0;
    unsigned seed = 12345;
    for (int i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;      /* a chain gcc cannot vectorise */
        int v = (int)((seed >> 16) % 251) - 125;
        data[i] = v;
        total += clamp(v, -50, 50);
    }
    unsigned sum = checksum(data, n);
    printf("checksum=%u total=%ld clamped=%u\n", sum, total, clamped);
    free(data);
    return 0;
}
