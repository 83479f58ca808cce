@testable import DbgProcess
import DbgTestSupport
import Foundation
import Testing

/// The trap healer's bytes are its assembly source, assembled (so the listing beside them,
/// which says what they do, cannot drift from what dbg writes into programs), and its
/// layout's offsets are the source's labels.
@Suite struct TrapHealerCodeTests {
    static let source = Fixtures.repositoryRoot + "/Sources/DbgProcess/TrapHealer/trap-healer.s"

    @Test func theBytesAreTheAssembledSource() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let object = directory + "/healer.o", binary = directory + "/healer.bin"
        let assembled = try await ProcessRunner.run("/usr/bin/as", [Self.source, "-o", object])
        #expect(assembled.status == 0, "\(assembled.text)")
        let cut = try await ProcessRunner.run("/usr/bin/objcopy", ["-O", "binary", "-j", ".text", object, binary])
        #expect(cut.status == 0, "\(cut.text)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: binary)))
        #expect(Array(bytes.prefix(Int(TrapHealerCode.previousActionOffset))) == TrapHealerCode.bytes)

        let symbols = try await ProcessRunner.run("/usr/bin/nm", [object])
        var labels: [String: UInt64] = [:]
        for line in symbols.text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 3, let value = UInt64(fields[0], radix: 16) { labels[String(fields[2])] = value }
        }
        #expect(labels["restorer"] == TrapHealerCode.restorerOffset)
        #expect(labels["previous"] == TrapHealerCode.previousActionOffset)
        #expect(labels["table"] == TrapHealerCode.tableOffset)
        // The handler's bound on the count is the table's capacity.
        let text = try String(contentsOfFile: Self.source, encoding: .utf8)
        #expect(text.contains("cmp rcx, \(TrapHealerCode.capacity)"))
        #expect(TrapHealerCode.capacity == (TrapHealerCode.areaSize - Int(TrapHealerCode.tableOffset) - 8) / 8)
        #expect(TrapHealerCode.actionOffset + 32 == TrapHealerCode.currentActionOffset
                && TrapHealerCode.currentActionOffset + 32 == TrapHealerCode.tableOffset)
    }
}
