import DbgTestSupport
import Foundation
import Testing

/// `call EXPR` and calls inside `print`, against gdb 13's `call` on the same binary
/// (Fixtures/c/callee.c): the same results for every kind of argument and result the System
/// V ABI classifies differently, the program's own later output, and a stop inside a called
/// function where gdb stops.
@Suite struct FunctionCallTests {
    /// Each call and what it exercises: INTEGER, SSE and MEMORY classes in and out, more
    /// arguments than registers, a variadic function, a string literal copied into the
    /// program, pointers to its data, structs by value in and out: INTEGER (rdi, rax), SSE
    /// (xmm0/xmm1), INTEGER and SSE eightbytes mixed (rax and xmm0), MEMORY (a copy on the
    /// stack; a result by hidden pointer in rdi).
    static let calls = [
        "add(2, 3)", "negate_long(5)", "twice_unsigned(4000000000)", "half(5.0)", "scale_float(1.5, 2)",
        "mix(1, 2.5, 3, 0.25)", "sum8(1, 2, 3, 4, 5, 6, 7, 8)", "sum_doubles10(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)",
        "sum_ints(3, 10, 20, 30)", "length(\"hello\")", "deref(element(3))", "*element(2)", "table_at(table, 1)",
        "color_value(6)", "color_value(BLUE)", "make_point(3, 4)", "point_sum(make_point(3, 4))", "make_box(2, 3, 4)",
        "box_area(make_box(2, 3, 4))", "scale_vec(unit, 2)", "vec_dot(unit, scale_vec(unit, 2))",
        "make_tagged(1, 0.5, 2.25)", "tagged_total(make_tagged(1, 0.5, 2.25))", "tagged_total(sample)", "stack_is_aligned()",
    ]

    /// The numbers a value's text holds, in order: what a result means whatever the printer's
    /// spelling (`{x = 3, y = 4}` and `struct point {x: 3, y: 4}` both hold 3 and 4).
    static func numbers(_ text: some StringProtocol) -> [String] {
        String(text).matches(of: #/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/#).map { String($0.output) }
    }

    @Test func callsGiveWhatGDBsCallsGive() async throws {
        let binary = try DelveOracle.fixture("c/callee").binary
        let session = try await LiveSession.run("c/callee", commands: ["break ready", "continue"] + Self.calls.map { "call " + $0 } + ["continue"])
        let gdb = try await GDBOracle.run(binary, commands: ["break ready", "run"] + Self.calls.map { "call " + $0 } + ["continue"])
        // gdb: `$N = value`, one per call, in order.
        let gdbValues = gdb.split(separator: "\n").compactMap { line in
            line.wholeMatch(of: #/\$\d+ = (.*)/#).map { String($0.1) }
        }
        #expect(gdbValues.count == Self.calls.count, "\(gdb)")
        for (index, call) in Self.calls.enumerated() {
            let printed = session.output(of: "call " + call)
            // dbg: the stop as it was, then "Values returned:" and "\tEXPR: value".
            #expect(printed.hasPrefix("> ready() c/callee.c:"), "\(call): \(printed)")
            let value = printed.split(separator: "\n").first { $0.hasPrefix("\t\(call): ") }?.dropFirst(call.count + 3) ?? ""
            let expected = index < gdbValues.count ? gdbValues[index] : "(missing)"
            #expect(!value.isEmpty && Self.numbers(value) == Self.numbers(expected), "\(call): dbg \(value), gdb \(expected)")
        }
        // None of these calls has a side effect: the program's own output is a run's without
        // a debugger.
        let alone = try await ProcessRunner.run(binary, [])
        #expect(alone.text == "callee: counter=3 total=10 mid=4\n")
        #expect(session.programOutput == alone.text)
        #expect(session.output(of: "continue", occurrence: 1).contains("has exited with status 0"))
    }

    /// The thread is as before the calls, to the last SSE register (the calls above fill
    /// xmm0-7 with their arguments), and the other threads did not run meanwhile (the ticker
    /// thread counts every millisecond it runs).
    @Test func callsLeaveTheThreadAsItWasAndOtherThreadsStopped() async throws {
        let session = try await LiveSession.run("c/callee", commands: [
            "break ready", "continue", "regs -a",
        ] + Self.calls.map { "call " + $0 } + ["regs -a", "print ticks_now() - ticks_now()", "print ticks - ticks_now()"])
        let before = session.output(of: "regs -a")
        #expect(before.contains("XMM0 = "))
        #expect(session.output(of: "regs -a", occurrence: 1) == before)
        #expect(session.output(of: "print ticks_now() - ticks_now()") == "0\n")
        #expect(session.output(of: "print ticks - ticks_now()") == "0\n")
    }

    /// `print` runs the calls of its expression, and a side effect on a global shows in the
    /// program's own later output, as under gdb.
    @Test func printCallsAndSideEffectsAsGDB() async throws {
        let binary = try DelveOracle.fixture("c/callee").binary
        let commands = ["print square(3) + 1", "call bump(5)", "print counter", "print make_box(1, 2, 3).depth"]
        let session = try await LiveSession.run("c/callee", commands: ["break ready", "continue"] + commands + ["continue"])
        let gdb = try await GDBOracle.run(binary, commands: ["break ready", "run"] + commands + ["continue"])
        #expect(session.output(of: "print square(3) + 1") == "10\n")
        #expect(gdb.contains("$1 = 10\n"), "\(gdb)")
        #expect(session.output(of: "print counter") == "5\n")
        #expect(gdb.contains("$2 = 5\n"), "\(gdb)")
        #expect(session.output(of: "print make_box(1, 2, 3).depth") == "3\n")
        #expect(gdb.contains("$3 = 3\n"), "\(gdb)")
        #expect(session.programOutput == "callee: counter=8 total=10 mid=4\n")
        #expect(gdb.contains("callee: counter=8 total=10 mid=4\n"), "\(gdb)")
    }

    /// A breakpoint inside the called function stops there, as in gdb, and says so; the
    /// stack goes through the call to where it was made; `continue` finishes the call (gdb's
    /// `finish`) with its result, and the program goes on as if never interrupted.
    @Test func aBreakpointInsideACalledFunctionStopsThereAsInGDB() async throws {
        let binary = try DelveOracle.fixture("c/callee").binary
        let session = try await LiveSession.run("c/callee", commands: [
            "break ready", "continue", "break hits_breakpoint", "call hits_breakpoint(20)", "stack", "print x", "next",
            "continue", "continue",
        ])
        let gdb = try await GDBOracle.runEach(binary, commands: [
            "break ready", "run", "break hits_breakpoint", "call hits_breakpoint(20)", "bt", "print x", "finish", "continue",
        ])
        let stop = session.output(of: "call hits_breakpoint(20)")
        #expect(stop.hasPrefix("> hits_breakpoint() c/callee.c:104 (hits total:1)"), "\(stop)")
        #expect(stop.contains("The program being debugged stopped while in a function called from dbg."))
        #expect(gdb.contains("hit Breakpoint 2, hits_breakpoint (x=20) at c/callee.c:104"), "\(gdb)")
        #expect(gdb.contains("The program being debugged stopped while in a function called from GDB."))
        let functions = session.output(of: "stack").split(separator: "\n").compactMap { line in
            line.firstMatch(of: #/^\s*\d+\s+0x[0-9a-f]+ in (.+)$/#).map { String($0.1) }
        }
        #expect(Array(functions.prefix(4)) == ["hits_breakpoint", "<function called from dbg>", "ready", "main"], "\(functions)")
        #expect(gdb.contains("#1  <function called from gdb>\n#2  ready (total=10)"), "\(gdb)")
        #expect(session.output(of: "print x") == "20\n")
        #expect(session.output(of: "next").hasPrefix("Command failed: not yet: stepping inside a function called by dbg"))
        let finished = session.output(of: "continue", occurrence: 1)
        #expect(finished.hasPrefix("> ready() c/callee.c:"), "\(finished)")
        #expect(finished.contains("Values returned:\n\thits_breakpoint: 41\n"), "\(finished)")
        #expect(gdb.contains("Value returned is $2 = 41"), "\(gdb)")
        #expect(session.output(of: "continue", occurrence: 2).contains("has exited with status 0"))
        #expect(session.programOutput == "callee: counter=3 total=10 mid=4\n")
    }

    /// A signal inside the called function stops there, as in gdb; `call -abandon` puts the
    /// thread back as before the call, and the program never sees the signal: it runs to its
    /// own end. Left to `continue`, the signal is delivered, as gdb delivers it.
    @Test func aSignalInsideACalledFunctionStopsThere() async throws {
        let binary = try DelveOracle.fixture("c/callee").binary
        let abandoned = try await LiveSession.run("c/callee", commands: [
            "break ready", "continue", "call crash(3)", "call -abandon", "call add(1, 2)", "continue",
        ])
        let gdb = try await GDBOracle.run(binary, commands: ["break ready", "run", "call crash(3)"])
        let stop = abandoned.output(of: "call crash(3)")
        #expect(stop.hasPrefix("> crash() c/callee.c:111 (PC: 0x"), "\(stop)")
        #expect(stop.contains("SIGSEGV"))
        #expect(stop.contains("The program being debugged stopped while in a function called from dbg."))
        #expect(gdb.contains("received signal SIGSEGV"), "\(gdb)")
        #expect(gdb.contains("crash (x=3) at c/callee.c:111"), "\(gdb)")
        #expect(abandoned.output(of: "call -abandon").hasPrefix("> ready() c/callee.c:"))
        #expect(abandoned.output(of: "call add(1, 2)").contains("\tadd(1, 2): 3\n"))
        #expect(abandoned.output(of: "continue", occurrence: 1).contains("has exited with status 0"))
        #expect(abandoned.programOutput == "callee: counter=3 total=10 mid=4\n")

        let delivered = try await LiveSession.run("c/callee", commands: ["break ready", "continue", "call crash(3)", "continue"])
        #expect(delivered.output(of: "continue", occurrence: 1).contains("has exited with status 139"),
                "\(delivered.transcript)")
    }

    /// Bad input: one line each, and the session goes on (the last call still works).
    @Test func badCallsGiveOneLineErrors() async throws {
        let session = try await LiveSession.run("c/callee", commands: [
            "break ready", "continue", "call nosuch(1)", "call add(1)", "call add(1, 2, 3)", "call point_sum(3)",
            "call add(\"x\", 1)", "call counter(1)", "call", "call add(4, 5)",
        ])
        let expected = [
            "call nosuch(1)": "Command failed: could not find symbol value for nosuch",
            "call add(1)": "Command failed: Too few arguments in function call.",
            "call add(1, 2, 3)": "Command failed: Too many arguments in function call.",
            "call point_sum(3)": "Command failed: cannot pass 3 (type int) as argument 1 of point_sum (type struct point)",
            "call add(\"x\", 1)": "Command failed: cannot pass \"x\" (type [2]char) as argument 1 of add (type int)",
            "call counter(1)": "Command failed: counter (type int) is not a function",
            "call": "Command failed: not enough arguments",
        ]
        for (command, line) in expected {
            #expect(session.output(of: command) == line + "\n", "\(command): \(session.output(of: command))")
        }
        #expect(session.output(of: "call add(4, 5)").contains("\tadd(4, 5): 9\n"))
    }

    /// A function without debugging information (tracee_nodebug.c's `mix`) has no prototype
    /// to call it by: refused in gdb's words, and called as gdb calls it once a cast says what
    /// it returns.
    @Test func aFunctionWithoutAPrototypeIsRefusedUnlessCast() async throws {
        let commands = ["break checksum", "continue", "call mix(1, 2)", "call (int)mix(1, 2)"]
        let session = try await LiveSession.run("c/tracee", arguments: ["1", "1"], commands: commands)
        // Each command on its own (-ex): a script would end at the refusal.
        let gdb = try await GDBOracle.runEach(
            try DelveOracle.fixture("c/tracee").binary, commands: ["break checksum", "run 1 1", "call mix(1, 2)", "call (int)mix(1, 2)"])
        let refusal = "'mix' has unknown return type; cast the call to its declared return type"
        #expect(session.output(of: "call mix(1, 2)") == "Command failed: \(refusal)\n", "\(session.output(of: "call mix(1, 2)"))")
        #expect(gdb.contains(refusal + "\n$1 = 12"), "\(gdb)")
        #expect(session.output(of: "call (int)mix(1, 2)").contains("\t(int)mix(1, 2): 12\n"), "\(session.transcript)")
    }

    /// C's enumerators name their values in expressions, as in gdb: `BLUE` is `BLUE` of
    /// `enum color`, 6 in arithmetic and comparisons.
    @Test func enumeratorsNameTheirValuesAsInGDB() async throws {
        let commands = ["print BLUE", "print BLUE + 1", "whatis BLUE", "print GREEN == 5", "print RED"]
        let session = try await LiveSession.run("c/callee", commands: ["break ready", "continue"] + commands)
        let gdb = try await GDBOracle.runEach(try DelveOracle.fixture("c/callee").binary, commands: ["break ready", "run"] + commands)
        let gdbAnswers = gdb.split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix("$") || $0.hasPrefix("type = ") }
            .map { $0.replacing(#/^\$\d+ = |^type = /#, with: "") }
        #expect(gdbAnswers == ["BLUE", "7", "enum color", "1", "RED"], "\(gdb)")
        for (index, command) in commands.enumerated() where index < gdbAnswers.count {
            #expect(session.output(of: command) == gdbAnswers[index] + "\n", "\(command): \(session.output(of: command))")
        }
    }

    /// Functions of the C library, as gdb calls them: with their prototypes from its debugging
    /// information (libc6-dbg: `abs`, `labs`); an indirect function (`strlen`, resolved to
    /// the implementation for this CPU by its resolver) and an assembly one (`getpid`) only
    /// with a cast that says what they return, refused in gdb's words otherwise.
    @Test func libraryFunctionsAsGDBCallsThem() async throws {
        let calls = ["abs(-3)", "labs(-7)", "strlen(\"abcd\")", "(unsigned long)strlen(\"abcd\")", "getpid()", "(int)getpid() > 1",
                     "(long)labs(-9)"]
        let session = try await LiveSession.run("c/callee", commands: ["break ready", "continue"] + calls.map { "call " + $0 })
        let gdb = try await GDBOracle.runEach(
            try DelveOracle.fixture("c/callee").binary, commands: ["break ready", "run"] + calls.map { "call " + $0 })
        let gdbAnswers = gdb.split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix("$") || $0.contains("has unknown return type") }
            .map { $0.replacing(#/^\$\d+ = /#, with: "") }
        #expect(gdbAnswers.count == calls.count, "\(gdb)")
        for (index, call) in calls.enumerated() where index < gdbAnswers.count {
            let printed = session.output(of: "call " + call)
            let ours = printed.hasPrefix("Command failed: ")
                ? String(printed.dropFirst("Command failed: ".count).dropLast())
                : printed.split(separator: "\n").first { $0.hasPrefix("\t\(call): ") }.map { String($0.dropFirst(call.count + 3)) } ?? printed
            #expect(ours == gdbAnswers[index], "\(call): dbg \(ours), gdb \(gdbAnswers[index])")
        }
    }

    /// Over dbg's headless server (`dbg connect`): the same calls, stops inside and results
    /// as the local REPL prints (the command travels as Delve's `call` with its `expr`).
    @Test func callsOverTheServerAreTheLocalOnes() async throws {
        let binary = try DelveOracle.fixture("c/callee").binary
        let script = [
            "break ready", "continue", "call make_box(2, 3, 4)", "print square(3) + 1", "break hits_breakpoint",
            "call hits_breakpoint(20)", "continue", "call crash(1)", "call -abandon", "call add(1)", "exit",
        ]
        let (local, remote, server) = try await ConnectREPLTests.localAndRemote(binary, script: script)
        defer { server.stop() }
        #expect(remote.text.contains("\tmake_box(2, 3, 4): struct box {width: 2, height: 3, depth: 4}\n"), "\(remote.text)")
        #expect(remote.text.contains("The program being debugged stopped while in a function called from dbg."))
        #expect(ConnectREPLTests.normalized(remote.text) == ConnectREPLTests.normalized(local.text))
    }

    /// A core file cannot run anything.
    @Test func aCoreFileRefusesCalls() async throws {
        let binary = try DelveOracle.fixture("c/callee").binary
        let core = try await CoreDump.gcore(binary, at: ["break ready", "run"])
        defer { core.remove() }
        let session = try await CoreSession.run([binary, core.path], commands: ["call add(1, 2)", "print add(1, 2)", "print counter"])
        #expect(session.output(of: "call add(1, 2)") == "Command failed: the program is a core file: it cannot run\n", "\(session.transcript)")
        #expect(session.output(of: "print add(1, 2)") == "Command failed: the program is a core file: it cannot run\n")
        #expect(session.output(of: "print counter") == "0\n")
    }
}
