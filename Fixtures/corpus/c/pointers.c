/*
 * pointers.c — pointers of every kind: NULL, to an int, to a struct, to a
 * pointer (`T **`) whose target is NULL and one whose target is set, void *,
 * a pointer to const, a const pointer, pointer arithmetic and comparison,
 * `&` and `*` in expressions, a linked list followed by `->`.
 *
 * session:
 *   break pointers.c:72
 *   run
 *   print none
 *   print number_ptr
 *   print *number_ptr
 *   print head
 *   print *head
 *   print head->next->value
 *   print *head->next->next
 *   print head->next->next->next
 *   print link_to_null
 *   print *link_to_null
 *   print link_to_head
 *   print **link_to_head
 *   print (*link_to_head)->value
 *   print opaque
 *   print (int *)opaque == number_ptr
 *   print read_only
 *   print *read_only
 *   print fixed
 *   print number_ptr + 1
 *   print *(number_ptr + 1)
 *   print &number
 *   print *&number
 *   print &head->value
 *   locals
 *   break report
 *   continue
 *   args
 *   print *link_to_null
 *   print **link_to_head
 *   up
 *   print empty
 *   continue
 */
#include <stddef.h>
#include <stdio.h>

struct node {
    int value;
    struct node *next;
};

static void report(struct node **link_to_null, struct node **link_to_head)
{
    printf("%p %p\n", (void *)*link_to_null, (void *)*link_to_head);
}

int main(void)
{
    int number = 42;
    int numbers[2] = {42, 43};
    int *none = NULL;
    int *number_ptr = &numbers[0];
    struct node third = {3, NULL};
    struct node second = {2, &third};
    struct node first = {1, &second};
    struct node *head = &first;
    struct node *empty = NULL;
    struct node **link_to_null = &empty;
    struct node **link_to_head = &head;
    void *opaque = number_ptr;
    const int *read_only = &number;
    int *const fixed = &number;
    report(link_to_null, link_to_head);
    printf("%d %p %d %d %p\n", number, (void *)none, *number_ptr, head->value, opaque);
    return *fixed == 42 && *read_only == 42 ? 0 : 1;
}
