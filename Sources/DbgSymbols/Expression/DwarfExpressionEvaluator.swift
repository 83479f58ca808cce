import CDwarf

/// The DWARF expression stack machine: turns a location expression into a location, or a
/// CFI expression into an address, reading registers and memory only through the context's
/// protocols, so that it runs the same against a live process and against a test's fakes.
///
/// The stack holds the generic type: 64-bit values, signed where DWARF says so (div,
/// shra, comparisons), wrapping on overflow as the hardware would.
public struct DwarfExpressionEvaluator {
    public var context: DwarfEvaluationContext

    public init(context: DwarfEvaluationContext) {
        self.context = context
    }

    /// Evaluates `operations` (libdwarf-decoded or `DwarfExpressionDecoder`-decoded alike).
    /// `initialStack` is pushed first, bottom first: CFI register rules start with the CFA,
    /// DW_AT_data_member_location expressions with the object's address.
    public func evaluate(_ operations: [DwarfOperation], initialStack: [UInt64] = [])
        throws(DwarfExpressionError) -> DwarfEvaluatedLocation
    {
        if operations.isEmpty && initialStack.isEmpty { return .unavailable }
        var machine = Machine(context: context, operations: operations, stack: initialStack)
        return try machine.run()
    }

    /// Evaluates an expression whose result is an address or a value rather than a place:
    /// DW_AT_frame_base, DW_CFA_def_cfa_expression, DW_CFA_val_expression. A register
    /// location stands for the register's contents (clang's frame base is `DW_OP_reg6`).
    public func evaluateValue(_ operations: [DwarfOperation], initialStack: [UInt64] = [])
        throws(DwarfExpressionError) -> UInt64
    {
        switch try evaluate(operations, initialStack: initialStack) {
        case .memory(let address): return address.value
        case .value(let value): return value
        case .register(let number):
            guard let value = context.registers.registerValue(number) else { throw .registerUnavailable(number) }
            return value
        case .implicitBytes, .pieces, .unavailable:
            throw .malformed("expected an address or a value, got a composite or missing location")
        }
    }
}

/// One evaluation's mutable state.
private struct Machine {
    /// What the operations since the last piece have described.
    enum Segment {
        case memory  // the address is on the stack (or nothing at all: an empty piece)
        case register(Int)
        case implicit([UInt8])
        case stackValue
    }

    let context: DwarfEvaluationContext
    let operations: [DwarfOperation]
    var stack: [UInt64]
    var pieces: [DwarfEvaluatedLocation.Piece] = []
    var segment = Segment.memory
    /// Set when an entry value is not known: this segment's value is then unavailable.
    var segmentUnavailable = false
    var frameBase: UInt64?
    var indexByOffset: [UInt64: Int]?

    init(context: DwarfEvaluationContext, operations: [DwarfOperation], stack: [UInt64]) {
        self.context = context
        self.operations = operations
        self.stack = stack
    }

    mutating func run() throws(DwarfExpressionError) -> DwarfEvaluatedLocation {
        var index = 0
        var steps = 0
        while index < operations.count {
            steps += 1
            guard steps <= context.stepLimit else { throw .stepLimitExceeded(context.stepLimit) }
            index = try execute(operations[index], at: index)
        }
        if pieces.isEmpty { return try finishSegment() }
        guard case .memory = segment, stack.isEmpty, !segmentUnavailable else {
            throw .malformed("operations after the last DW_OP_piece")
        }
        return .pieces(pieces)
    }

    /// Executes one operation and returns the index of the next.
    private mutating func execute(_ operation: DwarfOperation, at index: Int) throws(DwarfExpressionError) -> Int {
        let opcode = Int32(operation.opcode)
        // A register, implicit or stack-value location ends its piece: only DW_OP_piece may follow.
        if case .memory = segment {} else {
            let allowed = [DW_OP_piece, DW_OP_bit_piece, DW_OP_nop, DW_OP_GNU_uninit]
            guard allowed.contains(opcode) else {
                throw .malformed("\(DwarfExpressionError.name(of: operation.opcode)) after a location that must end the expression or piece")
            }
        }
        switch opcode {
        // Literals and constants.
        case DW_OP_lit0...DW_OP_lit31:
            stack.append(UInt64(opcode - DW_OP_lit0))
        case DW_OP_addr, DW_OP_const1u, DW_OP_const1s, DW_OP_const2u, DW_OP_const2s, DW_OP_const4u,
             DW_OP_const4s, DW_OP_const8u, DW_OP_const8s, DW_OP_constu, DW_OP_consts, DW_OP_addrx,
             DW_OP_constx, DW_OP_GNU_addr_index, DW_OP_GNU_const_index, DW_OP_GNU_encoded_addr:
            stack.append(operation.operand1)

        // Stack manipulation.
        case DW_OP_dup:
            stack.append(try peek(operation, depth: 0))
        case DW_OP_drop:
            _ = try pop(operation)
        case DW_OP_over:
            stack.append(try peek(operation, depth: 1))
        case DW_OP_pick:
            guard operation.operand1 < UInt64(stack.count) else { throw .stackUnderflow(opcode: operation.opcode) }
            stack.append(try peek(operation, depth: Int(operation.operand1)))
        case DW_OP_swap:
            let top = try pop(operation), second = try pop(operation)
            stack.append(top)
            stack.append(second)
        case DW_OP_rot:
            // (third, second, top) becomes (top, third, second).
            let top = try pop(operation), second = try pop(operation), third = try pop(operation)
            stack.append(contentsOf: [top, third, second])
        case DW_OP_deref:
            stack.append(try load(try pop(operation), size: context.addressSize))
        case DW_OP_deref_size:
            let size = Int(truncatingIfNeeded: operation.operand1)
            guard size >= 1, size <= context.addressSize else {
                throw .malformed("DW_OP_deref_size of \(operation.operand1) bytes")
            }
            stack.append(try load(try pop(operation), size: size))

        // Arithmetic and logic.
        case DW_OP_abs:
            let value = Int64(bitPattern: try pop(operation))
            stack.append(UInt64(bitPattern: value < 0 ? 0 &- value : value))
        case DW_OP_neg:
            stack.append(0 &- (try pop(operation)))
        case DW_OP_not:
            stack.append(~(try pop(operation)))
        case DW_OP_plus_uconst:
            stack.append((try pop(operation)) &+ operation.operand1)
        case DW_OP_and, DW_OP_div, DW_OP_minus, DW_OP_mod, DW_OP_mul, DW_OP_or, DW_OP_plus, DW_OP_shl,
             DW_OP_shr, DW_OP_shra, DW_OP_xor, DW_OP_eq, DW_OP_ge, DW_OP_gt, DW_OP_le, DW_OP_lt, DW_OP_ne:
            let right = try pop(operation), left = try pop(operation)
            stack.append(try Self.binary(operation.opcode, left, right))

        // Control flow.
        case DW_OP_skip:
            return try branchTarget(operation)
        case DW_OP_bra:
            if try pop(operation) != 0 { return try branchTarget(operation) }
        case DW_OP_nop, DW_OP_GNU_uninit:
            break

        // Registers and frames.
        case DW_OP_reg0...DW_OP_reg31:
            segment = .register(Int(opcode - DW_OP_reg0))
        case DW_OP_regx:
            segment = .register(try registerNumber(operation.operand1))
        case DW_OP_breg0...DW_OP_breg31:
            stack.append(try register(Int(opcode - DW_OP_breg0)) &+ operation.operand1)
        case DW_OP_bregx:
            stack.append(try register(try registerNumber(operation.operand1)) &+ operation.operand2)
        case DW_OP_fbreg:
            stack.append(try frameBaseValue() &+ operation.operand1)
        case DW_OP_call_frame_cfa:
            guard let cfa = context.canonicalFrameAddress else { throw .missingCFA }
            stack.append(cfa.value)
        case DW_OP_push_object_address:
            guard let object = context.objectAddress else { throw .missingObjectAddress }
            stack.append(object.value)
        case DW_OP_form_tls_address, DW_OP_GNU_push_tls_address:
            let offset = try pop(operation)
            guard let address = context.tls?.threadLocalAddress(offset: offset) else { throw .missingTLS }
            stack.append(address.value)
        case DW_OP_entry_value, DW_OP_GNU_entry_value:
            let decoder = DwarfExpressionDecoder(addressSize: context.addressSize)
            let subexpression = try decoder.decode(operation.block)
            if let value = context.entryValues?.entryValue(of: subexpression) {
                stack.append(value)
            } else {
                segmentUnavailable = true
                stack.append(0)  // a placeholder, so that the operations after it still run
            }

        // Locations that are not in memory, and composites.
        case DW_OP_implicit_value:
            segment = .implicit(operation.block)
        case DW_OP_stack_value:
            segment = .stackValue
        case DW_OP_piece:
            let (bits, overflow) = operation.operand1.multipliedReportingOverflow(by: 8)
            guard !overflow else { throw .malformed("DW_OP_piece of \(operation.operand1) bytes") }
            pieces.append(.init(location: try finishSegment(), sizeInBits: bits))
        case DW_OP_bit_piece:
            pieces.append(.init(location: try finishSegment(), sizeInBits: operation.operand1, bitOffset: operation.operand2))

        default:
            // Typed stack (DWARF 5 const_type, regval_type, deref_type, convert, reinterpret),
            // implicit pointers, calls to other DIEs, address spaces: well-formed, not ours.
            throw .unsupported(opcode: operation.opcode)
        }
        return index + 1
    }

    /// The location the current piece (or the whole expression) describes; resets for the next.
    private mutating func finishSegment() throws(DwarfExpressionError) -> DwarfEvaluatedLocation {
        defer {
            segment = .memory
            segmentUnavailable = false
        }
        if segmentUnavailable {
            stack.removeAll()
            return .unavailable
        }
        switch segment {
        case .register(let number):
            return .register(number)
        case .implicit(let bytes):
            return .implicitBytes(bytes)
        case .stackValue:
            guard let value = stack.popLast() else { throw .stackUnderflow(opcode: UInt8(DW_OP_stack_value)) }
            return .value(value)
        case .memory:
            // No address at all is an empty piece: that part is optimised out.
            guard let address = stack.popLast() else { return .unavailable }
            return .memory(Address(address))
        }
    }

    private mutating func pop(_ operation: DwarfOperation) throws(DwarfExpressionError) -> UInt64 {
        guard let value = stack.popLast() else { throw .stackUnderflow(opcode: operation.opcode) }
        return value
    }

    private func peek(_ operation: DwarfOperation, depth: Int) throws(DwarfExpressionError) -> UInt64 {
        guard depth < stack.count else { throw .stackUnderflow(opcode: operation.opcode) }
        return stack[stack.count - 1 - depth]
    }

    private func register(_ number: Int) throws(DwarfExpressionError) -> UInt64 {
        guard let value = context.registers.registerValue(number) else { throw .registerUnavailable(number) }
        return value
    }

    private func registerNumber(_ operand: UInt64) throws(DwarfExpressionError) -> Int {
        guard operand <= UInt64(UInt16.max) else { throw .malformed("register number \(operand)") }
        return Int(operand)
    }

    /// Reads `size` bytes at `address`, little-endian, zero-extended.
    private func load(_ address: UInt64, size: Int) throws(DwarfExpressionError) -> UInt64 {
        guard let bytes = context.memory.readMemory(at: Address(address), count: size), bytes.count == size else {
            throw .memoryUnreadable(Address(address), count: size)
        }
        var value: UInt64 = 0
        for (index, byte) in bytes.enumerated() where index < 8 { value |= UInt64(byte) << (8 * UInt64(index)) }
        return value
    }

    /// The frame base, evaluating DW_AT_frame_base at most once; an fbreg inside the frame
    /// base expression itself finds no frame base rather than recursing.
    private mutating func frameBaseValue() throws(DwarfExpressionError) -> UInt64 {
        if let frameBase { return frameBase }
        let value: UInt64
        switch context.frameBase {
        case nil:
            throw .missingFrameBase
        case .address(let address)?:
            value = address.value
        case .expression(let operations)?:
            var inner = context
            inner.frameBase = nil
            value = try DwarfExpressionEvaluator(context: inner).evaluateValue(operations)
        }
        frameBase = value
        return value
    }

    /// The index of the operation DW_OP_skip/DW_OP_bra jumps to. The 16-bit displacement
    /// counts from the end of the 3-byte operation; a jump past the last operation ends the
    /// expression (we cannot tell the exact end from decoded operations, only that it is beyond).
    private mutating func branchTarget(_ operation: DwarfOperation) throws(DwarfExpressionError) -> Int {
        let (target, overflow) = Int64(bitPattern: operation.offset)
            .addingReportingOverflow(3 &+ Int64(bitPattern: operation.operand1))
        guard !overflow, target >= 0 else { throw .invalidBranchTarget(target) }
        if let last = operations.last, UInt64(target) > last.offset { return operations.count }
        if indexByOffset == nil {
            // Hand-built operations may repeat offsets: keep the first, never trap.
            indexByOffset = Dictionary(
                operations.enumerated().map { ($0.element.offset, $0.offset) }, uniquingKeysWith: { first, _ in first })
        }
        guard let index = indexByOffset?[UInt64(target)] else { throw .invalidBranchTarget(target) }
        return index
    }

    /// The two-operand operations: `left` was below `right` on the stack.
    private static func binary(_ opcode: UInt8, _ left: UInt64, _ right: UInt64) throws(DwarfExpressionError) -> UInt64 {
        let signedLeft = Int64(bitPattern: left), signedRight = Int64(bitPattern: right)
        switch Int32(opcode) {
        case DW_OP_and: return left & right
        case DW_OP_or: return left | right
        case DW_OP_xor: return left ^ right
        case DW_OP_plus: return left &+ right
        case DW_OP_minus: return left &- right
        case DW_OP_mul: return left &* right
        case DW_OP_div:
            // Signed, as DWARF defines it; Int64.min / -1 wraps instead of trapping.
            guard right != 0 else { throw .divisionByZero(opcode: opcode) }
            return UInt64(bitPattern: signedLeft.dividedReportingOverflow(by: signedRight).partialValue)
        case DW_OP_mod:
            // Unsigned for the generic type, as gdb evaluates it.
            guard right != 0 else { throw .divisionByZero(opcode: opcode) }
            return left % right
        case DW_OP_shl: return right >= 64 ? 0 : left << right
        case DW_OP_shr: return right >= 64 ? 0 : left >> right
        case DW_OP_shra: return UInt64(bitPattern: signedLeft >> Int64(min(right, 63)))
        case DW_OP_eq: return signedLeft == signedRight ? 1 : 0
        case DW_OP_ne: return signedLeft != signedRight ? 1 : 0
        case DW_OP_lt: return signedLeft < signedRight ? 1 : 0
        case DW_OP_le: return signedLeft <= signedRight ? 1 : 0
        case DW_OP_gt: return signedLeft > signedRight ? 1 : 0
        case DW_OP_ge: return signedLeft >= signedRight ? 1 : 0
        default: throw .unsupported(opcode: opcode)
        }
    }
}
