/* The seed program of the FuzzELF corpus (Fuzz/seeds/make.sh): small, but with the DWARF a
   real program has: a struct, an enum, a pointer, an array, a global, a static, inlined
   calls, a loop, locals in registers (location lists at -O2) and several ranges. */
struct point { int x, y; const char *name; };
enum colour { red, green = 5, blue };
static int counter;
int table[4] = {1, 2, 3, 4};
__thread long tls_value;

static inline int square(int v) { return v * v; }

__attribute__((noinline)) int sum(const struct point *p, int n) {
    int total = 0;
    for (int i = 0; i < n; i++) total += square(p[i].x) + p[i].y;
    counter += total;
    return total;
}

__attribute__((noinline, cold)) void fail(enum colour c) { counter = (int)c; }

void _start(void) {
    struct point points[2] = {{1, 2, "a"}, {3, 4, "b"}};
    int result = sum(points, 2) + table[counter & 3];
    if (result > 100) fail(blue);
    __asm__ volatile("mov $60, %%eax; xor %%edi, %%edi; syscall" ::: "memory");
    for (;;) {}
}
