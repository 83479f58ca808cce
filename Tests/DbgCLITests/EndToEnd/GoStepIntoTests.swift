import Foundation
import Testing

/// `step` enters each function a line calls, in the order Delve does, on Fixtures/go/stepping:
/// calls that open their line, calls in assignments with one and two results, leaf functions
/// without a stack-check prologue, a closure called inside another call's arguments, a call
/// through a function value in a return statement. Both debuggers run the same script on the
/// same binary; every stop they report must be the same.
@Suite struct GoStepIntoTests {
    static let script = [
        "break main.main", "continue",
        "step", "step", "stepout",  // leaf
        "step", "step", "stepout",  // nonleaf: its call opens the line
        "step", "step", "stepout",  // two
        "step", "step", "step", "stepout",  // strings.ToUpper
        "step", "step", "stepout",  // makeAcc
        "step", "step", "stepout",  // the closure, before fmt.Println
        "step", "stepout",  // fmt.Println, whose return address opens the next line
        "step", "step", "step", "stepout",  // apply, then leaf through f(z + a)
    ]

    /// The `> function() file:line (PC: ...)` line of each stop, and what `print` showed.
    static func stops(_ outputs: [String]) -> [String] {
        outputs.compactMap { text in
            let lines = text.split(separator: "\n").map(String.init)
            if let stop = lines.first(where: { $0.hasPrefix("> ") }) { return stop }
            return lines.count == 1 ? lines[0] : nil
        }
    }

    @Test func stepEntersWhatDelveEnters() async throws {
        let session = try await LiveSession.run("go/stepping", commands: Self.script)
        let (binary, _) = try DelveOracle.fixture("go/stepping")
        var marked: [String] = []
        for (index, command) in Self.script.enumerated() { marked += ["print \"=\(index)=\"", command] }
        let delve = DelveOracle.sections(try await DelveOracle.run(
            binary: binary, directory: DelveOracle.repositoryRoot, script: marked + ["exit"]))
        let theirs = Self.stops(Self.script.indices.map { (delve[String($0)] ?? []).joined(separator: "\n") })
        let ours = Self.stops(session.outputs.map(\.text))
        #expect(theirs.count >= 20, "Delve's stops: \(theirs)")
        #expect(ours == theirs)
    }

    /// A breakpoint on a function without a stack-check prologue stops at its `func` line,
    /// before its first statement has run; a local is unknown until the line after its
    /// declaration (Go describes it for its whole block), to `print` and `locals` alike.
    @Test func breakpointStopsBeforeTheFirstStatement() async throws {
        let script = [
            "break main.firstLine", "continue", "print dummy", "locals", "next", "print dummy", "next", "print dummy",
            "locals", "print dummy + 1",
        ]
        let session = try await LiveSession.run("go/stepping", commands: script)
        let delve = try await Self.delveOutputs("go/stepping", script)
        let ours = session.outputs.map { Self.comparable($0.text) }
        #expect(ours == delve)
        #expect(ours[2].contains("could not find symbol value for dummy"))
    }

    /// What Delve printed for each command of `script`, split at markers, comparable to ours.
    static func delveOutputs(_ fixture: String, _ script: [String]) async throws -> [String] {
        let (binary, _) = try DelveOracle.fixture(fixture)
        var marked: [String] = []
        for (index, command) in script.enumerated() { marked += ["print \"=\(index)=\"", command] }
        let sections = DelveOracle.sections(try await DelveOracle.run(
            binary: binary, directory: DelveOracle.repositoryRoot, script: marked + ["exit"],
            programOutput: DelveOracle.programOutputPath()))
        return script.indices.map { comparable((sections[String($0)] ?? []).joined(separator: "\n")) }
    }

    /// Stop lines, values and errors, without the source listing; Delve's errors in an init
    /// script are prefixed with the script's place instead of "Command failed: ".
    static func comparable(_ text: String) -> String {
        text.split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("  ") && !$0.hasPrefix("=>") && !$0.hasPrefix("(dlv)") && !$0.isEmpty }
            .map { $0.replacingOccurrences(of: #"^/\S+/init:\d+: "#, with: "Command failed: ", options: .regularExpression) }
            .joined(separator: "\n")
    }
}
