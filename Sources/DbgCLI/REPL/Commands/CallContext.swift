import DbgService

/// The context a command runs in: Delve's `goroutine N` / `frame N` prefixes set the
/// scope; `on BP CMD` makes the command edit the breakpoint instead of running.
struct CallContext {
    enum Prefix {
        /// `on BP CMD`; `deferred N CMD`.
        case none, on, deferred
    }

    var scope: API.EvalScope
    var prefix = Prefix.none
    var breakpoint: API.Breakpoint?

    /// A goroutine or a frame other than the current one was named.
    var scoped: Bool { scope.goroutineID >= 0 || scope.frame > 0 }
}
