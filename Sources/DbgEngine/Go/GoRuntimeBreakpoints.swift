/// The breakpoints Delve sets in every Go program, where the runtime is about to end it:
/// a panic nothing recovered, and a fatal error (`throw`, `fatal`). They stop with the
/// panicking goroutine's stack still there. Their ids are negative, as Delve's.
enum GoRuntimeBreakpoints {
    struct Definition {
        var id: Int
        var name: String
        /// Functions whose entry holds the breakpoint (the ones this Go version has).
        var functions: [String]
        /// Expressions printed at each stop (`on` commands).
        var printOnHit: [String]
    }

    static let all = [
        Definition(
            id: -1, name: "unrecovered-panic", functions: ["runtime.fatalpanic"], printOnHit: ["runtime.curg._panic.arg"]),
        Definition(id: -2, name: "runtime-fatal-throw", functions: ["runtime.throw", "runtime.fatal"], printOnHit: []),
    ]
}
