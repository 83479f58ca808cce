import DbgService
import DbgTestSupport
import Foundation
import Testing

/// `print`, `locals` and `args` on every kind of Go value, against Delve on the same binary
/// in the same run. Heap addresses differ between the two runs and so does the order of a
/// map's entries (the runtime seeds its hash at random), so addresses are masked and the
/// entries of multi-line maps compared as sets.
@Suite struct GoValueTests {
    static let stop = ["break main.go:203", "continue"]
    static let corpus = [
        "locals", "args", "print s", "print anything", "print err", "print o.Tags", "print *o", "print o.Lines[1]",
        "print o.Next.Client", "print len(skus)", "print cap(skus)", "print o.Tags[\"rush\"]", "print s.(main.Rect)",
        "print int64(priced)", "print missing == nil", "print o.Client == \"ACME Corp\"", "print skus[1:3]",
        "print skus[:2]", "print o.Client[0:4]", "print sizes", "print sizes[1:3]", "print ship", "print ship.By",
        "print z", "print z64", "print raw", "print buffered", "print unbuf", "print lineTotal", "print o.Status",
        "print stock", "print len(stock)", "print stock[\"C-300\"]", "print shapes", "print shapes[1]", "print discount",
        "print missing", "print &priced", "print -discount * 2", "print o.Lines[1].Qty * 3", "print len(buffered)", "print cap(buffered)",
    ]

    @Test func valuesPrintAsDelvePrintsThem() async throws {
        let (binary, directory) = try DelveOracle.fixture("go/goroutines")
        var script = Self.stop
        for (index, command) in Self.corpus.enumerated() { script += ["print \"=C\(index)=\"", command] }
        let delve = DelveOracle.sections(try await DelveOracle.run(binary: binary, directory: directory, script: script + ["exit"]))
        let ours = try await LiveSession.run("go/goroutines", commands: Self.stop + Self.corpus)
        for (index, command) in Self.corpus.enumerated() {
            let expected = Self.normalized((delve["C\(index)"] ?? []).joined(separator: "\n"))
            #expect(!expected.isEmpty, "Delve printed nothing for \(command)")
            #expect(Self.normalized(ours.output(of: command)) == expected, "\(command)")
        }
    }

    /// At a function's entry its arguments are still in registers (Go's register ABI):
    /// composite values made of register pieces print whole, not as nil.
    @Test func argumentsInRegistersAtEntry() async throws {
        let (binary, directory) = try DelveOracle.fixture("go/goroutines")
        let delve = DelveOracle.sections(try await DelveOracle.run(
            binary: binary, directory: directory, script: ["break main.inspect", "continue", "print \"=A=\"", "args", "exit"]))
        let ours = try await LiveSession.run("go/goroutines", commands: ["break main.inspect", "continue", "args"])
        let pick = { (lines: [String]) in Self.normalized(lines.filter { $0.hasPrefix("o = ") || $0.hasPrefix("s = ") }.joined(separator: "\n")) }
        let expected = pick(delve["A"] ?? [])
        #expect(expected.count == 2)
        #expect(pick(ours.output(of: "args").split(separator: "\n").map(String.init)) == expected)
    }

    /// In short form an interface holding a pointer shows the address of its data word
    /// (the interface's own address plus 8), not the pointer it holds: the relation holds in
    /// Delve's output and in dbg's (the addresses themselves differ from run to run).
    @Test func interfaceHoldingAPointerShowsItsDataWord() async throws {
        let (binary, directory) = try DelveOracle.fixture("go/goroutines")
        let delve = DelveOracle.sections(try await DelveOracle.run(
            binary: binary, directory: directory,
            script: Self.stop + ["print \"=L=\"", "locals", "print \"=A=\"", "print &err", "exit"]))
        let ours = try await LiveSession.run("go/goroutines", commands: Self.stop + ["locals", "print &err"])
        func offset(locals: String, addressOf: String) -> UInt64? {
            let shown = locals.firstMatch(of: #/err = error\(\*errors\.errorString\) 0x([0-9a-f]+)/#)
            let address = addressOf.firstMatch(of: #/\(\*error\)\(0x([0-9a-f]+)\)/#)
            guard let shown, let address, let data = UInt64(shown.1, radix: 16), let base = UInt64(address.1, radix: 16)
            else { return nil }
            return data &- base
        }
        let delveOffset = offset(locals: (delve["L"] ?? []).joined(separator: "\n"), addressOf: (delve["A"] ?? []).joined(separator: "\n"))
        #expect(delveOffset == 8)
        #expect(offset(locals: ours.output(of: "locals"), addressOf: ours.output(of: "print &err")) == delveOffset)
    }

    @Test func errorsSayWhatIsWrong() async throws {
        let commands = ["print o.Tags[\"none\"]", "print s.(main.Circle)", "print skus[2:9]", "print nosuch"]
        let ours = try await LiveSession.run("go/goroutines", commands: Self.stop + commands + ["print discount"])
        #expect(ours.transcript.contains("key not found"))
        #expect(ours.transcript.contains("interface conversion: main.Shape is main.Rect, not main.Circle"))
        #expect(ours.transcript.contains("slice bounds [2:9] out of range [0:3]"))
        #expect(ours.transcript.contains("could not find symbol value for nosuch") || ours.transcript.contains("nosuch"))
        // The session goes on after each error.
        #expect(ours.output(of: "print discount").trimmingCharacters(in: .whitespacesAndNewlines) == "0.25")
    }

    /// Addresses masked; the entry lines of each multi-line map sorted.
    static func normalized(_ text: String) -> [String] {
        let masked = text.replacingOccurrences(of: "0x[0-9a-f]{6,}", with: "0xADDR", options: .regularExpression)
        var lines = masked.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        var index = 0
        while index < lines.count {
            if lines[index].hasSuffix("map[string]int [") {
                var end = index + 1
                while end < lines.count && lines[end].hasSuffix(", ") { end += 1 }
                lines[(index + 1)..<end].sort()
                index = end
            } else {
                index += 1
            }
        }
        return lines
    }
}

/// A map caught while it grows (Fixtures/go/goroutines/maps.go): entries still in the old
/// buckets are read from there, each once.
@Suite struct GrowingMapTests {
    @Test func aMapMidGrowthListsEveryEntryOnce() async throws {
        let (debugger, _, _) = try await FixtureDebugger.stopped("go/goroutines", at: "maps.go:15")
        defer { Task { try? await debugger.detach(kill: true) } }
        var config = API.LoadConfig.standard
        config.maxArrayValues = 200
        let m = try await debugger.eval(scope: API.EvalScope(), expression: "m", config: config)
        // The runtime's hmap: count, flags, B, noverflow, hash0, buckets, then oldbuckets.
        let oldBuckets = try await debugger.examineMemory(address: m.base + 24, length: 8)
        #expect(oldBuckets.contains { $0 != 0 }, "the fixture's map should be mid-growth")
        #expect(m.len == 105)
        let keys = stride(from: 0, to: m.children.count, by: 2).map { m.children[$0].value }
        #expect(keys.sorted { Int($0) ?? 0 < Int($1) ?? 0 } == (0..<105).map(String.init))
        let values = stride(from: 1, to: m.children.count, by: 2).map { m.children[$0].value }
        #expect(Set(values) == Set((0..<105).map { "v\($0)" }))
    }
}
