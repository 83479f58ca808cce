/*
 * libshape.c — a shared library linked at start by dynload (libshape.so).
 *
 * Exercises: breakpoints in a library loaded by the dynamic linker before
 * main; symbols and lines from a second ELF object; a struct passed by
 * pointer across the library boundary. Good breakpoint: shape_area.
 */
#include "shape.h"

static double square(double x)
{
    return x * x;
}

double shape_area(const struct shape *s)
{
    double area = 0;
    switch (s->kind) {
    case SHAPE_RECT:
        area = s->w * s->h;
        break;
    case SHAPE_CIRCLE:
        area = 3.0 * square(s->w);   /* pi is 3 here: exact output */
        break;
    }
    return area;
}
