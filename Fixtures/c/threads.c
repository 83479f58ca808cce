/*
 * threads.c — eight pthreads hammering the same function.
 *
 * Exercises: thread creation and exit, a breakpoint hit by many threads at
 * once (`hit`), per-thread locals, a C11 atomic global counter, joins.
 *
 * Each of 8 threads calls hit(thread, i) 1000 times and accumulates its
 * return value; main joins them and prints the total, which is always the
 * same. Good breakpoints: hit (8000 hits), worker, main after the joins.
 *
 * Prints "hits=8000 total=..." and exits 0.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define NTHREADS 8
#define CALLS 1000

atomic_int hit_count = 0;

struct worker_arg {
    int thread;
    long total;
};

__attribute__((noinline)) int hit(int thread, int i)
{
    atomic_fetch_add(&hit_count, 1);
    return thread * 1000 + i % 7;
}

void *worker(void *p)
{
    struct worker_arg *arg = p;
    long total = 0;
    for (int i = 0; i < CALLS; i++) {
        total += hit(arg->thread, i);
    }
    arg->total = total;
    return NULL;
}

int main(void)
{
    pthread_t tids[NTHREADS];
    struct worker_arg args[NTHREADS];

    for (int t = 0; t < NTHREADS; t++) {
        args[t].thread = t;
        args[t].total = 0;
        pthread_create(&tids[t], NULL, worker, &args[t]);
    }

    long total = 0;
    for (int t = 0; t < NTHREADS; t++) {
        pthread_join(tids[t], NULL);
        total += args[t].total;
    }

    printf("hits=%d total=%ld\n", atomic_load(&hit_count), total);
    return 0;
}
