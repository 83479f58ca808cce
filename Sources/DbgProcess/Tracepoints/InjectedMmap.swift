import CSys
import Glibc

/// Maps read+exec anonymous memory in a stopped program by making one of its threads run
/// an mmap system call: the two bytes at its PC become `syscall` for one single step, then
/// the code and the registers are put back. The scratch areas of out-of-line execution
/// (tracepoints and displaced steps) come from here.
enum InjectedMmap {
    enum Outcome {
        case mapped(UInt64)
        /// The step stopped for something else first (`status` from waitpid; nothing ran):
        /// the caller accounts for that stop and may try again.
        case interrupted(status: Int32)
    }

    static func run(thread: Int32, size: Int, near hint: UInt64) throws(ProcessError) -> Outcome {
        var saved = user_regs_struct()
        guard csys_ptrace_getregs(thread, &saved) == 0 else {
            throw .ptraceFailed("GETREGS", thread: ThreadID(thread), reason: "")
        }
        var word: UInt64 = 0
        guard csys_ptrace_peekdata(thread, saved.rip, &word) == 0 else {
            throw .unreadableMemory(address: saved.rip, count: 8)
        }
        let syscallWord = (word & ~0xffff) | 0x050f  // 0f 05: syscall
        guard csys_ptrace_pokedata(thread, saved.rip, syscallWord) == 0 else {
            throw .unwritableMemory(address: saved.rip, count: 2)
        }
        defer {
            _ = csys_ptrace_pokedata(thread, saved.rip, word)
            _ = csys_ptrace_setregs(thread, &saved)
        }
        var call = saved
        call.rax = 9  // mmap
        call.orig_rax = UInt64.max  // no syscall restart on the way (the thread may be in one)
        call.rdi = hint
        call.rsi = UInt64(size)
        call.rdx = UInt64(PROT_READ | PROT_EXEC)
        call.r10 = UInt64(MAP_PRIVATE | MAP_ANONYMOUS)
        call.r8 = UInt64.max
        call.r9 = 0
        guard csys_ptrace_setregs(thread, &call) == 0, csys_ptrace_singlestep(thread, 0) == 0 else {
            throw .ptraceFailed("mmap in the program", thread: ThreadID(thread), reason: "cannot run it")
        }
        var status: Int32 = 0
        _ = csys_waitpid(thread, &status, Int32(CSYS_WAIT_ALL))
        var after = user_regs_struct()
        guard csys_ptrace_getregs(thread, &after) == 0 else {
            throw .ptraceFailed("mmap in the program", thread: ThreadID(thread), reason: "the thread is gone")
        }
        // A stop other than the step's trap (a signal arriving first): the syscall did not run.
        let isTrap = status & 0xff == 0x7f && (status >> 8) & 0xff == SIGTRAP
        if !isTrap || after.rip != saved.rip &+ 2 { return .interrupted(status: status) }
        guard after.rax < UInt64.max - 4095 else {
            throw .ptraceFailed("mmap in the program", thread: ThreadID(thread), reason: "it failed")
        }
        return .mapped(after.rax)
    }
}
