import DbgSymbols

/// How a Swift type's values sit in memory, as dbg reads them: size, alignment, the extra
/// inhabitants an enclosing enum may use, and what the bytes mean.
public struct SwiftLayout: Sendable {
    var size: Int
    var alignment: Int
    var extraInhabitants: SwiftExtraInhabitants
    var kind: Kind
    /// Whether the extra inhabitants are known: an enum that would use them for its empty
    /// cases refuses to guess where they are not.
    var knowsExtraInhabitants = true

    var stride: Int { max(1, (size + alignment - 1) / max(alignment, 1) * max(alignment, 1)) }

    enum Kind: Sendable {
        /// `Int`, `UInt`, `Int8`...`UInt64`.
        case integer(isSigned: Bool)
        /// `Float`, `Double`.
        case float
        case bool
        /// `String`, and `Character` (a String inside).
        case string
        /// `Substring`: a range of a String's bytes.
        case substring
        /// `Array`, `ContiguousArray`: a reference to contiguous storage.
        case array(element: SwiftTypeName)
        case set(element: SwiftTypeName)
        case dictionary(key: SwiftTypeName, value: SwiftTypeName)
        /// `UnsafePointer<T>` and kin (nil pointee: raw pointers).
        case pointer(pointee: SwiftTypeName?)
        /// A struct or a tuple: stored properties at their offsets.
        case record([SwiftRecordField])
        /// A class reference; the instance's dynamic class is read from its metadata.
        case classReference
        /// `weak var`: an optional reference through the object's side table.
        case weakReference
        case enumeration(SwiftEnumLayout)
        /// `any P`: three words of inline buffer, the value's metadata, one witness table
        /// per protocol; class-bound ones are the reference and the tables.
        case existential(isClassBound: Bool)
        /// `any Error`: one reference to a box holding the value's metadata, its conformance,
        /// then the value.
        case boxedError
        /// A closure: the function and its context (thin ones: the function alone).
        case function(isThin: Bool)
        case metatype
        /// Bytes whose meaning dbg does not know (a type known only by its size).
        case opaque
    }
}

struct SwiftRecordField: Sendable {
    var name: String
    var type: SwiftTypeName
    var offset: Int
}

/// The bit patterns a type never uses for a valid value, which an enclosing enum (an
/// `Optional`) uses for its empty cases: the little-endian number of `width` bytes at
/// `offset` is extra inhabitant `n - first` when it lies in `first..<first + count`.
/// Pointers: 0 up to 4096 (x86-64's least valid pointer); `Bool`: 2 to 255; an enum tag byte:
/// the values past its cases.
struct SwiftExtraInhabitants: Sendable, Hashable {
    var count: Int
    var offset: Int
    var width: Int
    var first: UInt64

    static let none = SwiftExtraInhabitants(count: 0, offset: 0, width: 0, first: 0)
    /// x86-64: no heap object or code lives below 4096.
    static func pointer(at offset: Int = 0) -> SwiftExtraInhabitants {
        SwiftExtraInhabitants(count: 4096, offset: offset, width: 8, first: 0)
    }

    /// The same inhabitants, `by` bytes further in (a field of a struct).
    func shifted(by delta: Int) -> SwiftExtraInhabitants {
        var shifted = self
        shifted.offset += delta
        return shifted
    }

    /// Those left after the first `used` went to an enclosing enum's empty cases.
    func dropping(_ used: Int) -> SwiftExtraInhabitants {
        guard count > used else { return .none }
        var rest = self
        rest.count -= used
        rest.first &+= UInt64(used)
        return rest
    }

    /// The extra inhabitant `bytes` hold (its index), nil for a valid value.
    func index(in bytes: ArraySlice<UInt8>) -> Int? {
        guard count > 0, width > 0, width <= 8, offset >= 0, bytes.count >= offset + width else { return nil }
        var number: UInt64 = 0
        let start = bytes.startIndex + offset
        for index in 0..<width { number |= UInt64(bytes[start + index]) << (8 * UInt64(index)) }
        guard number >= first, number - first < UInt64(count) else { return nil }
        return Int(number - first)
    }
}

/// An enum's cases and how its bytes say which case it holds.
struct SwiftEnumLayout: Sendable {
    struct Case: Sendable {
        var name: String
        /// The payload's type (a tuple for several associated values); nil without one.
        var payload: SwiftTypeName?
        /// `indirect`: the payload is in a heap box the enum points to.
        var isIndirect: Bool
    }

    enum Strategy: Sendable {
        /// No payloads: the tag is the case's index (`tagSize` bytes; 0 for one case).
        case noPayload(tagSize: Int)
        /// One payload case; the others are the payload's extra inhabitants, then values of
        /// `extraTagSize` bytes after the payload (1 means an empty case).
        case singlePayload(payloadSize: Int, payloadInhabitants: SwiftExtraInhabitants, extraTagSize: Int)
        /// Several payload cases: a tag of `tagSize` bytes after the payload area numbers the
        /// payload cases, then the empty ones (whose index is in the payload area).
        case multiPayload(payloadSize: Int, tagSize: Int)
        /// Several payload cases whose common spare bits hold the tag (`tagBits`: the most
        /// significant of them, as many as the tags need; `spareBits`: all of them, cleared to
        /// read a payload). Masks are as long as the payload area.
        case multiPayloadSpareBits(payloadSize: Int, tagBits: [UInt8], spareBits: [UInt8])
    }

    /// In declaration order, payload cases first (as the field descriptor lists them).
    var cases: [Case]
    var payloadCaseCount: Int
    var strategy: Strategy
}

extension SwiftLayout {
    /// The kind a value of this layout loads as.
    var valueKind: ValueKind {
        switch kind {
        case .integer(let isSigned): return .integer(size: size, isSigned: isSigned)
        case .float: return size == 4 ? .float32 : .float64
        case .bool: return .bool
        case .string, .substring: return .string
        case .array, .set: return .slice
        case .dictionary: return .map
        case .pointer, .classReference: return .pointer
        case .weakReference: return .struct
        case .record, .enumeration: return .struct
        case .existential, .boxedError: return .interface
        case .function, .metatype: return .func
        case .opaque: return .invalid
        }
    }
}
