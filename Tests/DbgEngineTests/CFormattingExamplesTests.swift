import DbgSymbols
import DbgTestSupport
import Foundation
import Testing

@testable import DbgEngine

/// What `print` shows for C values, whole: Delve's layout with C's names. These pin the
/// output users read; the gdb tests check the meaning behind it.
@Suite struct CFormattingExamplesTests {
    private func evaluator(_ directory: String) throws -> ExpressionEvaluator {
        let path = try Oracle.compileC(ZooSource.text, name: "zoo", in: directory)
        let image = try BinaryImage.open(path)
        return ExpressionEvaluator(scope: FrameScope.globals(of: ImageSymbols(image: image), memory: StaticMemory(image: image)))
    }

    @Test func printShowsDelvesLayoutWithCNames() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let evaluator = try evaluator(directory)
        let print = ValueText()
        func show(_ text: String) throws -> String { print.format(try evaluator.evaluate(text)) }

        // Nested structs at the default recursion limit (1): the third level shows addresses.
        let rec = try show("rec")
        #expect(rec.hasPrefix("""
            struct record {
            \tname: "widget\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00",
            \tscores: [4]int [1,4,9,16],
            \tgrid: [2][3]int [
            \t\t[0,1,2],
            \t\t[10,11,12],
            \t],
            \tbounds: struct rect {
            \t\tmin: (*struct point)(0x
            """))
        #expect(rec.contains("\tnum: union number {i: 1069547520, f: 1.5, bytes: \"\\x00\\x00\\xc0?\"},\n"))
        #expect(rec.contains("\tflags: struct flags {ready: 1, mode: 5, delta: -3, big: 123456},\n"))
        #expect(rec.contains("\tkinds: KIND_A|KIND_B,\n"))
        #expect(rec.contains("\twhere: *struct point {x: 11, y: 7},\n"))
        #expect(rec.hasSuffix("\tnothing: nil,\n\top: twice,}"))
        #expect(try show("first") == """
            node_t {
            \tvalue: 11,
            \tlabel: "first",
            \tnext: *struct node {
            \t\tvalue: 22,
            \t\tlabel: "second",
            \t\tnext: *(*struct node)(0x\(String(try evaluator.evaluate("&third").pointerValue(), radix: 16))),},}
            """)
        // A nil pointer to a struct still counts as a struct field: one per line, as in Delve.
        #expect(try show("third") == "node_t {\n\tvalue: 33,\n\tlabel: \"third\",\n\tnext: *struct node nil,}")
        #expect(try show("points") == "[3]struct point [\n\t{x: 1, y: 2},\n\t{x: 3, y: 4},\n\t{x: 5, y: 6},\n]")
        #expect(try show("op_table") == "[2]double (*)(double, double) [twice,nil]")
        #expect(try show("greeting") == #""hi there""#)
        #expect(try show("c_neg") == "-56 '\\310'")
        #expect(try show("kinds_unknown") == "KIND_A|0x8")
        #expect(try show("color_unknown") == "7")
        #expect(try show("typed_point") == "point_t {x: 8, y: 9}")
        // A pointer to a pointer shows its own address, as gdb does (never `**int nil`).
        let ptrPtr = String(try evaluator.evaluate("ptr_ptr").pointerValue(), radix: 16)
        #expect(try show("ptr_ptr") == "(**int)(0x\(ptrPtr))")
        #expect(try show("*ptr_ptr") == "*9")
        #expect(try show("void_ptr").hasPrefix("(*void)(0x"))
        #expect(try show("nothing_str") == "*const char nil")
        #expect(try show("d_tenth") == "0.1")
        #expect(try show("ld") == "1.25")
        #expect(try show("b_true") == "true")
    }
}
