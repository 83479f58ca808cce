/*
 * flexible_array.c — a struct ending in a flexible array member
 * (`int data[]`): the struct prints without its tail, elements are reached
 * by index, and `*p->data@n` shows the tail.
 *
 * session:
 *   break flexible_array.c:45
 *   run
 *   print *message
 *   print message->length
 *   print message->data[0]
 *   print message->data[2]
 *   print *message->data@3
 *   print message->data[1] + message->data[2]
 *   print sizeof(*message)
 *   print *text
 *   print text->chars
 *   continue
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct message {
    int kind;
    unsigned length;
    int data[];
};

struct text {
    int size;
    char chars[];
};

int main(void)
{
    struct message *message = malloc(sizeof(struct message) + 3 * sizeof(int));
    message->kind = 7;
    message->length = 3;
    for (int i = 0; i < 3; i++)
        message->data[i] = (i + 1) * 100;
    struct text *text = malloc(sizeof(struct text) + 6);
    text->size = 5;
    memcpy(text->chars, "hello", 6);
    printf("%d %u %d %s\n", message->kind, message->length, message->data[2], text->chars);
    free(text);
    free(message);
    return 0;
}
