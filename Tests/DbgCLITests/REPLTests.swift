import DbgService
import DbgTestSupport
import Glibc
import Testing
@testable import DbgCLI

/// The REPL's dispatch and printing over a RecordingClient (calls recorded, answers
/// canned): which client calls each command makes, and what it prints.
@Suite struct REPLTests {
    static let file = "/work/project/main.c"

    static func location(_ line: Int, _ function: String = "main", pc: UInt64 = 0x401136) -> API.Location {
        API.Location(pc: pc, file: file, line: line, function: API.Function(name: function, value: pc))
    }

    static func stopped(at line: Int, breakpoint: API.Breakpoint? = nil, pid: Int = 42) -> API.DebuggerState {
        let thread = API.Thread(id: 7, pc: 0x401136, file: file, line: line, function: API.Function(name: "main", value: 0x401126), breakpoint: breakpoint)
        return API.DebuggerState(pid: pid, currentThread: thread, threads: [thread])
    }

    @Test func batchModeEchoesEachCommandBeforeItsOutput() async {
        let client = RecordingClient()
        client.functions = ["main", "greet"]
        let session = await Session.run(["funcs", "", "# a comment", "help exit"], client: client)
        #expect(session.transcript.hasPrefix("(dbg) funcs\ngreet\nmain\n(dbg) help exit\nExit the debugger.\n"))
        #expect(!session.transcript.contains("Type 'help'"))
        // End of input ends the session as exit does: a launched program is killed by the service.
        #expect(session.calls.last == "detach(kill: false)")
        #expect(session.exitCode == 0)
    }

    @Test func unknownCommandsSuggestTheNearestName() async {
        let session = await Session.run(["brek main", "xyzzy", "help brak", "brk"])
        #expect(session.errors == """
            Command not available: brek (did you mean 'break'?)
            Command not available: xyzzy
            Command not available: brak (did you mean 'break'?)
            Command not available: brk

            """)
    }

    @Test func wrongArgumentsGiveAUsageLine() async {
        let session = await Session.run(["frame", "frame x", "print", "next two", "condition 1"])
        #expect(session.errors == """
            Command failed: not enough arguments
            Command failed: wrong arguments; usage: frame <m> | frame <m> <command>
            Command failed: not enough arguments
            Command failed: next: count must be a number: two
            Command failed: not enough arguments

            """)
    }

    @Test func breakWithConditionAndName() async {
        let client = RecordingClient()
        client.locations = ["main.c:12": [Self.location(12)], "greet": [Self.location(5, "greet", pc: 0x401106)]]
        let session = await Session.run(["break main.c:12 if i > 3", "break mybp greet", "trace greet", "breakpoints"], client: client)
        #expect(session.calls.contains("createBreakpoint(main.c:12 name= cond=i > 3 trace=false)"))
        #expect(session.calls.contains("createBreakpoint(greet name=mybp cond= trace=false)"))
        #expect(session.calls.contains("createBreakpoint(greet name= cond= trace=true)"))
        #expect(session.output == """
            (dbg) break main.c:12 if i > 3
            Breakpoint 1 set at 0x401136 for main() ./main.c:12
            (dbg) break mybp greet
            Breakpoint mybp set at 0x401106 for greet() ./main.c:5
            (dbg) trace greet
            Tracepoint 3 set at 0x401106 for greet() ./main.c:5
            (dbg) breakpoints
            Breakpoint 1 (enabled) at 0x401136 for main() ./main.c:12 (0)
            \tcond i > 3
            Breakpoint mybp (enabled) at 0x401106 for greet() ./main.c:5 (0)
            Tracepoint 3 (enabled) at 0x401106 for greet() ./main.c:5 (0)
            \targs

            """)
    }

    @Test func aNameThatIsReallyPartOfTheLocationIsRetried() async {
        let client = RecordingClient()
        client.locations = ["main 12": [Self.location(12)]]
        let session = await Session.run(["break main 12"], client: client)
        #expect(session.calls.prefix(2) == ["findLocation(12)", "findLocation(main 12)"])
        #expect(session.calls.contains("createBreakpoint(main 12 name= cond= trace=false)"))
    }

    @Test func conditionsAndOn() async {
        let client = RecordingClient()
        client.breakpoints = [API.Breakpoint(id: 1, addrs: [0x401136], file: Self.file, line: 12, functionName: "main")]
        let session = await Session.run([
            "condition -hitcount 1 > 3", "cond 1 i == 2", "condition -clear 1",
            "on 1 print i", "on 1 stack 5", "on 1 cond -per-g-hitcount % 2", "on 1 next", "on 9 print x",
        ], client: client)
        #expect(session.calls.filter { $0.hasPrefix("amend") } == [
            "amendBreakpoint(1 cond= hitCond=> 3 perG=false vars=[] stack=0 trace=false)",
            "amendBreakpoint(1 cond=i == 2 hitCond=> 3 perG=false vars=[] stack=0 trace=false)",
            "amendBreakpoint(1 cond= hitCond=> 3 perG=false vars=[] stack=0 trace=false)",
            "amendBreakpoint(1 cond= hitCond=> 3 perG=false vars=[\"i\"] stack=0 trace=false)",
            "amendBreakpoint(1 cond= hitCond=> 3 perG=false vars=[\"i\"] stack=5 trace=false)",
            "amendBreakpoint(1 cond= hitCond=% 2 perG=true vars=[\"i\"] stack=5 trace=false)",
        ])
        #expect(session.errors.contains("command not available"))
        #expect(session.errors.contains("no breakpoint with id 9"))
    }

    @Test func clearToggleAndClearAll() async {
        let client = RecordingClient()
        client.breakpoints = [
            API.Breakpoint(id: 1, addrs: [0x401136], file: Self.file, line: 12, functionName: "main"),
            API.Breakpoint(id: 2, name: "named", addrs: [0x401106], file: Self.file, line: 5, functionName: "greet"),
        ]
        let session = await Session.run(["toggle 1", "clear named", "clearall"], client: client)
        #expect(session.output == """
            (dbg) toggle 1
            Breakpoint 1 toggled at 0x401136 for main() ./main.c:12
            (dbg) clear named
            Breakpoint named cleared at 0x401106 for greet() ./main.c:5
            (dbg) clearall
            Breakpoint 1 cleared at 0x401136 for main() ./main.c:12

            """)
    }

    @Test func continueThenExitThenUseRestart() async {
        let client = RecordingClient()
        var bp = API.Breakpoint(id: 1, addrs: [0x401136], file: Self.file, line: 12, functionName: "main")
        bp.totalHitCount = 1
        client.states = [Self.stopped(at: 12, breakpoint: bp), API.DebuggerState(pid: 42, exited: true, exitStatus: 3)]
        let session = await Session.run(["continue", "c", "print x", "next", "breakpoints", "restart"], client: client)
        #expect(session.transcript == """
            (dbg) continue
            > main() ./main.c:12 (hits total:1) (PC: 0x401136)
            (dbg) c
            Process 42 has exited with status 3
            (dbg) print x
            the program has exited; use restart
            (dbg) next
            the program has exited; use restart
            (dbg) breakpoints
            (dbg) restart
            Process restarted with PID 42

            """)
        #expect(session.calls.filter { $0.hasPrefix("command") } == ["command(continue)", "command(continue)"])
    }

    @Test func nextWithACountStepsThatManyTimesAndShowsTheLastStop() async {
        let client = RecordingClient()
        client.states = [Self.stopped(at: 13), Self.stopped(at: 14), Self.stopped(at: 15)]
        let session = await Session.run(["next 3"], client: client)
        #expect(session.calls.filter { $0.hasPrefix("command") } == Array(repeating: "command(next)", count: 3))
        #expect(session.output == "(dbg) next 3\n> main() ./main.c:15 (PC: 0x401136)\n")
    }

    @Test func anEmptyLineRepeatsTheLastStep() async {
        let client = RecordingClient()
        client.states = [Self.stopped(at: 13), Self.stopped(at: 14), Self.stopped(at: 15)]
        let session = await Session.run(["step", "", "print x", ""], client: client, interactive: true)
        #expect(session.calls.filter { $0.hasPrefix("command") } == ["command(step)", "command(step)", "command(step)"])
        #expect(session.output.hasPrefix("Type 'help' for list of commands.\n"))
        #expect(session.output.hasSuffix("exit\n"))  // Ctrl-D at the prompt
    }

    @Test func goroutineAndFramePrefixesSetTheScope() async {
        let client = RecordingClient()
        client.values = ["x": Values.int("x", "5")]
        client.stack = [
            API.Stackframe(location: Self.location(12)),
            API.Stackframe(location: Self.location(30, "caller", pc: 0x401200), bottom: true),
        ]
        client.defaultState = Self.stopped(at: 12)
        let session = await Session.run(["frame 1 print x", "goroutine 3 locals", "goroutine 3 frame 2 args", "up", "print x", "down", "print x"], client: client)
        #expect(session.calls.contains("eval(g-1 f1 x)"))
        #expect(session.calls.contains("listLocalVars(g3 f0)"))
        #expect(session.calls.contains("listFunctionArgs(g3 f2)"))
        // `up` selects frame 1 for the commands that follow, `down` frame 0 again.
        #expect(session.calls.filter { $0.hasPrefix("eval") } == ["eval(g-1 f1 x)", "eval(g-1 f1 x)", "eval(g-1 f0 x)"])
        #expect(session.output.contains("Frame 1: ./main.c:30 (PC: 401200)\n"))
        #expect(session.output.contains("(no locals)\n"))
    }

    @Test func nextRefusesAnotherFrame() async {
        let client = RecordingClient()
        client.stack = [API.Stackframe(location: Self.location(12)), API.Stackframe(location: Self.location(30, "caller"), bottom: true)]
        let session = await Session.run(["up", "next"], client: client)
        #expect(session.errors.contains("Command failed: not on topmost frame"))
    }

    @Test func localsArgsAndWhatis() async {
        let client = RecordingClient()
        var shadowed = Values.int("i", "1")
        shadowed.flags = API.Variable.shadowedFlag
        client.locals = [shadowed, Values.int("i", "2"), Values.string("name", "world")]
        client.arguments = [Values.int("argc", "1")]
        var interface = Values.make("s", "main.Shape", .interface, children: [Values.struct("", "main.Rect", [])])
        interface.realType = "main.Shape"
        client.values = ["s": interface]
        let session = await Session.run(["locals", "locals ^n", "locals zzz", "args", "whatis s", "locals [bad"], client: client)
        #expect(session.output == """
            (dbg) locals
            (i) = 1
            i = 2
            name = "world"
            (dbg) locals ^n
            name = "world"
            (dbg) locals zzz
            (no locals)
            (dbg) args
            argc = 1
            (dbg) whatis s
            main.Shape
            Concrete type: main.Rect
            (dbg) locals [bad

            """)
        #expect(session.errors.hasPrefix("Command failed: invalid regular expression [bad"))
    }

    @Test func setSplitsAtTheAssignment() async {
        let session = await Session.run(["set x = y == 2", "set x"])
        #expect(session.calls.contains("set(g-1 f0 x = y == 2)"))
        #expect(session.errors == "Command failed: syntax error '=' not found\n")
    }

    @Test func displaysPrintAfterEveryStop() async {
        let client = RecordingClient()
        client.values = ["i": Values.int("i", "4")]
        client.states = [Self.stopped(at: 13)]
        let session = await Session.run(["display -a i", "next", "display -d 0", "display -d 0"], client: client)
        #expect(session.output == """
            (dbg) display -a i
            0: i = 4
            (dbg) next
            > main() ./main.c:13 (PC: 0x401136)
            0: i = 4
            (dbg) display -d 0
            (dbg) display -d 0

            """)
        #expect(session.errors == "Command failed: 0 is out of range\n")
    }

    @Test func commandsTheServiceCannotServeYetSaySo() async {
        let session = await Session.run(["stack -a 1"])
        #expect(session.errors == """
            Command failed: stack -a: not supported yet

            """)
    }

    @Test func serviceErrorsAreOneLine() async {
        let client = RecordingClient()
        client.failures = ["eval": ServiceError("could not find symbol value for nope")]
        let session = await Session.run(["print nope", "p 1"], client: client)
        #expect(session.errors == "Command failed: could not find symbol value for nope\nCommand failed: could not find symbol value for nope\n")
    }

    @Test func exitDetachesAndKillsOnlyWhenAsked() async {
        let plain = await Session.run(["exit", "print never"])
        #expect(plain.calls == ["detach(kill: false)"])
        let kill = await Session.run(["quit --kill"])
        #expect(kill.calls == ["detach(kill: true)"])
        let client = RecordingClient()
        client.failures = ["detach": ServiceError("detach failed")]
        let failed = await Session.run(["q"], client: client)
        #expect(failed.exitCode == 1)
    }

    @Test func initFileRunsFirstWithFileAndLineInErrors() async throws {
        let path = "/tmp/dbg-repl-init-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        try ConfigFiles.write("# setup\nfuncs\n\nbogus\n", to: path)
        defer { unlink(path) }
        let client = RecordingClient()
        client.functions = ["main"]
        let session = await Session.run(["help q"], client: client, initFile: path)
        #expect(session.transcript.hasPrefix("main\n\(path):4: Command not available: bogus\n(dbg) help q\n"))
        let missing = await Session.run([], initFile: "/nonexistent/init")
        #expect(missing.errors == "Error executing init file: open /nonexistent/init: No such file or directory\n")
    }

    @Test func sourceRunsAFileAndStopsAtExit() async throws {
        let path = "/tmp/dbg-repl-source-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        try ConfigFiles.write("funcs\nexit\nfuncs\n", to: path)
        defer { unlink(path) }
        let client = RecordingClient()
        client.functions = ["main"]
        let session = await Session.run(["source \(path)", "funcs"], client: client)
        #expect(session.calls == ["listFunctions()", "detach(kill: false)"])
    }

    @Test func threadsAndThreadSwitch() async {
        let client = RecordingClient()
        let state = Self.stopped(at: 12)
        client.defaultState = state
        client.threads = [
            API.Thread(id: 9, pc: 0x401500, file: "/usr/lib/libc.c", line: 88, function: API.Function(name: "__futex_wait", value: 0)),
            state.currentThread!,
        ]
        var switched = state
        switched.currentThread = client.threads[0]
        client.states = [switched]
        let session = await Session.run(["threads", "thread 9", "goroutine"], client: client)
        #expect(session.output == """
            (dbg) threads
            * Thread 7 at 0x401136 ./main.c:12 main
              Thread 9 at 0x401500 /usr/lib/libc.c:88 __futex_wait
            (dbg) thread 9
            Switched from 7 to 9
            (dbg) goroutine
            Thread 7 at ./main.c:12

            """)
    }

    @Test func helpListsCommandsByGroupAsDelveDoes() async {
        let session = await Session.run(["help"])
        let help = session.output
        #expect(help.hasPrefix("(dbg) help\nThe following commands are available:\n\nRunning the program:\n"))
        #expect(help.contains("""
                continue (alias: c) ----------------- Run until breakpoint or program termination.
                next (alias: n) --------------------- Step over to next source line.
                next-instruction (alias: ni | nexti)  Single step a single cpu instruction, skipping function calls.

            """))
        #expect(help.contains("\nManipulating breakpoints:\n    break (alias: b) ------- Sets a breakpoint.\n"))
        #expect(help.hasSuffix("\nType help followed by a command for full documentation.\n"))
    }
}
