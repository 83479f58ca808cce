import CDwarf

/// Why a DWARF expression could not be decoded or evaluated. Expressions come from the
/// binary and read the debuggee, both untrusted: every failure is one of these, never a trap.
public enum DwarfExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes end inside the operands of `opcode` (at byte `offset` of the expression).
    case truncated(opcode: UInt8, offset: Int)
    case unknownOpcode(UInt8, offset: Int)
    /// `opcode` needed more stack entries than there were.
    case stackUnderflow(opcode: UInt8)
    case divisionByZero(opcode: UInt8)
    case memoryUnreadable(Address, count: Int)
    /// The register's value is not known in this frame (e.g. a caller-saved register of a caller).
    case registerUnavailable(Int)
    case missingFrameBase
    case missingCFA
    case missingObjectAddress
    /// DW_OP_form_tls_address without a way to find the thread's TLS block.
    case missingTLS
    case stepLimitExceeded(Int)
    /// A DW_OP_skip/DW_OP_bra target that is not the start of an operation.
    case invalidBranchTarget(Int64)
    /// A well-formed operation this evaluator does not implement (typed stack, calls, ...).
    case unsupported(opcode: UInt8)
    /// Operations that break the rules of location descriptions (e.g. DW_OP_reg0 DW_OP_plus).
    case malformed(String)

    public var description: String {
        switch self {
        case .truncated(let opcode, let offset):
            return "expression ends inside \(Self.name(of: opcode)) at byte \(offset)"
        case .unknownOpcode(let opcode, let offset):
            return "unknown DWARF operation 0x\(hex(UInt64(opcode))) at byte \(offset)"
        case .stackUnderflow(let opcode):
            return "DWARF expression stack underflow at \(Self.name(of: opcode))"
        case .divisionByZero(let opcode):
            return "division by zero in \(Self.name(of: opcode))"
        case .memoryUnreadable(let address, let count):
            return "memory unreadable at \(address) (\(count) bytes)"
        case .registerUnavailable(let number):
            return "register \(X86_64Register.name(of: number)) is not available in this frame"
        case .missingFrameBase:
            return "DW_OP_fbreg without a frame base"
        case .missingCFA:
            return "DW_OP_call_frame_cfa without a canonical frame address"
        case .missingObjectAddress:
            return "DW_OP_push_object_address without an object"
        case .missingTLS:
            return "thread-local storage is not available here"
        case .stepLimitExceeded(let limit):
            return "DWARF expression exceeded \(limit) steps (a loop through DW_OP_bra/DW_OP_skip?)"
        case .invalidBranchTarget(let target):
            return "DWARF branch to byte \(target), which starts no operation"
        case .unsupported(let opcode):
            return "\(Self.name(of: opcode)) is not supported"
        case .malformed(let reason):
            return "malformed DWARF expression: \(reason)"
        }
    }

    /// `DW_OP_name` for an opcode, for messages. dwarf_get_OP_name is a pure table lookup
    /// (no `Dwarf_Debug`), so calling it from any thread is safe.
    public static func name(of opcode: UInt8) -> String {
        var name: UnsafePointer<CChar>?
        guard dwarf_get_OP_name(UInt32(opcode), &name) == DW_DLV_OK, let name else {
            return "DW_OP 0x" + hex(UInt64(opcode))
        }
        return String(cString: name)
    }
}

private func hex(_ value: UInt64) -> String { String(value, radix: 16) }
