import ArgumentParser
import DbgCLI
import DbgServer
import DbgService

/// `dbg connect ADDR`: the REPL, driving a headless dbg (or Delve) over JSON-RPC.
struct ConnectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Connect to a headless debugging server.",
        discussion: """
            ADDR is HOST:PORT or unix:PATH, as printed by `dbg exec --headless`.
            `exit` ends the session (and the server); `exit --kill` also kills an attached program.

            EXAMPLES:
              dbg connect 127.0.0.1:40123
            """)

    @Argument(help: "The server's address.")
    var address: String

    @Option(name: [.customLong("init"), .customLong("init-file")], help: "Run these debugger commands first.")
    var initFile: String?

    func run() throws {
        let target: ListenAddress
        do { target = try ListenAddress.parse(address) } catch { throw ValidationError(error.message) }
        let initFile = initFile
        let status = BlockingAsync.run {
            let remote: RemoteDebugger
            do throws(ServiceError) {
                remote = try await RemoteDebugger(address: target)
            } catch {
                Terminal.error(error.message)
                return Int32(1)
            }
            defer { remote.close() }
            return await REPL(client: remote, options: REPLOptions(initFile: initFile)).run()
        }
        if status != 0 { throw ExitCode(status) }
    }
}
