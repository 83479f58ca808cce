import DbgService

/// What a DAP session asks for when the client says `launch` or `attach`. The composition
/// root provides it: only it builds programs and makes debuggers.
public protocol DAPDebuggeeStarter: Sendable {
    /// Starts the program stopped before its first instruction. For `mode` "debug" the
    /// program is built first (a failed build throws with the compiler's output).
    func launch(_ launch: DAPLaunch) async throws(ServiceError) -> DAPDebuggee
    /// Builds the program of a debug or test mode launch, without starting it: the binary,
    /// and whether it is a temporary file (the caller removes it) or the build's own product.
    func build(_ launch: DAPLaunch) async throws(ServiceError) -> (path: String, temporary: Bool)
    func attach(pid: Int32) async throws(ServiceError) -> DAPDebuggee
    /// The REPL's commands over `client`, for an evaluate in the debug console that starts
    /// with `dbg ` (nil: none).
    func console(for client: any DebuggerClient) -> (any DAPConsole)?
}

extension DAPDebuggeeStarter {
    public func console(for client: any DebuggerClient) -> (any DAPConsole)? { nil }
    public func build(_ launch: DAPLaunch) async throws(ServiceError) -> (path: String, temporary: Bool) {
        throw ServiceError("this server builds no programs", kind: .unsupported)
    }
}

/// Runs a REPL command line and returns what it printed.
public protocol DAPConsole: Sendable {
    func run(_ line: String) async -> String
    /// The completions of the word ending at `cursor` in the command line `line`, and where
    /// that word starts (character offsets).
    func completions(_ line: String, cursor: Int, scope: API.EvalScope) async -> (candidates: [String], wordStart: Int)
}

/// A launch configuration, with dlv dap's names.
public struct DAPLaunch: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        /// `program` is an executable.
        case exec
        /// `program` is a Go package, a C file or directory, or a Swift package, built first.
        case debug
        /// `program` is a Go package whose tests are built (`go test -c`), or a Swift package
        /// whose test bundle is, and debugged.
        case test
        /// `program` is the executable whose crash or dump `coreFilePath` is: post-mortem, the
        /// program never runs.
        case core
    }

    public var mode: Mode
    public var program: String
    public var arguments: [String]
    public var workingDirectory: String?
    /// The whole environment ("NAME=value"), the adapter's with the configuration's changes.
    public var environment: [String]
    /// `buildFlags`, split as a shell would not: on spaces.
    public var buildFlags: [String]
    public var standardInput: API.LaunchRequest.Stream
    public var standardOutput: API.LaunchRequest.Stream
    public var standardError: API.LaunchRequest.Stream
    /// The core file of a `core` mode launch.
    public var coreFilePath: String?
}

/// A started debugging session, and what to clean up when it ends.
public struct DAPDebuggee: Sendable {
    public let client: any DebuggerClient
    /// Attached (left running at disconnect unless asked) rather than launched (killed).
    public let attached: Bool
    /// A binary built for the session, removed when it ends.
    public let builtBinary: String?

    public init(client: any DebuggerClient, attached: Bool, builtBinary: String? = nil) {
        self.client = client
        self.attached = attached
        self.builtBinary = builtBinary
    }
}
