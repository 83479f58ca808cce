import DbgTestSupport
import Foundation
import Testing
@testable import DbgSymbols

/// Files that are not what a debugger hopes for: a one-line error or a degraded but working
/// reader, never a crash.
@Suite struct BadInputTests {
    @Test func missingFileDirectoryAndNonELF() throws {
        #expect(throws: SymbolError.fileNotFound("/nonexistent/prog")) { try BinaryImage.open("/nonexistent/prog") }
        #expect(throws: SymbolError.notARegularFile("/tmp")) { try BinaryImage.open("/tmp") }
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = directory + "/notes.txt"
        try "just some text\n".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: SymbolError.notELF(text)) { try BinaryImage.open(text) }
        #expect(SymbolError.notELF(text).description == "\(text): not an ELF file")
    }

    @Test func truncatedELFIsAnError() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: try Fixtures.binary("c/structs")))
        for length in [16, 64, 1000, bytes.count / 2] {
            let path = directory + "/truncated-\(length)"
            try bytes.prefix(length).write(to: URL(fileURLWithPath: path))
            do {
                let image = try BinaryImage.open(path)
                // Headers may survive a cut after them: lookups then fail cleanly.
                _ = image.functions(named: "main")
                _ = try? image.resolveLine(file: "structs.c", line: 100)
            } catch {
                #expect(!error.description.isEmpty)
                #expect(!error.description.contains("\n"))
            }
        }
    }

    @Test func binaryWithoutDebugInfoStillResolvesFunctionsBySymbol() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/hello-nodebug"
        let build = try Oracle.run("cc", ["-O0", "-o", path, Fixtures.source("c/hello.c")])
        #expect(build.status == 0, "\(build.stderr)")
        let image = try BinaryImage.open(path)
        #expect(!image.hasDebugInfo)
        let greet = try #require(image.functions(named: "greet").first)
        #expect(greet.function == nil)
        #expect(greet.symbol?.name == "greet")
        #expect(throws: LookupError.noDebugInfo(path)) { try image.resolveLine(file: "hello.c", line: 12) }
        #expect(LookupError.noDebugInfo(path).description == "\(path): no debug info; build with -g")
    }

    @Test func strippedBinaryOpensWithItsDynamicSymbols() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/libshape-stripped.so"
        let strip = try Oracle.run("strip", ["--strip-all", "-o", path, try Fixtures.binary("c/libshape.so")])
        #expect(strip.status == 0)
        let image = try BinaryImage.open(path)
        #expect(!image.hasDebugInfo)
        #expect(image.elf.section(named: ".symtab") == nil)
        #expect(image.functions(named: "shape_area").first?.symbol?.isDynamic == true)
    }

    @Test func separateDebugFileIsFoundThroughTheDebugLink() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = try Fixtures.binary("c/structs")
        let path = directory + "/structs", debug = directory + "/structs.debug"
        for arguments in [
            ["--only-keep-debug", original, debug], ["--strip-debug", "--strip-unneeded", original, path],
            ["--add-gnu-debuglink=\(debug)", path],
        ] {
            let result = try Oracle.run("objcopy", arguments, currentDirectory: directory)
            #expect(result.status == 0, "objcopy \(arguments): \(result.stderr)")
        }
        let stripped = try ELFFile.open(path)
        #expect(!stripped.hasDebugInfo)
        #expect(stripped.debugLink?.fileName == "structs.debug")
        #expect(stripped.debugLink?.crc == CRC32.ofFile(debug))
        let image = try BinaryImage.open(path)
        #expect(image.debugFilePath == debug)
        let resolution = try image.resolveLine(file: "structs.c", line: 151)
        let reference = try BinaryImage.open(original).resolveLine(file: "structs.c", line: 151)
        #expect(resolution == reference)
        #expect(image.functions(named: "walk_list").first?.function != nil)
    }

    @Test func corruptedDebugInfoIsAnErrorNotACrash() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = try Fixtures.binary("c/structs")
        let elf = try ELFFile.open(original)
        let info = try #require(elf.section(named: ".debug_info"))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: original))
        // Scribble over the middle of the first unit's entries, leaving its header intact.
        let start = Int(info.fileOffset) + 12
        for index in start..<min(start + 256, Int(info.fileOffset + info.size)) { bytes[index] = 0xff }
        let path = directory + "/structs-corrupt"
        try bytes.write(to: URL(fileURLWithPath: path))
        do {
            let image = try BinaryImage.open(path)
            _ = image.functions(named: "walk_list")
            _ = try? image.resolveLine(file: "structs.c", line: 151)
            if let debugInfo = image.debugInfo, let unit = debugInfo.units.first {
                #expect(throws: SymbolError.self) { try debugInfo.detail(of: unit) }
            }
        } catch {
            #expect(error.description.contains("corrupt debug info"))
            #expect(!error.description.contains("\n"))
        }
    }
}
