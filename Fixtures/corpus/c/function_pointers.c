/*
 * function_pointers.c — calls through function pointers: a table, a
 * callback parameter, a pointer in a struct, a NULL pointer never called.
 *
 * session:
 *   break apply
 *   run
 *   args
 *   print op
 *   print *op
 *   step
 *   bt
 *   finish
 *   print table
 *   print table[2]
 *   print calc
 *   print calc.fn
 *   print nothing
 *   continue
 *   args
 *   continue
 */
#include <stdio.h>

typedef int (*binop)(int, int);

struct calculator {
    const char *name;
    binop fn;
};

static int plus(int a, int b) { return a + b; }
static int minus(int a, int b) { return a - b; }
static int times(int a, int b) { return a * b; }

static binop table[3] = {plus, minus, times};
static binop nothing = NULL;

static int apply(binop op, int a, int b)
{
    return op(a, b);
}

int main(void)
{
    struct calculator calc = {"times", times};
    int x = apply(table[0], 4, 5);
    int y = apply(calc.fn, x, 2);
    if (nothing != NULL)
        y = nothing(1, 1);
    printf("x=%d y=%d\n", x, y);
    return 0;
}
