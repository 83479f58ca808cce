import DbgTestSupport
import Foundation
import Testing
@testable import DbgSymbols

/// Inputs libFuzzer found to crash or hang the symbol reader (Fuzz/, `make fuzz`), each now
/// a clear error for the bad item or a degraded answer. The crafted files are in FuzzInputs/.
@Suite struct FuzzRegressionTests {
    static func input(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzInputs/\(name)").path
    }

    /// A program header whose file offset and size run past 2^64: the offset of an address
    /// in it overflowed (a trap), and reading its bytes allocated what the header claimed.
    @Test func segmentOffsetsPastTheAddressSpaceAreNoFileOffset() {
        var segment = ELFSegment(
            type: ELFSegment.load, flags: 5, virtualAddress: Address(0x1000), fileOffset: UInt64.max - 0x10,
            fileSize: 0x1000, memorySize: 0x1000)
        var elf = ELFFile(
            path: "/proc/self/exe", type: ELFFileType(3), machine: 62, entry: Address(0x1000), sections: [],
            segments: [segment], symbols: [], buildID: nil, debugLink: nil)
        #expect(elf.fileOffset(of: Address(0x1008)) == UInt64.max - 8)
        #expect(elf.fileOffset(of: Address(0x1800)) == nil)
        #expect(elf.readBytes(at: Address(0x1000), count: 16) == nil)
        // Bytes the header claims far beyond the file: nothing read, nothing allocated.
        segment = ELFSegment(
            type: ELFSegment.load, flags: 5, virtualAddress: Address(0x1000), fileOffset: 0,
            fileSize: 48 << 30, memorySize: 48 << 30)
        elf = ELFFile(
            path: "/proc/self/exe", type: ELFFileType(3), machine: 62, entry: Address(0x1000), sections: [],
            segments: [segment], symbols: [], buildID: nil, debugLink: nil)
        #expect(elf.readBytes(at: Address(0x1000), count: 40 << 30) == nil)
        #expect(elf.readBytes(at: Address(0x1000), count: 4) == [0x7f, 0x45, 0x4c, 0x46])
        // An address range that wraps around the top of the address space.
        #expect(elf.readBytes(at: Address(UInt64.max - 2), count: 8) == nil)
    }

    /// A .debug_rnglists or .debug_loclists unit header libdwarf cannot read (here: a bad
    /// version, or a length past the section): libdwarf 20210528 freed it and went on using
    /// it, a double free as the first unit was read. Such a section is now hidden from
    /// libdwarf: what needs the lists fails (all of the DWARF when a unit's own ranges are
    /// there), with an error that names the section.
    @Test(arguments: [(".debug_rnglists", 4, 0x07), (".debug_loclists", 4, 0x07), (".debug_rnglists", 0, 0xee)])
    func badListHeaderIsNotHandedToLibdwarf(section: String, at offset: Int, byte: UInt8) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try Self.seedCopy("dwarf5-O2", patching: section, at: offset, with: [byte], into: directory)
        do {
            _ = try BinaryImage.open(path, locator: DebugFileLocator(debugRoots: []))
            try Self.readEverything(path)
        } catch {
            // The unit's own DW_AT_ranges is in the hidden section: a one-line error naming it.
            #expect("\(error)".contains(section), "\(error)")
            #expect(!"\(error)".contains("\n"))
        }
    }

    /// DW_AT_sibling pointing back (here: a struct's at itself, in dwarf5-O0's .debug_info at
    /// 0x37): libdwarf follows it, so walking the unit's children through libdwarf (its
    /// names) never ended. Now the walk stops there with an error.
    @Test(.timeLimit(.minutes(1)), arguments: [0x2e, 0x0c, 0x2f])
    func siblingPointingBackEndsTheWalk(target: Int) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try Self.seedCopy(
            "dwarf5-O0", patching: ".debug_info", at: 0x37, with: [UInt8(target)], into: directory)
        let image = try #require(try Self.readEverything(path))
        let debugInfo = try #require(image.debugInfo)
        for unit in debugInfo.units { _ = debugInfo.names(of: unit) }  // returns: that is the test
    }

    /// A copy of a FuzzELF seed (Fuzz/corpus/FuzzELF) with some bytes of one section changed.
    static func seedCopy(
        _ seed: String, patching section: String, at offset: Int, with bytes: [UInt8], into directory: String
    ) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let original = root.appendingPathComponent("Fuzz/corpus/FuzzELF/\(seed)").path
        let fileOffset = try #require(try ELFFile.open(original).section(named: section)).fileOffset
        var file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: original)))
        file.replaceSubrange((Int(fileOffset) + offset)..<(Int(fileOffset) + offset + bytes.count), with: bytes)
        let path = directory + "/\(seed)-patched"
        try Data(file).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A location list entry whose expression claims about 2^30 bytes (dwarf5-O2's
    /// .debug_loclists at 0x5e, FuzzELF's find): libdwarf took the length as written and
    /// _dwarf_loclists_fill_in_lle_head read far past the section (SIGSEGV). Every entry is
    /// now checked first; the section is hidden, and reading the unit's entries is an error.
    @Test func locationListEntryPastItsSectionIsNotHandedToLibdwarf() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try Self.seedCopy(
            "dwarf5-O2", patching: ".debug_loclists", at: 0x5e, with: [0xff, 0xaa, 0xff, 0xfb], into: directory)
        let image = try #require(try Self.readEverything(path))
        let debugInfo = try #require(image.debugInfo)
        let unit = try #require(debugInfo.units.first)
        #expect {
            _ = try debugInfo.detail(of: unit)
        } throws: { error in
            "\(error)".contains(".debug_loclists")
        }
    }

    /// The seeds themselves read whole: the checks above leave good lists alone.
    @Test func seedLocationListsStillRead() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let image = try BinaryImage.open(root.appendingPathComponent("Fuzz/corpus/FuzzELF/dwarf5-O2").path)
        let debugInfo = try #require(image.debugInfo)
        let sum = try #require(image.functions(named: "sum").first?.function)
        let frame = try #require(ScopeReader(debugInfo: debugInfo).innermostFrame(at: sum.entry))
        let p = try #require(frame.parameters.first { $0.name == "p" })
        guard case .list(let entries)? = p.location else {
            Issue.record("p has no location list: \(String(describing: p.location))")
            return
        }
        #expect(entries.count >= 2)
    }

    /// FuzzELF's find (FuzzInputs/line-table-bad-directory-form.elf, a mutated dwarf5-O2):
    /// a DWARF 5 line table whose directory entries have form 0xfffffff, so that it lists
    /// no directory. libdwarf 20210528's dwarf_srcfiles then read a directory pointer it never
    /// set: garbage under address sanitizer (a crash in strlen), NULL here (file names made
    /// up as ".../<erroneous NULL include dir pointer>/seed.c"). Such a table no longer
    /// reaches libdwarf: no file names, and the line table is an error that says why (or
    /// the rows without names).
    @Test func lineTableWithBadDirectoryFormIsNotHandedToLibdwarf() throws {
        let image = try #require(try Self.readEverything(Self.input("line-table-bad-directory-form.elf")))
        let debugInfo = try #require(image.debugInfo)
        let unit = try #require(debugInfo.units.first)
        #expect(debugInfo.sourceFiles(of: unit).isEmpty)
        do {
            _ = try debugInfo.lineTable(of: unit)
        } catch {
            #expect("\(error)".contains("not allowed there"), "\(error)")
        }
    }

    /// What FuzzELF does with an input: open it and read every part of it there is.
    /// Any outcome but a crash (or a hang) passes.
    @discardableResult
    static func readEverything(_ path: String) throws -> BinaryImage? {
        guard let image = try? BinaryImage.open(path, locator: DebugFileLocator(debugRoots: [])) else { return nil }
        if let debugInfo = image.debugInfo {
            let scopes = ScopeReader(debugInfo: debugInfo)
            for unit in debugInfo.units {
                _ = debugInfo.sourceFiles(of: unit)
                if let lines = try? debugInfo.lineTable(of: unit), let row = lines.rows.first {
                    _ = scopes.frames(at: row.address)
                }
                if let detail = try? debugInfo.detail(of: unit) {
                    for function in detail.functions {
                        guard let low = function.ranges.first?.low else { continue }
                        _ = scopes.frames(at: low)
                    }
                }
            }
            if let types = image.typeTable {
                for name in types.allTypeNames() { _ = types.types(named: name).map { types.byteSize(of: $0) } }
            }
            if let globals = image.globalVariables {
                for name in globals.allVariableNames() { _ = globals.variable(named: name) }
            }
        }
        if let table = try? image.callFrameTable() {
            for entry in table.debugFrameEntries + table.ehFrameEntries { _ = try? table.row(at: entry.range.low) }
        }
        return image
    }
}
