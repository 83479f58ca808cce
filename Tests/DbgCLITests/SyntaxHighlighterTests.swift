import DbgSymbols
import Testing
@testable import DbgCLI

@Suite struct SyntaxHighlighterTests {
    func styles(_ language: SourceLanguage, _ lines: [String]) -> [[(String, SyntaxHighlighter.Style)]] {
        let spans = SyntaxHighlighter(language: language).spans(lines: lines)
        return zip(lines, spans).map { line, spans in
            let bytes = Array(line.utf8)
            return spans.map { (String(decoding: bytes[$0.start..<$0.end], as: UTF8.self), $0.style) }
        }
    }

    @Test func go() {
        let result = styles(.go, [
            "func inspect(o *Order) string { // closure",
            "\treturn fmt.Sprintf(\"%d\", 0x1f) + `raw",
            "still raw` + s.type",
            "/* block",
            "comment */ var x = 1.5e-3",
        ])
        #expect(result[0].map(\.0) == ["func", "// closure"])
        #expect(result[0].map(\.1) == [.keyword, .comment])
        #expect(result[1].map(\.0) == ["return", "\"%d\"", "0x1f", "`raw"])
        #expect(result[2].map(\.0) == ["still raw`"])  // `type` after a dot is a field, not the keyword
        #expect(result[3].map(\.1) == [.comment])
        #expect(result[4].map(\.0) == ["comment */", "var", "1", "1.5e-3"].filter { $0 != "1" })
    }

    @Test func c() {
        let result = styles(.c, [
            "#include <stdio.h>",
            "static int count = 'a'; /* c */ char *s = \"x\\\"y\";",
            "  #define MAX 10",
        ])
        #expect(result[0].map(\.0) == ["#include", "<stdio.h>"])
        #expect(result[1].map(\.0) == ["static", "int", "'a'", "/* c */", "char", "\"x\\\"y\""])
        #expect(result[2].map(\.0) == ["#define", "10"])
    }

    @Test func swift() {
        let result = styles(.swift, [
            "@main struct App { let s = \"\"\"",
            "text \"quoted\"",
            "\"\"\"; var r = #\"raw \"x\" \"#  /* a /* nested */ still */ nil",
        ])
        #expect(result[0].map(\.0) == ["@main", "struct", "let", "\"\"\""])
        #expect(result[1].map(\.1) == [.string])
        #expect(result[2].map(\.0) == ["\"\"\"", "var", "#\"raw \"x\" \"#", "/* a /* nested */ still */", "nil"])
    }

    @Test func paintingWrapsSpansInColour() {
        let spans = SyntaxHighlighter(language: .go).spans(lines: ["go f()"])[0]
        #expect(SyntaxHighlighter.paint("go f()", spans: spans, theme: .colour) == "\u{1B}[35mgo\u{1B}[0m f()")
        #expect(SyntaxHighlighter.paint("go f()", spans: spans, theme: .plain) == "go f()")
    }

    @Test func languagesByExtension() {
        #expect(SourceLanguage(path: "/a/main.go") == .go)
        #expect(SourceLanguage(path: "x.h") == .c)
        #expect(SourceLanguage(path: "x.cpp") == .cPlusPlus)
        #expect(SourceLanguage(path: "Package.swift") == .swift)
        #expect(SourceLanguage(path: "/a.b/Makefile") == nil)
    }
}
