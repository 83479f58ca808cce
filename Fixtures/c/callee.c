/*
 * callee.c — functions to call from the debugger (`call EXPR`, `print f(x) + 1`).
 *
 *   add, square, negate_long, twice_unsigned   integers in and out (rdi, rsi; eax/rax)
 *   half, scale_float, mix                      doubles and floats (xmm0-7), mixed with ints
 *   sum8, sum_doubles10                         more arguments than registers: the rest on the stack
 *   sum_ints                                    variadic (al = vector registers used)
 *   length                                      a string: `length("hello")` is 5
 *   element, deref, table_at                    pointers to the program's data, in and out
 *   color_value                                 an enum
 *   point_sum, make_point, make_box, box_area   structs by value, in registers and in memory
 *   scale_vec, vec_dot                          a struct of two doubles: SSE class, in xmm0/xmm1
 *   make_tagged, tagged_total                   a struct of INTEGER then SSE eightbytes (rax, xmm0)
 *   bump                                        a side effect: adds to the global `counter`
 *   hits_breakpoint                             a place for a breakpoint inside a called function
 *   crash                                       writes through NULL: SIGSEGV inside the call
 *   ticks_now                                   what the ticker thread counted so far
 *   stack_is_aligned                            1 when rsp + 8 was 16-byte aligned at entry
 *
 * main starts a ticker thread (it counts while the program runs, so a call that let other
 * threads run would see it move), waits until it has counted, stops at `ready` (a good
 * breakpoint: every function is callable there), then prints what the calls may have
 * changed, and exits 0:
 *
 *   callee: counter=3 total=10 mid=4
 *
 * Good breakpoints: ready, hits_breakpoint.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum color { RED, GREEN = 5, BLUE };
struct point { int x; int y; };
struct box { long width; long height; long depth; };
struct vec { double x; double y; };
struct tagged { int tag; float weight; double amount; };

int counter;
int table[4] = { 10, 20, 30, 40 };
double weights[3] = { 0.5, 1.5, 2.25 };
struct vec unit = { 3.0, 4.0 };
struct tagged sample = { 2, 0.5f, 10.25 };
volatile int ticks;
volatile int done;

int add(int a, int b) { return a + b; }
int square(int x) { return x * x; }
long negate_long(long x) { return -x; }
unsigned twice_unsigned(unsigned x) { return 2 * x; }
double half(double x) { return x / 2; }
float scale_float(float x, float by) { return x * by; }
double mix(int a, double b, long c, float d) { return a + b + c + d; }

long sum8(long a, long b, long c, long d, long e, long f, long g, long h)
{
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

double sum_doubles10(double a, double b, double c, double d, double e, double f, double g, double h,
                     double i, double j)
{
    return a + b + c + d + e + f + g + h + i * 100 + j * 1000;
}

int sum_ints(int count, ...)
{
    va_list list;
    va_start(list, count);
    int total = 0;
    for (int n = 0; n < count; n++)
        total += va_arg(list, int);
    va_end(list);
    return total;
}

size_t length(const char *text) { return strlen(text); }
int *element(int index) { return &table[index]; }
int deref(const int *p) { return *p; }
int table_at(int *base, int index) { return base[index]; }
int color_value(enum color c) { return (int)c * 10; }

int point_sum(struct point p) { return p.x + p.y; }
struct point make_point(int x, int y) { struct point p = { x, y }; return p; }
struct box make_box(long width, long height, long depth) { struct box b = { width, height, depth }; return b; }
long box_area(struct box b) { return b.width * b.height * b.depth; }

struct vec scale_vec(struct vec v, double by) { struct vec scaled = { v.x * by, v.y * by }; return scaled; }
double vec_dot(struct vec a, struct vec b) { return a.x * b.x + a.y * b.y; }
struct tagged make_tagged(int tag, float weight, double amount)
{
    struct tagged t = { tag, weight, amount };
    return t;
}
double tagged_total(struct tagged t) { return t.tag + t.weight + t.amount; }

void bump(int by) { counter += by; }

int hits_breakpoint(int x)
{
    int doubled = x * 2;
    return doubled + 1;
}

int crash(int x)
{
    volatile int *nowhere = NULL;
    *nowhere = x;
    return x;
}

int ticks_now(void) { return ticks; }

/* After the prologue's push, rbp is the entry's rsp - 8: 16-byte aligned when the caller
   aligned the stack as the ABI says. */
int stack_is_aligned(void) { return (uintptr_t)__builtin_frame_address(0) % 16 == 0; }

static void *ticker(void *unused)
{
    (void)unused;
    while (!done) {
        ticks++;
        usleep(1000);
    }
    return NULL;
}

void ready(int total)
{
    (void)total;
}

int main(void)
{
    pthread_t thread;
    pthread_create(&thread, NULL, ticker, NULL);
    while (ticks < 3)  /* the ticker runs by the time of `ready` */
        usleep(1000);
    int total = sum_ints(4, 1, 2, 3, 4);
    int mid = table[1] / 5;
    ready(total);
    bump(3);
    done = 1;
    pthread_join(thread, NULL);
    printf("callee: counter=%d total=%d mid=%d\n", counter, total, mid);
    return 0;
}
