/* Starting the guardian and talking to it (see csys_guardian.h; the guardian itself is
 * Sources/dbg-guardian). Async-signal-safe where the crash rescue uses it (send). */
#define _GNU_SOURCE
#include "csys_guardian.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int csys_guardian_spawn(pid_t pid, pid_t tracer, const char *path) {
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) return -errno;
    /* Room for many records before a send could wait for the guardian to read. */
    int size = 1 << 20;
    setsockopt(ends[0], SOL_SOCKET, SO_SNDBUF, &size, sizeof size);

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
    /* The guardian reads its records on standard input; it keeps dbg's standard error
       for its one line of report, and nothing else of dbg's. */
    posix_spawn_file_actions_adddup2(&actions, ends[1], 0);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    /* Its own session: a Ctrl-C or a closed terminal that ends dbg must not end it too.
       Signals as a new program expects them, whatever the spawning thread blocks. */
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    char pid_text[16], tracer_text[16];
    snprintf(pid_text, sizeof pid_text, "%d", (int)pid);
    snprintf(tracer_text, sizeof tracer_text, "%d", (int)tracer);
    char *arguments[] = { (char *)"dbg-guardian", pid_text, tracer > 0 ? tracer_text : NULL, NULL };
    pid_t guardian;
    int error = posix_spawn(&guardian, path, &actions, &attributes, arguments, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    close(ends[1]);
    if (error != 0) {
        close(ends[0]);
        return -error;
    }
    /* The guardian forks and its first process exits at once, so that the one that stays
       is not dbg's child (nothing of dbg's waits for it). Reap that first one. */
    while (waitpid(guardian, NULL, 0) < 0 && errno == EINTR) {}
    return ends[0];
}

int csys_guardian_send(int socket, uint8_t kind, uint64_t address, uint8_t original) {
    struct csys_guardian_record record = { .address = address, .kind = kind, .original = original };
    const char *bytes = (const char *)&record;
    size_t sent = 0;
    while (sent < sizeof record) {
        ssize_t n = send(socket, bytes + sent, sizeof record - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -errno;
        }
        sent += (size_t)n;
    }
    return 0;
}
