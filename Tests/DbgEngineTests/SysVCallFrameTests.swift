import Testing
@testable import DbgEngine

/// The System V x86-64 layout of a call's arguments (SysVCallFrame), against the ABI's own
/// rules (AMD64 psABI 3.2.3): which register or stack slot each class goes to, the stack's
/// alignment at entry, the red zone left alone.
@Suite struct SysVCallFrameTests {
    static let stackPointer: UInt64 = 0x7fff_ffff_e5c8  // a thread stopped mid-function: rsp not aligned
    static let returnAddress: UInt64 = 0x5555_5455_5040

    static func word(_ layout: SysVCallFrame.Layout, at offset: Int) -> UInt64 {
        layout.memory[offset..<offset + 8].enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * $1.offset) }
    }

    @Test func integersFillSixRegistersThenTheStackAboveTheReturnAddress() throws {
        let arguments = (1...8).map { SysVCallFrame.Passed.integer(UInt64($0)) }
        let layout = try SysVCallFrame.layout(arguments, stackPointer: Self.stackPointer, returnAddress: Self.returnAddress)
        #expect(layout.integerRegisters == [1, 2, 3, 4, 5, 6])
        #expect((layout.entryStackPointer + 8) % 16 == 0)
        #expect(Self.word(layout, at: 0) == Self.returnAddress)
        #expect(Self.word(layout, at: 8) == 7)
        #expect(Self.word(layout, at: 16) == 8)
        // Everything written lies below the red zone.
        #expect(layout.entryStackPointer + UInt64(layout.memory.count) <= Self.stackPointer - SysVCallFrame.redZone)
    }

    @Test func vectorsFillEightRegistersAndAStructThatDoesNotFitGoesWholeOnTheStack() throws {
        let double: [UInt8] = [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]  // 1.0
        var arguments = [SysVCallFrame.Passed](repeating: .vector(double), count: 9)
        // A struct of two ints in one INTEGER eightbyte after five integers: one register left, it fits.
        arguments += (1...5).map { .integer(UInt64($0)) }
        arguments.append(.aggregate([3, 0, 0, 0, 4, 0, 0, 0], classes: [.integer]))
        // Two INTEGER eightbytes with no register left: the whole struct on the stack.
        arguments.append(.aggregate([5, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0], classes: [.integer, .integer]))
        let layout = try SysVCallFrame.layout(arguments, stackPointer: Self.stackPointer, returnAddress: Self.returnAddress)
        #expect(layout.vectorRegisters.count == 8)
        #expect(layout.vectorRegisters.allSatisfy { $0 == double + [UInt8](repeating: 0, count: 8) })
        #expect(layout.integerRegisters == [1, 2, 3, 4, 5, 0x4_0000_0003])
        #expect(Self.word(layout, at: 8) == 0x3ff0_0000_0000_0000)  // the ninth double
        #expect(Self.word(layout, at: 16) == 5)
        #expect(Self.word(layout, at: 24) == 6)
    }

    @Test func aResultInMemoryTakesRdiAndStringsAreCopiedBelowTheRedZone() throws {
        let text = Array("hello".utf8) + [0]
        let layout = try SysVCallFrame.layout(
            [.copied(text), .memory([UInt8](repeating: 7, count: 24), alignment: 8)],
            stackPointer: Self.stackPointer, returnAddress: Self.returnAddress, resultSize: 24)
        let buffer = try #require(layout.resultBuffer)
        #expect(layout.integerRegisters.first == buffer)
        #expect(layout.integerRegisters.count == 2)
        let copy = layout.integerRegisters[1]
        let offset = Int(copy - layout.entryStackPointer)
        #expect(Array(layout.memory[offset..<offset + text.count]) == text)
        #expect(Array(layout.memory[8..<32]) == [UInt8](repeating: 7, count: 24))  // the MEMORY struct, by value
        #expect(buffer + 24 <= Self.stackPointer - SysVCallFrame.redZone)
        #expect((layout.entryStackPointer + 8) % 16 == 0)
    }

    @Test func aCorruptStackPointerLeavesNoRoom() {
        #expect(throws: SysVCallFrame.Failure.noRoom) {
            try SysVCallFrame.layout([.integer(1)], stackPointer: 0x1000, returnAddress: Self.returnAddress)
        }
    }
}
