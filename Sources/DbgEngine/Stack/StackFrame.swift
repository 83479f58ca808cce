import DbgSymbols

/// One frame of a backtrace. Inlined calls are frames of their own that share their
/// physical frame's registers and CFA.
public struct StackFrame: Sendable {
    /// The frame's pc: where it is stopped (frame 0) or the return address (callers).
    public var pc: UInt64
    /// The canonical frame address (rsp before the call that made this frame), when known.
    public var cfa: UInt64?
    /// Registers recovered for this frame (callee-saved ones and rsp/rip, by DWARF number).
    public var registers: RegisterValues
    public var image: LoadedImage?
    public var function: FunctionLocation?
    /// The function's (or inlined call's) name as users read it.
    public var name: String?
    public var source: SourceLocation?
    /// The DWARF scope of this frame: variables, frame base.
    public var scope: ScopeFrame?
    public var isInlined: Bool
    /// The index of the physical frame this one belongs to.
    public var physicalIndex: Int

    /// The pc is where the frame is, not a return address: the innermost frame, and a frame
    /// a signal interrupted.
    public var pcIsExact = false

    /// A frame rebuilt for a tail call (its function jumped to the next frame's, which took
    /// its place on the stack): its pc is the address after the jump. It shares the index of
    /// the physical frame that made the call leading to it.
    public var isTailCall = false

    /// An async function's frame (Swift): what the register holding the async context held
    /// when it was entered, for the variables its DWARF finds through that entry value. Set
    /// for frames no stack holds (a suspended task's, a running one's async callers).
    public var asyncEntryContext: UInt64?

    /// The address used for looking things up: a caller's pc is a return address, just
    /// after its call, which may already belong to the next line or even function.
    public var lookupPC: UInt64 { physicalIndex == 0 || pcIsExact ? pc : pc &- 1 }
}
