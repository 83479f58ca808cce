import CSys
import Glibc

/// The ptrace trace backend's process control: tracepoints (int3) that cost each hit one
/// stop of the thread that hit it, and nothing to the others. The int3 stays in place for
/// the whole session: the displaced instruction runs out of line, from a copy in a
/// scratch area mapped in the program (see `DisplacedStep`), so no thread can run past a
/// tracepoint while another is being handled.
///
/// Threads run independently (never all-stop): a hit is reported for one thread, which
/// stays stopped until `resume(_:)`. New threads are followed (PTRACE_O_TRACECLONE).
///
/// Not an actor: every call must come from the thread that created it, the only one the
/// kernel accepts ptrace requests and waitpid from for these tracees. Not Sendable.
public final class TracepointSession {
    public let pid: Int32
    public let isLaunched: Bool
    private var memoryFile: Int32 = -1
    private var tracepoints: [UInt64: (original: UInt8, step: DisplacedStep)] = [:]
    /// Threads known, and whether each is stopped and not yet resumed.
    var threads: [Int32: Bool] = [:]
    /// Signals that arrived while detaching, delivered on leaving.
    var pendingSignals: [Int32: Int32] = [:]
    /// The areas mapped for out-of-line instructions (and the inject backend's code and
    /// ring), unmapped at detach.
    var scratchAreas: [(address: UInt64, size: Int)] = []
    /// Code patched with jumps (the inject backend): the original bytes by address, put
    /// back at detach and in forked children.
    var patches: [UInt64: [UInt8]] = [:]
    /// What the crash rescue undoes if dbg dies of a fault while the program is traced.
    var ledger: RescueLedger?
    private var exitStatus: Int32?
    /// Forked children stopped before their parent's fork event was seen.
    private var earlyChildren: Set<Int32> = []
    /// CPU masks to put back when the session ends (`pinToOneCPU`): the tracer thread's and
    /// the program's.
    private var tracerMask: UInt64?
    private var programMask: UInt64?

    /// One thread stopped at a tracepoint: its registers, rip already back on the int3.
    public struct Hit {
        public var thread: Int32
        public var address: UInt64
        public var registers: Registers
    }

    public enum Event {
        case hit(Hit)
        /// The program ended: exit code or 128 + signal.
        case ended(status: Int32)
        /// Asked to stop (`interrupt(pid:)`): the first thread is stopped.
        case interrupted
        /// Nothing happened (`next(shouldStop:waiting: false)` only).
        case idle
    }

    // MARK: Starting

    /// Launches `path` stopped after execve.
    public init(launch path: String, arguments: [String]) throws(ProcessError) {
        pid = try ExecStoppedLaunch.start(path, arguments: arguments, options: Self.options(exitKill: true))
        isLaunched = true
        threads[pid] = true
        openRescueLedger()
    }

    /// Attaches to every thread of a running process and stops them.
    public init(attach target: Int32) throws(ProcessError) {
        pid = target
        isLaunched = false
        guard ProcFile.processExists(target) else { throw .noSuchProcess(target) }
        var attached = Set<Int32>()
        // Threads may start while we attach: go round until no new one shows up.
        while true {
            let current = Set(ProcFile.numericEntries("/proc/\(target)/task") ?? [])
            let fresh = current.subtracting(attached)
            if fresh.isEmpty { break }
            for thread in fresh.sorted() {
                attached.insert(thread)
                let error = csys_ptrace_attach(thread)
                if error != 0 {
                    if thread == target { throw .notPermitted(target, reason: ProcessError.text(error)) }
                    continue
                }
                var status: Int32 = 0
                while true {
                    guard csys_waitpid(thread, &status, Int32(CSYS_WAIT_ALL)) == thread else { break }
                    if csys_wifstopped(status) == 0 { break }
                    let signal = csys_wstopsig(status)
                    if signal == SIGSTOP {
                        threads[thread] = true
                        _ = csys_ptrace_setoptions(thread, Self.options(exitKill: false))
                        break
                    }
                    pendingSignals[thread] = signal  // delivered when we leave
                    _ = csys_ptrace_cont(thread, 0)
                }
            }
        }
        guard threads[target] != nil else { throw .notPermitted(target, reason: "cannot stop it") }
        openRescueLedger()
    }

    /// The calling thread is the tracer: it keeps the ledger and runs the rescue, at any
    /// moment (a thread it has seen at a tracepoint stays past the int3 until resumed, and
    /// the rescue rewinds it: no moment of disagreement to defer the relay over).
    private func openRescueLedger() {
        csys_rescue_adopt_tracer_thread()
        csys_rescue_allow_relay()
        ledger = RescueLedger(pid: pid, tracer: csys_gettid(), rescues: !isLaunched, trapsRewound: false)
    }

    private func closeRescueLedger() {
        ledger?.close()
        ledger = nil
    }

    /// Threads are followed (to their exit, where their memory can still be read); forked
    /// children are caught only to be let go without our int3s (see `releaseForkedChild`).
    private static func options(exitKill: Bool) -> UInt {
        UInt(CSYS_PTRACE_O_TRACECLONE) | UInt(CSYS_PTRACE_O_TRACEFORK) | UInt(CSYS_PTRACE_O_TRACEVFORK)
            | UInt(CSYS_PTRACE_O_TRACEEXEC) | UInt(CSYS_PTRACE_O_TRACEEXIT) | (exitKill ? UInt(CSYS_PTRACE_O_EXITKILL) : 0)
    }

    deinit {
        if memoryFile >= 0 { close(memoryFile) }
        ledger?.close()
    }

    // MARK: Memory

    public func read(at address: UInt64, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { csys_read_process_memory(pid, address, $0.baseAddress, count) }
        return got == count ? bytes : nil
    }

    /// Writes through page protection (code, the read+exec scratch area) via /proc/PID/mem.
    public func write(_ bytes: [UInt8], at address: UInt64) throws(ProcessError) {
        if memoryFile < 0 { memoryFile = csys_open("/proc/\(pid)/mem", Int32(CSYS_O_RDWR)) }
        let written = memoryFile < 0 ? -1 : bytes.withUnsafeBytes { csys_pwrite(memoryFile, $0.baseAddress, $0.count, address) }
        guard written == bytes.count else { throw .unwritableMemory(address: address, count: bytes.count) }
    }

    /// Maps `size` bytes of read+execute memory in the program, near `hint` if the kernel
    /// agrees, by making the stopped first thread run one `syscall` instruction (mmap).
    public func mapScratch(size: Int, near hint: UInt64) throws(ProcessError) -> UInt64 {
        // Every thread is stopped and none has a signal coming: the step is the only stop.
        guard case .returned(let address) = try InjectedSyscall.map(thread: pid, size: size, near: hint, ledger: ledger) else {
            throw .ptraceFailed("mmap in the program", thread: ThreadID(pid), reason: "a signal came first")
        }
        scratchAreas.append((address, size))  // in the ledger already (InjectedSyscall.map)
        return address
    }

    private func isInScratch(_ address: UInt64) -> Bool {
        scratchAreas.contains { address >= $0.address && address - $0.address < UInt64($0.size) }
    }

    /// Lets a stopped thread that is inside a scratch area finish its copied instruction and
    /// jump back to the program's code (a few single steps), so the area can go. A thread in
    /// the inject backend's recorder takes up to a few hundred, and may wait for the ring to
    /// have room: `draining` empties it every so often.
    private func stepOutOfScratch(_ thread: Int32, draining: () -> Void) {
        singleStep(thread, while: isInScratch, limit: patches.isEmpty ? 8 : 20_000, between: draining)
    }

    /// Single-steps a stopped thread while its pc satisfies `inside` (at most `limit` steps,
    /// `between` called every 64), keeping any signal that comes for it.
    ///
    /// Code stepped through may save and restore the flags (the probe recorder's pushfq,
    /// popfq): it pushes the trap flag the step set and pops it back as the program's own,
    /// which the kernel then leaves set at the detach (a SIGTRAP after every instruction, the
    /// program dead). The flag is cleared at the end unless the thread had it before.
    func singleStep(_ thread: Int32, while inside: (UInt64) -> Bool, limit: Int, between: () -> Void = {}) {
        var before = user_regs_struct()
        guard csys_ptrace_getregs(thread, &before) == 0, inside(before.rip) else { return }
        let trapFlag: UInt64 = 0x100
        defer {
            var after = user_regs_struct()
            if before.eflags & trapFlag == 0, csys_ptrace_getregs(thread, &after) == 0, after.eflags & trapFlag != 0 {
                after.eflags &= ~trapFlag
                _ = csys_ptrace_setregs(thread, &after)
            }
        }
        for step in 0..<limit {
            if step % 64 == 63 { between() }
            var raw = user_regs_struct()
            guard csys_ptrace_getregs(thread, &raw) == 0, inside(raw.rip), csys_ptrace_singlestep(thread, 0) == 0 else { return }
            var status: Int32 = 0
            while csys_waitpid(thread, &status, Int32(CSYS_WAIT_ALL)) < 0 {}
            guard csys_wifstopped(status) != 0 else { return }
            let signal = csys_wstopsig(status)
            if signal != SIGTRAP { pendingSignals[thread] = signal }
        }
    }

    /// Unmaps the scratch areas through a stopped thread (every thread is out of them).
    private func unmapScratchAreas() {
        guard let thread = threads.keys.min() else { return }
        for area in scratchAreas {
            if case .interrupted(let status)? = InjectedSyscall.unmap(thread: thread, address: area.address, size: area.size, ledger: ledger),
               csys_wifstopped(status) != 0, csys_wstopsig(status) != SIGTRAP {
                pendingSignals[thread] = csys_wstopsig(status)
            }
        }
        scratchAreas = []
        ledger?.removeAllAreas()
    }

    // MARK: Tracepoints

    /// Puts an int3 at `address`; a thread that hits it is reported, then moved past the
    /// displaced instruction by `step`.
    public func insert(at address: UInt64, step: DisplacedStep) throws(ProcessError) {
        guard tracepoints[address] == nil else { return }
        guard let original = read(at: address, count: 1)?.first else { throw .unreadableMemory(address: address, count: 1) }
        // Recorded first: the crash rescue must know of every int3 that may be in memory.
        ledger?.addSite(address, original: original)
        do { try write([0xCC], at: address) } catch {
            ledger?.removeSite(address)
            throw error
        }
        tracepoints[address] = (original, step)
    }

    // MARK: CPU

    /// Puts the tracer (the calling thread) and every thread of the program on the CPU the
    /// tracer runs on: a stop then costs a context switch on one CPU instead of a wake-up
    /// across two, about a fifth of the time here. Threads the program creates inherit
    /// the mask. `restoreCPUs` (at detach) gives the program its own mask back.
    public func pinToOneCPU() {
        var original: UInt64 = 0
        guard csys_affinity_get(0, &original) == 0, original.nonzeroBitCount > 1 else { return }
        let cpu = csys_current_cpu()
        guard cpu >= 0, cpu < 64, original & (1 << UInt64(cpu)) != 0 else { return }
        var program: UInt64 = 0
        guard csys_affinity_get(pid, &program) == 0 else { return }
        let one: UInt64 = 1 << UInt64(cpu)
        guard csys_affinity_set(0, one) == 0 else { return }
        tracerMask = original
        programMask = program
        for thread in threads.keys { _ = csys_affinity_set(thread, one) }
    }

    /// Gives the tracer and the program's threads their CPU masks back.
    public func restoreCPUs() {
        if let programMask {
            for thread in threads.keys { _ = csys_affinity_set(thread, programMask) }
        }
        if let tracerMask { _ = csys_affinity_set(0, tracerMask) }
        tracerMask = nil
        programMask = nil
    }

    // MARK: Running

    /// Resumes every stopped thread (after launch, attach, or a batch of insertions).
    public func start() {
        for (thread, stopped) in threads where stopped {
            _ = csys_ptrace_cont(thread, pendingSignals.removeValue(forKey: thread) ?? 0)
            threads[thread] = false
        }
    }

    /// Waits for the next tracepoint hit or the end, handling everything else (new
    /// threads, signals for the program, thread exits) on the way. A SIGSTOP of the first
    /// thread while `shouldStop()` holds (see `interrupt(pid:)`) returns `.interrupted`,
    /// with that thread left stopped.
    /// Without `waiting`, returns `.idle` as soon as nothing more is pending. `threadStarted`
    /// is told of each new thread at its first stop, before it runs (its id and thread
    /// pointer); `threadExiting` of each thread about to exit, its memory still there
    /// (PTRACE_EVENT_EXIT).
    public func next(
        shouldStop: () -> Bool, waiting: Bool = true, threadStarted: (_ thread: Int32, _ threadPointer: UInt64) -> Void = { _, _ in },
        threadExiting: (_ thread: Int32) -> Void = { _ in }
    ) -> Event {
        if let exitStatus { return .ended(status: exitStatus) }
        let flags = Int32(CSYS_WAIT_ALL) | Int32(CSYS_WAIT_NOTHREAD) | (waiting ? 0 : Int32(CSYS_WAIT_NOHANG))
        while true {
            var status: Int32 = 0
            let waited = csys_waitpid(-1, &status, flags)
            if waited == 0 { return .idle }
            if waited < 0 {
                exitStatus = exitStatus ?? 0
                return .ended(status: exitStatus ?? 0)
            }
            if csys_wifexited(status) != 0 || csys_wifsignaled(status) != 0 {
                threads[waited] = nil
                guard waited == pid else { continue }
                let code = csys_wifexited(status) != 0 ? csys_wexitstatus(status) : 128 + csys_wtermsig(status)
                exitStatus = code
                return .ended(status: code)
            }
            if threads[waited] == nil {
                // A new thread's first stop, or a forked child's that came before its
                // parent's fork event: the child waits, stopped, for that event.
                guard isThreadOfProgram(waited) else {
                    earlyChildren.insert(waited)
                    continue
                }
                threads[waited] = false
                var raw = user_regs_struct()
                if csys_ptrace_getregs(waited, &raw) == 0 { threadStarted(waited, raw.fs_base) }
            }
            let event = csys_wptrace_event(status)
            let signal = csys_wstopsig(status)
            if event == 0 && signal == SIGTRAP {
                var raw = user_regs_struct()
                if csys_ptrace_getregs(waited, &raw) == 0, tracepoints[raw.rip &- 1] != nil {
                    var registers = Registers(raw)
                    registers.rip = raw.rip &- 1
                    threads[waited] = true
                    return .hit(Hit(thread: waited, address: registers.rip, registers: registers))
                }
                _ = csys_ptrace_cont(waited, SIGTRAP)  // the program's own (exec is an event: TRACEEXEC)
                continue
            }
            if event == Int32(CSYS_PTRACE_EVENT_EXEC) {
                tracepoints = [:]  // a new program: none of our int3s, patches or areas is in it, it runs untraced
                patches = [:]
                scratchAreas = []
                ledger?.removeAllSites()
                ledger?.removeAllAreas()
            }
            if event == 0 && signal == SIGSTOP && waited == pid && shouldStop() {
                threads[waited] = true
                return .interrupted
            }
            if event == Int32(CSYS_PTRACE_EVENT_EXIT) { threadExiting(waited) }
            if event == Int32(CSYS_PTRACE_EVENT_FORK) || event == Int32(CSYS_PTRACE_EVENT_VFORK) {
                var child: UInt = 0
                if csys_ptrace_geteventmsg(waited, &child) == 0 {
                    releaseForkedChild(Int32(truncatingIfNeeded: child), sharesMemory: event == Int32(CSYS_PTRACE_EVENT_VFORK))
                }
            }
            // Clone events, new threads' SIGSTOP, signals for the program: pass them on.
            let deliver = event != 0 || signal == SIGSTOP ? 0 : signal
            _ = csys_ptrace_cont(waited, deliver)
        }
    }

    /// A forked child is not traced: it would die of SIGTRAP at its first tracepoint (or
    /// write into the parent's ring at its first patched probe), so
    /// its copy of the code gets the original bytes back before it is let go. A vfork
    /// child shares our memory (and only runs until its exec): it is let go as it is.
    private func releaseForkedChild(_ child: Int32, sharesMemory: Bool) {
        if earlyChildren.remove(child) == nil {
            var status: Int32 = 0
            guard csys_waitpid(child, &status, Int32(CSYS_WAIT_ALL)) == child, csys_wifstopped(status) != 0 else { return }
        }
        if !sharesMemory {
            let fd = csys_open("/proc/\(child)/mem", Int32(CSYS_O_RDWR))
            if fd >= 0 {
                for (address, tracepoint) in tracepoints {
                    var byte = tracepoint.original
                    _ = csys_pwrite(fd, &byte, 1, address)
                }
                for (address, original) in patches {
                    _ = original.withUnsafeBytes { csys_pwrite(fd, $0.baseAddress, $0.count, address) }
                }
                close(fd)
            }
        }
        _ = csys_ptrace_detach(child, 0)
    }

    private func isThreadOfProgram(_ thread: Int32) -> Bool {
        guard let status = ProcFile.text("/proc/\(thread)/status") else { return true }
        return ProcFile.statusField(status, "Tgid").flatMap { Int32($0) } == pid
    }

    /// The low 8 bytes of xmm0–xmm15 of a stopped thread (float and double arguments and
    /// results), nil when they cannot be read.
    public func vectorRegisters(of thread: Int32) -> [UInt64]? {
        var raw = user_fpregs_struct()
        guard csys_ptrace_getfpregs(thread, &raw) == 0 else { return nil }
        let registers = FloatingPointRegisters(raw)
        return (0..<16).map { index in
            registers.xmm(index).prefix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
    }

    /// Moves the thread of `hit` past the displaced instruction and lets it run.
    public func resume(_ hit: Hit) {
        guard let tracepoint = tracepoints[hit.address] else { return }
        var (raw, pushed) = tracepoint.step.moving(hit.registers.raw)
        if var value = pushed {
            let written = withUnsafeBytes(of: &value) { csys_write_process_memory(pid, raw.rsp, $0.baseAddress, 8) }
            if written != 8 { _ = csys_ptrace_pokedata(hit.thread, raw.rsp, value) }
        }
        _ = csys_ptrace_setregs(hit.thread, &raw)
        _ = csys_ptrace_cont(hit.thread, 0)
        threads[hit.thread] = false
    }

    /// Wakes a `next()` blocked in waitpid, from any thread: the first thread's SIGSTOP
    /// makes it return `.interrupted` (when its `shouldStop` agrees).
    public static func interrupt(pid: Int32) {
        _ = csys_tgkill(pid, pid, SIGSTOP)
    }

    public func kill() {
        closeRescueLedger()
        _ = csys_kill(pid, SIGKILL)
        var status: Int32 = 0
        while true {
            let thread = csys_waitpid(-1, &status, Int32(CSYS_WAIT_ALL) | Int32(CSYS_WAIT_NOTHREAD))
            guard thread > 0 else { break }
            // A thread the SIGKILL found stopped stops once more on its way out (the exit
            // event this session asks for) and ends only once let go.
            if csys_wifstopped(status) != 0 { _ = csys_ptrace_cont(thread, 0) }
        }
    }

    /// Leaves an attached program running as if never touched: the int3s restored first,
    /// then every thread stopped, one that had just hit a tracepoint put back on the original
    /// instruction, one inside a scratch area stepped back out of it, the areas unmapped, and
    /// all detached with their pending signals.
    ///
    /// `draining` (the inject backend) empties the ring its recorder writes to, so that a
    /// thread waiting for room there can go on out of it.
    public func detach(draining: () -> Void = {}) {
        restoreCPUs()
        for (address, tracepoint) in tracepoints { try? write([tracepoint.original], at: address) }
        for (thread, stopped) in threads where !stopped { _ = csys_tgkill(pid, thread, SIGSTOP) }
        for (thread, stopped) in threads where !stopped {
            var status: Int32 = 0
            while csys_waitpid(thread, &status, Int32(CSYS_WAIT_ALL)) == thread, csys_wifstopped(status) != 0 {
                let signal = csys_wstopsig(status)
                let event = csys_wptrace_event(status)
                if signal == SIGSTOP && event == 0 { break }
                if event == 0 && signal == SIGTRAP {
                    rewindIfOnTracepoint(thread)
                } else if event == 0 {
                    pendingSignals[thread] = signal
                }
                _ = csys_ptrace_cont(thread, 0)
            }
            threads[thread] = true
        }
        // A patch is several bytes: written back only now that no thread runs, so that none
        // fetches half a jump and half the original.
        for (address, original) in patches { try? write(original, at: address) }
        draining()
        for thread in threads.keys {
            rewindIfOnTracepoint(thread)
            stepOutOfScratch(thread, draining: draining)
        }
        draining()
        // The program is left without the areas it never asked for.
        unmapScratchAreas()
        for thread in threads.keys {
            _ = csys_ptrace_detach(thread, pendingSignals[thread] ?? 0)
        }
        threads = [:]
        tracepoints = [:]
        patches = [:]
        closeRescueLedger()
    }

    /// A thread stopped just past one of our int3s goes back to the instruction it replaced.
    private func rewindIfOnTracepoint(_ thread: Int32) {
        var raw = user_regs_struct()
        guard csys_ptrace_getregs(thread, &raw) == 0, let tracepoint = tracepoints[raw.rip &- 1],
              read(at: raw.rip &- 1, count: 1)?.first == tracepoint.original
        else { return }
        raw.rip &-= 1
        _ = csys_ptrace_setregs(thread, &raw)
    }
}
