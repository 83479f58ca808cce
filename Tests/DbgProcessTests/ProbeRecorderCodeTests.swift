@testable import DbgProcess
import DbgTestSupport
import Foundation
import Testing

/// The probe recorder's bytes are its assembly source, assembled (so the listing beside them,
/// which says what they do, cannot drift from what dbg writes into programs), and the
/// offsets dbg patches are the source's labels.
@Suite struct ProbeRecorderCodeTests {
    static let source = Fixtures.repositoryRoot + "/Sources/DbgProcess/Inject/probe-recorder.s"

    @Test func theBytesAreTheAssembledSource() async throws {
        let code = try await AssembledCode(source: Self.source)
        let bytes = code.bytes
        #expect(Array(bytes.prefix(ProbeRecorderCode.ringWordOffset)) == ProbeRecorderCode.bytes)
        #expect(bytes.count == ProbeRecorderCode.ringWordOffset + 8, "the ring's word ends the code")
        #expect(bytes.count <= ProbeRecorderCode.stubsOffset)
        #expect(code.labels["ring"] == ProbeRecorderCode.ringWordOffset)
        #expect(code.labels["thread_pointer"] == ProbeRecorderCode.threadPointerOffset)
        // rdfsbase rdx and its 4-byte nop: exactly the room the fallback's mov takes.
        let at = ProbeRecorderCode.threadPointerOffset
        #expect(Array(bytes[at..<at + 9]) == [0xf3, 0x48, 0x0f, 0xae, 0xc2, 0x0f, 0x1f, 0x40, 0x00])
        #expect(ProbeRecorderCode.fallbackThreadPointer.count == 9)
    }

    /// The ring's layout as the recorder reads it and as dbg's reader does.
    @Test func theRingLayoutIsTheRecordersAssumptions() throws {
        let text = try String(contentsOfFile: Self.source, encoding: .utf8)
        #expect(text.contains("lea r11, [rdi + rdx + \(InjectRing.headerSize)]"))
        #expect(text.contains("shl rdx, 9") && InjectRing.slotSize == 1 << 9)
        #expect(text.contains("mov edi, [rdi + 168]"), "the program's pid, where InjectRing writes it")
        #expect(text.contains("cmp dword ptr [rdi + 172], 0"), "whether strings may be copied, where InjectRing writes it")
        #expect(text.contains(".byte 72, 64, 56, 48, 104, 112, 32"))
        #expect(InjectRecord.stringRegisters.map { 32 + $0.sampleIndex * 8 } == [72, 64, 56, 48, 104, 112, 32])
    }
}
