/*
 * memory_x.c — gdb's `x` on expressions: words of an array, bytes of a
 * struct, giant words through a pointer, a string, and an address computed
 * by arithmetic.
 *
 * session:
 *   break memory_x.c:34
 *   run
 *   x/4xw words
 *   x/4dw words
 *   x/8xb &pair
 *   x/2xg big
 *   x/3xw &words[1]
 *   x/2xh (char *)words + 2
 *   x/6xb text
 *   x/xw ptr
 *   continue
 */
#include <stdio.h>

struct pair {
    int left;
    int right;
};

int main(void)
{
    int words[4] = {1, -1, 0x12345678, 255};
    struct pair pair = {0x01020304, 0x0a0b0c0d};
    unsigned long long values[2] = {0x1122334455667788ULL, 42};
    unsigned long long *big = values;
    const char *text = "hello";
    int *ptr = &words[2];
    printf("%d %d %llu %s %d\n", words[0], pair.right, big[1], text, *ptr);
    return 0;
}
