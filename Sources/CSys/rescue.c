/* The crash rescue (see csys_rescue.h). Everything the rescue itself runs is
 * async-signal-safe: system calls on static memory, no allocation, no locks. The ledgers
 * are written by their tracer threads outside any signal handler; the rescue of a ledger
 * runs on its tracer thread (directly, or in the relay signal's handler), interrupting
 * that thread between two instructions, so it always sees a ledger whole. */
#define _GNU_SOURCE
#include "csys_rescue.h"
#include "csys_guardian.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <time.h>
#include <unistd.h>

#define MAX_LEDGERS 16
#define MAX_AREAS 128
#define MAX_THREADS 8192
/* SIGTRAP's si_code for an int3. */
#define TRAP_INT3 0x80

enum site_state { SITE_EMPTY = 0, SITE_USED = 1, SITE_REMOVED = 2 };

struct site {
    uint64_t address;
    uint8_t original;
    uint8_t state;
};

struct area {
    uint64_t address;
    uint64_t size;
};

/* A system call dbg makes a thread run, in flight (csys_rescue_begin_injection). */
struct injection {
    int active;
    pid_t tid;
    struct user_regs_struct saved;
    uint64_t word;
    uint64_t number;
    uint64_t size;
};

/* A function call dbg made a thread run (csys_rescue_begin_call). */
struct call {
    int active;
    pid_t tid;
    struct user_regs_struct regs;
    struct user_fpregs_struct fpregs;
    size_t xstate_length;
    uint8_t xstate[CSYS_RESCUE_XSTATE_CAPACITY];
};

struct ledger {
    atomic_int open;
    int rescue;
    int traps_rewound;
    pid_t pid;
    pid_t tracer;
    /* Open addressing, linear probing; capacity a power of two, at most half filled. */
    struct site *sites;
    size_t capacity;
    size_t filled; /* used and removed slots */
    size_t count;
    int sites_in_memory;
    struct area areas[MAX_AREAS];
    int area_count;
    atomic_int rescued;
    /* dbg's end of the socket to the guardian (csys_guardian.h), or -1. */
    int guardian;
    /* The trap healer (csys_rescue_set_healer); healer_area 0: none. */
    uint64_t healer_area, healer_size, healer_previous, healer_current;
    struct injection injection;
    struct call call;
};

static struct ledger ledgers[MAX_LEDGERS];
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int relay_signal;
static struct sigaction previous[NSIG];
static atomic_int rescue_started;

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS };

static pid_t current_tid(void) { return (pid_t)syscall(SYS_gettid); }

/* ---- The ledger, kept by the tracer thread ---- */

static struct ledger *ledger_at(int handle) {
    if (handle < 0 || handle >= MAX_LEDGERS || !atomic_load(&ledgers[handle].open)) return NULL;
    return &ledgers[handle];
}

static size_t slot_of(const struct ledger *l, uint64_t address) {
    /* Fibonacci hashing: code addresses are close together and often aligned. */
    return (size_t)((address * 0x9E3779B97F4A7C15ull) >> 20) & (l->capacity - 1);
}

static struct site *find_site(struct ledger *l, uint64_t address) {
    if (l->capacity == 0) return NULL;
    for (size_t i = slot_of(l, address), n = 0; n < l->capacity; i = (i + 1) & (l->capacity - 1), n++) {
        struct site *s = &l->sites[i];
        if (s->state == SITE_EMPTY) return NULL;
        if (s->state == SITE_USED && s->address == address) return s;
    }
    return NULL;
}

static void insert_site(struct site *table, size_t capacity, uint64_t address, uint8_t original, struct ledger *l) {
    for (size_t i = slot_of(l, address);; i = (i + 1) & (capacity - 1)) {
        if (table[i].state != SITE_USED) {
            table[i] = (struct site){ address, original, SITE_USED };
            return;
        }
    }
}

/* A new table twice as large (or as large, when removals filled it), published whole:
   the rescue reads either the old table or the new one. */
static int grow(struct ledger *l) {
    size_t capacity = l->capacity == 0 ? 256 : (l->count * 4 > l->capacity ? l->capacity * 2 : l->capacity);
    struct site *table = calloc(capacity, sizeof *table);
    if (table == NULL) return -1;
    struct site *old = l->sites;
    size_t old_capacity = l->capacity;
    l->capacity = capacity;
    for (size_t i = 0; i < old_capacity; i++) {
        if (old[i].state == SITE_USED) insert_site(table, capacity, old[i].address, old[i].original, l);
    }
    l->sites = table;
    l->filled = l->count;
    free(old);
    return 0;
}

static void on_fatal_signal(int sig, siginfo_t *info, void *context);
static void on_relay_signal(int sig, siginfo_t *info, void *context);

static void install(void) {
    relay_signal = SIGRTMAX - 1;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_relay_signal;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigfillset(&action.sa_mask);
    sigaction(relay_signal, &action, NULL);
    action.sa_sigaction = on_fatal_signal;
    /* Every signal blocked while the rescue runs (sa_mask stays full); go_on_dying sets
       the mask the previous handler expects. SA_ONSTACK: a stack overflow can still be
       rescued on a thread with an alternate stack (Swift's backtracer gives threads one). */
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++) {
        sigaction(fatal_signals[i], &action, &previous[fatal_signals[i]]);
    }
}

int csys_rescue_open(pid_t pid, pid_t tracer, int rescue, int traps_rewound) {
    pthread_once(&install_once, install);
    for (int i = 0; i < MAX_LEDGERS; i++) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&ledgers[i].open, &expected, 2)) {
            struct ledger *l = &ledgers[i];
            free(l->sites);
            l->sites = NULL;
            l->capacity = l->filled = l->count = 0;
            l->rescue = rescue;
            l->traps_rewound = traps_rewound;
            l->pid = pid;
            l->tracer = tracer;
            l->sites_in_memory = 1;
            l->area_count = 0;
            l->healer_area = 0;
            l->guardian = -1;
            atomic_store(&l->rescued, 0);
            atomic_store(&l->open, 1);
            return i;
        }
    }
    return -1;
}

static void mask_relay(int how) {
    pthread_once(&install_once, install);
    sigset_t relay;
    sigemptyset(&relay);
    sigaddset(&relay, relay_signal);
    pthread_sigmask(how, &relay, NULL);
}

int csys_rescue_hold_relay(void) {
    pthread_once(&install_once, install);
    sigset_t relay, before;
    sigemptyset(&relay);
    sigaddset(&relay, relay_signal);
    pthread_sigmask(SIG_BLOCK, &relay, &before);
    return !sigismember(&before, relay_signal);
}

void csys_rescue_adopt_tracer_thread(void) { mask_relay(SIG_BLOCK); }
void csys_rescue_allow_relay(void) { mask_relay(SIG_UNBLOCK); }
void csys_rescue_defer_relay(void) { mask_relay(SIG_BLOCK); }

int csys_rescue_wait_for_report(pid_t pid, int options) {
    siginfo_t info;
    idtype_t type = pid == -1 ? P_ALL : P_PID;
    csys_rescue_allow_relay();
    int result;
    do {
        result = waitid(type, pid == -1 ? 0 : (id_t)pid, &info, WEXITED | WSTOPPED | WNOWAIT | options);
    } while (result != 0 && errno == EINTR);
    int error = result == 0 ? 0 : -errno;
    csys_rescue_defer_relay();
    return error;
}

/* Tells the guardian, if any; a guardian that is gone is not told again. */
static void tell_guardian(struct ledger *l, uint8_t kind, uint64_t address, uint8_t original) {
    if (l->guardian < 0) return;
    if (csys_guardian_send(l->guardian, kind, address, original) != 0) {
        close(l->guardian);
        l->guardian = -1;
    }
}

int csys_rescue_attach_guardian(int handle, const char *path) {
    struct ledger *l = ledger_at(handle);
    if (l == NULL || !l->rescue) return -EINVAL;
    int socket = csys_guardian_spawn(l->pid, l->tracer, path);
    if (socket < 0) return socket;
    l->guardian = socket;
    for (size_t i = 0; i < l->capacity; i++) {
        if (l->sites[i].state == SITE_USED) tell_guardian(l, GUARDIAN_ADD, l->sites[i].address, l->sites[i].original);
    }
    return 0;
}

int csys_rescue_has_guardian(int handle) {
    struct ledger *l = ledger_at(handle);
    return l != NULL && l->guardian >= 0;
}

void csys_rescue_close(int handle) {
    struct ledger *l = ledger_at(handle);
    if (l == NULL) return;
    tell_guardian(l, GUARDIAN_DETACHED, 0, 0);
    if (l->guardian >= 0) close(l->guardian);
    l->guardian = -1;
    l->rescue = 0;
    atomic_store(&l->open, 0);
}

void csys_rescue_add_site(int handle, uint64_t address, uint8_t original) {
    struct ledger *l = ledger_at(handle);
    if (l == NULL) return;
    /* Before the int3 is written: the guardian must know every site that may hold one. */
    tell_guardian(l, GUARDIAN_ADD, address, original);
    struct site *existing = find_site(l, address);
    if (existing != NULL) {
        existing->original = original;
        return;
    }
    if ((l->filled + 1) * 2 > l->capacity && grow(l) != 0) return;
    for (size_t i = slot_of(l, address);; i = (i + 1) & (l->capacity - 1)) {
        struct site *s = &l->sites[i];
        if (s->state == SITE_USED) continue;
        if (s->state == SITE_EMPTY) l->filled++;
        s->address = address;
        s->original = original;
        s->state = SITE_USED;
        l->count++;
        return;
    }
}

void csys_rescue_remove_site(int handle, uint64_t address) {
    struct ledger *l = ledger_at(handle);
    if (l == NULL) return;
    tell_guardian(l, GUARDIAN_REMOVE, address, 0);
    struct site *s = find_site(l, address);
    if (s == NULL) return;
    s->state = SITE_REMOVED;
    l->count--;
}

void csys_rescue_remove_all_sites(int handle) {
    struct ledger *l = ledger_at(handle);
    if (l == NULL) return;
    tell_guardian(l, GUARDIAN_CLEAR, 0, 0);
    if (l->sites == NULL) return;
    memset(l->sites, 0, l->capacity * sizeof *l->sites);
    l->filled = l->count = 0;
}

void csys_rescue_set_sites_in_memory(int handle, int in_memory) {
    struct ledger *l = ledger_at(handle);
    if (l != NULL) l->sites_in_memory = in_memory;
}

void csys_rescue_add_area(int handle, uint64_t address, uint64_t size) {
    struct ledger *l = ledger_at(handle);
    if (l == NULL || l->area_count >= MAX_AREAS) return;
    l->areas[l->area_count++] = (struct area){ address, size };
}

void csys_rescue_set_healer(int handle, uint64_t area, uint64_t size, uint64_t previous_offset, uint64_t current_offset) {
    struct ledger *l = ledger_at(handle);
    if (l == NULL) return;
    l->healer_area = area;
    l->healer_size = size;
    l->healer_previous = previous_offset;
    l->healer_current = current_offset;
}

void csys_rescue_remove_all_areas(int handle) {
    struct ledger *l = ledger_at(handle);
    if (l != NULL) l->area_count = 0;
}

void csys_rescue_begin_injection(int handle, pid_t tid, const struct user_regs_struct *saved, uint64_t word, uint64_t number,
                                 uint64_t size) {
    struct ledger *l = ledger_at(handle);
    if (l == NULL) return;
    l->injection.tid = tid;
    l->injection.saved = *saved;
    l->injection.word = word;
    l->injection.number = number;
    l->injection.size = size;
    /* Whole before it counts: the rescue interrupts this thread between two instructions. */
    atomic_signal_fence(memory_order_seq_cst);
    l->injection.active = 1;
}

void csys_rescue_end_injection(int handle) {
    struct ledger *l = ledger_at(handle);
    if (l != NULL) l->injection.active = 0;
}

void csys_rescue_begin_call(int handle, pid_t tid, const struct user_regs_struct *regs, const void *xstate, size_t length,
                            const struct user_fpregs_struct *fpregs) {
    struct ledger *l = ledger_at(handle);
    if (l == NULL || l->call.active) return;
    l->call.tid = tid;
    l->call.regs = *regs;
    l->call.fpregs = *fpregs;
    l->call.xstate_length = length <= sizeof l->call.xstate ? length : 0;
    if (l->call.xstate_length > 0) memcpy(l->call.xstate, xstate, l->call.xstate_length);
    /* Whole before it counts (see csys_rescue_begin_injection). */
    atomic_signal_fence(memory_order_seq_cst);
    l->call.active = 1;
}

void csys_rescue_end_call(int handle) {
    struct ledger *l = ledger_at(handle);
    if (l != NULL) l->call.active = 0;
}

/* ---- The rescue (async-signal-safe from here on) ---- */

struct thread_state {
    pid_t tid;
    int stopped;
    int signal; /* to deliver on leaving */
};

/* Static: the handler may run on a small alternate stack. One rescue at a time. */
static struct thread_state threads[MAX_THREADS];
static char scratch[4096];

static void pause_briefly(void) {
    struct timespec wait = { 0, 1000000 };
    nanosleep(&wait, NULL);
}

static int in_area(const struct ledger *l, uint64_t address) {
    for (int i = 0; i < l->area_count; i++) {
        if (address >= l->areas[i].address && address - l->areas[i].address < l->areas[i].size) return 1;
    }
    return 0;
}

/* "/proc/PID" + `rest`, or with a thread: "/proc/PID/task/TID" + `rest`. */
static void proc_path(char path[96], pid_t pid, pid_t tid, const char *rest) {
    size_t length = 0;
    const char *prefix = "/proc/";
    while (*prefix) path[length++] = *prefix++;
    pid_t parts[2] = { pid, tid };
    for (int p = 0; p < 2 && parts[p] > 0; p++) {
        if (p == 1) {
            const char *task = "/task/";
            while (*task) path[length++] = *task++;
        }
        char digits[16];
        int n = 0;
        for (pid_t v = parts[p]; v > 0 && n < 15; v /= 10) digits[n++] = (char)('0' + v % 10);
        while (n > 0) path[length++] = digits[--n];
    }
    while (*rest && length < 95) path[length++] = *rest++;
    path[length] = 0;
}

/* The thread ids of `pid`, from /proc/PID/task. */
static int list_threads(pid_t pid) {
    char path[96];
    proc_path(path, pid, 0, "/task");
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return 0;
    int count = 0;
    for (;;) {
        long got = syscall(SYS_getdents64, fd, scratch, sizeof scratch);
        if (got <= 0) break;
        for (long offset = 0; offset < got;) {
            unsigned short record = *(unsigned short *)(scratch + offset + 16);
            const char *name = scratch + offset + 19;
            pid_t tid = 0;
            for (const char *c = name; *c >= '0' && *c <= '9'; c++) tid = tid * 10 + (*c - '0');
            if (tid > 0 && count < MAX_THREADS) threads[count++] = (struct thread_state){ tid, 0, 0 };
            offset += record;
        }
    }
    close(fd);
    return count;
}

/* Waits (at most ~2 s) for a report of `tid`; 0 when none came. */
static int wait_for(pid_t tid, int *status) {
    for (int i = 0; i < 2000; i++) {
        pid_t got = waitpid(tid, status, WNOHANG | __WALL);
        if (got == tid) return 1;
        if (got < 0 && errno != EINTR) return 0;
        pause_briefly();
    }
    return 0;
}

/* A stop that was an int3 of ours: the thread goes back to the site, whose own byte is
   in place again by now. */
static void rewind_if_at_site(struct ledger *l, pid_t tid) {
    siginfo_t info;
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETSIGINFO, tid, NULL, &info) != 0 || info.si_code != TRAP_INT3) return;
    if (ptrace(PTRACE_GETREGS, tid, NULL, &regs) != 0 || find_site(l, regs.rip - 1) == NULL) return;
    regs.rip -= 1;
    ptrace(PTRACE_SETREGS, tid, NULL, &regs);
}

/* Accounts for one report of a stopped thread: breakpoint traps are undone, other
   signals kept for the thread to receive. Returns 1 for a SIGSTOP (ours, swallowed). */
static int account_for_stop(struct ledger *l, struct thread_state *t, int status) {
    if (!WIFSTOPPED(status)) {
        t->stopped = 0; /* exited */
        t->tid = 0;
        return 1;
    }
    t->stopped = 1;
    if (status >> 16 != 0) return 0; /* a ptrace event stop: nothing to deliver */
    int sig = WSTOPSIG(status);
    if (sig == SIGSTOP) return 1;
    if (sig == SIGTRAP) {
        rewind_if_at_site(l, t->tid);
        return 0;
    }
    t->signal = sig;
    return 0;
}

/* Stops a running thread with a SIGSTOP of ours and swallows that SIGSTOP; signals met
   on the way are delivered (their handlers run after we leave). */
static void stop_thread(struct ledger *l, struct thread_state *t) {
    if (syscall(SYS_tgkill, l->pid, t->tid, SIGSTOP) != 0) return;
    for (int rounds = 0; rounds < 64; rounds++) {
        int status;
        if (!wait_for(t->tid, &status)) return;
        if (account_for_stop(l, t, status)) return;
        int deliver = t->signal;
        t->signal = 0;
        if (ptrace(PTRACE_CONT, t->tid, NULL, (void *)(long)deliver) != 0) return;
        t->stopped = 0;
    }
}

static int write_memory(int mem, uint64_t address, const void *bytes, size_t count) {
    return pwrite(mem, bytes, count, (off_t)address) == (ssize_t)count ? 0 : -1;
}

static int open_memory(pid_t pid) {
    char path[96];
    proc_path(path, pid, 0, "/mem");
    return open(path, O_RDWR | O_CLOEXEC);
}

/* Whether a SIGSTOP waits for `tid` (its own or the process's): one of dbg's halts on its
   way. Left there, it would stop the program for good once detached. */
static int has_pending_stop(pid_t pid, pid_t tid) {
    char path[96];
    proc_path(path, pid, tid, "/status");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t got = read(fd, scratch, sizeof scratch - 1);
    close(fd);
    if (got <= 0) return 0;
    scratch[got] = 0;
    const uint64_t stop_bit = 1ull << (SIGSTOP - 1);
    const char *keys[2] = { "\nSigPnd:", "\nShdPnd:" };
    for (int k = 0; k < 2; k++) {
        const char *line = strstr(scratch, keys[k]);
        if (line == NULL) continue;
        line += strlen(keys[k]);
        while (*line == ' ' || *line == '\t') line++;
        uint64_t mask = 0;
        for (; (*line >= '0' && *line <= '9') || (*line >= 'a' && *line <= 'f'); line++) {
            mask = mask * 16 + (uint64_t)(*line <= '9' ? *line - '0' : *line - 'a' + 10);
        }
        if (mask & stop_bit) return 1;
    }
    return 0;
}

/* Lets a stopped thread take the SIGSTOP waiting for it, and swallows it. */
static void swallow_pending_stop(struct ledger *l, struct thread_state *t) {
    for (int rounds = 0; rounds < 64; rounds++) {
        int deliver = t->signal;
        t->signal = 0;
        if (ptrace(PTRACE_CONT, t->tid, NULL, (void *)(long)deliver) != 0) return;
        t->stopped = 0;
        int status;
        if (!wait_for(t->tid, &status)) return;
        if (account_for_stop(l, t, status)) return;
    }
}

/* The thread of a call dbg made, stopped: its registers as before the call, and no signal the
   called function met (a fault in it must not kill the program now). It is then out of the
   scratch areas too (the call's return address is one). */
static void undo_call(struct ledger *l, struct thread_state *t) {
    struct call *call = &l->call;
    if (!call->active || t->tid != call->tid) return;
    ptrace(PTRACE_SETREGS, t->tid, NULL, &call->regs);
    struct iovec vector = { call->xstate, call->xstate_length };
    if (call->xstate_length == 0 || ptrace(PTRACE_SETREGSET, t->tid, (void *)0x202 /* NT_X86_XSTATE */, &vector) != 0) {
        ptrace(PTRACE_SETFPREGS, t->tid, NULL, &call->fpregs);
    }
    t->signal = 0;
    call->active = 0;
}

/* Steps a stopped thread out of a scratch area: each copy there ends in a jump back to the
   program's code. */
static void step_out_of_areas(struct ledger *l, struct thread_state *t) {
    struct user_regs_struct regs;
    for (int steps = 0; steps < 32; steps++) {
        if (ptrace(PTRACE_GETREGS, t->tid, NULL, &regs) != 0 || !in_area(l, regs.rip)) return;
        if (ptrace(PTRACE_SINGLESTEP, t->tid, NULL, NULL) != 0) return;
        int status;
        if (!wait_for(t->tid, &status)) return;
        if (WIFSTOPPED(status) && WSTOPSIG(status) != SIGTRAP && status >> 16 == 0) t->signal = WSTOPSIG(status);
        if (!WIFSTOPPED(status)) {
            t->tid = 0;
            return;
        }
    }
}

/* Runs munmap(address, size) in the program on a stopped thread: `syscall` written at its
   pc for one single step, then its code and registers put back. */
/* Makes stopped thread `tid` run system call `number` (arguments a0..a3): its two bytes at the
   pc become `syscall` for one single step, then code and registers are put back. 0 when the
   call ran, its result in *result. */
static int syscall_in_program(int mem, pid_t tid, uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                              uint64_t *result) {
    struct user_regs_struct saved, call, after;
    if (ptrace(PTRACE_GETREGS, tid, NULL, &saved) != 0) return -1;
    uint8_t original[2];
    if (pread(mem, original, 2, (off_t)saved.rip) != 2) return -1;
    static const uint8_t syscall_instruction[2] = { 0x0f, 0x05 };
    if (write_memory(mem, saved.rip, syscall_instruction, 2) != 0) return -1;
    call = saved;
    call.rax = number;
    call.orig_rax = (unsigned long long)-1;
    call.rdi = a0;
    call.rsi = a1;
    call.rdx = a2;
    call.r10 = a3;
    int done = -1;
    if (ptrace(PTRACE_SETREGS, tid, NULL, &call) == 0 && ptrace(PTRACE_SINGLESTEP, tid, NULL, NULL) == 0) {
        int status;
        if (wait_for(tid, &status) && WIFSTOPPED(status) && WSTOPSIG(status) == SIGTRAP
            && ptrace(PTRACE_GETREGS, tid, NULL, &after) == 0 && after.rip == saved.rip + 2) {
            *result = after.rax;
            done = 0;
        }
    }
    write_memory(mem, saved.rip, original, 2);
    ptrace(PTRACE_SETREGS, tid, NULL, &saved);
    return done;
}

static int unmap_in_program(int mem, pid_t tid, uint64_t address, uint64_t size) {
    uint64_t result;
    return syscall_in_program(mem, tid, SYS_munmap, address, size, 0, 0, &result);
}

/* Takes the trap healer out (see csys_rescue_set_healer); 1 if its area was unmapped. */
static int remove_healer(const struct ledger *l, int mem, pid_t tid) {
    uint64_t area = l->healer_area, result, handler = 0;
    if (area == 0) return 0;
    if (syscall_in_program(mem, tid, SYS_mprotect, area, 4096, PROT_READ | PROT_WRITE, 0, &result) != 0 || result != 0)
        return 0;
    if (syscall_in_program(mem, tid, SYS_rt_sigaction, SIGTRAP, 0, area + l->healer_current, 8, &result) != 0 || result != 0
        || pread(mem, &handler, sizeof handler, (off_t)(area + l->healer_current)) != sizeof handler || handler != area) {
        syscall_in_program(mem, tid, SYS_mprotect, area, 4096, PROT_READ | PROT_EXEC, 0, &result);
        return 0;
    }
    syscall_in_program(mem, tid, SYS_rt_sigaction, SIGTRAP, area + l->healer_previous, 0, 8, &result);
    return unmap_in_program(mem, tid, area, l->healer_size) == 0;
}

struct outcome {
    int threads;
    int sites;
    int areas;
};

/* A system call of dbg's in flight in a thread: the thread's report of its single step taken
   (waited for if it is still running it), its code and registers put back, and the area an
   mmap made recorded for unmapping. Returns a signal that stopped the thread instead of the
   step, to be delivered as it is let go (0: none). */
static int undo_injection(struct ledger *l, int mem) {
    struct injection *in = &l->injection;
    if (!in->active) return 0;
    int delivered = 0;
    struct user_regs_struct now;
    int status;
    if (ptrace(PTRACE_GETREGS, in->tid, NULL, &now) != 0) {
        /* Running its single step: its report comes within microseconds. */
        if (!wait_for(in->tid, &status) || !WIFSTOPPED(status)) {
            in->active = 0;
            return 0;
        }
        if (WSTOPSIG(status) != SIGTRAP && status >> 16 == 0) delivered = WSTOPSIG(status);
        if (ptrace(PTRACE_GETREGS, in->tid, NULL, &now) != 0) {
            in->active = 0;
            return delivered;
        }
    } else if (waitpid(in->tid, &status, WNOHANG | __WALL) == in->tid && WIFSTOPPED(status) && WSTOPSIG(status) != SIGTRAP
               && status >> 16 == 0) {
        delivered = WSTOPSIG(status);
    }
    if (in->number == SYS_mmap && now.rip == in->saved.rip + 2 && now.rax < (uint64_t)-4095 && now.rax != 0
        && l->area_count < MAX_AREAS) {
        l->areas[l->area_count++] = (struct area){ now.rax, in->size };
    }
    if (mem >= 0) write_memory(mem, in->saved.rip, &in->word, sizeof in->word);
    ptrace(PTRACE_SETREGS, in->tid, NULL, &in->saved);
    in->active = 0;
    return delivered;
}

static struct outcome rescue_ledger(struct ledger *l) {
    struct outcome outcome = { 0, 0, 0 };
    int mem = open_memory(l->pid);
    /* The program's own bytes first, through /proc/PID/mem (which needs no stopped
       thread): a thread still running meets no int3 of ours from here on. */
    if (mem >= 0 && l->sites_in_memory && l->sites != NULL) {
        for (size_t i = 0; i < l->capacity; i++) {
            if (l->sites[i].state != SITE_USED) continue;
            if (write_memory(mem, l->sites[i].address, &l->sites[i].original, 1) == 0) outcome.sites++;
        }
    }
    int injection_signal = undo_injection(l, mem);
    int count = list_threads(l->pid);
    for (int i = 0; i < count; i++) {
        if (threads[i].tid == l->injection.tid && injection_signal > 0) threads[i].signal = injection_signal;
    }
    /* Every thread stopped, its pending reports taken (a trap at an int3 not yet seen is
       undone), running ones stopped with a SIGSTOP of ours. */
    for (int i = 0; i < count; i++) {
        struct thread_state *t = &threads[i];
        struct user_regs_struct regs;
        if (ptrace(PTRACE_GETREGS, t->tid, NULL, &regs) == 0) {
            t->stopped = 1;
            int status;
            if (waitpid(t->tid, &status, WNOHANG | __WALL) == t->tid) {
                account_for_stop(l, t, status);
            } else if (!l->traps_rewound) {
                rewind_if_at_site(l, t->tid);
            }
        } else {
            stop_thread(l, t);
        }
    }
    for (int i = 0; i < count; i++) {
        if (threads[i].tid != 0 && threads[i].stopped && has_pending_stop(l->pid, threads[i].tid)) {
            swallow_pending_stop(l, &threads[i]);
        }
    }
    for (int i = 0; i < count; i++) {
        if (threads[i].tid != 0 && threads[i].stopped) undo_call(l, &threads[i]);
    }
    for (int i = 0; i < count; i++) {
        if (threads[i].tid != 0 && threads[i].stopped) step_out_of_areas(l, &threads[i]);
    }
    if (mem >= 0) {
        pid_t worker = 0;
        for (int i = 0; i < count && worker == 0; i++) {
            if (threads[i].tid != 0 && threads[i].stopped) worker = threads[i].tid;
        }
        if (worker != 0) outcome.areas += remove_healer(l, mem, worker);
        for (int a = 0; worker != 0 && a < l->area_count; a++) {
            if (unmap_in_program(mem, worker, l->areas[a].address, l->areas[a].size) == 0) outcome.areas++;
        }
        close(mem);
    }
    for (int i = 0; i < count; i++) {
        struct thread_state *t = &threads[i];
        if (t->tid == 0 || !t->stopped) continue;
        /* Watchpoints off: the kernel keeps debug registers past the detach, and one left
           on would end the program with SIGTRAP at its next access. */
        ptrace(PTRACE_POKEUSER, t->tid, (void *)offsetof(struct user, u_debugreg[7]), NULL);
        if (ptrace(PTRACE_DETACH, t->tid, NULL, (void *)(long)t->signal) == 0) outcome.threads++;
    }
    return outcome;
}

/* ---- Telling the user ---- */

static size_t append(char *buffer, size_t at, const char *text) {
    while (*text && at < 255) buffer[at++] = *text++;
    return at;
}

static size_t append_number(char *buffer, size_t at, long value) {
    char digits[24];
    int n = 0;
    if (value == 0) digits[n++] = '0';
    for (; value > 0 && n < 23; value /= 10) digits[n++] = (char)('0' + value % 10);
    while (n > 0 && at < 255) buffer[at++] = digits[--n];
    return at;
}

static size_t append_count(char *buffer, size_t at, long count, const char *one, const char *many) {
    at = append_number(buffer, at, count);
    at = append(buffer, at, " ");
    return append(buffer, at, count == 1 ? one : many);
}

static void tell(int sig, pid_t pid, struct outcome outcome) {
    char line[256];
    size_t at = append(line, 0, "dbg crashed (signal ");
    at = append_number(line, at, sig);
    at = append(line, at, "); process ");
    at = append_number(line, at, pid);
    at = append(line, at, " runs on as it was: ");
    at = append_count(line, at, outcome.sites, "breakpoint", "breakpoints");
    at = append(line, at, " taken out, ");
    at = append_count(line, at, outcome.areas, "scratch area", "scratch areas");
    at = append(line, at, " unmapped, ");
    at = append_count(line, at, outcome.threads, "thread", "threads");
    at = append(line, at, " detached\n");
    ssize_t ignored = write(STDERR_FILENO, line, at);
    (void)ignored;
}

static int last_signal;

static void rescue_own_ledgers(void) {
    pid_t self = current_tid();
    for (int i = 0; i < MAX_LEDGERS; i++) {
        struct ledger *l = &ledgers[i];
        if (atomic_load(&l->open) != 1 || !l->rescue || l->tracer != self || atomic_load(&l->rescued)) continue;
        struct outcome outcome = rescue_ledger(l);
        tell(last_signal, l->pid, outcome);
        atomic_store(&l->rescued, 1);
    }
}

/* On a tracer thread, asked by the faulting thread: rescue, then never return to code
   that could put an int3 back while the process dies. */
static void on_relay_signal(int sig, siginfo_t *info, void *context) {
    (void)sig;
    (void)context;
    if (info->si_pid != getpid() || !atomic_load(&rescue_started)) return;
    rescue_own_ledgers();
    /* Parked with every signal open: Swift's backtracer, called next by the faulting
       thread, stops each thread with a signal to record its stack, and waits for it. */
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    for (;;) pause();
}

static void go_on_dying(int sig, siginfo_t *info, void *context) {
    struct sigaction *before = &previous[sig];
    /* The previous handler runs with the mask the kernel would have given it, not ours
       (every signal blocked): Swift's backtracer starts a thread that inherits this mask
       and relies on catching its own SIGSEGV; blocked, that fault kills dbg mid-report and
       leaves the swift-backtrace process waiting on it forever. */
    sigset_t mask;
    ucontext_t *interrupted = context;
    if (interrupted != NULL) mask = interrupted->uc_sigmask;
    else pthread_sigmask(SIG_SETMASK, NULL, &mask);
    sigorset(&mask, &mask, &before->sa_mask);
    if (!(before->sa_flags & SA_NODEFER)) sigaddset(&mask, sig);
    pthread_sigmask(SIG_SETMASK, &mask, NULL);
    if ((before->sa_flags & SA_SIGINFO) && before->sa_sigaction != NULL) {
        before->sa_sigaction(sig, info, context);
    } else if (before->sa_handler != SIG_DFL && before->sa_handler != SIG_IGN) {
        before->sa_handler(sig);
    }
    struct sigaction defaults;
    memset(&defaults, 0, sizeof defaults);
    defaults.sa_handler = SIG_DFL;
    sigaction(sig, &defaults, NULL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, sig);
    pthread_sigmask(SIG_UNBLOCK, &only, NULL);
    syscall(SYS_tgkill, getpid(), current_tid(), sig);
}

static void on_fatal_signal(int sig, siginfo_t *info, void *context) {
    if (atomic_exchange(&rescue_started, 1) == 0) {
        last_signal = sig;
        rescue_own_ledgers();
        pid_t self = current_tid();
        for (int i = 0; i < MAX_LEDGERS; i++) {
            struct ledger *l = &ledgers[i];
            if (atomic_load(&l->open) != 1 || !l->rescue || l->tracer == self || atomic_load(&l->rescued)) continue;
            if (syscall(SYS_tgkill, getpid(), l->tracer, relay_signal) != 0) continue;
            /* At most 5 s per tracer: a rescue takes milliseconds. */
            for (int waited = 0; waited < 5000 && !atomic_load(&l->rescued); waited++) pause_briefly();
        }
    }
    go_on_dying(sig, info, context);
}
