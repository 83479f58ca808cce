/* tracee — one small function called from several threads, for `dbg trace`.
 *
 *   tracee [N [T [PAUSE_US]]]   T threads (default 8) each call checksum(i, seed) N times
 *                               (default 1000), pausing PAUSE_US microseconds between
 *                               calls (default 0: as fast as they can)
 *
 * checksum(i, seed) returns (i * 31 + seed) % 1000, so a trace's arguments and return
 * values can be checked. mix(a, b) is compiled without debug info (tracee_nodebug.c):
 * a trace shows its arguments as raw registers. Prints "calls=N*T sum=..."; exits 0.
 * With TRACEE_CPU set, also prints "cpu_ns=..." on stderr: the CPU time the process used
 * (what a trace's probes cost it, measured by `make bench-trace`).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int mix(int a, int b); /* tracee_nodebug.c, no DWARF */

static long calls_per_thread = 1000;
static long pause_us = 0;

int checksum(int i, int seed)
{
    int x = i * 31 + seed;
    return x % 1000;
}

static void *worker(void *argument)
{
    int seed = (int)(long)argument;
    long sum = 0;
    for (long i = 0; i < calls_per_thread; i++) {
        sum += checksum((int)i, seed);
        if (pause_us > 0)
            usleep((useconds_t)pause_us);
    }
    return (void *)sum;
}

int main(int argc, char **argv)
{
    int threads = 8;
    if (argc > 1) calls_per_thread = atol(argv[1]);
    if (argc > 2) threads = atoi(argv[2]);
    if (argc > 3) pause_us = atol(argv[3]);
    if (threads < 1 || threads > 64) threads = 8;
    pthread_t ids[64];
    for (int t = 0; t < threads; t++)
        pthread_create(&ids[t], NULL, worker, (void *)(long)t);
    long total = 0;
    for (int t = 0; t < threads; t++) {
        void *sum = NULL;
        pthread_join(ids[t], &sum);
        total += (long)sum;
    }
    total += mix(3, 4);
    printf("calls=%ld sum=%ld\n", calls_per_thread * threads, total);
    if (getenv("TRACEE_CPU") != NULL) {
        struct timespec cpu;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
        fprintf(stderr, "cpu_ns=%lld\n", (long long)cpu.tv_sec * 1000000000LL + cpu.tv_nsec);
    }
    return 0;
}
