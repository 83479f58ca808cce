import ArgumentParser

/// The `dbg` command: its subcommands are the ways to start a debugging session.
struct DbgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dbg",
        abstract: "A native debugger for Linux: C, Go and Swift.",
        version: DbgVersion.current,
        subcommands: [
            DebugCommand.self, TestCommand.self, ExecCommand.self, AttachCommand.self, CoreCommand.self, ConnectCommand.self, DAPCommand.self,
            TraceCommand.self,
            LookupCommand.self, VersionCommand.self,
        ])
}

enum DbgVersion {
    static let current = "0.1.0-dev"
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print dbg's version.")

    func run() {
        print("dbg \(DbgVersion.current)")
    }
}
