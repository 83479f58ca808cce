import CSys
import Glibc

/// Makes a stopped thread of the program run one system call of ours: the two bytes at its
/// PC become `syscall` for one single step, then the code and the registers are put back.
/// The scratch areas of out-of-line execution (tracepoints and displaced steps) are mapped
/// and unmapped this way, and the trap healer installed (see TrapHealer).
enum InjectedSyscall {
    enum Outcome {
        /// The call ran: its raw result (a negative errno, as a UInt64, when it failed).
        case returned(UInt64)
        /// The step stopped for something else first (`status` from waitpid; nothing ran):
        /// the caller accounts for that stop and may try again.
        case interrupted(status: Int32)
    }

    /// Maps `size` bytes of anonymous memory (read+exec unless told), near `hint` if the
    /// kernel agrees. `ledger`: the process's rescue ledger, told of the call while it is in
    /// flight; a scratch area (`isScratch`) is recorded there before the call counts as done,
    /// so that a rescue at any moment unmaps it (the caller records nothing more).
    static func map(thread: Int32, size: Int, near hint: UInt64, protection: Int32 = PROT_READ | PROT_EXEC,
                    isScratch: Bool = true, ledger: RescueLedger?) throws(ProcessError) -> Outcome {
        let result = try syscall(
            thread: thread, number: 9,
            arguments: [hint, UInt64(size), UInt64(protection), UInt64(MAP_PRIVATE | MAP_ANONYMOUS), UInt64.max, 0],
            ledger: ledger, size: UInt64(size), recordsArea: isScratch)
        if case .returned(let value) = result, isFailure(value) {
            throw .ptraceFailed("mmap in the program", thread: ThreadID(thread), reason: "it failed")
        }
        return result
    }

    /// Unmaps what `map` mapped (its result is ignored: nothing can be done about it).
    static func unmap(thread: Int32, address: UInt64, size: Int, ledger: RescueLedger?) -> Outcome? {
        try? syscall(thread: thread, number: 11, arguments: [address, UInt64(size), 0, 0, 0, 0], ledger: ledger, size: UInt64(size))
    }

    /// mprotect(address, size, protection).
    static func protect(thread: Int32, address: UInt64, size: Int, protection: Int32, ledger: RescueLedger?)
        throws(ProcessError) -> Outcome
    {
        try syscall(thread: thread, number: 10, arguments: [address, UInt64(size), UInt64(protection), 0, 0, 0],
                    ledger: ledger, size: 0)
    }

    /// rt_sigaction(signal, action, previous, 8), the kernel's `struct sigaction` at those
    /// addresses in the program (0 for none).
    static func signalAction(thread: Int32, signal: Int32, action: UInt64, previous: UInt64, ledger: RescueLedger?)
        throws(ProcessError) -> Outcome
    {
        try syscall(thread: thread, number: 13, arguments: [UInt64(signal), action, previous, 8, 0, 0], ledger: ledger, size: 0)
    }

    /// memfd_create(name, MFD_CLOEXEC), the name a C string in the program at `name`.
    static func memfdCreate(thread: Int32, name: UInt64, ledger: RescueLedger?) throws(ProcessError) -> Outcome {
        try syscall(thread: thread, number: 319, arguments: [name, 1, 0, 0, 0, 0], ledger: ledger, size: 0)
    }

    /// ftruncate(descriptor, size).
    static func truncate(thread: Int32, descriptor: UInt64, size: Int, ledger: RescueLedger?) throws(ProcessError) -> Outcome {
        try syscall(thread: thread, number: 77, arguments: [descriptor, UInt64(size), 0, 0, 0, 0], ledger: ledger, size: 0)
    }

    /// mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0): memory the
    /// program shares with whoever else maps the descriptor's file.
    static func mapShared(thread: Int32, descriptor: UInt64, size: Int, ledger: RescueLedger?) throws(ProcessError) -> Outcome {
        try syscall(
            thread: thread, number: 9,
            arguments: [0, UInt64(size), UInt64(PROT_READ | PROT_WRITE), UInt64(MAP_SHARED), descriptor, 0],
            ledger: ledger, size: UInt64(size))
    }

    /// close(descriptor).
    static func close(thread: Int32, descriptor: UInt64, ledger: RescueLedger?) throws(ProcessError) -> Outcome {
        try syscall(thread: thread, number: 3, arguments: [descriptor, 0, 0, 0, 0, 0], ledger: ledger, size: 0)
    }

    /// Whether a raw result is a negative errno.
    static func isFailure(_ result: UInt64) -> Bool { result >= UInt64.max - 4095 }

    /// Runs system call `number` with six arguments; `.returned` carries its raw result.
    private static func syscall(thread: Int32, number: UInt64, arguments: [UInt64], ledger: RescueLedger?, size: UInt64,
                                recordsArea: Bool = false)
        throws(ProcessError) -> Outcome
    {
        // Until the code and registers are put back, a crash rescue would leave the thread
        // running our `syscall` with our registers: a rescue relayed from another thread waits
        // (microseconds); one on this thread (a fault here) finds the call in the ledger.
        let relayWasAllowed = csys_rescue_hold_relay() != 0
        defer { if relayWasAllowed { csys_rescue_allow_relay() } }
        var saved = user_regs_struct()
        guard csys_ptrace_getregs(thread, &saved) == 0 else {
            throw .ptraceFailed("GETREGS", thread: ThreadID(thread), reason: "")
        }
        var word: UInt64 = 0
        guard csys_ptrace_peekdata(thread, saved.rip, &word) == 0 else {
            throw .unreadableMemory(address: saved.rip, count: 8)
        }
        let syscallWord = (word & ~0xffff) | 0x050f  // 0f 05: syscall
        ledger?.beginInjection(thread: thread, saved: saved, word: word, number: number, size: size)
        guard csys_ptrace_pokedata(thread, saved.rip, syscallWord) == 0 else {
            ledger?.endInjection()
            throw .unwritableMemory(address: saved.rip, count: 2)
        }
        defer {
            _ = csys_ptrace_pokedata(thread, saved.rip, word)
            _ = csys_ptrace_setregs(thread, &saved)
            ledger?.endInjection()
        }
        var call = saved
        call.rax = number
        call.orig_rax = UInt64.max  // no syscall restart on the way (the thread may be in one)
        call.rdi = arguments[0]
        call.rsi = arguments[1]
        call.rdx = arguments[2]
        call.r10 = arguments[3]
        call.r8 = arguments[4]
        call.r9 = arguments[5]
        guard csys_ptrace_setregs(thread, &call) == 0, csys_ptrace_singlestep(thread, 0) == 0 else {
            throw .ptraceFailed("a system call in the program", thread: ThreadID(thread), reason: "cannot run it")
        }
        var status: Int32 = 0
        _ = csys_waitpid(thread, &status, Int32(CSYS_WAIT_ALL))
        var after = user_regs_struct()
        guard csys_ptrace_getregs(thread, &after) == 0 else {
            throw .ptraceFailed("a system call in the program", thread: ThreadID(thread), reason: "the thread is gone")
        }
        // A stop other than the step's trap (a signal arriving first): the syscall did not run.
        let isTrap = status & 0xff == 0x7f && (status >> 8) & 0xff == SIGTRAP
        if !isTrap || after.rip != saved.rip &+ 2 { return .interrupted(status: status) }
        // Still inside the injection (ended by the defer): no moment when a rescue knows
        // neither the call nor the area it made.
        if recordsArea, !isFailure(after.rax) { ledger?.addArea(after.rax, size: size) }
        return .returned(after.rax)
    }
}
