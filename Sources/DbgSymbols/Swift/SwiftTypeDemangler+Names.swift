/// Identifiers, numbers and references to earlier nodes: `5Point`, `0aB0` (words of earlier
/// identifiers), `00...` (punycode), `A`-substitutions and symbolic references.
extension SwiftTypeDemangler {
    /// The runtime's `Demangler::MaxNumWords`.
    private static let maximumWords = 26

    /// A natural number in decimal (`12`), or nil when no digit comes next.
    mutating func demangleNatural() throws(DemangleFailure) -> Int? {
        guard let first = peekByte(), isDigit(first) else { return nil }
        var number = 0
        while let byte = peekByte(), isDigit(byte) {
            number = number * 10 + Int(byte - UInt8(ascii: "0"))
            guard number <= Int(Int32.max) else { throw failure("number too large") }
            position += 1
        }
        return number
    }

    /// `_` is 0, `N_` is N + 1; nil when neither comes next.
    mutating func demangleIndex() throws(DemangleFailure) -> Int? {
        if nextIf("_") { return 0 }
        guard let number = try demangleNatural(), nextIf("_") else { return nil }
        return number + 1
    }

    /// `5Point`; `0` + words of earlier identifiers (`a`...`y` more follow, `A`...`Z` the last)
    /// mixed with literal parts; `00` + punycode. Every identifier becomes a substitution.
    mutating func demangleIdentifier() throws(DemangleFailure) -> DemangleNode {
        var hasWordSubstitutions = false
        var isPunycoded = false
        if nextIf("0") {
            if nextIf("0") { isPunycoded = true } else { hasWordSubstitutions = true }
        }
        var identifier: [UInt8] = []
        repeat {
            while hasWordSubstitutions, let byte = peekByte(), isLetter(byte) {
                position += 1
                let isLast = isUpperLetter(byte)
                let wordIndex = Int(byte - (isLast ? UInt8(ascii: "A") : UInt8(ascii: "a")))
                guard wordIndex < words.count else { throw failure("word substitution \(wordIndex) out of range") }
                identifier += Array(words[wordIndex].utf8)
                if isLast { hasWordSubstitutions = false }
                try checkIdentifierLength(identifier.count)
            }
            // An identifier ending with its last word substitution is closed by a `0`.
            if nextIf("0") { break }
            guard let count = try demangleNatural(), count > 0 else { throw failure("expected an identifier") }
            if isPunycoded { _ = nextIf("_") }
            guard count <= bytes.count - position else { throw failure("identifier runs past the end") }
            try checkIdentifierLength(count)
            let slice = bytes[position..<(position + count)]
            position += count
            if isPunycoded {
                guard let decoded = SwiftPunycode.decode(slice) else { throw failure("bad punycode identifier") }
                identifier += Array(decoded.utf8)
            } else {
                try checkIdentifierCharacters(slice)
                identifier += slice
                recordWords(of: slice)
            }
            try checkIdentifierLength(identifier.count)
        } while hasWordSubstitutions
        guard !identifier.isEmpty else { throw failure("empty identifier") }
        let node = DemangleNode.identifier(String(decoding: identifier, as: UTF8.self))
        addSubstitution(node)
        return node
    }

    private func checkIdentifierLength(_ length: Int) throws(DemangleFailure) {
        guard length <= DemangleLimits.identifierLength else {
            throw failure("identifier longer than \(DemangleLimits.identifierLength) bytes")
        }
    }

    /// Identifiers are UTF-8 text without control characters (anything else is punycoded).
    private func checkIdentifierCharacters(_ slice: ArraySlice<UInt8>) throws(DemangleFailure) {
        guard !slice.contains(where: { $0 < 0x20 || $0 == 0x7F }), String(validating: slice, as: UTF8.self) != nil else {
            throw failure("identifier is not text")
        }
    }

    /// The words a later `0`-identifier may reuse: runs of two characters or more, split before
    /// an upper-case letter that follows a non-upper-case one, and at `_` (`ManglingUtils.h`).
    private mutating func recordWords(of slice: ArraySlice<UInt8>) {
        let characters = Array(slice)
        var wordStart: Int? = nil
        for index in 0...characters.count {
            let character: UInt8 = index < characters.count ? characters[index] : 0
            if let start = wordStart, isWordEnd(character, after: characters[index - 1]) {
                if index - start >= 2 && words.count < Self.maximumWords {
                    words.append(String(decoding: characters[start..<index], as: UTF8.self))
                }
                wordStart = nil
            }
            if wordStart == nil && isWordStart(character) { wordStart = index }
        }
    }

    // MARK: - Substitutions

    /// `A` + references to earlier substitutions: `AA` is the first, `AB` the second, `A_` the
    /// 27th, `A0_` the 28th; a lower-case letter means more follow (`AaB`), a number before a
    /// letter repeats it (`A2B`).
    mutating func demangleMultiSubstitutions() throws(DemangleFailure) {
        var repeatCount: Int? = nil
        while true {
            let byte = try nextByte()
            if isLowerLetter(byte) || isUpperLetter(byte) {
                let isLast = isUpperLetter(byte)
                let index = Int(byte - (isLast ? UInt8(ascii: "A") : UInt8(ascii: "a")))
                try pushSubstitution(at: index, times: repeatCount ?? 1)
                if isLast { return }
                repeatCount = nil
            } else if byte == UInt8(ascii: "_") {
                // The number before was no repeat count but an index past the 26 letters.
                try pushSubstitution(at: (repeatCount ?? -1) + 27, times: 1)
                return
            } else {
                position -= 1
                guard let count = try demangleNatural() else { throw unsupported() }
                repeatCount = count
            }
        }
    }

    private mutating func pushSubstitution(at index: Int, times: Int) throws(DemangleFailure) {
        guard index < substitutions.count else {
            throw failure("substitution \(index) out of range (\(substitutions.count) known)")
        }
        guard times <= DemangleLimits.repeatCount else { throw failure("repeat count \(times) too large") }
        for _ in 0..<max(times, 1) {
            try push(substitutions[index])
        }
    }

    // MARK: - Symbolic references

    /// A control byte and a 4-byte little-endian offset from the offset's own address to a
    /// context descriptor: the resolver names what is there. The result is a substitution.
    mutating func demangleSymbolicReference(kind: UInt8) throws(DemangleFailure) {
        guard bytes.count - position >= 4 else { throw failure("symbolic reference cut short") }
        var offset: UInt32 = 0
        for index in 0..<4 {
            offset |= UInt32(bytes[position + index]) << (8 * index)
        }
        let target = baseAddress &+ UInt64(position) &+ UInt64(bitPattern: Int64(Int32(bitPattern: offset)))
        position += 4
        guard let resolver else { throw failure("symbolic reference without a resolver") }
        guard let nominal = resolver(kind, target) else {
            throw failure("symbolic reference to 0x\(String(target, radix: 16)) not resolved")
        }
        let node: DemangleNode
        if nominal.kind == .protocolType {
            node = .protocolReference(nominal)
        } else {
            var type = try makeType(.nominal(nominal, arguments: []), ownWeight: nominal.description.utf8.count)
            type.isSymbolicReference = true
            node = .type(type)
        }
        try push(node)
        addSubstitution(node)
    }

    // MARK: - Private names

    /// `LL`: a private declaration's name and its file discriminator (dropped). Other local
    /// names (`L_`, types declared in functions) are refused.
    mutating func demangleLocalName() throws(DemangleFailure) {
        guard nextIf("L") else { throw unsupported() }
        guard popIdentifier() != nil, let name = popIdentifier() else { throw failure("private name without its identifiers") }
        try push(.privateName(name))
    }
}

func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
func isLowerLetter(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
func isUpperLetter(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
func isLetter(_ byte: UInt8) -> Bool { isLowerLetter(byte) || isUpperLetter(byte) }
private func isWordStart(_ byte: UInt8) -> Bool { !isDigit(byte) && byte != UInt8(ascii: "_") && byte != 0 }

private func isWordEnd(_ byte: UInt8, after previous: UInt8) -> Bool {
    if byte == UInt8(ascii: "_") || byte == 0 { return true }
    return !isUpperLetter(previous) && isUpperLetter(byte)
}
