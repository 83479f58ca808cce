extension API {
    /// Delve's `api.AsmInstruction`: one disassembled instruction.
    public struct AsmInstruction: Codable, Sendable, Hashable {
        /// Where the instruction is: its pc, source file and line, function.
        public var loc: Location
        /// Where a direct call goes (nil for other instructions).
        public var destLoc: Location?
        /// The instruction in the requested syntax.
        public var text: String
        /// The instruction's bytes as in the program (never our int3s).
        public var bytes: [UInt8]
        /// A user breakpoint is set on this instruction.
        public var breakpoint: Bool
        /// The selected thread is stopped on this instruction.
        public var atPC: Bool

        enum CodingKeys: String, CodingKey {
            case loc = "Loc", destLoc = "DestLoc", text = "Text", bytes = "Bytes", breakpoint = "Breakpoint", atPC = "AtPC"
        }

        public init(loc: Location, destLoc: Location? = nil, text: String, bytes: [UInt8], breakpoint: Bool = false,
                    atPC: Bool = false) {
            self.loc = loc
            self.destLoc = destLoc
            self.text = text
            self.bytes = bytes
            self.breakpoint = breakpoint
            self.atPC = atPC
        }

        // Go's encoding/json writes a []byte as a base64 string; so do we, both ways.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            loc = try c.decode(Location.self, forKey: .loc)
            destLoc = try c.decodeIfPresent(Location.self, forKey: .destLoc)
            text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
            let encoded = try c.decodeIfPresent(String.self, forKey: .bytes) ?? ""
            guard let decoded = Base64.decode(encoded) else {
                throw DecodingError.dataCorruptedError(forKey: .bytes, in: c, debugDescription: "Bytes is not base64")
            }
            bytes = decoded
            breakpoint = try c.decodeIfPresent(Bool.self, forKey: .breakpoint) ?? false
            atPC = try c.decodeIfPresent(Bool.self, forKey: .atPC) ?? false
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(loc, forKey: .loc)
            try c.encode(destLoc, forKey: .destLoc)  // null when absent, as Go writes a nil pointer
            try c.encode(text, forKey: .text)
            try c.encode(Base64.encode(bytes), forKey: .bytes)
            try c.encode(breakpoint, forKey: .breakpoint)
            try c.encode(atPC, forKey: .atPC)
        }
    }
}

/// Standard base64 with padding (RFC 4648), as Go's encoding/json writes byte slices.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let b0 = UInt32(bytes[index])
            let b1 = remaining > 1 ? UInt32(bytes[index + 1]) : 0
            let b2 = remaining > 2 ? UInt32(bytes[index + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(group >> 18 & 63)])
            out.append(alphabet[Int(group >> 12 & 63)])
            out.append(remaining > 1 ? alphabet[Int(group >> 6 & 63)] : UInt8(ascii: "="))
            out.append(remaining > 2 ? alphabet[Int(group & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// nil for text that is not base64.
    public static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        for character in text.utf8 where character != UInt8(ascii: "=") {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            values.append(UInt8(value))
        }
        guard values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < values.count {
            let chunk = values[index..<min(index + 4, values.count)]
            var group: UInt32 = 0
            for (offset, value) in chunk.enumerated() { group |= UInt32(value) << (18 - 6 * offset) }
            out.append(UInt8(group >> 16 & 0xff))
            if chunk.count > 2 { out.append(UInt8(group >> 8 & 0xff)) }
            if chunk.count > 3 { out.append(UInt8(group & 0xff)) }
            index += 4
        }
        return out
    }
}
