/*
 * interning.c — line numbers of optimised code (built with cc -g -O2).
 *
 * A string-interning table shaped like Lua's internshrstr: `intern` inlines
 * `hash` (a loop) at its start, walks a bucket list in a loop, and ends in a
 * tail call to `create`. gcc interleaves the lines of these, and marks many
 * line-table rows as not being statements (is_stmt false): where a breakpoint
 * on `intern` stops, which line it shows, and where `next` and `step` go all
 * depend on reading those rows as gdb does.
 *
 * Prints "interned N strings, M distinct"; exits 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    struct entry *next;
    unsigned hash;
    size_t length;
    char text[];
};

static struct entry *buckets[64];
static int distinct;

static unsigned hash(const char *text, size_t length, unsigned seed)
{
    unsigned h = seed ^ (unsigned)length;
    for (; length > 0; length--)
        h ^= (h << 5) + (h >> 2) + (unsigned char)text[length - 1];
    return h;
}

__attribute__((noinline)) static struct entry *create(const char *text, size_t length, unsigned h)
{
    struct entry *fresh = malloc(sizeof *fresh + length + 1);
    if (fresh == NULL)
        abort();
    fresh->hash = h;
    fresh->length = length;
    memcpy(fresh->text, text, length + 1);
    fresh->next = buckets[h % 64];
    buckets[h % 64] = fresh;
    distinct++;
    return fresh;
}

__attribute__((noinline)) struct entry *intern(const char *text)
{
    size_t length = strlen(text);
    unsigned h = hash(text, length, 0x2545u);
    struct entry **list = &buckets[h % 64];
    for (struct entry *e = *list; e != NULL; e = e->next) {
        if (e->hash == h && e->length == length && memcmp(text, e->text, length) == 0)
            return e;
    }
    return create(text, length, h);
}

int main(void)
{
    static const char *const words[] = {"alpha", "beta", "gamma", "alpha", "delta", "beta", "alpha"};
    int count = 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (intern(words[i]) != NULL)
            count++;
    }
    printf("interned %d strings, %d distinct\n", count, distinct);
    return 0;
}
