import DbgTestSupport
import Foundation
import Testing

/// Tasks the runtime has made but not run yet (Fixtures/swift/pending, stopped in allMade(_:):
/// main holds the main actor, so the three main-actor tasks it made before cannot have
/// started). LLDB on Linux cannot list tasks; what is expected comes from the fixture.
@Suite struct SwiftPendingTaskTests {
    static func line(_ text: String) throws -> Int {
        let source = try String(contentsOfFile: Fixtures.repositoryRoot + "/Fixtures/swift/pending.swift", encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(text) }, "no line with \(text)") + 1
    }

    @Test func aTaskNotStartedIsListedAtTheClosureItWillRun() async throws {
        let session = try await LiveSession.run(
            "swift/pending", commands: ["break pending.allMade", "continue", "tasks", "tasks -with user", "tasks -s", "task 3", "stack", "clearall", "continue"])
        let closures = [("let first = Task", "closure #1"), ("let second = Task", "closure #2"), ("let third = Task", "closure #3")]
        let listing = session.output(of: "tasks")
        #expect(listing.contains("[4 tasks]"), "\(listing)")
        #expect(listing.contains(try "* Task 1 - User: ./Fixtures/swift/pending.swift:\(Self.line("made \\(count) tasks")) pending.allMade(_:)"), "\(listing)")
        for (index, (statement, closure)) in closures.enumerated() {
            let row = try "  Task \(index + 2) - User: ./Fixtures/swift/pending.swift:\(Self.line(statement)) \(closure) in static pending.Main.main() ("
            let found = listing.split(separator: "\n").first { $0.hasPrefix(row) }
            #expect(found?.hasSuffix(") [not started]") == true, "\(row) in \(listing)")
        }
        // Every one of them is the program's own: the main task started in the entry the
        // compiler made for main, the others in main's closures.
        #expect(session.output(of: "tasks -with user").contains("[4 tasks]"), "\(session.output(of: "tasks -with user"))")
        #expect(session.output(of: "tasks -s").contains("Task 1 - Start: ./Fixtures/swift/pending.swift:"), "\(session.output(of: "tasks -s"))")
        // A task not started: its stack is the closure's entry.
        let stack = session.output(of: "stack")
        #expect(stack.hasPrefix("0  0x"), "\(stack)")
        #expect(try stack.contains("in closure #2 in static pending.Main.main()\n   at ./Fixtures/swift/pending.swift:\(Self.line("let second = Task"))"), "\(stack)")
        // Looking did not disturb them: each ran once main let go of the actor.
        #expect(session.programOutput == "made 3 tasks\nhello, first\nhello, second\ncount down: 10\ndone\n", "\(session.programOutput)")
    }
}
