/// Go's register ABI (ABIInternal, Go 1.17 and later on amd64) assigns values to registers
/// one after another, field by field: integer words to RAX, RBX, RCX, RDI, RSI, R8, R9, R10,
/// R11, floating-point words to X0 to X14. A value that does not fit in the registers left
/// goes on the stack whole (and the next value may still find registers). The same
/// assignment places a call's arguments and finds its results.
struct GoRegisterAssignment {
    /// One word of a value: which register holds it and where it sits in the value's bytes.
    struct Piece: Equatable {
        enum Bank: Equatable { case integer, float }
        var bank: Bank
        /// The register's index in its bank (RAX is 0, X0 is 0).
        var index: Int
        var offset: Int
        var size: Int
    }

    static let integerRegisterCount = 9
    static let floatRegisterCount = 15

    let types: TypeSystem
    private(set) var nextInteger = 0
    private(set) var nextFloat = 0

    init(types: TypeSystem) { self.types = types }

    /// The registers of the next value of `type`, or nil when it goes on the stack (no
    /// register is taken then).
    mutating func assign(_ type: ValueType) -> [Piece]? {
        let saved = (nextInteger, nextFloat)
        var pieces: [Piece] = []
        guard assign(type, offset: 0, into: &pieces) else {
            (nextInteger, nextFloat) = saved
            return nil
        }
        return pieces
    }

    private mutating func assign(_ type: ValueType, offset: Int, into pieces: inout [Piece]) -> Bool {
        switch types.shape(of: type) {
        case .integer(let size, _, _), .boolean(let size):
            return integerWord(size: size, offset: offset, into: &pieces)
        case .enumeration(let dwarf, _):
            return integerWord(size: Int(dwarf.byteSize ?? 8), offset: offset, into: &pieces)
        case .pointer, .goMap, .goChannel, .goFunction:
            return integerWord(size: 8, offset: offset, into: &pieces)
        case .float(let size):
            return floatWord(size: size, offset: offset, into: &pieces)
        case .complex(let size):
            return floatWord(size: size / 2, offset: offset, into: &pieces)
                && floatWord(size: size / 2, offset: offset + size / 2, into: &pieces)
        case .goString, .goInterface:
            return integerWord(size: 8, offset: offset, into: &pieces) && integerWord(size: 8, offset: offset + 8, into: &pieces)
        case .goSlice:
            return (0..<3).allSatisfy { integerWord(size: 8, offset: offset + 8 * $0, into: &pieces) }
        case .aggregate(_, let aggregate):
            for member in aggregate.members {
                guard let memberOffset = member.byteOffset, memberOffset < 1 << 16, member.bitField == nil,
                      assign(types.resolve(member.type), offset: offset + Int(memberOffset), into: &pieces)
                else { return false }
            }
            return true
        case .array(let element, let count):
            if count == 0 { return true }
            guard count == 1 else { return false }
            return assign(element, offset: offset, into: &pieces)
        default:
            return false
        }
    }

    private mutating func integerWord(size: Int, offset: Int, into pieces: inout [Piece]) -> Bool {
        guard nextInteger < Self.integerRegisterCount else { return false }
        pieces.append(Piece(bank: .integer, index: nextInteger, offset: offset, size: size))
        nextInteger += 1
        return true
    }

    private mutating func floatWord(size: Int, offset: Int, into pieces: inout [Piece]) -> Bool {
        guard nextFloat < Self.floatRegisterCount else { return false }
        pieces.append(Piece(bank: .float, index: nextFloat, offset: offset, size: size))
        nextFloat += 1
        return true
    }
}
