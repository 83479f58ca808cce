import DbgSymbols
import Glibc

/// What a trace probes in one binary: the functions whose names match a pattern, with a
/// call probe and return probes each (found by disassembling the function).
public struct TracePlan: Sendable {
    public let image: BinaryImage
    public let functions: [TracedFunction]
    public let probes: [TraceProbe]

    /// Functions of `image` whose name matches `pattern` (a regular expression, unanchored,
    /// as `dlv trace` takes it).
    public init(image: BinaryImage, pattern: String) throws(TraceError) {
        let regex = try Self.compile(pattern)
        // A cold part gcc split off a function (`luaD_throw.cold`) is entered by a jump from
        // its function, never called: not a function to trace.
        let found = image.functions(matching: regex).filter { ($0.symbol?.size ?? 0) > 0 && !Self.isColdPart($0) }
            .sorted { $0.name < $1.name }
        guard !found.isEmpty else { throw TraceError("no functions match \"\(pattern)\"") }
        let code = CodeReader(path: image.path, elf: image.elf)
        let scopes = image.debugInfo.map { ScopeReader(debugInfo: $0) }
        var functions: [TracedFunction] = []
        var probes: [TraceProbe] = []
        for location in found {
            guard let size = location.symbol?.size,
                  let instructions = code.instructions(at: location.entry, size: size), !instructions.isEmpty
            else { continue }
            let language = location.function.flatMap { image.debugInfo?.unit(containing: $0.entry)?.language }
                ?? (image.language ?? .c)
            let callProbe = language.rules.callProbeFollowsStackCheck ? Self.pastStackCheck(instructions) : location.entry
            let returns = instructions.filter(\.isReturn).map { Address($0.address) }
            let frame = location.function == nil ? nil : scopes?.innermostFrame(at: callProbe)
            let index = functions.count
            functions.append(TracedFunction(
                name: location.name, entry: location.entry, size: size, callProbe: callProbe, returnProbes: returns, frame: frame,
                returnType: location.function.flatMap { Self.returnType(of: $0, in: image) }, language: language))
            for (kind, address) in [(TraceProbe.Kind.call, callProbe)] + returns.map({ (.returning, $0) }) {
                guard let offset = image.elf.fileOffset(of: address) else { continue }
                probes.append(TraceProbe(kind: kind, function: index, address: address, fileOffset: offset))
            }
        }
        guard !functions.isEmpty else { throw TraceError("no functions match \"\(pattern)\" (none has code)") }
        self.image = image
        self.functions = functions
        self.probes = probes
    }

    /// The pattern as a Regex, or an error that says where it goes wrong: the first
    /// character after the longest prefix that still parses.
    static func compile(_ pattern: String) throws(TraceError) -> Regex<AnyRegexOutput> {
        do {
            return try Regex(pattern)
        } catch {
            let characters = Array(pattern)
            var valid = 0
            for length in stride(from: characters.count - 1, through: 0, by: -1)
            where (try? Regex(String(characters[0..<length]))) != nil {
                valid = length
                break
            }
            throw TraceError("invalid regular expression \"\(pattern)\" at column \(valid + 1): \(error)")
        }
    }

    /// Go functions start with `cmp 0x10(%r14), %rsp; jbe morestack` (or a `lea` into
    /// r12 first, for big frames): the call probe goes after the jump.
    static func pastStackCheck(_ instructions: [Instruction]) -> Address {
        for (index, instruction) in instructions.prefix(3).enumerated()
        where instruction.mnemonic.hasPrefix("cmp") && instruction.operands.contains("(%r14)") {
            let next = index + 1
            guard next < instructions.count, ["jbe", "jna"].contains(instructions[next].mnemonic) else { break }
            return Address(instructions[next].nextAddress)
        }
        return Address(instructions.first?.address ?? 0)
    }

    /// DW_AT_type of the subprogram (or of its abstract origin or declaration).
    static func returnType(of function: Function, in image: BinaryImage) -> DIEOffset? {
        image.debugInfo?.returnType(ofFunctionAt: function.offset)
    }
}

extension TracePlan {
    /// Where to ask the kernel to map an area of ours that the binary's code must reach with
    /// 32-bit displacements (RIP-relative operands, `jmp rel32`): below the binary (above it
    /// is where the C heap grows), 16 MiB below, or halfway down for a binary loaded low
    /// (a fixed-address executable at 0x400000). The kernel takes the hint when it is free.
    func areaHint(bias: UInt64, pageSize: UInt64) -> UInt64 {
        let lowest = (image.elf.segments.filter(\.isLoad).map(\.virtualAddress.value).min() ?? 0) &+ bias
        guard lowest >= 0x20_0000 else { return 0 }
        return (lowest - min(lowest / 2, 0x100_0000)) & ~(pageSize - 1)
    }
}

/// Reads and decodes a function's machine code from the binary file.
extension TracePlan {
    static func isColdPart(_ location: FunctionLocation) -> Bool {
        guard let name = location.symbol?.name, location.function == nil else { return false }
        return name.hasSuffix(".cold") || name.contains(".cold.")
    }
}

struct CodeReader {
    let path: String
    let elf: ELFFile

    func instructions(at address: Address, size: UInt64) -> [Instruction]? {
        guard size > 0, size < 1 << 24, let offset = elf.fileOffset(of: address) else { return nil }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
        guard got == Int(size) else { return nil }
        return Disassembler(flavor: .att).decode(bytes, at: address.value)
    }
}
