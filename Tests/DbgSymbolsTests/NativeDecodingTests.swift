import CDwarf
import DbgTestSupport
import Foundation
import Testing
@testable import DbgSymbols

/// dbg reads entries and line programs from the section bytes itself (DIEDecoder,
/// LineProgramDecoder), leaving to libdwarf only what it does not decode. Both readings of
/// every unit must agree, entry by entry and row by row, on C (DWARF 5, -O0 and -O2, and
/// DWARF 4 and 2), Go (DWARF 4 with location lists) and Swift binaries, and on glibc's
/// detached debug file.
@Suite struct NativeDecodingTests {
    @Test(arguments: ["c/structs", "c/optimized", "c/tls", "c/libshape.so", "go/goroutines", "go/labels", "swift/values"])
    func fixtureAgreesWithLibdwarf(_ fixture: String) throws {
        let summary = try Self.compareEveryUnit(in: try Fixtures.binary(fixture))
        #expect(summary.entries > 10)
        #expect(summary.rows > 10)
        if fixture.hasPrefix("go/") {
            // Go's DWARF uses no form the decoder leaves to libdwarf.
            #expect(summary.fallbacks == 0)
            #expect(summary.locationLists > 0)
        }
    }

    @Test(arguments: ["-gdwarf-4", "-gdwarf-2"])
    func olderDWARFVersionsAgreeWithLibdwarf(_ flag: String) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let binary = directory + "/optimized"
        _ = try ExpressionFixtures.run("gcc", [flag, "-O2", "-o", binary, Fixtures.source("c/optimized.c")])
        let summary = try Self.compareEveryUnit(in: binary)
        #expect(summary.fallbacks == 0)
        #expect(summary.locationLists > 0)
        #expect(summary.rangeLists > 0)
    }

    @Test func glibcDebugFileAgreesWithLibdwarf() throws {
        // The detached debug file of the libc the fixtures run on (libc6-dbg, from make deps).
        let libc = ["/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6"]
            .first { FileManager.default.fileExists(atPath: $0) }
        let image = try BinaryImage.open(try #require(libc))
        let debugFile = try #require(image.debugInfo?.path)
        #expect(debugFile.hasPrefix("/usr/lib/debug/"))
        // Every 40th unit: the whole file takes minutes in a debug build.
        let summary = try Self.compareEveryUnit(in: debugFile, stride: 40)
        #expect(summary.entries > 1000)
    }

    @Test func corruptEntriesFailLikeLibdwarfOrDecodeTheSame() throws {
        let path = try Fixtures.binary("c/structs")
        let info = try #require(try DebugInfo.open(path))
        let decoder = try #require(info.decoder)
        // Offsets that are not the start of an entry: an error or an entry, never a crash.
        let unit = try #require(info.units.first)
        for delta in [1, 2, 3, 5, 7, 11, 1000, 1_000_000] {
            _ = try? decoder.readTree(at: DIEOffset(unit.offset.value + UInt64(delta)), context: unit.context) { offset throws(DwarfReadError) in
                throw DwarfReadError(message: "fallback at \(offset)")
            }
        }
        #expect(throws: DwarfReadError.self) {
            try decoder.readTree(at: DIEOffset(UInt64.max - 4), context: unit.context) { offset throws(DwarfReadError) in
                throw DwarfReadError(message: "fallback at \(offset)")
            }
        }
    }

    /// Rows agree, but for two libdwarf 20210528 mistakes the decoder does not copy (the
    /// tests below check the decoder's answer against gdb and readelf):
    /// - in DWARF 5 it reports the initial file register, 1, as 0;
    /// - it reports every row with epilogue_begin as an end of sequence too.
    static func sameRow(_ mine: LineRow, _ theirs: LineRow, version: Int) -> Bool {
        var theirs = theirs
        if version >= 5, theirs.file == 0, mine.file == 1 { theirs.file = 1 }
        if mine.flags.contains(.epilogueBegin), !mine.isEndSequence {
            theirs.flags.remove(.endSequence)
        }
        return mine == theirs
    }

    @Test func initialFileOfADWARF5ProgramIsFileOneAsGdbSays() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // gcc numbers the header 1 and the main file 2 here, and the header's function comes
        // first: its rows use the initial file register.
        try "static inline int twice(int x) { return 2 * x; }\n".write(
            toFile: directory + "/twice.h", atomically: true, encoding: .utf8)
        try "#include \"twice.h\"\nint main(void) { return twice(3); }\n".write(
            toFile: directory + "/main.c", atomically: true, encoding: .utf8)
        let binary = directory + "/main"
        _ = try ExpressionFixtures.run("gcc", ["-g", "-O0", "-gdwarf-5", "-o", binary, directory + "/main.c"])
        let image = try BinaryImage.open(binary)
        let twice = try #require(image.functions(named: "twice").first)
        let info = try #require(image.debugInfo)
        let (row, table) = try #require(info.lineRow(for: twice.entry))
        let gdb = try Oracle.run("gdb", ["-batch", "-nx", "-ex", "info line *\(twice.entry)", binary])
        #expect(gdb.stdout.contains("Line 1 of \"") && gdb.stdout.contains("twice.h\""), "gdb: \(gdb.stdout)")
        #expect(row.line == 1)
        #expect(table.fileName(row.file)?.hasSuffix("/twice.h") == true)
    }

    @Test func endsOfSequenceAreThoseReadelfShows() throws {
        // swift/values has rows with epilogue_begin set, which libdwarf takes for ends of sequences.
        let path = try Fixtures.binary("swift/values")
        let info = try #require(try DebugInfo.open(path))
        let section = try #require(info.decoder?.section(".debug_line"))
        var ends = 0
        for unit in info.units {
            guard let offset = unit.lineTableOffset else { continue }
            ends += try LineProgramDecoder(section: section).rows(at: offset).filter(\.isEndSequence).count
        }
        let readelf = try ExpressionFixtures.run("readelf", ["--debug-dump=rawline", path])
        let expected = readelf.split(separator: "\n").filter { $0.contains("End of Sequence") }.count
        #expect(expected > 0)
        #expect(ends == expected)
    }

    struct Summary {
        var entries = 0
        var fallbacks = 0
        var locationLists = 0
        var rangeLists = 0
        var rows = 0
    }

    /// Reads each unit both ways and expects the same trees and line tables.
    static func compareEveryUnit(in path: String, stride: Int = 1) throws -> Summary {
        let info = try #require(try DebugInfo.open(path))
        let decoder = try #require(info.decoder)
        var summary = Summary()
        for unit in info.units where unit.index % stride == 0 {
            let native = try decoder.readTree(at: unit.offset, context: unit.context) { offset throws(DwarfReadError) in
                summary.fallbacks += 1
                return try info.readThroughLibdwarf(offset, unit.context)
            }
            let reference = try info.handle.withSession { session throws(DwarfReadError) in
                try session.readTree(at: unit.offset, context: unit.context)
            }
            try #require(native.entries.count == reference.entries.count, "unit \(unit.name) at \(unit.offset)")
            for index in native.entries.indices {
                let mine = native.entries[index], theirs = reference.entries[index]
                #expect(mine.offset == theirs.offset)
                #expect(mine.tag == theirs.tag, "tag at \(theirs.offset)")
                #expect(mine.hasChildren == theirs.hasChildren, "children flag at \(theirs.offset)")
                #expect(native.parent(of: index) == reference.parent(of: index), "parent at \(theirs.offset)")
                #expect(mine.attributes.map(\.code) == theirs.attributes.map(\.code), "attributes at \(theirs.offset)")
                for (a, b) in zip(mine.attributes, theirs.attributes) where a.value != b.value {
                    Issue.record("\(path): attribute \(a.code) at \(theirs.offset): \(a.value) != \(b.value)")
                }
                for attribute in theirs.attributes {
                    if case .location(.list) = attribute.value { summary.locationLists += 1 }
                    if attribute.code == UInt16(DW_AT_ranges) { summary.rangeLists += 1 }
                }
            }
            summary.entries += native.entries.count

            guard let offset = unit.lineTableOffset else { continue }
            let section = try #require(decoder.section(".debug_line"))
            let rows = try LineProgramDecoder(section: section).rows(at: offset)
            let libdwarfRows = try info.handle.withSession { session throws(DwarfReadError) in
                try session.lineTable(unit: unit.offset, version: unit.version).rows
            }
            #expect(rows.count == libdwarfRows.count, "rows of \(unit.name)")
            let differing = rows.indices.first {
                $0 < libdwarfRows.count && !sameRow(rows[$0], libdwarfRows[$0], version: unit.version)
            }
            if let first = differing {
                Issue.record("\(path): \(unit.name) row \(first): \(rows[first]) != \(libdwarfRows[first])")
            }
            summary.rows += rows.count
        }
        return summary
    }
}
