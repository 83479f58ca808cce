// tls — thread-local variables.
//
// Exercises: `__thread` variables (one global, one static) that hold a different
// value in each thread. Each of three threads sets its own copies and stops in
// report(); good breakpoint: report (print tls_counter, tls_name there; each
// thread sees its own).
//
// Prints one line per thread and exits 0.
#include <pthread.h>
#include <stdio.h>

__thread int tls_counter = 7;              // main keeps 7; each thread sets its own
static __thread const char *tls_name = "main";

void report(int id) {
    printf("thread %d: counter=%d name=%s\n", id, tls_counter, tls_name);
}

static void *worker(void *arg) {
    int id = (int)(long)arg;
    static const char *names[] = {"zero", "one", "two"};
    tls_counter = 100 + id;
    tls_name = names[id];
    report(id);
    return NULL;
}

int main(void) {
    pthread_t threads[3];
    for (long id = 0; id < 3; id++) {
        pthread_create(&threads[id], NULL, worker, (void *)id);
        pthread_join(threads[id], NULL);  // one at a time: a deterministic order
    }
    report(-1);
    return 0;
}
