/* dbg-guardian PID: keeps what it takes to give process PID back its own code if dbg
 * dies without detaching (SIGKILL, the OOM killer), which no handler in dbg can catch.
 *
 * dbg starts it when it attaches and streams every change of its breakpoint sites on
 * standard input (struct csys_guardian_record, see csys_guardian.h). When dbg detaches
 * cleanly it says so and the guardian exits. When the stream ends without that, or dbg's
 * tracer thread (TRACER, when given) exits first, dbg is gone: the kernel has detached (or is detaching) the program with dbg's int3s still in
 * its code, so the guardian
 *   1. writes the original byte back at every site that still holds an int3 (through
 *      /proc/PID/mem, which works while the dying tracer still holds the threads),
 *   2. waits until no thread of the program is traced any more,
 *   3. sends SIGCONT if the program is then stopped: dbg keeps a SIGSTOP queued in every
 *      thread while the program is stopped at its prompt, so that a detach by the kernel
 *      leaves it stopped (not running into an int3) until step 1 is done,
 * and says so in one line on dbg's standard error. It touches nothing else: dbg's
 * scratch areas (a few pages, executable, unused) stay mapped.
 */
#define _GNU_SOURCE
#include "csys_guardian.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

#define INT3 0xcc

struct site {
    uint64_t address;
    uint8_t original;
    uint8_t used;
};

/* Open addressing with linear probing, at most half full; removal by backward shift. */
static struct site *sites;
static size_t capacity;
static size_t count;

static size_t slot_of(uint64_t address) {
    return (size_t)((address * 0x9E3779B97F4A7C15ull) >> 20) & (capacity - 1);
}

static int grow(void) {
    size_t old_capacity = capacity;
    struct site *old = sites;
    capacity = capacity == 0 ? 1024 : capacity * 2;
    sites = calloc(capacity, sizeof *sites);
    if (sites == NULL) return -1;
    for (size_t i = 0; i < old_capacity; i++) {
        if (!old[i].used) continue;
        size_t j = slot_of(old[i].address);
        while (sites[j].used) j = (j + 1) & (capacity - 1);
        sites[j] = old[i];
    }
    free(old);
    return 0;
}

static void add_site(uint64_t address, uint8_t original) {
    if ((count + 1) * 2 > capacity && grow() != 0) return;
    size_t i = slot_of(address);
    while (sites[i].used && sites[i].address != address) i = (i + 1) & (capacity - 1);
    if (!sites[i].used) count++;
    sites[i] = (struct site){ address, original, 1 };
}

static void remove_site(uint64_t address) {
    if (capacity == 0) return;
    size_t i = slot_of(address);
    while (sites[i].used && sites[i].address != address) i = (i + 1) & (capacity - 1);
    if (!sites[i].used) return;
    sites[i].used = 0;
    count--;
    /* Move back the entries of the same probe run that the hole would hide. */
    for (size_t j = (i + 1) & (capacity - 1); sites[j].used; j = (j + 1) & (capacity - 1)) {
        struct site moved = sites[j];
        sites[j].used = 0;
        size_t k = slot_of(moved.address);
        while (sites[k].used) k = (k + 1) & (capacity - 1);
        sites[k] = moved;
    }
}

static void clear_sites(void) {
    if (sites != NULL) memset(sites, 0, capacity * sizeof *sites);
    count = 0;
}

static void pause_ms(long ms) {
    struct timespec delay = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&delay, &delay) != 0 && errno == EINTR) {}
}

/* Puts the original bytes back where an int3 still is (none while a vfork took them out:
   dbg's own sites are the only int3s it reads here). Returns how many. */
static int restore_sites(pid_t pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", (int)pid);
    int mem = open(path, O_RDWR | O_CLOEXEC);
    if (mem < 0) return 0;
    int restored = 0;
    for (size_t i = 0; i < capacity; i++) {
        if (!sites[i].used) continue;
        uint8_t byte;
        off_t at = (off_t)sites[i].address;
        if (pread(mem, &byte, 1, at) == 1 && byte == INT3 && pwrite(mem, &sites[i].original, 1, at) == 1) restored++;
    }
    close(mem);
    return restored;
}

/* Calls `visit` with the contents of /proc/PID/task/T/FILE for each thread T; stops and
   returns 1 as soon as `visit` returns 1. */
static int any_thread(pid_t pid, const char *file, int (*visit)(const char *text)) {
    char path[96];
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *tasks = opendir(path);
    if (tasks == NULL) return 0;
    int found = 0;
    struct dirent *entry;
    while (!found && (entry = readdir(tasks)) != NULL) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
        snprintf(path, sizeof path, "/proc/%d/task/%s/%s", (int)pid, entry->d_name, file);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        char text[2048];
        ssize_t n = read(fd, text, sizeof text - 1);
        close(fd);
        if (n <= 0) continue;
        text[n] = 0;
        found = visit(text);
    }
    closedir(tasks);
    return found;
}

static int is_traced(const char *status) {
    const char *tracer = strstr(status, "TracerPid:");
    return tracer != NULL && atoi(tracer + strlen("TracerPid:")) != 0;
}

static int is_stopped(const char *stat) {
    const char *end = strrchr(stat, ')');  /* the command name may hold anything */
    return end != NULL && end[1] == ' ' && end[2] == 'T';
}

static int process_exists(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

/* dbg is gone without detaching: give the program back its code and let it go on. */
static void rescue(pid_t pid) {
    int restored = restore_sites(pid);
    /* The kernel detaches the threads as dbg's tracer thread exits, which may be after
       its socket closed. */
    for (int i = 0; i < 10000 && process_exists(pid) && any_thread(pid, "status", is_traced); i++) pause_ms(1);
    restored += restore_sites(pid);
    /* A SIGSTOP dbg left queued stops the program once detached; give it time to. */
    for (int i = 0; i < 100 && process_exists(pid); i++) {
        if (any_thread(pid, "stat", is_stopped)) {
            kill(pid, SIGCONT);
            break;
        }
        pause_ms(2);
    }
    if (!process_exists(pid)) return;
    /* dbg's standard error may be a pipe no one reads any more: never wait on it. A pipe
       with POLLOUT has room for PIPE_BUF bytes, and a write that fits is whole. */
    char line[160];
    int length = snprintf(line, sizeof line, "dbg-guardian: dbg died while attached to process %d: %d breakpoint%s taken out, the process runs on\n",
                          (int)pid, restored, restored == 1 ? "" : "s");
    struct pollfd error_output = { .fd = 2, .events = POLLOUT };
    if (length > 0 && poll(&error_output, 1, 100) == 1 && (error_output.revents & POLLOUT)) {
        ssize_t ignored = write(2, line, (size_t)length);
        (void)ignored;
    }
}

/* The tracer thread's exit, as a descriptor poll() reports readable: the kernel detaches the
   program as that thread exits, which may be well before dbg's other threads are gone and
   its end of the socket closes. -1 when there is no tracer or the kernel cannot (before
   Linux 6.9, no pidfd for a thread). */
static int watch_tracer(pid_t tracer) {
    if (tracer <= 0) return -1;
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, tracer, O_EXCL /* PIDFD_THREAD */);
#else
    return -1;
#endif
}

/* Reads the records waiting on standard input (made non-blocking). 1: dbg detached; -1: the
   stream ended; 0: nothing more for now. */
static int read_records(struct csys_guardian_record *record, size_t *have) {
    while (1) {
        ssize_t n = read(0, (char *)record + *have, sizeof *record - *have);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
        if (n <= 0) return -1;
        *have += (size_t)n;
        if (*have < sizeof *record) continue;
        *have = 0;
        switch (record->kind) {
        case GUARDIAN_ADD: add_site(record->address, record->original); break;
        case GUARDIAN_REMOVE: remove_site(record->address); break;
        case GUARDIAN_CLEAR: clear_sites(); break;
        case GUARDIAN_DETACHED: return 1;
        default: break;
        }
    }
}

int main(int argc, char **argv) {
    if ((argc != 2 && argc != 3) || atoi(argv[1]) <= 0) {
        fprintf(stderr, "usage: dbg-guardian PID [TRACER] (started by dbg, which writes to its standard input)\n");
        return 2;
    }
    pid_t pid = (pid_t)atoi(argv[1]);
    /* Opened while dbg, which waits for the first process, is surely alive. */
    int tracer = watch_tracer(argc == 3 ? (pid_t)atoi(argv[2]) : 0);
    /* Not dbg's child (see csys_guardian_spawn): the first process returns at once. */
    pid_t child = fork();
    if (child < 0) return 1;
    if (child > 0) return 0;
    signal(SIGPIPE, SIG_IGN);
    /* The OOM killer that takes dbg must not take its guardian (root only; best effort). */
    int adjust = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
    if (adjust >= 0) {
        ssize_t ignored = write(adjust, "-1000", 5);
        (void)ignored;
        close(adjust);
    }
    fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);

    struct csys_guardian_record record;
    size_t have = 0;
    while (1) {
        struct pollfd watched[2] = { { .fd = 0, .events = POLLIN }, { .fd = tracer, .events = POLLIN } };
        if (poll(watched, tracer >= 0 ? 2 : 1, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        /* Records first: a detach dbg said before its tracer thread ended is a detach. */
        int state = read_records(&record, &have);
        if (state == 1) return 0;
        if (state < 0) break;
        if (tracer >= 0 && (watched[1].revents & (POLLIN | POLLHUP))) break;  /* the tracer thread is gone */
    }
    rescue(pid);
    return 0;
}
