import CDwarf
import DbgTestSupport
import Foundation
import Testing

@testable import DbgSymbols

// Helpers for the expression and call-frame tests only (the general fixture helper lives
// in Fixtures.swift, owned elsewhere); names carry an `Expression`/`Fake` prefix to stay apart.

/// Registers from a dictionary; absent registers are "not available in this frame".
struct FakeRegisters: DwarfRegisterReader {
    var values: [Int: UInt64]

    init(_ values: [Int: UInt64] = [:]) { self.values = values }

    init(_ values: [X86_64Register: UInt64]) {
        self.values = Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
    }

    func registerValue(_ dwarfRegister: Int) -> UInt64? { values[dwarfRegister] }
}

/// Sparse memory: only the bytes stored are readable.
struct FakeMemory: DwarfMemoryReader {
    var bytes: [UInt64: UInt8] = [:]

    mutating func store(_ value: UInt64, at address: UInt64, size: Int = 8) {
        for index in 0..<size { bytes[address &+ UInt64(index)] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
    }

    func readMemory(at address: Address, count: Int) -> [UInt8]? {
        guard count >= 0 else { return nil }
        var result: [UInt8] = []
        for index in 0..<count {
            guard let byte = bytes[address.value &+ UInt64(index)] else { return nil }
            result.append(byte)
        }
        return result
    }
}

/// A fixture binary or tool that is missing: the test fails and says how to fix it.
struct ExpressionFixtureMissing: Error, CustomStringConvertible {
    var description: String
}

enum ExpressionFixtures {
    /// The path of `Fixtures/build/<relative>`; throws when it has not been built.
    static func binary(_ relative: String) throws -> String { try Fixtures.binary(relative) }

    /// Runs a tool and returns its standard output; throws when it cannot run or fails.
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let output = try ToolRun.run(tool, arguments)
        guard output.status == 0 else {
            throw ExpressionFixtureMissing(
                description: "\(tool) \(arguments.joined(separator: " ")) failed: " + output.stderr)
        }
        return output.stdout
    }

    /// Assembles a relocatable object whose only DWARF is one DWARF 5 unit with one
    /// DW_TAG_variable per expression, each with a DW_AT_location exprloc of those bytes:
    /// a way to make libdwarf decode bytes of our choosing.
    static func objectWithExpressions(_ expressions: [[UInt8]]) throws -> String {
        var lines = [
            "\t.section .debug_abbrev,\"\",@progbits",
            // 1: DW_TAG_compile_unit, children, DW_AT_producer DW_FORM_string
            "\t.uleb128 1", "\t.uleb128 0x11", "\t.byte 1", "\t.uleb128 0x25", "\t.uleb128 0x08", "\t.byte 0", "\t.byte 0",
            // 2: DW_TAG_variable, no children, DW_AT_location DW_FORM_exprloc
            "\t.uleb128 2", "\t.uleb128 0x34", "\t.byte 0", "\t.uleb128 0x02", "\t.uleb128 0x18", "\t.byte 0", "\t.byte 0",
            "\t.byte 0",
            "\t.section .debug_info,\"\",@progbits",
            "\t.long .Lend - .Lstart", ".Lstart:", "\t.value 5", "\t.byte 1", "\t.byte 8", "\t.long 0",
            "\t.uleb128 1", "\t.string \"crafted\"",
        ]
        for bytes in expressions {
            lines.append("\t.uleb128 2")
            lines.append("\t.uleb128 \(bytes.count)")
            if !bytes.isEmpty { lines.append("\t.byte " + bytes.map { "0x" + String($0, radix: 16) }.joined(separator: ", ")) }
        }
        lines.append(contentsOf: ["\t.byte 0", ".Lend:", ""])
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("dbg-expressions-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let source = directory.appendingPathComponent("crafted.s")
        let object = directory.appendingPathComponent("crafted.o")
        try lines.joined(separator: "\n").write(to: source, atomically: true, encoding: .utf8)
        _ = try run("cc", ["-c", source.path, "-o", object.path])
        return object.path
    }
}

/// One expression found in a binary: its bytes, and libdwarf's decoding of them.
struct CollectedExpression: CustomStringConvertible {
    var origin: String
    var bytes: [UInt8]
    var libdwarfOperations: [DwarfOperation]
    var version: Int
    var offsetSize: Int

    var description: String { "\(origin): " + bytes.map { String($0, radix: 16) }.joined(separator: " ") }
}

/// Collects every DW_FORM_exprloc attribute of every DIE, and every entry of every DWARF 5
/// location list, of a binary, with libdwarf's decoding. Raw bytes of location-list entries
/// come from our own walk of `.debug_loclists`: libdwarf 20210528's
/// dwarf_get_locdesc_entry_d reports wrong expression offsets for DWARF 5 lists.
struct ExpressionCollector {
    let session: DwarfSession
    let loclists: [UInt8]?
    var found: [CollectedExpression] = []

    static func collect(in path: String) throws -> [CollectedExpression] {
        guard let handle = try DwarfHandle(path: path) else {
            throw ExpressionFixtureMissing(description: "\(path) has no DWARF")
        }
        let loclists = try sectionBytes(path, named: ".debug_loclists")
        return try handle.withSession { session in
            var collector = ExpressionCollector(session: session, loclists: loclists)
            try collector.walkUnits()
            return collector.found
        }
    }

    /// A section's bytes straight from the file; nil when absent or compressed.
    static func sectionBytes(_ path: String, named name: String) throws -> [UInt8]? {
        let file = try ELFFile.open(path)
        guard let section = file.section(named: name), section.hasFileData, !section.isCompressed else { return nil }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let start = Int(section.fileOffset), end = start + Int(section.size)
        guard end <= data.count else { return nil }
        return Array(data[start..<end])
    }

    mutating func walkUnits() throws {
        let debug = session.debug
        while true {
            var length: Dwarf_Unsigned = 0, typeOffset: Dwarf_Unsigned = 0, next: Dwarf_Unsigned = 0
            var version: Dwarf_Half = 0, addressSize: Dwarf_Half = 0, lengthSize: Dwarf_Half = 0
            var extensionSize: Dwarf_Half = 0, unitType: Dwarf_Half = 0
            var abbrevOffset: Dwarf_Off = 0
            var signature = Dwarf_Sig8()
            var error: Dwarf_Error?
            let status = dwarf_next_cu_header_d(
                debug, 1, &length, &version, &abbrevOffset, &addressSize, &lengthSize, &extensionSize,
                &signature, &typeOffset, &next, &unitType, &error)
            if status == DW_DLV_NO_ENTRY { return }
            guard status == DW_DLV_OK else { throw session.fail(error, "unit header") }
            var root: Dwarf_Die?
            guard dwarf_siblingof_b(debug, nil, 1, &root, &error) == DW_DLV_OK, let root else {
                throw session.fail(error, "unit root")
            }
            defer { dwarf_dealloc_die(root) }
            try walk(root, version: Int(version), offsetSize: Int(lengthSize))
        }
    }

    private mutating func walk(_ die: Dwarf_Die, version: Int, offsetSize: Int) throws {
        try collectAttributes(die, version: version, offsetSize: offsetSize)
        var error: Dwarf_Error?
        var child: Dwarf_Die?
        var status = dwarf_child(die, &child, &error)
        while status == DW_DLV_OK, let current = child {
            defer { dwarf_dealloc_die(current) }
            try walk(current, version: version, offsetSize: offsetSize)
            var sibling: Dwarf_Die?
            status = dwarf_siblingof_b(session.debug, current, 1, &sibling, &error)
            child = sibling
        }
        if status == DW_DLV_ERROR { throw session.fail(error, "walking entries") }
    }

    private mutating func collectAttributes(_ die: Dwarf_Die, version: Int, offsetSize: Int) throws {
        var list: UnsafeMutablePointer<Dwarf_Attribute?>?
        var count: Dwarf_Signed = 0
        var error: Dwarf_Error?
        guard dwarf_attrlist(die, &list, &count, &error) == DW_DLV_OK, let list else { return }
        defer {
            for index in 0..<Int(count) { if let attribute = list[index] { dwarf_dealloc_attribute(attribute) } }
            dwarf_dealloc(session.debug, UnsafeMutableRawPointer(list), Dwarf_Unsigned(DW_DLA_LIST))
        }
        var dieOffset: Dwarf_Off = 0
        _ = dwarf_dieoffset(die, &dieOffset, &error)
        for index in 0..<Int(count) {
            guard let attribute = list[index] else { continue }
            var code: Dwarf_Half = 0, form: Dwarf_Half = 0
            guard dwarf_whatattr(attribute, &code, &error) == DW_DLV_OK,
                  dwarf_whatform(attribute, &form, &error) == DW_DLV_OK
            else { continue }
            let origin = "DIE 0x\(String(dieOffset, radix: 16)) attribute 0x\(String(code, radix: 16))"
            let isBlock = [DW_FORM_block1, DW_FORM_block2, DW_FORM_block4, DW_FORM_block].contains(Int32(form))
            let isLocationAttribute = [DW_AT_location, DW_AT_frame_base, DW_AT_data_member_location].contains(Int32(code))
            if Int32(form) == DW_FORM_exprloc || (isBlock && isLocationAttribute) {
                // gcc uses DW_FORM_exprloc; Go 1.19 still uses DW_FORM_block1 for expressions.
                let bytes = try expressionBytes(attribute, form: form)
                let operations = try libdwarfOperations(attribute).first ?? []
                found.append(CollectedExpression(
                    origin: origin, bytes: bytes, libdwarfOperations: operations, version: version,
                    offsetSize: offsetSize))
            } else if Int32(form) == DW_FORM_sec_offset, version >= 5,
                      [DW_AT_location, DW_AT_frame_base].contains(Int32(code)), let loclists
            {
                // dwarf_formudata refuses DW_FORM_sec_offset in libdwarf 20210528.
                var listOffset: Dwarf_Off = 0
                guard dwarf_global_formref(attribute, &listOffset, &error) == DW_DLV_OK else {
                    throw session.fail(error, "location list offset")
                }
                let rawEntries = try Self.rawLocationListExpressions(loclists, at: Int(listOffset))
                let decoded = try libdwarfOperations(attribute)
                guard rawEntries.count == decoded.count else {
                    throw ExpressionFixtureMissing(
                        description: "\(origin): \(rawEntries.count) raw entries, libdwarf has \(decoded.count)")
                }
                for (entry, (bytes, operations)) in zip(0..., zip(rawEntries, decoded)) {
                    guard let bytes else { continue }
                    found.append(CollectedExpression(
                        origin: "\(origin) list 0x\(String(listOffset, radix: 16)) entry \(entry)", bytes: bytes,
                        libdwarfOperations: operations, version: version, offsetSize: offsetSize))
                }
            }
        }
    }

    /// The bytes of an exprloc or block attribute.
    private func expressionBytes(_ attribute: Dwarf_Attribute, form: Dwarf_Half) throws -> [UInt8] {
        var error: Dwarf_Error?
        if Int32(form) == DW_FORM_exprloc {
            var length: Dwarf_Unsigned = 0
            var pointer: Dwarf_Ptr?
            guard dwarf_formexprloc(attribute, &length, &pointer, &error) == DW_DLV_OK else {
                throw session.fail(error, "exprloc")
            }
            return DwarfSession.copyBytes(pointer, Int(length))
        }
        var block: UnsafeMutablePointer<Dwarf_Block>?
        guard dwarf_formblock(attribute, &block, &error) == DW_DLV_OK, let block else {
            throw session.fail(error, "block")
        }
        defer { dwarf_dealloc(session.debug, UnsafeMutableRawPointer(block), Dwarf_Unsigned(DW_DLA_BLOCK)) }
        return DwarfSession.copyBytes(block.pointee.bl_data, Int(block.pointee.bl_len))
    }

    /// libdwarf's decoding of every entry (one for an exprloc), with pointer operands
    /// replaced by copies of the bytes they point to, as `DwarfExpressionDecoder` does.
    private func libdwarfOperations(_ attribute: Dwarf_Attribute) throws -> [[DwarfOperation]] {
        var error: Dwarf_Error?
        var head: Dwarf_Loc_Head_c?
        var count: Dwarf_Unsigned = 0
        guard dwarf_get_loclist_c(attribute, &head, &count, &error) == DW_DLV_OK, let head else {
            throw session.fail(error, "location")
        }
        defer { dwarf_loc_head_c_dealloc(head) }
        var result: [[DwarfOperation]] = []
        for index in 0..<count {
            var lle: Dwarf_Small = 0, source: Dwarf_Small = 0
            var rawLow: Dwarf_Unsigned = 0, rawHigh: Dwarf_Unsigned = 0
            var unavailable: Dwarf_Bool = 0
            var low: Dwarf_Addr = 0, high: Dwarf_Addr = 0
            var operationCount: Dwarf_Unsigned = 0
            var description: Dwarf_Locdesc_c?
            var expressionOffset: Dwarf_Unsigned = 0, descriptionOffset: Dwarf_Unsigned = 0
            guard dwarf_get_locdesc_entry_d(
                head, index, &lle, &rawLow, &rawHigh, &unavailable, &low, &high, &operationCount,
                &description, &source, &expressionOffset, &descriptionOffset, &error) == DW_DLV_OK
            else { throw session.fail(error, "location entry") }
            var operations: [DwarfOperation] = []
            if operationCount > 0, let description {
                for opIndex in 0..<operationCount {
                    var opcode: Dwarf_Small = 0
                    var operand1: Dwarf_Unsigned = 0, operand2: Dwarf_Unsigned = 0, operand3: Dwarf_Unsigned = 0
                    var raw1: Dwarf_Unsigned = 0, raw2: Dwarf_Unsigned = 0, raw3: Dwarf_Unsigned = 0
                    var offset: Dwarf_Unsigned = 0
                    guard dwarf_get_location_op_value_d(
                        description, opIndex, &opcode, &operand1, &operand2, &operand3, &raw1, &raw2, &raw3,
                        &offset, &error) == DW_DLV_OK
                    else { throw session.fail(error, "operation") }
                    var operation = DwarfOperation(
                        opcode: opcode, operand1: operand1, operand2: operand2, operand3: operand3, offset: offset)
                    switch Int32(opcode) {
                    case DW_OP_implicit_value, DW_OP_entry_value, DW_OP_GNU_entry_value:
                        operation.block = DwarfSession.copyBytes(
                            UnsafeMutableRawPointer(bitPattern: UInt(operand2)), Int(operand1))
                        operation.operand2 = 0
                    case DW_OP_const_type, DW_OP_GNU_const_type:
                        operation.block = DwarfSession.copyBytes(
                            UnsafeMutableRawPointer(bitPattern: UInt(operand3)), Int(operand2))
                        operation.operand3 = 0
                    default:
                        break
                    }
                    operations.append(operation)
                }
            }
            result.append(operations)
        }
        return result
    }

    /// The expression bytes of each entry of the DWARF 5 location list at `offset`, in
    /// order, nil for entries without an expression (base addresses, the end marker).
    static func rawLocationListExpressions(_ section: [UInt8], at offset: Int) throws -> [[UInt8]?] {
        var reader = ByteReader(section)
        guard reader.seek(to: offset) else { throw ExpressionFixtureMissing(description: "list offset \(offset)") }
        var entries: [[UInt8]?] = []
        func fail() -> ExpressionFixtureMissing {
            ExpressionFixtureMissing(description: "bad location list entry at \(reader.offset)")
        }
        while true {
            guard let kind = reader.u8() else { throw fail() }
            var hasExpression = true
            switch Int32(kind) {
            case DW_LLE_end_of_list:
                entries.append(nil)
                return entries
            case DW_LLE_base_addressx:
                guard reader.uleb128() != nil else { throw fail() }
                hasExpression = false
            case DW_LLE_startx_endx, DW_LLE_startx_length, DW_LLE_offset_pair:
                guard reader.uleb128() != nil, reader.uleb128() != nil else { throw fail() }
            case DW_LLE_default_location:
                break
            case DW_LLE_base_address:
                guard reader.u64() != nil else { throw fail() }
                hasExpression = false
            case DW_LLE_start_end:
                guard reader.u64() != nil, reader.u64() != nil else { throw fail() }
            case DW_LLE_start_length:
                guard reader.u64() != nil, reader.uleb128() != nil else { throw fail() }
            default:
                throw fail()
            }
            if hasExpression {
                guard let length = reader.uleb128(), let bytes = reader.bytes(Int(clamping: length)) else { throw fail() }
                entries.append(bytes)
            } else {
                entries.append(nil)
            }
        }
    }
}
