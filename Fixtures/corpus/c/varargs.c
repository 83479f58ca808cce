/*
 * varargs.c — a variadic function: its named arguments, its va_list, and
 * stepping in and out of it and of a function it calls with a va_list.
 *
 * session:
 *   break total
 *   run
 *   args
 *   next
 *   next
 *   next
 *   locals
 *   step
 *   args
 *   finish
 *   continue
 *   args
 *   continue
 */
#include <stdarg.h>
#include <stdio.h>

static int scale_of(int factor, va_list more)
{
    int scale = factor;
    (void)more;
    return scale;
}

static int total(int count, ...)
{
    va_list values;
    va_start(values, count);
    int sum = 0;
    for (int i = 0; i < count; i++)
        sum += va_arg(values, int);
    int scale = scale_of(2, values);
    va_end(values);
    return sum * scale;
}

int main(void)
{
    int a = total(3, 10, 20, 30);
    int b = total(1, 7);
    printf("a=%d b=%d\n", a, b);
    return 0;
}
