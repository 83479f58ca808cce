#ifndef CSYS_GUARDIAN_H
#define CSYS_GUARDIAN_H

#include <stdint.h>
#include <sys/types.h>

/*
 * The guardian: a small process (dbg-guardian) started beside dbg when it attaches to a
 * program, so that the program survives even a SIGKILL of dbg (or the OOM killer), which
 * no handler in dbg can catch. The kernel then detaches the program with dbg's int3s still
 * in its code; the guardian, which holds a copy of the breakpoint sites, puts the original
 * bytes back and lets the program go on.
 *
 * dbg streams each change of its sites to the guardian over a socket, as fixed-size
 * records (the crash rescue's ledger sends them, see csys_rescue.h). A clean end of dbg's
 * tracing says GUARDIAN_DETACHED; the socket closing without it means dbg died.
 */

enum csys_guardian_kind {
    GUARDIAN_ADD = 'A',            /* an int3 at `address` replaced `original` */
    GUARDIAN_REMOVE = 'R',         /* the site at `address` is gone */
    GUARDIAN_CLEAR = 'C',          /* every site is gone */
    GUARDIAN_DETACHED = 'D',       /* dbg let the program go cleanly: nothing to do */
};

struct csys_guardian_record {
    uint64_t address;
    uint8_t kind;
    uint8_t original;
    uint8_t reserved[6];
};

/* Starts the guardian at `path` for process `pid`. `tracer`: the thread that traces it (0:
   none), whose exit the guardian watches too, as it is when the kernel detaches the program.
   Returns dbg's end of the socket (close-on-exec), or -errno. */
int csys_guardian_spawn(pid_t pid, pid_t tracer, const char *path);

/* Sends one record; returns 0, or -errno (the guardian is gone: EPIPE). Never SIGPIPE. */
int csys_guardian_send(int socket, uint8_t kind, uint64_t address, uint8_t original);

#endif
