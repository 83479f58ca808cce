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
        let code = try await AssembledCode(source: Self.source)
        #expect(Array(code.bytes.prefix(Int(TrapHealerCode.previousActionOffset))) == TrapHealerCode.bytes)
        #expect(code.labels["restorer"].map(UInt64.init) == TrapHealerCode.restorerOffset)
        #expect(code.labels["previous"].map(UInt64.init) == TrapHealerCode.previousActionOffset)
        #expect(code.labels["table"].map(UInt64.init) == TrapHealerCode.tableOffset)
        // The handler's bound on the count is the table's capacity.
        let text = try String(contentsOfFile: Self.source, encoding: .utf8)
        #expect(text.contains("cmp rcx, \(TrapHealerCode.capacity)"))
        #expect(TrapHealerCode.capacity == (TrapHealerCode.areaSize - Int(TrapHealerCode.tableOffset) - 8) / 8)
        #expect(TrapHealerCode.actionOffset + 32 == TrapHealerCode.currentActionOffset
                && TrapHealerCode.currentActionOffset + 32 == TrapHealerCode.tableOffset)
    }
}
