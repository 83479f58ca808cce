/*
 * hello.c — the simplest program: a first breakpoint, a step into a call,
 * a couple of locals and an argument.
 * Good breakpoints: main, greet.
 *
 * Prints "Hello, world! (5 letters)" twice; exits 0.
 */
#include <stdio.h>

void greet(const char *name)
{
    int length = 0;
    while (name[length] != '\0')
        length++;
    printf("Hello, %s! (%d letters)\n", name, length);
}

int main(void)
{
    const char *who = "world";
    int times = 2;
    for (int i = 0; i < times; i++)
        greet(who);
    return 0;
}
