import Foundation
import Testing
@testable import DbgEngine
@testable import DbgService

/// The machine-level API types on the wire (Delve's JSON field names, Go's base64 for byte
/// slices) and the Delve texts the service formats registers with; gdb's AT&T spelling.
@Suite struct MachineAPITests {
    @Test func asmInstructionIsDelvesJSON() throws {
        let instruction = API.AsmInstruction(
            loc: API.Location(pc: 0x401136, file: "/src/hello.c", line: 11, function: API.Function(name: "greet", value: 0x401136)),
            text: "push %rbp", bytes: [0x55, 0x48, 0x89, 0xe5], breakpoint: true, atPC: false)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(instruction)) as? [String: Any]
        #expect(Set(object.map { Array($0.keys) } ?? []) == ["Loc", "DestLoc", "Text", "Bytes", "Breakpoint", "AtPC"])
        #expect(object?["Bytes"] as? String == "VUiJ5Q==", "a byte slice is base64, as Go writes it")
        #expect(object?["DestLoc"] is NSNull)
        #expect((object?["Loc"] as? [String: Any])?["pc"] as? Int == 0x401136)

        // As Delve sends it.
        let delve = #"{"Loc":{"pc":4198710,"file":"/src/hello.c","line":11,"function":{"name":"main","value":4198700,"type":0,"goType":0,"optimized":false}},"DestLoc":{"pc":4198400,"file":"","line":0},"Text":"call 0x401000","Bytes":"6MX+//8=","Breakpoint":false,"AtPC":true}"#
        let decoded = try JSONDecoder().decode(API.AsmInstruction.self, from: Data(delve.utf8))
        #expect(decoded.bytes == [0xe8, 0xc5, 0xfe, 0xff, 0xff])
        #expect(decoded.atPC && decoded.destLoc?.pc == 4198400 && decoded.loc.function?.name == "main")
        #expect(try JSONDecoder().decode(API.AsmInstruction.self, from: JSONEncoder().encode(instruction)) == instruction)
    }

    @Test func registerAndImageAreDelvesJSON() throws {
        let register = try JSONSerialization.jsonObject(with: JSONEncoder().encode(
            API.Register(name: "Rip", value: "0x0000000000401136", dwarfNumber: 16))) as? [String: Any]
        #expect(register?["Name"] as? String == "Rip" && register?["Value"] as? String == "0x0000000000401136")
        #expect(register?["DwarfNumber"] as? Int == 16)
        let image = try JSONSerialization.jsonObject(with: JSONEncoder().encode(
            API.Image(path: "/lib/libc.so.6", address: 0x7ffff7dd5000))) as? [String: Any]
        #expect(Set(image.map { Array($0.keys) } ?? []) == ["Path", "Address", "LoadError"])
    }

    @Test func base64RoundTrips() {
        for count in 0..<12 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 37 + 200) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
            #expect(Base64.encode(bytes) == Data(bytes).base64EncodedString())
        }
        #expect(Base64.decode("not base64!") == nil)
    }

    @Test func registerValuesAreDelvesTexts() {
        #expect(RegisterFormat.value(16, .integer(0x401136)) == "0x0000000000401136")
        #expect(RegisterFormat.value(49, .integer(0x246)) == "0x0000000000000246\t[PF ZF IF IOPL=0]")
        #expect(RegisterFormat.value(49, .integer(0x3202)) == "0x0000000000003202\t[IF IOPL=3]")
        #expect(RegisterFormat.value(64, .integer(0x1f80)) == "0x00001f80\t[RZ/RN=0 PM UM OM ZM DM IM]")
        #expect(RegisterFormat.value(65, .integer(0x37f)) == "0x037f")
        // 1.0 in x87 extended precision: exponent 0x3fff, explicit integer bit.
        #expect(RegisterFormat.value(33, .bytes([0, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0x3f])) == "0x3fff8000000000000000\t1")
        // XMM0 holding the doubles 1.5 and -2.
        let xmm = [0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0xc0] as [UInt8]
        #expect(RegisterFormat.value(17, .bytes(xmm)) == "0xc0000000000000003ff8000000000000"
            + "\tv2_int={ 3ff8000000000000 c000000000000000 }\tv4_int={ 00000000 3ff80000 00000000 c0000000 }"
            + "\tv8_int={ 0000 0000 0000 3ff8 0000 0000 0000 c000 }"
            + "\tv16_int={ 00 00 00 00 00 00 f8 3f 00 00 00 00 00 00 00 c0 }"
            + "\tv2_float={ 1.5 -2 }\tv4_float={ 0 1.9375 0 -2 }")
        #expect(RegisterFormat.name(58) == "Fs_base" && RegisterFormat.name(36) == "ST(3)" && RegisterFormat.name(12) == "R12")
    }

    @Test func floatsAsGoPrintsThemWithPercentG() {
        let cases: [(Double, String)] = [
            (0, "0"), (1, "1"), (1.5, "1.5"), (-2, "-2"), (123456, "123456"), (1e6, "1e+06"), (1234567, "1.234567e+06"),
            (0.0001, "0.0001"), (0.00001, "1e-05"), (1e100, "1e+100"), (Double.leastNonzeroMagnitude, "5e-324"), (.infinity, "+Inf"), (.nan, "NaN"),
        ]
        for (value, text) in cases { #expect(RegisterFormat.goG(value.description) == text, "\(value)") }
        #expect(RegisterFormat.goG(Float(13.3929).description) == "13.3929")
    }

    @Test func registersInDelvesOrder() {
        let readings: [(number: Int, content: RegisterFormat.Content)] = [
            (0, .integer(1)), (1, .integer(2)), (2, .integer(3)), (3, .integer(4)), (4, .integer(5)), (7, .integer(6)),
            (16, .integer(7)), (17, .bytes([UInt8](repeating: 0, count: 16))), (49, .integer(0x202)), (58, .integer(0)),
        ]
        #expect(RegisterFormat.registers(readings, includeFloatingPoint: false).map(\.name)
            == ["Rip", "Rsp", "Rax", "Rbx", "Rcx", "Rdx", "Rsi", "Rflags", "Fs_base"])
        #expect(RegisterFormat.registers(readings, includeFloatingPoint: true).map(\.name).contains("XMM0"))
    }

    @Test func attSyntaxAsGDBSpellsIt() {
        func gdb(_ mnemonic: String, _ operands: String, intel: String) -> String {
            let normalized = GNUSyntax.normalize(
                Instruction(address: 0, bytes: [], mnemonic: mnemonic, operands: operands), intelMnemonic: intel)
            return normalized.text
        }
        #expect(gdb("movq", "%rsp, %rbp", intel: "mov") == "mov %rsp,%rbp")
        #expect(gdb("movl", "$0, -4(%rbp)", intel: "mov") == "movl $0x0,-0x4(%rbp)")
        #expect(gdb("callq", "0x401136", intel: "call") == "call 0x401136")
        #expect(gdb("retq", "", intel: "ret") == "ret")
        #expect(gdb("pushq", "$0", intel: "push") == "push $0x0")
        #expect(gdb("jmpq", "*0x2fe2(%rip)", intel: "jmp") == "jmp *0x2fe2(%rip)")
        #expect(gdb("movzbl", "(%rax), %eax", intel: "movzx") == "movzbl (%rax),%eax")
        #expect(gdb("movslq", "%eax, %rdx", intel: "movsxd") == "movslq %eax,%rdx")
        #expect(gdb("setl", "%al", intel: "setl") == "setl %al")
        #expect(gdb("cmovlq", "%rdx, %rax", intel: "cmovl") == "cmovl %rdx,%rax")
        #expect(gdb("movq", "%xmm0, %rax", intel: "movq") == "movq %xmm0,%rax")
        #expect(gdb("shll", "%cl, (%rax)", intel: "shl") == "shll %cl,(%rax)")
        #expect(gdb("shlq", "%cl, %rax", intel: "shl") == "shl %cl,%rax")
        #expect(gdb("lock cmpxchgl", "%edx, (%rdi)", intel: "lock cmpxchg") == "lock cmpxchg %edx,(%rdi)")
        #expect(gdb("nopw", "%cs:(%rax, %rax)", intel: "nop") == "nopw %cs:(%rax,%rax)")
        #expect(gdb("addl", "$1, -4(%rbp)", intel: "add") == "addl $0x1,-0x4(%rbp)")
    }

    @Test func intelSyntaxAsDelveSpellsIt() {
        func delve(_ operands: String) -> String { IntelSyntax.operands(operands) }
        #expect(delve("qword ptr [rbp - 0x18], rdi") == "qword ptr [rbp-0x18], rdi")
        #expect(delve("dword ptr [rbp - 4], 0") == "dword ptr [rbp-0x4], 0x0")
        #expect(delve("rax, [rip + 0xe8d]") == "rax, [rip+0xe8d]")
        #expect(delve("eax, dword ptr [rax + rbx*8 + 8]") == "eax, dword ptr [rax+rbx*8+0x8]")
        #expect(delve("qword ptr [rax]") == "qword ptr [rax]")
        #expect(delve("1") == "0x1")
        #expect(delve("rsp, 0x20") == "rsp, 0x20")
        #expect(delve("eax, -1") == "eax, -0x1")
    }
}
