/* static_twins_other.c — the second unit of static_twins.c: its own static
 * `helper` and its own static `counter`. */

static int counter = 100;

static int helper(int n)
{
    counter -= n;
    return counter;
}

int other_entry(int n)
{
    return helper(n) * 2;
}
