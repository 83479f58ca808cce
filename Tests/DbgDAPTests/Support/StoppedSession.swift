import DbgTestSupport
import Foundation

/// A session brought to its first stop, the way most tests begin: the adapter started,
/// initialize (line and column numbers from 1, paths as paths), launch in exec mode,
/// `configure` (breakpoints), configurationDone, the stopped event. One test task owns it.
struct StoppedSession {
    let server: DAPServerProcess
    let client: DAPTestClient
    let stopped: JSON

    var thread: Int { stopped["body"]["threadId"].int ?? 1 }

    static func start(
        _ adapter: Adapter = .dbg, program: String, arguments: [String] = [], capabilities: [String: JSON] = [:],
        launch extra: [String: JSON] = [:], configure: (DAPTestClient) async throws -> Void
    ) async throws -> StoppedSession {
        let server = try await DAPServerProcess.start(adapter)
        do {
            let client = try server.connect()
            var initialize: [String: JSON] = ["adapterID": "test", "pathFormat": "path", "linesStartAt1": true, "columnsStartAt1": true]
            initialize.merge(capabilities) { _, given in given }
            try await client.request("initialize", .object(initialize))
            var launch: [String: JSON] = ["mode": "exec", "program": .string(program), "args": .array(arguments.map { .string($0) })]
            launch.merge(extra) { _, given in given }
            try await client.request("launch", .object(launch))
            try await client.waitForEvent("initialized")
            try await configure(client)
            try await client.request("configurationDone", [:])
            let stopped = try await client.waitForEvent("stopped")
            return StoppedSession(server: server, client: client, stopped: stopped)
        } catch {
            server.stop()
            throw error
        }
    }

    /// A breakpoint at each of `lines` of `source` (one setBreakpoints).
    static func lines(_ source: String, _ lines: [Int]) -> (DAPTestClient) async throws -> Void {
        { client in
            try await client.request("setBreakpoints", ["source": ["path": .string(source)],
                                                        "breakpoints": .array(lines.map { ["line": .number(Double($0))] })])
        }
    }

    /// The id of the stopped thread's top frame.
    func topFrame() async throws -> Int {
        let stack = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "levels": 1])
        guard let id = stack["body"]["stackFrames"][0]["id"].int else {
            throw DAPTestClient.Failure(description: "no frame: \(stack.text)")
        }
        return id
    }

    /// disconnect, and the adapter's end.
    func end() async throws -> DAPServerProcess.ExitStatus? {
        try await client.request("disconnect", [:])
        return await server.waitForExit()
    }
}
