import CSys
import Glibc

/// A process under the debugger's control: launched by it or attached to.
///
/// An actor whose executor is a dedicated OS thread (``PtraceExecutor``): every ptrace
/// call and every `waitpid` runs there. The process is in all-stop mode: between the
/// calls that run it (`cont()`, `stepInstruction(_:)`), every thread is stopped, and
/// memory, registers and breakpoint sites can be read and changed. While it runs, the
/// actor's thread waits in `waitpid`, so other calls wait for the next stop; `halt()`
/// and `terminate()` work from any thread at any time.
///
/// ```swift
/// let process = try await TracedProcess.launch(LaunchConfiguration(path: "/bin/prog"))
/// try await process.insertBreakpoint(at: address)
/// let stop = try await process.cont()              // .breakpoint(thread:, address:)
/// let registers = try await process.registers(of: stop.thread!)
/// try await process.detach()
/// ```
public actor TracedProcess: PtraceIsolated {
    /// The process id (the first thread's id).
    public nonisolated let pid: Int32
    /// True when the debugger launched the program (it dies with the debugger,
    /// PTRACE_O_EXITKILL); false when it attached to it.
    public nonisolated let isLaunched: Bool

    nonisolated let ptraceExecutor: PtraceExecutor
    nonisolated let haltControl: HaltControl

    public nonisolated var unownedExecutor: UnownedSerialExecutor { ptraceExecutor.asUnownedSerialExecutor() }

    enum Life {
        case stopped
        /// Exited or killed (nil: vanished without a status we could collect).
        case ended(StopEvent?)
        case detached
    }

    var life = Life.stopped
    var threads: [ThreadID: TracedThread]
    var sites = BreakpointSiteTable()
    /// Counter giving pending events their arrival order.
    var pendingCount: Int
    /// Signals passed to the program without stopping it.
    var silentSignals = Signal.passedSilentlyByDefault
    /// /proc/PID/mem, opened on first use (and again after an exec, which replaces the
    /// address space it refers to).
    var memoryFile: Int32 = -1
    /// Stopped tracees whose creation (the clone or fork event of their parent) has not
    /// been reported yet: new threads or forked children that stopped first.
    var earlyStops: Set<ThreadID> = []
    /// Threads inside vfork: their child shares our memory, so the int3s are out of it.
    var vforkParents: Set<ThreadID> = []
    /// Displaced steps (see +DisplacedSteps): the engine's planner, each site's step, the
    /// scratch slots and which site owns each slot in use.
    var displacementPlanner: DisplacementPlanner?
    var displacedSites: [UInt64: DisplacedSite] = [:]
    var scratchSlots = ScratchSlots()
    var slotOwners: [UInt64: UInt64] = [:]
    /// Sites that cannot be stepped out of line (the planner refuses the instruction, or no
    /// scratch area could be mapped when it was tried again at a hit): stepped over in place.
    var undisplaceableSites: Set<UInt64> = []
    /// The int3 called functions return to (see +Calls), in a scratch slot; nil until a call.
    var callTrap: UInt64?
    /// The hardware watchpoints (DR0-DR3 and DR7), the same in every thread (see +Watchpoints).
    var watchSlots = DebugRegisterSlots()
    /// Whether the trap healer was tried in this address space (see +TrapHealer).
    var trapHealerTried = false

    private init(executor: PtraceExecutor, started: ProcessStarter.Started, isLaunched: Bool) {
        ptraceExecutor = executor
        pid = started.pid
        haltControl = HaltControl(pid: started.pid)
        threads = started.threads
        pendingCount = started.pendingCount
        self.isLaunched = isLaunched
        sites.ledger = RescueLedger(pid: started.pid, tracer: executor.threadIdentifier, rescues: !isLaunched, trapsRewound: true)
    }

    deinit {
        sites.ledger?.close()
        if memoryFile >= 0 { close(memoryFile) }
        // The thread ends; if the process is still traced, the kernel detaches it (or
        // kills it, if launched). Call detach() or kill() first to end cleanly.
        ptraceExecutor.shutdown()
    }

    // MARK: Starting

    /// Launches a program stopped right after execve, before any of its code (even the
    /// dynamic loader's) has run. Fork, vfork, clone and exec are followed; the program
    /// is killed if the debugger dies.
    public static func launch(_ configuration: LaunchConfiguration) async throws(ProcessError) -> TracedProcess {
        let executor = PtraceExecutor()
        do {
            let started = try await ProcessStarter(executor: executor).launch(configuration)
            return TracedProcess(executor: executor, started: started, isLaunched: true)
        } catch {
            executor.shutdown()
            throw error
        }
    }

    /// Attaches to a running process and every one of its threads, and stops it.
    public static func attach(to pid: Int32) async throws(ProcessError) -> TracedProcess {
        let executor = PtraceExecutor()
        do {
            let started = try await ProcessStarter(executor: executor).attach(pid)
            return TracedProcess(executor: executor, started: started, isLaunched: false)
        } catch {
            executor.shutdown()
            throw error
        }
    }

    // MARK: From any thread

    /// Stops the running program: the `cont()` or `stepInstruction(_:)` in progress
    /// returns `.halted`. Returns false when the program is not running. No ptrace is
    /// involved (a tgkill SIGSTOP), so this works from any thread.
    @discardableResult
    public nonisolated func halt() -> Bool { haltControl.halt() }

    /// A user's continue or step begins (or ends): a halt between its internal stops is kept
    /// for the next resume instead of being lost.
    public nonisolated func beginUserRun() { haltControl.beginUserRun() }
    public nonisolated func endUserRun() { haltControl.endUserRun() }

    /// True while a `cont()` or `stepInstruction(_:)` is running the program: the moment
    /// at which `halt()` has something to do.
    public nonisolated var isRunning: Bool { haltControl.isRunning }

    /// Sends SIGKILL now, from any thread: a running `cont()` returns `.killed(SIGKILL)`.
    public nonisolated func terminate() { _ = csys_kill(pid, Signal.sigkill.rawValue) }

    // MARK: State

    /// The threads of the process, by id.
    public var threadIDs: [ThreadID] { threads.keys.sorted() }

    /// True until the process exits, is killed or is detached.
    public var isAlive: Bool {
        if case .stopped = life { return true }
        return false
    }

    /// How the process ended (exited or killed); nil while it lives or after a detach.
    public var end: StopEvent? {
        if case .ended(let event) = life { return event ?? .killed(signal: .sigkill, coreDumped: false) }
        return nil
    }

    /// The signals passed to the program without a stop (default: gdb's "nostop" set).
    public func setSilentSignals(_ signals: Set<Signal>) { silentSignals = signals }

    /// The signal `thread` would receive on the next resume (from its last `.signal` stop).
    public func pendingSignal(of thread: ThreadID) -> Signal? { threads[thread]?.signalToDeliver }

    /// Drops the signal `thread` stopped with, so the program never receives it.
    public func discardSignal(of thread: ThreadID) { threads[thread]?.signalToDeliver = nil }

    /// Sets the signal `thread` receives when it resumes (nil for none).
    public func setPendingSignal(_ signal: Signal?, of thread: ThreadID) throws(ProcessError) {
        try ensureStopped()
        guard threads[thread] != nil else { throw .noSuchThread(thread) }
        threads[thread]?.signalToDeliver = signal
    }

    /// Throws unless the process is alive and stopped (the only state in which an
    /// isolated call can observe it).
    func ensureStopped() throws(ProcessError) {
        switch life {
        case .stopped: return
        case .ended: throw .processExited(pid)
        case .detached: throw .detached(pid)
        }
    }

    func ensureThread(_ thread: ThreadID) throws(ProcessError) {
        try ensureStopped()
        guard threads[thread] != nil else { throw .noSuchThread(thread) }
    }

    /// A live thread to name the process by, for requests that take any of its threads.
    var anyThread: ThreadID {
        let leader = ThreadID(pid)
        return threads[leader] != nil ? leader : threads.keys.min() ?? leader
    }
}
