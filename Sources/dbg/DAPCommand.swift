import ArgumentParser
import DbgServer
import DbgService
import Glibc

/// `dbg dap`: serve one editor over the Debug Adapter Protocol, as `dlv dap` does.
struct DAPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dap",
        abstract: "Serve an editor over the Debug Adapter Protocol (DAP).",
        discussion: """
            dbg listens for one DAP client (an editor), which then says what to debug with a
            launch request (mode "exec": a binary; mode "debug": a Go package, C file or
            directory, or Swift package, built first) or an attach request (a process id).
            dbg ends when the client disconnects: a launched program is killed, an attached
            one left running.
              dbg dap --listen 127.0.0.1:4711
            """)

    @Option(help: "Where to listen: HOST:PORT or unix:PATH (default 127.0.0.1:0, a free port).")
    var listen: String?

    func validate() throws {
        if let listen {
            do { _ = try ListenAddress.parse(listen) } catch { throw ValidationError(error.message) }
        }
    }

    func run() throws {
        let address = listen.flatMap { try? ListenAddress.parse($0) } ?? .defaultListen
        let status = BlockingAsync.run { () async -> Int32 in
            if let warning = HeadlessServer.exposureWarning(for: address) { Terminal.warning(warning) }
            let server: DAPServer
            do throws(ServiceError) {
                server = try DAPServer(listen: address, starter: DAPStarter())
            } catch {
                Terminal.error(error.message)
                return 1
            }
            print("DAP server listening at: \(server.address)")
            fflush(nil)  // an editor waits for this line: it must not sit in a buffer
            await server.run()
            return 0
        }
        if status != 0 { throw ExitCode(status) }
    }
}
