import DbgSymbols
import DbgTestSupport
import Foundation
import Testing
@testable import DbgCLI

/// The binary is untrusted input: copies of Fixtures/swift/zoo whose reflection metadata is
/// corrupted (bytes of swift5_fieldmd, swift5_typeref, swift5_reflstr, swift5_types,
/// swift5_builtin, swift5_mpenum overwritten, deterministically) are debugged to the same
/// stop, every local printed: each value prints or is unreadable, dbg ends normally, in
/// bounded time (the fixture's own reflection is not used before the stop).
@Suite struct SwiftCorruptMetadataTests {
    static let sections = ["swift5_fieldmd", "swift5_typeref", "swift5_reflstr", "swift5_type_metadata", "swift5_builtin",
                           "swift5_mpenum"]

    /// Written through a descriptor closed on exec: a child another test forks meanwhile must
    /// not keep the file open for writing, or running it fails with "Text file busy".
    static func writeExecutable(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { throw CocoaError(.fileWriteUnknown) }
            written += count
        }
    }

    @Test func corruptReflectionMetadataIsAnErrorOnTheValueNeverACrash() async throws {
        let original = try Fixtures.binary("swift/zoo")
        let elf = try ELFFile.open(original)
        let regions = Self.sections.compactMap { elf.section(named: $0) }.filter { $0.size > 0 }
        #expect(regions.count >= 5)
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = try String(contentsOfFile: Fixtures.repositoryRoot + "/Fixtures/swift/zoo.swift", encoding: .utf8)
        let line = try #require(source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("// look here") }) + 1
        let script = directory + "/commands"
        try (["config max-variable-recurse 4", "break zoo.swift:\(line)", "continue", "locals"]
            + SwiftValueTests.locals.map { "print \($0)" } + ["exit"]).joined(separator: "\n").write(toFile: script, atomically: true, encoding: .utf8)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: original)))
        var random = SplitMix64(seed: 0x5eed)
        var printed = 0
        var reached = 0
        for variant in 0..<16 {
            var corrupt = bytes
            ByteCorruption.corrupt(
                &corrupt, in: regions.map { ($0.fileOffset, $0.size) }, runs: 1 + variant % 4, maxRunLength: 8, random: &random)
            let copy = directory + "/zoo-\(variant)"
            try Self.writeExecutable(corrupt, to: copy)
            let run = try await ProcessRunner.run(try TerminalSession.dbgBinary, ["exec", copy, "--init", script])
            #expect(run.status == 0, "variant \(variant): \(run.text.suffix(2000))")
            #expect(!run.text.contains("Fatal error") && !run.text.contains("Crash"), "variant \(variant): \(run.text.suffix(2000))")
            // The program itself reads its metadata too: some variants die before the stop.
            if run.text.contains("(hits task") || run.text.contains("zoo.swift:\(line) (hits") { reached += 1 }
            printed += run.text.split(separator: "\n").filter { $0.hasPrefix("zoo.") || $0.contains("(unreadable") }.count
        }
        #expect(reached >= 8, "\(reached) of 16 variants reached the stop")
        #expect(printed > 16, "the sessions printed values")
    }
}
