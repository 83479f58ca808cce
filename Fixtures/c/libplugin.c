/*
 * libplugin.c — a plugin loaded at run time by dynload with dlopen().
 *
 * Exercises: a library that appears after the program started; a pending
 * breakpoint on plugin_compute must resolve when the library loads.
 * Good breakpoints: plugin_compute, plugin_helper.
 */

static int plugin_calls = 0;

static int plugin_helper(int x)
{
    return x * x + 1;
}

int plugin_compute(int n)
{
    int sum = 0;
    plugin_calls++;
    for (int i = 1; i <= n; i++) {
        sum += plugin_helper(i);
    }
    return sum;
}
