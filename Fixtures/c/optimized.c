/*
 * optimized.c — what -O2 does to debug info (built with cc -g -O2).
 *
 * Exercises: inlined functions (clamp, mix: `static inline`, called in
 * loops, so they show up as DW_TAG_inlined_subroutine with call sites),
 * variables kept in registers and described by location lists (values that
 * are "optimized out" in some ranges), and a function that stays out of
 * line (checksum, noinline) so it can still be broken on by name.
 * Good breakpoints: checksum, mix (inlined: several addresses), main.
 *
 * Prints "checksum=... total=..."; exits 0.
 */
#include <stdio.h>
#include <stdlib.h>

static inline int clamp(int v, int lo, int hi)
{
    if (v < lo)
        return lo;
    if (v > hi)
        return hi;
    return v;
}

static inline unsigned mix(unsigned h, unsigned v)
{
    h ^= v;
    h *= 16777619u;
    return h;
}

__attribute__((noinline)) unsigned checksum(const int *data, int n)
{
    unsigned h = 2166136261u;
    for (int i = 0; i < n; i++)
        h = mix(h, (unsigned)clamp(data[i], -100, 100));
    return h;
}

int main(int argc, char **argv)
{
    int n = 64 + (argc > 1 ? atoi(argv[1]) : 0);
    int *data = malloc(sizeof(int) * (size_t)n);
    if (data == NULL)
        return 1;
    long total = 0;
    for (int i = 0; i < n; i++) {
        int v = (i * 37) % 251 - 125;
        data[i] = v;
        total += clamp(v, -50, 50);
    }
    unsigned sum = checksum(data, n);
    printf("checksum=%u total=%ld\n", sum, total);
    free(data);
    return 0;
}
