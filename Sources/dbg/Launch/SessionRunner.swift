import DbgCLI
import DbgServer
import DbgService
import Glibc

/// Starts a debugging session (launch or attach) and runs the REPL, or the headless server, on it.
enum SessionRunner {
    static func run(_ start: API.SessionRequest, initFile: String?, headless: HeadlessOptions = HeadlessOptions()) -> Int32 {
        BlockingAsync.run {
            let debugger: LocalDebugger
            do throws(ServiceError) {
                debugger = try await LocalDebugger.start(start)
            } catch {
                Terminal.error(error.message)
                return 1
            }
            for warning in await debugger.startWarnings { Terminal.warning(warning) }
            TerminationSignals.install(
                ending: debugger,
                on: headless.address == nil ? TerminationSignals.handled : TerminationSignals.handledHeadless)
            if let address = headless.address {
                return await serve(debugger, at: address, start: start, multiclient: headless.acceptMulticlient)
            }
            var options = REPLOptions(initFile: initFile)
            if case .core = start { options.showsStopAtStart = true }
            return await REPL(client: debugger, options: options).run()
        }
    }

    /// Prints where the server listens (the real port), then serves until a client detaches.
    private static func serve(_ debugger: LocalDebugger, at address: ListenAddress, start: API.SessionRequest,
                              multiclient: Bool) async -> Int32 {
        if let warning = HeadlessServer.exposureWarning(for: address) { Terminal.warning(warning) }
        let attached: Bool, executable: String
        switch start {
        case .attach(let pid):
            attached = true
            executable = "/proc/\(pid)/exe"
        case .launch(let request):
            attached = false
            executable = request.path
        case .core(let path, let binary):
            // Delve's clients ask whether to kill at the end: there is nothing to kill.
            attached = true
            executable = binary ?? path
        }
        let server: HeadlessServer
        do throws(ServiceError) {
            server = try HeadlessServer(
                listen: address, client: debugger, acceptMulticlient: multiclient, attached: attached,
                version: "dbg \(BuildInfo.version)", executable: executable)
        } catch {
            try? await debugger.detach(kill: false)
            Terminal.error(error.message)
            return 1
        }
        print("API server listening at: \(server.address)")
        fflush(nil)  // a client waits for this line: it must not sit in a buffer
        await server.run()
        return 0
    }

    /// An absolute path for a binary given on the command line (the program may run in another directory).
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : PathDisplay.currentDirectory() + "/" + path
    }
}
