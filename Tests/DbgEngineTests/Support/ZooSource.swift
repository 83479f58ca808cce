/// A C program whose globals are initialised with a value of every kind the C formatter
/// handles; the tests compile it (Fixtures/c/structs.c initialises few of its globals:
/// most of its interesting values are built at run time).
enum ZooSource {
    static let text = """
        #include <stdbool.h>
        #include <stdint.h>

        enum color { RED, GREEN = 5, BLUE };
        enum kind { KIND_NONE = 0, KIND_A = 1, KIND_B = 2, KIND_C = 4 };
        enum sign { NEG = -2, ZERO = 0, POS = 2 };
        struct point { int x; int y; };
        struct rect { struct point min, max; enum color color; };
        struct flags { unsigned ready : 1; unsigned mode : 3; signed delta : 4; unsigned : 0; unsigned big : 20; };
        union number { int i; float f; unsigned char bytes[4]; };
        typedef struct node { int value; const char *label; struct node *next; } node_t;
        struct anon { int a; struct { int b; int c; }; union { float f; int i; }; };
        struct record {
            char name[16]; int scores[4]; int grid[2][3]; struct rect bounds; union number num; struct flags flags;
            enum kind kinds; struct point *where; node_t *list; void *nothing; double (*op)(double, double);
        };
        static double twice(double a, double b) { return 2 * a + b; }

        node_t third = {33, "third", 0};
        node_t second = {22, "second", &third};
        node_t first = {11, "first", &second};
        struct record rec = {"widget", {1, 4, 9, 16}, {{0, 1, 2}, {10, 11, 12}}, {{1, 2}, {11, 7}, BLUE}, {.f = 1.5f},
                             {1, 5, -3, 123456}, KIND_A | KIND_B, &rec.bounds.max, &first, 0, twice};
        struct anon anon = {1, {2, 3}, {.f = 2.5f}};
        enum color color_green = GREEN;
        enum color color_unknown = (enum color)7;
        enum kind kinds_ac = KIND_A | KIND_C;
        enum kind kinds_none = KIND_NONE;
        enum kind kinds_unknown = (enum kind)9;
        enum sign sign_neg = NEG;
        char c_h = 'h';
        signed char c_neg = -56;
        unsigned char c_200 = 200;
        char c_nl = '\\n';
        char c_quote = '\\'';
        char c_zero = 0;
        short s_min = -32768;
        unsigned short us_max = 65535;
        long l_min = -9223372036854775807L - 1;
        unsigned long ul_max = 18446744073709551615UL;
        long long ll = -1234567890123LL;
        int8_t i8 = -8;
        uint8_t u8 = 250;
        int16_t i16 = -1600;
        uint64_t u64 = 1ULL << 63;
        float f_third = 1.0f / 3;
        double d_tenth = 0.1;
        double d_big = 1e300;
        double d_small = 1e-300;
        double d_neg = -2.5;
        double d_inf = __builtin_inf();
        long double ld = 1.25L;
        bool b_true = true;
        _Bool b_false = 0;
        const char *greeting = "hi there";
        const char *utf = "caf\\xc3\\xa9";
        const char *nothing_str = 0;
        char buffer[8] = "abc";
        char full[4] = {'a', 'b', 'c', 'd'};
        unsigned char raw[4] = {0, 0, 0xc0, 0x3f};
        int matrix[2][2][2] = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}};
        int *int_ptr = &rec.scores[2];
        void *void_ptr = &rec;
        int **ptr_ptr = &int_ptr;
        double (*op_table[2])(double, double) = {twice, 0};
        struct point points[3] = {{1, 2}, {3, 4}, {5, 6}};
        const volatile int cv = 5;
        typedef unsigned int uint;
        uint typed = 77;
        typedef struct point point_t;
        point_t typed_point = {8, 9};
        int bss_zero;
        struct point bss_point;
        static int file_static = -99;

        int main(void) { return rec.scores[0] + file_static; }
        """

    static let globals = [
        "rec", "anon", "first", "second", "third", "color_green", "color_unknown", "kinds_ac", "kinds_none",
        "kinds_unknown", "sign_neg", "c_h", "c_neg", "c_200", "c_nl", "c_quote", "c_zero", "s_min", "us_max", "l_min",
        "ul_max", "ll", "i8", "u8", "i16", "u64", "f_third", "d_tenth", "d_big", "d_small", "d_neg", "d_inf", "ld",
        "b_true", "b_false", "greeting", "utf", "nothing_str", "buffer", "full", "raw", "matrix", "int_ptr", "void_ptr",
        "ptr_ptr", "op_table", "points", "cv", "typed", "typed_point", "bss_zero", "bss_point", "file_static",
    ]
}
