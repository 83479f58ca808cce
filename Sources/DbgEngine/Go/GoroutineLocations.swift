/// The four places Delve shows for a goroutine, each a frame with its function and line.
public struct GoroutineLocations: Sendable {
    /// Where it is: its innermost frame.
    public var current: StackFrame
    /// Its innermost frame outside the runtime's private functions (`runtime.gopark` is
    /// skipped, `main.worker` or `time.Sleep` is not).
    public var user: StackFrame
    /// The `go` statement that created it.
    public var goStatement: StackFrame
    /// Its start function's entry.
    public var start: StackFrame

    /// Delve's rule for the user frame: a qualified name outside the runtime's private
    /// functions (exported `runtime.X` counts as user code) and outside internal packages.
    /// `runtime.Breakpoint()` and the assembly function holding its int3.
    static let hardcodedBreakpointFunctions: Set<String> = ["runtime.breakpoint", "runtime.Breakpoint"]

    public static func isUserFunction(_ name: String) -> Bool {
        guard name.contains(".") else { return false }
        if name.hasPrefix("internal/") || name.hasPrefix("runtime/internal/") { return false }
        if name.hasPrefix("runtime.") {
            guard let first = name.dropFirst("runtime.".count).first else { return false }
            return first.isUppercase
        }
        return true
    }
}
