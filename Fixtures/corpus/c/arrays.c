/*
 * arrays.c — arrays: of ints, of structs, two- and three-dimensional, char
 * arrays holding text, text with embedded NULs and bytes above 127, an
 * empty-string array, a pointer into an array, and gdb's `*p@n` slices.
 *
 * session:
 *   break arrays.c:48
 *   run
 *   print numbers
 *   print numbers[3]
 *   print points
 *   print points[1].y
 *   print grid
 *   print grid[1]
 *   print cube
 *   print name
 *   print with_nuls
 *   print high_bytes
 *   print empty
 *   print *middle
 *   print middle[-1]
 *   print *middle@3
 *   print numbers[1]@2
 *   print sizeof(numbers)
 *   print &numbers[2]
 *   print *&numbers
 *   locals
 *   continue
 */
#include <stdio.h>

struct point {
    int x;
    int y;
};

int main(void)
{
    int numbers[6] = {1, -2, 3, -4, 5, 0};
    struct point points[3] = {{1, 2}, {3, 4}, {5, 6}};
    int grid[2][3] = {{1, 2, 3}, {4, 5, 6}};
    short cube[2][2][2] = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}};
    char name[12] = "corpus";
    char with_nuls[8] = {'a', 'b', '\0', 'c', 'd', '\0', 'e', '\0'};
    unsigned char high_bytes[4] = {0xff, 0x80, 'A', 0x7f};
    char empty[4] = "";
    int *middle = &numbers[2];
    printf("%d %d %d %d %s %s %d %s %d\n", numbers[0], points[2].y, grid[1][2], cube[1][1][1], name, with_nuls, high_bytes[0], empty, *middle);
    return 0;
}
