/// The standard library's types and protocols that a mangling names with one letter after `S`
/// (`Si` is `Swift.Int`), and the concurrency ones after `Sc` (`ScT` is `Swift.Task`): the
/// runtime's `StandardTypesMangling.def`.
enum SwiftStandardTypes {
    struct Entry {
        var kind: SwiftNominalName.Kind
        var name: String
    }

    static func type(_ letter: UInt8, concurrency: Bool) -> Entry? {
        let table = concurrency ? concurrencyTypes : standardTypes
        return table[Character(Unicode.Scalar(letter))]
    }

    private static let standardTypes: [Character: Entry] = [
        "A": Entry(kind: .structure, name: "AutoreleasingUnsafeMutablePointer"),
        "a": Entry(kind: .structure, name: "Array"),
        "b": Entry(kind: .structure, name: "Bool"),
        "D": Entry(kind: .structure, name: "Dictionary"),
        "d": Entry(kind: .structure, name: "Double"),
        "f": Entry(kind: .structure, name: "Float"),
        "h": Entry(kind: .structure, name: "Set"),
        "I": Entry(kind: .structure, name: "DefaultIndices"),
        "i": Entry(kind: .structure, name: "Int"),
        "J": Entry(kind: .structure, name: "Character"),
        "N": Entry(kind: .structure, name: "ClosedRange"),
        "n": Entry(kind: .structure, name: "Range"),
        "O": Entry(kind: .structure, name: "ObjectIdentifier"),
        "P": Entry(kind: .structure, name: "UnsafePointer"),
        "p": Entry(kind: .structure, name: "UnsafeMutablePointer"),
        "R": Entry(kind: .structure, name: "UnsafeBufferPointer"),
        "r": Entry(kind: .structure, name: "UnsafeMutableBufferPointer"),
        "S": Entry(kind: .structure, name: "String"),
        "s": Entry(kind: .structure, name: "Substring"),
        "u": Entry(kind: .structure, name: "UInt"),
        "V": Entry(kind: .structure, name: "UnsafeRawPointer"),
        "v": Entry(kind: .structure, name: "UnsafeMutableRawPointer"),
        "W": Entry(kind: .structure, name: "UnsafeRawBufferPointer"),
        "w": Entry(kind: .structure, name: "UnsafeMutableRawBufferPointer"),
        "q": Entry(kind: .enumeration, name: "Optional"),
        "B": Entry(kind: .protocolType, name: "BinaryFloatingPoint"),
        "E": Entry(kind: .protocolType, name: "Encodable"),
        "e": Entry(kind: .protocolType, name: "Decodable"),
        "F": Entry(kind: .protocolType, name: "FloatingPoint"),
        "G": Entry(kind: .protocolType, name: "RandomNumberGenerator"),
        "H": Entry(kind: .protocolType, name: "Hashable"),
        "j": Entry(kind: .protocolType, name: "Numeric"),
        "K": Entry(kind: .protocolType, name: "BidirectionalCollection"),
        "k": Entry(kind: .protocolType, name: "RandomAccessCollection"),
        "L": Entry(kind: .protocolType, name: "Comparable"),
        "l": Entry(kind: .protocolType, name: "Collection"),
        "M": Entry(kind: .protocolType, name: "MutableCollection"),
        "m": Entry(kind: .protocolType, name: "RangeReplaceableCollection"),
        "Q": Entry(kind: .protocolType, name: "Equatable"),
        "T": Entry(kind: .protocolType, name: "Sequence"),
        "t": Entry(kind: .protocolType, name: "IteratorProtocol"),
        "U": Entry(kind: .protocolType, name: "UnsignedInteger"),
        "X": Entry(kind: .protocolType, name: "RangeExpression"),
        "x": Entry(kind: .protocolType, name: "Strideable"),
        "Y": Entry(kind: .protocolType, name: "RawRepresentable"),
        "y": Entry(kind: .protocolType, name: "StringProtocol"),
        "Z": Entry(kind: .protocolType, name: "SignedInteger"),
        "z": Entry(kind: .protocolType, name: "BinaryInteger"),
    ]

    private static let concurrencyTypes: [Character: Entry] = [
        "A": Entry(kind: .protocolType, name: "Actor"),
        "C": Entry(kind: .structure, name: "CheckedContinuation"),
        "c": Entry(kind: .structure, name: "UnsafeContinuation"),
        "E": Entry(kind: .structure, name: "CancellationError"),
        "e": Entry(kind: .structure, name: "UnownedSerialExecutor"),
        "F": Entry(kind: .protocolType, name: "Executor"),
        "f": Entry(kind: .protocolType, name: "SerialExecutor"),
        "G": Entry(kind: .structure, name: "TaskGroup"),
        "g": Entry(kind: .structure, name: "ThrowingTaskGroup"),
        "h": Entry(kind: .protocolType, name: "TaskExecutor"),
        "I": Entry(kind: .protocolType, name: "AsyncIteratorProtocol"),
        "i": Entry(kind: .protocolType, name: "AsyncSequence"),
        "J": Entry(kind: .structure, name: "UnownedJob"),
        "M": Entry(kind: .classType, name: "MainActor"),
        "P": Entry(kind: .structure, name: "TaskPriority"),
        "S": Entry(kind: .structure, name: "AsyncStream"),
        "s": Entry(kind: .structure, name: "AsyncThrowingStream"),
        "T": Entry(kind: .structure, name: "Task"),
        "t": Entry(kind: .structure, name: "UnsafeCurrentTask"),
    ]
}
