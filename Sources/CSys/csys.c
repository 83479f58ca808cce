#define _GNU_SOURCE
#include "csys.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <string.h>
#include <linux/futex.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Our constants are copies (Swift imports enums more reliably than glibc's own); check them. */
_Static_assert(CSYS_PTRACE_O_TRACECLONE == PTRACE_O_TRACECLONE, "PTRACE_O_TRACECLONE");
_Static_assert(CSYS_PTRACE_O_TRACEEXEC == PTRACE_O_TRACEEXEC, "PTRACE_O_TRACEEXEC");
_Static_assert(CSYS_PTRACE_O_TRACEFORK == PTRACE_O_TRACEFORK, "PTRACE_O_TRACEFORK");
_Static_assert(CSYS_PTRACE_O_TRACEVFORK == PTRACE_O_TRACEVFORK, "PTRACE_O_TRACEVFORK");
_Static_assert(CSYS_PTRACE_O_TRACEVFORKDONE == PTRACE_O_TRACEVFORKDONE, "PTRACE_O_TRACEVFORKDONE");
_Static_assert(CSYS_PTRACE_O_TRACEEXIT == PTRACE_O_TRACEEXIT, "PTRACE_O_TRACEEXIT");
_Static_assert(CSYS_PTRACE_O_EXITKILL == PTRACE_O_EXITKILL, "PTRACE_O_EXITKILL");
_Static_assert(CSYS_PTRACE_EVENT_FORK == PTRACE_EVENT_FORK, "PTRACE_EVENT_FORK");
_Static_assert(CSYS_PTRACE_EVENT_VFORK == PTRACE_EVENT_VFORK, "PTRACE_EVENT_VFORK");
_Static_assert(CSYS_PTRACE_EVENT_CLONE == PTRACE_EVENT_CLONE, "PTRACE_EVENT_CLONE");
_Static_assert(CSYS_PTRACE_EVENT_EXEC == PTRACE_EVENT_EXEC, "PTRACE_EVENT_EXEC");
_Static_assert(CSYS_PTRACE_EVENT_VFORK_DONE == PTRACE_EVENT_VFORK_DONE, "PTRACE_EVENT_VFORK_DONE");
_Static_assert(CSYS_PTRACE_EVENT_EXIT == PTRACE_EVENT_EXIT, "PTRACE_EVENT_EXIT");
_Static_assert(CSYS_PTRACE_EVENT_STOP == PTRACE_EVENT_STOP, "PTRACE_EVENT_STOP");
_Static_assert(CSYS_WAIT_ALL == __WALL, "__WALL");
_Static_assert(CSYS_WAIT_NOTHREAD == __WNOTHREAD, "__WNOTHREAD");
_Static_assert(CSYS_WAIT_NOHANG == WNOHANG, "WNOHANG");
_Static_assert(CSYS_O_RDONLY == O_RDONLY && CSYS_O_WRONLY == O_WRONLY && CSYS_O_RDWR == O_RDWR, "O_ACCMODE");
_Static_assert(CSYS_O_CREAT == O_CREAT && CSYS_O_TRUNC == O_TRUNC && CSYS_O_APPEND == O_APPEND, "O_ flags");

long csys_ptrace(long request, pid_t pid, void *addr, void *data) {
    return ptrace((enum __ptrace_request)request, pid, addr, data);
}

/* 0 or the errno of a ptrace request whose result is only success or failure. */
static int request(enum __ptrace_request request, pid_t tid, void *addr, void *data) {
    return ptrace(request, tid, addr, data) == -1 ? errno : 0;
}

int csys_ptrace_attach(pid_t tid) { return request(PTRACE_ATTACH, tid, NULL, NULL); }

int csys_ptrace_detach(pid_t tid, int signal) {
    return request(PTRACE_DETACH, tid, NULL, (void *)(long)signal);
}

int csys_ptrace_cont(pid_t tid, int signal) {
    return request(PTRACE_CONT, tid, NULL, (void *)(long)signal);
}

int csys_ptrace_singlestep(pid_t tid, int signal) {
    return request(PTRACE_SINGLESTEP, tid, NULL, (void *)(long)signal);
}

int csys_ptrace_setoptions(pid_t tid, unsigned long options) {
    return request(PTRACE_SETOPTIONS, tid, NULL, (void *)options);
}

int csys_ptrace_geteventmsg(pid_t tid, unsigned long *message) {
    return request(PTRACE_GETEVENTMSG, tid, NULL, message);
}

int csys_ptrace_getregs(pid_t tid, struct user_regs_struct *regs) {
    return request(PTRACE_GETREGS, tid, NULL, regs);
}

int csys_ptrace_setregs(pid_t tid, const struct user_regs_struct *regs) {
    return request(PTRACE_SETREGS, tid, NULL, (void *)regs);
}

int csys_ptrace_getfpregs(pid_t tid, struct user_fpregs_struct *regs) {
    return request(PTRACE_GETFPREGS, tid, NULL, regs);
}

int csys_ptrace_setfpregs(pid_t tid, const struct user_fpregs_struct *regs) {
    return request(PTRACE_SETFPREGS, tid, NULL, (void *)regs);
}

/* NT_X86_XSTATE, from the kernel's elf.h (glibc's lacks it on some releases). */
#define CSYS_NT_X86_XSTATE 0x202

long csys_ptrace_getxstate(pid_t tid, void *buffer, size_t capacity) {
    struct iovec vector = { buffer, capacity };
    if (ptrace(PTRACE_GETREGSET, tid, (void *)CSYS_NT_X86_XSTATE, &vector) == -1) return -errno;
    return (long)vector.iov_len;
}

int csys_ptrace_setxstate(pid_t tid, const void *buffer, size_t length) {
    struct iovec vector = { (void *)buffer, length };
    return request(PTRACE_SETREGSET, tid, (void *)CSYS_NT_X86_XSTATE, &vector);
}

int csys_ptrace_peekdata(pid_t tid, uint64_t address, uint64_t *word) {
    /* PEEKDATA returns the word itself: -1 is a valid word, so errno is the only signal. */
    errno = 0;
    long value = ptrace(PTRACE_PEEKDATA, tid, (void *)address, NULL);
    if (value == -1 && errno != 0) return errno;
    *word = (uint64_t)value;
    return 0;
}

int csys_ptrace_pokedata(pid_t tid, uint64_t address, uint64_t word) {
    return request(PTRACE_POKEDATA, tid, (void *)address, (void *)word);
}

static void *debugreg_offset(int number) {
    return (void *)(offsetof(struct user, u_debugreg) + (size_t)number * sizeof(unsigned long));
}

int csys_ptrace_peek_debugreg(pid_t tid, int number, uint64_t *value) {
    errno = 0;
    long word = ptrace(PTRACE_PEEKUSER, tid, debugreg_offset(number), NULL);
    if (word == -1 && errno != 0) return errno;
    *value = (uint64_t)word;
    return 0;
}

int csys_ptrace_poke_debugreg(pid_t tid, int number, uint64_t value) {
    return request(PTRACE_POKEUSER, tid, debugreg_offset(number), (void *)value);
}

int csys_ptrace_getsiginfo(pid_t tid, struct csys_siginfo *info) {
    siginfo_t raw;
    memset(&raw, 0, sizeof raw);
    if (ptrace(PTRACE_GETSIGINFO, tid, NULL, &raw) == -1) return errno;
    memset(info, 0, sizeof *info);
    info->signo = raw.si_signo;
    info->code = raw.si_code;
    info->error = raw.si_errno;
    switch (raw.si_signo) {
    case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP:
        /* Kernel-generated (si_code > 0) faults carry an address; sent ones a sender. */
        if (raw.si_code > 0) {
            info->address = (uint64_t)(uintptr_t)raw.si_addr;
        } else {
            info->sender_pid = raw.si_pid;
            info->sender_uid = raw.si_uid;
        }
        break;
    case SIGCHLD:
        info->sender_pid = raw.si_pid;
        info->sender_uid = raw.si_uid;
        info->child_status = raw.si_status;
        break;
    default:
        if (raw.si_code <= 0) {  /* SI_USER, SI_TKILL, SI_QUEUE...: sent by a process */
            info->sender_pid = raw.si_pid;
            info->sender_uid = raw.si_uid;
        }
        break;
    }
    return 0;
}

pid_t csys_waitpid(pid_t pid, int *status, int options) {
    for (;;) {
        pid_t result = waitpid(pid, status, options);
        if (result >= 0) return result;
        if (errno != EINTR) return -errno;
    }
}

int csys_wifexited(int status) { return WIFEXITED(status); }
int csys_wexitstatus(int status) { return WEXITSTATUS(status); }
int csys_wifsignaled(int status) { return WIFSIGNALED(status); }
int csys_wtermsig(int status) { return WTERMSIG(status); }
int csys_wcoredump(int status) { return WCOREDUMP(status); }
int csys_wifstopped(int status) { return WIFSTOPPED(status); }
int csys_wstopsig(int status) { return WSTOPSIG(status); }
int csys_wptrace_event(int status) { return WIFSTOPPED(status) ? (status >> 16) & 0xff : 0; }

int csys_tgkill(pid_t tgid, pid_t tid, int signal) {
    return syscall(SYS_tgkill, tgid, tid, signal) == -1 ? errno : 0;
}

int csys_kill(pid_t pid, int signal) { return kill(pid, signal) == -1 ? errno : 0; }

pid_t csys_gettid(void) { return (pid_t)syscall(SYS_gettid); }

void csys_set_thread_name(const char *name) { prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0); }

int csys_make_thread_realtime(void) {
    struct sched_param parameter = { .sched_priority = 1 };
    return -pthread_setschedparam(pthread_self(), SCHED_FIFO, &parameter);
}

ssize_t csys_read_process_memory(pid_t pid, uint64_t address, void *buffer, size_t count) {
    struct iovec local = { buffer, count };
    struct iovec remote = { (void *)(uintptr_t)address, count };
    ssize_t moved = process_vm_readv(pid, &local, 1, &remote, 1, 0);
    return moved < 0 ? -errno : moved;
}

ssize_t csys_write_process_memory(pid_t pid, uint64_t address, const void *buffer, size_t count) {
    struct iovec local = { (void *)buffer, count };
    struct iovec remote = { (void *)(uintptr_t)address, count };
    ssize_t moved = process_vm_writev(pid, &local, 1, &remote, 1, 0);
    return moved < 0 ? -errno : moved;
}

ssize_t csys_pread(int fd, void *buffer, size_t count, uint64_t offset) {
    for (;;) {
        /* /proc/PID/mem offsets are addresses: above 2^63 they look negative to off_t,
           which the kernel accepts for this file (it uses the raw value). */
        ssize_t moved = pread(fd, buffer, count, (off_t)offset);
        if (moved >= 0) return moved;
        if (errno != EINTR) return -errno;
    }
}

ssize_t csys_pwrite(int fd, const void *buffer, size_t count, uint64_t offset) {
    for (;;) {
        ssize_t moved = pwrite(fd, buffer, count, (off_t)offset);
        if (moved >= 0) return moved;
        if (errno != EINTR) return -errno;
    }
}

int csys_open(const char *path, int flags) {
    for (;;) {
        int fd = open(path, flags | O_CLOEXEC, 0600);
        if (fd >= 0) return fd;
        if (errno != EINTR) return -errno;
    }
}

/* ---- launching ---- */

struct spawn_report {
    int step;
    int error;
};

/* In the child: tell the parent which step failed, then die. Async-signal-safe. */
static void child_fail(int pipe_fd, int step) {
    struct spawn_report report = { step, errno };
    ssize_t ignored = write(pipe_fd, &report, sizeof report);
    (void)ignored;
    _exit(127);
}

/* The child's side, between fork and execve: async-signal-safe calls only. */
static void child_prepare_and_exec(const struct csys_spawn_request *request, int pipe_fd) {
    /* Signals: a clean slate, not the debugger's. Ignored dispositions and the mask
       survive execve, and a program that finds SIGPIPE ignored or SIGINT blocked
       behaves differently under the debugger than outside it. */
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, NULL);
    struct sigaction defaults;
    memset(&defaults, 0, sizeof defaults);
    defaults.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &defaults, NULL);
    }

    if (request->new_process_group) setpgid(0, 0);

    /* stdio: move any source descriptor that is itself 0-2 out of the way first, so
       that redirecting one stream cannot clobber the source of another. */
    int sources[3] = { request->stdin_fd, request->stdout_fd, request->stderr_fd };
    for (int i = 0; i < 3; i++) {
        if (sources[i] >= 0 && sources[i] <= 2) {
            sources[i] = fcntl(sources[i], F_DUPFD_CLOEXEC, 3);
            if (sources[i] < 0) child_fail(pipe_fd, CSYS_SPAWN_STDIO);
        }
    }
    for (int i = 0; i < 3; i++) {
        if (sources[i] >= 0 && dup2(sources[i], i) < 0) child_fail(pipe_fd, CSYS_SPAWN_STDIO);
    }

    if (request->working_directory && chdir(request->working_directory) != 0) {
        child_fail(pipe_fd, CSYS_SPAWN_CHDIR);
    }

    if (request->disable_aslr) {
        int current = personality(0xffffffff);
        if (current == -1 || personality((unsigned long)current | ADDR_NO_RANDOMIZE) == -1) {
            child_fail(pipe_fd, CSYS_SPAWN_PERSONALITY);
        }
    }

    /* Descriptors the debugger did not mark close-on-exec (libraries, other threads'
       pipes) must not leak into the program; the report pipe stays open until execve. */
    syscall(SYS_close_range, 3U, ~0U, 4U /* CLOSE_RANGE_CLOEXEC */);

    if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) == -1) child_fail(pipe_fd, CSYS_SPAWN_TRACEME);

    execve(request->path, request->argv, request->envp);
    child_fail(pipe_fd, CSYS_SPAWN_EXEC);
}

void csys_spawn_traced(const struct csys_spawn_request *request, struct csys_spawn_result *result) {
    memset(result, 0, sizeof *result);
    int report_pipe[2];
    if (pipe2(report_pipe, O_CLOEXEC) != 0) {
        result->failed_step = CSYS_SPAWN_PIPE;
        result->error = errno;
        return;
    }
    pid_t pid = fork();
    if (pid < 0) {
        result->failed_step = CSYS_SPAWN_FORK;
        result->error = errno;
        close(report_pipe[0]);
        close(report_pipe[1]);
        return;
    }
    if (pid == 0) {
        close(report_pipe[0]);
        child_prepare_and_exec(request, report_pipe[1]);
        _exit(127);  /* not reached */
    }
    close(report_pipe[1]);

    /* End of file: execve succeeded and closed the pipe. A report: it failed. */
    struct spawn_report report;
    ssize_t got;
    do {
        got = read(report_pipe[0], &report, sizeof report);
    } while (got < 0 && errno == EINTR);
    close(report_pipe[0]);

    if (got == (ssize_t)sizeof report) {
        int status;
        while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR) {}
        result->failed_step = report.step;
        result->error = report.error;
        return;
    }
    result->pid = pid;
    result->failed_step = CSYS_SPAWN_OK;
}

/* ---- CPU affinity (the ptrace trace backend keeps tracer and tracee on one CPU) ---- */

#include <sched.h>

int csys_affinity_get(pid_t tid, uint64_t *mask) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(tid, sizeof set, &set) != 0) return -errno;
    uint64_t bits = 0;
    for (int cpu = 0; cpu < 64; cpu++)
        if (CPU_ISSET(cpu, &set)) bits |= (uint64_t)1 << cpu;
    *mask = bits;
    return 0;
}

int csys_affinity_set(pid_t tid, uint64_t mask) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int cpu = 0; cpu < 64; cpu++)
        if (mask & ((uint64_t)1 << cpu)) CPU_SET(cpu, &set);
    return sched_setaffinity(tid, sizeof set, &set) == 0 ? 0 : -errno;
}

int csys_current_cpu(void) { return sched_getcpu(); }

int csys_spawn_actions_close_from(void *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np((posix_spawn_file_actions_t *)actions, lowest);
}

void *csys_map_shared(int fd, size_t size) {
    void *address = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    return address == MAP_FAILED ? NULL : address;
}

void csys_unmap(void *address, size_t size) { munmap(address, size); }

void csys_futex_wake_all(void *word) { syscall(SYS_futex, word, FUTEX_WAKE, 0x7fffffff, NULL, NULL, 0); }

uint64_t csys_rdtsc(void) {
    uint32_t low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
    return (uint64_t)high << 32 | low;
}

uint64_t csys_monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

int csys_has_fsgsbase(void) { return (getauxval(AT_HWCAP2) & 2) != 0; }
