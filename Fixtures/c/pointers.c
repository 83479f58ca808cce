/*
 * pointers.c — C values that are easy to print wrongly.
 *
 * Exercises: a heap array of string slots, most of them NULL (like Redis's
 * dict table or Lua's string table), a pointer to a pointer to a NULL pointer,
 * a struct reached through two pointers whose last one is NULL (like Lua's
 * `fs->f->k` before any constant), char arrays padded with NULs or holding a
 * NUL inside, doubles and floats at the edges of their range, a pointer to
 * memory that is not mapped, and a heap array that only `*p@n` can show whole.
 *
 * Good breakpoint: inspect (everything is visible from its parameters and
 * from main's locals one frame up).
 *
 * Prints one line; exits 0.
 */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>

/* A hash table's bucket array: `slots` has `size` entries, NULL when empty. */
struct table {
    char **slots;
    unsigned long size;
};

/* A tagged value, as Lua's TValue. */
struct tvalue {
    int tag;
    double number;
};

/* A function's prototype: `k` is its constants, NULL until it has any. */
struct proto {
    struct tvalue *k;
    int sizek;
};

/* The state of the function being compiled. */
struct func_state {
    struct proto *f;
    int pc;
};

struct measures {
    double tenth;
    double huge;
    double smallest;
    double third;
    float single_max;
    double single_max_widened;
    float single_tenth;
};

/* Constants that were never valid: reading through `k` must fail and say where. */
struct proto dangling = {(struct tvalue *)16, 1};

char padded[12] = "hello";
char inner_nul[8] = {'a', 'b', 0, 'c', 'd'};
struct measures edges = {0.1, 1e300, 5e-324, 1.0 / 3, FLT_MAX, FLT_MAX, 0.1f};

static int inspect(struct table *t, char **slots, struct func_state *fs, const char *text, int *squares) {
    int used = 0;
    for (unsigned long i = 0; i < t->size; i++) {
        if (slots[i] != NULL) used++;
    }
    return used + fs->pc + (text[0] == 'h') + squares[2];
}

int main(void) {
    struct table t;
    t.size = 4;
    t.slots = calloc(t.size, sizeof(char *));
    t.slots[2] = "two";
    char *none = NULL;
    char **to_none = &none;
    struct proto proto = {NULL, 0};
    struct func_state state = {&proto, 7};
    struct func_state *fs = &state;
    const char *text = "hello, world";
    int count = 42;
    int *squares = malloc(5 * sizeof(int));
    for (int i = 0; i < 5; i++) squares[i] = i * i;
    int result = inspect(&t, t.slots, fs, text, squares);
    printf("result %d %d %p %.1f %d\n", result, count, (void *)to_none, edges.tenth, dangling.sizek);
    free(squares);
    free(t.slots);
    return 0;
}
