import DbgSymbols
import Synchronization

@testable import DbgEngine

/// Memory made of regions a test fills; everything else is unmapped. Writes go to the
/// regions (and are recorded), so `set` can be checked by reading back.
final class FakeMemory: TargetMemory, ValueWriter {
    private let state: Mutex<State>

    private struct State {
        var regions: [UInt64: [UInt8]] = [:]
        var registers: [Int: UInt64] = [:]
        var writes: [(address: UInt64, bytes: [UInt8])] = []
        var registerWrites: [(number: Int, value: UInt64)] = []
    }

    init(_ regions: [UInt64: [UInt8]] = [:]) {
        state = Mutex(State(regions: regions))
    }

    func map(_ address: UInt64, _ bytes: [UInt8]) {
        state.withLock { $0.regions[address] = bytes }
    }

    func read(at address: UInt64, count: Int) throws(TargetMemoryError) -> [UInt8] {
        let found: [UInt8]? = state.withLock { state in
            for (base, bytes) in state.regions where address >= base && address - base + UInt64(count) <= UInt64(bytes.count) {
                let start = Int(address - base)
                return Array(bytes[start..<start + count])
            }
            return nil
        }
        guard let found else { throw TargetMemoryError(address: address, count: count) }
        return found
    }

    func writeMemory(_ bytes: [UInt8], at address: UInt64) throws(ValueError) {
        let written: Bool = state.withLock { state in
            for (base, var region) in state.regions where address >= base && address - base + UInt64(bytes.count) <= UInt64(region.count) {
                let start = Int(address - base)
                region.replaceSubrange(start..<start + bytes.count, with: bytes)
                state.regions[base] = region
                state.writes.append((address, bytes))
                return true
            }
            return false
        }
        if !written { throw .unwritableMemory(address: address, count: bytes.count) }
    }

    func writeRegister(_ dwarfNumber: Int, value: UInt64) throws(ValueError) {
        state.withLock {
            $0.registers[dwarfNumber] = value
            $0.registerWrites.append((dwarfNumber, value))
        }
    }

    var writes: [(address: UInt64, bytes: [UInt8])] { state.withLock { $0.writes } }
    var registerWrites: [(number: Int, value: UInt64)] { state.withLock { $0.registerWrites } }
}

/// Names for a few addresses.
struct FakeSymbols: SymbolLookup {
    var symbols: [(name: String, address: UInt64, size: UInt64)]

    func symbol(containing address: UInt64) -> (name: String, offset: UInt64)? {
        for symbol in symbols where address >= symbol.address && address - symbol.address < max(symbol.size, 1) {
            return (symbol.name, address - symbol.address)
        }
        return nil
    }
}

/// A scope of named values, for evaluator tests that need no binary.
struct FakeScope: EvaluationScope {
    var context: ValueContext
    var language: SourceLanguage = .c
    var variables: [String: Value] = [:]
    var functions: [String: Value] = [:]

    func variable(named name: String) -> Value? { variables[name] }
    func function(named name: String) -> Value? { functions[name] }
}

/// Little-endian bytes of integers, for filling fake memory.
func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
}

func le(_ value: Double) -> [UInt8] { le(value.bitPattern) }
func le(_ value: Float) -> [UInt8] { le(value.bitPattern) }
