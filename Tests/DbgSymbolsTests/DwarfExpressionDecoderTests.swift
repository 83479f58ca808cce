import DbgTestSupport
import Foundation
import Testing

@testable import DbgSymbols

@Suite struct DwarfExpressionDecoderTests {
    let decoder = DwarfExpressionDecoder()

    private func op(_ opcode: UInt8, _ operand1: UInt64 = 0, _ operand2: UInt64 = 0, at offset: UInt64, block: [UInt8] = [])
        -> DwarfOperation
    {
        DwarfOperation(opcode: opcode, operand1: operand1, operand2: operand2, offset: offset, block: block)
    }

    @Test func emptyExpressionHasNoOperations() throws {
        #expect(try decoder.decode([]) == [])
    }

    @Test func branchesKeepTheirSignedDisplacementAndOffsets() throws {
        // lit1; bra +3; lit2; skip +1; lit3; skip -6; stack_value
        let operations = try decoder.decode([0x31, 0x28, 0x03, 0x00, 0x32, 0x2f, 0x01, 0x00, 0x33, 0x2f, 0xfa, 0xff, 0x9f])
        #expect(operations == [
            op(0x31, 1, at: 0), op(0x28, 3, at: 1), op(0x32, 2, at: 4), op(0x2f, 1, at: 5), op(0x33, 3, at: 8),
            op(0x2f, UInt64(bitPattern: -6), at: 9), op(0x9f, at: 12),
        ])
    }

    @Test func signedConstantsAreSignExtended() throws {
        // const1s -2; const2s -2; const4s -2; consts -1; fbreg -16; breg7 +8; bregx 129 -2
        let operations = try decoder.decode([
            0x09, 0xfe, 0x0b, 0xfe, 0xff, 0x0d, 0xfe, 0xff, 0xff, 0xff, 0x11, 0x7f, 0x91, 0x70, 0x77, 0x08,
            0x92, 0x81, 0x01, 0x7e,
        ])
        let minusTwo = UInt64(bitPattern: -2)
        #expect(operations == [
            op(0x09, minusTwo, at: 0), op(0x0b, minusTwo, at: 2), op(0x0d, minusTwo, at: 5),
            op(0x11, UInt64(bitPattern: -1), at: 10), op(0x91, UInt64(bitPattern: -16), at: 12), op(0x77, 8, at: 14),
            op(0x92, 129, minusTwo, at: 16),
        ])
    }

    @Test func unsignedConstantsAndAddresses() throws {
        let operations = try decoder.decode([
            0x03, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,  // addr
            0x08, 0xff, 0x0a, 0x34, 0x12, 0x0c, 0x78, 0x56, 0x34, 0x12,  // const1u, const2u, const4u
            0x0e, 1, 2, 3, 4, 5, 6, 7, 0x88, 0x10, 0xe5, 0x8e, 0x26,  // const8u, constu 624485
            0x23, 0x80, 0x01,  // plus_uconst 128
        ])
        #expect(operations == [
            op(0x03, 0x1122_3344_5566_7788, at: 0), op(0x08, 0xff, at: 9), op(0x0a, 0x1234, at: 11),
            op(0x0c, 0x1234_5678, at: 14), op(0x0e, 0x8807_0605_0403_0201, at: 19), op(0x10, 624_485, at: 28),
            op(0x23, 128, at: 32),
        ])
    }

    @Test func inlineBlocksAreCopiedAndPointerOperandsZeroed() throws {
        // implicit_value 3 bytes; entry_value (reg5); const_type <0x2a> 2 bytes
        let operations = try decoder.decode([0x9e, 0x03, 1, 2, 3, 0xa3, 0x01, 0x55, 0xa4, 0x2a, 0x02, 9, 8])
        #expect(operations == [
            op(0x9e, 3, at: 0, block: [1, 2, 3]), op(0xa3, 1, at: 5, block: [0x55]),
            DwarfOperation(opcode: 0xa4, operand1: 0x2a, operand2: 2, offset: 8, block: [9, 8]),
        ])
    }

    @Test func piecesAndTypedOperands() throws {
        // piece 8; bit_piece 16 4; regval_type 5 <0x2a>; deref_type 8 <0x2a>; implicit_pointer <0x10> -1
        let operations = try decoder.decode([
            0x93, 0x08, 0x9d, 0x10, 0x04, 0xa5, 0x05, 0x2a, 0xa6, 0x08, 0x2a, 0xa0, 0x10, 0, 0, 0, 0x7f,
        ])
        #expect(operations == [
            op(0x93, 8, at: 0), op(0x9d, 16, 4, at: 2), op(0xa5, 5, 0x2a, at: 5), op(0xa6, 8, 0x2a, at: 8),
            op(0xa0, 0x10, UInt64(bitPattern: -1), at: 11),
        ])
    }

    @Test func implicitPointerReferenceSizeFollowsTheUnit() throws {
        let bytes: [UInt8] = [0xa0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x05]
        let dwarf64 = DwarfExpressionDecoder(offsetSize: 8)
        #expect(try dwarf64.decode(bytes) == [op(0xa0, 0x10, 5, at: 0)])
        // DWARF 2 used an address-sized reference.
        let dwarf2 = DwarfExpressionDecoder(version: 2)
        #expect(try dwarf2.decode(bytes) == [op(0xa0, 0x10, 5, at: 0)])
    }

    /// libdwarf 20210528 gets these two wrong (see the decoder's comment); we do not.
    @Test func gnuOperationsLibdwarfMisreads() throws {
        // GNU_encoded_addr, 2-byte address 0x1234; nop
        #expect(try decoder.decode([0xf1, 0x02, 0x34, 0x12, 0x96]) == [op(0xf1, 0x1234, at: 0), op(0x96, at: 4)])
        // GNU_variable_value <0x10>; nop
        #expect(try decoder.decode([0xfd, 0x10, 0, 0, 0, 0x96]) == [op(0xfd, 0x10, at: 0), op(0x96, at: 5)])
    }

    @Test(arguments: [
        ([0x03, 0x01] as [UInt8], DwarfExpressionError.truncated(opcode: 0x03, offset: 0)),
        ([0x30, 0x08], .truncated(opcode: 0x08, offset: 1)),
        ([0x10, 0x80], .truncated(opcode: 0x10, offset: 0)),
        ([0x9e, 0x05, 1, 2], .truncated(opcode: 0x9e, offset: 0)),
        ([0x9e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], .truncated(opcode: 0x9e, offset: 0)),
        ([0x2f, 0x01], .truncated(opcode: 0x2f, offset: 0)),
        ([0x92, 0x05], .truncated(opcode: 0x92, offset: 0)),
        ([0x30, 0x00], .unknownOpcode(0x00, offset: 1)),
        ([0xe1], .unknownOpcode(0xe1, offset: 0)),
        ([0xf1, 0x03, 0x00, 0x00, 0x00], .malformed("DW_OP_GNU_encoded_addr with size 3")),
    ])
    func badBytesAreErrors(bytes: [UInt8], expected: DwarfExpressionError) {
        #expect(throws: expected) { try decoder.decode(bytes) }
    }

    @Test func errorsNameTheOperation() {
        #expect(DwarfExpressionError.truncated(opcode: 0x03, offset: 4).description == "expression ends inside DW_OP_addr at byte 4")
        #expect(DwarfExpressionError.unknownOpcode(0xe1, offset: 0).description.contains("0xe1"))
    }

    // MARK: Against libdwarf

    /// Bytes covering every operand shape, assembled into an object so libdwarf decodes them too.
    static let craftedExpressions: [[UInt8]] = [
        [0x31, 0x28, 0x03, 0x00, 0x32, 0x2f, 0x01, 0x00, 0x33, 0x2f, 0xfa, 0xff, 0x9f],
        [0x9e, 0x03, 0x01, 0x02, 0x03],
        [0xa3, 0x02, 0x75, 0x00, 0x9f],
        [0x09, 0xfe, 0x0e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x11, 0x7f, 0x91, 0x70, 0x92, 0x81, 0x01, 0x7e],
        [0xa4, 0x2a, 0x04, 0x01, 0x02, 0x03, 0x04, 0xa5, 0x05, 0x2a, 0xa6, 0x08, 0x2a, 0xa8, 0x2a, 0xa9, 0x2a],
        [0xa0, 0x10, 0x00, 0x00, 0x00, 0x05, 0xe0, 0x9b, 0x97, 0x9c, 0x96, 0x93, 0x08, 0x9d, 0x10, 0x04, 0x94, 0x04],
        [0xf3, 0x01, 0x55],
        [0xfb, 0x03, 0xfc, 0x04, 0xa1, 0x05, 0xa2, 0x06, 0x0a, 0x34, 0x12, 0x0b, 0xfe, 0xff, 0x0c, 0x78, 0x56, 0x34,
         0x12, 0x0d, 0xfe, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x88, 0x10, 0xe5, 0x8e,
         0x26, 0x15, 0x02],
        [0x03, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0xf0, 0xf2, 0x10, 0x00, 0x00, 0x00, 0x7f, 0xf4, 0x2a,
         0x01, 0x09, 0xf5, 0x01, 0x2a, 0xf6, 0x08, 0x2a, 0xf7, 0x2a, 0xf9, 0x2a, 0xfa, 0x78, 0x56, 0x34, 0x12],
        [0x98, 0x34, 0x12, 0x99, 0x78, 0x56, 0x34, 0x12, 0x9a, 0x10, 0x00, 0x00, 0x00, 0x18, 0x95, 0x04, 0xa7, 0x04,
         0x2a, 0x96],
        [0x90, 0x81, 0x01, 0x9d, 0x20, 0x00, 0x93, 0x04],
        [0x12, 0x13, 0x14, 0x16, 0x17, 0x06, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x24, 0x25,
         0x26, 0x27, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x4f, 0x50, 0x6f, 0x70, 0x00, 0x8f, 0x7f, 0x23, 0xff, 0x7f],
        [],
    ]

    @Test func craftedExpressionsDecodeAsLibdwarfDecodesThem() throws {
        let object = try ExpressionFixtures.objectWithExpressions(Self.craftedExpressions)
        defer { try? FileManager.default.removeItem(at: URL(fileURLWithPath: object).deletingLastPathComponent()) }
        let collected = try ExpressionCollector.collect(in: object)
        #expect(collected.map(\.bytes) == Self.craftedExpressions)
        for expression in collected {
            #expect(try decoder.decode(expression.bytes) == expression.libdwarfOperations, "\(expression)")
        }
    }

    static let fixtureBinaries = [
        "c/structs", "c/threads", "c/optimized", "c/loops", "c/hello", "c/crash", "c/libshape.so", "go/goroutines",
    ]

    @Test(arguments: fixtureBinaries)
    func fixtureExpressionsDecodeAsLibdwarfDecodesThem(fixture: String) throws {
        let path = try ExpressionFixtures.binary(fixture)
        let collected = try ExpressionCollector.collect(in: path)
        #expect(!collected.isEmpty, "no expressions found in \(fixture)")
        for expression in collected {
            let decoder = DwarfExpressionDecoder(offsetSize: expression.offsetSize, version: expression.version)
            #expect(try decoder.decode(expression.bytes) == expression.libdwarfOperations, "\(expression)")
        }
    }

    @Test func optimizedFixtureLocationListsAreCovered() throws {
        let collected = try ExpressionCollector.collect(in: try ExpressionFixtures.binary("c/optimized"))
        let fromLists = collected.filter { $0.origin.contains(" list ") }
        #expect(fromLists.count > 10)
        let opcodes = Set(fromLists.flatMap { $0.libdwarfOperations.map(\.opcode) })
        #expect(opcodes.contains(0xa3), "DW_OP_entry_value")
        #expect(opcodes.contains(0x9e), "DW_OP_implicit_value")
        #expect(opcodes.contains(0x9f), "DW_OP_stack_value")
    }
}
