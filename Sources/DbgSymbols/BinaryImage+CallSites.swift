import CDwarf

/// What a call passed in one register or stack slot, as the caller's call site describes it
/// (DW_TAG_call_site_parameter): where the callee found it at entry, and an expression that
/// computes it in the caller's frame.
public struct CallSiteParameter: Sendable, Hashable {
    /// The callee's entry location, usually one `DW_OP_regN`.
    public var location: [DwarfOperation]
    /// DW_AT_call_value: evaluated with the caller's registers at the call.
    public var value: [DwarfOperation]
}

/// Call sites: how a callee's DW_OP_entry_value finds the values its parameters had at
/// entry, in the caller (DWARF 5 section 3.4; GNU extensions for DWARF 4).
extension BinaryImage {
    static let callSiteTags: Set<UInt16> = [0x48, 0x4109]  // DW_TAG_call_site, DW_TAG_GNU_call_site
    static let callSiteParameterTags: Set<UInt16> = [0x49, 0x410a]
    static let callReturnPC: Int32 = 0x7d  // DW_AT_call_return_pc
    static let callValueAttributes: [Int32] = [0x7e, 0x2111]  // DW_AT_call_value, DW_AT_GNU_call_site_value

    /// The call that returns to `returnAddress` (the image's own address), as its caller's
    /// DWARF describes it.
    public func callSite(returningTo returnAddress: Address) -> CallSite? {
        guard let debugInfo, let unit = debugInfo.unit(containing: Address(returnAddress.value &- 1)),
              let detail = try? debugInfo.detail(of: unit)
        else { return nil }
        return detail.callSites.byReturnAddress[returnAddress]
    }

    /// The tail calls `function` makes (through the calls inlined into it too).
    public func tailCalls(madeBy function: Function) -> [CallSite] {
        guard let debugInfo, let unit = debugInfo.unit(containing: function.entry), let detail = try? debugInfo.detail(of: unit)
        else { return [] }
        return detail.callSites.tailCallsByCaller[function.offset] ?? []
    }

    /// The parameters of the call that returns to `returnAddress` (the image's own address),
    /// empty when the compiler described none.
    public func callSiteParameters(returningTo returnAddress: Address) -> [CallSiteParameter] {
        guard let debugInfo, let unit = debugInfo.unit(containing: Address(returnAddress.value &- 1)),
              let detail = try? debugInfo.detail(of: unit)
        else { return [] }
        let tree = detail.tree
        let decoder = DwarfExpressionDecoder(addressSize: Int(unit.addressSize), version: Int(unit.version))
        for (index, entry) in tree.entries.enumerated() where Self.callSiteTags.contains(entry.tag) {
            let pc: Address?
            if case .address(let address)? = entry[Self.callReturnPC] {
                pc = address
            } else if case .address(let address)? = entry[DW_AT_low_pc] {
                pc = address  // DWARF 4's GNU call sites: low_pc is the return address
            } else {
                pc = nil
            }
            guard pc == returnAddress else { continue }
            return tree.children(of: index).compactMap { child -> CallSiteParameter? in
                let parameter = tree.entries[child]
                guard Self.callSiteParameterTags.contains(parameter.tag),
                      case .expression(let location)? = parameter.location(DW_AT_location),
                      let value = Self.callValue(parameter, decoder: decoder)
                else { return nil }
                return CallSiteParameter(location: location, value: value)
            }
        }
        return []
    }

    private static func callValue(_ parameter: DIEData, decoder: DwarfExpressionDecoder) -> [DwarfOperation]? {
        for code in callValueAttributes {
            switch parameter[code] {
            case .block(let bytes)?: return try? decoder.decode(bytes)
            case .location(.expression(let operations))?: return operations
            default: continue
            }
        }
        return nil
    }
}
