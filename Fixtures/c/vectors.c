/*
 * vectors.c — AVX registers holding known values, for register views and core files.
 *
 * main broadcasts 1.5f into all eight lanes of ymm5 (its upper half too, which only the
 * XSAVE area keeps: NT_X86_XSTATE in a core), then calls loaded(), which touches no vector
 * register: stopped at loaded, ymm5 is eight times 1.5 (0x3fc00000).
 * Good breakpoint: loaded. Needs a CPU with AVX.
 *
 * Prints "vectors: 1.5"; exits 0.
 */
#include <stdio.h>

static float lane = 1.5f;

__attribute__((noinline)) void loaded(void)
{
    __asm__ volatile("" ::: "memory");
}

int main(void)
{
    __asm__ volatile("vbroadcastss %0, %%ymm5" : : "m"(lane) : "xmm5");
    loaded();
    printf("vectors: %g\n", lane);
    return 0;
}
