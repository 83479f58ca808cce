/*
 * scoped.c — local variables under watchpoints, and the frames holding them returning.
 *
 *   tally(n)    sums 1..n into its local `total` (written once per step) and returns it;
 *               main calls it twice, so a watch on the first call's `total` must end
 *               when that call returns, before the second call reuses the slot
 *   nest(depth) recursion: each frame's `mine` is its own; the inner calls return to the
 *               same place in nest, which must not end a watch on an outer frame's `mine`
 *
 * A watch on `total` in tally then `continue` stops at each write (old 0 new 1, 1 3,
 * 3 6), then where tally returns into main (gdb: "Watchpoint 2 deleted because the
 * program has left the block in which its expression is valid.").
 * Good breakpoints: tally, nest.
 *
 * Prints "scoped: 6 10 nest=6"; exits 0.
 */
#include <stdio.h>

int tally(int n)
{
    int total = 0;
    for (int i = 1; i <= n; i++)
        total += i;
    return total;
}

int nest(int depth)
{
    int mine = depth;
    if (depth > 0)
        mine += nest(depth - 1);
    return mine;
}

int main(void)
{
    int first = tally(3);
    int second = tally(4);
    int nested = nest(3);
    printf("scoped: %d %d nest=%d\n", first, second, nested);
    return 0;
}
