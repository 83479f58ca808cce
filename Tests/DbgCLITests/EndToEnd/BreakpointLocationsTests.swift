import Foundation
import Testing
@testable import DbgCLI

/// One `break` is one breakpoint, whatever number of places it resolves to, with the
/// places gdb finds.
@Suite struct BreakpointLocationsTests {
    /// Two static functions named `find` in two units (c/twins): one breakpoint, two
    /// locations; clearing it clears both, so the program then runs to its end.
    @Test func staticTwinsAreOneBreakpointWithGDBsLocations() async throws {
        let binary = try DelveOracle.fixture("c/twins").binary
        let gdb = try await GDBOracle.run(binary, commands: ["break find", "run", "info breakpoints", "delete 1", "continue"])
        let gdbAddresses = Set(gdb.matches(of: #/^1\.\d+\s+y\s+(0x[0-9a-f]+)/#.anchorsMatchLineEndings()).compactMap {
            UInt64($0.1.dropFirst(2), radix: 16)
        })
        #expect(gdbAddresses.count == 2, "gdb: \(gdb)")
        #expect(gdb.contains("exited normally"))

        let session = try await LiveSession.run("c/twins", commands: ["break find", "breakpoints", "continue", "clear 1", "continue"])
        let set = session.output(of: "break find")
        #expect(set.split(separator: "\n").count == 1, "\(set)")
        let ours = Set(set.matches(of: #/0x[0-9a-f]+/#).compactMap { UInt64($0.output.dropFirst(2), radix: 16) })
        #expect(ours == gdbAddresses, "ours: \(set)")
        #expect(session.output(of: "breakpoints").split(separator: "\n").count == 1)
        #expect(session.output(of: "continue").hasPrefix("> find() c/twins.c:16 (hits total:1)"))
        #expect(session.output(of: "continue", occurrence: 1).contains("has exited with status 0"), "\(session.transcript)")
        #expect(session.programOutput == "found 3 and 4\n")
    }

    /// add3 (c/inlining, -O2) is called through a pointer (its out-of-line copy) and
    /// directly (inlined): `break add3` has both locations and stops at both, in gdb's order.
    @Test func outOfLineAndInlinedCopiesMatchGDB() async throws {
        let binary = try DelveOracle.fixture("c/inlining").binary
        let gdb = try await GDBOracle.run(binary, commands: [
            "break add3", "run", "info breakpoints", "p/x $pc", "continue", "p/x $pc", "continue",
        ])
        let gdbAddresses = Set(gdb.matches(of: #/^1\.\d+\s+y\s+(0x[0-9a-f]+)/#.anchorsMatchLineEndings()).compactMap {
            UInt64($0.1.dropFirst(2), radix: 16)
        })
        #expect(gdbAddresses.count == 2, "gdb: \(gdb)")
        let gdbStops = gdb.matches(of: #/^Breakpoint 1\.\d+, (?:(0x[0-9a-f]+) in )?add3 \(.*\) at \S+:(\d+)$/#.anchorsMatchLineEndings())
            .map { Int($0.2) ?? 0 }
        #expect(gdbStops.count == 2, "gdb: \(gdb)")

        let session = try await LiveSession.run("c/inlining", commands: ["break add3", "continue", "continue", "continue"])
        let ours = Set(session.output(of: "break add3").matches(of: #/0x[0-9a-f]+/#).compactMap { UInt64($0.output.dropFirst(2), radix: 16) })
        #expect(ours == gdbAddresses, "\(session.transcript)")
        // The same copy first (at -O2 the call through the pointer runs first), then the other.
        let gdbPCs = gdb.matches(of: #/^\$\d+ = 0x([0-9a-f]+)$/#.anchorsMatchLineEndings()).map { String($0.1) }
        #expect(gdbPCs.count == 2, "gdb: \(gdb)")
        for (index, line) in gdbStops.enumerated() where index < gdbPCs.count {
            let stop = session.output(of: "continue", occurrence: index)
            #expect(stop.hasPrefix("> add3() c/inlining.c:\(line) (hits total:\(index + 1)) (PC: 0x\(gdbPCs[index]))"), "\(stop)")
        }
        #expect(session.output(of: "continue", occurrence: 2).contains("has exited with status 0"))
        #expect(session.programOutput == "7 8\n")
    }

    /// Two specs for one place (`break main` and `break twins.c:LINE` of main's first line):
    /// two breakpoints at one address, as gdb makes, and a hit counts for both. The same spec
    /// again is refused, as Delve does (gdb makes a third).
    @Test func twoSpecsForOnePlaceAreTwoBreakpointsAsInGDB() async throws {
        let binary = try DelveOracle.fixture("c/twins").binary
        let first = try await GDBOracle.run(binary, commands: ["break main"])
        let place = try #require(first.firstMatch(of: #/Breakpoint 1 at 0x[0-9a-f]+: file \S+, line (\d+)\./#), "gdb: \(first)")
        let line = String(place.1)
        let gdb = try await GDBOracle.run(binary, commands: ["break main", "break twins.c:\(line)", "run", "info breakpoints"])
        #expect(gdb.matches(of: #/breakpoint already hit 1 time/#).count == 2, "gdb: \(gdb)")

        let session = try await LiveSession.run("c/twins", commands: [
            "break main", "break twins.c:\(line)", "continue", "breakpoints", "break main",
        ])
        let address = try #require(session.output(of: "break main").firstMatch(of: #/set at (0x[0-9a-f]+)/#)?.1)
        #expect(session.output(of: "break twins.c:\(line)").hasPrefix("Breakpoint 2 set at \(address) "), "\(session.transcript)")
        #expect(session.output(of: "continue").hasPrefix("> main() c/twins.c:\(line) (hits total:1)"), "\(session.transcript)")
        let listed = session.output(of: "breakpoints").split(separator: "\n")
        #expect(listed.count == 2 && listed.allSatisfy { $0.hasSuffix("(1)") }, "\(session.transcript)")
        #expect(session.output(of: "break main", occurrence: 1).contains("Breakpoint exists"), "\(session.transcript)")
    }
}
