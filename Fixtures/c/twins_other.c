/* twins_other.c — the other static `find` (see twins.c). */

static int find(int key)
{
    return key + 2;
}

int find_in_other(int key)
{
    return find(key);
}
