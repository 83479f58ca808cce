/*
 * dynload.c — shared libraries, at start and at run time.
 *
 * Exercises: libshape.so is linked at start (found through the rpath
 * $ORIGIN, so no LD_LIBRARY_PATH is needed); libplugin.so is dlopen()ed
 * from the directory of /proc/self/exe after main started, and
 * plugin_compute is found with dlsym(). Good breakpoints: shape_area
 * (libshape.so), plugin_compute (libplugin.so, pending until dlopen),
 * load_plugin.
 *
 * Prints the two areas and the plugin's result; exits 0 (1 if the plugin
 * cannot be loaded).
 */
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "shape.h"

typedef int (*compute_fn)(int);

static void *load_plugin(const char *name)
{
    char exe[PATH_MAX];
    char path[PATH_MAX + 64];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n < 0)
        return NULL;
    exe[n] = '\0';
    snprintf(path, sizeof path, "%s/%s", dirname(exe), name);
    void *handle = dlopen(path, RTLD_NOW);
    if (handle == NULL)
        fprintf(stderr, "dlopen %s: %s\n", path, dlerror());
    return handle;
}

int main(void)
{
    struct shape rect = {SHAPE_RECT, 3.0, 4.0};
    struct shape circle = {SHAPE_CIRCLE, 1.5, 0.0};
    printf("rect area=%g\n", shape_area(&rect));
    printf("circle area=%g\n", shape_area(&circle));

    void *plugin = load_plugin("libplugin.so");
    if (plugin == NULL)
        return 1;
    compute_fn compute = (compute_fn)dlsym(plugin, "plugin_compute");
    if (compute == NULL) {
        fprintf(stderr, "dlsym: %s\n", dlerror());
        return 1;
    }
    printf("plugin_compute(4)=%d\n", compute(4));
    dlclose(plugin);
    return 0;
}
