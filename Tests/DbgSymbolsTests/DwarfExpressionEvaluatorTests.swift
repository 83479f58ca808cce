import Testing

@testable import DbgSymbols

/// A TLS block that starts at a fixed address.
private struct FakeTLS: DwarfTLSResolver {
    var base: UInt64
    func threadLocalAddress(offset: UInt64) -> Address? { Address(base &+ offset) }
}

@Suite struct DwarfExpressionEvaluatorTests {
    let registers = FakeRegisters([.rax: 0x10, .rdx: 0x20, .rbp: 0x7fff_0000, .rsp: 0x7ffe_fff0, .rdi: 0x1234])
    var memory: FakeMemory {
        var memory = FakeMemory()
        memory.store(0x1122_3344_5566_7788, at: 0x5000)
        memory.store(0x6000, at: 0x7fff_0000 - 8)  // a saved pointer in the frame
        return memory
    }

    private func context(
        frameBase: DwarfEvaluationContext.FrameBase? = nil, cfa: UInt64? = 0x7fff_0010,
        entryValues: (any DwarfEntryValueResolver)? = nil
    ) -> DwarfEvaluationContext {
        DwarfEvaluationContext(
            registers: registers, memory: memory, frameBase: frameBase, canonicalFrameAddress: cfa.map(Address.init),
            entryValues: entryValues)
    }

    /// Decodes `bytes` (so that branch offsets are real) and evaluates them.
    private func evaluate(_ bytes: [UInt8], context: DwarfEvaluationContext? = nil, initialStack: [UInt64] = [])
        throws -> DwarfEvaluatedLocation
    {
        let operations = try DwarfExpressionDecoder().decode(bytes)
        return try DwarfExpressionEvaluator(context: context ?? self.context()).evaluate(operations, initialStack: initialStack)
    }

    /// Evaluates `bytes` followed by DW_OP_stack_value.
    private func value(_ bytes: [UInt8]) throws -> UInt64? {
        guard case .value(let value) = try evaluate(bytes + [0x9f]) else { return nil }
        return value
    }

    private func signed(_ value: Int64) -> UInt64 { UInt64(bitPattern: value) }

    // MARK: Literals and constants

    @Test func literalsAndConstants() throws {
        #expect(try value([0x30]) == 0)
        #expect(try value([0x4f]) == 31)
        #expect(try value([0x08, 0xff]) == 255)
        #expect(try value([0x09, 0xff]) == signed(-1))
        #expect(try value([0x0a, 0x34, 0x12]) == 0x1234)
        #expect(try value([0x0b, 0x00, 0x80]) == signed(-32768))
        #expect(try value([0x0c, 0x78, 0x56, 0x34, 0x12]) == 0x1234_5678)
        #expect(try value([0x0d, 0xff, 0xff, 0xff, 0xff]) == signed(-1))
        #expect(try value([0x0e, 1, 2, 3, 4, 5, 6, 7, 8]) == 0x0807_0605_0403_0201)
        #expect(try value([0x0f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) == signed(-1))
        #expect(try value([0x10, 0xe5, 0x8e, 0x26]) == 624_485)
        #expect(try value([0x11, 0x7f]) == signed(-1))
        #expect(try evaluate([0x03, 0x00, 0x50, 0, 0, 0, 0, 0, 0]) == .memory(Address(0x5000)))
    }

    @Test func indexedAddressesPushTheirOperand() throws {
        // libdwarf hands DW_OP_addrx/constx over with the .debug_addr value already in operand1.
        let operations = [DwarfOperation(opcode: 0xa1, operand1: 0x4010), DwarfOperation(opcode: 0xa2, operand1: 8),
                          DwarfOperation(opcode: 0x22)]
        #expect(try DwarfExpressionEvaluator(context: context()).evaluate(operations) == .memory(Address(0x4018)))
    }

    @Test func literalsWithoutOperandsStillPushTheirNumber() throws {
        // Hand-built operations may leave operand1 at 0: the opcode alone says lit7.
        let operations = [DwarfOperation(opcode: 0x37), DwarfOperation(opcode: 0x9f)]
        #expect(try DwarfExpressionEvaluator(context: context()).evaluate(operations) == .value(7))
    }

    // MARK: Stack operations

    @Test func stackOperations() throws {
        #expect(try value([0x31, 0x12, 0x22]) == 2)  // lit1 dup plus
        #expect(try value([0x31, 0x32, 0x13]) == 1)  // lit1 lit2 drop
        #expect(try value([0x31, 0x32, 0x14, 0x1c, 0x22]) == 2)  // lit1 lit2 over: 1 2 1; minus: 1 1; plus: 2
        #expect(try value([0x31, 0x32, 0x33, 0x15, 0x02]) == 1)  // pick 2
        #expect(try value([0x31, 0x32, 0x33, 0x15, 0x00]) == 3)  // pick 0 is dup
        #expect(try value([0x35, 0x31, 0x16, 0x1c]) == signed(-4))  // lit5 lit1 swap minus: 1 - 5
        // lit1 lit2 lit3 rot: 3 1 2 (top 2); minus: 3 (1-2); the bottom stays 3.
        #expect(try value([0x31, 0x32, 0x33, 0x17]) == 2)
        #expect(try value([0x31, 0x32, 0x33, 0x17, 0x13]) == 1)
        #expect(try value([0x31, 0x32, 0x33, 0x17, 0x13, 0x13]) == 3)
    }

    @Test func dereferences() throws {
        let address: [UInt8] = [0x0a, 0x00, 0x50]  // const2u 0x5000
        #expect(try value(address + [0x06]) == 0x1122_3344_5566_7788)
        #expect(try value(address + [0x94, 0x01]) == 0x88)
        #expect(try value(address + [0x94, 0x02]) == 0x7788)
        #expect(try value(address + [0x94, 0x04]) == 0x5566_7788)
        #expect(throws: DwarfExpressionError.memoryUnreadable(Address(0x4000), count: 8)) {
            try value([0x0a, 0x00, 0x40, 0x06])
        }
        #expect(throws: DwarfExpressionError.malformed("DW_OP_deref_size of 9 bytes")) {
            try value(address + [0x94, 0x09])
        }
        // Through a register: rbp - 8 holds 0x6000.
        #expect(try value([0x76, 0x78, 0x06]) == 0x6000)
    }

    // MARK: Arithmetic and logic

    @Test func arithmetic() throws {
        #expect(try value([0x09, 0xfb, 0x19]) == 5)  // abs -5
        #expect(try value([0x35, 0x19]) == 5)
        #expect(try value([0x3c, 0x3a, 0x1a]) == 8)  // 12 and 10
        #expect(try value([0x09, 0xf9, 0x32, 0x1b]) == signed(-3))  // -7 div 2, signed, toward zero
        #expect(try value([0x37, 0x32, 0x1c]) == 5)  // 7 minus 2
        #expect(try value([0x31, 0x32, 0x1c]) == signed(-1))
        #expect(try value([0x37, 0x33, 0x1d]) == 1)  // 7 mod 3
        #expect(try value([0x09, 0xff, 0x33, 0x1d]) == UInt64.max % 3)  // mod is unsigned
        #expect(try value([0x37, 0x33, 0x1e]) == 21)
        #expect(try value([0x37, 0x1f]) == signed(-7))  // neg
        #expect(try value([0x30, 0x20]) == UInt64.max)  // not
        #expect(try value([0x3c, 0x3a, 0x21]) == 14)  // or
        #expect(try value([0x37, 0x33, 0x22]) == 10)  // plus
        #expect(try value([0x37, 0x23, 0x80, 0x01]) == 135)  // plus_uconst 128
        #expect(try value([0x31, 0x34, 0x24]) == 16)  // shl
        #expect(try value([0x08, 0x80, 0x33, 0x25]) == 16)  // shr
        #expect(try value([0x09, 0x80, 0x33, 0x26]) == signed(-16))  // shra keeps the sign
        #expect(try value([0x09, 0x80, 0x33, 0x25]) == UInt64.max >> 3 & ~UInt64(0xf))  // shr does not
        #expect(try value([0x3c, 0x3a, 0x27]) == 6)  // xor
    }

    @Test func arithmeticWrapsInsteadOfTrapping() throws {
        let minimum: [UInt8] = [0x0e, 0, 0, 0, 0, 0, 0, 0, 0x80]  // const8u Int64.min
        #expect(try value(minimum + [0x19]) == signed(.min))  // abs
        #expect(try value(minimum + [0x1f]) == signed(.min))  // neg
        #expect(try value(minimum + [0x09, 0xff, 0x1b]) == signed(.min))  // div -1
        #expect(try value([0x09, 0xff, 0x31, 0x22]) == 0)  // plus wraps
        #expect(try value([0x31, 0x08, 0x40, 0x24]) == 0)  // shl by 64
        #expect(try value([0x09, 0xff, 0x08, 0xc8, 0x26]) == UInt64.max)  // shra by 200
    }

    @Test func comparisonsAreSigned() throws {
        let minusOne: [UInt8] = [0x09, 0xff]
        #expect(try value(minusOne + [0x31, 0x2d]) == 1)  // -1 lt 1
        #expect(try value(minusOne + [0x31, 0x2b]) == 0)  // -1 gt 1
        #expect(try value(minusOne + [0x31, 0x2c]) == 1)  // le
        #expect(try value(minusOne + [0x31, 0x2a]) == 0)  // ge
        #expect(try value([0x32, 0x32, 0x29]) == 1)  // eq
        #expect(try value([0x32, 0x32, 0x2e]) == 0)  // ne
        #expect(try value([0x32, 0x32, 0x2a]) == 1)  // ge
        #expect(try value([0x32, 0x32, 0x2c]) == 1)  // le
    }

    // MARK: Control flow

    @Test func branchesAndSkips() throws {
        // 0 lit1 | 1 bra +4 (to 8) | 4 lit2 | 5 skip +1 (to 9) | 8 lit3 | 9 stack_value
        #expect(try value([0x31, 0x28, 0x04, 0x00, 0x32, 0x2f, 0x01, 0x00, 0x33]) == 3)
        // The same with lit0: the branch is not taken, and the skip jumps over lit3.
        #expect(try value([0x30, 0x28, 0x04, 0x00, 0x32, 0x2f, 0x01, 0x00, 0x33]) == 2)
        // A skip past the last operation ends the expression.
        #expect(try evaluate([0x35, 0x2f, 0x10, 0x00]) == .memory(Address(5)))
    }

    @Test func loopSumsOneToFive() throws {
        // The stack holds (sum, n). Each turn: dup rot plus swap -> (sum + n, n); lit1 minus -> n - 1;
        // dup bra: back to the dup at byte 2 while n != 0. The bra at 9 ends at 12: -10 reaches 2.
        let bytes: [UInt8] = [
            0x30, 0x35,  // 0 lit0, 1 lit5
            0x12, 0x17, 0x22, 0x16,  // 2 dup, 3 rot, 4 plus, 5 swap
            0x31, 0x1c,  // 6 lit1, 7 minus
            0x12, 0x28, 0xf6, 0xff,  // 8 dup, 9 bra -10
            0x13, 0x9f,  // 12 drop (n = 0), 13 stack_value
        ]
        #expect(try evaluate(bytes) == .value(15))
    }

    @Test func endlessLoopHitsTheStepLimit() throws {
        var limited = context()
        limited.stepLimit = 100
        #expect(throws: DwarfExpressionError.stepLimitExceeded(100)) {
            try evaluate([0x2f, 0xfd, 0xff], context: limited)  // skip -3: to itself
        }
    }

    @Test func branchIntoTheMiddleOfAnOperationIsAnError() throws {
        #expect(throws: DwarfExpressionError.invalidBranchTarget(1)) {
            try evaluate([0x0a, 0x00, 0x01, 0x2f, 0xfb, 0xff])  // const2u; skip -5 -> byte 1
        }
        #expect(throws: DwarfExpressionError.invalidBranchTarget(-2)) {
            try evaluate([0x2f, 0xfb, 0xff])
        }
    }

    @Test func branchesWorkOnLibdwarfStyleOperations() throws {
        // The operations libdwarf produces for "lit1 bra +4 lit2 skip +1 lit3 stack_value".
        let operations = [
            DwarfOperation(opcode: 0x31, operand1: 1, offset: 0),
            DwarfOperation(opcode: 0x28, operand1: 4, offset: 1),
            DwarfOperation(opcode: 0x32, operand1: 2, offset: 4),
            DwarfOperation(opcode: 0x2f, operand1: 1, offset: 5),
            DwarfOperation(opcode: 0x33, operand1: 3, offset: 8),
            DwarfOperation(opcode: 0x9f, offset: 9),
        ]
        #expect(try DwarfExpressionEvaluator(context: context()).evaluate(operations) == .value(3))
    }

    // MARK: Registers and frames

    @Test func registerLocations() throws {
        #expect(try evaluate([0x50]) == .register(0))
        #expect(try evaluate([0x6f]) == .register(31))
        #expect(try evaluate([0x90, 0x11]) == .register(17))  // regx xmm0
        #expect(try evaluate([0x76, 0x70]) == .memory(Address(0x7fff_0000 - 16)))  // breg6 -16
        #expect(try evaluate([0x92, 0x05, 0x04]) == .memory(Address(0x1238)))  // bregx rdi +4
        #expect(throws: DwarfExpressionError.registerUnavailable(3)) { try evaluate([0x73, 0x00]) }
    }

    @Test func registerLocationMustEndThePiece() throws {
        #expect(throws: DwarfExpressionError.self) { try evaluate([0x50, 0x31, 0x22]) }
        #expect(throws: DwarfExpressionError.self) { try evaluate([0x31, 0x9f, 0x31]) }
        #expect(try evaluate([0x50, 0x96]) == .register(0))  // a nop may follow
    }

    @Test func frameBaseFromAnAddressOrAnExpression() throws {
        #expect(try evaluate([0x91, 0x70], context: context(frameBase: .address(Address(0x9000))))
            == .memory(Address(0x9000 - 16)))
        // gcc: DW_AT_frame_base is DW_OP_call_frame_cfa.
        let cfaBase = context(frameBase: .expression([DwarfOperation(opcode: 0x9c)]))
        #expect(try evaluate([0x91, 0x68], context: cfaBase) == .memory(Address(0x7fff_0010 - 24)))
        // clang: DW_AT_frame_base is DW_OP_reg6, meaning rbp's contents.
        let rbpBase = context(frameBase: .expression([DwarfOperation(opcode: 0x56)]))
        #expect(try evaluate([0x91, 0x08], context: rbpBase) == .memory(Address(0x7fff_0008)))
        #expect(throws: DwarfExpressionError.missingFrameBase) { try evaluate([0x91, 0x00]) }
        // A frame base that refers to itself does not recurse.
        let recursive = context(frameBase: .expression([DwarfOperation(opcode: 0x91)]))
        #expect(throws: DwarfExpressionError.missingFrameBase) { try evaluate([0x91, 0x00], context: recursive) }
    }

    @Test func callFrameCFA() throws {
        #expect(try evaluate([0x9c]) == .memory(Address(0x7fff_0010)))
        #expect(throws: DwarfExpressionError.missingCFA) { try evaluate([0x9c], context: context(cfa: nil)) }
    }

    @Test func initialStackComesFirst() throws {
        #expect(try evaluate([0x23, 0x08], initialStack: [100]) == .memory(Address(108)))
        let evaluator = DwarfExpressionEvaluator(context: context())
        #expect(try evaluator.evaluate([], initialStack: [7]) == .memory(Address(7)))
    }

    // MARK: Results

    @Test func emptyExpressionIsUnavailable() throws {
        #expect(try evaluate([]) == .unavailable)
    }

    @Test func implicitAndStackValues() throws {
        #expect(try evaluate([0x9e, 0x03, 1, 2, 3]) == .implicitBytes([1, 2, 3]))
        #expect(try evaluate([0x70, 0x05, 0x9f]) == .value(0x15))  // breg0 +5
        #expect(throws: DwarfExpressionError.stackUnderflow(opcode: 0x9f)) { try evaluate([0x9f]) }
    }

    @Test func pieces() throws {
        // rax in the low 8 bytes, rdx in the high 8 (a 16-byte struct returned in registers).
        #expect(try evaluate([0x50, 0x93, 0x08, 0x51, 0x93, 0x08]) == .pieces([
            .init(location: .register(0), sizeInBits: 64), .init(location: .register(1), sizeInBits: 64),
        ]))
        // memory, optimised out, constant, implicit bytes, then a bit piece.
        let result = try evaluate([
            0x91, 0x70, 0x93, 0x04,  // fbreg -16; piece 4
            0x93, 0x04,  // piece 4 (empty: optimised out)
            0x35, 0x9f, 0x93, 0x02,  // lit5 stack_value; piece 2
            0x9e, 0x01, 0xaa, 0x93, 0x01,  // implicit_value [aa]; piece 1
            0x52, 0x9d, 0x03, 0x02,  // reg2; bit_piece 3 at bit 2
        ], context: context(frameBase: .address(Address(0x100))))
        #expect(result == .pieces([
            .init(location: .memory(Address(0xf0)), sizeInBits: 32),
            .init(location: .unavailable, sizeInBits: 32),
            .init(location: .value(5), sizeInBits: 16),
            .init(location: .implicitBytes([0xaa]), sizeInBits: 8),
            .init(location: .register(2), sizeInBits: 3, bitOffset: 2),
        ]))
        if case .pieces(let parts) = result {
            #expect(parts.map(\.sizeInBytes) == [4, 4, 2, 1, nil])
        }
        #expect(throws: DwarfExpressionError.malformed("operations after the last DW_OP_piece")) {
            try evaluate([0x50, 0x93, 0x08, 0x51])
        }
    }

    // MARK: TLS, objects and entry values

    @Test func threadLocalStorage() throws {
        var withTLS = context()
        withTLS.tls = FakeTLS(base: 0x7000_0000)
        #expect(try evaluate([0x0a, 0x10, 0x00, 0x9b], context: withTLS) == .memory(Address(0x7000_0010)))
        #expect(try evaluate([0x0a, 0x10, 0x00, 0xe0], context: withTLS) == .memory(Address(0x7000_0010)))
        #expect(throws: DwarfExpressionError.missingTLS) { try evaluate([0x30, 0x9b]) }
    }

    @Test func objectAddress() throws {
        var withObject = context()
        withObject.objectAddress = Address(0x4000)
        #expect(try evaluate([0x97, 0x23, 0x10], context: withObject) == .memory(Address(0x4010)))
        #expect(throws: DwarfExpressionError.missingObjectAddress) { try evaluate([0x97]) }
    }

    @Test func entryValues() throws {
        // DW_OP_entry_value(DW_OP_reg5) DW_OP_lit1 DW_OP_plus DW_OP_stack_value: rdi at entry, plus 1.
        let bytes: [UInt8] = [0xa3, 0x01, 0x55, 0x31, 0x22, 0x9f]
        let atEntry = DwarfEntryRegisters(registers: FakeRegisters([.rdi: 41]), memory: FakeMemory())
        #expect(try evaluate(bytes, context: context(entryValues: atEntry)) == .value(42))
        // DW_OP_entry_value(DW_OP_breg5 0; DW_OP_deref_size 4): a value computed at entry.
        var entryMemory = FakeMemory()
        entryMemory.store(0x99, at: 0x800, size: 4)
        let computed = DwarfEntryRegisters(registers: FakeRegisters([.rdi: 0x800]), memory: entryMemory)
        #expect(try evaluate([0xa3, 0x04, 0x75, 0x00, 0x94, 0x04, 0x9f], context: context(entryValues: computed)) == .value(0x99))
        // Nobody knows the entry value: optimised out, not an error.
        #expect(try evaluate(bytes) == .unavailable)
        #expect(try evaluate([0xf3, 0x01, 0x55, 0x9f]) == .unavailable)
        // Only the piece that needs it is unavailable.
        #expect(try evaluate([0x50, 0x93, 0x08, 0xa3, 0x01, 0x55, 0x9f, 0x93, 0x08]) == .pieces([
            .init(location: .register(0), sizeInBits: 64), .init(location: .unavailable, sizeInBits: 64),
        ]))
        // A resolver that cannot answer is the same as none.
        let unknown = DwarfEntryRegisters(registers: FakeRegisters(), memory: FakeMemory())
        #expect(try evaluate(bytes, context: context(entryValues: unknown)) == .unavailable)
    }

    // MARK: Errors

    @Test func stackUnderflow() throws {
        #expect(throws: DwarfExpressionError.stackUnderflow(opcode: 0x22)) { try evaluate([0x31, 0x22]) }
        #expect(throws: DwarfExpressionError.stackUnderflow(opcode: 0x12)) { try evaluate([0x12]) }
        #expect(throws: DwarfExpressionError.stackUnderflow(opcode: 0x15)) { try evaluate([0x31, 0x15, 0x01]) }
        #expect(throws: DwarfExpressionError.stackUnderflow(opcode: 0x17)) { try evaluate([0x31, 0x32, 0x17]) }
        #expect(throws: DwarfExpressionError.stackUnderflow(opcode: 0x28)) { try evaluate([0x28, 0x00, 0x00]) }
    }

    @Test func divisionByZero() throws {
        #expect(throws: DwarfExpressionError.divisionByZero(opcode: 0x1b)) { try evaluate([0x31, 0x30, 0x1b]) }
        #expect(throws: DwarfExpressionError.divisionByZero(opcode: 0x1d)) { try evaluate([0x31, 0x30, 0x1d]) }
    }

    @Test(arguments: [
        [0xa0, 0x10, 0, 0, 0, 0x00] as [UInt8],  // implicit_pointer
        [0xf2, 0x10, 0, 0, 0, 0x00],  // GNU_implicit_pointer
        [0xa4, 0x2a, 0x01, 0x05],  // const_type
        [0xa5, 0x00, 0x2a],  // regval_type
        [0x30, 0xa6, 0x08, 0x2a],  // deref_type
        [0x30, 0xa8, 0x2a],  // convert
        [0x30, 0xa9, 0x2a],  // reinterpret
        [0x98, 0x34, 0x12],  // call2
        [0x30, 0x30, 0x18],  // xderef
        [0xfa, 0x78, 0x56, 0x34, 0x12],  // GNU_parameter_ref
    ])
    func typedAndReferenceOperationsAreUnsupported(bytes: [UInt8]) throws {
        let operations = try DwarfExpressionDecoder().decode(bytes)
        let last = try #require(operations.last)
        #expect(throws: DwarfExpressionError.unsupported(opcode: last.opcode)) {
            try DwarfExpressionEvaluator(context: context()).evaluate(operations)
        }
    }

    @Test func errorMessagesAreClear() {
        #expect(DwarfExpressionError.unsupported(opcode: 0xa0).description == "DW_OP_implicit_pointer is not supported")
        #expect(DwarfExpressionError.stackUnderflow(opcode: 0x22).description.contains("DW_OP_plus"))
        #expect(DwarfExpressionError.divisionByZero(opcode: 0x1b).description.contains("division by zero"))
        #expect(DwarfExpressionError.memoryUnreadable(Address(0x10), count: 8).description == "memory unreadable at 0x10 (8 bytes)")
        #expect(DwarfExpressionError.registerUnavailable(3).description.contains("rbx"))
        #expect(DwarfExpressionError.stepLimitExceeded(5).description.contains("5 steps"))
    }

    @Test func evaluateValueReadsRegisterLocations() throws {
        let evaluator = DwarfExpressionEvaluator(context: context())
        #expect(try evaluator.evaluateValue([DwarfOperation(opcode: 0x56)]) == 0x7fff_0000)
        #expect(try evaluator.evaluateValue([DwarfOperation(opcode: 0x9c)]) == 0x7fff_0010)
        #expect(throws: DwarfExpressionError.self) {
            try evaluator.evaluateValue([DwarfOperation(opcode: 0x9e, operand1: 1, block: [1])])
        }
    }
}
