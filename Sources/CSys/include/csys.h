#ifndef CSYS_H
#define CSYS_H

#include <sys/types.h>

/* ptrace is variadic in glibc; Swift cannot call variadic C functions. */
long csys_ptrace(long request, pid_t pid, void *addr, void *data);

#endif
