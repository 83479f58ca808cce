/*
 * loops.c — each loop form: for, while, do-while, nested loops with break
 * and continue. `next` walks each loop's condition and body lines.
 *
 * session:
 *   break loops.c:35
 *   run
 *   next
 *   next
 *   next
 *   next
 *   next
 *   locals
 *   next
 *   next
 *   next
 *   next
 *   next
 *   next
 *   next
 *   next
 *   locals
 *   break loops.c:53
 *   continue
 *   locals
 *   next
 *   next
 *   next
 *   continue
 */
#include <stdio.h>

int main(void)
{
    int sum = 0;
    for (int i = 0; i < 3; i++)
        sum += i;

    int n = 4;
    while (n > 0) {
        sum += n;
        n -= 2;
    }

    int k = 0;
    do {
        k++;
    } while (k < 2);

    int pairs = 0;
    for (int row = 0; row < 3; row++) {
        for (int col = 0; col < 3; col++) {
            if (col == row)
                continue;
            if (col > 1)
                break;
            pairs++;
        }
    }
    printf("sum=%d k=%d pairs=%d\n", sum, k, pairs);
    return 0;
}
