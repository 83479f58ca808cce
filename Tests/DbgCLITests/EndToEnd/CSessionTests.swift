import DbgTestSupport
import Foundation
import DbgService
import Testing
@testable import DbgCLI

/// Whole sessions on the C fixtures, through the REPL and the real engine, checked line by
/// line where it matters and against gdb where gdb can say.
@Suite struct CSessionTests {
    @Test func helloSession() async throws {
        let session = try await LiveSession.run("c/hello", commands: [
            "break greet", "continue", "stack", "args", "locals", "next", "next", "print name", "stepout", "continue",
            "continue", "exit",
        ])
        #expect(session.output(of: "break greet").contains("Breakpoint 1 set at 0x"))
        #expect(session.output(of: "break greet").contains("for greet() c/hello.c:12"))
        let stop = session.output(of: "continue")
        #expect(stop.hasPrefix("> greet() c/hello.c:12 (hits total:1) (PC: 0x"), "\(stop)")
        #expect(stop.contains("=>  12:\t    int length = 0;"))
        let stack = session.output(of: "stack").split(separator: "\n").map(String.init)
        #expect(stack.count >= 4)
        #expect(stack[0].hasPrefix("0  0x") && stack[0].hasSuffix(" in greet"))
        #expect(stack[1] == "   at c/hello.c:12")
        #expect(stack[2].hasSuffix(" in main"))
        #expect(stack[3] == "   at c/hello.c:23")
        #expect(session.output(of: "args") == "name = \"world\"\n")
        #expect(session.output(of: "locals") == "length = 0\n")
        #expect(session.output(of: "next").contains("=>  13:"))
        #expect(session.output(of: "next", occurrence: 1).contains("=>  14:"))
        #expect(session.output(of: "print name") == "\"world\"\n")
        #expect(session.output(of: "stepout").hasPrefix("> main() c/hello.c:"))
        #expect(session.output(of: "continue", occurrence: 1).contains("(hits total:2)"))
        #expect(session.output(of: "continue", occurrence: 2).contains("has exited with status 0"))
        #expect(session.programOutput == "Hello, world! (5 letters)\nHello, world! (5 letters)\n")
    }

    @Test func recursionBacktraceMatchesGDB() async throws {
        let session = try await LiveSession.run("c/structs", commands: ["break factorial if n == 1", "continue", "stack", "args"])
        let ours = Self.frames(session.output(of: "stack"))
        let gdb = GDBOracle.frames(try await GDBOracle.run(try DelveOracle.fixture("c/structs").binary, commands: [
            "break factorial if n == 1", "run", "bt",
        ]))
        #expect(gdb.count >= 5, "gdb's backtrace: \(gdb)")
        #expect(ours.count >= gdb.count)
        for (index, frame) in gdb.enumerated() where index < ours.count {
            #expect(ours[index].function == frame.function, "frame \(index)")
            #expect(ours[index].line == frame.line, "frame \(index) line")
        }
        #expect(session.output(of: "args") == "n = 1\n")
    }

    @Test func inlinedFramesOfOptimizedCodeMatchGDB() async throws {
        let session = try await LiveSession.run("c/optimized", commands: ["break mix", "continue", "stack", "args"])
        let ours = Self.frames(session.output(of: "stack"))
        let gdb = GDBOracle.frames(try await GDBOracle.run(try DelveOracle.fixture("c/optimized").binary, commands: [
            "break mix", "run", "bt",
        ]))
        #expect(gdb.map(\.function) == ["mix", "step", "checksum", "main"], "gdb's backtrace: \(gdb)")
        for (index, frame) in gdb.enumerated() where index < ours.count {
            #expect(ours[index].function == frame.function, "frame \(index)")
            #expect(ours[index].line == frame.line, "frame \(index) line")
        }
        // gdb: mix (v=<optimized out>, h=2166136261)
        #expect(session.output(of: "args").contains("h = 2166136261"))
        #expect(session.output(of: "args").contains("v = (unreadable optimized out)"))
    }

    @Test func shadowedLocalsMatchGDB() async throws {
        let session = try await LiveSession.run("c/structs", commands: ["break structs.c:151", "continue", "locals"])
        let gdb = try await GDBOracle.run(try DelveOracle.fixture("c/structs").binary, commands: ["break structs.c:151", "run", "info locals"])
        // gdb lists the innermost x first, then the shadowed one; dbg marks the shadowed one.
        let gdbValues = gdb.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return parts.count == 2 && !parts[0].contains(" ") ? (parts[0], parts[1]) : nil
        }
        let ours = session.output(of: "locals")
        #expect(!gdbValues.isEmpty, "gdb printed: \(gdb)")
        for (name, value) in gdbValues where Int(value) != nil {
            #expect(ours.contains("\(name) = \(value)") || ours.contains("(\(name)) = \(value)"), "\(name) = \(value) in \(ours)")
        }
    }

    /// In a signal handler the stack goes through the kernel's trampoline to the interrupted
    /// frame (its exact pc, not a return address) and on to main, as gdb unwinds it. (gdb
    /// also shows a frame for a tail call, which no unwinder can see: not compared.)
    @Test func backtraceThroughASignalHandlerMatchesGDB() async throws {
        let session = try await LiveSession.run("c/signals", commands: ["break on_usr1", "continue", "continue", "stack"])
        let gdb = try await GDBOracle.run(try DelveOracle.fixture("c/signals").binary, commands: [
            "handle SIGUSR1 nostop noprint pass", "break on_usr1", "run", "bt",
        ])
        let gdbFrames = gdb.split(separator: "\n").filter { $0.hasPrefix("#") }.map(String.init)
        #expect(gdbFrames.count >= 5, "gdb: \(gdb)")
        let ours = session.output(of: "stack").split(separator: "\n").map(String.init)
        func frame(_ index: Int) -> (name: String, location: String) {
            let header = ours.first { $0.hasPrefix("\(index)  0x") } ?? ""
            let at = ours.firstIndex(of: header).flatMap { ours.indices.contains($0 + 1) ? ours[$0 + 1] : nil } ?? ""
            return (String(header.split(separator: " ", maxSplits: 3).last ?? ""), at.trimmingCharacters(in: .whitespaces))
        }
        #expect(frame(0).name == "on_usr1")
        #expect(gdbFrames[1].contains("<signal handler called>"))
        #expect(frame(1).name == "<signal handler called>")
        // The interrupted frame: same function and line as gdb's (an exact pc, not pc - 1).
        let interrupted = try #require(gdbFrames[2].wholeMatch(of: /#2 +(\S+) \(.*\) at (\S+):(\d+)/))
        #expect(frame(2).name == String(interrupted.1))
        #expect(frame(2).location.hasSuffix(":\(interrupted.3)"))
        // main, at the line of the raise() call.
        let gdbMain = try #require(gdbFrames.last { $0.contains(" main (") }?.firstMatch(of: /signals\.c:(\d+)/))
        let main = try #require((0..<10).map(frame).first { $0.name == "main" })
        #expect(main.location == "at c/signals.c:\(gdbMain.1)")
    }

    /// -O2: checksum's parameters live in rdi and rsi only at its entry; later their
    /// locations are DW_OP_entry_value, computed from main's call site (gdb's `data@entry`).
    @Test func entryValuesOfOptimizedParametersMatchGDB() async throws {
        let session = try await LiveSession.run("c/optimized", commands: ["break optimized.c:49", "continue", "args"])
        let gdb = try await GDBOracle.run(try DelveOracle.fixture("c/optimized").binary, commands: [
            "break optimized.c:49", "run", "info args",
        ])
        let gdbArgs = Dictionary(uniqueKeysWithValues: gdb.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return parts.count == 2 && ["data", "n"].contains(parts[0]) ? (parts[0], parts[1]) : nil
        })
        let n = try #require(gdbArgs["n"])
        let data = try #require(gdbArgs["data"])
        let args = session.output(of: "args")
        #expect(args.contains("n = \(n)\n"), "\(args)")
        #expect(args.contains("data = (*const int)(\(data))"), "\(args)")
    }

    /// Structs and unions returned in rax:rdx, xmm0:xmm1, across both, and in memory:
    /// `stepout` shows the values gdb's `finish` shows.
    @Test func stepoutReturnsStructsAsGDBFinishDoes() async throws {
        let functions = ["make_pair", "make_vec2", "make_mixed", "make_word", "make_big"]
        var commands = functions.map { "break \($0)" }
        var gdbCommands = commands + ["run"]
        for index in functions.indices {
            commands += ["continue", "stepout"]
            gdbCommands += index == 0 ? ["finish"] : ["continue", "finish"]
        }
        let session = try await LiveSession.run("c/returns", commands: commands)
        let gdb = try await GDBOracle.run(try DelveOracle.fixture("c/returns").binary, commands: gdbCommands)
        /// The numbers of a value printed as `{a = 1, b = 2}` or `struct pair {a: 1, b: 2}`.
        func numbers(_ text: some StringProtocol) -> [Double] {
            guard let brace = text.firstIndex(of: "{") else { return [] }
            let body = String(text[brace...]).replacing(/\[\d+\]/, with: "")
            return body.matches(of: /-?\d+(\.\d+)?/).compactMap { Double(String($0.output.0)) }
        }
        let expected = gdb.split(separator: "\n").filter { $0.hasPrefix("Value returned is") }.map(numbers)
        #expect(expected.count == 5, "gdb: \(gdb)")
        let ours = (0..<5).map { index in
            // The value, on one line or several, up to the blank line after it.
            let output = session.output(of: "stepout", occurrence: index)
            let value = output.range(of: "\t~r0: ").map { output[$0.upperBound...].prefix { _ in true } } ?? ""
            return numbers(value.components(separatedBy: "\n\n").first ?? "")
        }
        #expect(ours == expected, "\(session.transcript)")
    }

    /// `__thread` variables: each thread's own copy, as gdb reads them, at every stop.
    @Test func threadLocalVariablesMatchGDB() async throws {
        var commands = ["break report", "continue"]
        var gdbCommands = ["break report", "run"]
        for _ in 0..<4 {
            commands += ["print tls_counter", "continue"]
            gdbCommands += ["print tls_counter", "continue"]
        }
        let session = try await LiveSession.run("c/tls", commands: commands)
        let gdb = try await GDBOracle.run(try DelveOracle.fixture("c/tls").binary, commands: gdbCommands)
        let gdbValues = gdb.split(separator: "\n").filter { $0.hasPrefix("$") }
            .compactMap { $0.split(separator: "=").last?.trimmingCharacters(in: .whitespaces) }
        #expect(gdbValues == ["100", "101", "102", "7"], "gdb: \(gdb)")
        let ours = (0..<4).map { session.output(of: "print tls_counter", occurrence: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(ours == gdbValues)
    }

    /// `step` enters greet; on the line calling printf it goes through the PLT stub (on the
    /// first call, through the dynamic loader's lazy binding too) into glibc's __printf,
    /// stopping after its prologue as gdb does with glibc's debug info; `step` goes on in
    /// libc; `finish` comes back with printf's value; `next` still steps over the call.
    @Test func stepEntersLibcThroughThePLTAsGDBDoes() async throws {
        let commands = ["break hello.c:23", "break hello.c:15", "run", "step", "continue", "step", "step", "finish",
                        "continue", "continue", "next"]
        let gdbOutput = try await GDBOracle.run(try DelveOracle.fixture("c/hello").binary, commands: commands)
        let gdb = OptimizedSteppingTests.gdbStops(gdbOutput)
        let session = try await LiveSession.run("c/hello", commands: commands.map { ["run": "continue", "finish": "stepout"][$0] ?? $0 })
        let ours = session.outputs.compactMap { OptimizedSteppingTests.stop($0.text) }
        #expect(gdb.count == 9, "gdb: \(gdbOutput)")
        #expect(gdb.contains { $0.function == "__printf" }, "gdb: \(gdbOutput)")
        #expect(ours.map(\.line) == gdb.map(\.line), "ours \(ours), gdb \(gdb)")
        for (index, stop) in gdb.enumerated() where index < ours.count {
            guard let function = stop.function else { continue }
            #expect(ours[index].function == function, "stop \(index): \(session.transcript)")
        }
        let gdbValue = gdbOutput.split(separator: "\n").first { $0.hasPrefix("Value returned is") }?.split(separator: "=").last?
            .trimmingCharacters(in: .whitespaces)
        #expect(gdbValue == "26", "gdb: \(gdbOutput)")
        #expect(session.output(of: "stepout").contains("Values returned:\n\t~r0: \(gdbValue ?? "?")\n"), "\(session.transcript)")
    }

    /// `step` from inside a PLT stub (after a `stepi` onto it) goes on to the function the
    /// stub jumps to, as gdb's does ("Single stepping until exit from function printf@plt").
    @Test func stepFromInsideAPLTStubEntersTheFunctionAsGDBDoes() async throws {
        let binary = try DelveOracle.fixture("c/hello").binary
        let listing = try await GDBOracle.run(binary, commands: ["break hello.c:15", "run", "disassemble"])
        let call = listing.split(separator: "\n").first { $0.contains("call") && $0.contains("<printf@plt>") }
        let address = try #require(call.flatMap { $0.firstMatch(of: /0x[0-9a-f]+/) }.map { String($0.output) }, "gdb: \(listing)")
        let gdbOutput = try await GDBOracle.run(binary, commands: ["break *\(address)", "run", "stepi", "step", "step"])
        let gdb = OptimizedSteppingTests.gdbStops(gdbOutput).suffix(2)
        let session = try await LiveSession.run("c/hello", commands: ["break *\(address)", "continue", "step-instruction", "step", "step"])
        let ours = session.outputs.suffix(2).compactMap { OptimizedSteppingTests.stop($0.text) }
        #expect(gdb.first?.function == "__printf", "gdb: \(gdbOutput)")
        #expect(ours.map(\.line) == gdb.map(\.line), "ours \(ours), gdb \(gdb)")
        #expect(ours.first?.function == gdb.first?.function, "\(session.transcript)")
    }

    @Test func stepoutReportsReturnValuesAsGDBFinishDoes() async throws {
        let session = try await LiveSession.run("c/structs", commands: ["break factorial if n == 1", "continue", "stepout", "stepout"])
        let gdb = try await GDBOracle.run(try DelveOracle.fixture("c/structs").binary, commands: [
            "break factorial if n == 1", "run", "finish", "finish",
        ])
        let gdbValues = gdb.split(separator: "\n").filter { $0.hasPrefix("Value returned is") }
            .compactMap { $0.split(separator: "=").last?.trimmingCharacters(in: .whitespaces) }
        #expect(gdbValues == ["1", "2"], "gdb: \(gdb)")
        for (index, value) in gdbValues.enumerated() {
            #expect(session.output(of: "stepout", occurrence: index).contains("Values returned:\n\t~r0: \(value)\n"),
                    "\(session.output(of: "stepout", occurrence: index))")
        }
    }

    @Test func pendingBreakpointResolvesWhenDlopenLoadsTheLibrary() async throws {
        let session = try await LiveSession.run("c/dynload", commands: [
            "break plugin_compute", "break -pending plugin_compute", "continue", "args", "continue",
        ])
        #expect(session.output(of: "break plugin_compute").contains("break -pending plugin_compute"))
        #expect(session.output(of: "break -pending plugin_compute").contains("(pending)"))
        let stop = session.output(of: "continue")
        #expect(stop.hasPrefix("> plugin_compute() c/libplugin.c:18 (hits total:1)"), "\(stop)")
        #expect(session.output(of: "args") == "n = 4\n")
        #expect(session.output(of: "continue", occurrence: 1).contains("has exited with status 0"))
        #expect(session.programOutput.contains("plugin_compute(4)=34"))
    }

    @Test func badInputGivesOneLineErrorsAndTheSessionGoesOn() async throws {
        let session = try await LiveSession.run("c/hello", commands: [
            "break nosuch", "print 1 +", "brek main", "frame 99", "continue", "next",
        ])
        #expect(session.output(of: "break nosuch").contains("no function named 'nosuch'"))
        #expect(session.output(of: "print 1 +").split(separator: "\n").count == 1)
        #expect(session.output(of: "brek main").contains("did you mean 'break'"))
        #expect(session.output(of: "continue").contains("has exited with status 0"))
        #expect(session.output(of: "next").contains("has exited"))
    }

    static func frames(_ stack: String) -> [(function: String, line: Int)] {
        let lines = stack.split(separator: "\n").map(String.init)
        var frames: [(String, Int)] = []
        var index = 0
        while index + 1 < lines.count {
            let name = lines[index].components(separatedBy: " in ").last ?? ""
            let line = Int(lines[index + 1].split(separator: ":").last ?? "") ?? 0
            frames.append((name, line))
            index += 2
        }
        return frames
    }

    /// Source paths as gdb shows them, from any working directory: the name a file was
    /// compiled as (`corpus/c/library_calls.c`) and glibc's `./malloc/malloc.c`, where dbg
    /// showed paths relative to its own directory (`./work/...` from /) and
    /// `malloc/malloc/malloc.c`. dbg runs from / here.
    @Test func sourcePathsAreGDBsFromAnyDirectory() async throws {
        let binary = try DelveOracle.fixture("corpus/c/library_calls").binary
        let gdb = try await GDBOracle.run(binary, commands: ["break realloc", "run", "bt"])
        let gdbPaths = gdb.matches(of: #/^#\d+ .* at (\S+:\d+)$/#.anchorsMatchLineEndings()).map { String($0.1) }
        #expect(gdbPaths.count == 3 && gdbPaths[0].hasPrefix("./malloc/malloc.c:"), "gdb: \(gdb)")

        let script = NSTemporaryDirectory() + "dbg-paths-" + UUID().uuidString
        try "break realloc\ncontinue\nstack\nexit\n".write(toFile: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: script) }
        let run = try await ProcessRunner.run("/bin/sh", ["-c", "cd / && exec \"$@\"", "sh", try TerminalSession.dbgBinary, "exec", binary,
                                                    "--init", script], stdin: "/dev/null")
        let ours = run.text.matches(of: #/^\s+at (\S+:\d+)$/#.anchorsMatchLineEndings()).map { String($0.1) }
        #expect(Array(ours.prefix(gdbPaths.count)) == gdbPaths, "\(run.text)")
        #expect(run.text.contains("> __libc_realloc() \(gdbPaths.first ?? "?") (hits total:1)"), "\(run.text)")
    }
}

/// Load limits from a client are not trusted: Int.max everywhere loads what there is.
@Suite struct HostileLoadConfigTests {
    @Test func intMaxLimitsLoadWithoutTrouble() async throws {
        let (debugger, _, _) = try await FixtureDebugger.stopped("c/hello", at: "greet")
        defer { Task { try? await debugger.detach(kill: true) } }
        let huge = API.LoadConfig(
            followPointers: true, maxVariableRecurse: Int.max, maxStringLen: Int.max, maxArrayValues: Int.max,
            maxStructFields: Int.max)
        let name = try await debugger.eval(scope: API.EvalScope(), expression: "name", config: huge)
        #expect(name.value == "world")
        let locals = try await debugger.listLocalVars(scope: API.EvalScope(), config: huge)
        #expect(locals.contains { $0.name == "length" })
    }
}
