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
        let session = try await StoppedSession.start(
            adapter, program: try Fixtures.binary("go/hot"), arguments: ["2", "150"], capabilities: ["supportsVariablePaging": true],
            configure: StoppedSession.lines(Fixtures.source("go/hot/main.go"), [50]))
        defer { session.server.stop() }
        let frame = try await session.topFrame()
        let sums = try await session.client.request("evaluate", ["expression": "sums", "frameId": .number(Double(frame)), "context": "watch"])
        #expect(sums["body"]["indexedVariables"].int == 150, "\(adapter): \(sums.text)")
        let reference = try #require(sums["body"]["variablesReference"].int)
        let page = try await session.client.request("variables", ["variablesReference": .number(Double(reference)), "filter": "indexed",
                                                                  "start": 100, "count": 20])
        _ = try await session.end()
        return (page["body"]["variables"].array ?? []).map { "\($0["name"].string ?? "?") = \($0["value"].string ?? "?")" }
    }

    /// In C (no slice expressions) a page is read element by element: Fixtures/c/structs'
    /// rec.scores is {1, 4, 9, 16}; a page from 2 asking for more than there are gives the last two.
    @Test func aCArrayPagedElementByElement() async throws {
        let session = try await StoppedSession.start(
            program: try Fixtures.binary("c/structs"), configure: StoppedSession.lines(Fixtures.source("c/structs.c"), [211]))
        defer { session.server.stop() }
        let frame = try await session.topFrame()
        let scores = try await session.client.request("evaluate", ["expression": "rec.scores", "frameId": .number(Double(frame)), "context": "watch"])
        #expect(scores["body"]["indexedVariables"].int == 4, "\(scores.text)")
        let reference = try #require(scores["body"]["variablesReference"].int)
        let page = try await session.client.request("variables", ["variablesReference": .number(Double(reference)), "filter": "indexed",
                                                                  "start": 2, "count": 5])
        let values = (page["body"]["variables"].array ?? []).map { "\($0["name"].string ?? "?") = \($0["value"].string ?? "?")" }
        #expect(values == ["[2] = 9", "[3] = 16"], "\(values)")
        #expect(try await session.end() == .exited(0))
    }

    /// maxThreads caps the threads listed (Fixtures/go/manyg parks 10,000 goroutines); the
    /// stopped goroutine is always among them.
    @Test func threadsAreCappedWithTheStoppedOneIncluded() async throws {
        let source = Fixtures.source("go/manyg/main.go")
        let line = try #require(try String(contentsOfFile: source, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("return n") }) + 1
        let session = try await StoppedSession.start(
            program: try Fixtures.binary("go/manyg"), launch: ["maxThreads": 10], configure: StoppedSession.lines(source, [line]))
        defer { session.server.stop() }
        let threads = try await session.client.request("threads", [:])["body"]["threads"].array ?? []
        #expect((10...11).contains(threads.count), "\(threads.count) threads")
        #expect(threads.contains { $0["id"].int == session.thread && ($0["name"].string ?? "").hasPrefix("* ") }, "\(threads.map(\.text))")
        _ = try await session.end()
    }
}
