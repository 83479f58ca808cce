import DbgTestSupport
import Testing

@testable import DbgSymbols

@Suite struct CallFrameUnwinderTests {
    let unwinder = CallFrameUnwinder()
    let rax = X86_64Register.rax.rawValue, rbx = X86_64Register.rbx.rawValue, rbp = X86_64Register.rbp.rawValue
    let rsp = X86_64Register.rsp.rawValue, r12 = X86_64Register.r12.rawValue, r13 = X86_64Register.r13.rawValue
    let rip = X86_64Register.rip.rawValue

    private func row(cfa: CallFrameRow.CFARule, _ registers: [Int: CallFrameRow.RegisterRule]) -> CallFrameRow {
        CallFrameRow(range: AddressRange(0x401000, 0x401100), cfa: cfa, registers: registers)
    }

    /// The body of a gcc -O0 function that saved rbx: push rbp; mov rbp, rsp; push rbx.
    @Test func framePointerFunction() throws {
        let row = row(cfa: .registerOffset(register: rbp, offset: 16), [rbp: .offset(-16), rip: .offset(-8), rbx: .offset(-24)])
        let registers = FakeRegisters([
            .rbp: 0x7fff_1000, .rsp: 0x7fff_0fd0, .rbx: 1, .r12: 2, .rax: 3, .rip: 0x401050,
        ])
        var memory = FakeMemory()
        memory.store(0x401234, at: 0x7fff_1008)  // return address at CFA-8
        memory.store(0x7fff_2000, at: 0x7fff_1000)  // caller's rbp at CFA-16
        memory.store(0x55, at: 0x7fff_0ff8)  // caller's rbx at CFA-24

        let caller = try unwinder.unwind(row: row, registers: registers, memory: memory)
        #expect(caller.cfa == Address(0x7fff_1010))
        #expect(caller.returnAddress == Address(0x401234))
        #expect(caller.registers == [
            rsp: 0x7fff_1010, rbp: 0x7fff_2000, rbx: 0x55, r12: 2, rip: 0x401234,
        ])
        // rax is caller-saved: its caller value is unknown; r13 was not known to begin with.
        #expect(caller.registerValue(rax) == nil)
        #expect(caller.registerValue(r13) == nil)
    }

    /// At a function's first instruction: only the return address has been pushed.
    @Test func functionEntry() throws {
        let row = row(cfa: .registerOffset(register: rsp, offset: 8), [rip: .offset(-8)])
        let registers = FakeRegisters([.rsp: 0x7fff_0ff8, .rbp: 0x7fff_2000, .rbx: 7])
        var memory = FakeMemory()
        memory.store(0x401999, at: 0x7fff_0ff8)
        memory.store(0x402222, at: 0x7fff_1000)  // the caller's own return address
        let caller = try unwinder.unwind(row: row, registers: registers, memory: memory)
        #expect(caller.registers == [rsp: 0x7fff_1000, rbp: 0x7fff_2000, rbx: 7, rip: 0x401999])
        // The caller frame reads like any register set, for the next step.
        let next = try unwinder.unwind(row: row, registers: caller, memory: memory)
        #expect(next.cfa == Address(0x7fff_1008))
        #expect(next.returnAddress == Address(0x402222))
        #expect(next.registers[rbx] == 7)
    }

    @Test func undefinedReturnAddressEndsTheStack() throws {
        let row = row(cfa: .registerOffset(register: rsp, offset: 8), [rip: .undefined])
        let caller = try unwinder.unwind(row: row, registers: FakeRegisters([.rsp: 0x1000]), memory: FakeMemory())
        #expect(caller.returnAddress == nil)
        #expect(caller.registerValue(rip) == nil)
        #expect(caller.cfa == Address(0x1008))
    }

    @Test func everyKindOfRule() throws {
        // CFA = rsp + 32 = 0x2020.
        let row = row(cfa: .registerOffset(register: rsp, offset: 32), [
            rip: .offset(-8),
            rbx: .sameValue,
            rbp: .valueOffset(-16),  // 0x2010
            r12: .register(rax),  // r12 was moved to rax
            // Saved at CFA - 24 (the CFA is pushed first; plus_uconst of -24 wraps around).
            r13: .expression([DwarfOperation(opcode: 0x23, operand1: UInt64(bitPattern: -24))]),
            X86_64Register.r14.rawValue: .valueExpression([DwarfOperation(opcode: 0x31), DwarfOperation(opcode: 0x22)]),
            X86_64Register.r15.rawValue: .undefined,
        ])
        let registers = FakeRegisters([.rsp: 0x2000, .rax: 0xaaaa, .rbx: 0xbbbb, .r15: 0xffff])
        var memory = FakeMemory()
        memory.store(0x401111, at: 0x2018)
        memory.store(0x1313, at: 0x2008)
        let caller = try unwinder.unwind(row: row, registers: registers, memory: memory)
        #expect(caller.registers == [
            rip: 0x401111, rsp: 0x2020, rbx: 0xbbbb, rbp: 0x2010, r12: 0xaaaa, r13: 0x1313,
            X86_64Register.r14.rawValue: 0x2021,
        ])
    }

    @Test func cfaExpressionOfAPLTEntry() throws {
        // gcc's .plt: CFA = rsp + 8 + ((rip & 15) >= 11 ? 8 : 0)
        let expression = try DwarfExpressionDecoder().decode([0x77, 0x08, 0x80, 0x00, 0x3f, 0x1a, 0x3b, 0x2a, 0x33, 0x24, 0x22])
        let row = row(cfa: .expression(expression), [rip: .offset(-8)])
        var memory = FakeMemory()
        memory.store(0x401600, at: 0x2ff8)  // return address when the CFA is 0x3000
        memory.store(0x401500, at: 0x3000)  // ... and when it is 0x3008
        let early = try unwinder.unwind(row: row, registers: FakeRegisters([.rsp: 0x2ff8, .rip: 0x1030]), memory: memory)
        #expect(early.cfa == Address(0x3000))
        #expect(early.returnAddress == Address(0x401600))
        let late = try unwinder.unwind(row: row, registers: FakeRegisters([.rsp: 0x2ff8, .rip: 0x103b]), memory: memory)
        #expect(late.cfa == Address(0x3008))
        #expect(late.returnAddress == Address(0x401500))
    }

    @Test func realPLTRowUnwinds() throws {
        let path = try ExpressionFixtures.binary("c/optimized")
        let handle = try #require(try DwarfHandle(path: path))
        let table = try CallFrameTable(handle: handle)
        var found: CallFrameRow?
        for entry in table.ehFrameEntries where found == nil {
            var pc = entry.range.low
            while pc < entry.range.high, found == nil, let row = try table.row(at: pc) {
                if case .expression = row.cfa { found = row }
                pc = row.range.high
            }
        }
        let row = try #require(found)
        var memory = FakeMemory()
        memory.store(0x1111, at: 0x4ff8)
        let pc = row.range.low.value & ~0xf  // a PLT entry's first byte: rip & 15 == 0
        let caller = try unwinder.unwind(row: row, registers: FakeRegisters([.rsp: 0x4ff8, .rip: pc]), memory: memory)
        #expect(caller.cfa == Address(0x5000))
        #expect(caller.returnAddress == Address(0x1111))
    }

    @Test func unreadableReturnAddressIsAnError() {
        let row = row(cfa: .registerOffset(register: rsp, offset: 8), [rip: .offset(-8)])
        #expect(throws: DwarfExpressionError.memoryUnreadable(Address(0x1000), count: 8)) {
            try unwinder.unwind(row: row, registers: FakeRegisters([.rsp: 0x1000]), memory: FakeMemory())
        }
    }

    @Test func unreadableSaveSlotLosesOnlyThatRegister() throws {
        let row = row(cfa: .registerOffset(register: rsp, offset: 16), [rip: .offset(-8), rbx: .offset(-16)])
        var memory = FakeMemory()
        memory.store(0x401000, at: 0x1008)
        let caller = try unwinder.unwind(row: row, registers: FakeRegisters([.rsp: 0x1000, .rbx: 9]), memory: memory)
        #expect(caller.returnAddress == Address(0x401000))
        #expect(caller.registerValue(rbx) == nil)
    }

    @Test func unknownCFARegisterIsAnError() {
        let row = row(cfa: .registerOffset(register: rbp, offset: 16), [rip: .offset(-8)])
        #expect(throws: DwarfExpressionError.registerUnavailable(rbp)) {
            try unwinder.unwind(row: row, registers: FakeRegisters([.rsp: 0x1000]), memory: FakeMemory())
        }
    }

    @Test func rowWithoutReturnAddressRuleIsMalformed() {
        let row = row(cfa: .registerOffset(register: rsp, offset: 8), [:])
        #expect(throws: DwarfExpressionError.self) {
            try unwinder.unwind(row: row, registers: FakeRegisters([.rsp: 0x1000]), memory: FakeMemory())
        }
    }

    @Test func calleeSavedSetIsConfigurable() throws {
        // A Go-like set: only rbp survives a call without a rule.
        let goUnwinder = CallFrameUnwinder(calleeSaved: [rbp])
        let row = row(cfa: .registerOffset(register: rsp, offset: 8), [rip: .offset(-8)])
        var memory = FakeMemory()
        memory.store(0x402000, at: 0x1000)
        let caller = try goUnwinder.unwind(row: row, registers: FakeRegisters([.rsp: 0x1000, .rbp: 0x3000, .rbx: 5]), memory: memory)
        #expect(caller.registers == [rsp: 0x1008, rbp: 0x3000, rip: 0x402000])
    }
}
