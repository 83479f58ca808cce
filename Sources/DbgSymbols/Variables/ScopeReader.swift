import CDwarf

/// Reads what is in scope at a pc: the function whose code holds it, the calls inlined into
/// it that contain the pc, and for each of those frames the parameters and the locals of
/// every lexical block around the pc.
public struct ScopeReader: Sendable {
    public let debugInfo: DebugInfo

    public init(debugInfo: DebugInfo) {
        self.debugInfo = debugInfo
    }

    /// The frames at `pc`: the function first, then each inlined call containing `pc`,
    /// innermost last. Empty when no function's code holds `pc`.
    public func frames(at pc: Address) -> [ScopeFrame] {
        guard let unit = debugInfo.unit(containing: pc), let detail = try? debugInfo.detail(of: unit),
              let function = detail.function(containing: pc),
              let functionIndex = detail.tree.index(of: function.offset)
        else { return [] }
        let walker = ScopeWalker(
            debugInfo: debugInfo, tree: detail.tree, function: function, pc: pc, inheritsAbstractEntries: unit.language.inheritsAbstractEntries)
        return walker.frames(from: functionIndex)
    }

    /// The innermost frame at `pc` (the one whose variables a user sees first).
    public func innermostFrame(at pc: Address) -> ScopeFrame? {
        frames(at: pc).last
    }
}

/// One frame of source at a pc: a function, or a call inlined into it.
public struct ScopeFrame: Sendable {
    /// The function's name, or the inlined function's.
    public var name: String
    /// The DW_TAG_subprogram or DW_TAG_inlined_subroutine entry.
    public var offset: DIEOffset
    /// The abstract entry it instantiates, if any (inlined calls, out-of-line copies).
    public var origin: DIEOffset?
    /// The function whose machine code holds the pc (the same for all frames at one pc).
    public var function: Function
    /// The inlined call this frame stands for; nil for the function's own frame.
    public var inlinedCall: InlinedCall?
    public var ranges: [AddressRange]
    /// DW_AT_frame_base of the function: DW_OP_fbreg in any frame at this pc is relative to it.
    public var frameBase: DwarfLocation?
    /// Parameters in declaration order (the abstract function's order for inlined calls).
    public var parameters: [Variable]
    /// Locals of the blocks that contain the pc, innermost block first, each block's in
    /// declaration order; includes static locals.
    public var locals: [Variable]

    public var isInlined: Bool { inlinedCall != nil }

    /// Everything visible, in lookup order: locals innermost first, then parameters.
    public var variables: [Variable] { locals + parameters }

    /// The variable a user means by `name` here: the innermost one, never a shadowed one.
    public func variable(named name: String) -> Variable? {
        variables.first { $0.name == name && !$0.isShadowed }
    }

    /// This frame with only the locals declared before `line` (those without a declaration
    /// line stay). Go describes a block's locals for the whole block, so before its
    /// declaration a local holds whatever its stack slot held; Delve knows it only from the
    /// line after. A hidden local shadows nothing.
    public func declared(before line: Int) -> ScopeFrame {
        var frame = self
        frame.locals = locals.filter { local in local.declLine.map { Int($0) < line } ?? true }
        (frame.locals, frame.parameters) = Self.markingShadowed(locals: frame.locals, parameters: parameters)
        return frame
    }

    /// Marks every variable that an earlier one of the same name hides (`locals` innermost
    /// block first, then `parameters`).
    static func markingShadowed(locals: [Variable], parameters: [Variable]) -> (locals: [Variable], parameters: [Variable]) {
        var seen = Set<String>()
        let marked = { (variable: Variable) -> Variable in
            var variable = variable
            variable.isShadowed = !seen.insert(variable.name).inserted
            return variable
        }
        let markedLocals = locals.map(marked)
        return (markedLocals, parameters.map(marked))
    }
}

/// Walks one function's entry tree down to a pc.
private struct ScopeWalker {
    let debugInfo: DebugInfo
    let tree: DIETree
    let function: Function
    let pc: Address
    /// Whether a concrete scope also holds what its abstract origin declares and it does not
    /// mention (gdb's `inherit_abstract_dies`); not in Go, whose debugger (Delve) reads the
    /// concrete entries only.
    let inheritsAbstractEntries: Bool

    /// Blocks nest deeper than this only in corrupt DWARF.
    private static let depthLimit = 64

    private struct PendingFrame {
        var index: Int
        var scopeKind: Variable.Scope.Kind
        var parameters: [Variable] = []
        /// (depth, variables of one block), outermost first.
        var blocks: [(depth: Int, variables: [Variable])] = []
    }

    func frames(from functionIndex: Int) -> [ScopeFrame] {
        let functionEntry = tree.entries[functionIndex]
        let frameBase = functionEntry.location(DW_AT_frame_base)
            ?? Variable.origins(of: functionEntry, tree: tree, debugInfo: debugInfo)
                .lazy.compactMap { $0.location(DW_AT_frame_base) }.first
        var finished: [ScopeFrame] = []
        var pending = PendingFrame(index: functionIndex, scopeKind: .function)
        collect(at: functionIndex, depth: 0, into: &pending)
        var current = functionIndex
        var depth = 0
        for _ in 0..<Self.depthLimit {
            guard let next = childContainingPC(of: current) else { break }
            if Int32(tree.entries[next].tag) == DW_TAG_inlined_subroutine {
                finished.append(finish(pending, frameBase: frameBase))
                pending = PendingFrame(index: next, scopeKind: .inlinedCall)
                depth = 0
            } else {
                depth += 1
            }
            collect(at: next, depth: depth, into: &pending)
            current = next
        }
        finished.append(finish(pending, frameBase: frameBase))
        return finished
    }

    // MARK: Walking

    /// Children of a scope, looking through lexical blocks that have no code ranges: gdb too
    /// treats their contents as part of the enclosing scope.
    private func scopeChildren(of index: Int) -> [Int] {
        var result: [Int] = []
        var pending = tree.children(of: index).reversed().map { ($0, 0) }
        while let (child, level) = pending.popLast() {
            let entry = tree.entries[child]
            if Self.isBlock(entry), entry.ranges.isEmpty, level < Self.depthLimit {
                pending.append(contentsOf: tree.children(of: child).reversed().map { ($0, level + 1) })
            } else {
                result.append(child)
            }
        }
        return result
    }

    private func childContainingPC(of index: Int) -> Int? {
        scopeChildren(of: index).first { child in
            let entry = tree.entries[child]
            let isScope = Self.isBlock(entry) || Int32(entry.tag) == DW_TAG_inlined_subroutine
            return isScope && entry.ranges.contains(pc)
        }
    }

    private static func isBlock(_ entry: DIEData) -> Bool {
        let tag = Int32(entry.tag)
        return tag == DW_TAG_lexical_block || tag == DW_TAG_try_block || tag == DW_TAG_catch_block
    }

    // MARK: Variables

    /// Adds the variables declared directly in the scope at `index`.
    private func collect(at index: Int, depth: Int, into frame: inout PendingFrame) {
        let scopeEntry = tree.entries[index]
        let kind: Variable.Scope.Kind = depth == 0 ? frame.scopeKind : .block
        let scope = Variable.Scope(kind: kind, offset: scopeEntry.offset, depth: depth, ranges: scopeEntry.ranges)
        var locals: [Variable] = []
        for child in scopeChildren(of: index) {
            let entry = tree.entries[child]
            switch Int32(entry.tag) {
            case DW_TAG_formal_parameter where depth == 0:
                frame.parameters.append(variable(entry, scope: scope))
            case DW_TAG_variable, DW_TAG_constant:
                // A local `extern` declaration has no storage of its own here.
                if entry.flag(DW_AT_declaration) && entry[DW_AT_location] == nil { continue }
                locals.append(variable(entry, scope: scope))
            default:
                break
            }
        }
        if inheritsAbstractEntries { locals += inheritedLocals(of: index, scope: scope) }
        frame.blocks.append((depth, locals))
    }

    /// The locals a concrete scope (an inlined call, an out-of-line copy, a block of either)
    /// takes from its abstract origin, as gdb reads them: every child of the origin that no
    /// child of the concrete entry refers to is the concrete scope's too, a block's contents
    /// as if written in the scope (the abstract blocks have no code). They have no location
    /// here: they are optimised out, unless constant. (gcc's inlined copies often wrap
    /// their locals in a block of their own that does not refer to the abstract one: gdb
    /// then lists the locals twice, the second time from the origin.)
    private func inheritedLocals(of index: Int, scope: Variable.Scope) -> [Variable] {
        guard let originOffset = tree.entries[index].reference(DW_AT_abstract_origin) else { return [] }
        let originTree = tree.index(of: originOffset) != nil ? tree : debugInfo.entry(at: originOffset)?.detail.tree
        guard let originTree, let origin = originTree.index(of: originOffset) else { return [] }
        var mentioned = Set<DIEOffset>()
        for child in tree.children(of: index) where !BinaryImage.callSiteTags.contains(tree.entries[child].tag) {
            if let last = Variable.origins(of: tree.entries[child], tree: tree, debugInfo: debugInfo).last?.offset {
                mentioned.insert(last)
            }
        }
        var inherited: [Variable] = []
        var pending = originTree.children(of: origin).filter { !mentioned.contains(originTree.entries[$0].offset) }.reversed().map { ($0, 0) }
        while let (child, level) = pending.popLast() {
            let entry = originTree.entries[child]
            switch Int32(entry.tag) {
            case DW_TAG_variable, DW_TAG_constant:
                if entry.flag(DW_AT_declaration) && entry[DW_AT_location] == nil { continue }
                var variable = Variable(
                    entry: entry, origins: Variable.origins(of: entry, tree: originTree, debugInfo: debugInfo), scope: scope,
                    fileName: { entry, number in Variable.fileName(number, of: entry, debugInfo: debugInfo) })
                variable.hasConcreteEntry = false
                inherited.append(variable)
            case DW_TAG_lexical_block where level < Self.depthLimit:
                pending.append(contentsOf: originTree.children(of: child).reversed().map { ($0, level + 1) })
            default:
                break
            }
        }
        return inherited
    }

    private func variable(_ entry: DIEData, scope: Variable.Scope) -> Variable {
        Variable(
            entry: entry, origins: Variable.origins(of: entry, tree: tree, debugInfo: debugInfo), scope: scope,
            fileName: { entry, number in Variable.fileName(number, of: entry, debugInfo: debugInfo) })
    }

    // MARK: Frames

    private func finish(_ pending: PendingFrame, frameBase: DwarfLocation?) -> ScopeFrame {
        let entry = tree.entries[pending.index]
        let origins = Variable.origins(of: entry, tree: tree, debugInfo: debugInfo)
        // Only an abstract origin lists the same parameters (a C++ declaration's are other entries).
        let abstractFunction = origins.first.flatMap { $0.offset == entry.reference(DW_AT_abstract_origin) ? $0 : nil }
        let parameters = orderedParameters(pending.parameters, abstractFunction: abstractFunction, scope: pending)
        // Innermost block first, so that a name's first occurrence is the visible one.
        let (locals, shadowedParameters) = ScopeFrame.markingShadowed(
            locals: pending.blocks.sorted { $0.depth > $1.depth }.flatMap(\.variables), parameters: parameters)
        let inlinedCall = pending.scopeKind == .inlinedCall
            ? function.inlinedCalls.first { $0.offset == entry.offset } : nil
        let name = inlinedCall?.name ?? (pending.scopeKind == .function
            ? function.name : origins.lazy.compactMap { $0.string(DW_AT_name) }.first ?? "<inlined>")
        return ScopeFrame(
            name: name, offset: entry.offset, origin: origins.first?.offset, function: function,
            inlinedCall: inlinedCall, ranges: entry.ranges, frameBase: frameBase, parameters: shadowedParameters,
            locals: locals)
    }

    /// Puts an instance's parameters in the order of the abstract function (gcc may list an
    /// inlined call's parameters in another order), and adds the parameters the instance left
    /// out, as unavailable.
    private func orderedParameters(_ concrete: [Variable], abstractFunction: DIEData?, scope: PendingFrame) -> [Variable] {
        guard let abstractFunction else { return concrete }
        let abstractTree = tree.index(of: abstractFunction.offset) != nil
            ? tree : debugInfo.entry(at: abstractFunction.offset)?.detail.tree
        guard let abstractTree, let abstractIndex = abstractTree.index(of: abstractFunction.offset) else { return concrete }
        let declared = abstractTree.children(of: abstractIndex).map { abstractTree.entries[$0] }
            .filter { Int32($0.tag) == DW_TAG_formal_parameter }
        guard !declared.isEmpty else { return concrete }
        var result: [Variable] = []
        var used = Set<Int>()
        for parameter in declared {
            if let match = concrete.indices.first(where: { !used.contains($0) && concrete[$0].origin == parameter.offset }) {
                used.insert(match)
                result.append(concrete[match])
            } else {
                let entry = tree.entries[scope.index]
                let frameScope = Variable.Scope(
                    kind: scope.scopeKind, offset: entry.offset, depth: 0, ranges: entry.ranges)
                var missing = Variable(
                    entry: parameter, origins: Variable.origins(of: parameter, tree: abstractTree, debugInfo: debugInfo),
                    scope: frameScope,
                    fileName: { entry, number in Variable.fileName(number, of: entry, debugInfo: debugInfo) })
                missing.location = nil
                missing.hasConcreteEntry = false
                result.append(missing)
            }
        }
        // Parameters with no abstract counterpart (odd producers) keep their place at the end.
        result += concrete.indices.filter { !used.contains($0) }.map { concrete[$0] }
        return result
    }
}
