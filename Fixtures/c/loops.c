/*
 * loops.c — the benchmark fixture.
 *
 *   spin   a one-line loop of 10,000,000 iterations (`next` over it must not
 *          single-step: gdb takes minutes)
 *   tick   tick(i) called 10,000 times (breakpoint hit rate, tracing)
 *   big    fills a 64 MiB global array `big` (memory reads) and prints a
 *          checksum
 *
 * Arguments select parts (`loops spin tick`); none runs all three.
 * Good breakpoints: spin, tick, fill_big, main.
 *
 * Prints one line per part; exits 0.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define SPIN_N 10000000L
#define TICK_N 10000
#define BIG_SIZE (64u << 20)

unsigned char big[BIG_SIZE];
long ticks = 0;

long spin(long n)
{
    volatile long sum = 0;
    for (long i = 0; i < n; i++) sum += i;
    return sum;
}

__attribute__((noinline)) int tick(int i)
{
    ticks++;
    return i & 3;
}

unsigned long fill_big(void)
{
    unsigned long check = 0;
    for (unsigned i = 0; i < BIG_SIZE; i++)
        big[i] = (unsigned char)(i * 31u + (i >> 12));
    for (unsigned i = 0; i < BIG_SIZE; i += 4096)
        check = check * 33 + big[i] + big[i + 4095];
    return check;
}

/* `loops forever`: spins until SIGTERM (for halting and attaching while it runs). */
static volatile sig_atomic_t stop_requested = 0;

static void request_stop(int signo)
{
    (void)signo;
    stop_requested = 1;
}

static long forever(void)
{
    long rounds = 0;
    signal(SIGTERM, request_stop);
    while (!stop_requested)
        rounds += spin(1000) > 0;
    return rounds;
}

static int wanted(int argc, char **argv, const char *part)
{
    if (argc < 2)
        return strcmp(part, "forever") != 0;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], part) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (wanted(argc, argv, "spin")) {
        long s = spin(SPIN_N);
        printf("spin=%ld\n", s);
    }
    if (wanted(argc, argv, "tick")) {
        long acc = 0;
        for (int i = 0; i < TICK_N; i++)
            acc += tick(i);
        printf("ticks=%ld acc=%ld\n", ticks, acc);
    }
    if (wanted(argc, argv, "forever")) {
        long rounds = forever();
        printf("stopped after %s rounds\n", rounds > 0 ? "some" : "no");
    }
    if (wanted(argc, argv, "big")) {
        unsigned long c = fill_big();
        printf("big checksum=%lu\n", c);
    }
    return 0;
}
