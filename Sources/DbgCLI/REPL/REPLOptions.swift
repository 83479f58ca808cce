import Glibc

/// How a REPL session is set up. The defaults are a real session on the process's
/// stdin/stdout/stderr; tests inject lines and buffers.
public struct REPLOptions: Sendable {
    public enum Colour: Sendable {
        /// On when the output is a terminal, NO_COLOR is unset and TERM is not "dumb".
        case auto, always, never
    }

    /// Commands run before the first prompt (`--init FILE`).
    public var initFile: String?
    /// nil: stdin, with libedit line editing when it is a terminal, batch mode otherwise.
    public var input: (any LineInput)?
    /// nil: stdout.
    public var output: (any TextOutput)?
    /// nil: stderr.
    public var errorOutput: (any TextOutput)?
    public var colour: Colour = .auto
    /// The variables the REPL reads (HOME, XDG_CONFIG_HOME, XDG_STATE_HOME, NO_COLOR, TERM).
    public var environment: [String: String]
    /// Paths are shown relative to this directory.
    public var workingDirectory: String?
    /// nil: $XDG_CONFIG_HOME/dbg/config.yml or ~/.config/dbg/config.yml; "" for none.
    public var configPath: String?
    /// nil: $XDG_STATE_HOME/dbg/history or ~/.dbg_history; "" for none.
    public var historyPath: String?
    /// Catch SIGINT: Ctrl-C halts a running program instead of ending dbg. Off in tests
    /// that run a REPL inside the test process.
    public var handlesInterrupts = true
    /// Print where the program is before the first prompt, as after a stop: a core file's
    /// session starts at the stop it recorded (the signal its process died of).
    public var showsStopAtStart = false

    public init(initFile: String? = nil) {
        self.initFile = initFile
        environment = Self.processEnvironment()
    }

    /// The variables the REPL cares about, from the process environment.
    public static func processEnvironment() -> [String: String] {
        var environment: [String: String] = [:]
        for name in ["HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "NO_COLOR", "TERM"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return environment
    }
}
