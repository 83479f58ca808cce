import Foundation

/// An assembly source of dbg's (code dbg writes into programs) assembled with GNU `as` and
/// cut from .text: its bytes and its labels' offsets, for tests that check the bytes dbg
/// carries against the source that explains them.
public struct AssembledCode: Sendable {
    public var bytes: [UInt8]
    public var labels: [String: Int]

    public init(source: String) async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let object = directory + "/code.o", binary = directory + "/code.bin"
        let assembled = try await ProcessRunner.run("/usr/bin/as", [source, "-o", object])
        guard assembled.status == 0 else { throw ToolFailure("as \(source): \(assembled.text)") }
        let cut = try await ProcessRunner.run("/usr/bin/objcopy", ["-O", "binary", "-j", ".text", object, binary])
        guard cut.status == 0 else { throw ToolFailure("objcopy: \(cut.text)") }
        bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: binary)))
        let symbols = try await ProcessRunner.run("/usr/bin/nm", [object])
        labels = [:]
        for line in symbols.text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 3, let value = Int(fields[0], radix: 16) { labels[String(fields[2])] = value }
        }
    }

    public struct ToolFailure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
