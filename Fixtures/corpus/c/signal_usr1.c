/*
 * signal_usr1.c — a program that raises SIGUSR1 and handles it: the
 * debugger stops on the signal, `continue` delivers it, the handler runs
 * (a breakpoint there shows the frame of the signal trampoline in `bt`).
 *
 * session:
 *   break on_usr1
 *   run
 *   continue
 *   bt
 *   args
 *   finish
 *   continue
 */
#include <signal.h>
#include <stdio.h>

static volatile sig_atomic_t hits = 0;

static void on_usr1(int signo)
{
    hits += signo == SIGUSR1;
}

int main(void)
{
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    printf("hits=%d\n", (int)hits);
    return hits == 1 ? 0 : 1;
}
