import DbgTestSupport
import Testing
@testable import DbgSymbols

/// The ELF reader against `nm` and `readelf`, on every kind of fixture binary.
@Suite struct ELFFileTests {
    static let binaries = ["c/structs", "c/optimized", "c/libshape.so", "c/dynload", "go/goroutines", "swift/values"]

    @Test(arguments: binaries)
    func everyFunctionSymbolMatchesNm(_ relative: String) throws {
        let path = try Fixtures.binary(relative)
        let image = try BinaryImage.open(path)
        let nm = try Oracle.run("nm", ["--defined-only", path])
        #expect(nm.status == 0)
        var checked = 0
        for line in nm.stdout.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 3, "TtWw".contains(fields[1]), let address = Oracle.hex(fields[0]) else { continue }
            let name = String(fields[2])
            #expect(image.elf.symbols.contains { $0.name == name && $0.address.value == address },
                    "\(relative): \(name) at 0x\(String(address, radix: 16))")
            if "Tt".contains(fields[1]) {  // a function: findable by name for breakpoints
                #expect(image.symbols.symbols(named: name).contains { $0.address.value == address }, "\(relative): \(name)")
            }
            checked += 1
        }
        #expect(checked > 3, "nm listed too few functions in \(relative)")
    }

    @Test func positionIndependenceAndEntryMatchReadelf() throws {
        for relative in ["c/structs", "c/libshape.so", "go/goroutines"] {
            let path = try Fixtures.binary(relative)
            let elf = try ELFFile.open(path)
            let header = try Oracle.run("readelf", ["-h", path]).stdout
            let isDynamic = header.contains("DYN (")
            #expect(elf.isPositionIndependent == isDynamic, "\(relative)")
            let entryLine = header.split(separator: "\n").first { $0.contains("Entry point address:") }
            let entry = entryLine.flatMap { $0.split(separator: " ").last }.flatMap(Oracle.hex)
            #expect(entry == elf.entry.value, "\(relative) entry")
        }
    }

    @Test func buildIDMatchesReadelfNotes() throws {
        let path = try Fixtures.binary("c/structs")
        let elf = try ELFFile.open(path)
        let notes = try Oracle.run("readelf", ["-n", path]).stdout
        let line = notes.split(separator: "\n").first { $0.contains("Build ID:") }
        let expected = line.flatMap { $0.split(separator: " ").last }.map(String.init)
        #expect(expected != nil)
        #expect(elf.buildIDHex == expected)
    }

    @Test func goDebugSectionsAreCompressedAndStillRead() throws {
        let image = try BinaryImage.open(try Fixtures.binary("go/goroutines"))
        #expect(image.elf.sections.contains { $0.name == ".zdebug_info" || ($0.name == ".debug_info" && $0.isCompressed) })
        #expect(image.debugInfo?.units.contains { $0.language == .go } == true)
    }
}
