import Testing

/// `disassemble` of Go code prints what Delve prints, line for line: the `TEXT` header,
/// Delve's column padding, and each instruction as Go's x86asm spells it in Intel syntax
/// (`ptr`, `jnz`, signed immediates, `$function` targets, package variables by name), for
/// functions of the Go corpus and of the real program, gofmt. Both debuggers run in the
/// same test; code and data addresses are the same in both runs, so nothing is masked.
@Suite(.serialized) struct GoDisassemblyTests {
    /// A program of the corpus, stopped in one function, and the listings asked for.
    static let sessions: [(program: String, commands: [String])] = [
        // Comparisons and branches, a type switch (type addresses, calls to the runtime),
        // the caller's frame (Delve marks no return address), and runtime assembly.
        ("switches", [
            "break main.classify", "continue", "disassemble", "frame 1 disassemble", "disassemble -l main.describe",
            "disassemble -l runtime.morestack", "disassemble -l runtime.systemstack",
        ]),
        // Package variables read and written rip-relative (`[main.counter]`, `[x+8]`).
        ("globals", ["break main.bump", "continue", "disassemble", "disassemble -l main.main"]),
        // Floating point (SSE moves, conversions, comparisons) and integer arithmetic
        // (shifts, imul, idiv, signed immediates).
        ("floats", ["break main.main", "continue", "disassemble"]),
        ("ints", ["break main.main", "continue", "disassemble"]),
        // A closure and its context, interface method calls through itabs.
        ("closures", ["break main.makeAcc", "continue", "disassemble -l main.makeAcc.func1", "disassemble -l main.apply"]),
        ("interfaces", ["break main.main", "continue", "disassemble", "disassemble -l main.(*notFound).Error"]),
    ]

    @Test(.timeLimit(.minutes(2)), arguments: sessions.indices)
    func corpusFunctionsDisassembleAsUnderDelve(session index: Int) async throws {
        let (program, commands) = Self.sessions[index]
        async let delveRun = GoCorpus.underDelve(program, commands: commands)
        let ours = try await GoCorpus.underDbg(program, commands: commands)
        Self.compareListings(program, commands: commands, ours: ours, delve: try await delveRun)
    }

    /// gofmt's own functions and the library code its session goes through: the parser,
    /// the printer, the tabwriter, strconv's number conversions (larger functions, more kinds
    /// of instruction).
    @Test(.timeLimit(.minutes(3)))
    func gofmtFunctionsDisassembleAsUnderDelve() async throws {
        try await RealGofmtBuild.prepare()
        let commands = [
            "break main.processFile", "continue", "disassemble", "disassemble -l main.gofmtMain",
            "disassemble -l go/printer.(*printer).print", "disassemble -l go/scanner.(*Scanner).Scan",
            "disassemble -l text/tabwriter.(*Writer).format", "disassemble -l strconv.ryuFtoaShortest", "disassemble -l strconv.ParseUint",
        ]
        async let delveRun = GoCorpus.underDelve(
            binary: RealGofmtBuild.binary, directory: RealGofmtBuild.directory, arguments: RealGofmtBuild.arguments,
            commands: commands)
        let ours = try await GoCorpus.underDbg(
            fixture: RealGofmtBuild.relativeBinary, directory: RealGofmtBuild.directory, arguments: RealGofmtBuild.arguments,
            commands: commands)
        Self.compareListings(RealGofmtBuild.name, commands: commands, ours: ours, delve: try await delveRun)
    }

    /// After `step-instruction`, the instructions around the new pc: no header while the
    /// window starts past the function's entry (main.main, six instructions in), the header
    /// again once the step enters a function (main.add).
    @Test(.timeLimit(.minutes(2)))
    func stepInstructionListsTheInstructionsAroundThePC() async throws {
        let commands = ["break main.go:22", "continue", "step-instruction", "step-instruction", "step-instruction"]
        async let delveRun = GoCorpus.underDelve("instructions", commands: commands)
        let ours = try await GoCorpus.underDbg("instructions", commands: commands)
        let delve = try await delveRun
        #expect(!delve[2].contains("TEXT ") && delve[2].contains("=>\t"), "a window past the entry: \(delve[2])")
        #expect(delve[4].contains("\nTEXT main.add(SB) "), "a window at a function's entry: \(delve[4])")
        for index in 2..<commands.count {
            #expect(GoCorpus.normalised(ours[index]) == GoCorpus.normalised(delve[index]), "[\(index)] \(commands[index])")
        }
    }

    /// Every `disassemble` command's output, the same line for line; each listing must be
    /// a real one (a header and instructions), so that two equal errors cannot pass.
    static func compareListings(_ program: String, commands: [String], ours: [String], delve: [String]) {
        for (index, command) in commands.enumerated() where command.hasSuffix("disassemble") || command.contains("disassemble ") {
            let expected = GoCorpus.normalised(delve[index]).split(separator: "\n", omittingEmptySubsequences: false)
            let got = GoCorpus.normalised(ours[index]).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(expected.first?.hasPrefix("TEXT ") == true && expected.count > 3, "\(program) [\(index)] \(command): Delve printed \(expected.joined(separator: "\n"))")
            for line in 0..<max(expected.count, got.count) {
                let theirs = line < expected.count ? String(expected[line]) : "(nothing)"
                let mine = line < got.count ? String(got[line]) : "(nothing)"
                #expect(mine == theirs, "\(program) [\(index)] \(command), line \(line + 1):\n dbg:   \(mine)\n Delve: \(theirs)")
                if mine != theirs { break }  // one difference a listing: the lines after it shift
            }
        }
    }
}
