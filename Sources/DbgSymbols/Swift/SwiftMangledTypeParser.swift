/// Parses a Swift type mangling (Swift 5 and later, `docs/ABI/Mangling.rst`) into a
/// `SwiftTypeName`: the DWARF's type names (`$s6values5StackVySSGD`) and the reflection
/// metadata's field types (`SaySSG`, or `\u{1}` and a relative offset to a context descriptor).
///
/// It runs the mangling the way the runtime's demangler (`Demangler.cpp`) does, as a stack
/// machine, operator by operator, so that substitutions (`AA`, `A12_`, words in identifiers)
/// name the very nodes they name there. The bytes come from the debugged program: the work is
/// bounded (input length, nesting depth, node count, identifier length) and anything not
/// understood throws.
///
/// Supported: nominal types (`V C O P a`, nested, `LL` private names with the discriminator
/// dropped), modules (`s`, `So`, `SC`), standard types (`Si`, `S2i`, `ScT`...), bound generics
/// (`y ... _ ... G`), `Sg`, tuples (labels, variadic elements, `inout`/`__shared`/`__owned`),
/// existentials (`_p`, `yp`, `Xl`), functions (`c`, `XE`, `Xf`, `XC`, `XB` with async, throws,
/// typed throws, `@Sendable`, isolation, `sending` results), metatypes (`m`, `Xp`, `XM`, `Xm`),
/// generic parameters (`x`, `q_`, `qd__`), Builtin types, `weak`/`unowned`/`unowned(unsafe)`,
/// the debugger's sugar (`XSq`, `XSa`, `XSD`), punycode identifiers and symbolic references
/// `\u{1}`/`\u{2}`. Throws on the rest: associated and opaque types, SIL function types (`I`),
/// local and extension contexts, superclass-bound compositions (`Xc`), retroactive
/// conformances, autoclosures, packs.
public struct SwiftMangledTypeParser {
    /// Resolves a symbolic reference: `kind` is the control byte (0x01 direct context
    /// descriptor, 0x02 indirect), `target` = address of the 4-byte relative offset + that
    /// signed offset (the address it points to). Returns the nominal type there, or nil.
    /// A protocol's name (kind `.protocolType`) stands for the protocol, as in `_p`.
    public typealias SymbolicResolver = (_ kind: UInt8, _ target: UInt64) -> SwiftNominalName?

    /// Why a mangled name was not parsed, where, and the name itself (control bytes escaped).
    public struct Failure: Error, CustomStringConvertible {
        public var reason: String
        public var offset: Int
        public var mangledName: String

        public var description: String { "\(reason) at offset \(offset) of \(mangledName)" }
    }

    /// Bounds on the work one name may cause (the name is the debugged program's word).
    enum Limits {
        static let nameLength = 1 << 16
        static let depth = 64
        static let nodes = 1 << 14
        static let identifierLength = 4096
        /// About the length of the printed name: each node counts 16, each name its length.
        static let printedWeight = 1 << 17
        /// The runtime's `SubstitutionMerging::MaxRepeatCount`.
        static let repeatCount = 2048
    }

    private let resolver: SymbolicResolver?

    public init(resolver: SymbolicResolver? = nil) {
        self.resolver = resolver
    }

    /// Parses a whole type mangling. `bytes` may start with "$s" (or "_$s") and may end with the
    /// type-mangling suffix "D"; it ends before any terminating NUL. `baseAddress` is the address
    /// of bytes[0] in the binary, for symbolic references.
    public func parse(_ bytes: [UInt8], baseAddress: UInt64 = 0) throws(Failure) -> SwiftTypeName {
        var demangler = SwiftTypeDemangler(bytes: bytes, baseAddress: baseAddress, resolver: resolver)
        return try demangler.demangleWholeType()
    }

    /// Parses a mangled name given as text; symbolic references are refused (no address).
    public func parse(_ name: String) throws(Failure) -> SwiftTypeName {
        var demangler = SwiftTypeDemangler(bytes: Array(name.utf8), baseAddress: 0, resolver: nil)
        return try demangler.demangleWholeType()
    }

    /// The index of the NUL that ends the mangled name starting at `start` (reflection metadata
    /// strings: a symbolic reference's offset may hold zero bytes, so it is stepped over), or nil
    /// when `bytes` ends first.
    public static func endOfMangledName(in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index >= 0 && index < bytes.count {
            switch bytes[index] {
            case 0: return index
            case 0x01...0x17: index += 1 + 4
            case 0x18...0x1F: index += 1 + 8
            default: index += 1
            }
        }
        return nil
    }
}
