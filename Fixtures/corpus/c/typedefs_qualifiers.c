/*
 * typedefs_qualifiers.c — typedef chains (a typedef of a typedef of an int,
 * of a struct, of a pointer, of an array, of a function pointer), const and
 * volatile objects and the pointers to them.
 *
 * session:
 *   break typedefs_qualifiers.c:53
 *   run
 *   locals
 *   print meters
 *   print distance
 *   print spot
 *   print spot.where
 *   print spot_ref
 *   print *spot_ref
 *   print triple
 *   print on_change
 *   print limit
 *   print tick
 *   print tick_ptr
 *   print *tick_ptr
 *   print name
 *   print meters + distance
 *   continue
 */
#include <stdio.h>

typedef int length_t;
typedef length_t meters_t;
typedef meters_t distance_t;

typedef struct { int x, y; } coord_t;
typedef struct { coord_t where; meters_t radius; } spot_t;
typedef spot_t *spot_ref_t;
typedef int triple_t[3];
typedef void (*callback_t)(int);
typedef callback_t handler_t;

static void changed(int value) { (void)value; }

int main(void)
{
    meters_t meters = 12;
    distance_t distance = -3;
    spot_t spot = {{4, 5}, 6};
    spot_ref_t spot_ref = &spot;
    triple_t triple = {7, 8, 9};
    handler_t on_change = changed;
    const int limit = 100;
    volatile unsigned tick = 5;
    volatile unsigned *tick_ptr = &tick;
    const char *const name = "const";
    on_change(meters + distance + spot_ref->radius + triple[2] + limit + (int)*tick_ptr);
    printf("%s\n", name);
    return 0;
}
