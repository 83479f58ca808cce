/*
 * blocks.c — nested lexical blocks: a local shadowed in an inner block,
 * variables that come into scope and leave it as `next` walks the blocks,
 * and a variable declared in a `for` header.
 *
 * session:
 *   break blocks
 *   run
 *   next
 *   next
 *   next
 *   locals
 *   print x
 *   next
 *   next
 *   locals
 *   print x
 *   next
 *   next
 *   next
 *   locals
 *   next
 *   next
 *   locals
 *   finish
 *   continue
 */
#include <stdio.h>

static int blocks(int start)
{
    int x = start;
    int result = 0;
    {
        int y = x * 2;
        result += y;
        {
            int x = y + 1;
            result += x;
        }
        result += x;
    }
    for (int k = 0; k < 2; k++) {
        int step = k * x;
        result += step;
    }
    return result;
}

int main(void)
{
    printf("%d\n", blocks(3));
    return 0;
}
