import DbgTestSupport
import Foundation
import Testing

/// What a Swift function was given and what it gave back, where the Swift calling convention
/// puts them (Fixtures/swift/values: `describe(_:)` takes a multi-payload enum in four registers
/// and returns a String in two; `Point.describe()` returns a small string; `largest` takes an
/// array and returns an `Optional` of its generic parameter, by address). The oracle is the
/// program's own prints of the same values; LLDB on Linux shows no return value at a step-out.
@Suite struct SwiftCallValueTests {
    /// The describe(_:) calls in the order main makes them, and what the program printed of each.
    static let describeCalls = [
        (argument: #"values.Payment.card(number: "4111-1111", expiry: 2029)"#, result: "card 4111-1111 exp 2029"),
        (argument: "values.Payment.cash", result: "cash"),
        (argument: #"values.Payment.voucher(code: "GIFT", value: 12.5)"#, result: "voucher GIFT worth 12.5"),
    ]

    @Test func stepoutShowsWhatEachCallReturned() async throws {
        let session = try await LiveSession.run(
            "swift/values", commands: ["break values.describe", "continue", "stepout", "continue", "stepout", "continue", "stepout", "clearall", "continue"])
        for (index, call) in Self.describeCalls.enumerated() {
            #expect(session.programOutput.contains(call.result), "the program printed \(session.programOutput)")
            let stepout = session.output(of: "stepout", occurrence: index)
            #expect(stepout.contains("~r0: \"\(call.result)\""), "\(stepout)")
        }
    }

    @Test func aStoppingTraceShowsArgumentsAndResultsAsTheProgramHasThem() async throws {
        let run = try await ProcessRunner.run(try TerminalSession.dbgBinary, [
            "trace", "--backend", "ptrace", "--exec", try TraceCommandTests.fixture("swift/values"), "^values\\.describe\\(",
        ])
        #expect(run.status == 0, "\(run.text.suffix(500))")
        let calls = run.text.split(separator: "\n").filter { $0.hasPrefix("> ") }
        let returns = run.text.split(separator: "\n").filter { $0.hasPrefix(">> ") }
        #expect(calls.count == Self.describeCalls.count && returns.count == Self.describeCalls.count, "\(run.text)")
        for (index, call) in Self.describeCalls.enumerated() where index < calls.count && index < returns.count {
            #expect(calls[index].hasSuffix("values.describe(_:)(payment=\(call.argument))"), "\(calls[index])")
            #expect(returns[index].hasSuffix("=> (\"\(call.result)\")"), "\(returns[index])")
        }
    }

    /// A generic function's arguments, typed by the metadata its call passes after them: the
    /// arrays main hands to largest(_:), `[Int]` then `[String]`.
    @Test func aTracedGenericFunctionsArgumentsAreOfTheTypesItsCallBinds() async throws {
        let run = try await ProcessRunner.run(try TerminalSession.dbgBinary, [
            "trace", "--backend", "ptrace", "--exec", try TraceCommandTests.fixture("swift/values"), "^values\\.largest",
        ])
        #expect(run.status == 0, "\(run.text.suffix(500))")
        let calls = run.text.split(separator: "\n").filter { $0.hasPrefix("> ") }.map { String($0.split(separator: ": ", maxSplits: 1).last ?? "") }
        #expect(calls == [#"values.largest<A>(_:)(values=[7, 3, 9, 1])"#, #"values.largest<A>(_:)(values=["pear", "apple", "quince"])"#],
                "\(run.text)")
    }

    /// A trace that lets the program run on reads its samples later: a String's heap storage
    /// may hold another value by then (Swift frees it after its last use). What such a trace
    /// shows is what the program had, or says it was not read: never another value's bytes.
    @Test(arguments: ["inject", "uprobe"])
    func aTraceThatDoesNotStopNeverShowsBytesReadLate(backend: String) async throws {
        let run = try await ProcessRunner.run(try TerminalSession.dbgBinary, [
            "trace", "--backend", backend, "--exec", try TraceCommandTests.fixture("swift/values"), "describe\\(",
        ])
        #expect(run.status == 0, "\(run.text.suffix(500))")
        let lines = run.text.split(separator: "\n")
        let returns = lines.filter { $0.hasPrefix(">> ") }
        #expect(returns.count == 6, "\(run.text)")  // three describe(_:), Point's, the Dog's and its Animal's
        let programOutput = lines.filter { !$0.hasPrefix(">") }.joined(separator: "\n")
        #expect(programOutput.contains("payments: cash, voucher GIFT worth 12.5"), "\(run.text)")
        for line in returns {
            let shown = line.split(separator: "=> ", maxSplits: 1).last.map(String.init) ?? ""
            if shown.contains("read only by a trace that stops the program") { continue }
            // A string result is one the program went on to print (alone or inside another).
            #expect(shown.hasPrefix("(\"") && programOutput.contains(shown.dropFirst(2).dropLast(2)), "\(line)")
        }
        let describeCalls: [String] = run.text.split(separator: "\n")
            .filter { $0.hasPrefix("> ") && $0.contains("values.describe(_:)(") }
            .map { line in String(String(line.split(separator: "(payment=").last ?? "").dropLast()) }
        let expected: [String] = Self.describeCalls.map(\.argument)
        #expect(describeCalls == expected, "\(run.text)")
    }
}
