import Foundation
import Testing

/// The Go differential corpus (Fixtures/corpus/go, issue 12): each program's session runs under
/// dbg and under Delve in the same test, and every command's output must be the same once
/// what changes from run to run (addresses, process, thread and goroutine ids) is masked
/// (GoCorpus.normalised). A difference is allowed only where a table below says why:
///
/// - `intendedDifferences`: dbg prints something else on purpose.
/// - `knownDefects`: dbg is wrong and the fix is pending (issue 12's item, or a description of
///   a defect found here). The command named must still differ: once it matches, the entry
///   fails the test, so that it is taken out and the table stays true. The commands after it,
///   up to `through`, may differ too (a step that goes elsewhere changes what follows).
@Suite struct GoCorpusTests {
    /// A command of a program's session: its index, and its text (checked against the session,
    /// so an entry cannot drift onto another command when a session changes).
    struct IntendedDifference {
        var program: String
        var command: Int
        var text: String
        var reason: String

        init(_ program: String, _ command: Int, _ text: String, _ reason: String) {
            self.program = program
            self.command = command
            self.text = text
            self.reason = reason
        }
    }

    /// What is wrong in dbg: issue 12's numbered item, or a defect this corpus found that the
    /// issue does not name ("new: ..."). Name each one as a static member when listing it.
    /// (None is listed today.)
    struct Cause {
        var rawValue: String
    }

    struct KnownDefect {
        var program: String
        var command: Int
        var text: String
        var through: Int?
        var causes: [Cause]

        init(_ program: String, _ command: Int, _ text: String, through: Int? = nil, _ causes: Cause...) {
            self.program = program
            self.command = command
            self.text = text
            self.through = through
            self.causes = causes
        }
    }

    /// dbg's deliberate choices: it prints something else than Delve, and says why.
    static let intendedDifferences: [IntendedDifference] = [
        .init("ints", 8, "print -i32", "-i32 of the smallest int32 wraps to itself, as Go's arithmetic does; Delve computes with untyped constants and prints 2147483648"),
        .init("floats", 2, "locals", "negative zero keeps its sign (-0), as Go's strconv prints it; Delve drops it"),
        .init("floats", 9, "print negZero", "negative zero keeps its sign (-0), as Go's strconv prints it; Delve drops it"),
        .init("evalerrors", 3, "print 1 +", "a syntax error says what was expected, and where, in the expression's own columns"),
        .init("evalerrors", 4, "print p.nofield", "the error names the type without the field"),
        .init("evalerrors", 6, "print arr[10]", "an index out of range says the index and the bounds"),
        .init("evalerrors", 7, "print s[5]", "an index out of range says the index and the bounds"),
        .init("evalerrors", 8, "print s[2:1]", "a slice out of range says the slice and the bounds"),
        .init("evalerrors", 10, "print *n", "the error says the operand's type"),
        .init("evalerrors", 11, "print n.(int)", "the error says the operand's type"),
        .init("evalerrors", 12, "print s == 1", "the error says which operand cannot be compared"),
        .init("evalerrors", 14, "frame 99 print n", "the error says how deep the stack is (Delve's names goroutine -1)"),
        .init("evalerrors", 15, "frobnicate", "the error repeats the command that was not found"),
        .init("breakpoints", 13, "break main.nosuch", "a location not found suggests `break -pending` (dbg debugs C programs whose libraries load later)"),
        .init("breakpoints", 14, "break main.go:9999", "a line without code says so and suggests `break -pending`"),
        .init("listing", 6, "list main.nosuch", "a function not found says so by name"),
        .init("deferargs", 9, "step", "step at a return stops in a deferred call that has arguments (Go wraps it in a closure); Delve 1.20 misses those and leaves the function"),
        .init("deferargs", 10, "args", "the arguments of that deferred call, where dbg's step stopped (see the step before)"),
        .init("breakpoints", 10, "breakpoints", "a disabled breakpoint still shows its address; Delve shows 0x0 once it has taken the int3s out"),
        .init("breakpoints", 12, "breakpoints", "a disabled breakpoint still shows its address; Delve shows 0x0 once it has taken the int3s out"),
        .init("setvars", 17, "set n = \"text\"", "the error says the value's type"),
        .init("stackflags", 3, "stack -full", "a variable whose location has no operations is `optimized out`, as DWARF means it; Delve reports its evaluator's `empty OP stack`"),
        .init("gofmt", 28, "stepout", "out of a method called through an interface (main.simplifier.Visit, entered by its autogenerated pointer wrapper (*simplifier).Visit), dbg shows the method's result (~r0, from the registers Go's ABI returns it in); Delve 1.20 prints an empty `Values returned:`"),
    ]

    /// dbg's defects, each command listed once with its causes.
    static let knownDefects: [KnownDefect] = [
    ]

    /// Why a command's outputs may differ, if a table says so.
    enum Allowance {
        case intended(String)
        case defect(KnownDefect, anchor: Bool)
    }

    static func allowance(_ program: String, _ command: Int) -> Allowance? {
        if let intended = intendedDifferences.first(where: { $0.program == program && $0.command == command }) {
            return .intended(intended.reason)
        }
        if let defect = knownDefects.first(where: { $0.program == program && $0.command == command }) {
            return .defect(defect, anchor: true)
        }
        if let defect = knownDefects.first(where: {
            $0.program == program && $0.command < command && command <= ($0.through ?? $0.command)
        }) {
            return .defect(defect, anchor: false)
        }
        return nil
    }

    /// A session that hangs (a continue that never stops) fails its program, not the run.
    /// (A session takes seconds; the limit allows for a machine shared with builds.)
    @Test(.timeLimit(.minutes(4)), arguments: GoCorpus.programs)
    func sessionPrintsWhatDelvePrints(program: String) async throws {
        let commands = try GoCorpus.session(of: program)
        async let delveRun = GoCorpus.underDelve(program, commands: commands)
        let ours = try await GoCorpus.underDbg(program, commands: commands)
        Self.compare(program, commands: commands, ours: ours, delve: try await delveRun)
    }

    /// The real program: gofmt from Go's own sources (built on first use, RealGofmtBuild)
    /// formatting Fixtures/corpus/real/shapes.go, its session in gofmt.session. The limit
    /// includes building gofmt on a new machine.
    @Test(.timeLimit(.minutes(6)))
    func gofmtSessionPrintsWhatDelvePrints() async throws {
        try await RealGofmtBuild.prepare()
        let commands = try RealGofmtBuild.commands()
        async let delveRun = GoCorpus.underDelve(
            binary: RealGofmtBuild.binary, directory: RealGofmtBuild.directory, arguments: RealGofmtBuild.arguments,
            commands: commands)
        let ours = try await GoCorpus.underDbg(
            fixture: RealGofmtBuild.relativeBinary, directory: RealGofmtBuild.directory, arguments: RealGofmtBuild.arguments,
            commands: commands)
        Self.compare(RealGofmtBuild.name, commands: commands, ours: ours, delve: try await delveRun)
    }

    /// Each command's outputs, compared under the tables; a summary line for the record.
    static func compare(_ program: String, commands: [String], ours: [String], delve: [String]) {
        var matched = 0, intended = 0, defects = 0
        for (index, command) in commands.enumerated() {
            let expected = GoCorpus.normalised(delve[index])
            let got = GoCorpus.normalised(ours[index])
            let same = expected == got
            if same { matched += 1 }
            switch (same, Self.allowance(program, index)) {
            case (true, nil), (true, .defect(_, anchor: false)):
                continue
            case (false, .intended):
                intended += 1
            case (false, .defect):
                defects += 1
            case (true, .intended(let reason)):
                Issue.record("\(program) [\(index)] \(command): listed as an intended difference (\(reason)) but dbg now prints what Delve prints: take it out of the table")
            case (true, .defect(let defect, anchor: true)):
                Issue.record("\(program) [\(index)] \(command): listed as a known defect (\(defect.causes.map(\.rawValue).joined(separator: "; "))) but dbg now prints what Delve prints: take it out of the table")
            case (false, nil):
                Issue.record("""
                    \(program) [\(index)] \(command): dbg and Delve differ
                    --- dbg:
                    \(got)
                    --- Delve:
                    \(expected)
                    """)
            }
        }
        print("go corpus \(program): \(commands.count) commands, \(matched) match, \(intended) differ on purpose, \(defects) differ by known defects")
    }

    /// A program's session: the corpus's, or the real program's.
    static func session(of program: String) throws -> [String] {
        program == RealGofmtBuild.name ? try RealGofmtBuild.commands() : try GoCorpus.session(of: program)
    }

    /// Every entry of the tables names a program of the corpus and a command of its session,
    /// by index and text, and no command is listed twice.
    @Test func tablesNameCommandsThatExist() throws {
        let entries = Self.intendedDifferences.map { ($0.program, $0.command, $0.text, $0.command) }
            + Self.knownDefects.map { ($0.program, $0.command, $0.text, $0.through ?? $0.command) }
        for (program, first, text, last) in entries {
            let known = GoCorpus.programs.contains(program) || program == RealGofmtBuild.name
            #expect(known, "\(program) is not in the corpus")
            guard known else { continue }
            let session = try Self.session(of: program)
            #expect(first <= last && last < session.count, "\(program) has no command \(last) (its session has \(session.count))")
            guard first < session.count else { continue }
            // $DIR is expanded in the session; the table keeps the text as written.
            let written = session[first].replacingOccurrences(of: GoCorpus.sourceRoot + "/" + program, with: "$DIR")
            #expect(written == text, "\(program) [\(first)] is `\(written)`, the table says `\(text)`")
        }
        let keys = entries.map { "\($0.0) \($0.1)" }
        #expect(Set(keys).count == keys.count, "a command is listed twice")
    }
}
