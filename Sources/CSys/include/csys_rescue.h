#ifndef CSYS_RESCUE_H
#define CSYS_RESCUE_H

#include <stdint.h>
#include <sys/types.h>

/*
 * The crash rescue: if dbg dies of a fault (a Swift runtime trap, a bad access, an abort,
 * a fatal signal sent to it), a program it had attached is left as it was before dbg came:
 * every int3 of dbg's replaced by the program's own byte, a thread that stopped at one put
 * back at its instruction, threads stepped out of dbg's scratch areas, the areas unmapped,
 * every thread detached. Without it the kernel detaches the threads with the int3s still
 * in the code, and the program dies of SIGTRAP at its next hit.
 *
 * Each traced process has a ledger of what must be undone. Its tracer thread (the only
 * thread the kernel accepts ptrace requests from) keeps it up to date, and the rescue runs
 * on that thread: a fault on another thread sends the tracer thread a signal and waits for
 * it. The rescue uses system calls only (async-signal-safe), then the fault goes on to the
 * handler that was there before (Swift's backtracer) or to the default action.
 *
 * Calls on a ledger must come from its tracer thread.
 */

/* Opens the ledger of `pid`, traced by thread `tracer`. `rescue` false: the program is not
   to be rescued (a launched program dies with dbg, PTRACE_O_EXITKILL) and the ledger only
   keeps the slot. `traps_rewound`: the tracer moves a thread back to the site as soon as
   it sees its int3 trap; otherwise a thread stopped at a trap the tracer has seen is still
   past the int3 and the rescue rewinds it. Returns the ledger's handle, or -1 when every
   ledger is in use. */
int csys_rescue_open(pid_t pid, pid_t tracer, int rescue, int traps_rewound);
/* Nothing left to rescue (the program is detached, or gone): a guardian is told so. */
void csys_rescue_close(int ledger);

/* Starts a guardian (csys_guardian.h, the executable at `path`) that this ledger keeps up
   to date, so that the program also survives a SIGKILL of dbg. Only for a ledger that
   rescues. Returns 0 or -errno. */
int csys_rescue_attach_guardian(int ledger, const char *path);
int csys_rescue_has_guardian(int ledger);

/* Makes the calling thread a tracer that can take the rescue's relay signal (threads made
   by Swift's thread pool block every signal, and a thread inherits its creator's mask);
   see csys_rescue_allow_relay for when it takes it. */
void csys_rescue_adopt_tracer_thread(void);

/* A tracer thread takes the relay signal only while it waits (for the program, or for
   work): between reaping a stop and recording what it did (a trap's rewind) the ledger
   and the threads disagree, and a rescue then would get the thread wrong. `wait` blocks
   until `pid` (-1: any tracee) has something to report, the relay allowed, without
   reaping it; returns 0, or -errno. The relay is deferred on return. */
int csys_rescue_wait_for_report(pid_t pid, int options);
void csys_rescue_allow_relay(void);
void csys_rescue_defer_relay(void);
/* Defers the relay around a moment of disagreement on a thread that otherwise takes it at
   any time (a system call made to run in the program: its code and registers are not the
   program's until put back). Returns 1 if the relay was allowed before, for the caller to
   allow it again after. */
int csys_rescue_hold_relay(void);

void csys_rescue_add_site(int ledger, uint64_t address, uint8_t original);
void csys_rescue_remove_site(int ledger, uint64_t address);
void csys_rescue_remove_all_sites(int ledger);
/* Whether the program's memory holds the int3s (false while a vfork child shares it). */
void csys_rescue_set_sites_in_memory(int ledger, int in_memory);

void csys_rescue_add_area(int ledger, uint64_t address, uint64_t size);

/* The trap healer dbg put in the program (TracedProcess+TrapHealer; 0: none): `size` bytes at
   `area`, the action SIGTRAP had before it at `area + previous_offset`, and room for reading
   the action in place at `area + current_offset` once the area's first page is writable. A
   rescue puts the previous action back and unmaps the area, unless the program has set an
   action of its own since (then both stay: its handler may pass SIGTRAPs on to the healer). */
void csys_rescue_set_healer(int ledger, uint64_t area, uint64_t size, uint64_t previous_offset, uint64_t current_offset);

struct user_regs_struct;
/* A system call dbg makes thread `tid` run (InjectedSyscall), from before its code is changed to
   after its code and registers are put back: `saved` are the registers before, `word` the 8
   bytes at saved->rip before `syscall` went over the first two. A rescue meanwhile (a fault on
   the tracer thread itself, which no relay holds off) puts both back first, and when the call
   was an mmap (`number` 9) that ran, unmaps what it mapped (`size` bytes at its result). */
void csys_rescue_begin_injection(int ledger, pid_t tid, const struct user_regs_struct *saved, uint64_t word, uint64_t number,
                                 uint64_t size);
void csys_rescue_end_injection(int ledger);

struct user_fpregs_struct;
/* The most XSAVE bytes a call's record keeps (the area is 2.7 KiB with AVX-512). */
#define CSYS_RESCUE_XSTATE_CAPACITY 16384
/* A function of the program that dbg made thread `tid` run (`call f(1)`), from before its
   registers change until they are back (a call stopped at a breakpoint inside it lasts while
   the user looks around): `regs` and the XSAVE area (`xstate`, `length` bytes; 0 when it could
   not be read, then `fpregs`) as they were before the call. A rescue meanwhile stops the
   thread, puts them back and drops any signal the call met, before it lets the thread go: the
   program goes on as if the call had never been made. Nested calls keep the outermost. */
void csys_rescue_begin_call(int ledger, pid_t tid, const struct user_regs_struct *regs, const void *xstate, size_t length,
                            const struct user_fpregs_struct *fpregs);
void csys_rescue_end_call(int ledger);
void csys_rescue_remove_all_areas(int ledger);

#endif
