import DbgSymbols
import DbgTestSupport
import Foundation
import Testing
@testable import DbgCLI

/// Function names in Swift programs: Swift's short form, as LLDB names a breakpoint's place
/// (`tasks`closure #1 in sumAll(ids:)`: the module before the backtick, where dbg writes
/// `closure #1 in tasks.sumAll(ids:)`), and the Swift runtime's C++ functions demangled as gdb
/// demangles them.
@Suite struct SwiftNameTests {
    /// Lines with one location each (async functions' other lines have one per funclet).
    static let places = ["tasks.swift:37", "tasks.swift:20", "tasks.swift:39"]

    @Test func breakpointsNameTheirFunctionAsLLDBDoes() async throws {
        let session = try await LiveSession.run("swift/tasks", commands: Self.places.map { "break \($0)" })
        let binary = try Fixtures.binary("swift/tasks")
        var lldbCommands: [String] = []
        for place in Self.places {
            let parts = place.split(separator: ":")
            lldbCommands.append("breakpoint set -f \(parts[0]) -l \(parts[1])")
        }
        let lldb = try await LLDBOracle.run(binary, breakpoint: "tasks.swift -l 1", commands: lldbCommands)
        // "Breakpoint 2: where = tasks`closure #1 in sumAll(ids:) + 135 at tasks.swift:20:19, ..."
        let theirs = lldb.split(separator: "\n").compactMap { line -> String? in
            guard let start = line.range(of: "where = "), let end = line.range(of: " + ", range: start.upperBound..<line.endIndex)
            else { return nil }
            return String(line[start.upperBound..<end.lowerBound])
        }
        #expect(theirs.count == Self.places.count, "\(lldb)")
        for (place, lldbName) in zip(Self.places, theirs) {
            let module = String(lldbName.prefix { $0 != "`" })
            let name = SwiftDemangler.qualified(String(lldbName.dropFirst(module.count + 1)), module: module)
            let ours = session.output(of: "break \(place)")
            #expect(ours.contains(" for \(name) ./Fixtures/swift/\(place)"), "break \(place): dbg \(ours), LLDB \(lldbName)")
        }
    }

    @Test func theRuntimesCxxFunctionsReadAsGDBReadsThem() async throws {
        // A task waiting on its group resumes in the runtime's C++ adapter, its Runtime location.
        let session = try await LiveSession.run("swift/tasks", commands: ["break tasks.swift:14", "continue", "tasks -r"])
        // "  Task 1 - Runtime: :0 task_group_wait_resume_adapter(swift::AsyncContext*) (0x7ffff77d3920) [...]"
        let listing = session.output(of: "tasks -r")
        let line = try #require(listing.split(separator: "\n").first { $0.contains("(swift::") }, "\(listing)")
        let match = try #require(try #/ Runtime: \S* (.+) \((0x[0-9a-f]+)\)/#.firstMatch(in: String(line)))
        let (name, address) = (String(match.1), String(match.2))
        let gdb = try await GDBOracle.run(
            try Fixtures.binary("swift/tasks"), commands: ["break tasks.swift:14", "run", "info symbol \(address)", "kill"])
        // "task_group_wait_resume_adapter(swift::AsyncContext*) in section .text of ..." (+ N inside it).
        #expect(gdb.split(separator: "\n").contains { $0.hasPrefix(name + " in section .text of ") || $0.hasPrefix(name + " + ") },
                "dbg \(name), gdb \(gdb)")
    }
}

/// `whatis` of a Swift function gives its full form (the runtime's demangling), `print` its
/// short name, as listings show it.
@Suite struct SwiftFunctionNameTests {
    @Test func whatisGivesTheFullFormAndPrintTheShortOne() async throws {
        let session = try await LiveSession.run("swift/values", commands: ["break values.inspect", "continue", "whatis values.inspect", "print values.inspect"])
        let full = try #require(SwiftDemangler.demangle("$s6values7inspect5point3pet7payment8nickname6scores4agesSiAA5PointV_AA6AnimalCAA7PaymentOSSSgSaySiGSDySSSiGtF"))
        #expect(session.output(of: "whatis values.inspect").trimmingCharacters(in: .whitespacesAndNewlines) == full)
        #expect(session.output(of: "print values.inspect").trimmingCharacters(in: .whitespacesAndNewlines)
                == "values.inspect(point:pet:payment:nickname:scores:ages:)")
    }
}
