/// How to start a program under the debugger.
public struct LaunchConfiguration: Sendable {
    /// Where a standard stream of the program goes.
    public enum Redirection: Sendable, Hashable {
        /// The debugger's own stream.
        case inherit
        /// /dev/null.
        case nullDevice
        /// A file, created or truncated (read, for standard input).
        case file(String)
        /// A file, created or appended to.
        case appendingFile(String)
        /// A descriptor the caller owns (a pty, a pipe); it stays open in the debugger.
        case descriptor(Int32)
    }

    /// The executable. Not searched in PATH: execve uses it as it is.
    public var path: String
    /// argv[1...]; argv[0] is `path`.
    public var arguments: [String]
    /// "NAME=value" entries; nil runs the program with the debugger's environment.
    public var environment: [String]?
    /// nil: the debugger's working directory.
    public var workingDirectory: String?
    public var standardInput: Redirection
    public var standardOutput: Redirection
    public var standardError: Redirection
    /// Run with address space layout randomisation turned off (personality
    /// ADDR_NO_RANDOMIZE), as gdb does by default, so addresses repeat from run to run.
    public var disableAddressRandomization: Bool
    /// Put the program in a process group of its own, so a terminal's Ctrl-C reaches the
    /// debugger only (which then halts the program).
    public var newProcessGroup: Bool

    public init(
        path: String, arguments: [String] = [], environment: [String]? = nil, workingDirectory: String? = nil,
        standardInput: Redirection = .inherit, standardOutput: Redirection = .inherit,
        standardError: Redirection = .inherit, disableAddressRandomization: Bool = true,
        newProcessGroup: Bool = false
    ) {
        self.path = path
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.disableAddressRandomization = disableAddressRandomization
        self.newProcessGroup = newProcessGroup
    }
}
