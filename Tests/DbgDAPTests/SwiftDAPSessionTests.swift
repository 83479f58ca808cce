import DbgTestSupport
import Foundation
import Testing

/// A Swift program with async tasks under dbg dap: DAP threads are its tasks, as they are a
/// Go program's goroutines (lldb-dap shows OS threads only: it cannot list tasks on Linux).
/// Fixtures/swift/workers stopped in checkpoint(parked:): by construction the main task runs
/// checkpoint, three tasks wait in waitForSignal(_:) named "first", "detached", "worker".
@Suite struct SwiftDAPSessionTests {
    @Test func threadsAreTasksWithTheirAsyncStacksAndValues() async throws {
        let program = try Fixtures.binary("swift/workers")
        let source = Fixtures.source("swift/workers.swift")
        let sourceText = try String(contentsOfFile: source, encoding: .utf8)
        let line = try #require(sourceText.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("break here") }) + 1
        let server = try await DAPServerProcess.start(.dbg)
        defer { server.stop() }
        let client = try server.connect()
        try await client.request("initialize", ["adapterID": "swift", "pathFormat": "path", "linesStartAt1": true])
        try await client.request("launch", ["mode": "exec", "program": .string(program)])
        try await client.waitForEvent("initialized")
        let set = try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": [["line": .number(Double(line))]]])
        #expect(set["body"]["breakpoints"][0]["verified"].bool == true, "\(set.text)")
        try await client.request("configurationDone", [:])
        let stopped = try await client.waitForEvent("stopped")
        let stoppedTask = try #require(stopped["body"]["threadId"].int, "\(stopped.text)")

        let threads = try await client.request("threads", [:])["body"]["threads"].array ?? []
        let names = threads.compactMap { $0["name"].string }
        #expect(names.contains("* [Task \(stoppedTask)] workers.checkpoint(parked:)") || names.contains { $0.hasPrefix("* [Task \(stoppedTask)] workers.checkpoint(parked:) (Thread ") },
                "the stopped task, marked: \(names)")
        let waiting = threads.filter { ($0["name"].string ?? "").hasSuffix("] workers.waitForSignal(_:)") }
        #expect(waiting.count == 3, "\(names)")

        var signalNames: [String] = []
        for thread in waiting {
            guard let id = thread["id"].int else { continue }
            let frames = try await client.request("stackTrace", ["threadId": .number(Double(id)), "startFrame": 0, "levels": 20])
            let stack = frames["body"]["stackFrames"].array ?? []
            let frameNames = stack.compactMap { $0["name"].string }
            #expect(frameNames.contains { $0.contains("workers.Main.main()") }, "task \(id): \(frameNames)")
            guard let frame = stack.first(where: { $0["name"].string == "workers.waitForSignal(_:)" }), let frameId = frame["id"].int
            else {
                Issue.record("task \(id) has no waitForSignal frame: \(frameNames)")
                continue
            }
            let value = try await client.request("evaluate", ["expression": "name", "frameId": .number(Double(frameId)), "context": "watch"])
            signalNames.append(value["body"]["result"].string ?? "")
        }
        #expect(signalNames.sorted() == [#""detached""#, #""first""#, #""worker""#], "\(signalNames)")

        try await client.request("disconnect", ["terminateDebuggee": true])
        #expect(await server.waitForExit() == .exited(0), "\(server.output)")
    }
}
