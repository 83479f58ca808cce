import DbgTestSupport
import Foundation

/// `ADAPTER dap --listen 127.0.0.1:0` running in the background (a `BackgroundServer`), with
/// the port it printed.
final class DAPServerProcess: Sendable {
    let adapter: Adapter
    let server: BackgroundServer
    let port: UInt16

    enum ExitStatus: Equatable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        init(waitStatus raw: Int32) {
            let signal = raw & 0x7f
            self = signal == 0 ? .exited((raw >> 8) & 0xff) : .signaled(signal)
        }

        var description: String {
            switch self {
            case .exited(let code): return "exited with status \(code)"
            case .signaled(let signal): return "killed by signal \(signal)"
            }
        }
    }

    static let listeningPrefix = "DAP server listening at: "
    static let headlessPrefix = "API server listening at: "

    /// Starts the adapter in `directory` and waits (up to `seconds`) for the listening line.
    /// `arguments` instead of `dap --listen 127.0.0.1:0` (a headless server, which prints
    /// `headlessPrefix` instead).
    static func start(_ adapter: Adapter, directory: String = Fixtures.repositoryRoot, seconds: Double = 30,
                      arguments: [String]? = nil) async throws -> DAPServerProcess
    {
        let server: BackgroundServer
        do {
            server = try await BackgroundServer.start(
                try adapter.binary, arguments ?? ["dap", "--listen", "127.0.0.1:0"], directory: directory,
                listeningPrefix: arguments == nil ? listeningPrefix : headlessPrefix, name: adapter.description, seconds: seconds)
        } catch let failure as BackgroundServer.Failure {
            throw Adapter.Unavailable(description: failure.description)
        }
        guard let port = server.port, port != 0 else {
            server.stop()
            throw Adapter.Unavailable(description: "\(adapter) printed no usable port: \(server.address)")
        }
        return DAPServerProcess(adapter: adapter, server: server, port: port)
    }

    private init(adapter: Adapter, server: BackgroundServer, port: UInt16) {
        self.adapter = adapter
        self.server = server
        self.port = port
    }

    var pid: pid_t { server.pid }
    var outputPath: String { server.outputPath }

    /// A client connected to this adapter.
    func connect() throws -> DAPTestClient { try DAPTestClient.connect(port: port, label: adapter.description) }

    /// What the adapter (and, for Delve, the debugged program) printed.
    var output: String { server.output }

    /// How the adapter ended, once it ends by itself (nil if still running after `seconds`).
    func waitForExit(seconds: Double = 20) async -> ExitStatus? {
        await server.waitForExit(seconds: seconds).map(ExitStatus.init(waitStatus:))
    }

    /// Kills the adapter if it is still running (its launched program dies with it).
    func stop() { server.stop() }
}
