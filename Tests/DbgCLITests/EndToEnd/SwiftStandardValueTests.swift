import DbgTestSupport
import Foundation
import Testing

/// Standard library values a debugger shows as they describe themselves (Fixtures/swift/standard):
/// `print` of each local is what the program itself prints of it with `String(reflecting:)`,
/// in the same run, and holds the same facts as LLDB's `frame variable`.
@Suite struct SwiftStandardValueTests {
    static let names = ["failure", "classFailure", "nothing", "something", "key", "middle", "banner", "letter", "identity", "timeout", "outcome"]

    /// Intended differences from the program's own text: a class instance is shown with its
    /// stored properties (Swift writes its class's name alone).
    static let classFields = ["classFailure": #"(reason: "stopped")"#, "something": "(number: 12)"]

    static func lookHere() throws -> Int {
        let source = try String(contentsOfFile: Fixtures.repositoryRoot + "/Fixtures/swift/standard.swift", encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.lastIndex { $0.contains("// look here") }) + 1
    }

    @Test func eachValueIsWhatTheProgramWritesOfIt() async throws {
        let session = try await LiveSession.run(
            "swift/standard", commands: ["break standard.swift:\(try Self.lookHere())", "continue"] + Self.names.map { "print \($0)" }
                + ["clearall", "continue"])
        let written = Dictionary(uniqueKeysWithValues: session.programOutput.split(separator: "\n").compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(colon, offsetBy: 2)...]))
        })
        #expect(written.count == Self.names.count, "\(session.programOutput)")
        for name in Self.names {
            var shown = session.output(of: "print \(name)").trimmingCharacters(in: .whitespacesAndNewlines)
            if let fields = Self.classFields[name] { shown = shown.replacingOccurrences(of: fields, with: "") }
            #expect(shown == written[name], "print \(name): dbg \(shown), the program \(written[name] ?? "nothing")")
        }
    }

    /// LLDB shows the same facts, where it reads the value (it shows a Duration's stored words
    /// and an `any Error` as its dynamic value's cases; the leaves compared are those both show).
    @Test func theFactsAreLLDBs() async throws {
        let compared = ["failure", "key", "middle", "banner", "identity"]
        let leavesCompared = compared.filter { $0 != "identity" }  // an address, compared whole below
        let session = try await LiveSession.run(
            "swift/standard", commands: ["break standard.swift:\(try Self.lookHere())", "continue"] + compared.map { "print \($0)" })
        let lldb = try await LLDBOracle.run(
            try Fixtures.binary("swift/standard"), breakpoint: "standard.swift -l \(try Self.lookHere())",
            commands: ["frame variable " + compared.joined(separator: " ")])
        let transcript = lldb.components(separatedBy: "(lldb) frame variable").last ?? ""
        func answer(_ name: String) throws -> String {
            let start = try #require(transcript.range(of: ") \(name) = "), "\(lldb)")
            // Up to the next variable's `(Type) name = `.
            return transcript[start.upperBound...].components(separatedBy: "\n(").first ?? ""
        }
        let identity = session.output(of: "print identity").trimmingCharacters(in: .whitespacesAndNewlines)
        let lldbIdentity = try answer("identity")
        #expect(identity.hasPrefix("ObjectIdentifier(0x") && lldbIdentity.hasPrefix(String(identity.dropLast())), "\(identity) \(lldb)")
        for name in leavesCompared {
            let answer = try answer(name)
            let numbersAndTexts = { (text: String) in
                SwiftLeaves(text).leaves.filter { if case .text = $0 { return true }; if case .number = $0 { return true }; return false }
            }
            let ours = numbersAndTexts(session.output(of: "print \(name)"))
            let theirs = numbersAndTexts(answer)
            #expect(!ours.isEmpty && theirs.allSatisfy { ours.contains($0) } && ours.allSatisfy { theirs.contains($0) },
                    "print \(name): dbg \(ours), LLDB \(theirs) in \(answer)")
        }
    }
}
