import DbgService

/// The argument objects of Delve's RPCServer methods (`service/rpc2`'s `...In` types), field
/// names as on the wire. Every field is optional: Go fills a missing one with its zero value.
enum RPCArguments {
    struct None: Codable, Sendable {}

    struct SetAPIVersion: Codable, Sendable {
        var APIVersion: Int?
    }

    struct State: Codable, Sendable {
        var NonBlocking: Bool?
    }

    struct Detach: Codable, Sendable {
        var Kill: Bool?
    }

    struct Restart: Codable, Sendable {
        var Position: String?
        var ResetArgs: Bool?
        var NewArgs: [String]?
        var Rerecord: Bool?
        var Rebuild: Bool?
        var NewRedirects: [String]?
    }

    struct CreateBreakpoint: Codable, Sendable {
        var Breakpoint: API.Breakpoint?
        var LocExpr: String?
        var Suspended: Bool?
    }

    /// GetBreakpoint, ClearBreakpoint, ToggleBreakpoint: by id, or by name when it is set.
    struct BreakpointReference: Codable, Sendable {
        var Id: Int?
        var Name: String?
    }

    /// Delve's CreateWatchpointIn: what to watch, where it is evaluated, and the accesses
    /// (API.WatchType's bits).
    struct CreateWatchpoint: Codable, Sendable {
        var Scope: API.EvalScope?
        var Expr: String?
        var `Type`: Int?
    }

    struct AmendBreakpoint: Codable, Sendable {
        var Breakpoint: API.Breakpoint?
    }

    struct ListBreakpoints: Codable, Sendable {
        var All: Bool?
    }

    struct FindLocation: Codable, Sendable {
        var Scope: API.EvalScope?
        var Loc: String?
        var IncludeNonExecutableLines: Bool?
    }

    /// ListFunctions, ListSources, ListTypes.
    struct Filter: Codable, Sendable {
        var Filter: String?
    }

    /// dbg's own: how the REPL shows these source paths (C files as gdb names them).
    struct ShownSourcePaths: Codable, Sendable {
        var Paths: [String]
    }

    struct GetThread: Codable, Sendable {
        var Id: Int?
    }

    /// Delve embeds its grouping options: their fields sit beside Start and Count.
    struct ListGoroutines: Codable, Sendable {
        var Start: Int?
        var Count: Int?
        var Filters: [API.GoroutineFilter]?
        var GroupBy: API.GoroutineField?
        var GroupByKey: String?
        var MaxGroupMembers: Int?
        var MaxGroups: Int?
        /// Where a channel filter's expression is evaluated.
        var EvalScope: API.EvalScope?
    }

    struct Stacktrace: Codable, Sendable {
        var Id: Int64?
        var Depth: Int?
        var Full: Bool?
        var Defers: Bool?
        var Opts: Int?
        var Cfg: API.LoadConfig?
    }

    /// ListLocalVars, ListFunctionArgs.
    struct ScopedLoad: Codable, Sendable {
        var Scope: API.EvalScope?
        var Cfg: API.LoadConfig?
    }

    struct ListPackageVars: Codable, Sendable {
        var Filter: String?
        var Cfg: API.LoadConfig?
    }

    struct Eval: Codable, Sendable {
        var Scope: API.EvalScope?
        var Expr: String?
        var Cfg: API.LoadConfig?
    }

    struct Set: Codable, Sendable {
        var Scope: API.EvalScope?
        var Symbol: String?
        var Value: String?
    }

    struct ListRegisters: Codable, Sendable {
        var ThreadID: Int?
        var IncludeFp: Bool?
        var Scope: API.EvalScope?
    }

    struct DumpStart: Codable, Sendable {
        var Destination: String?
    }

    /// Wait: how long Delve waits for progress, in milliseconds (dbg's dump is done when
    /// DumpStart returns).
    struct DumpWait: Codable, Sendable {
        var Wait: Int?
    }

    struct ExamineMemory: Codable, Sendable {
        var Address: UInt64?
        var Length: Int?
    }

    /// Flavour: Delve's AssemblyFlavour, 0 GNU (AT&T), 1 Intel, 2 Go.
    struct Disassemble: Codable, Sendable {
        var Scope: API.EvalScope?
        var StartPC: UInt64?
        var EndPC: UInt64?
        var Flavour: Int?
    }

    struct FunctionReturnLocations: Codable, Sendable {
        var FnName: String?
    }
}
