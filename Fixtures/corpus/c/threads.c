/*
 * threads.c — two worker threads that start together and take turns (so every run stops in the
 * same order): a breakpoint both hit, a worker's stack down to its start
 * routine, its own arguments, and the thread list at a stop.
 *
 * session:
 *   break worker_step
 *   run
 *   bt
 *   args
 *   print *job
 *   threads
 *   continue
 *   args
 *   continue
 *   print job->id
 *   print turn
 *   continue
 */
#include <pthread.h>
#include <stdio.h>

struct job {
    int id;
    int steps;
    long result;
};

static pthread_barrier_t all_started;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int turn = 1;

static void worker_step(struct job *job, int step)
{
    job->result += (long)job->id * step;
}

static void *worker(void *arg)
{
    struct job *job = arg;
    pthread_barrier_wait(&all_started);
    pthread_mutex_lock(&lock);
    while (turn != job->id)
        pthread_cond_wait(&changed, &lock);
    for (int step = 1; step <= job->steps; step++)
        worker_step(job, step);
    turn++;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(void)
{
    struct job jobs[2] = {{1, 2, 0}, {2, 1, 0}};
    pthread_t threads[2];
    pthread_barrier_init(&all_started, NULL, 2);
    for (int i = 0; i < 2; i++)
        pthread_create(&threads[i], NULL, worker, &jobs[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);
    printf("results %ld %ld\n", jobs[0].result, jobs[1].result);
    return 0;
}
