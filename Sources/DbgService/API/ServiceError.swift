/// An error the service reports to its clients: one line, ready to print, and what kind of
/// failure it is, so that a front end (the REPL, a DAP server) decides by the kind, never by
/// the text.
public struct ServiceError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// What was named does not exist: a breakpoint id, a function, a file, a line, a thread.
        case notFound
        /// A breakpoint is already at that location.
        case alreadyExists
        /// A function the program calls from a shared library not loaded yet: a breakpoint
        /// there can be pending on the library.
        case notLoaded
        /// The program is running; the request needs it stopped.
        case running
        /// The program has exited; only `restart` helps.
        case exited
        /// The request itself is wrong (a malformed location, expression or argument).
        case badInput
        /// The debugger cannot do that (for this program, or at all).
        case unsupported
        /// The expression calls a function of the program, which only the `call` command
        /// runs (Delve's "function calls not allowed without using 'call'").
        case needsCall
        /// Anything else.
        case failed
    }

    /// A process exit the server reported with its numbers (Delve's "Process N has exited
    /// with status S"), which a front end shows as news rather than as a failure.
    public struct ProcessExit: Sendable, Equatable {
        public var pid: Int
        public var status: Int
        public init(pid: Int, status: Int) {
            self.pid = pid
            self.status = status
        }
    }

    public var message: String
    public var kind: Kind
    /// Set only with `kind == .exited`, when the pid and status are known.
    public var processExit: ProcessExit?

    public init(_ message: String, kind: Kind = .failed, processExit: ProcessExit? = nil) {
        self.message = message
        self.kind = kind
        self.processExit = processExit
    }

    public var description: String { message }
}
