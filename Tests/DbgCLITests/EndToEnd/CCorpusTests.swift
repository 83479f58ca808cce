import Testing

/// The C corpus (issue 12, "Right on real programs"): each program of Fixtures/corpus/c
/// carries a session at its top; the session runs under gdb and under dbg in the same
/// test, and what each command shows is compared for its meaning (a stop's function, file
/// and line; a value's numbers, text, pointers, fields and elements; a backtrace's
/// functions and lines), not its spelling.
///
/// Every command must match, except the ones listed below: an intended difference (a
/// reason) or a known defect (the issue-12 item that fixes it). A listed defect must still
/// differ: when it is fixed the test fails until it is taken off the list, so the list
/// stays true.
@Suite(.serialized) struct CCorpusTests {
    /// (program, step in its session counted from 1, the command): why dbg shows something
    /// else on purpose.
    static let intendedDifferences: [(program: String, step: Int, command: String, reason: String)] = [
        ("flexible_array", 3, "print *message",
         "a flexible int array member: gdb shows where it starts, dbg an empty array (the struct's size holds none of it)"),
        ("library_calls", 1, "break realloc",
         "before the program runs: gdb sets it on the PLT stub realloc@plt and moves it to libc's realloc when libc loads; dbg makes it pending on the library that defines it; both stop in libc's realloc"),
        ("library_calls", 2, "break getc",
         "as break realloc: gdb on getc@plt, dbg pending on the library; both stop in libc's getc"),
        ("int3", 1, "run",
         "the program's own int3: gdb says \"received signal SIGTRAP\", dbg says [hardcoded-breakpoint] as Delve does; same place, and neither passes the SIGTRAP on"),
    ]

    /// (program, step, command, issue-12 item): a difference that is a defect of dbg.
    /// Items without a number in the issue are named by what they are.
    /// (None today: every listed defect has been fixed.)
    static let knownDefects: [(program: String, step: Int, command: String, item: String)] = [
    ]

    @Test(arguments: CorpusProgram.all())
    func sessionMeansWhatGDBSays(_ program: CorpusProgram) async throws {
        try await Self.compare(program)
    }

    /// The real program: Lua's interpreter (built from a PyPI sdist on first use) running a
    /// script, its session in Fixtures/corpus/real/lua.session.
    @Test func luaInterpreterSessionMeansWhatGDBSays() async throws {
        try await Self.compare(try await RealLuaBuild.program())
    }

    static func compare(_ program: CorpusProgram) async throws {
        let run = try await CorpusRun.run(program)
        var matched = 0, intended = 0, defects = 0
        for (index, command) in program.commands.enumerated() {
            let step = index + 1
            let differences = run.dbg[index].differences(fromGDB: run.gdb[index])
            let where_ = "\(program.name) step \(step) `\(command.text)`"
            if Self.intendedDifferences.contains(where: { $0.program == program.name && $0.step == step }) {
                intended += 1
            } else if let defect = Self.knownDefects.first(where: { $0.program == program.name && $0.step == step }) {
                defects += 1
                #expect(!differences.isEmpty, "\(where_): known defect (\(defect.item)) no longer reproduces: take it off knownDefects")
                for difference in differences { print("known defect \(where_): \(difference)") }
            } else if differences.isEmpty {
                matched += 1
            } else {
                Issue.record("\(where_): \(differences.joined(separator: "; "))")
            }
        }
        print("corpus \(program.name): \(program.commands.count) commands, \(matched) match, \(intended) intended, \(defects) known defects")
    }

    /// The tables name real steps, with the command written there: edits to a session
    /// cannot leave an entry pointing at another command.
    @Test func expectationTablesNameRealSteps() {
        var programs = Dictionary(uniqueKeysWithValues: CorpusProgram.all().map { ($0.name, $0.commands) })
        programs["lua"] = try? CorpusProgram.commands(inSessionFile: RealLuaBuild.session)
        let entries = Self.intendedDifferences.map { ($0.program, $0.step, $0.command) } + Self.knownDefects.map { ($0.program, $0.step, $0.command) }
        for (name, step, command) in entries {
            let commands = programs[name] ?? []
            #expect(commands.indices.contains(step - 1) && commands[step - 1].text == command, "\(name) step \(step) is not `\(command)`")
        }
    }

    @Test func corpusHasTwentyProgramsOrMore() {
        #expect(CorpusProgram.all().count >= 20)
    }
}
