import DbgTestSupport
import Testing
@testable import DbgSymbols

/// The line table as gdb keeps it (`maint info line-table`) and reads it (`info line *ADDR`),
/// on optimised code where rows share addresses and many are not statements.
@Suite struct StatementLineTableTests {
    static let binaries = ["c/interning", "c/optimized", "c/structs", "c/threads"]

    /// Every entry gdb keeps, per file, in gdb's order.
    @Test(arguments: binaries)
    func entriesMatchGDBsLineTable(_ relative: String) throws {
        let path = try Fixtures.binary(relative)
        let output = try Oracle.gdb(path, script: ["maint info line-table"])
        var gdbEntries: [String: [String]] = [:]
        var file: String?
        let entry = #/^\d+\s+(\d+|END)\s+(0x[0-9a-f]+)\s*(Y?)/#
        for line in output.split(separator: "\n") {
            if line.hasPrefix("symtab: ") {
                file = line.dropFirst(8).split(separator: " (").first.map { SourcePath.normalize(String($0)) }
            } else if let file, let match = try entry.prefixMatch(in: line), let address = Oracle.hex(match.2) {
                let number = match.1 == "END" ? "0" : String(match.1)
                gdbEntries[file, default: []].append("\(number) 0x\(String(address, radix: 16)) \(match.3 == "Y" || number == "0")")
            }
        }
        let debugInfo = try #require(try BinaryImage.open(path).debugInfo)
        var ours: [String: [String]] = [:]
        for unit in debugInfo.units {
            let table = try debugInfo.lineTable(of: unit)
            for (index, entries) in table.statements.entriesByFile {
                let name = try #require(table.fileName(index))
                ours[name, default: []] += entries.map { "\($0.line) 0x\(String($0.address.value, radix: 16)) \($0.isStatement || $0.line == 0)" }
            }
        }
        #expect(gdbEntries.values.map(\.count).reduce(0, +) > 20, "gdb printed too little: \(output.prefix(300))")
        for (name, expected) in gdbEntries where !expected.isEmpty {
            #expect(ours[name] == expected, "\(relative): \(name)")
        }
    }

    /// `info line *ADDR` for every address of every function with line information.
    @Test(arguments: binaries)
    func everyAddressShowsGDBsLine(_ relative: String) throws {
        let path = try Fixtures.binary(relative)
        let image = try BinaryImage.open(path)
        let debugInfo = try #require(image.debugInfo)
        var addresses: [Address] = []
        for unit in debugInfo.units {
            for function in try debugInfo.detail(of: unit).functions {
                for range in function.ranges where range.size < 4096 {
                    addresses += stride(from: range.low.value, to: range.high.value, by: 1).map(Address.init)
                }
            }
        }
        #expect(addresses.count > 50)
        let script = addresses.map { "info line *0x\(String($0.value, radix: 16))" }
        let lines = try Oracle.gdb(path, script: script).split(separator: "\n").filter {
            $0.hasPrefix("Line ") || $0.hasPrefix("No line number")
        }
        #expect(lines.count == addresses.count, "gdb answered \(lines.count) of \(addresses.count)")
        let pattern = #/^Line (\d+) of "([^"]+)"/#
        var mismatches: [String] = []
        for (address, answer) in zip(addresses, lines) {
            let gdbLine = try pattern.prefixMatch(in: answer).flatMap { Int($0.1) }
            let ours = image.sourceLocation(for: address)
            if ours?.line != gdbLine {
                mismatches.append("0x\(String(address.value, radix: 16)): gdb \(gdbLine.map(String.init) ?? "none"), ours \(ours.map { String($0.line) } ?? "none")")
            }
        }
        #expect(mismatches.isEmpty, "\(relative): \(mismatches.prefix(20).joined(separator: "; "))")
    }
}
