import DbgSymbols

/// Writes the debuggee's memory and the selected frame's registers, for `set`.
public protocol ValueWriter: Sendable {
    func writeMemory(_ bytes: [UInt8], at address: UInt64) throws(ValueError)
    /// Sets a register of the selected frame by DWARF number (a caller's frame: where the
    /// callee saved it, which only the frame's owner knows).
    func writeRegister(_ dwarfNumber: Int, value: UInt64) throws(ValueError)
}

/// Names code and data addresses: function pointers print as the function's name, and
/// pointers can be described by the symbol they point into.
public protocol SymbolLookup: Sendable {
    /// The symbol whose extent holds the runtime address, and the offset into it.
    func symbol(containing address: UInt64) -> (name: String, offset: UInt64)?
    /// The runtime address of the symbol called `name`.
    func address(of name: String) -> UInt64?
    /// The runtime address of the function (a defined code symbol) called `name`.
    func functionAddress(of name: String) -> UInt64?
    /// The full demangled name of the function starting at `address` (Swift's signature, as
    /// `whatis` shows it); nil where it has none beyond its short name.
    func fullName(ofFunctionAt address: UInt64) -> String?
}

extension SymbolLookup {
    public func address(of name: String) -> UInt64? { nil }
    public func functionAddress(of name: String) -> UInt64? { nil }
    public func fullName(ofFunctionAt address: UInt64) -> String? { nil }
}

/// Symbols of binaries mapped at known biases (one entry for a program before it runs).
public struct ImageSymbolLookup: SymbolLookup {
    public let images: [(image: BinaryImage, bias: UInt64)]

    public init(images: [(image: BinaryImage, bias: UInt64)]) {
        self.images = images
    }

    public init(image: BinaryImage, bias: UInt64 = 0) {
        self.images = [(image, bias)]
    }

    public func fullName(ofFunctionAt address: UInt64) -> String? {
        for (image, bias) in images where address >= bias {
            guard let symbol = image.symbols.symbol(containing: Address(address - bias)), symbol.address.value == address - bias
            else { continue }
            return SwiftDemangler.demangle(symbol.name)
        }
        return nil
    }

    public func symbol(containing address: UInt64) -> (name: String, offset: UInt64)? {
        for (image, bias) in images where address >= bias {
            let local = Address(address - bias)
            guard let symbol = image.symbols.symbol(containing: local) else { continue }
            let name = SwiftDemangler.displayName(symbol.name) ?? CxxDemangler.demangle(symbol.name) ?? symbol.name
            return (name, local.value - symbol.address.value)
        }
        return nil
    }

    public func address(of name: String) -> UInt64? {
        for (image, bias) in images {
            if let symbol = image.symbols.symbols(named: name).first { return symbol.address.value &+ bias }
        }
        return nil
    }

    public func functionAddress(of name: String) -> UInt64? {
        for (image, bias) in images {
            if let symbol = image.symbols.symbols(named: name).first(where: { $0.kind == .function && $0.isDefined }) {
                return symbol.address.value &+ bias
            }
        }
        return nil
    }
}

/// The named constants of a type: Go's enum-like `const ( Pending Status = iota; ... )`,
/// which Delve shows next to a value as `Paid (1)`.
public protocol ConstantLookup: Sendable {
    /// The constants whose type is `type`, names without their package (`Paid`).
    func constants(of type: DwarfType) -> [(name: String, value: Int64)]
}

/// Everything a value needs to load itself: its types, the memory and registers of the
/// selected frame, names for addresses, and (for `set`) a writer. Values of one scope
/// share one context.
public struct ValueContext: Sendable {
    public var types: TypeSystem
    public var memory: any TargetMemory
    public var registers: (any DwarfRegisterReader & Sendable)?
    public var symbols: (any SymbolLookup)?
    public var writer: (any ValueWriter)?
    public var constants: (any ConstantLookup)?

    public init(
        types: TypeSystem, memory: any TargetMemory, registers: (any DwarfRegisterReader & Sendable)? = nil,
        symbols: (any SymbolLookup)? = nil, writer: (any ValueWriter)? = nil, constants: (any ConstantLookup)? = nil
    ) {
        self.types = types
        self.memory = memory
        self.registers = registers
        self.symbols = symbols
        self.writer = writer
        self.constants = constants
    }
}
