/// A value read within the load limits, ready to print: the shape of Delve's API
/// `Variable`, so that the server sends it as is and the printer follows Delve's rules.
public struct LoadedValue: Sendable, Hashable {
    /// The variable's, member's or expression's name ("" for array elements).
    public var name: String
    /// Where the value is (0 when it has no address: registers, constants).
    public var address: UInt64
    /// Not loaded: only the address is known (Delve's `OnlyAddr`).
    public var onlyAddress: Bool
    /// The type's name as the value's language writes it (Delve's order for C declarators).
    public var type: String
    /// The type without typedefs.
    public var realType: String
    public var kind: ValueKind
    /// The text of a scalar (`42`, `104 'h'`, `KIND_A|KIND_C`, `add`), the text of a string
    /// (unquoted), "" for composite values.
    public var value: String
    /// The bytes of a string exactly as read (`value` is their UTF-8 decoding), so that
    /// bytes that are not UTF-8 print as `\xc0`.
    public var stringBytes: [UInt8]?
    /// Elements of an array, slice or string (all of them, not just those loaded); fields
    /// of a struct; entries of a map.
    public var length: Int64
    /// Capacity of a slice or channel.
    public var capacity: Int64
    /// Members, elements, the pointee (one child), map keys and values (alternating).
    public var children: [LoadedValue]
    /// Where the elements are: an array's address, a slice's or string's backing array.
    public var base: UInt64
    /// Why the value could not be read (printed as `(unreadable REASON)`).
    public var unreadable: String?
    /// The pointee of a nil pointer, a nil slice, map or interface: printed as `T nil`.
    public var isNil: Bool
    /// A local hidden by an inner one of the same name (Delve prints it in parentheses).
    public var isShadowed = false
    /// The value lives in registers or was computed, not in memory: `address` 0 does not
    /// mean nil (Delve's VariableFakeAddress).
    public var hasNoAddress = false
    /// A Swift value: printed as Swift writes it (`Point(x: 3, y: -4)`, `["a": 1]`, `nil`).
    public var isSwift = false
    /// A Swift value whose `value` is the whole text its type describes it with (a Date,
    /// a Duration), not a case name.
    public var isDescribed = false

    public init(
        name: String = "", address: UInt64 = 0, onlyAddress: Bool = false, type: String = "", realType: String = "",
        kind: ValueKind = .invalid, value: String = "", stringBytes: [UInt8]? = nil, length: Int64 = 0,
        capacity: Int64 = 0, children: [LoadedValue] = [], base: UInt64 = 0, unreadable: String? = nil,
        isNil: Bool = false
    ) {
        self.name = name
        self.address = address
        self.onlyAddress = onlyAddress
        self.type = type
        self.realType = realType
        self.kind = kind
        self.value = value
        self.stringBytes = stringBytes
        self.length = length
        self.capacity = capacity
        self.children = children
        self.base = base
        self.unreadable = unreadable
        self.isNil = isNil
    }
}
