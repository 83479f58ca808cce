import DbgService

/// The reply objects of Delve's RPCServer methods (`service/rpc2`'s `...Out` types), field
/// names as on the wire. Decodable too: `dbg connect` reads them back.
enum RPCReplies {
    struct Empty: Codable, Sendable {}

    struct Version: Codable, Sendable {
        var DelveVersion: String
        var APIVersion: Int
        var Backend: String
        var TargetGoVersion: String
        var MinSupportedVersionOfGo: String
        var MaxSupportedVersionOfGo: String
    }

    struct IsMulticlient: Codable, Sendable { var IsMulticlient: Bool }
    struct ProcessPid: Codable, Sendable { var Pid: Int }
    struct LastModified: Codable, Sendable { var Time: String }
    struct Recorded: Codable, Sendable {
        var Recorded: Bool
        var TraceDirectory: String
    }
    struct Answer: Codable, Sendable { var Answer: Bool }
    struct State: Codable, Sendable { var State: API.DebuggerState }
    struct Dump: Codable, Sendable { var State: API.DumpState }
    struct Restart: Codable, Sendable { var DiscardedBreakpoints: [DiscardedBreakpoint] }
    struct DiscardedBreakpoint: Codable, Sendable {
        var breakpoint: API.Breakpoint?
        var reason: String
    }
    struct Breakpoint: Codable, Sendable { var Breakpoint: API.Breakpoint }
    struct Breakpoints: Codable, Sendable { var Breakpoints: [API.Breakpoint] }
    struct Locations: Codable, Sendable { var Locations: [API.Location] }
    struct Functions: Codable, Sendable { var Funcs: [String] }
    struct Sources: Codable, Sendable { var Sources: [String] }
    /// The paths that are shown otherwise than by Delve's rule, and how.
    struct ShownSourcePaths: Codable, Sendable { var Shown: [String: String] }
    struct Types: Codable, Sendable { var Types: [String] }
    struct Threads: Codable, Sendable { var Threads: [API.Thread] }
    struct Thread: Codable, Sendable { var Thread: API.Thread }
    struct Stack: Codable, Sendable { var Locations: [API.Stackframe] }
    struct Variables: Codable, Sendable { var Variables: [API.Variable] }
    struct Arguments: Codable, Sendable { var Args: [API.Variable] }
    struct Variable: Codable, Sendable { var Variable: API.Variable }
    /// `Registers` is the text Delve's `regs` prints; `Regs` the same, one entry per register.
    struct Registers: Codable, Sendable {
        var Registers: String
        var Regs: [API.Register]
    }
    /// Go writes a byte slice as base64.
    struct Memory: Codable, Sendable {
        var Mem: String
        var IsLittleEndian: Bool
    }
    struct Disassembly: Codable, Sendable { var Disassemble: [API.AsmInstruction] }
    struct Libraries: Codable, Sendable { var List: [API.Image] }
    struct ReturnLocations: Codable, Sendable { var Addrs: [UInt64] }
    struct BuildID: Codable, Sendable { var BuildID: String }
}
