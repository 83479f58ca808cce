/* shape.h — the interface of libshape.so, shared by libshape.c and dynload.c. */
#ifndef SHAPE_H
#define SHAPE_H

enum shape_kind { SHAPE_RECT, SHAPE_CIRCLE };

struct shape {
    enum shape_kind kind;
    double w;   /* width, or radius for a circle */
    double h;
};

double shape_area(const struct shape *s);

#endif
