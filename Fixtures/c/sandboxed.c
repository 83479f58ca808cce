/* sandboxed — a program that forbids a system call to itself, for the inject trace backend
 * (whose recorder copies C strings with process_vm_readv).
 *
 *   sandboxed   installs a seccomp filter that kills the process on process_vm_readv, waits
 *               200 ms, then calls label(text) with a string in a buffer of its frame and
 *               prints "alive total=T".
 *
 * dbg must notice the filter (it polls /proc/PID/status) and stop copying strings before
 * the call: the program then lives, and the trace shows the string by its address.
 */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Twice the text's length (a loop, not a call: the inject backend patches before its RET). */
__attribute__((noinline)) int label(const char *text)
{
    int length = 0;
    while (text[length] != '\0')
        length++;
    return length * 2;
}

int main(void)
{
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_process_vm_readv, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog program = {.len = sizeof filter / sizeof filter[0], .filter = filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0) {
        perror("seccomp");
        return 1;
    }
    usleep(200000);
    char buffer[16];
    snprintf(buffer, sizeof buffer, "sand-%d", 1);
    int total = label(buffer);
    printf("alive total=%d\n", total);
    return 0;
}
