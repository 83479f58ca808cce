import DbgSymbols

/// How the Swift calling convention passes a value in registers (x86-64, `swiftcc`): the value
/// is cut into its scalars in the order they lie in it, the integer ones that share an 8-byte
/// unit merged into one register, each float in a register of its own; a value of more than
/// four such pieces (or of a type only known at run time) is passed by address instead.
/// Arguments take rdi, rsi, rdx, rcx, r8, r9 and xmm0-xmm7 in turn, results rax, rdx, rcx, r8
/// and xmm0-xmm3. A value whose pieces dbg cannot tell apart (an enum whose payload holds a
/// float, an unknown layout) is nil here: unreadable, never a guess.
enum SwiftValueLowering {
    /// One register's worth of a value: its bytes `offset..<offset+size`, from the low end of
    /// an integer register or an xmm register.
    struct Piece: Equatable {
        var offset: Int
        var size: Int
        var isFloat: Bool
    }

    /// How a value travels: in the registers its pieces take, or by address in one integer
    /// register.
    enum Passing {
        case direct([Piece], size: Int)
        case indirect
    }

    static let maxDirectPieces = 4
    static let resultIntegerRegisters: [X86_64Register] = [.rax, .rdx, .rcx, .r8]
    static let maxResultVectorRegisters = 4

    static func passing(of type: SwiftTypeName, types: SwiftTypes) -> Passing? {
        if case .genericParameter = type { return .indirect }  // its layout is only known at run time
        guard let layout = try? types.layout(of: type) else { return nil }
        if case .existential(let isClassBound) = layout.kind, !isClassBound { return .indirect }
        guard let scalars = scalars(of: layout, at: 0, types: types, depth: 0), let pieces = merged(scalars) else { return nil }
        return pieces.count > maxDirectPieces ? .indirect : .direct(pieces, size: layout.size)
    }

    /// A result's bytes, from rax, rdx, rcx, r8 (`integer`) and xmm0... (`vector`, by index);
    /// nil when it is returned through memory or a register is missing.
    static func resultBytes(of type: SwiftTypeName, types: SwiftTypes, integer: (X86_64Register) -> UInt64?,
                            vector: (Int) -> UInt64?) -> [UInt8]? {
        guard case .direct(let pieces, let size)? = passing(of: type, types: types) else { return nil }
        var nextInteger = 0
        var nextVector = 0
        return bytes(of: pieces, size: size) { piece in
            if piece.isFloat {
                defer { nextVector += 1 }
                return nextVector < maxResultVectorRegisters ? vector(nextVector) : nil
            }
            defer { nextInteger += 1 }
            return nextInteger < resultIntegerRegisters.count ? integer(resultIntegerRegisters[nextInteger]) : nil
        }
    }

    /// The value's bytes, each piece from the register `register` gives for it (asked in order).
    static func bytes(of pieces: [Piece], size: Int, register: (Piece) -> UInt64?) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: size)
        for piece in pieces {
            guard let word = register(piece), piece.offset >= 0, piece.offset + piece.size <= size else { return nil }
            for index in 0..<piece.size { bytes[piece.offset + index] = UInt8(truncatingIfNeeded: word >> (8 * UInt64(index))) }
        }
        return bytes
    }

    /// Scalars sharing an 8-byte unit become one piece: integers merge into one register
    /// (from the first one's offset to the last one's end); a float must be alone in its unit
    /// (two floats or a float beside an integer: dbg does not know how they are merged).
    private static func merged(_ scalars: [Piece]) -> [Piece]? {
        var pieces: [Piece] = []
        var units: [Int: [Piece]] = [:]
        for scalar in scalars where scalar.size > 0 {
            guard scalar.size <= 8, scalar.offset / 8 == (scalar.offset + scalar.size - 1) / 8 else { return nil }
            units[scalar.offset / 8, default: []].append(scalar)
        }
        for unit in units.keys.sorted() {
            guard let members = units[unit], let first = members.min(by: { $0.offset < $1.offset }) else { continue }
            if members.contains(where: \.isFloat) {
                guard members.count == 1 else { return nil }
                pieces.append(first)
            } else {
                let end = members.map { $0.offset + $0.size }.max() ?? first.offset + first.size
                pieces.append(Piece(offset: first.offset, size: end - first.offset, isFloat: false))
            }
        }
        return pieces
    }

    /// The value's scalars, as the convention sees them; nil when dbg does not know.
    private static func scalars(of layout: SwiftLayout, at offset: Int, types: SwiftTypes, depth: Int) -> [Piece]? {
        guard depth < 8 else { return nil }
        func words(_ count: Int) -> [Piece] { (0..<count).map { Piece(offset: offset + 8 * $0, size: 8, isFloat: false) } }
        func integers(covering size: Int, from start: Int) -> [Piece] {
            stride(from: 0, to: size, by: 8).map { Piece(offset: start + $0, size: min(8, size - $0), isFloat: false) }
        }
        switch layout.kind {
        case .integer, .bool: return [Piece(offset: offset, size: layout.size, isFloat: false)]
        case .float: return [Piece(offset: offset, size: layout.size, isFloat: true)]
        case .pointer, .classReference, .array, .set, .dictionary, .metatype, .weakReference, .boxedError: return words(1)
        case .string: return words(2)
        case .substring: return words(4)
        case .function(let isThin): return words(isThin ? 1 : 2)
        case .existential(let isClassBound): return isClassBound ? words(layout.size / 8) : nil
        case .record(let fields):
            var all: [Piece] = []
            for field in fields {
                guard let fieldLayout = try? types.layout(of: field.type),
                      let inner = scalars(of: fieldLayout, at: offset + field.offset, types: types, depth: depth + 1)
                else { return nil }
                all += inner
            }
            return all
        case .enumeration(let enumLayout):
            switch enumLayout.strategy {
            case .noPayload(let tagSize):
                return tagSize == 0 ? [] : [Piece(offset: offset, size: tagSize, isFloat: false)]
            case .singlePayload(let payloadSize, _, let extraTagSize):
                guard let payloadCase = enumLayout.cases.first(where: { $0.payload != nil }) else { return nil }
                let payloadScalars: [Piece]
                if payloadCase.isIndirect {
                    payloadScalars = words(1)  // a box
                } else {
                    guard let payload = payloadCase.payload, let payloadLayout = try? types.layout(of: payload),
                          let inner = scalars(of: payloadLayout, at: offset, types: types, depth: depth + 1),
                          !inner.contains(where: \.isFloat)  // how a float payload is lowered: not known here
                    else { return nil }
                    payloadScalars = inner
                }
                let tag = extraTagSize == 0 ? [] : [Piece(offset: offset + payloadSize, size: extraTagSize, isFloat: false)]
                return payloadScalars + tag
            case .multiPayload(let payloadSize, let tagSize):
                // The payloads share their bytes: passed as integers covering them, then the tag.
                return integers(covering: payloadSize, from: offset)
                    + (tagSize == 0 ? [] : [Piece(offset: offset + payloadSize, size: tagSize, isFloat: false)])
            case .multiPayloadSpareBits(let payloadSize, _, _):
                return integers(covering: payloadSize, from: offset)
            }
        case .opaque:
            return nil
        }
    }
}

extension SwiftTypeName {
    /// `()`: what a function returning nothing returns, as Swift's DWARF names it.
    var isVoid: Bool {
        if case .tuple(let elements) = self { return elements.isEmpty }
        return false
    }
}
