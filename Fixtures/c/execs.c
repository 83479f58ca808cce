/*
 * execs.c — a program that replaces itself with execv.
 *
 * Exercises: breakpoints across an exec (gdb sets them again in the new
 * program). Run without arguments, it calls before_exec() and execs itself
 * with the argument "again"; the new program calls after_exec(2) and exits 0.
 * Good breakpoints: before_exec, after_exec.
 *
 * Prints "before exec" then "after exec: 4".
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int after_exec(int n)
{
    int doubled = n * 2;
    printf("after exec: %d\n", doubled);
    return doubled;
}

void before_exec(void)
{
    printf("before exec\n");
    fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "again") == 0) {
        after_exec(2);
        return 0;
    }
    before_exec();
    char *again[] = { argv[0], "again", NULL };
    execv("/proc/self/exe", again);
    perror("execv");
    return 1;
}
