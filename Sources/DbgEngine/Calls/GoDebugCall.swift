import DbgProcess

/// One Go call through `runtime.debugCallV2` (Target+GoDebugCall), as it goes: what to call,
/// the thread as it was, what the runtime's INT3s have said so far. Kept by the target while
/// the call is stopped at a breakpoint inside (Delve stops there too): `continue` takes the
/// protocol up where it was.
struct GoDebugCall: Sendable {
    /// The function and its arguments in registers.
    struct Request: Sendable {
        var name: String
        var entry: UInt64
        /// RAX, RBX, RCX, RDI, RSI, R8, R9, R10, R11, as many as given.
        var integers: [UInt64]
        /// The low 8 bytes of X0..., as many as given.
        var floats: [UInt64]
        /// The argument frame debugCallV2 opens.
        var frameSize: UInt64
    }

    /// How the function ended.
    enum Outcome: Sendable {
        /// Its result registers at the return.
        case returned(RegisterValues, floats: [UInt64])
        /// The panic's `interface{}` (type word, data word).
        case panicked([UInt8])
    }

    let request: Request
    /// The goroutine's thread before the call, put back at the protocol's last INT3.
    let saved: SavedThreadState
    /// Whether a user's breakpoint inside stops the call (not for dbg's own calls, such as
    /// the allocation of a string argument).
    let stopsAtBreakpoints: Bool
    var outcome: Outcome?
    /// Why `runtime.debugCallCheck` refused the call.
    var refusal: String?
    /// What the results are read as, and the user's view to give back once the call that
    /// stopped inside is over.
    let prototype: FunctionPrototype?
    let context: ValueContext
    let stopBefore: StopReport
    let selectedFrameBefore: Int
    let hiddenInlineFramesBefore: HiddenInlineFrames?
}
