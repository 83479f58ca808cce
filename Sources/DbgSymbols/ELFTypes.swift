/// One section header, copied out of libelf.
public struct ELFSection: Sendable {
    public var index: Int
    public var name: String
    public var type: UInt32
    public var flags: UInt64
    public var address: Address
    public var fileOffset: UInt64
    public var size: UInt64

    /// SHF_COMPRESSED (or the older `.zdebug_` naming): libdwarf decompresses these itself.
    public var isCompressed: Bool { flags & 0x800 != 0 || name.hasPrefix(".zdebug") }
    /// SHT_NOBITS sections (.bss, stripped debug sections) occupy no bytes in the file.
    public var hasFileData: Bool { type != 8 }
}

/// One program header, copied out of libelf.
public struct ELFSegment: Sendable {
    public static let load: UInt32 = 1
    public static let interpreter: UInt32 = 3
    public static let threadLocal: UInt32 = 7

    public var type: UInt32
    public var flags: UInt32
    public var virtualAddress: Address
    public var fileOffset: UInt64
    public var fileSize: UInt64
    public var memorySize: UInt64
    public var alignment: UInt64 = 1

    public var isLoad: Bool { type == Self.load }
    public var isExecutable: Bool { flags & 1 != 0 }
    public var addressRange: AddressRange {
        AddressRange(low: virtualAddress, high: virtualAddress + memorySize)
    }
}

/// One entry of `.symtab` or `.dynsym`.
public struct ELFSymbol: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case function, object, threadLocal, section, file, other
    }

    public enum Binding: Sendable, Hashable {
        case local, global, weak, other
    }

    public var name: String
    public var address: Address
    public var size: UInt64
    public var kind: Kind
    public var binding: Binding
    public var sectionIndex: UInt16
    /// True when the symbol came from `.dynsym` (read only when there is no `.symtab`).
    public var isDynamic: Bool
    /// An indirect function (STT_GNU_IFUNC, libc's `strlen`): its address is a resolver that
    /// returns the address of the implementation to use.
    public var isIndirectFunction = false

    /// Defined in this file (not an undefined import).
    public var isDefined: Bool { sectionIndex != 0 }
    public var range: AddressRange { AddressRange(low: address, high: address + max(size, 1)) }
}

/// How a file is linked, from `e_type`.
public enum ELFFileType: Sendable, Equatable {
    case relocatable, executable, sharedObject, core, other(UInt16)

    init(_ raw: UInt16) {
        switch raw {
        case 1: self = .relocatable
        case 2: self = .executable
        case 3: self = .sharedObject
        case 4: self = .core
        default: self = .other(raw)
        }
    }
}

/// The contents of `.gnu_debuglink`: where the separate debug file is and its CRC.
public struct DebugLink: Sendable, Equatable {
    public var fileName: String
    public var crc: UInt32
}
