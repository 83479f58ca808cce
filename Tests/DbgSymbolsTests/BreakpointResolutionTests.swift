import DbgTestSupport
import Foundation
import Testing
@testable import DbgSymbols

/// Where breakpoints go, against gdb (C) and Delve (Go) on the same binaries.
@Suite struct BreakpointResolutionTests {
    static let cFixtures: [(binary: String, sources: [String])] = [
        ("c/structs", ["c/structs.c"]), ("c/hello", ["c/hello.c"]), ("c/threads", ["c/threads.c"]),
        ("c/loops", ["c/loops.c"]), ("c/crash", ["c/crash.c"]), ("c/signals", ["c/signals.c"]),
        ("c/libshape.so", ["c/libshape.c"]), ("c/forks", ["c/forks.c"]),
    ]

    /// Every DWARF function: `info address` (the entry) and `break` (after the prologue).
    @Test(arguments: cFixtures.map(\.binary) + ["c/optimized"])
    func functionEntriesAndBreakpointsMatchGDB(_ relative: String) throws {
        let path = try Fixtures.binary(relative)
        let image = try BinaryImage.open(path)
        let debugInfo = try #require(image.debugInfo)
        let names = Set(debugInfo.units.flatMap { (try? debugInfo.detail(of: $0).functions) ?? [] }.map(\.name)).sorted()
        #expect(names.count >= 2)
        let script = names.flatMap { ["echo @@\($0)\\n", "info address \($0)", "break \($0)"] }
        let output = try Oracle.gdb(path, script: script)
        let sections = Self.sections(output)
        let entryPattern = #/is a function at address (0x[0-9a-f]+)/#
        let breakPattern = #/Breakpoint \d+ at (0x[0-9a-f]+)/#
        var compared = 0
        for name in names {
            guard let text = sections[name] else { continue }
            let ours = image.functions(named: name)
            guard ours.count == 1, let function = ours.first else { continue }  // static twins: gdb picks one
            if let entry = try entryPattern.firstMatch(in: text).flatMap({ Oracle.hex($0.1) }) {
                #expect(function.entry.value == entry, "\(relative): entry of \(name)")
            }
            if let address = try breakPattern.firstMatch(in: text).flatMap({ Oracle.hex($0.1) }) {
                #expect(image.breakpointAddress(for: function).value == address, "\(relative): break \(name)")
                compared += 1
            }
        }
        #expect(compared >= names.count / 2, "\(relative): gdb answered for too few functions")
    }

    /// `break FILE:N` for every line of the fixture's source: same addresses, same line.
    @Test(arguments: cFixtures)
    func everyLineBreakpointMatchesGDB(_ fixture: (binary: String, sources: [String])) throws {
        let path = try Fixtures.binary(fixture.binary)
        let image = try BinaryImage.open(path)
        for source in fixture.sources {
            let fileName = String(source.split(separator: "/").last ?? "")
            let lineCount = try String(contentsOfFile: Fixtures.source(source), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).count
            let script = (1...lineCount).flatMap { line in
                ["echo @@\(line)\\n", "break \(fileName):\(line)", "info breakpoints", "delete"]
            }
            let sections = Self.sections(try Oracle.gdb(path, script: script))
            let location = #/(0x[0-9a-f]{16})\s+in \S+ at \S+:(\d+)/#
            for line in 1...lineCount {
                let text = sections[String(line)] ?? ""
                let gdbAddresses = text.matches(of: location).compactMap { Oracle.hex($0.1) }.sorted()
                let gdbLine = text.firstMatch(of: location).flatMap { Int($0.2) }
                let ours = try? image.resolveLine(file: fileName, line: line)
                if gdbAddresses.isEmpty {
                    #expect(ours == nil, "\(fileName):\(line): gdb finds no code, we resolve \(String(describing: ours))")
                } else {
                    #expect(ours?.addresses.map(\.value) == gdbAddresses, "\(fileName):\(line) addresses")
                    #expect(ours?.line == gdbLine, "\(fileName):\(line) moved to the line with code")
                }
            }
        }
    }

    /// Functions that exist only as inlined copies (-O2): one location per copy, where gdb
    /// puts them.
    @Test func inlinedOnlyFunctionsMatchGDB() throws {
        let path = try Fixtures.binary("c/optimized")
        let image = try BinaryImage.open(path)
        let names = ["mix", "clamp", "step"]
        let script = names.flatMap { ["echo @@\($0)\\n", "break \($0)", "info breakpoints", "delete"] }
        let sections = Self.sections(try Oracle.gdb(path, script: script))
        let location = #/(0x[0-9a-f]{16})\s+in \S+ at \S+:\d+/#
        for name in names {
            let gdbAddresses = Set((sections[name] ?? "").matches(of: location).compactMap { Oracle.hex($0.1) })
            #expect(!gdbAddresses.isEmpty, "gdb found no \(name)")
            #expect(image.functions(named: name).allSatisfy { $0.inlinedCall != nil }, "\(name) is inlined only")
            let ours = Set(image.functions(named: name).map { image.breakpointAddress(for: $0).value })
            #expect(ours == gdbAddresses, "break \(name)")
        }
    }

    /// Go: `break FUNC` for every function of package main, against Delve.
    @Test func goFunctionBreakpointsMatchDelve() throws {
        let path = try Fixtures.binary("go/goroutines")
        let image = try BinaryImage.open(path)
        let names = image.symbols.functionSymbols.map(\.name).filter { $0.hasPrefix("main.") }.sorted()
        #expect(names.count >= 5)
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let initFile = directory + "/init"
        try (names.map { "break \($0)" } + ["exit"]).joined(separator: "\n").write(toFile: initFile, atomically: true, encoding: .utf8)
        let output = try Oracle.run("dlv", ["exec", path, "--init", initFile, "--allow-non-terminal-interactive=true"])
        let pattern = #/Breakpoint \d+ set at (0x[0-9a-f]+) for (\S+)\(\)/#
        var compared = 0
        for match in (output.stdout + output.stderr).matches(of: pattern) {
            let name = String(match.2)
            guard let address = Oracle.hex(match.1), let function = image.functions(named: name).first else { continue }
            #expect(image.breakpointAddress(for: function).value == address, "break \(name)")
            compared += 1
        }
        #expect(compared >= names.count / 2, "Delve set too few breakpoints: \(output.stderr.prefix(300))")
    }

    /// Splits gdb output at the `@@KEY` markers the scripts echo.
    static func sections(_ output: String) -> [String: String] {
        var result: [String: String] = [:]
        var key: String?
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("@@") {
                key = String(line.dropFirst(2))
                result[key ?? ""] = ""
            } else if let key {
                result[key, default: ""] += line + "\n"
            }
        }
        return result
    }
}
