import CDwarf

extension DebugInfo {
    /// The prototype of the function whose DW_TAG_subprogram is at `offset`, as a function
    /// pointer's type would give it: its formal parameters' types in order, what it returns,
    /// whether it takes `...` and whether it is prototyped (`int f(void)` rather than K&R's
    /// `int f()`, whose arguments get the default promotions). An out-of-line copy of an
    /// inlined function, or a definition apart from its declaration, has its parameters on
    /// its abstract origin or specification: followed, a bounded number of times. Nil when no
    /// entry is there.
    public func signature(ofFunctionAt offset: DIEOffset) -> DwarfType.Signature? {
        guard var (entry, detail) = entry(at: offset) else { return nil }
        var isPrototyped = entry.flag(DW_AT_prototyped)
        for _ in 0..<3 {
            let children = parameterEntries(of: entry, in: detail)
            let origin = entry.reference(DW_AT_abstract_origin) ?? entry.reference(DW_AT_specification)
            // The parameters are here when they carry their own types (or when there is
            // nowhere else to look); a concrete copy's refer to its origin's instead.
            let ownsParameters = children.allSatisfy { $0.tag == DW_TAG_unspecified_parameters || $0.reference(DW_AT_type) != nil }
            if let origin, !ownsParameters || children.isEmpty, let (next, nextDetail) = self.entry(at: origin) {
                isPrototyped = isPrototyped || next.flag(DW_AT_prototyped)
                (entry, detail) = (next, nextDetail)
                continue
            }
            var parameters: [DIEOffset?] = []
            var isVariadic = false
            for child in children {
                if child.tag == DW_TAG_unspecified_parameters {
                    isVariadic = true
                } else {
                    parameters.append(child.reference(DW_AT_type))
                }
            }
            return DwarfType.Signature(
                returnType: returnType(ofFunctionAt: offset), parameters: parameters, isVariadic: isVariadic,
                isPrototyped: isPrototyped)
        }
        return nil
    }

    /// The DW_TAG_formal_parameter and DW_TAG_unspecified_parameters children of a
    /// function's entry, in order (its locals and blocks left out).
    private func parameterEntries(of entry: DIEData, in detail: UnitDetail) -> [DIEData] {
        guard entry.hasChildren, let index = detail.tree.index(of: entry.offset) else { return [] }
        return detail.tree.children(of: index).map { detail.tree.entries[$0] }.filter {
            $0.tag == DW_TAG_formal_parameter || $0.tag == DW_TAG_unspecified_parameters
        }
    }
}
