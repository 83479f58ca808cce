#ifndef CSYS_H
#define CSYS_H

/*
 * CSys: the thin C layer under DbgProcess.
 *
 * Swift cannot call variadic C functions (ptrace, syscall, fcntl, prctl), cannot use
 * function-like macros (WIFSTOPPED...) and must not fork: a forked child of a
 * multi-threaded process may only make async-signal-safe calls before execve, which
 * Swift code cannot promise. So those live here, as plain non-variadic functions.
 *
 * Convention: functions that can fail return 0 on success and an errno value on
 * failure (never -1 + errno, so no Swift code in between can clobber errno).
 *
 * Every csys_ptrace_* call must be made on the thread that traces the tracee (DbgProcess
 * does that on its ptrace thread; see DESIGN.md, "The ptrace thread").
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

/* ptrace is variadic in glibc; Swift cannot call variadic C functions. */
long csys_ptrace(long request, pid_t pid, void *addr, void *data);

/* ---- ptrace requests, typed ---- */

enum {
    CSYS_PTRACE_O_TRACECLONE = 0x08,
    CSYS_PTRACE_O_TRACEEXEC = 0x10,
    CSYS_PTRACE_O_TRACEFORK = 0x02,
    CSYS_PTRACE_O_TRACEVFORK = 0x04,
    CSYS_PTRACE_O_TRACEVFORKDONE = 0x20,
    CSYS_PTRACE_O_TRACEEXIT = 0x40,
    CSYS_PTRACE_O_EXITKILL = 0x100000,
};

enum {
    CSYS_PTRACE_EVENT_FORK = 1,
    CSYS_PTRACE_EVENT_VFORK = 2,
    CSYS_PTRACE_EVENT_CLONE = 3,
    CSYS_PTRACE_EVENT_EXEC = 4,
    CSYS_PTRACE_EVENT_VFORK_DONE = 5,
    CSYS_PTRACE_EVENT_EXIT = 6,
    CSYS_PTRACE_EVENT_STOP = 128,
};

int csys_ptrace_attach(pid_t tid);
int csys_ptrace_detach(pid_t tid, int signal);
int csys_ptrace_cont(pid_t tid, int signal);
int csys_ptrace_singlestep(pid_t tid, int signal);
int csys_ptrace_setoptions(pid_t tid, unsigned long options);
int csys_ptrace_geteventmsg(pid_t tid, unsigned long *message);
int csys_ptrace_getregs(pid_t tid, struct user_regs_struct *regs);
int csys_ptrace_setregs(pid_t tid, const struct user_regs_struct *regs);
int csys_ptrace_getfpregs(pid_t tid, struct user_fpregs_struct *regs);
int csys_ptrace_setfpregs(pid_t tid, const struct user_fpregs_struct *regs);
/* The thread's whole XSAVE area (x87, SSE, AVX and beyond: PTRACE_GETREGSET with
   NT_X86_XSTATE), at most `capacity` bytes into `buffer`: its length, or -errno. Set puts
   back `length` bytes read that way. */
long csys_ptrace_getxstate(pid_t tid, void *buffer, size_t capacity);
int csys_ptrace_setxstate(pid_t tid, const void *buffer, size_t length);
int csys_ptrace_peekdata(pid_t tid, uint64_t address, uint64_t *word);
int csys_ptrace_pokedata(pid_t tid, uint64_t address, uint64_t word);
/* Debug register N (0-7) of a thread, at offsetof(struct user, u_debugreg[N]). */
int csys_ptrace_peek_debugreg(pid_t tid, int number, uint64_t *value);
int csys_ptrace_poke_debugreg(pid_t tid, int number, uint64_t value);

/* The parts of a siginfo_t a debugger reports, flattened out of its unions. */
struct csys_siginfo {
    int signo;
    int code;
    int error;
    pid_t sender_pid;   /* SI_USER, SI_TKILL, SI_QUEUE, SIGCHLD */
    uid_t sender_uid;
    int child_status;   /* SIGCHLD */
    uint64_t address;   /* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP: the faulting address */
};

/* PTRACE_GETSIGINFO. EINVAL means the tracee is in a group-stop, not a signal-delivery-stop. */
int csys_ptrace_getsiginfo(pid_t tid, struct csys_siginfo *info);

/* ---- waiting ---- */

enum {
    CSYS_WAIT_ALL = 0x40000000,       /* __WALL: threads and processes alike */
    CSYS_WAIT_NOTHREAD = 0x20000000,  /* __WNOTHREAD: only this thread's children and tracees */
    CSYS_WAIT_NOHANG = 1,             /* WNOHANG */
};

/* waitpid, retried on EINTR. Returns the pid (0 with WNOHANG and nothing to report) or -errno. */
pid_t csys_waitpid(pid_t pid, int *status, int options);

int csys_wifexited(int status);
int csys_wexitstatus(int status);
int csys_wifsignaled(int status);
int csys_wtermsig(int status);
int csys_wcoredump(int status);
int csys_wifstopped(int status);
int csys_wstopsig(int status);
/* The PTRACE_EVENT_* of a ptrace event stop (status >> 16), 0 for any other stop. */
int csys_wptrace_event(int status);

/* ---- signals and threads ---- */

int csys_tgkill(pid_t tgid, pid_t tid, int signal);

/* CPU affinity of one thread (0: the calling thread), as a mask of the first 64 CPUs.
   Return 0 or -errno. */
int csys_affinity_get(pid_t tid, uint64_t *mask);
int csys_affinity_set(pid_t tid, uint64_t mask);
/* The CPU the calling thread runs on now, or -1. */
int csys_current_cpu(void);
int csys_kill(pid_t pid, int signal);
pid_t csys_gettid(void);
/* Names the calling thread (shown by ps, top, gdb); at most 15 bytes are kept. */
void csys_set_thread_name(const char *name);
/* Gives the calling thread the lowest real-time priority (SCHED_FIFO 1), so that no
   ordinary process can keep it off a CPU. Needs CAP_SYS_NICE; returns 0 or -errno. */
int csys_make_thread_realtime(void);

/* ---- a ring shared with a traced program (the inject trace backend) ---- */

/* Maps `size` bytes of `fd` shared, read+write. Returns the address, or NULL. */
void *csys_map_shared(int fd, size_t size);
void csys_unmap(void *address, size_t size);
/* Acquire load and release store of a 64-bit word another process writes or reads. Inline:
   the trace's reader calls them for every event. */
static inline uint64_t csys_load_acquire(const void *word) { return __atomic_load_n((const uint64_t *)word, __ATOMIC_ACQUIRE); }
static inline void csys_store_release(void *word, uint64_t value) { __atomic_store_n((uint64_t *)word, value, __ATOMIC_RELEASE); }
static inline uint32_t csys_load_u32(const void *word) { return __atomic_load_n((const uint32_t *)word, __ATOMIC_ACQUIRE); }
/* Asks for the cache line at `address` ahead of its use (reading a ring another CPU writes
   waits on each line otherwise). */
static inline void csys_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
/* Wakes every waiter on a shared (not process-private) futex. */
void csys_futex_wake_all(void *word);
/* The time stamp counter, and CLOCK_MONOTONIC nanoseconds. */
uint64_t csys_rdtsc(void);
uint64_t csys_monotonic_ns(void);
/* Whether the kernel lets programs read their thread pointer with rdfsbase (HWCAP2_FSGSBASE). */
int csys_has_fsgsbase(void);

/* ---- memory of another process ---- */

/* process_vm_readv / writev of one range. Returns the byte count moved, or -errno. */
ssize_t csys_read_process_memory(pid_t pid, uint64_t address, void *buffer, size_t count);
ssize_t csys_write_process_memory(pid_t pid, uint64_t address, const void *buffer, size_t count);

/* pread/pwrite on an open /proc/PID/mem, retried on EINTR. Returns bytes moved, or -errno. */
ssize_t csys_pread(int fd, void *buffer, size_t count, uint64_t offset);
ssize_t csys_pwrite(int fd, const void *buffer, size_t count, uint64_t offset);

/* open(path, flags | O_CLOEXEC, 0600). Returns the descriptor or -errno. */
int csys_open(const char *path, int flags);

enum {
    CSYS_O_RDONLY = 0,
    CSYS_O_WRONLY = 1,
    CSYS_O_RDWR = 2,
    CSYS_O_CREAT = 0100,
    CSYS_O_TRUNC = 01000,
    CSYS_O_APPEND = 02000,
};

/* ---- launching a traced program ---- */

struct csys_spawn_request {
    const char *path;
    char *const *argv;            /* NULL-terminated */
    char *const *envp;            /* NULL-terminated */
    const char *working_directory; /* NULL: the debugger's */
    int stdin_fd;                 /* -1: inherit the debugger's */
    int stdout_fd;
    int stderr_fd;
    int disable_aslr;             /* personality(ADDR_NO_RANDOMIZE), as gdb does by default */
    int new_process_group;        /* setpgid(0, 0) */
};

/* Which preparation step of the child failed (csys_spawn_result.failed_step). */
enum {
    CSYS_SPAWN_OK = 0,
    CSYS_SPAWN_FORK = 1,
    CSYS_SPAWN_PIPE = 2,
    CSYS_SPAWN_STDIO = 3,
    CSYS_SPAWN_CHDIR = 4,
    CSYS_SPAWN_PERSONALITY = 5,
    CSYS_SPAWN_TRACEME = 6,
    CSYS_SPAWN_EXEC = 7,
};

struct csys_spawn_result {
    pid_t pid;          /* the child, valid when failed_step is CSYS_SPAWN_OK */
    int failed_step;    /* CSYS_SPAWN_* */
    int error;          /* errno of the failed step */
};

/*
 * fork; in the child: PTRACE_TRACEME, stdio redirection, working directory, personality,
 * default signal dispositions and an empty signal mask, every inherited descriptor above 2
 * marked close-on-exec, then execve. Only async-signal-safe calls run in the child.
 *
 * A failure in the child before or at execve travels back through a close-on-exec pipe,
 * so the caller gets "exec failed: ENOENT", not a mysterious exit status 127; the failed
 * child is reaped here. On success the child is stopped (or about to stop) with SIGTRAP
 * right after execve: the caller must waitpid for it. Call on the ptrace thread: the
 * forking thread becomes the tracer.
 */
void csys_spawn_traced(const struct csys_spawn_request *request, struct csys_spawn_result *result);

/* posix_spawn_file_actions_addclosefrom_np (glibc, hidden from Swift by its feature macros):
   the child closes every descriptor from `lowest` up. `actions` is a posix_spawn_file_actions_t. */
int csys_spawn_actions_close_from(void *actions, int lowest);

#endif
