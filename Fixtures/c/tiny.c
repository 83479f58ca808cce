/* tiny — functions too short for a probe at their entry and another at their return.
 *
 * Exercises: `dbg trace --backend inject`, which patches a five-byte jump over a probed
 * instruction and needs a run of straight-line code that long at each probe. Built -O2,
 * these are shorter than two such runs: the backend patches each whole (one jump at the
 * entry, the call recorded first and the return last).
 *
 *   tiny [N]   calls tick() and triple(i) N times each (default 10); prints
 *              "ticks=N tripled=SUM" (SUM = the sum of 3i + 1 for i < N); exits 0
 */
#include <stdio.h>
#include <stdlib.h>

static long ticks = 0;

/* addq $1,ticks(%rip); ret: nine bytes, its return's run would start at its entry. */
__attribute__((noinline)) void tick(void) { ticks++; }

/* lea 0x1(%rdi,%rdi,2),%rax; ret: an argument and a result, in six bytes. */
__attribute__((noinline)) long triple(long x) { return x * 3 + 1; }

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10;
    long sum = 0;
    for (long i = 0; i < n; i++) {
        tick();
        sum += triple(i);
    }
    printf("ticks=%ld tripled=%ld\n", ticks, sum);
    return 0;
}
