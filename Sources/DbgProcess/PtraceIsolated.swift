import CSys
import Glibc

/// An actor that runs on a ``PtraceExecutor``. The ptrace requests below are methods of
/// this protocol, so they are isolated to such an actor: the compiler rejects any call
/// from elsewhere, which is how no ptrace call can escape the ptrace thread.
///
/// Requests that the caller commonly expects to fail on a thread that has just died
/// return the errno value (0 for success) instead of throwing.
protocol PtraceIsolated: Actor {
    nonisolated var ptraceExecutor: PtraceExecutor { get }
}

extension PtraceIsolated {
    /// Blocks until a tracee of this thread (or `thread` alone) reports; nil when there is
    /// no tracee left to report (ECHILD).
    func waitForTracee(_ thread: ThreadID? = nil, noHang: Bool = false) throws(ProcessError)
        -> (ThreadID, WaitStatus)?
    {
        assert(ptraceExecutor.isCurrent)
        var status: Int32 = 0
        var options = Int32(CSYS_WAIT_ALL) | Int32(CSYS_WAIT_NOTHREAD)
        if noHang {
            options |= Int32(CSYS_WAIT_NOHANG)
        } else if csys_rescue_wait_for_report(thread?.value ?? -1, options) == -ECHILD {
            return nil
        }
        // Reaped with the crash rescue's relay deferred (see csys_rescue.h): its caller
        // interprets the stop (an int3's rewind) before the thread waits again.
        let result = csys_waitpid(thread?.value ?? -1, &status, options)
        if result == -ECHILD || result == 0 { return nil }
        guard result > 0 else {
            throw .ptraceFailed("waitpid", thread: thread ?? ThreadID(-1), reason: ProcessError.text(-result))
        }
        return (ThreadID(result), WaitStatus(status))
    }

    func ptraceResume(_ thread: ThreadID, signal: Signal?) -> Int32 {
        assert(ptraceExecutor.isCurrent)
        return csys_ptrace_cont(thread.value, signal?.rawValue ?? 0)
    }

    func ptraceSingleStep(_ thread: ThreadID, signal: Signal?) -> Int32 {
        assert(ptraceExecutor.isCurrent)
        return csys_ptrace_singlestep(thread.value, signal?.rawValue ?? 0)
    }

    func ptraceDetach(_ thread: ThreadID, signal: Signal?) -> Int32 {
        assert(ptraceExecutor.isCurrent)
        return csys_ptrace_detach(thread.value, signal?.rawValue ?? 0)
    }

    func ptraceAttach(_ thread: ThreadID) -> Int32 {
        assert(ptraceExecutor.isCurrent)
        return csys_ptrace_attach(thread.value)
    }

    func ptraceSetOptions(_ thread: ThreadID, exitKill: Bool) -> Int32 {
        assert(ptraceExecutor.isCurrent)
        var options = UInt(CSYS_PTRACE_O_TRACECLONE) | UInt(CSYS_PTRACE_O_TRACEEXEC)
            | UInt(CSYS_PTRACE_O_TRACEFORK) | UInt(CSYS_PTRACE_O_TRACEVFORK) | UInt(CSYS_PTRACE_O_TRACEVFORKDONE)
        if exitKill { options |= UInt(CSYS_PTRACE_O_EXITKILL) }
        return csys_ptrace_setoptions(thread.value, options)
    }

    /// PTRACE_GETEVENTMSG: the new thread or child of a clone/fork event, the former
    /// thread id of an exec event.
    func ptraceEventMessage(_ thread: ThreadID) throws(ProcessError) -> UInt {
        assert(ptraceExecutor.isCurrent)
        var message: UInt = 0
        let error = csys_ptrace_geteventmsg(thread.value, &message)
        guard error == 0 else { throw .ptraceFailed("PTRACE_GETEVENTMSG", thread: thread, reason: ProcessError.text(error)) }
        return message
    }

    /// The siginfo of a signal-delivery-stop; nil in a group-stop (the kernel says EINVAL)
    /// or when the thread is gone.
    func ptraceSignalInfo(_ thread: ThreadID) -> SignalInfo? {
        assert(ptraceExecutor.isCurrent)
        var raw = csys_siginfo()
        guard csys_ptrace_getsiginfo(thread.value, &raw) == 0 else { return nil }
        return SignalInfo(raw)
    }

    func ptraceGetRegisters(_ thread: ThreadID) throws(ProcessError) -> user_regs_struct {
        assert(ptraceExecutor.isCurrent)
        var raw = user_regs_struct()
        let error = csys_ptrace_getregs(thread.value, &raw)
        guard error == 0 else { throw Self.threadError("PTRACE_GETREGS", thread, error) }
        return raw
    }

    func ptraceSetRegisters(_ thread: ThreadID, _ raw: user_regs_struct) throws(ProcessError) {
        assert(ptraceExecutor.isCurrent)
        var raw = raw
        let error = csys_ptrace_setregs(thread.value, &raw)
        guard error == 0 else { throw Self.threadError("PTRACE_SETREGS", thread, error) }
    }

    func ptraceGetFloatingPointRegisters(_ thread: ThreadID) throws(ProcessError) -> user_fpregs_struct {
        assert(ptraceExecutor.isCurrent)
        var raw = user_fpregs_struct()
        let error = csys_ptrace_getfpregs(thread.value, &raw)
        guard error == 0 else { throw Self.threadError("PTRACE_GETFPREGS", thread, error) }
        return raw
    }

    func ptraceSetFloatingPointRegisters(_ thread: ThreadID, _ raw: user_fpregs_struct) throws(ProcessError) {
        assert(ptraceExecutor.isCurrent)
        var raw = raw
        let error = csys_ptrace_setfpregs(thread.value, &raw)
        guard error == 0 else { throw Self.threadError("PTRACE_SETFPREGS", thread, error) }
    }

    func ptracePeek(_ thread: ThreadID, _ address: UInt64) -> UInt64? {
        assert(ptraceExecutor.isCurrent)
        var word: UInt64 = 0
        return csys_ptrace_peekdata(thread.value, address, &word) == 0 ? word : nil
    }

    func ptracePoke(_ thread: ThreadID, _ address: UInt64, _ word: UInt64) -> Bool {
        assert(ptraceExecutor.isCurrent)
        return csys_ptrace_pokedata(thread.value, address, word) == 0
    }

    /// Writes `bytes` with PEEKDATA/POKEDATA, a word at a time: slow, but it writes through
    /// page protections (breakpoints in .text) into any stopped tracee, including a forked
    /// child we never opened /proc/PID/mem for.
    func ptraceWrite(_ thread: ThreadID, _ bytes: [UInt8], at address: UInt64) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let wordAddress = (address &+ UInt64(offset)) & ~7
            guard var word = ptracePeek(thread, wordAddress) else { return false }
            var byteInWord = Int((address &+ UInt64(offset)) - wordAddress)
            while byteInWord < 8 && offset < bytes.count {
                let shift = UInt64(byteInWord * 8)
                word = (word & ~(0xff << shift)) | (UInt64(bytes[offset]) << shift)
                byteInWord += 1
                offset += 1
            }
            guard ptracePoke(thread, wordAddress, word) else { return false }
        }
        return true
    }

    static func threadError(_ operation: String, _ thread: ThreadID, _ error: Int32) -> ProcessError {
        error == ESRCH ? .noSuchThread(thread) : .ptraceFailed(operation, thread: thread, reason: ProcessError.text(error))
    }
}
