/*
 * opaque_handle.c — an opaque type: this unit sees only
 * `typedef struct Handle Handle;`, the struct is defined in
 * opaque_handle_impl.c. Printing `*handle` here needs the definition from
 * the other unit, as gdb finds it.
 *
 * session:
 *   break opaque_handle.c:32
 *   run
 *   print handle
 *   print *handle
 *   print handle->name
 *   print handle->sizes[1]
 *   locals
 *   break handle_grow
 *   continue
 *   print *h
 *   print h->sizes
 *   finish
 *   continue
 */
#include <stdio.h>

typedef struct Handle Handle;

Handle *handle_open(const char *name);
int handle_grow(Handle *h, int by);

int main(void)
{
    Handle *handle = handle_open("journal");
    int size = handle_grow(handle, 5);
    printf("size=%d\n", size);
    return 0;
}
