import DbgTestSupport
import Foundation

/// `dbg exec --headless ...` running in the background (a `BackgroundServer`), with the
/// address it printed.
final class HeadlessProcess: Sendable {
    let server: BackgroundServer

    typealias Failure = BackgroundServer.Failure

    /// Starts `dbg ARGUMENTS` in DIRECTORY and waits (up to 30 s, without holding a pool
    /// thread) for "API server listening at: ".
    /// `program`: another headless server to run instead of dbg (Delve, to check `dbg connect` against it).
    static func start(_ arguments: [String], directory: String = DelveOracle.repositoryRoot, program: String? = nil)
        async throws -> HeadlessProcess
    {
        let binary = try program ?? TerminalSession.dbgBinary
        return HeadlessProcess(server: try await BackgroundServer.start(
            binary, arguments, directory: directory, listeningPrefix: "API server listening at: ",
            name: program == nil ? "dbg" : binary))
    }

    private init(server: BackgroundServer) { self.server = server }

    var pid: pid_t { server.pid }
    var outputPath: String { server.outputPath }
    var address: String { server.address }
    var port: UInt16 { server.port ?? 0 }
    var output: String { server.output }

    /// The exit status once dbg ends by itself (128 + the signal when one killed it; nil if it
    /// is still running after `seconds`).
    func waitForExit(seconds: Double = 20) async -> Int32? {
        await server.waitForExit(seconds: seconds).map(CleanSpawn.exitCode)
    }

    /// Ends dbg if it is still running (its program dies with it: a launched tracee is killed).
    func stop() { server.stop() }
}
