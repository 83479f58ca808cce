import CDwarf

/// A call as its caller's DWARF describes it (DW_TAG_call_site, DWARF 5; DW_TAG_GNU_call_site
/// before): where it returns to, what it calls, and whether it is a tail call (a jump that
/// leaves the caller's frame to the callee).
public struct CallSite: Sendable, Hashable {
    /// DW_AT_call_return_pc: the address after the call (after the jump, for a tail call).
    public var returnAddress: Address
    /// The function called, when the call names it (DW_AT_call_origin); nil for a call
    /// through a pointer.
    public var target: CallTarget?
    public var isTailCall: Bool
    /// The DW_TAG_subprogram whose code makes the call (through any inlined calls around it).
    public var caller: DIEOffset
}

/// What a call site names as its callee, as gdb resolves it: a function defined in the
/// same DWARF by its entry, one only declared there by its (linkage) name.
public enum CallTarget: Sendable, Hashable {
    case entry(Address)
    case name(String)
}

/// A unit's call sites, by return address and by the function that makes them.
public struct CallSiteTable: Sendable {
    public private(set) var byReturnAddress: [Address: CallSite] = [:]
    /// The tail calls each function makes, in the order the DWARF lists them.
    public private(set) var tailCallsByCaller: [DIEOffset: [CallSite]] = [:]

    static let returnPC: Int32 = 0x7d  // DW_AT_call_return_pc
    static let origin: Int32 = 0x7f  // DW_AT_call_origin
    static let tailCall: Int32 = 0x82  // DW_AT_call_tail_call
    static let gnuTailCall: Int32 = 0x2115  // DW_AT_GNU_tail_call

    init() {}

    /// `readForeign` reads an entry of another unit (a callee defined elsewhere).
    init(tree: DIETree, readForeign: (DIEOffset) -> DIEData?) {
        // The enclosing subprogram of each entry (a preorder tree: parents come first).
        var caller = [DIEOffset?](repeating: nil, count: tree.entries.count)
        for index in tree.entries.indices {
            let entry = tree.entries[index]
            caller[index] = Int32(entry.tag) == DW_TAG_subprogram ? entry.offset : tree.parent(of: index).flatMap { caller[$0] }
            guard BinaryImage.callSiteTags.contains(entry.tag), let function = caller[index] else { continue }
            let returnAddress: Address
            if case .address(let address)? = entry[Self.returnPC] {
                returnAddress = address
            } else if case .address(let address)? = entry[DW_AT_low_pc] {
                returnAddress = address  // DWARF 4's GNU call sites: low_pc is the return address
            } else {
                continue
            }
            let originOffset = entry.reference(Self.origin) ?? entry.reference(DW_AT_abstract_origin)
            let target = originOffset.flatMap { tree[$0] ?? readForeign($0) }.flatMap(Self.target(of:))
            let site = CallSite(
                returnAddress: returnAddress, target: target,
                isTailCall: entry.flag(Self.tailCall) || entry.flag(Self.gnuTailCall), caller: function)
            byReturnAddress[returnAddress] = site
            if site.isTailCall { tailCallsByCaller[function, default: []].append(site) }
        }
    }

    /// gdb's rule (read_call_site_scope): a declaration is found by its name, a definition
    /// by its code's lowest address; an abstract entry without code names nothing.
    private static func target(of callee: DIEData) -> CallTarget? {
        if callee.flag(DW_AT_declaration) {
            return (callee.string(DW_AT_linkage_name) ?? callee.string(DW_AT_name)).map(CallTarget.name)
        }
        return callee.ranges.lowestAddress.map(CallTarget.entry)
    }
}
