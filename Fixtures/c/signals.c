/*
 * signals.c — signals delivered to the program, and two ways to die.
 *
 * Exercises: a SIGUSR1 handler (`on_usr1`) run three times, once via raise()
 * and twice via kill(getpid(), ...); the debugger must stop on the signal,
 * pass it on, and let the handler run. Good breakpoints: on_usr1, main.
 *
 *   signals          prints "usr1 count=3", exits 0
 *   signals segv     dereferences NULL in crash_here (SIGSEGV)
 *   signals abort    calls abort() (SIGABRT)
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

volatile sig_atomic_t usr1_count = 0;

void on_usr1(int sig)
{
    (void)sig;
    usr1_count++;
}

__attribute__((noinline)) void crash_here(int *p)
{
    *p = 42;                       /* p is NULL: SIGSEGV here */
}

int main(int argc, char **argv)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);

    raise(SIGUSR1);
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    printf("usr1 count=%d\n", (int)usr1_count);
    fflush(stdout);

    if (argc > 1 && strcmp(argv[1], "segv") == 0) {
        int *volatile nowhere = NULL;
        crash_here(nowhere);
    }
    if (argc > 1 && strcmp(argv[1], "abort") == 0) {
        abort();
    }
    return 0;
}
