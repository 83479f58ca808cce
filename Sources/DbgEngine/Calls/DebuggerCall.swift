import DbgProcess

/// A function call the debugger made that has not returned yet (gdb's dummy frame): what
/// runs it, what to put back when it ends, where it returns and how to read its result.
/// One while the call runs; more than one only while calls stopped inside (a breakpoint in
/// the called function) wait for the user, each on top of the last.
struct DebuggerCall: Sendable {
    /// The thread as it was before the call, put back when the call returns or is abandoned.
    let saved: SavedThreadState
    var thread: ThreadID { saved.thread }
    /// The int3 of dbg's the function returns to.
    let returnAddress: UInt64
    /// The called function's CFA (its rsp at entry plus the return address's 8 bytes): the
    /// frame that returns into the call, above which a stack goes on from `saved`.
    let calleeCFA: UInt64
    let prototype: FunctionPrototype
    /// Where the function writes a result returned in memory.
    let resultBuffer: UInt64?
    /// What results are made in: the calling frame's types and memory.
    let context: ValueContext
    /// The stop the user saw before the call, and the frame selected: theirs again when the
    /// call ends.
    let stopBefore: StopReport
    let selectedFrameBefore: Int
    let hiddenInlineFramesBefore: HiddenInlineFrames?
}
