/// The four places Delve shows for a goroutine (and dbg for any green thread), each a frame
/// with its function and line.
public struct GreenThreadLocations: Sendable {
    /// Where it is: its innermost frame.
    public var current: StackFrame
    /// Its innermost frame outside the runtime's private functions (Go: `runtime.gopark` is
    /// skipped, `main.worker` or `time.Sleep` is not).
    public var user: StackFrame
    /// The statement that created it (Go: the `go` statement).
    public var creation: StackFrame
    /// Its start function's entry.
    public var start: StackFrame
    /// Whether the runtime started it for itself (Go: GC workers, the finalizer), by its
    /// start function (Delve's "system goroutine").
    public var isRuntimeOwned: Bool
}
