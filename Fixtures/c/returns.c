// returns — functions returning structs and unions, each in the way the x86-64 System V
// ABI hands it back: two integers in rax:rdx, two doubles in xmm0:xmm1, a double and an
// int across xmm0 and rax, a union, and a struct too big for registers (in memory, its
// address in rax).
//
// Exercises: `stepout` showing each returned value (gdb's `finish` is the oracle).
// Good breakpoints: the five make_* functions.
//
// Prints a checksum line and exits 0.
#include <stdio.h>

struct pair { long a; long b; };
struct vec2 { double x; double y; };
struct mixed { double weight; int count; };
union word { unsigned long bits; double real; };
struct big { long values[5]; };

__attribute__((noinline)) struct pair make_pair(long a) { struct pair p = {a, a * 2}; return p; }
__attribute__((noinline)) struct vec2 make_vec2(double x) { struct vec2 v = {x, x / 4}; return v; }
__attribute__((noinline)) struct mixed make_mixed(int n) { struct mixed m = {n * 1.5, n}; return m; }
__attribute__((noinline)) union word make_word(unsigned long bits) { union word w; w.bits = bits; return w; }
__attribute__((noinline)) struct big make_big(long base)
{
    struct big b;
    for (int i = 0; i < 5; i++)
        b.values[i] = base + i;
    return b;
}

int main(void)
{
    struct pair p = make_pair(21);
    struct vec2 v = make_vec2(10);
    struct mixed m = make_mixed(4);
    union word w = make_word(0x4045000000000000ul);
    struct big b = make_big(100);
    printf("checksum %ld %g %g %d %lu %ld\n", p.a + p.b, v.x + v.y, m.weight, m.count, w.bits, b.values[4]);
    return 0;
}
