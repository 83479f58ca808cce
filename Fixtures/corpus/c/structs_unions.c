/*
 * structs_unions.c — structs and unions nested in each other, anonymous
 * struct and union members, a struct holding arrays, a union read as each
 * of its members, and struct assignment.
 *
 * session:
 *   break structs_unions.c:74
 *   run
 *   print shape
 *   print shape.kind
 *   print shape.circle
 *   print shape.circle.radius
 *   print shape.origin
 *   print shape.tag
 *   print word
 *   print word.bytes
 *   print word.half
 *   print packet
 *   print packet.payload.fields
 *   print packet.x
 *   print packet.flags
 *   print copy
 *   print copy.origin.y == shape.origin.y
 *   locals
 *   continue
 */
#include <stdio.h>

struct point {
    int x;
    int y;
};

enum shape_kind { SHAPE_CIRCLE, SHAPE_RECT };

struct shape {
    enum shape_kind kind;
    struct point origin;
    union {
        struct { double radius; } circle;
        struct { int width, height; } rect;
    };
    char tag[4];
};

union word {
    unsigned int value;
    unsigned short half[2];
    unsigned char bytes[4];
};

struct packet {
    struct {
        int x;
        int y;
    };
    union {
        int flags;
        float weight;
    };
    struct {
        struct point fields[2];
        int count;
    } payload;
};

int main(void)
{
    struct shape shape = {SHAPE_CIRCLE, {3, -4}, .circle = {2.5}, "ab"};
    union word word = {.value = 0x11223344};
    struct packet packet = {{7, 8}, {.flags = 3}, {{{1, 2}, {3, 4}}, 2}};
    struct shape copy = shape;
    copy.origin.x = 10;
    printf("%d %g %u %d %d\n", shape.kind, shape.circle.radius, word.value, packet.payload.count, copy.origin.x);
    return 0;
}
