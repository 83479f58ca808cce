import Testing

/// `print` where Go's rules reach through a value (Fixtures/go/expressions): indexing and
/// `len` through a pointer to an array, fields promoted through embedded pointers, a byte
/// slice converted to a string, complex arithmetic. Compared with Delve on the same binary.
@Suite struct GoExpressionTests {
    static let expressions = [
        "parr[1]", "parr[3] + parr[0]", "len(parr)", "cap(parr)", "*parr",
        "outer.s", "outer.v", "outer.Inner.s", "outer.Middle.Inner.v", "outer.depth", "outer.n", "outer.never",
        "string(src[:40])", "string(src)", "len(string(src[:12]))",
        "cpx1", "cpx1*2", "cpx1 + cpx1", "cpx1 - 1", "cpx1 / 2", "cpx1 * cpx1", "real(cpx1)", "imag(cpx1)",
        "cpx2", "cpx2 * 2", "real(cpx2)", "imag(cpx2)", "cpx1 == cpx1", "cpx1 != cpx1",
    ]

    /// Where dbg says something else on purpose, and why.
    static let intendedDifferences: [String: (ours: String, delve: String, reason: String)] = [
        "outer.never": (
            "Command failed: outer.Empty is nil: no never to read", "Command failed: outer is nil",
            "outer is not nil; the embedded pointer the field is promoted through is"),
    ]

    @Test func printsWhatDelvePrints() async throws {
        let script = ["break main.inspect", "continue"] + Self.expressions.map { "print \($0)" }
        let session = try await LiveSession.run("go/expressions", commands: script)
        let ours = session.outputs.map { GoStepIntoTests.comparable($0.text) }
        let delve = try await GoStepIntoTests.delveOutputs("go/expressions", script)
        for (index, expression) in Self.expressions.enumerated() {
            if let intended = Self.intendedDifferences[expression] {
                #expect(ours[index + 2] == intended.ours && delve[index + 2] == intended.delve, "print \(expression)")
                continue
            }
            #expect(ours[index + 2] == delve[index + 2], "print \(expression)")
        }
        #expect(ours[2] == "11")
    }
}
