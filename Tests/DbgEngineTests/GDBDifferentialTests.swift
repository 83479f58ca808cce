import DbgSymbols
import DbgTestSupport
import Foundation
import Testing

@testable import DbgEngine

/// Globals and expressions over them, against gdb's `print` of the same binary without
/// running it (both read initial values from the file; we through `StaticMemory`). What is
/// compared is meaning, not spelling: numbers, enumerators, fields, elements, string bytes,
/// pointer targets and the symbols gdb names them by.
@Suite struct GDBDifferentialTests {
    /// Deep enough that nothing gdb prints is cut on our side.
    static let config = LoadConfig(followPointers: true, maxVariableRecurse: 16, maxStringLength: 4096, maxArrayValues: 4096)

    static let structsGlobals = [
        "global_counter", "global_pi", "global_volatile", "global_greeting", "global_array", "global_origin",
        "global_origin_ptr", "file_static", "list_storage", "ops", "op_names", "next_id::counter", "build_list::labels",
    ]

    static let structsExpressions = [
        "global_array[2] + 1", "global_origin.x * 2", "sizeof(struct point)", "&global_counter", "*global_origin_ptr",
        "global_origin_ptr->y", "(char)global_counter", "global_pi * 2", "-global_counter", "7 / 2", "7.0 / 2",
        "global_counter > 3", "(long)&global_counter", "global_greeting[1]", "sizeof global_array", "op_names[1][0]",
        "*op_names", "ops[1]", "*ops[0]", "(enum color)5", "(enum kind)5", "(enum kind)9", "&global_array[1]",
        "global_array + 1", "*(global_array + 3)", "&global_array[4] - &global_array[1]", "(unsigned long)-1",
        "10 / 3.0", "'A' + 1", "global_counter << 3", "~global_counter", "!global_counter", "global_counter % 4",
        "(unsigned char)300", "1 ? 2 : 3", "global_counter == 7 && global_pi > 3", "-1U", "(unsigned short)-1",
        "global_volatile / 5", "file_static - 100", "sizeof(node_t)", "sizeof(struct record)", "list_storage[1]",
        "&list_storage[2]", "next_id::counter + 1", "(int)global_pi", "(float)global_pi", "*global_array", "&global_origin",
        "main", "&main", "0x10 | 3", "1 << 4", "100 >> 2", "5 & 3", "5 ^ 3", "(5 > 3) + (2 < 1)", "global_counter != 7",
        "3.0 * 2", "1e3 / 8", "'\\n'", "global_pi", "global_origin", "build_list::labels[2]",
    ]

    static let zooExpressions = [
        "rec.bounds.max.x * 2", "rec.grid[1][2]", "rec.grid[1]", "rec.flags.delta", "rec.flags.big + 1", "rec.num.bytes[2]",
        "rec.list->next->label", "*rec.list->next", "rec.where->x", "first.next->next->value", "sizeof(rec.grid)",
        "sizeof(struct flags)", "anon.b + anon.c", "anon.f * 2", "(enum color)6", "color_green == GREEN",
        "rec.kinds == 3", "*int_ptr", "**ptr_ptr", "*ptr_ptr", "int_ptr[1]", "int_ptr - 2", "(struct point *)void_ptr",
        "*(struct point *)&rec.bounds", "(char)c_200", "c_h + 1", "c_neg * 2", "us_max + 1", "ul_max + 1", "u64 >> 63",
        "i8 * i8", "d_tenth + 0.2", "-d_neg", "ld * 2", "b_true + 1", "!b_false", "greeting[3]", "*greeting", "buffer[0]",
        "full[3]", "raw[2]", "matrix[1][0][1]", "matrix[1]", "points[2].y", "&points[1]", "&points[1].y", "typed * 2",
        "typed_point.x", "cv + 1", "sizeof(point_t)", "(uint)-1", "op_table[0]", "op_table[1]", "rec.op", "rec.nothing",
        "nothing_str", "rec.flags", "rec.num", "s_min - 1", "(short)s_min", "sizeof(long double)", "c_neg < c_200",
        "(unsigned)c_neg", "d_big > d_small", "rec.scores", "&rec.scores", "rec.name", "*rec.where", "sign_neg",
        "sign_neg + 1", "(enum sign)-2", "kinds_ac", "rec.kinds", "rec.flags.mode - 6", "rec.flags.delta + rec.flags.mode",
        "rec.flags.delta * 2",
    ]

    // MARK: Helpers

    private func scope(_ path: String) throws -> (FrameScope, ImageSymbolLookup) {
        let image = try BinaryImage.open(path)
        let symbols = ImageSymbols(image: image)
        return (FrameScope.globals(of: symbols, memory: StaticMemory(image: image)), ImageSymbolLookup(image: image))
    }

    /// Evaluates each expression with us and prints it with gdb; records every difference.
    private func compare(_ path: String, _ expressions: [String]) throws {
        let (scope, symbols) = try scope(path)
        let evaluator = ExpressionEvaluator(scope: scope)
        let loader = ValueLoader(config: Self.config)
        let answers = try Oracle.gdbPrint(path, expressions)
        let comparison = MeaningComparison(symbols: symbols)
        for (expression, answer) in zip(expressions, answers) {
            let gdb: GDBValue
            do {
                gdb = try GDBValue.parse(answer)
            } catch {
                Issue.record("\(expression): cannot parse gdb's answer \(answer): \(error)")
                continue
            }
            let value: Value
            do {
                value = try evaluator.evaluate(expression)
            } catch {
                Issue.record("\(expression): \(error) (gdb: \(answer))")
                continue
            }
            let differences = comparison.differences(loader.load(value), gdb, path: expression)
            #expect(differences.isEmpty, "\(expression): \(differences.joined(separator: "; "))")
        }
    }

    private func zooBinary(flags: [String] = ["-g", "-O0"]) throws -> (path: String, directory: String) {
        let directory = try Fixtures.temporaryDirectory()
        return (try Oracle.compileC(ZooSource.text, name: "zoo", flags: flags, in: directory), directory)
    }

    // MARK: Tests

    @Test func structsGlobalsMatchGDB() throws {
        try compare(try Fixtures.binary("c/structs"), Self.structsGlobals)
    }

    @Test func structsExpressionsMatchGDB() throws {
        try compare(try Fixtures.binary("c/structs"), Self.structsExpressions)
    }

    @Test func zooGlobalsMatchGDB() throws {
        let (path, directory) = try zooBinary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try compare(path, ZooSource.globals)
    }

    @Test func zooExpressionsMatchGDB() throws {
        let (path, directory) = try zooBinary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try compare(path, Self.zooExpressions)
    }

    /// DWARF 4 describes bit-fields and locations differently (DW_AT_data_bit_offset vs
    /// DW_AT_bit_offset, and older forms): the same values must come out.
    @Test func zooGlobalsMatchGDBWithDWARF4() throws {
        let (path, directory) = try zooBinary(flags: ["-g", "-gdwarf-4", "-O0"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try compare(path, ZooSource.globals)
    }
}
