/// A call a Go function deferred and that has not run yet: one `runtime._defer` record of its
/// goroutine's chain (newest first).
public struct DeferredCall: Sendable, Hashable {
    /// Where the record is: Delve evaluates a deferred call's variables as if its frame sat
    /// right above it.
    public var recordAddress: UInt64
    public var recordSize: Int
    /// The deferring frame's stack pointer when it deferred the call.
    public var sp: UInt64
    /// Where the `defer` statement returned to, in the deferring function.
    public var deferPC: UInt64
    /// The code the runtime will call: since Go 1.18 a wrapper closure (marked as a
    /// trampoline) holding the arguments, or the deferred function itself.
    public var functionPC: UInt64
    /// Why the record could not be read; the chain ends there.
    public var unreadable: String?
}
