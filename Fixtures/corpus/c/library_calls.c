/*
 * library_calls.c — breakpoints on C library functions set before the program
 * runs, when only the program and the dynamic loader are loaded: the loader's
 * own inlined copies of realloc (rtld-malloc.h) are not what `break realloc`
 * means; gdb stops in libc's realloc and getc once libc has loaded.
 *
 * session:
 *   break realloc
 *   break getc
 *   run
 *   bt
 *   finish
 *   continue
 *   bt
 *   finish
 *   continue
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *grow(char *buffer, size_t size)
{
    return realloc(buffer, size);
}

int main(void)
{
    char text[] = "dbg";
    FILE *input = fmemopen(text, strlen(text), "r");
    char *buffer = malloc(4);
    buffer = grow(buffer, 64);
    int first = getc(input);
    printf("%c %d\n", first, buffer != NULL);
    fclose(input);
    free(buffer);
    return 0;
}
