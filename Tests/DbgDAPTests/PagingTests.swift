import DbgTestSupport
import Foundation
import Testing

/// Long arrays and slices are paged by the editor (variables with start and count): elements
/// past the ones loaded with the value come from the program on demand.
@Suite struct PagingTests {
    /// Fixtures/go/hot with 150 goroutines: sums[k] is hot(0, k) + hot(1, k) = 2k + 31. The
    /// page [100, 120) reads the same under dbg dap and dlv dap.
    @Test func aGoSlicePagedAsUnderDlvDap() async throws {
        var pages: [String: [String]] = [:]
        for adapter in Adapter.allCases {
            pages[adapter.description] = try await Self.goPage(adapter)
        }
        let dbg = pages[Adapter.dbg.description] ?? [], delve = pages[Adapter.delve.description] ?? []
        #expect(dbg == delve, "dbg: \(dbg)\ndlv: \(delve)")
        #expect(dbg.first == "[100] = 231" && dbg.count == 20 && dbg.last == "[119] = 269", "\(dbg)")
    }

    static func goPage(_ adapter: Adapter) async throws -> [String] {
        let program = try Fixtures.binary("go/hot")
        let source = Fixtures.source("go/hot/main.go")
        let server = try await DAPServerProcess.start(adapter)
        defer { server.stop() }
        let client = try server.connect()
        try await client.request("initialize", ["adapterID": "go", "pathFormat": "path", "linesStartAt1": true,
                                                "supportsVariablePaging": true])
        try await client.request("launch", ["mode": "exec", "program": .string(program), "args": ["2", "150"]])
        try await client.waitForEvent("initialized")
        try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": [["line": 50]]])
        try await client.request("configurationDone", [:])
        let stopped = try await client.waitForEvent("stopped")
        let stack = try await client.request("stackTrace", ["threadId": .number(Double(stopped["body"]["threadId"].int ?? 1)), "levels": 1])
        let frame = try #require(stack["body"]["stackFrames"][0]["id"].int)
        let sums = try await client.request("evaluate", ["expression": "sums", "frameId": .number(Double(frame)), "context": "watch"])
        #expect(sums["body"]["indexedVariables"].int == 150, "\(adapter): \(sums.text)")
        let reference = try #require(sums["body"]["variablesReference"].int)
        let page = try await client.request("variables", ["variablesReference": .number(Double(reference)), "filter": "indexed",
                                                          "start": 100, "count": 20])
        try await client.request("disconnect", [:])
        return (page["body"]["variables"].array ?? []).map { "\($0["name"].string ?? "?") = \($0["value"].string ?? "?")" }
    }

    /// In C (no slice expressions) a page is read element by element: Fixtures/c/structs'
    /// rec.scores is {1, 4, 9, 16}; a page from 2 asking for more than there are gives the last two.
    @Test func aCArrayPagedElementByElement() async throws {
        let program = try Fixtures.binary("c/structs")
        let source = Fixtures.source("c/structs.c")
        let server = try await DAPServerProcess.start(.dbg)
        defer { server.stop() }
        let client = try server.connect()
        try await client.request("initialize", ["adapterID": "c", "pathFormat": "path", "linesStartAt1": true])
        try await client.request("launch", ["mode": "exec", "program": .string(program)])
        try await client.waitForEvent("initialized")
        try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": [["line": 211]]])
        try await client.request("configurationDone", [:])
        let stopped = try await client.waitForEvent("stopped")
        let stack = try await client.request("stackTrace", ["threadId": .number(Double(stopped["body"]["threadId"].int ?? 1)), "levels": 1])
        let frame = try #require(stack["body"]["stackFrames"][0]["id"].int)
        let scores = try await client.request("evaluate", ["expression": "rec.scores", "frameId": .number(Double(frame)), "context": "watch"])
        #expect(scores["body"]["indexedVariables"].int == 4, "\(scores.text)")
        let reference = try #require(scores["body"]["variablesReference"].int)
        let page = try await client.request("variables", ["variablesReference": .number(Double(reference)), "filter": "indexed",
                                                          "start": 2, "count": 5])
        let values = (page["body"]["variables"].array ?? []).map { "\($0["name"].string ?? "?") = \($0["value"].string ?? "?")" }
        #expect(values == ["[2] = 9", "[3] = 16"], "\(values)")
        try await client.request("disconnect", [:])
    }
}
