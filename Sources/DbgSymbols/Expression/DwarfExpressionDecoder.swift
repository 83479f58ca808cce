import CDwarf

/// Decodes raw DWARF expression bytes (CFI expressions, DW_FORM_exprloc blocks) into
/// `DwarfOperation`s, pure Swift, with the operand conventions of libdwarf's
/// dwarf_get_location_op_value_d, so that both decodings evaluate the same:
///
/// - `offset` is the operation's byte offset in the expression;
/// - signed operands (constNs, consts, fbreg, bregN, skip/bra) are sign-extended to 64 bits
///   and stored as their bit pattern; DW_OP_skip/DW_OP_bra keep the raw 16-bit displacement,
///   relative to the end of the 3-byte operation;
/// - DW_OP_litN carries N in `operand1`;
/// - where libdwarf hands back a pointer to inline bytes (DW_OP_implicit_value and
///   DW_OP_entry_value in `operand2`, DW_OP_const_type in `operand3`) we store 0 there and
///   copy the bytes into `block`; the lengths stay where libdwarf puts them;
/// - DW_OP_addrx/DW_OP_constx carry the raw index: without `.debug_addr` nothing can cook it.
///
/// Two libdwarf 20210528 bugs are not copied: it reads DW_OP_GNU_encoded_addr's value
/// starting at the encoding byte, and forgets to step over DW_OP_GNU_variable_value's operand.
public struct DwarfExpressionDecoder: Sendable {
    public var addressSize: Int
    /// 4 for 32-bit DWARF, 8 for 64-bit DWARF (DW_OP_call_ref, DW_OP_implicit_pointer).
    public var offsetSize: Int
    /// The unit's DWARF version: before 3, DW_OP_implicit_pointer's reference is address-sized.
    public var version: Int

    public init(addressSize: Int = 8, offsetSize: Int = 4, version: Int = 5) {
        self.addressSize = addressSize
        self.offsetSize = offsetSize
        self.version = version
    }

    public func decode(_ bytes: [UInt8]) throws(DwarfExpressionError) -> [DwarfOperation] {
        var reader = ByteReader(bytes)
        var operations: [DwarfOperation] = []
        while !reader.isAtEnd {
            let start = reader.offset
            guard let opcode = reader.u8() else { break }
            var operation = DwarfOperation(opcode: opcode, offset: UInt64(start))
            guard try decodeOperands(&operation, from: &reader) else {
                throw .truncated(opcode: opcode, offset: start)
            }
            operations.append(operation)
        }
        return operations
    }

    /// Fills in the operands of `operation`; false when the bytes run out first.
    private func decodeOperands(_ operation: inout DwarfOperation, from reader: inout ByteReader)
        throws(DwarfExpressionError) -> Bool
    {
        let opcode = Int32(operation.opcode)
        switch opcode {
        case DW_OP_lit0...DW_OP_lit31:
            operation.operand1 = UInt64(opcode - DW_OP_lit0)
        case DW_OP_reg0...DW_OP_reg31, DW_OP_dup, DW_OP_drop, DW_OP_over, DW_OP_swap, DW_OP_rot,
             DW_OP_deref, DW_OP_xderef, DW_OP_abs, DW_OP_and, DW_OP_div, DW_OP_minus, DW_OP_mod,
             DW_OP_mul, DW_OP_neg, DW_OP_not, DW_OP_or, DW_OP_plus, DW_OP_shl, DW_OP_shr,
             DW_OP_shra, DW_OP_xor, DW_OP_eq, DW_OP_ge, DW_OP_gt, DW_OP_le, DW_OP_lt, DW_OP_ne,
             DW_OP_nop, DW_OP_push_object_address, DW_OP_form_tls_address, DW_OP_call_frame_cfa,
             DW_OP_stack_value, DW_OP_GNU_push_tls_address, DW_OP_GNU_uninit:
            break
        case DW_OP_addr:
            guard let value = unsigned(&reader, size: addressSize) else { return false }
            operation.operand1 = value
        case DW_OP_const1u, DW_OP_pick, DW_OP_deref_size, DW_OP_xderef_size:
            guard let value = reader.u8() else { return false }
            operation.operand1 = UInt64(value)
        case DW_OP_const1s:
            guard let value = reader.u8() else { return false }
            operation.operand1 = UInt64(bitPattern: Int64(Int8(bitPattern: value)))
        case DW_OP_const2u, DW_OP_call2:
            guard let value = reader.u16() else { return false }
            operation.operand1 = UInt64(value)
        case DW_OP_const2s, DW_OP_skip, DW_OP_bra:
            guard let value = reader.u16() else { return false }
            operation.operand1 = UInt64(bitPattern: Int64(Int16(bitPattern: value)))
        case DW_OP_const4u, DW_OP_call4, DW_OP_GNU_parameter_ref:
            guard let value = reader.u32() else { return false }
            operation.operand1 = UInt64(value)
        case DW_OP_const4s:
            guard let value = reader.u32() else { return false }
            operation.operand1 = UInt64(bitPattern: Int64(Int32(bitPattern: value)))
        case DW_OP_const8u, DW_OP_const8s:
            guard let value = reader.u64() else { return false }
            operation.operand1 = value
        case DW_OP_constu, DW_OP_plus_uconst, DW_OP_regx, DW_OP_piece, DW_OP_addrx, DW_OP_constx,
             DW_OP_GNU_addr_index, DW_OP_GNU_const_index, DW_OP_convert, DW_OP_GNU_convert,
             DW_OP_reinterpret, DW_OP_GNU_reinterpret:
            guard let value = reader.uleb128() else { return false }
            operation.operand1 = value
        case DW_OP_consts, DW_OP_fbreg, DW_OP_breg0...DW_OP_breg31:
            guard let value = reader.sleb128() else { return false }
            operation.operand1 = UInt64(bitPattern: value)
        case DW_OP_bregx:
            guard let register = reader.uleb128(), let offset = reader.sleb128() else { return false }
            operation.operand1 = register
            operation.operand2 = UInt64(bitPattern: offset)
        case DW_OP_bit_piece, DW_OP_regval_type, DW_OP_GNU_regval_type:
            guard let first = reader.uleb128(), let second = reader.uleb128() else { return false }
            operation.operand1 = first
            operation.operand2 = second
        case DW_OP_deref_type, DW_OP_GNU_deref_type, DW_OP_xderef_type:
            guard let size = reader.u8(), let type = reader.uleb128() else { return false }
            operation.operand1 = UInt64(size)
            operation.operand2 = type
        case DW_OP_call_ref, DW_OP_GNU_variable_value:
            guard let value = unsigned(&reader, size: offsetSize) else { return false }
            operation.operand1 = value
        case DW_OP_implicit_pointer, DW_OP_GNU_implicit_pointer:
            let referenceSize = version == 2 ? addressSize : offsetSize
            guard let reference = unsigned(&reader, size: referenceSize), let offset = reader.sleb128() else {
                return false
            }
            operation.operand1 = reference
            operation.operand2 = UInt64(bitPattern: offset)
        case DW_OP_implicit_value, DW_OP_entry_value, DW_OP_GNU_entry_value:
            guard let length = reader.uleb128(), length <= UInt64(reader.remaining),
                  let block = reader.bytes(Int(length))
            else { return false }
            operation.operand1 = length
            operation.block = block
        case DW_OP_const_type, DW_OP_GNU_const_type:
            guard let type = reader.uleb128(), let size = reader.u8(), let block = reader.bytes(Int(size)) else {
                return false
            }
            operation.operand1 = type
            operation.operand2 = UInt64(size)
            operation.block = block
        case DW_OP_GNU_encoded_addr:
            // One byte gives the address's size (0: the target's), then the address.
            guard let encoding = reader.u8() else { return false }
            let size = encoding == 0 ? addressSize : Int(encoding)
            guard [1, 2, 4, 8].contains(size) else {
                throw .malformed("DW_OP_GNU_encoded_addr with size \(size)")
            }
            guard let value = unsigned(&reader, size: size) else { return false }
            operation.operand1 = value
        default:
            throw .unknownOpcode(operation.opcode, offset: Int(operation.offset))
        }
        return true
    }

    /// A little-endian unsigned value of 1, 2, 4 or 8 bytes.
    private func unsigned(_ reader: inout ByteReader, size: Int) -> UInt64? {
        switch size {
        case 1: return reader.u8().map(UInt64.init)
        case 2: return reader.u16().map(UInt64.init)
        case 4: return reader.u32().map(UInt64.init)
        case 8: return reader.u64()
        default: return nil
        }
    }
}
