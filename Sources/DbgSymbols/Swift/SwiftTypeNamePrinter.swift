/// Prints a `SwiftTypeName` the way the runtime's `NodePrinter.cpp` prints the node tree the
/// demangler makes of the same mangling.
struct SwiftTypeNamePrinter {
    var usesSugar: Bool
    /// False drops `Swift.` before the standard library's types (and `AnyObject`).
    var namesStandardLibraryModule: Bool

    func text(of type: SwiftTypeName) -> String {
        var text = ""
        write(type, to: &text)
        return text
    }

    private func write(_ type: SwiftTypeName, to text: inout String) {
        switch type {
        case .nominal(let nominal, let arguments):
            writeNominal(nominal, arguments: arguments, to: &text)
        case .tuple(let elements):
            writeElements(elements, to: &text)
        case .function(let function):
            writeFunction(function, to: &text)
        case .existential(let protocols, let isClassBound):
            writeExistential(protocols: protocols, isClassBound: isClassBound, to: &text)
        case .metatype(let instance, let isExistential):
            if isExistential {
                // The runtime puts no parentheses here: `(Swift.Int) -> Swift.Int.Type`.
                write(instance, to: &text)
                text += ".Type"
            } else {
                writeWithParentheses(instance, to: &text)
                text += Self.isExistential(instance) ? ".Protocol" : ".Type"
            }
        case .genericParameter(let depth, let index):
            text += Self.genericParameterName(depth: depth, index: index)
        case .builtin(let name):
            text += name
        case .referenceStorage(let ownership, let referent):
            text += ownership.rawValue + " "
            write(referent, to: &text)
        }
    }

    // MARK: - Nominal types

    /// `values.Outer<Swift.Int>.Inner<Swift.String>`: each type of the path followed by its own
    /// arguments; with sugar `Swift.Optional`, `Swift.Array` and `Swift.Dictionary` bound to
    /// their arguments print as `T?`, `[T]`, `[K : V]`.
    private func writeNominal(_ nominal: SwiftNominalName, arguments: [SwiftTypeName], to text: inout String) {
        let counts = argumentCounts(of: nominal, argumentCount: arguments.count)
        let dropsModule = !namesStandardLibraryModule && nominal.isStandardLibrary && nominal.path.count > 1
        // The path printed so far, as the context of the next type.
        var printed = ""
        var nextArgument = 0
        for (level, name) in nominal.path.enumerated() {
            let own = Array(arguments[nextArgument..<(nextArgument + counts[level])])
            nextArgument += counts[level]
            let kind = level == nominal.path.count - 1 ? nominal.kind : nil
            if level == 1, usesSugar, let sugared = sugar(nominal, name: name, kind: kind, arguments: own) {
                printed = sugared
                continue
            }
            if level > 0 && !printed.isEmpty { printed += "." }
            if level > 0 || !dropsModule { printed += name }
            if !own.isEmpty {
                printed += "<"
                writeList(own, separator: ", ", to: &printed)
                printed += ">"
            }
        }
        text += printed
    }

    /// `genericArgumentCounts` when they account for every argument; else all to the last type.
    private func argumentCounts(of nominal: SwiftNominalName, argumentCount: Int) -> [Int] {
        let counts = nominal.genericArgumentCounts
        if counts.count == nominal.path.count, counts.allSatisfy({ $0 >= 0 && $0 <= argumentCount }),
           counts.reduce(0, +) == argumentCount {
            return counts
        }
        var allToLast = Array(repeating: 0, count: nominal.path.count)
        if !allToLast.isEmpty { allToLast[allToLast.count - 1] = argumentCount }
        return allToLast
    }

    /// The sugared text of `Swift.Optional<T>`, `Swift.Array<T>`, `Swift.Dictionary<K, V>`
    /// (`name` is the path's second element, the type directly in module `Swift`; `kind` is
    /// its kind when known: a nominal name knows only its last type's).
    private func sugar(
        _ nominal: SwiftNominalName, name: String, kind: SwiftNominalName.Kind?, arguments: [SwiftTypeName]
    ) -> String? {
        guard nominal.path.first == "Swift" else { return nil }
        var text = ""
        switch (kind ?? (name == "Optional" ? .enumeration : .structure), name, arguments.count) {
        case (.enumeration, "Optional", 1):
            writeWithParentheses(arguments[0], to: &text)
            text += "?"
        case (.structure, "Array", 1):
            text += "["
            write(arguments[0], to: &text)
            text += "]"
        case (.structure, "Dictionary", 2):
            text += "["
            write(arguments[0], to: &text)
            text += " : "
            write(arguments[1], to: &text)
            text += "]"
        default:
            return nil
        }
        return text
    }

    private func writeNominalName(_ nominal: SwiftNominalName, to text: inout String) {
        writeNominal(nominal, arguments: [], to: &text)
    }

    // MARK: - Structural types

    private func writeElements(_ elements: [SwiftTupleElement], to text: inout String) {
        text += "("
        for (index, element) in elements.enumerated() {
            if index > 0 { text += ", " }
            if let label = element.label { text += label + ": " }
            if let modifier = element.modifier { text += modifier.rawValue + " " }
            write(element.type, to: &text)
            if element.isVariadic { text += "..." }
        }
        text += ")"
    }

    /// `@convention(c) @isolated(any) @Swift.MainActor @Sendable (Swift.Int) async throws(E) -> sending T`.
    private func writeFunction(_ function: SwiftFunctionType, to text: inout String) {
        switch function.convention {
        case .swift: break
        case .thin: text += "@convention(thin) "
        case .c: text += "@convention(c) "
        case .block: text += "@convention(block) "
        }
        switch function.isolation {
        case nil: break
        case .isolatedAny: text += "@isolated(any) "
        case .globalActor(let actor):
            text += "@"
            write(actor, to: &text)
            text += " "
        case .nonisolatedNonsending: text += "nonisolated(nonsending) "
        }
        if function.isSendable { text += "@Sendable " }
        writeElements(function.parameters, to: &text)
        if function.isAsync { text += " async" }
        if let thrownError = function.thrownError {
            text += " throws("
            write(thrownError, to: &text)
            text += ")"
        } else if function.isThrowing {
            text += " throws"
        }
        text += " -> "
        if function.hasSendingResult { text += "sending " }
        write(function.result, to: &text)
    }

    /// `Any`, `values.P`, `values.P & values.Q`, `values.P & Swift.AnyObject`.
    private func writeExistential(protocols: [SwiftNominalName], isClassBound: Bool, to text: inout String) {
        if protocols.isEmpty && !isClassBound {
            text += "Any"
            return
        }
        for (index, protocolName) in protocols.enumerated() {
            if index > 0 { text += " & " }
            writeNominalName(protocolName, to: &text)
        }
        if isClassBound {
            if !protocols.isEmpty { text += " & " }
            text += namesStandardLibraryModule ? "Swift.AnyObject" : "AnyObject"
        }
    }

    private func writeList(_ types: [SwiftTypeName], separator: String, to text: inout String) {
        for (index, type) in types.enumerated() {
            if index > 0 { text += separator }
            write(type, to: &text)
        }
    }

    /// Parentheses around what would read wrongly before `?` or `.Type`: functions,
    /// compositions, `weak T`.
    private func writeWithParentheses(_ type: SwiftTypeName, to text: inout String) {
        let needsParentheses = !Self.isSimple(type)
        if needsParentheses { text += "(" }
        write(type, to: &text)
        if needsParentheses { text += ")" }
    }

    /// NodePrinter's `isSimpleType`.
    private static func isSimple(_ type: SwiftTypeName) -> Bool {
        switch type {
        case .nominal, .tuple, .metatype, .genericParameter, .builtin: true
        case .function, .referenceStorage: false
        case .existential(let protocols, let isClassBound): isClassBound ? protocols.isEmpty : protocols.count <= 1
        }
    }

    /// NodePrinter's `isExistentialType`: a metatype of these is `.Protocol`.
    private static func isExistential(_ type: SwiftTypeName) -> Bool {
        switch type {
        case .existential, .metatype(_, isExistential: true): true
        default: false
        }
    }

    /// `A`...`Z` for the index, then `AB` (the runtime writes the least significant letter
    /// first); the depth follows when not 0 (`A1`).
    static func genericParameterName(depth: Int, index: Int) -> String {
        var name = ""
        var rest = max(index, 0)
        repeat {
            name.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "A") + UInt8(rest % 26)))
            rest /= 26
        } while rest > 0
        return depth == 0 ? name : name + String(depth)
    }
}
