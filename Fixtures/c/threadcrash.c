/*
 * threadcrash.c — a crash while other threads spin where they can be found.
 *
 * Exercises: post-mortem debugging of a multi-threaded program. Three workers
 * each count themselves ready and spin in spin(id) (one line, at -O0) until the
 * program dies; once all three are ready, main writes through NULL in
 * crash_now(). The kernel's core (or gdb's) then has four threads whose stacks
 * and arguments are known: crash_now <- main, and spin(id) <- worker for id 0-2.
 *
 * Dies with SIGSEGV (exit status 139 in a shell).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#define NWORKERS 3

atomic_int ready = 0;
volatile int stop = 0;

__attribute__((noinline)) void spin(int id)
{
    long laps = id;
    atomic_fetch_add(&ready, 1);
    while (!stop) laps++;
}

void *worker(void *p)
{
    spin((int)(long)p);
    return NULL;
}

__attribute__((noinline)) void crash_now(int *target, int value)
{
    *target = value;  /* target is NULL: SIGSEGV here */
}

int main(void)
{
    pthread_t workers[NWORKERS];
    for (long id = 0; id < NWORKERS; id++) pthread_create(&workers[id], NULL, worker, (void *)id);
    while (atomic_load(&ready) < NWORKERS) {
    }
    int *nowhere = NULL;
    crash_now(nowhere, 42);
    return 0;
}
