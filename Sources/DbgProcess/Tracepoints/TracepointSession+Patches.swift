import CSys
import Glibc

/// The inject backend's process control: a code area and a ring mapped in the program, and
/// code patched with jumps into the area. The session stays the program's tracer (new
/// threads, signals, forked children and the detach are handled as for tracepoints), but no
/// thread stops for a probe.
extension TracepointSession {
    /// The thread pointer (fs base) of each stopped thread.
    public func threadPointers() -> [(thread: Int32, threadPointer: UInt64)] {
        threads.compactMap { thread, stopped in
            var raw = user_regs_struct()
            guard stopped, csys_ptrace_getregs(thread, &raw) == 0 else { return nil }
            return (thread, raw.fs_base)
        }
    }

    /// Maps `size` bytes of read+execute memory for the probes' code, near `hint` (jumps
    /// reach ±2 GiB). Not in the rescue ledger: once patches point into it, a rescue must
    /// not take it away (the recorder stops recording by itself when dbg is gone).
    public func mapCodeArea(size: Int, near hint: UInt64) throws(ProcessError) -> UInt64 {
        guard case .returned(let address) = try InjectedSyscall.map(thread: pid, size: size, near: hint, isScratch: false, ledger: ledger)
        else { throw .ptraceFailed("mmap in the program", thread: ThreadID(pid), reason: "a signal came first") }
        scratchAreas.append((address, size))
        return address
    }

    /// Creates a memfd of `size` bytes in the program (named by the C string at `name` in its
    /// memory), maps it there shared, and opens it here through /proc: the ring both sides
    /// see. Returns where the program has it and the descriptor here (the program keeps
    /// none: only the mapping).
    public func mapSharedRing(size: Int, name: UInt64) throws(ProcessError) -> (address: UInt64, descriptor: Int32) {
        func run(_ step: String, _ call: () throws(ProcessError) -> InjectedSyscall.Outcome) throws(ProcessError) -> UInt64 {
            guard case .returned(let value) = try call(), !InjectedSyscall.isFailure(value) else {
                throw .ptraceFailed("\(step) in the program", thread: ThreadID(pid), reason: "it failed")
            }
            return value
        }
        let thread = pid
        let remote = try run("memfd_create") { () throws(ProcessError) in try InjectedSyscall.memfdCreate(thread: thread, name: name, ledger: ledger) }
        defer { _ = try? InjectedSyscall.close(thread: thread, descriptor: remote, ledger: ledger) }
        _ = try run("ftruncate") { () throws(ProcessError) in try InjectedSyscall.truncate(thread: thread, descriptor: remote, size: size, ledger: ledger) }
        let address = try run("mmap") { () throws(ProcessError) in
            try InjectedSyscall.mapShared(thread: thread, descriptor: remote, size: size, ledger: ledger)
        }
        scratchAreas.append((address, size))
        let local = csys_open("/proc/\(pid)/fd/\(remote)", Int32(CSYS_O_RDWR))
        guard local >= 0 else {
            throw .ptraceFailed("opening the program's ring", thread: ThreadID(pid), reason: ProcessError.text(-local))
        }
        return (address, local)
    }

    /// Writes each patch (`bytes` over the code at `address`, whose original is kept) while
    /// every thread is stopped. A thread stopped inside a patched run (past its first byte)
    /// is first stepped out of it: it would resume in the middle of the jump.
    public func installPatches(_ patches: [(address: UInt64, bytes: [UInt8])]) throws(ProcessError) {
        func isInside(_ pc: UInt64) -> Bool {
            patches.contains { pc > $0.address && pc < $0.address &+ UInt64($0.bytes.count) }
        }
        for (thread, stopped) in threads where stopped { singleStep(thread, while: isInside, limit: 16) }
        for patch in patches {
            guard let original = read(at: patch.address, count: patch.bytes.count) else {
                throw .unreadableMemory(address: patch.address, count: patch.bytes.count)
            }
            try write(patch.bytes, at: patch.address)
            self.patches[patch.address] = original
        }
    }
}
