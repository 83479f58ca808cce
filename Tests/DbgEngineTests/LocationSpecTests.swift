import Testing

@testable import DbgEngine

/// Delve's location syntax, parsed.
@Suite struct LocationSpecTests {
    @Test(arguments: [
        ("main.main", LocationSpec.function("main.main")),
        ("main.go:12", .fileLine(file: "main.go", line: 12)),
        ("/src/app/main.go:12", .fileLine(file: "/src/app/main.go", line: 12)),
        ("/^main\\.work/", .regex("^main\\.work")),
        ("/a:1/", .regex("a:1")),
        ("*0x401136", .address(0x401136)),
        ("+3", .lineOffset(3)),
        ("42", .line(42)),
    ])
    func parses(_ text: String, _ expected: LocationSpec) throws {
        #expect(try LocationSpec.parse(text) == expected)
    }

    @Test(arguments: ["/unterminated", "/src/app/main.go", "/src/app/main.go:0", "main.go:-1", ""])
    func refuses(_ text: String) {
        #expect(throws: LocationSpecError.self) { try LocationSpec.parse(text) }
    }
}
