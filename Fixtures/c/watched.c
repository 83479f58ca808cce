/*
 * watched.c — globals for watchpoints (`watch`, gdb's watch/awatch).
 *
 *   counter   an int written once per pass of main's loop (0, 1, 2, ...)
 *   pair      a struct of two shorts; pair.low follows counter, pair.high is
 *             never written (a watch on it never fires)
 *   wide      a 16-byte struct (too large for one debug register)
 *   later     written by a thread created after the watch is set (debug
 *             registers must reach new threads)
 *
 * A watch on `counter` then `continue` stops after each write: old 0, new 1,
 * then old 1, new 2.
 * Good breakpoints: main, bump, writer.
 *
 *   watched [N [PAUSE_MS]]   N passes of the loop (default 5), PAUSE_MS milliseconds
 *                            apart (default 0: time for a debugger to attach)
 *
 * Prints "watched: counter=N later=7"; exits 0.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct pair { short low; short high; };
struct wide { long first; long second; };

int counter;
struct pair pair;
struct wide wide = { 1, 2 };
long later;

void bump(int i)
{
    counter = i + 1;
    pair.low = (short)counter;
}

void *writer(void *unused)
{
    (void)unused;
    later = 7;
    return NULL;
}

int main(int argc, char **argv)
{
    int passes = argc > 1 ? atoi(argv[1]) : 5;
    int pause_ms = argc > 2 ? atoi(argv[2]) : 0;
    register int done = 0;  /* in a register (rbx) even at -O0: it has no address to watch */
    for (int i = 0; i < passes; i++) {
        bump(i);
        done++;
        if (pause_ms > 0)
            usleep((useconds_t)pause_ms * 1000);
    }
    pthread_t thread;
    pthread_create(&thread, NULL, writer, NULL);
    pthread_join(thread, NULL);
    printf("watched: counter=%d later=%ld\n", counter, later);
    return 0;
}
