import CDwarf

/// A variable, parameter or named constant, from a DW_TAG_variable, DW_TAG_formal_parameter
/// or DW_TAG_constant entry, with what it inherits from its abstract origin or declaration.
public struct Variable: Sendable, Hashable {
    /// The name as users write it. Go's "&x" (a variable moved to the heap: its location
    /// holds the variable's address) is shown as "x", with `isIndirect` set.
    public var name: String
    /// DW_AT_linkage_name: the symbol's name (Swift's mangled name), when given.
    public var linkageName: String?
    /// The concrete entry (for a parameter of an inlined call that has no entry of its own,
    /// the abstract one: see `hasConcreteEntry`).
    public var offset: DIEOffset
    /// The entry the name and type came from (DW_AT_abstract_origin / DW_AT_specification).
    public var origin: DIEOffset?
    public var type: DIEOffset?
    /// Where the value lives; nil when it is a constant (`constantValue`) or optimised out.
    public var location: DwarfLocation?
    /// DW_AT_const_value: a value with no storage (a number, or the value's bytes).
    public var constantValue: DwarfAttributeValue?
    public var isParameter: Bool
    /// DW_AT_variable_parameter: Go marks its results (`~r0`, named results) with it.
    public var isVariableParameter: Bool
    /// Go's "&x": the location holds the address of the value.
    public var isIndirect: Bool
    public var isArtificial: Bool
    public var isExternal: Bool
    public var declFile: String?
    public var declLine: UInt32?
    public var scope: Scope
    /// Hidden at this pc by a variable of the same name in an inner scope (Delve prints it as `(x)`).
    public var isShadowed: Bool
    /// False for a parameter an inlined call's entry leaves out (its value is unavailable).
    public var hasConcreteEntry: Bool

    /// The lexical scope a variable was declared in.
    public struct Scope: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            /// A global, file static or Go package variable: the scope is its unit.
            case unit
            /// The top level of a function.
            case function
            /// The top level of an inlined call.
            case inlinedCall
            /// A lexical block inside a function or inlined call.
            case block
        }

        public var kind: Kind
        /// The scope's entry: the unit, subprogram, inlined subroutine or lexical block.
        public var offset: DIEOffset
        /// 0 for a function's (or inlined call's) top level, 1 for a block inside it, ...
        public var depth: Int
        public var ranges: [AddressRange]

        public init(kind: Kind, offset: DIEOffset, depth: Int, ranges: [AddressRange]) {
            self.kind = kind
            self.offset = offset
            self.depth = depth
            self.ranges = ranges
        }
    }

    /// True when the value has nowhere to be read from at `pc` (optimised out there).
    public func isUnavailable(at pc: Address) -> Bool {
        if constantValue != nil { return false }
        guard let location else { return true }
        return location.operations(at: pc) == nil
    }

    /// The static address of a variable whose location is a lone DW_OP_addr (globals, statics).
    public var staticAddress: Address? {
        guard case .expression(let operations)? = location, operations.count == 1,
              operations[0].opcode == UInt8(DW_OP_addr)
        else { return nil }
        return Address(operations[0].operand1)
    }

    /// True for a thread-local variable (DW_OP_form_tls_address / DW_OP_GNU_push_tls_address):
    /// the engine computes its address per thread.
    public var isThreadLocal: Bool {
        guard case .expression(let operations)? = location else { return false }
        return operations.contains {
            $0.opcode == UInt8(DW_OP_form_tls_address) || $0.opcode == UInt8(DW_OP_GNU_push_tls_address)
        }
    }
}

extension Variable {
    /// Builds a variable from its entry and the chain of entries it refers to (abstract
    /// origin, specification), nearest first; the first entry with an attribute wins.
    init(
        entry: DIEData, origins: [DIEData], scope: Scope, fileName: (DIEData, UInt64) -> String?
    ) {
        let chain = [entry] + origins
        func first<T>(_ read: (DIEData) -> T?) -> T? {
            for candidate in chain { if let value = read(candidate) { return value } }
            return nil
        }
        var name = first { $0.string(DW_AT_name) } ?? ""
        let isIndirect = name.hasPrefix("&")
        if isIndirect { name.removeFirst() }
        self.name = name
        self.linkageName = first { $0.string(DW_AT_linkage_name) ?? $0.string(DW_AT_MIPS_linkage_name) }
        self.offset = entry.offset
        self.origin = origins.first?.offset
        self.type = first { $0.reference(DW_AT_type) }
        self.location = entry.location(DW_AT_location)
        self.constantValue = entry[DW_AT_const_value]
        if location == nil, constantValue == nil {
            // An inlined instance may leave a constant on its abstract entry.
            self.constantValue = origins.lazy.compactMap { $0[DW_AT_const_value] }.first
        }
        self.isParameter = Int32(entry.tag) == DW_TAG_formal_parameter
        self.isVariableParameter = chain.contains { $0.flag(DW_AT_variable_parameter) }
        self.isIndirect = isIndirect
        self.isArtificial = chain.contains { $0.flag(DW_AT_artificial) }
        self.isExternal = chain.contains { $0.flag(DW_AT_external) }
        var declFile: String?
        for candidate in chain {
            if let number = candidate.unsigned(DW_AT_decl_file) {
                declFile = fileName(candidate, number)
                break
            }
        }
        self.declFile = declFile
        self.declLine = first { $0.unsigned(DW_AT_decl_line) }.map { UInt32(truncatingIfNeeded: $0) }
        self.scope = scope
        self.isShadowed = false
        self.hasConcreteEntry = true
    }
}

extension Variable {
    /// The entries `entry` refers to through DW_AT_abstract_origin and DW_AT_specification,
    /// nearest first (bounded: corrupt DWARF may loop).
    static func origins(of entry: DIEData, tree: DIETree, debugInfo: DebugInfo) -> [DIEData] {
        var origins: [DIEData] = []
        var current = entry
        var seen: Set<DIEOffset> = [entry.offset]
        for _ in 0..<4 {
            guard let next = current.reference(DW_AT_abstract_origin) ?? current.reference(DW_AT_specification),
                  seen.insert(next).inserted,
                  let target = tree[next] ?? debugInfo.entry(at: next)?.entry
            else { break }
            origins.append(target)
            current = target
        }
        return origins
    }

    /// The name of file `number` in the line table of the unit that holds `entry`.
    static func fileName(_ number: UInt64, of entry: DIEData, debugInfo: DebugInfo) -> String? {
        guard let unit = debugInfo.unit(containingOffset: entry.offset) else { return nil }
        let files = (try? debugInfo.lineTable(of: unit).files) ?? debugInfo.sourceFiles(of: unit)
        let base = DwarfSession.fileNumberBase(version: unit.version)
        guard number >= base, number - base < UInt64(files.count) else { return nil }
        return files[Int(number - base)]
    }
}
