/*
 * globals_statics.c — globals, file statics, function-local statics (two
 * functions each with a static named `calls`), a global struct and array,
 * a const global table of strings, read from a function that shadows none
 * of them and from one that shadows a global with a local.
 *
 * session:
 *   break bump
 *   run
 *   print total
 *   print settings
 *   print history
 *   print names
 *   print names[1]
 *   print file_secret
 *   print calls
 *   finish
 *   break shadowing
 *   continue
 *   print total
 *   locals
 *   next
 *   print calls
 *   continue
 */
#include <stdio.h>

struct settings {
    int verbose;
    const char *mode;
};

int total = 5;
struct settings settings = {1, "fast"};
long history[4] = {10, 20, 30, 40};
const char *const names[] = {"zero", "one", "two"};
static int file_secret = 31337;

static int bump(int by)
{
    static int calls = 0;
    calls++;
    total += by;
    return calls;
}

static int shadowing(void)
{
    static int calls = 500;
    int total = -1;
    calls++;
    return total + calls;
}

int main(void)
{
    bump(2);
    int s = shadowing();
    printf("%d %d %s %ld %d\n", total, s, names[1], history[3], file_secret);
    return 0;
}
