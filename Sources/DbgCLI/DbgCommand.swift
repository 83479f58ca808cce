import ArgumentParser

/// The `dbg` command: its subcommands are the ways to start a debugging session.
public struct DbgCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dbg",
        abstract: "A native debugger for Linux: C, Go and Swift.",
        version: DbgVersion.current,
        subcommands: [
            DebugCommand.self, ExecCommand.self, AttachCommand.self, ConnectCommand.self, TraceCommand.self,
            LookupCommand.self, VersionCommand.self,
        ])

    public init() {}
}

public enum DbgVersion {
    public static let current = "0.1.0-dev"
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print dbg's version.")

    func run() {
        print("dbg \(DbgVersion.current)")
    }
}
