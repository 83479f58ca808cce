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
 * Prints "watched: counter=5 later=7"; exits 0.
 */
#include <pthread.h>
#include <stdio.h>

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

int main(void)
{
    for (int i = 0; i < 5; i++)
        bump(i);
    pthread_t thread;
    pthread_create(&thread, NULL, writer, NULL);
    pthread_join(thread, NULL);
    printf("watched: counter=%d later=%ld\n", counter, later);
    return 0;
}
