import DbgSymbols

/// Registers and memory for evaluating DWARF expressions and unwinding in a fuzz target:
/// every register and every address answers, deterministically, except for a few holes, so
/// that the "unavailable" paths run too. Reads are bounded like a real process's.
public struct FuzzMachine: DwarfRegisterReader, DwarfMemoryReader, DwarfEntryValueResolver, DwarfTLSResolver {
    public var seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    public func registerValue(_ dwarfRegister: Int) -> UInt64? {
        if dwarfRegister < 0 || dwarfRegister > 127 || dwarfRegister % 13 == 12 { return nil }
        return 0x7fff_0000_0000 &+ seed &* 31 &+ UInt64(dwarfRegister) &* 8
    }

    public func readMemory(at address: Address, count: Int) -> [UInt8]? {
        guard count >= 0, count <= 1 << 16, address.value & 0xfff != 0xff8 else { return nil }
        var value = address.value ^ seed
        return (0..<count).map { _ in
            value = value &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: value >> 56)
        }
    }

    public func entryValue(of subexpression: [DwarfOperation]) -> UInt64? {
        subexpression.count % 2 == 0 ? seed : nil
    }

    public func threadLocalAddress(offset: UInt64) -> Address? {
        Address(0x7fff_f000_0000 &+ offset)
    }
}
