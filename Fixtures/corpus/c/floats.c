/*
 * floats.c — float, double and long double: ordinary values, the ones that
 * do not round-trip in decimal, the extremes, infinities, NaN, negative
 * zero, a denormal, and arithmetic mixing the three widths.
 *
 * session:
 *   break floats.c:48
 *   run
 *   locals
 *   print f
 *   print d
 *   print ld
 *   print tiny
 *   print huge
 *   print inf
 *   print minus_inf
 *   print nan
 *   print minus_zero
 *   print denormal
 *   print third
 *   print samples
 *   print f * 2
 *   print d + f
 *   print ld * 2
 *   print 1.0 / 3
 *   print (int)d
 *   print (float)third
 *   continue
 */
#include <float.h>
#include <math.h>
#include <stdio.h>

int main(void)
{
    float f = 1.5f;
    double d = 2.718281828459045;
    long double ld = 3.14159265358979323846264338327950288L;
    double tiny = DBL_MIN;
    double huge = DBL_MAX;
    double inf = INFINITY;
    double minus_inf = -INFINITY;
    double nan = NAN;
    double minus_zero = -0.0;
    double denormal = 4.9406564584124654e-324;
    float third = 1.0f / 3.0f;
    float samples[4] = {0.1f, -2.25f, 1e10f, 1e-10f};
    printf("%g %g %Lg %g %g %g %g %g %g %g %g %g\n", f, d, ld, tiny, huge, inf, minus_inf, nan, minus_zero, denormal, third, samples[0]);
    return 0;
}
