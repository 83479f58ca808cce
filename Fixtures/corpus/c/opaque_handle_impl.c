/* opaque_handle_impl.c — the definition of the struct that
 * opaque_handle.c sees only as an incomplete type. */
#include <stdlib.h>

typedef struct Handle {
    const char *name;
    int sizes[3];
    struct Handle *parent;
} Handle;

static Handle the_handle;

Handle *handle_open(const char *name)
{
    the_handle.name = name;
    the_handle.sizes[0] = 1;
    the_handle.sizes[1] = 2;
    the_handle.sizes[2] = 3;
    the_handle.parent = NULL;
    return &the_handle;
}

int handle_grow(Handle *h, int by)
{
    h->sizes[2] += by;
    return h->sizes[2];
}
