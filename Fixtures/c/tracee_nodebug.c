/* Built without -g: a function dbg trace knows only by its symbol. */
int mix(int a, int b)
{
    return a * 10 + b;
}
