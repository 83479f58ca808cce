/// What a breakpoint gathers each time it is hit, besides stopping (Delve's `on ID CMD`):
/// the values of expressions, the stack, the goroutine, the arguments and the locals.
public struct HitActions: Sendable, Hashable {
    /// `print EXPR`, in the order given.
    public var expressions: [String] = []
    /// `stack N`: the innermost N+1 frames (0: none).
    public var stackDepth = 0
    /// `goroutine`: the goroutine that hit it.
    public var goroutine = false
    /// `args` / `locals` (`-v` loads more): how to load them, nil when not asked for.
    public var arguments: LoadConfig?
    public var locals: LoadConfig?

    public init() {}

    public var isEmpty: Bool {
        expressions.isEmpty && stackDepth <= 0 && !goroutine && arguments == nil && locals == nil
    }
}
