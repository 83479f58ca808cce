/* hostile.c: memory shaped so that a debugger that follows pointers (dbg's print does,
 * as Delve's does) would never finish. The tree's two children are the tree itself:
 * loaded level by level, the work doubles at each level. The list loops. A debugger must
 * stop somewhere, say where, and stay usable. */
#include <stdio.h>

struct tree {
    struct tree *left;
    struct tree *right;
    int id;
};

struct list {
    struct list *next;
    int id;
};

int main(void) {
    struct tree self = { &self, &self, 1 };
    struct list first = { NULL, 1 };
    struct list second = { &first, 2 };
    first.next = &second; /* first -> second -> first -> ... */
    printf("tree %d, list %d -> %d\n", self.id, first.id, first.next->id); /* stop here */
    return 0;
}
