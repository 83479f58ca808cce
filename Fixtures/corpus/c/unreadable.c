/*
 * unreadable.c — pointers to memory that cannot be read: a small integer
 * cast to a pointer, a pointer to an unmapped page, a string pointer to
 * nowhere, and a struct pointer to nowhere. The debugger must say so and
 * go on; the program is never harmed.
 *
 * session:
 *   break unreadable.c:35
 *   run
 *   print bad_int
 *   print *bad_int
 *   print bad_text
 *   print *bad_node
 *   print bad_node->value
 *   print bad_node->next
 *   print *(int *)0
 *   print good
 *   locals
 *   continue
 */
#include <stdint.h>
#include <stdio.h>

struct node {
    int value;
    struct node *next;
};

int main(void)
{
    int good = 1;
    int *bad_int = (int *)(uintptr_t)0x10;
    const char *bad_text = (const char *)(uintptr_t)0xdead0000;
    struct node *bad_node = (struct node *)(uintptr_t)0x7;
    printf("%d %p %p %p\n", good, (void *)bad_int, (const void *)bad_text, (void *)bad_node);
    return 0;
}
