import DbgService
import Foundation
import Testing
@testable import DbgCLI

/// `regs`, `examinemem`, `disassemble`, `types`, `vars` and `libraries` on the C fixtures,
/// through the REPL and the real engine, checked against gdb where gdb can say.
/// Serialized: each test runs a debuggee and gdb, and the machine has two cores.
@Suite(.serialized) struct MachineSessionTests {
    /// gdb runs the program without a shell and without the LINES and COLUMNS it adds to
    /// the environment, so that the stack (which holds the environment) lies where it lies
    /// under dbg: rsp and rbp can then be compared exactly (ASLR is off in both).
    static let gdbSameStack = ["set startup-with-shell off", "unset environment LINES", "unset environment COLUMNS"]

    @Test func registersMatchGDB() async throws {
        let binary = try DelveOracle.fixture("c/hello").binary
        let session = try await LiveSession.run("c/hello", commands: ["break greet", "continue", "regs", "frame 1 regs", "regs -a"])
        let gdb = try await GDBOracle.run(binary, commands: Self.gdbSameStack + [
            "break greet", "run", "info registers rip rsp rbp rdi eflags cs ss fs_base", "info registers mxcsr",
            "frame 1", "info registers rip rsp rbp",
        ])
        let gdbValues = Self.gdbRegisters(gdb)
        #expect(gdbValues.count == 12, "gdb printed: \(gdb)")

        // Frame 0: Delve's names, order and formats; values as gdb reads them.
        let regs = session.output(of: "regs")
        let ours = Self.registers(regs)
        #expect(ours.prefix(6).map(\.name) == ["Rip", "Rsp", "Rax", "Rbx", "Rcx", "Rdx"], "\(regs)")
        for name in ["Rsi", "Rdi", "Rbp", "R8", "R15", "Rflags", "Es", "Cs", "Ss", "Ds", "Fs", "Gs", "Fs_base", "Gs_base"] {
            #expect(ours.contains { $0.name == name }, "\(name) missing from \(regs)")
        }
        #expect(!ours.contains { $0.name.hasPrefix("XMM") }, "floating-point registers without -a")
        for (gdbName, ourName) in [("rip", "Rip"), ("rsp", "Rsp"), ("rbp", "Rbp"), ("rdi", "Rdi"), ("eflags", "Rflags"),
                                   ("cs", "Cs"), ("ss", "Ss"), ("fs_base", "Fs_base")] {
            let gdbValue = gdbValues.first { $0.name == gdbName }?.value
            #expect(gdbValue != nil && ours.first { $0.name == ourName }?.value == gdbValue, "\(ourName): gdb says \(gdbValue.map { String($0, radix: 16) } ?? "nothing")")
        }
        let lines = regs.split(separator: "\n").map(String.init)
        #expect(lines.first == "    Rip = 0x" + Self.hex16(gdbValues.first { $0.name == "rip" }?.value ?? 0), "names right-aligned, 16 digits")
        #expect(lines.contains { $0.hasPrefix(" Rflags = 0x0000000000000") && $0.contains("\t[") && $0.hasSuffix("]") }, "\(regs)")

        // Frame 1: what the unwinder recovered (rip is the return address into main).
        let callerValues = gdbValues.suffix(3)
        let caller = Self.registers(session.output(of: "frame 1 regs"))
        for (gdbName, ourName) in [("rip", "Rip"), ("rsp", "Rsp"), ("rbp", "Rbp")] {
            let gdbValue = callerValues.first { $0.name == gdbName }?.value
            #expect(gdbValue != nil && caller.first { $0.name == ourName }?.value == gdbValue, "frame 1 \(ourName)")
        }
        #expect(!caller.contains { $0.name == "Rax" }, "a caller's rax is not recoverable")

        // -a: the SSE and x87 state too.
        let all = Self.registers(session.output(of: "regs -a"))
        let allText = session.output(of: "regs -a")
        for name in (0..<16).map({ "XMM\($0)" }) + (0..<8).map({ "ST(\($0))" }) + ["MXCSR", "CW", "SW"] {
            #expect(allText.contains(" \(name) = 0x") || allText.hasPrefix("\(name) = 0x") || allText.contains("\n\(name) = 0x"), "\(name) missing")
        }
        #expect(all.first { $0.name == "MXCSR" }?.value == gdbValues.first { $0.name == "mxcsr" }?.value)
        #expect(allText.contains("v2_int={ ") && allText.contains("v4_float={ "), "XMM lanes as Delve prints them")
    }

    /// Delve itself on the same program: the same registers, names, order and layout (values
    /// differ: Delve runs the program with ASLR on), the same libraries.
    @Test func registersAndLibrariesAreLaidOutAsDelveDoes() async throws {
        let binary = try DelveOracle.fixture("c/hello").binary
        let delve = DelveOracle.sections(try await DelveOracle.run(binary: binary, directory: DelveOracle.repositoryRoot, script: [
            "break greet", "continue", "print \"=regs=\"", "regs", "print \"=libraries=\"", "libraries", "print \"=end=\"", "exit",
        ]))
        let session = try await LiveSession.run("c/hello", commands: ["break greet", "continue", "regs", "libraries"])
        // `   Rip = 0x000055def8c41139` → `   Rip = V`: names, alignment and the value's shape.
        func shape(_ lines: [String]) -> [String] {
            lines.filter { !$0.isEmpty }.map { line in
                line.replacing(/= 0x[0-9a-f]{16}(\t\[.*\])?$/) { match in match.1 == nil ? "= V" : "= V\t[FLAGS]" }
            }
        }
        let delveRegisters = shape(delve["regs"] ?? [])
        #expect(delveRegisters.count > 20, "Delve printed: \(delve)")
        #expect(shape(session.output(of: "regs").components(separatedBy: "\n")) == delveRegisters)

        func names(_ lines: [String]) -> [String] {
            lines.compactMap { $0.firstMatch(of: /^\d+\. 0x[0-9a-f]+ .*\/([^\/]+)$/).map { String($0.1) } }
        }
        let delveLibraries = names(delve["libraries"] ?? [])
        #expect(delveLibraries.contains("libc.so.6"), "Delve printed: \(delve)")
        #expect(names(session.output(of: "libraries").components(separatedBy: "\n")) == delveLibraries)
    }

    @Test func examineMemoryShowsAStringsBytes() async throws {
        let binary = try DelveOracle.fixture("c/hello").binary
        // gdb says where `name` points, and what is there.
        let gdb = try await GDBOracle.run(binary, commands: ["break greet", "run", "info registers rdi", "x/16xb $rdi"])
        let address = try #require(Self.gdbRegisters(gdb).first { $0.name == "rdi" }?.value, "gdb printed: \(gdb)")
        let gdbBytes = gdb.split(separator: "\n").filter { $0.hasPrefix("0x") && $0.contains(":\t") }
            .flatMap { $0.split(separator: "\t").dropFirst().compactMap { UInt8($0.dropFirst(2), radix: 16) } }
        #expect(gdbBytes.count == 16, "gdb printed: \(gdb)")

        let hexAddress = "0x" + String(address, radix: 16)
        let session = try await LiveSession.run("c/hello", commands: [
            "break greet", "continue", "x -count 16 -size 1 \(hexAddress)", "x -count 16 -size 1 -x name",
            "x -fmt dec -count 2 -size 2 \(hexAddress)", "x -count 8 -size 1 0", "print name",
        ])
        let dump = session.output(of: "x -count 16 -size 1 \(hexAddress)")
        let rows = dump.split(separator: "\n")
        #expect(rows.count == 2, "\(dump)")
        #expect(rows.first?.hasPrefix(hexAddress + ":   0x77   0x6f   0x72   0x6c   0x64   0x00") == true, "\"world\\0\" in \(dump)")
        #expect(Self.memoryBytes(dump) == gdbBytes, "gdb: \(gdbBytes) ours: \(dump)")
        // A char pointer as the expression: the bytes it points to.
        #expect(session.output(of: "x -count 16 -size 1 -x name") == dump)
        // "wo" and "rl" as little-endian 16-bit numbers.
        #expect(session.output(of: "x -fmt dec -count 2 -size 2 \(hexAddress)") == "\(hexAddress):   028535   027762   \n")
        // Unmapped memory: a one-line error, and the session goes on.
        #expect(session.output(of: "x -count 8 -size 1 0") == "Command failed: cannot read 8 bytes at 0x0\n")
        #expect(session.output(of: "print name") == "\"world\"\n")
    }

    /// `frame N disassemble` shows the frame's function with its return address marked.
    @Test func disassembleInACallerFrame() async throws {
        let session = try await LiveSession.run(
            "c/structs", commands: ["break factorial if n == 1", "continue", "stack", "frame 5 disassemble"])
        let stack = session.output(of: "stack")
        let mainLine = try #require(stack.split(separator: "\n").first { $0.hasSuffix(" in main") })
        let mainPC = try #require(mainLine.firstMatch(of: /0x0*([0-9a-f]+) in main/)?.1)
        let marked = session.output(of: "frame 5 disassemble").split(separator: "\n").filter { $0.hasPrefix("=>") }
        #expect(marked.count == 1)
        #expect(marked.first?.contains("0x\(mainPC)") == true, "\(marked)")
        #expect(marked.first?.contains("structs.c:") == true)
    }

    @Test func disassemblyMatchesGDBInstructionForInstruction() async throws {
        let binary = try DelveOracle.fixture("c/hello").binary
        let session = try await LiveSession.run("c/hello", commands: [
            "break greet", "continue", "config disassemble-flavor gnu", "disassemble -l greet", "disassemble",
            "config disassemble-flavor intel", "disassemble -l greet", "disassemble -l main",
        ])
        let gdb = try await GDBOracle.run(binary, commands: [
            "break greet", "run", "disassemble greet", "set disassembly-flavor intel", "disassemble greet",
        ])
        let gdbListings = gdb.components(separatedBy: "End of assembler dump.").map(Self.gdbInstructions)
        let gdbATT = gdbListings[0], gdbIntel = gdbListings.count > 1 ? gdbListings[1] : []
        #expect(gdbATT.count > 20, "gdb printed: \(gdb)")

        let att = Self.instructions(session.output(of: "disassemble -l greet"))
        #expect(att.map(\.address) == gdbATT.map(\.address), "the same instructions at the same addresses")
        for (ours, theirs) in zip(att, gdbATT) {
            // Mnemonic and operands as gdb spells them, symbols and comments aside.
            #expect(Self.bare(ours.text) == Self.bare(theirs.text), "at 0x\(String(ours.address, radix: 16))")
            #expect(Self.comment(ours.text) == Self.comment(theirs.text), "rip-relative target at 0x\(String(ours.address, radix: 16))")
            #expect(ours.atPC == theirs.atPC, "=> at 0x\(String(ours.address, radix: 16))")
        }
        // The pc and the breakpoint are marked; lines come from the line table.
        let marked = att.filter(\.atPC)
        #expect(marked.count == 1 && marked.first?.breakpoint == true && marked.first?.location == "hello.c:12")
        #expect(att.first?.location == "hello.c:11")
        // A direct branch names its target, as gdb does.
        #expect(att.contains { $0.text.hasPrefix("jmp 0x") && $0.text.hasSuffix(" <greet+25>") }, "\(att.map(\.text))")
        // Without arguments: the function around the pc, the same listing.
        #expect(session.output(of: "disassemble") == session.output(of: "disassemble -l greet"))

        let intel = Self.instructions(session.output(of: "disassemble -l greet", occurrence: 1))
        #expect(intel.map(\.address) == gdbIntel.map(\.address))
        #expect(intel.map { Self.mnemonic($0.text) } == gdbIntel.map { Self.mnemonic($0.text) })
        #expect(intel.contains { $0.text == "push rbp" })
        // main calls greet: the call names it.
        #expect(session.output(of: "disassemble -l main").contains(" <greet>\n"))
    }

    @Test func typesListsTheProgramsTypes() async throws {
        let session = try await LiveSession.run("c/structs", commands: [
            "types ^struct (point|rect|node|record|flags)$", "types ^(enum color|enum kind|union number|node_t|binop_fn)$",
            "types [", "break main", "continue", "types ^int$",
        ])
        #expect(session.output(of: "types ^struct (point|rect|node|record|flags)$") == """
            struct flags
            struct node
            struct point
            struct record
            struct rect

            """)
        #expect(session.output(of: "types ^(enum color|enum kind|union number|node_t|binop_fn)$") == """
            binop_fn
            enum color
            enum kind
            node_t
            union number

            """)
        #expect(session.output(of: "types [").hasPrefix("Command failed: invalid regular expression"))
        #expect(session.output(of: "types ^int$") == "int\n")
    }

    @Test func varsListsGlobalsWithTheirValuesAsGDBReadsThem() async throws {
        let binary = try DelveOracle.fixture("c/structs").binary
        let session = try await LiveSession.run("c/structs", commands: [
            "break main", "continue", "vars ^global_(counter|pi|volatile|greeting|array|origin|origin_ptr)$", "vars file_static", "vars -v ^global_origin$", "vars nosuchglobal",
        ])
        let globals = session.output(of: "vars ^global_(counter|pi|volatile|greeting|array|origin|origin_ptr)$")
        let ours = Dictionary(globals.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.components(separatedBy: " = ")
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }, uniquingKeysWith: { first, _ in first })
        #expect(Set(ours.keys) == [
            "global_counter", "global_pi", "global_volatile", "global_greeting", "global_array", "global_origin", "global_origin_ptr",
        ], "\(globals)")

        let names = ["global_counter", "global_volatile", "global_greeting", "global_pi", "global_origin_ptr", "file_static"]
        let gdb = try await GDBOracle.run(binary, commands: ["break main", "run"] + names.map { "print \($0)" })
        let printed = gdb.split(separator: "\n").filter { $0.hasPrefix("$") }.map { String($0.split(separator: "=", maxSplits: 1)[1].dropFirst()) }
        #expect(printed.count == names.count, "gdb printed: \(gdb)")
        guard printed.count == names.count else { return }
        #expect(ours["global_counter"] == printed[0])
        #expect(ours["global_volatile"] == printed[1])
        #expect(ours["global_greeting"] == printed[2])
        #expect(Double(ours["global_pi"] ?? "") == Double(printed[3]))
        // gdb: (struct point *) 0x555555558100 <global_origin>; dbg: (*struct point)(0x555555558100).
        let gdbPointer = printed[4].firstMatch(of: /0x[0-9a-f]+/).map { String($0.0) }
        #expect(gdbPointer != nil && ours["global_origin_ptr"] == "(*struct point)(\(gdbPointer!))")
        #expect(session.output(of: "vars file_static") == "file_static = \(printed[5])\n")
        #expect(session.output(of: "vars -v ^global_origin$") == "global_origin = struct point {x: 0, y: 0}\n")
        #expect(session.output(of: "vars nosuchglobal") == "(no vars)\n")
    }

    @Test func librariesListsLibcAndADlopenedPlugin() async throws {
        let binary = try DelveOracle.fixture("c/dynload").binary
        let session = try await LiveSession.run("c/dynload", commands: [
            "break load_plugin", "continue", "libraries", "break dynload.c:50", "continue", "break plugin_compute", "continue",
            "libraries",
        ])
        let before = Self.libraries(session.output(of: "libraries"))
        #expect(before.contains { $0.path.hasSuffix("/libc.so.6") }, "\(before)")
        #expect(before.contains { $0.path.hasSuffix("/libshape.so") }, "\(before)")
        #expect(!before.contains { $0.path.hasSuffix("/libplugin.so") }, "not loaded yet: \(before)")
        #expect(!before.contains { $0.path == binary }, "the executable is not a library")

        #expect(session.output(of: "continue", occurrence: 2).hasPrefix("> plugin_compute() c/libplugin.c:"))
        let text = session.output(of: "libraries", occurrence: 1)
        let after = Self.libraries(text)
        #expect(text.split(separator: "\n").first?.hasPrefix("0. 0x") == true, "\(text)")
        let plugin = try #require(after.first { $0.path.hasSuffix("/libplugin.so") }, "\(text)")
        #expect(after.contains { $0.path.hasSuffix("/libc.so.6") })
        #expect(after.contains { $0.path.hasSuffix("/libshape.so") })

        // gdb's "From" is the start of the library's .text: just above its load address.
        let gdb = try await GDBOracle.run(binary, commands: Self.gdbSameStack + [
            "set breakpoint pending on", "break plugin_compute", "run", "info sharedlibrary",
        ])
        let gdbFrom = gdb.split(separator: "\n").first { $0.hasSuffix("libplugin.so") }
            .flatMap { $0.firstMatch(of: /0x([0-9a-f]+)/) }.flatMap { UInt64($0.1, radix: 16) }
        let from = try #require(gdbFrom, "gdb printed: \(gdb)")
        #expect(from >= plugin.address && from - plugin.address < 0x10000, "libplugin.so at 0x\(String(plugin.address, radix: 16)), gdb's .text at 0x\(String(from, radix: 16))")
    }

    /// The service refuses reads over 1 MiB in one request (memory and disassembly ranges).
    @Test func memoryRequestsAreBounded() async throws {
        let binary = try DelveOracle.fixture("c/hello").binary
        let debugger = try await LocalDebugger.start(.launch(API.LaunchRequest(
            path: binary, standardInput: .nullDevice, standardOutput: .nullDevice, standardError: .nullDevice)))
        _ = try await debugger.createBreakpoint(API.Breakpoint(exprString: "greet"))
        _ = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        let registers = try await debugger.listRegisters(scope: API.EvalScope(), includeFloatingPoint: false)
        let sp = try #require(registers.first { $0.name == "Rsp" }.flatMap { UInt64($0.value.dropFirst(2), radix: 16) })
        #expect(try await debugger.examineMemory(address: sp, length: 16).count == 16)
        await #expect(throws: ServiceError("cannot read 1048577 bytes at once: at most 1048576 bytes (1 MiB) per request")) {
            try await debugger.examineMemory(address: sp, length: (1 << 20) + 1)
        }
        let pc = try #require(registers.first { $0.name == "Rip" }.flatMap { UInt64($0.value.dropFirst(2), radix: 16) })
        await #expect(throws: ServiceError.self) {
            try await debugger.disassemble(scope: API.EvalScope(), start: pc, end: pc + (2 << 20), flavor: "")
        }
        await #expect(throws: ServiceError("disassembly flavor 'go' is not supported: use gnu (AT&T) or intel", kind: .unsupported)) {
            try await debugger.disassemble(scope: API.EvalScope(), start: pc, end: 0, flavor: "go")
        }
        // A range: from the pc, three instructions' worth, the first one marked.
        let range = try await debugger.disassemble(scope: API.EvalScope(), start: pc, end: pc + 9, flavor: "gnu")
        #expect(range.first?.atPC == true && range.first?.breakpoint == true && range.first?.loc.line == 12)
        #expect(range.first?.loc.function?.name == "greet")
        try await debugger.detach(kill: true)
    }

    // MARK: Parsing

    struct Register { var name: String; var value: UInt64 }

    /// `    Rip = 0x0000555555555145` lines (flags registers keep their hex value).
    static func registers(_ text: String) -> [Register] {
        text.split(separator: "\n").compactMap { line in
            guard let match = line.firstMatch(of: /^\s*(\S+) = 0x([0-9a-f]+)/), let value = UInt64(match.2, radix: 16) else { return nil }
            return Register(name: String(match.1), value: value)
        }
    }

    /// gdb's `info registers`: `rsp            0x7fffffffe590      0x7fffffffe590`.
    static func gdbRegisters(_ text: String) -> [Register] {
        text.split(separator: "\n").compactMap { line in
            guard let match = line.firstMatch(of: /^([a-z_0-9]+)\s+0x([0-9a-f]+)\s/), let value = UInt64(match.2, radix: 16) else { return nil }
            return Register(name: String(match.1), value: value)
        }
    }

    static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }

    /// The cells of an `examinemem` dump.
    static func memoryBytes(_ dump: String) -> [UInt8] {
        dump.split(separator: "\n").flatMap { row in
            row.split(separator: " ").dropFirst().compactMap { UInt8($0.dropFirst(2), radix: 16) }
        }
    }

    struct Line { var address: UInt64; var text: String; var atPC: Bool; var breakpoint: Bool; var location: String }

    /// The REPL's `disassemble`: `=>\thello.c:12\t0x555555555145*\tc745fc00000000\tmovl $0x0,-0x4(%rbp)`.
    static func instructions(_ listing: String) -> [Line] {
        listing.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 5 else { return nil }
            let breakpoint = fields[2].hasSuffix("*")
            let address = fields[2].replacingOccurrences(of: "*", with: "").dropFirst(2)
            guard let value = UInt64(address, radix: 16) else { return nil }
            return Line(address: value, text: fields[4...].joined(separator: "\t"), atPC: fields[0] == "=>", breakpoint: breakpoint, location: fields[1])
        }
    }

    /// gdb's `disassemble`: `=> 0x0000555555555145 <+12>:\tmovl   $0x0,-0x4(%rbp)`.
    static func gdbInstructions(_ listing: String) -> [Line] {
        listing.split(separator: "\n").compactMap { line in
            guard let match = line.firstMatch(of: /^(=>)?\s+0x([0-9a-f]+) <\+\d+>:\t(.*)$/), let address = UInt64(match.2, radix: 16) else { return nil }
            return Line(address: address, text: String(match.3), atPC: match.1 != nil, breakpoint: false, location: "")
        }
    }

    /// An instruction without `<symbol>` and `# comment`, spaces collapsed.
    static func bare(_ text: String) -> String {
        var result = text
        if let hash = result.firstIndex(of: "#") { result = String(result[..<hash]) }
        result = result.replacing(/<[^>]*>/, with: "")
        return result.split(separator: " ").joined(separator: " ")
    }

    /// The address in a `# 0x...` comment (gdb's rip-relative targets).
    static func comment(_ text: String) -> String? {
        text.firstMatch(of: /#\s*(0x[0-9a-f]+)/).map { String($0.1) }
    }

    static func mnemonic(_ text: String) -> String { String(text.split(separator: " ").first ?? "") }

    /// `libraries`: `0. 0x7ffff7dd5000 /usr/lib/x86_64-linux-gnu/libc.so.6`.
    static func libraries(_ text: String) -> [(address: UInt64, path: String)] {
        text.split(separator: "\n").compactMap { line in
            guard let match = line.firstMatch(of: /^\s*\d+\. 0x([0-9a-f]+) (.+)$/), let address = UInt64(match.1, radix: 16) else { return nil }
            return (address, String(match.2))
        }
    }
}
