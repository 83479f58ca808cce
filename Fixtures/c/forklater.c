/*
 * forklater.c — forks when a debugger tells it to, a child that lives on.
 *
 * Exercises: what a debugger attached to the parent leaves in a forked child
 * (nothing: its breakpoints, its scratch areas, its SIGTRAP handler all stay
 * with the parent). The parent spins until `go` is set (by the debugger: no
 * timing), forks, and calls after_fork(child); the child waits for signals
 * until one ends it (the test kills it); the parent reaps it.
 * Good breakpoint: after_fork.
 *
 * Prints "child ended" and exits 0.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

volatile int go = 0;

__attribute__((noinline)) int after_fork(int child)
{
    return child;
}

int main(void)
{
    while (!go)
        usleep(1000);
    pid_t child = fork();
    if (child == 0) {
        for (;;)
            pause();
    }
    after_fork(child);
    int status;
    waitpid(child, &status, 0);
    printf("child ended\n");
    return 0;
}
