#include "csys.h"
#include <sys/ptrace.h>

long csys_ptrace(long request, pid_t pid, void *addr, void *data) {
    return ptrace((enum __ptrace_request)request, pid, addr, data);
}
