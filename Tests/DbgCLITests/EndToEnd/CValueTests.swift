import DbgTestSupport
import Foundation
import Testing
@testable import DbgCLI

/// C values against gdb: dbg's REPL and gdb run Fixtures/c/pointers to the same stop in
/// the same test, print the same things, and must mean the same (CValueMeaning: field
/// names, addresses, numbers, string bytes, unreadable addresses). Where dbg spells a value
/// differently on purpose (Delve's spelling), `intendedDifferences` says how and why, and
/// checks that both still print what it says.
@Suite struct CValueTests {
    static let fixture = "c/pointers"

    /// Printed in `inspect` by both: `print DBG` against gdb's `print GDB`.
    static let printed: [(dbg: String, gdb: String)] = [
        // A pointer to pointers, its first slots NULL: its own address, never `nil`.
        ("t->slots", "t->slots"), ("slots", "slots"), ("*t", "*t"), ("t->slots[2]", "t->slots[2]"),
        ("t->slots[0]", "t->slots[0]"),
        // dbg follows a pointer to a struct (Delve); gdb shows the struct with `*`.
        ("t", "*t"),
        // NULL and unreadable memory: one line of error at the top, the address inside a value.
        ("fs->f->k", "fs->f->k"), ("fs->f->k[0]", "fs->f->k[0]"), ("*fs->f->k", "*fs->f->k"),
        ("fs->f->k->number", "fs->f->k->number"), ("dangling", "dangling"), ("*dangling.k", "*dangling.k"),
        ("dangling.k->tag", "dangling.k->tag"), ("dangling.k[1]", "dangling.k[1]"),
        // Text: char arrays whole, a char * by its text, the address when asked for.
        ("padded", "padded"), ("inner_nul", "inner_nul"), ("text", "text"), ("(void *)text", "(void *)text"),
        ("*text", "*text"),
        // Floating point at the edges of its range.
        ("edges", "edges"), ("edges.huge", "edges.huge"), ("edges.smallest", "edges.smallest"),
        ("edges.single_max", "edges.single_max"), ("edges.single_max_widened", "edges.single_max_widened"),
        ("edges.tenth * 3", "edges.tenth * 3"), ("edges.huge * 10", "edges.huge * 10"),
        // gdb's artificial arrays.
        ("*squares@5", "*squares@5"), ("squares[1]@3", "squares[1]@3"), ("*text@5", "*text@5"),
        ("padded[1]@3", "padded[1]@3"), ("*t@1", "*t@1"), ("*squares@2+1", "*squares@2+1"),
        ("1@2", "1@2"), ("*squares@0", "*squares@0"), ("squares[0]@-1", "squares[0]@-1"),
    ]

    /// `x` in dbg (Delve's flags) against gdb's `x/NFU`: the same addresses and bytes.
    static let examined: [(dbg: String, gdb: String)] = [
        ("x -fmt hex -len 16 text", "x/16xb text"),
        ("x -len 4 -size 4 squares", "x/4xw squares"),
        ("x &t->size", "x/1xb &t->size"),
        ("x -len 3 &text[7]", "x/3xb &text[7]"),
        ("x -len 12 padded", "x/12xb padded"),
        ("x -size 8 -len 2 t", "x/2xg t"),
        ("x -size 8 slots", "x/1xg slots"),
        ("x -size 4 -len 2 &dangling", "x/2xw &dangling"),
        ("x inspect", "x/1xb inspect"),
        ("x 0x0", "x/1xb 0"),
        ("x fs->f->k", "x/1xb fs->f->k"),
    ]

    /// Where dbg prints the same thing another way on purpose. Each row is checked: dbg's
    /// output matches `dbg`, gdb's matches `gdb`, both for `print EXPRESSION` in `inspect`.
    struct IntendedDifference {
        var expression: String
        /// What dbg prints and what gdb prints (regular expressions, whole output).
        var dbg: String
        var gdb: String
        var reason: String
        /// Whether the two still say the same facts (CValueMeaning), only spelled apart.
        var sameFacts = true
    }

    static let intendedDifferences: [IntendedDifference] = [
        IntendedDifference(
            expression: "text", dbg: #"^"hello, world"$"#, gdb: #"^0x[0-9a-f]+ "hello, world"$"#,
            reason: "A char * prints as its text, as Delve prints C strings. Nothing is lost: `print (void *)p` "
                + "and `x p` give the address (checked above), NULL prints `*char nil` (never \"\"), and a pointer "
                + "to memory that cannot be read prints `(unreadable cannot read memory at 0x…)`, with the address."),
        IntendedDifference(
            expression: "t", dbg: #"^\*struct table \{slots: \(\*\*char\)\(0x[0-9a-f]+\), size: 4\}$"#,
            gdb: #"^\(struct table \*\) 0x[0-9a-f]+$"#,
            reason: "Delve follows a pointer to a struct and shows the struct (`*` in front); gdb shows the "
                + "pointer's value. A pointer to a pointer is never followed: `(**char)(0x…)`, its own value, as gdb.",
            sameFacts: false),
        IntendedDifference(
            expression: "edges.tenth", dbg: #"^0\.1$"#, gdb: #"^0\.10000000000000001$"#,
            reason: "The same double: dbg writes the fewest digits that read back as it (as Go does), gdb 17."),
        IntendedDifference(
            expression: "edges.huge", dbg: #"^1e\+300$"#, gdb: #"^1\.0000000000000001e\+300$"#,
            reason: "The same double, in gdb's form (an exponent past 17 digits), never 301 digits."),
        IntendedDifference(
            expression: "edges.smallest", dbg: #"^5e-324$"#, gdb: #"^4\.9406564584124654e-324$"#,
            reason: "The same double (the smallest above zero): 5e-324 reads back as it."),
        IntendedDifference(
            expression: "edges.single_max", dbg: #"^3\.4028235e\+38$"#, gdb: #"^3\.40282347e\+38$"#,
            reason: "The same float: the fewest digits that read back as it, gdb 9."),
        IntendedDifference(
            expression: "padded", dbg: #"^"hello(\\x00){6}"$"#, gdb: #"^"hello(\\000){6}"$"#,
            reason: "Go's escapes, as Delve quotes strings; both show the whole array but the NUL that ends it."),
        IntendedDifference(
            expression: "*squares@5", dbg: #"^\[5\]int \[0,1,4,9,16\]$"#, gdb: #"^\{0, 1, 4, 9, 16\}$"#,
            reason: "Delve's spelling of an array."),
        IntendedDifference(
            expression: "*t", dbg: #"^struct table \{slots: \(\*\*char\)\(0x[0-9a-f]+\), size: 4\}$"#,
            gdb: #"^\{slots = 0x[0-9a-f]+, size = 4\}$"#,
            reason: "Delve's spelling of a struct and of a pointer: the type in front, `name: value`."),
        IntendedDifference(
            expression: "fs->f->k", dbg: #"^\*struct tvalue nil$"#, gdb: #"^\(struct tvalue \*\) 0x0$"#,
            reason: "Delve's spelling of a NULL pointer."),
        IntendedDifference(
            expression: "*fs->f->k", dbg: #"^Command failed: cannot read memory at 0x0$"#,
            gdb: #"^Cannot access memory at address 0x0$"#, reason: "The same error in dbg's words."),
        IntendedDifference(
            expression: "dangling", dbg: #"^struct proto \{\n\tk: \*\(unreadable cannot read memory at 0x10\),\n\tsizek: 1,\}$"#,
            gdb: #"^\{k = 0x10, sizek = 1\}$"#,
            reason: "Delve follows the pointer and marks what it cannot read, with the address; gdb shows the pointer."),
    ]

    // MARK: Running both

    /// What gdb printed for each command, stopped in `inspect` (run with -ex so that an
    /// error does not end the script): the value without `$N = `, or the error. With `core`,
    /// read from that core file of the fixture instead.
    static func gdbAnswers(_ commands: [String], core: String? = nil) async throws -> [(text: String, isError: Bool)] {
        let (binary, _) = try DelveOracle.fixture(fixture)
        var arguments = ["-batch", "-nx"]
        // The program's stack starts where it does under dbg only with the same environment:
        // gdb adds LINES and COLUMNS, and starts it through a shell.
        let printing = ["set pagination off", "set confirm off", "set width 0", "set print repeats unlimited", "set print elements unlimited"]
        let run = ["set startup-with-shell off", "unset environment LINES", "unset environment COLUMNS", "break inspect", "run"]
        for command in printing + (core == nil ? run : []) + commands.flatMap({ ["echo @@@\\n", $0] }) { arguments += ["-ex", command] }
        let output = try await ProcessRunner.run("/usr/bin/gdb", arguments + [binary] + (core.map { [$0] } ?? [])).text
        let answers = output.components(separatedBy: "@@@\n").dropFirst().map { answer -> (String, Bool) in
            let trimmed = answer.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed.hasPrefix("$"), let equals = trimmed.range(of: " = ") else { return (trimmed, true) }
            return (String(trimmed[equals.upperBound...]), false)
        }
        guard answers.count == commands.count else {
            throw DelveOracle.Failure(description: "gdb answered \(answers.count) of \(commands.count):\n\(output)")
        }
        return answers
    }

    static func dbgSession(_ commands: [String]) async throws -> LiveSession {
        try await LiveSession.run(fixture, commands: ["break inspect", "continue"] + commands)
    }

    // MARK: Tests

    @Test func printMeansWhatGDBPrints() async throws {
        let session = try await Self.dbgSession(Self.printed.map { "print \($0.dbg)" })
        let gdb = try await Self.gdbAnswers(Self.printed.map { "print \($0.gdb)" })
        Self.checkPrinted(session, gdb)
    }

    /// `printed`'s rows, dbg's answers in `session` against gdb's: the same facts, errors in one line.
    static func checkPrinted(_ session: LiveSession, _ gdb: [(text: String, isError: Bool)]) {
        #expect(gdb.count == printed.count)
        for (row, gdbAnswer) in zip(Self.printed, gdb) {
            let ours = session.output(of: "print \(row.dbg)").trimmingCharacters(in: .whitespacesAndNewlines)
            let ourError = ours.hasPrefix("Command failed: ")
            #expect(ourError == gdbAnswer.isError, "print \(row.dbg): dbg \(ours), gdb \(gdbAnswer.text)")
            #expect(!ourError || !ours.contains("\n"), "print \(row.dbg) fails in one line: \(ours)")
            let (ourFacts, gdbFacts) = (CValueMeaning.dbg(ours), CValueMeaning.gdb(gdbAnswer.text))
            #expect(CValueMeaning.same(ourFacts, gdbFacts),
                    "print \(row.dbg): dbg \(ours) says \(ourFacts); gdb \(gdbAnswer.text) says \(gdbFacts)")
        }
    }

    @Test func argsAndLocalsMeanWhatGDBPrints() async throws {
        let session = try await Self.dbgSession(["args", "frame 1 locals"])
        let gdb = try await Self.gdbAnswers(["info args", "up", "info locals"])
        func byName(_ text: String) -> [String: String] {
            var values: [String: String] = [:]
            for line in text.split(separator: "\n") {
                guard let equals = line.range(of: " = ") else { continue }
                values[String(line[..<equals.lowerBound])] = String(line[equals.upperBound...])
            }
            return values
        }
        for (ours, theirs) in [(session.output(of: "args"), gdb[0].text), (session.output(of: "frame 1 locals"), gdb[2].text)] {
            let (ourValues, gdbValues) = (byName(ours), byName(theirs))
            #expect(ourValues.count >= 5 && Set(ourValues.keys) == Set(gdbValues.keys), "dbg:\n\(ours)\ngdb:\n\(theirs)")
            for (name, gdbValue) in gdbValues {
                let ourValue = ourValues[name] ?? ""
                #expect(CValueMeaning.same(CValueMeaning.dbg(ourValue), CValueMeaning.gdb(gdbValue)),
                        "\(name): dbg \(ourValue), gdb \(gdbValue)")
            }
        }
        // The slots and the pointer to a NULL pointer show their own addresses.
        #expect(session.output(of: "args").contains("slots = (**char)(0x"))
        #expect(session.output(of: "frame 1 locals").contains("to_none = (**char)(0x"))
        #expect(session.output(of: "frame 1 locals").contains("none = *char nil"))
    }

    @Test func examineTakesExpressionsAsGDBsXDoes() async throws {
        let session = try await Self.dbgSession(Self.examined.map(\.dbg))
        let gdb = try await Self.gdbAnswers(Self.examined.map(\.gdb))
        Self.checkExamined(session, gdb)
        let notAnAddress = try await Self.dbgSession(["x *t"]).output(of: "x *t").trimmingCharacters(in: .newlines)
        #expect(notAnAddress == "Command failed: *t is not an address (a struct): examine &*t")
    }

    /// `examined`'s rows, dbg's bytes in `session` against gdb's: the same addresses and values.
    static func checkExamined(_ session: LiveSession, _ gdb: [(text: String, isError: Bool)]) {
        #expect(gdb.count == examined.count)
        /// (address, value) for each value shown, from `0x4010 <sym>:\t0x68\t0x65` lines.
        func cells(_ text: String) -> [(UInt64, UInt64)] {
            var result: [(UInt64, UInt64)] = []
            for line in text.split(separator: "\n") {
                guard !line.contains("Cannot access"), let match = line.wholeMatch(of: /(0x[0-9a-f]+)(?: <[^>]*>)?:\s+(.*)/),
                      let start = UInt64(match.1.dropFirst(2), radix: 16) else { continue }
                let values = match.2.split(whereSeparator: \.isWhitespace).compactMap { UInt64($0.dropFirst(2), radix: 16) }
                result += values.map { (start, $0) }
            }
            return result
        }
        for (row, (gdbAnswer, _)) in zip(Self.examined, gdb) {
            let ours = session.output(of: row.dbg)
            let (ourCells, gdbCells) = (cells(ours), cells(gdbAnswer))
            if gdbCells.isEmpty {
                // gdb: "Cannot access memory at address 0x0"; dbg: one line saying the same address.
                #expect(ourCells.isEmpty && ours.split(separator: "\n").count == 1, "\(row.dbg): \(ours)")
                // gdb writes the address before the error too (`0x0:\tCannot access ...`).
                let gdbFacts = CValueMeaning.gdb(gdbAnswer).filter { if case .unreadable = $0 { true } else { false } }
                #expect(!gdbFacts.isEmpty && CValueMeaning.same(CValueMeaning.dbg(ours), gdbFacts),
                        "\(row.dbg): dbg \(ours), gdb \(gdbAnswer)")
                continue
            }
            #expect(ourCells.first?.0 == gdbCells.first?.0, "\(row.dbg) starts where gdb's does: dbg \(ours), gdb \(gdbAnswer)")
            #expect(ourCells.map(\.1) == gdbCells.map(\.1), "\(row.dbg): dbg \(ours), gdb \(gdbAnswer)")
        }
    }

    @Test func intendedDifferencesAreWhatTheTableSays() async throws {
        let rows = Self.intendedDifferences
        let session = try await Self.dbgSession(rows.map { "print \($0.expression)" })
        let gdb = try await Self.gdbAnswers(rows.map { "print \($0.expression)" })
        for (row, (gdbAnswer, _)) in zip(rows, gdb) {
            let ours = session.output(of: "print \(row.expression)").trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try Regex(row.dbg).wholeMatch(in: ours) != nil, "dbg's print \(row.expression): \(ours) (\(row.reason))")
            #expect(try Regex(row.gdb).wholeMatch(in: gdbAnswer) != nil, "gdb's print \(row.expression): \(gdbAnswer)")
            #expect(CValueMeaning.same(CValueMeaning.dbg(ours), CValueMeaning.gdb(gdbAnswer)) == row.sameFacts,
                    "\(row.expression): the same facts: \(row.sameFacts)")
        }
    }
}
