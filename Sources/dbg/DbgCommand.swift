import ArgumentParser

/// The `dbg` command: its subcommands are the ways to start a debugging session.
struct DbgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dbg",
        abstract: "A native debugger for Linux: C, Go and Swift.",
        discussion: """
            Each way to start opens the REPL (Delve's commands: type `help` at the
            prompt), a headless server (--headless), or a trace. `dbg help COMMAND`
            shows a command's options and examples.

            EXAMPLES:
              dbg exec ./server -- --port 8080
              dbg debug ./cmd/server
              dbg attach 4242
              dbg core ./server core.4242
              dbg trace --exec ./loops checksum
              dbg help exec
            """,
        version: BuildInfo.oneLine,
        subcommands: [
            DebugCommand.self, TestCommand.self, ExecCommand.self, AttachCommand.self, CoreCommand.self, ConnectCommand.self, DAPCommand.self,
            TraceCommand.self,
            LookupCommand.self, VersionCommand.self, ManualCommand.self,
        ])
}
