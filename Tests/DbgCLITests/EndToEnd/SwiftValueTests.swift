import DbgTestSupport
import Foundation
import Testing
@testable import DbgCLI

/// Swift values against two oracles, on Fixtures/swift/zoo stopped where every value is a
/// local: the program's own reflection of each value (its Mirror, written as dbg writes Swift
/// values, printed by the program itself at that line), and LLDB's `frame variable` (the
/// same facts: every string, number, bool and nil in the same order).
@Suite struct SwiftValueTests {
    static let fixture = "swift/zoo"

    /// `zoo.swift:LINE` of the line marked "look here".
    static var stop: String {
        get throws {
            let source = try String(contentsOfFile: Fixtures.repositoryRoot + "/Fixtures/swift/zoo.swift", encoding: .utf8)
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
            let index = try #require(lines.firstIndex { $0.contains("// look here") })
            return "zoo.swift:\(index + 1)"
        }
    }

    static let locals = [
        "everything", "origin", "pet", "stray", "heading", "parcels", "sum", "nickname", "missing", "maybeCount",
        "nothing", "twice", "pair", "named", "scores", "empty", "contiguous", "byCity", "tags", "noEntries", "depot",
        "shape", "bigShape", "anything", "owner", "values", "counter", "kennel", "crate", "slot", "double", "word", "span",
        "through",
    ]

    /// Where the program's own reflection says less: a closure is `(Function)` to Mirror; dbg
    /// names the function, as LLDB does.
    static let programSaysLess = ["double": (program: "(Function)", dbg: "closure #1 in zoo.look(at:)")]

    /// What LLDB adds to what Swift itself writes (and dbg with it): a pointer's pointee, a
    /// closure's signature and place, a Substring's storage. Its answer must say so, and dbg's
    /// facts must be among its own.
    static let lldbAddsInternals = [
        "slot": "pointee = 7", "double": "closure #1 (Swift.Int) -> Swift.Int in zoo.look(at:",
        "word": "_slice = (_startIndex = 6[utf8], _endIndex = 11[utf8]",
    ]

    /// An object met twice in one value: LLDB shows it once (`keeper = 0x... {...}`), dbg each
    /// time (to the load limits), so dbg's facts begin with LLDB's and go on.
    static let lldbElidesRepeatedObjects: Set<String> = ["kennel"]

    /// Where LLDB says something else on purpose or by its own fault; each is checked.
    static let lldbDifferences: [String: String] = [
        // LLDB on Linux cannot read a nil class reference held in a local: "<empty constant data>".
        "stray": "<empty constant data>",
        // LLDB prints `nil` for `.some(nil)`: the program itself says Optional(nil), as dbg does.
        "twice": "nil",
    ]

    static func session() async throws -> LiveSession {
        // Deep enough for `pet.best` (a Dog inside a Dog inside an Optional).
        try await LiveSession.run(
            fixture,
            commands: ["config max-variable-recurse 4", "break \(try stop)", "continue"] + locals.map { "print \($0)" } + ["continue"])
    }

    /// The program's `NAME = TEXT` lines.
    static func programLines(_ output: String) -> [String: String] {
        var lines: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let separator = line.range(of: " = ") else { continue }
            lines[String(line[..<separator.lowerBound])] = String(line[separator.upperBound...])
        }
        return lines
    }

    @Test func printWritesWhatTheProgramsOwnReflectionWrites() async throws {
        let session = try await Self.session()
        let program = Self.programLines(session.programOutput)
        #expect(program.count >= Self.locals.count, "the program printed \(session.programOutput)")
        for name in Self.locals {
            let ours = session.output(of: "print \(name)").trimmingCharacters(in: .whitespacesAndNewlines)
            if let expected = Self.programSaysLess[name] {
                #expect(program[name] == expected.program && ours == expected.dbg, "print \(name): \(ours)")
                continue
            }
            #expect(ours == program[name], "print \(name)")
        }
    }

    @Test func printSaysWhatLLDBSays() async throws {
        let session = try await Self.session()
        let binary = try Fixtures.binary(Self.fixture)
        let lldb = try await LLDBOracle.run(binary, breakpoint: try Self.stop.replacingOccurrences(of: ":", with: " -l "),
                                           commands: Self.locals.map { "frame variable \($0)" })
        let theirs = Self.lldbValues(lldb)
        for name in Self.locals {
            let ours = session.output(of: "print \(name)").trimmingCharacters(in: .whitespacesAndNewlines)
            guard let answer = theirs[name] else {
                Issue.record("LLDB printed nothing for \(name): \(lldb)")
                continue
            }
            if let expected = Self.lldbDifferences[name] {
                #expect(answer.trimmingCharacters(in: .whitespacesAndNewlines) == expected, "LLDB's \(name) changed: \(answer)")
                continue
            }
            if let expected = Self.lldbAddsInternals[name] {
                let (mine, lldbs) = (SwiftLeaves(ours).leaves, SwiftLeaves(answer).leaves)
                #expect(answer.contains(expected) && mine.allSatisfy(lldbs.contains), "print \(name): dbg \(ours), LLDB \(answer)")
                continue
            }
            if Self.lldbElidesRepeatedObjects.contains(name) {
                let (mine, lldbs) = (SwiftLeaves(ours).leaves, SwiftLeaves(answer).leaves)
                #expect(!lldbs.isEmpty && mine.starts(with: lldbs) && mine.count > lldbs.count, "print \(name): dbg \(ours), LLDB \(answer)")
                continue
            }
            #expect(SwiftLeaves(ours) == SwiftLeaves(answer), "print \(name): dbg \(ours), LLDB \(answer)")
        }
    }

    /// LLDB's `(TYPE) NAME = VALUE` answers (a value may run over several lines), by name.
    static func lldbValues(_ transcript: String) -> [String: String] {
        var values: [String: String] = [:]
        var current: String?
        for line in transcript.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("(lldb) ") {
                current = nil
                continue
            }
            // The name is the word before the first " = " (a type may hold spaces: `() -> ()`).
            if line.hasPrefix("("), let equals = line.range(of: " = ") {
                let name = String(line[..<equals.lowerBound].split(separator: " ").last ?? "")
                if locals.contains(name), values[name] == nil {
                    current = name
                    values[name] = String(line[equals.upperBound...])
                    continue
                }
            }
            if let name = current { values[name, default: ""] += "\n" + line }
        }
        return values
    }
}

/// The facts of a printed value, in order: its quoted strings, numbers (as doubles), bools and
/// nils; type names, field names, case names and addresses left out (LLDB and dbg spell those
/// apart: `(x = 3, y = -4)` and `zoo.Point(x: 3, y: -4)` are the same facts).
struct SwiftLeaves: Equatable, CustomStringConvertible {
    enum Leaf: Equatable {
        case text(String), number(Double), bool(Bool), none
    }

    var leaves: [Leaf] = []

    init(_ text: String) {
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" {
                var literal = ""
                var cursor = text.index(after: index)
                while cursor < text.endIndex, text[cursor] != "\"" {
                    if text[cursor] == "\\", text.index(after: cursor) < text.endIndex {
                        literal.append(text[cursor])
                        cursor = text.index(after: cursor)
                    }
                    literal.append(text[cursor])
                    cursor = text.index(after: cursor)
                }
                leaves.append(.text(literal))
                index = cursor < text.endIndex ? text.index(after: cursor) : cursor
                continue
            }
            if character.isLetter || character == "_" || character.isNumber || character == "-" || character == "." {
                var word = ""
                var cursor = index
                while cursor < text.endIndex,
                      text[cursor].isLetter || text[cursor].isNumber || "_.-+<>".contains(text[cursor]) {
                    word.append(text[cursor])
                    cursor = text.index(after: cursor)
                }
                // A label (`x: 3`, `x = 3`, LLDB's `[0] = 7`) and LLDB's counts (`2 values`,
                // `1 key/value pair`) are not facts of the value.
                let rest = text[cursor...].drop { $0 == " " || $0 == "]" }
                if rest.hasPrefix("=") || rest.hasPrefix(":") || rest.hasPrefix("value") || rest.hasPrefix("key/value") {
                    index = cursor
                    continue
                }
                switch word {
                case "true": leaves.append(.bool(true))
                case "false": leaves.append(.bool(false))
                case "nil": leaves.append(.none)
                default:
                    if !word.hasPrefix("0x"), let number = Double(word) { leaves.append(.number(number)) }
                }
                index = cursor
                continue
            }
            index = text.index(after: index)
        }
    }

    var description: String { "\(leaves)" }
}

/// A generic function's values, bound at each call (Fixtures/swift/values: largest<T> called
/// first with [Int], then with [String]): the same as LLDB's at the same stop.
@Suite struct SwiftGenericValueTests {
    @Test func aGenericFunctionsValuesAreTheirBoundTypesAsLLDBShowsThem() async throws {
        let source = try String(contentsOfFile: Fixtures.repositoryRoot + "/Fixtures/swift/values.swift", encoding: .utf8)
        let line = try #require(source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("best = v") }) + 1
        let names = ["values", "best", "v"]
        let session = try await LiveSession.run("swift/values", commands: ["break values.swift:\(line)", "continue"] + names.map { "print \($0)" })
        let lldb = try await LLDBOracle.run(
            try Fixtures.binary("swift/values"), breakpoint: "values.swift -l \(line)", commands: ["frame variable " + names.joined(separator: " ")])
        #expect(session.output(of: "print values").trimmingCharacters(in: .whitespacesAndNewlines) == "[7, 3, 9, 1]")
        #expect(session.output(of: "print best").trimmingCharacters(in: .whitespacesAndNewlines) == "nil")
        #expect(session.output(of: "print v").trimmingCharacters(in: .whitespacesAndNewlines) == "7")
        let answers = (lldb.components(separatedBy: "(lldb) frame variable").last ?? "").split(separator: "\n")
        for name in ["best", "v"] {
            let answer = try #require(answers.first { $0.contains(") \(name) = ") }, "\(lldb)")
            let value = String(answer.split(separator: "=", maxSplits: 1)[1])
            #expect(SwiftLeaves(session.output(of: "print \(name)")) == SwiftLeaves(value), "print \(name): \(answer)")
        }
        #expect(lldb.contains("[0] = 7") && lldb.contains("[3] = 1"), "\(lldb)")
    }
}

/// Expressions on Swift values and `set` of Swift scalars, in the zoo: what dbg computes is
/// what Swift would, and what `set` writes is what the program then prints of itself.
@Suite struct SwiftExpressionTests {
    @Test func expressionsReadAndSetWritesWhatTheProgramThenSees() async throws {
        let answers: [(expression: String, value: String)] = [
            ("origin.x + 5 == 8", "true"), ("scores[0] * 2", "14"), ("scores.count", "4"), ("byCity[\"Oslo\"]", "3"),
            ("values.small == \"tiny\"", "true"), ("pet.name", "\"Rex\""), ("pet.tricks[1]", "\"roll\""),
            ("kennel.keeper.legs - 1", "3"), ("values.large.count", "41"), ("depot.items[0].y", "-4"), ("*slot", "7"),
        ]
        let session = try await LiveSession.run(
            "swift/zoo",
            commands: ["break \(try SwiftValueTests.stop)", "continue"] + answers.map { "print \($0.expression)" }
                + ["set origin.x = 10", "print origin", "set values.pi = 1.5", "set values.yes = false", "print values.pi",
                   "print values.yes", "set pet.legs = 3", "continue"])
        for answer in answers {
            #expect(session.output(of: "print \(answer.expression)").trimmingCharacters(in: .whitespacesAndNewlines) == answer.value,
                    "print \(answer.expression)")
        }
        // The program prints copies of its structs made before the stop: dbg's view shows the
        // writes; a class instance is shared, so the program's own print shows them too.
        #expect(session.output(of: "print origin").trimmingCharacters(in: .whitespacesAndNewlines) == "zoo.Point(x: 10, y: -4)")
        #expect(session.output(of: "print values.pi").trimmingCharacters(in: .whitespacesAndNewlines) == "1.5")
        #expect(session.output(of: "print values.yes").trimmingCharacters(in: .whitespacesAndNewlines) == "false")
        let program = SwiftValueTests.programLines(session.programOutput)
        #expect(program["pet"]?.hasPrefix("zoo.Dog(name: \"Rex\", legs: 3, ") == true, "\(session.programOutput)")
        #expect(program["owner"]?.hasPrefix("zoo.Dog(name: \"Rex\", legs: 3, ") == true, "\(session.programOutput)")
    }
}

/// Values of types a library declares (Fixtures/swift/dated: Foundation's Date and
/// DateComponents), laid out by that library's reflection metadata; a Date written as its own
/// description writes it, which the program prints.
@Suite struct SwiftLibraryTypeTests {
    @Test func foundationsTypesAreReadFromFoundationsMetadata() async throws {
        let source = try String(contentsOfFile: Fixtures.repositoryRoot + "/Fixtures/swift/dated.swift", encoding: .utf8)
        let line = try #require(source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("// look here") }) + 1
        let session = try await LiveSession.run(
            "swift/dated", commands: ["break dated.swift:\(line)", "continue", "print when", "print later", "print meeting", "print parts._year",
                                      "continue"])
        let program = SwiftValueTests.programLines(session.programOutput)
        func printed(_ name: String) -> String { session.output(of: "print \(name)").trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(printed("when") == program["when"], "\(session.transcript)")
        #expect(printed("later") == program["later"], "\(session.transcript)")
        #expect(printed("meeting") == "dated.Meeting(title: \"review\", at: \(program["later"] ?? "?"))")
        #expect(printed("parts._year") == "Optional(\(program["year"] ?? "?"))")
    }
}
