/// A type as DWARF describes it, resolved from one type entry.
///
/// Types that refer to other types (pointers, members, array elements, typedefs...) hold the
/// referenced entry's offset, not the resolved type: a struct that points to itself is then
/// one finite value, and the `TypeTable` resolves (and caches) each reference on demand. A nil
/// reference means `void` (a `void *`, a function returning nothing).
public struct DwarfType: Sendable, Hashable {
    /// The type's entry; 0 for the made-up `void` (see `DwarfType.void`).
    public var offset: DIEOffset
    /// DW_AT_name as written: `point` for `struct point`, `*main.Order` for a Go pointer.
    public var name: String?
    /// C++: the name with its enclosing namespaces and classes (`geo::Derived`); nil elsewhere.
    public var qualifiedName: String?
    /// DW_AT_byte_size, when the entry has one (use `TypeTable.byteSize(of:)` for the size of
    /// typedefs, qualifiers, pointers and arrays).
    public var byteSize: UInt64?
    public var kind: Kind
    /// The language of the unit that holds the entry (names and values are formatted per language).
    public var language: SourceLanguage
    /// A forward declaration (DW_AT_declaration): an incomplete type without members.
    public var isDeclaration: Bool
    /// What Go's compiler adds to its types (nil for other languages).
    public var go: GoAttributes?
    /// Swift: the type's mangled name (`$s6values5PointVD`), which says what the type is
    /// (Swift's DWARF gives few types members); nil for other languages.
    public var swiftMangledName: String?

    public init(
        offset: DIEOffset, name: String?, byteSize: UInt64?, kind: Kind, language: SourceLanguage,
        isDeclaration: Bool = false, go: GoAttributes? = nil
    ) {
        self.offset = offset
        self.name = name
        self.byteSize = byteSize
        self.kind = kind
        self.language = language
        self.isDeclaration = isDeclaration
        self.go = go
    }

    /// `void`: no entry stands for it (a missing DW_AT_type means void).
    public static let void = DwarfType(
        offset: DIEOffset(0), name: "void", byteSize: nil, kind: .unspecified, language: .c)

    /// A type that could not be read; `reason` says why, for the user.
    public static func unknown(_ offset: DIEOffset, _ reason: String, language: SourceLanguage = .c) -> DwarfType {
        DwarfType(offset: offset, name: nil, byteSize: nil, kind: .unknown(reason), language: language)
    }

    public enum Kind: Sendable, Hashable {
        /// DW_TAG_base_type.
        case base(BaseEncoding)
        /// DW_TAG_pointer_type; nil pointee: `void *` (Go: `unsafe.Pointer`).
        case pointer(to: DIEOffset?)
        /// DW_TAG_reference_type / DW_TAG_rvalue_reference_type.
        case reference(to: DIEOffset?, isRValue: Bool)
        /// DW_TAG_ptr_to_member_type: `T Class::*`.
        case pointerToMember(to: DIEOffset?, containing: DIEOffset?)
        /// const, volatile, restrict, _Atomic applied to another type (nil: `const void`).
        case qualified(Qualifier, DIEOffset?)
        /// DW_TAG_typedef (nil target: a typedef of void).
        case typedef(to: DIEOffset?)
        /// struct, class or union.
        case aggregate(Aggregate)
        case array(ArrayShape)
        case enumeration(Enumeration)
        /// DW_TAG_subroutine_type: the type of a function (pointed to by function pointers).
        case subroutine(Signature)
        /// DW_TAG_unspecified_type (`decltype(nullptr)`, Go's unspecified types) and `void`.
        case unspecified
        /// Not a type entry, or a type entry we cannot make sense of.
        case unknown(String)
    }

    public enum Qualifier: String, Sendable, Hashable {
        case const, volatile, restrict, atomic
    }

    /// DW_AT_encoding of a base type.
    public enum BaseEncoding: Sendable, Hashable {
        case signed, unsigned, signedChar, unsignedChar, float, boolean, complexFloat
        /// DW_ATE_UTF: `char16_t`, `char32_t`, Swift/Rust `char`.
        case utf
        case address
        case other(UInt64)

        init(dwarfCode: UInt64?) {
            switch dwarfCode {
            case 0x1: self = .address
            case 0x2: self = .boolean
            case 0x3: self = .complexFloat
            case 0x4: self = .float
            case 0x5: self = .signed
            case 0x6: self = .signedChar
            case 0x7: self = .unsigned
            case 0x8: self = .unsignedChar
            case 0x10: self = .utf
            default: self = .other(dwarfCode ?? 0)
            }
        }

        public var isSigned: Bool { self == .signed || self == .signedChar }
    }

    public enum AggregateKind: String, Sendable, Hashable {
        case structure = "struct", `class` = "class", union = "union"
    }

    public struct Aggregate: Sendable, Hashable {
        public var kind: AggregateKind
        /// Data members in declaration order (static members and methods are not listed).
        public var members: [Member]
        /// Base classes (DW_TAG_inheritance), in order.
        public var bases: [Inheritance]

        public init(kind: AggregateKind, members: [Member], bases: [Inheritance]) {
            self.kind = kind
            self.members = members
            self.bases = bases
        }
    }

    public struct Member: Sendable, Hashable {
        /// nil for an anonymous struct or union member (C11) and unnamed bit-fields.
        public var name: String?
        public var type: DIEOffset?
        /// Bytes from the start of the containing aggregate (0 for union members); for a
        /// bit-field, the byte that holds its first bit. nil when the offset is an expression
        /// (`offsetExpression`).
        public var byteOffset: UInt64?
        /// DW_AT_data_member_location as an expression that is not a plain constant (C++
        /// virtual bases): evaluate it with the object's address pushed.
        public var offsetExpression: [DwarfOperation]?
        public var bitField: BitField?
        /// Go: an embedded field (its fields are promoted).
        public var isEmbedded: Bool
        public var isArtificial: Bool

        public init(
            name: String?, type: DIEOffset?, byteOffset: UInt64?, offsetExpression: [DwarfOperation]? = nil,
            bitField: BitField? = nil, isEmbedded: Bool = false, isArtificial: Bool = false
        ) {
            self.name = name
            self.type = type
            self.byteOffset = byteOffset
            self.offsetExpression = offsetExpression
            self.bitField = bitField
            self.isEmbedded = isEmbedded
            self.isArtificial = isArtificial
        }
    }

    /// Where a bit-field lives, little-endian: bit `bitOffset` of the aggregate (counted from
    /// the least significant bit of its first byte) is the field's lowest bit.
    public struct BitField: Sendable, Hashable {
        public var bitOffset: UInt64
        public var bitSize: UInt64

        public init(bitOffset: UInt64, bitSize: UInt64) {
            self.bitOffset = bitOffset
            self.bitSize = bitSize
        }
    }

    public struct Inheritance: Sendable, Hashable {
        public var type: DIEOffset?
        public var byteOffset: UInt64?
        public var offsetExpression: [DwarfOperation]?
        public var isVirtual: Bool

        public init(type: DIEOffset?, byteOffset: UInt64?, offsetExpression: [DwarfOperation]?, isVirtual: Bool) {
            self.type = type
            self.byteOffset = byteOffset
            self.offsetExpression = offsetExpression
            self.isVirtual = isVirtual
        }
    }

    public struct ArrayShape: Sendable, Hashable {
        public var element: DIEOffset?
        /// Outermost first: `int [2][3]` has dimensions 2 then 3. Empty when DWARF gives none.
        public var dimensions: [ArrayDimension]
        /// GNU vector types (`__attribute__((vector_size))`).
        public var isVector: Bool

        public init(element: DIEOffset?, dimensions: [ArrayDimension], isVector: Bool = false) {
            self.element = element
            self.dimensions = dimensions
            self.isVector = isVector
        }

        /// Elements in all dimensions together; nil when a bound is unknown.
        public var elementCount: UInt64? {
            var total: UInt64 = 1
            for dimension in dimensions {
                guard let count = dimension.count else { return nil }
                let (product, overflow) = total.multipliedReportingOverflow(by: count)
                if overflow { return nil }
                total = product
            }
            return total
        }
    }

    public struct ArrayDimension: Sendable, Hashable {
        public var lowerBound: Int64
        /// nil: unknown (a flexible array member `int x[]`, or a bound computed at run time).
        public var count: UInt64?
        /// A bound known only at run time (C VLA): the DW_AT_upper_bound/DW_AT_count value
        /// (a reference to the variable that holds it, or an expression).
        public var dynamicBound: DwarfAttributeValue?

        public init(lowerBound: Int64 = 0, count: UInt64?, dynamicBound: DwarfAttributeValue? = nil) {
            self.lowerBound = lowerBound
            self.count = count
            self.dynamicBound = dynamicBound
        }
    }

    public struct Enumeration: Sendable, Hashable {
        /// DW_AT_type of the enum, when given (gcc gives `unsigned int` or `int`).
        public var underlying: DIEOffset?
        /// True when the values are signed (from the underlying type, else from the values' forms).
        public var isSigned: Bool
        public var enumerators: [Enumerator]
        /// C++ `enum class`.
        public var isScoped: Bool

        public init(underlying: DIEOffset?, isSigned: Bool, enumerators: [Enumerator], isScoped: Bool = false) {
            self.underlying = underlying
            self.isSigned = isSigned
            self.enumerators = enumerators
            self.isScoped = isScoped
        }
    }

    public struct Enumerator: Sendable, Hashable {
        public var name: String
        /// The value; for unsigned enumerations above Int64.max, the bit pattern.
        public var value: Int64

        public init(name: String, value: Int64) {
            self.name = name
            self.value = value
        }

        public var unsignedValue: UInt64 { UInt64(bitPattern: value) }
    }

    public struct Signature: Sendable, Hashable {
        /// nil: returns nothing (`void`).
        public var returnType: DIEOffset?
        public var parameters: [DIEOffset?]
        /// Takes `...` (DW_TAG_unspecified_parameters).
        public var isVariadic: Bool
        /// DW_AT_prototyped: `int (void)` rather than `int ()` in C.
        public var isPrototyped: Bool

        public init(returnType: DIEOffset?, parameters: [DIEOffset?], isVariadic: Bool, isPrototyped: Bool) {
            self.returnType = returnType
            self.parameters = parameters
            self.isVariadic = isVariadic
            self.isPrototyped = isPrototyped
        }
    }

    /// Go's own attributes: the engine formats strings, slices, maps, channels and interfaces
    /// from these (their DWARF shape is a plain struct or pointer).
    public struct GoAttributes: Sendable, Hashable {
        /// DW_AT_go_kind: reflect.Kind.
        public var kind: GoKind?
        /// DW_AT_go_key: a map's key type.
        public var key: DIEOffset?
        /// DW_AT_go_elem: the element type of a map, channel, slice or array.
        public var element: DIEOffset?
        /// DW_AT_go_runtime_type: the address of this type's `runtime._type` (0 when absent).
        public var runtimeType: UInt64?
        /// DW_AT_go_dict_index: in a generic function's instantiation, a type parameter's
        /// typedef (`.param1`) whose real type is entry N of the function's dictionary.
        public var dictionaryIndex: UInt64?

        public init(
            kind: GoKind?, key: DIEOffset? = nil, element: DIEOffset? = nil, runtimeType: UInt64? = nil,
            dictionaryIndex: UInt64? = nil
        ) {
            self.kind = kind
            self.key = key
            self.element = element
            self.runtimeType = runtimeType
            self.dictionaryIndex = dictionaryIndex
        }
    }

    /// Go's reflect.Kind, the value of DW_AT_go_kind.
    public enum GoKind: UInt8, Sendable, Hashable {
        case invalid = 0, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr
        case float32, float64, complex64, complex128, array, chan, `func`, interface, map, pointer, slice
        case string, `struct`, unsafePointer
    }
}

extension DwarfType {
    /// The members of a struct, class or union (empty for other kinds).
    public var members: [Member] {
        if case .aggregate(let aggregate) = kind { return aggregate.members }
        return []
    }

    /// The direct member called `name` (see `TypeTable.findMember` for promoted and anonymous members).
    public func member(named name: String) -> Member? {
        members.first { $0.name == name }
    }

    /// The entry this type refers to directly: pointee, typedef target, qualified type, element.
    public var referencedType: DIEOffset? {
        switch kind {
        case .pointer(let target), .reference(let target, _), .pointerToMember(let target, _), .typedef(let target),
             .qualified(_, let target):
            return target
        case .array(let shape):
            return shape.element
        case .enumeration(let enumeration):
            return enumeration.underlying
        case .subroutine(let signature):
            return signature.returnType
        case .base, .aggregate, .unspecified, .unknown:
            return nil
        }
    }

    public var isUnknown: Bool {
        if case .unknown = kind { return true }
        return false
    }
}
