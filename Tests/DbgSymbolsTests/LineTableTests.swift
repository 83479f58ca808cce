import DbgTestSupport
import Testing
@testable import DbgSymbols

/// Every line-table row against `objdump --dwarf=decodedline`.
@Suite struct LineTableTests {
    struct Row: Hashable, Comparable, CustomStringConvertible {
        var file: String
        var line: String  // "-" for the end of a sequence
        var address: UInt64
        var isStatement: Bool

        static func < (a: Row, b: Row) -> Bool {
            (a.address, a.file, a.line, a.isStatement ? 1 : 0) < (b.address, b.file, b.line, b.isStatement ? 1 : 0)
        }
        var description: String { "\(file):\(line) 0x\(String(address, radix: 16))\(isStatement ? " stmt" : "")" }
    }

    static func objdumpRows(_ path: String) throws -> [Row] {
        let output = try Oracle.run("objdump", ["--dwarf=decodedline", path]).stdout
        var rows: [Row] = []
        var inOwnSection = true
        let row = #/^(\S+)\s+(\d+|-)\s+(0x[0-9a-f]+)(.*)$/#
        for line in output.split(separator: "\n") {
            if line.hasPrefix("Contents of the .debug_line section") {
                // objdump also follows Swift's clang module caches: keep only the binary's own table.
                inOwnSection = !line.contains("loaded from") || line.contains("loaded from \(path)")
                continue
            }
            guard inOwnSection, let match = try? row.wholeMatch(in: line), let address = Oracle.hex(match.3) else { continue }
            let isStatement = match.2 != "-" && match.4.trimmingCharacters(in: .whitespaces).hasSuffix("x")
            rows.append(Row(file: String(match.1), line: String(match.2), address: address, isStatement: isStatement))
        }
        return rows
    }

    static func ourRows(_ path: String) throws -> [Row] {
        let image = try BinaryImage.open(path)
        let debugInfo = try #require(image.debugInfo)
        var rows: [Row] = []
        for unit in debugInfo.units {
            let table = try debugInfo.lineTable(of: unit)
            for row in table.rows {
                let name = table.fileName(row.file).map { String($0.split(separator: "/").last ?? "") } ?? "?"
                rows.append(Row(
                    file: name, line: row.isEndSequence ? "-" : String(row.line), address: row.address.value,
                    isStatement: !row.isEndSequence && row.isStatement))
            }
        }
        return rows
    }

    @Test(arguments: ["c/structs", "c/optimized", "c/threads", "c/libshape.so", "go/goroutines", "swift/values"])
    func everyRowMatchesObjdump(_ relative: String) throws {
        let path = try Fixtures.binary(relative)
        var expected = try Self.objdumpRows(path)
        let ours = try Self.ourRows(path)
        #expect(expected.count > 10, "objdump printed too few rows for \(relative)")
        #expect(ours.count == expected.count, "\(relative): \(ours.count) rows, objdump has \(expected.count)")
        // objdump prints an end of sequence as "-", except in some LLVM (swiftc) tables, where
        // it repeats the last row's line: match ours against whichever row it printed there.
        for end in ours where end.line == "-" {
            let index = expected.firstIndex { $0.address == end.address && $0.line == "-" }
                ?? expected.lastIndex { $0.address == end.address }
            #expect(index != nil, "\(relative): objdump has no row at our end of sequence \(end)")
            if let index { expected.remove(at: index) }
        }
        let actual = ours.filter { $0.line != "-" }
        let missing = Set(expected).subtracting(actual)
        let extra = Set(actual).subtracting(expected)
        #expect(missing.isEmpty, "\(relative): rows objdump has and we lack: \(missing.sorted().prefix(5))")
        #expect(extra.isEmpty, "\(relative): rows we have and objdump lacks: \(extra.sorted().prefix(5))")
    }

    @Test func addressLookupFindsTheCoveringRow() throws {
        let table = LineTable(files: ["/src/a.c"], rows: [
            LineRow(address: Address(0x100), line: 3, column: 0, file: 0, flags: .isStatement),
            LineRow(address: Address(0x108), line: 4, column: 0, file: 0, flags: .isStatement),
            LineRow(address: Address(0x108), line: 5, column: 0, file: 0, flags: .isStatement),
            LineRow(address: Address(0x110), line: 0, column: 0, file: 0, flags: .endSequence),
        ])
        #expect(table.row(for: Address(0x0ff)) == nil)
        #expect(table.row(for: Address(0x100))?.line == 3)
        #expect(table.row(for: Address(0x107))?.line == 3)
        #expect(table.row(for: Address(0x108))?.line == 5)  // the last row at an address wins
        #expect(table.row(for: Address(0x10f))?.line == 5)
        #expect(table.row(for: Address(0x110)) == nil)  // the end marker is outside the sequence
    }

    @Test func sourcePathSuffixesMatchOnlyAtComponentBoundaries() {
        #expect(SourcePath.matches("/src/pkg/main.go", query: "main.go"))
        #expect(SourcePath.matches("/src/pkg/main.go", query: "pkg/main.go"))
        #expect(SourcePath.matches("/src/pkg/main.go", query: "/src/pkg/main.go"))
        #expect(!SourcePath.matches("/src/pkg/domain.go", query: "main.go"))
        #expect(SourcePath.normalize("/a/./b/../c.c") == "/a/c.c")
    }
}
