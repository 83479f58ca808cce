/// A struct, class or enum as the binary describes it in its type context descriptor and its
/// field descriptor (reflection metadata): its name, its stored properties or cases, and what
/// layout needs beyond them.
public struct SwiftTypeDescriptor: Sendable {
    /// Where the descriptor is (the binary's own address): what symbolic references and class
    /// metadata's `Description` point to.
    public var address: UInt64
    public var name: SwiftNominalName
    /// The number of generic parameters, those of enclosing generic types included.
    public var genericParameterCount: Int
    /// Stored properties in declaration order (struct, class), or cases (enum: payload cases
    /// first, then the empty ones, as the field descriptor lists them).
    public var fields: [Field]
    /// A class's superclass, as a mangled name; nil for a root class and for other kinds.
    public var superclass: SwiftMangledName?
    /// Enum: how many cases carry a payload (the first `payloadCaseCount` of `fields`).
    public var payloadCaseCount: Int
    /// Struct and class: where the metadata's field offset vector starts, in words.
    public var fieldOffsetVectorOffset: Int

    public struct Field: Sendable {
        public var name: String
        /// The field's type; nil for an enum case without payload.
        public var type: SwiftMangledName?
        /// `indirect case`: the payload is boxed.
        public var isIndirect: Bool
        /// `var` rather than `let`.
        public var isVariable: Bool
        /// Made by the compiler, not declared (an actor's `$defaultActor` storage): not shown.
        public var isArtificial: Bool
    }
}

/// A mangled name as the reflection metadata stores it: its bytes (symbolic references
/// included) and where they are, so that the references resolve.
public struct SwiftMangledName: Sendable, Hashable {
    public var bytes: [UInt8]
    public var address: UInt64

    public init(bytes: [UInt8], address: UInt64) {
        self.bytes = bytes
        self.address = address
    }
}

/// What the binary records of a type whose layout reflection cannot compute by itself
/// (`swift5_builtin`): size, alignment, stride, extra inhabitants.
public struct SwiftBuiltinLayout: Sendable, Hashable {
    public var size: Int
    public var alignment: Int
    public var stride: Int
    public var extraInhabitantCount: Int
    public var isBitwiseTakable: Bool
}
