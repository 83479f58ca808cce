/*
 * calls.c — calls inside expressions, as arguments, nested, and returned.
 *
 * `step` enters the innermost call first (square before add, add before
 * twice); `finish` shows each return value; `next` goes over a whole line
 * however many calls it makes.
 *
 * session:
 *   break calls.c:36
 *   run
 *   step
 *   bt
 *   finish
 *   step
 *   finish
 *   step
 *   args
 *   finish
 *   next
 *   locals
 *   step
 *   step
 *   print n
 *   finish
 *   print total
 *   continue
 */
#include <stdio.h>

static int square(int n) { return n * n; }
static int add(int a, int b) { return a + b; }
static int twice(int n) { return add(n, n); }

int main(void)
{
    int total = add(square(2), square(3)) + twice(add(1, 2));
    total += twice(square(total > 10 ? 2 : 1));
    printf("total=%d\n", total);
    return 0;
}
