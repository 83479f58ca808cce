/*
 * structs.c — the C type zoo.
 *
 * Exercises: nested structs, a union, a plain enum and a flag-set enum
 * (values combined as KIND_A|KIND_B), bit fields, 1-D and 2-D arrays, a char
 * array holding a string, pointers (to int, to struct, NULL), a table of
 * function pointers, typedefs, const/volatile qualifiers, globals, static
 * variables (file scope and function-local), a recursive function, a linked
 * list, nested lexical blocks with a shadowed variable, and functions taking
 * several parameters of different types.
 *
 * Good breakpoints: walk_list, factorial (recursion: try `bt` at depth 5),
 * describe (many parameter types), blocks (shadowing), inspect (every kind of
 * value is visible from there).
 *
 * Prints a few lines and a final "result" line; exits 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned int uint;
typedef double (*binop_fn)(double, double);

enum color { RED, GREEN = 5, BLUE };

/* A flag set: values are powers of two and used OR-ed together. */
enum kind { KIND_A = 1, KIND_B = 2, KIND_C = 4 };

struct point {
    int x;
    int y;
};

struct rect {
    struct point min;
    struct point max;
    enum color color;
};

struct flags {
    unsigned int ready : 1;
    unsigned int mode : 3;
    signed int delta : 4;
    unsigned int : 0;       /* force the next field onto a new unit */
    unsigned int big : 20;
};

union number {
    int i;
    float f;
    unsigned char bytes[4];
};

typedef struct node {
    int value;
    const char *label;
    struct node *next;
} node_t;

struct record {
    char name[16];
    int scores[4];
    int grid[2][3];
    struct rect bounds;
    union number num;
    struct flags flags;
    enum kind kinds;
    struct point *where;   /* points into bounds */
    node_t *list;
    void *nothing;         /* always NULL */
};

/* ---- globals ---- */
int global_counter = 7;
const double global_pi = 3.14159;
volatile int global_volatile = 42;
char global_greeting[] = "hello, dbg";
int global_array[5] = {10, 20, 30, 40, 50};
struct point global_origin = {0, 0};
struct point *global_origin_ptr = &global_origin;
static int file_static = 99;
static node_t list_storage[3];

/* ---- function-pointer table ---- */
static double add(double a, double b) { return a + b; }
static double sub(double a, double b) { return a - b; }
static double mul(double a, double b) { return a * b; }

binop_fn ops[3] = {add, sub, mul};
const char *op_names[3] = {"add", "sub", "mul"};

/* Recursive: a good place for a backtrace several frames deep. */
long factorial(int n)
{
    if (n <= 1)
        return 1;
    return n * factorial(n - 1);
}

/* Function-local static: keeps counting across calls. */
int next_id(void)
{
    static int counter = 100;
    counter++;
    return counter;
}

node_t *build_list(int n)
{
    static const char *labels[] = {"first", "second", "third"};
    node_t *head = NULL;
    for (int i = n - 1; i >= 0; i--) {
        list_storage[i].value = (i + 1) * 11;
        list_storage[i].label = labels[i];
        list_storage[i].next = head;
        head = &list_storage[i];
    }
    return head;
}

int walk_list(const node_t *head)
{
    int sum = 0;
    for (const node_t *n = head; n != NULL; n = n->next) {
        sum += n->value;
    }
    return sum;
}

/* Several parameters of different types. */
double describe(char tag, short s, int i, long l, unsigned char u, float f,
                double d, const char *str, struct point p, struct rect *r)
{
    double total = tag + s + i + l + u + f + d + p.x + p.y;
    total += r->max.x - r->min.x;
    total += strlen(str);
    return total;
}

/* Nested lexical blocks; `x` is shadowed in the inner block. */
int blocks(int start)
{
    int x = start;
    int result = 0;
    {
        int y = x * 2;
        result += y;
        {
            int x = y + 1;          /* shadows the outer x */
            result += x;
        }
        result += x;
    }
    for (int k = 0; k < 3; k++) {
        int step = k * x;
        result += step;
    }
    return result;
}

/* Everything is a local or an argument here: a good breakpoint. */
int inspect(struct record *rec, enum kind kinds, const char *msg)
{
    int sum = walk_list(rec->list);
    int area = (rec->bounds.max.x - rec->bounds.min.x) *
               (rec->bounds.max.y - rec->bounds.min.y);
    double op_result = ops[1](10.0, 4.0);
    printf("inspect: %s kinds=%d sum=%d area=%d op=%g\n",
           msg, (int)kinds, sum, area, op_result);
    return sum + area;
}

int main(void)
{
    struct record rec;
    memset(&rec, 0, sizeof rec);
    strcpy(rec.name, "widget");
    for (int i = 0; i < 4; i++)
        rec.scores[i] = (i + 1) * (i + 1);
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 3; c++)
            rec.grid[r][c] = r * 10 + c;
    rec.bounds.min = (struct point){1, 2};
    rec.bounds.max = (struct point){11, 7};
    rec.bounds.color = BLUE;
    rec.num.f = 1.5f;
    rec.flags.ready = 1;
    rec.flags.mode = 5;
    rec.flags.delta = -3;
    rec.flags.big = 123456;
    rec.kinds = KIND_A | KIND_B;
    rec.where = &rec.bounds.max;
    rec.list = build_list(3);
    rec.nothing = NULL;

    const int limit = 5;
    int *ip = &rec.scores[2];
    long fact = factorial(limit);
    int id1 = next_id();
    int id2 = next_id();

    double d = describe('A', -2, 300, 40000L, 200, 2.5f, 6.25, "abc",
                        rec.bounds.min, &rec.bounds);
    int b = blocks(3);

    for (int i = 0; i < 3; i++)
        printf("%s(6, 3) = %g\n", op_names[i], ops[i](6.0, 3.0));

    int in = inspect(&rec, KIND_A | KIND_C, global_greeting);

    printf("name=%s fact=%ld ids=%d,%d describe=%g blocks=%d *ip=%d\n",
           rec.name, fact, id1, id2, d, b, *ip);
    printf("globals: counter=%d pi=%g volatile=%d static=%d origin=(%d,%d)\n",
           global_counter, global_pi, global_volatile, file_static,
           global_origin_ptr->x, global_origin_ptr->y);
    printf("result=%d\n", in + (int)fact + b);
    return 0;
}
