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

            EXAMPLES:
              dbg dap --listen 127.0.0.1:4711
              dbg dap --client-addr 127.0.0.1:4711   (the editor listens)
            """)

    @Option(help: "Where to listen: HOST:PORT or unix:PATH (default 127.0.0.1:0, a free port).")
    var listen: String?

    @Option(help: "Dial out to a client waiting at HOST:PORT (or unix:PATH) instead of listening.")
    var clientAddr: String?

    func validate() throws {
        if listen != nil && clientAddr != nil { throw ValidationError("--listen and --client-addr cannot be used together") }
        for text in [listen, clientAddr].compactMap({ $0 }) {
            do { _ = try ListenAddress.parse(text) } catch { throw ValidationError(error.message) }
        }
    }

    func run() throws {
        if let clientAddr, let address = try? ListenAddress.parse(clientAddr) {
            let status = BlockingAsync.run { () async -> Int32 in
                do throws(ServiceError) {
                    try await DAPServer.serveClient(at: address, starter: DAPStarter())
                    return 0
                } catch {
                    Terminal.error(error.message)
                    return 1
                }
            }
            if status != 0 { throw ExitCode(status) }
            return
        }
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
