extension API {
    /// A program to start under the debugger, stopped before its first instruction.
    public struct LaunchRequest: Sendable, Equatable {
        /// Where a standard stream of the program goes.
        public enum Stream: Sendable, Equatable {
            /// The debugger's own stream.
            case inherit
            /// /dev/null.
            case nullDevice
            /// A file, created or truncated (read, for standard input).
            case file(String)
            /// A file, created or appended to.
            case appendingFile(String)
            /// A descriptor of the debugger's own (a pipe it reads): the caller keeps it
            /// open until the program is started, and closes it after.
            case descriptor(Int32)
        }

        /// The executable, as execve takes it (not searched in PATH).
        public var path: String
        /// argv[1...]; argv[0] is `path`.
        public var arguments: [String]
        /// "NAME=value" entries; nil runs the program with the debugger's environment.
        public var environment: [String]?
        /// nil: the debugger's working directory.
        public var workingDirectory: String?
        public var standardInput: Stream
        public var standardOutput: Stream
        public var standardError: Stream

        public init(
            path: String, arguments: [String] = [], environment: [String]? = nil, workingDirectory: String? = nil,
            standardInput: Stream = .inherit, standardOutput: Stream = .inherit, standardError: Stream = .inherit
        ) {
            self.path = path
            self.arguments = arguments
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.standardInput = standardInput
            self.standardOutput = standardOutput
            self.standardError = standardError
        }
    }
}
