/// A thread as it was before dbg made it run a function of the program (`call f(1)`):
/// everything of its own that the call changes, put back when the call ends or is abandoned
/// (TracedProcess+Calls), so the program goes on as if the call had never been made.
public struct SavedThreadState: Sendable {
    public let thread: ThreadID
    public let registers: Registers
    /// x87 and SSE, for the engine (and for a kernel that will not give the XSAVE area).
    public let floatingPoint: FloatingPointRegisters
    /// The whole XSAVE area (AVX's upper halves and beyond, which a called libc function
    /// uses freely); empty when the kernel would not give it.
    let xstate: [UInt8]
    /// What dbg knew of the thread's last stop: the site it was reported at (a continue steps
    /// over it rather than report it again) and the signal it is to receive.
    let reportedPC: UInt64?
    let signalToDeliver: Signal?
}

/// How a called function's run ended (`TracedProcess.runCall`).
public enum CallStop: Sendable, Equatable {
    /// It returned to the call's return address: its results are in the thread's registers.
    case returned
    /// Something stopped it first (a breakpoint in it, a signal, a halt) or the program ended;
    /// every thread is stopped, as after any stop.
    case stopped(StopEvent)
}
