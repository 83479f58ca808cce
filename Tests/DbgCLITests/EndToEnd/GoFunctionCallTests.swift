import DbgTestSupport
import Foundation
import Testing

/// `call EXPR` of Go functions (Go's debug-call protocol, runtime.debugCallV2), against the
/// real Delve on the same binary (Fixtures/go/calls): the same `Values returned:` for int,
/// string, float, struct and pointer arguments and results, several named results, a method,
/// a panic; the same one-line refusals; a breakpoint inside a called function stopping
/// there; the program's own output unchanged by calls without side effects.
@Suite struct GoFunctionCallTests {
    /// main.stop's body: a safe point for calls (its entry, before the stack check, is not).
    static let stopLine = "break main.go:67"

    /// Each call and what it exercises.
    static let calls = [
        "main.add(1, 2)",  // ints in RAX, RBX; the result in RAX
        "main.greet(\"x\", 2)",  // a string literal copied into the program; a string result
        "main.scale(1.5, 3.0)",  // floats in X0, X1
        "main.mirror(*origin)",  // a struct by value, field by field, in and out
        "main.bump(origin, 5)",  // a pointer in and out
        "main.divmod(7, 2)",  // two named results
        "c.add(2)",  // a method with a pointer receiver, passed first
        "main.boom(\"bad\")",  // a panic, shown as the value ~panic
        "main.add(main.add(1, 2), 3)",  // a call's result as another's argument
        "main.add(c.n, 1) + 1",  // a call inside an expression: the expression's value
        "main.scale(2, 2)",  // untyped integer constants as float64
        "main.add(1)",  // too few arguments
        "main.add(1, 2, 3)",  // too many
        "main.add(1, \"s\")",  // a constant of the wrong type
        "main.nosuch(1)",  // no such function
    ]

    /// What a debugger printed for one call: the lines of `Values returned:` (its values,
    /// each `\tNAME: VALUE`), or the error's message.
    static func meaning(_ text: String) -> [String] {
        let lines = text.split(separator: "\n").map(String.init)
        if let start = lines.firstIndex(of: "Values returned:") {
            return Array(lines[(start + 1)...].prefix { $0.hasPrefix("\t") })
        }
        // Delve's init script's errors: "/path/init:LINE: message"; the REPL's: "Command
        // failed: message", Delve's terminal's words.
        return lines.compactMap { line in
            if let match = line.firstMatch(of: #/^/\S+:\d+: (.*)$/#) { return String(match.1) }
            if line.hasPrefix("Command failed: ") { return String(line.dropFirst("Command failed: ".count)) }
            return nil
        }.suffix(1)
    }

    @Test func callsGiveWhatDelvesCallsGive() async throws {
        let (binary, directory) = try DelveOracle.fixture("go/calls")
        var delveScript = [Self.stopLine, "continue"]
        for (index, call) in Self.calls.enumerated() { delveScript += ["print \"=\(index)=\"", "call " + call] }
        let delve = DelveOracle.sections(try await DelveOracle.run(
            binary: binary, directory: directory, script: delveScript + ["exit"], programOutput: DelveOracle.programOutputPath()))
        let session = try await LiveSession.run("go/calls", commands: [Self.stopLine, "continue"] + Self.calls.map { "call " + $0 })
        for (index, call) in Self.calls.enumerated() {
            // Known: dbg names a Go function's type `func`, without its signature.
            let expected = Self.meaning((delve["\(index)"] ?? []).joined(separator: "\n"))
                .map { $0.replacingOccurrences(of: "(type func())", with: "(type func)") }
            let got = Self.meaning(session.output(of: "call " + call))
            #expect(!expected.isEmpty && got == expected, "\(call): dbg \(got), Delve \(expected)")
        }
        // dbg keeps working after the refusals.
        #expect(session.output(of: "call main.add(1, 2)").contains("~r0: 3"))
    }

    /// Delve stops at a breakpoint inside a called function, on the call's own goroutine, and
    /// `continue` finishes the call and shows what it returned, at the stop from before.
    @Test func aBreakpointInsideACalledFunctionStopsThere() async throws {
        let (binary, directory) = try DelveOracle.fixture("go/calls")
        let script = [Self.stopLine, "continue", "break main.go:62", "print \"=call=\"", "call main.traced(4)", "print \"=stack=\"",
                      "stack", "print \"=continue=\"", "continue", "exit"]
        let delve = DelveOracle.sections(try await DelveOracle.run(
            binary: binary, directory: directory, script: script, programOutput: DelveOracle.programOutputPath()))
        let session = try await LiveSession.run("go/calls", commands: Array(script.filter { !$0.hasPrefix("print") }.dropLast()))
        let delveStop = (delve["call"] ?? []).first { $0.hasPrefix("> ") } ?? ""
        let stop = session.output(of: "call main.traced(4)")
        #expect(delveStop.hasPrefix("> main.traced() ./main.go:62 (hits goroutine("), "\(delveStop)")
        #expect(stop.contains("> main.traced() ") && stop.contains("main.go:62 (hits goroutine("), "\(stop)")
        // The stack of the call's goroutine: the function, then the runtime's frames.
        let functions = { (text: String) in text.matches(of: #/in ([\w.()*]+)/#).map { String($0.1) } }
        #expect(functions(session.output(of: "stack")) == functions((delve["stack"] ?? []).joined(separator: "\n")))
        let delveValues = Self.meaning((delve["continue"] ?? []).joined(separator: "\n"))
        #expect(delveValues == ["\t~r0: 9"])
        let finished = session.output(of: "continue", occurrence: 1)
        #expect(Self.meaning(finished) == delveValues, "\(finished)")
        #expect(finished.contains("main.stop() "), "\(finished)")
    }

    /// Calls without side effects leave the program's own output as a run's without a
    /// debugger, and the thread where it was.
    @Test func theProgramGoesOnAsIfNotCalled() async throws {
        let (binary, _) = try DelveOracle.fixture("go/calls")
        let pure = ["main.add(1, 2)", "main.greet(\"x\", 2)", "main.scale(1.5, 3.0)", "main.mirror(*origin)", "main.boom(\"bad\")"]
        let session = try await LiveSession.run(
            "go/calls", commands: [Self.stopLine, "continue", "regs"] + pure.map { "call " + $0 } + ["regs", "continue"])
        let alone = try await ProcessRunner.run(binary, [])
        // The calls ran (a refused call changes nothing either).
        #expect(session.output(of: "call main.add(1, 2)").contains("~r0: 3"))
        #expect(session.output(of: "call main.boom(\"bad\")").contains("~panic: interface {}(string) \"boom: bad\""))
        #expect(session.programOutput == alone.text)
        #expect(session.output(of: "regs") == session.output(of: "regs", occurrence: 1))
        #expect(session.output(of: "continue", occurrence: 1).contains("has exited with status 0"))
    }

    /// Where a call is not safe, Delve's words (the runtime's debugCallCheck's): at a
    /// function's entry, inside the runtime; `print` does not call, as in Delve.
    @Test func unsafeCallsAreRefusedInDelvesWords() async throws {
        let atEntry = try await LiveSession.run("go/calls", commands: ["break main.stop", "continue", "call main.add(1, 2)", "print main.add(1, 2)", "print c.n"])
        #expect(Self.meaning(atEntry.output(of: "call main.add(1, 2)")) == ["call not at safe point"])
        #expect(Self.meaning(atEntry.output(of: "print main.add(1, 2)")) == ["function calls not allowed without using 'call'"])
        #expect(atEntry.output(of: "print c.n").hasPrefix("10"))
        let inRuntime = try await LiveSession.run(
            "go/calls", commands: ["break runtime.concatstrings", "continue", "call main.add(1, 2)", "continue"])
        #expect(Self.meaning(inRuntime.output(of: "call main.add(1, 2)")) == ["call from within the Go runtime"])
    }
}
