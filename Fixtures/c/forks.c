/*
 * forks.c — a process that forks.
 *
 * Exercises: fork() under a debugger (follow-fork / detach-on-fork, a
 * breakpoint inherited by the child), waitpid() and exit statuses.
 * The child calls child_work(21), prints, and exits 0; the parent calls
 * parent_work(10), waits for the child and prints its status. Output order
 * is fixed: the parent prints only after the child has exited.
 * Good breakpoints: child_work, parent_work.
 *
 * Prints "child: ...", then "parent: ..." and "child exited with status 0".
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int child_work(int n)
{
    int result = n * 2;
    printf("child: child_work(%d)=%d\n", n, result);
    return result;
}

int parent_work(int n)
{
    int result = 0;
    for (int i = 1; i <= n; i++)
        result += i;
    return result;
}

int main(void)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        child_work(21);
        fflush(stdout);
        exit(0);
    }

    int pr = parent_work(10);
    int status = 0;
    waitpid(pid, &status, 0);
    printf("parent: parent_work(10)=%d\n", pr);
    if (WIFEXITED(status))
        printf("child exited with status %d\n", WEXITSTATUS(status));
    else
        printf("child ended abnormally (raw status 0x%x)\n", status);
    return 0;
}
