import Testing
@testable import DbgCLI

@Suite struct SourceListerTests {
    @Test func listingNearTheStartAndEndOfAFile() throws {
        let path = "/tmp/dbg-lister-\(UInt32.random(in: 0...UInt32.max)).c"
        try ConfigFiles.write((1...8).map { "line \($0)" }.joined(separator: "\n") + "\n", to: path)
        let lister = SourceLister(cache: SourceCache(), theme: .plain, paths: PathFormatter(workingDirectory: "/tmp"), lineCount: 2)
        #expect(try lister.listing(file: path, line: 1, arrow: true) == "=>   1:\tline 1\n     2:\tline 2\n     3:\tline 3\n")
        #expect(try lister.listing(file: path, line: 8, arrow: false) == "     6:\tline 6\n     7:\tline 7\n     8:\tline 8\n")
        #expect(throws: SourceCache.Failure.self) { try lister.listing(file: "/nonexistent.c", line: 1, arrow: true) }
    }

    @Test func substitutePathRules() {
        let paths = PathFormatter(rules: [SubstitutePathRule(from: "/build/src", to: "/home/me/src"), SubstitutePathRule(from: "", to: "/root")], workingDirectory: "/home/me/src")
        #expect(paths.local("/build/src/a/main.go") == "/home/me/src/a/main.go")
        #expect(paths.display("/build/src/a/main.go") == "./a/main.go")
        #expect(paths.local("/build/srcx/main.go") == "/build/srcx/main.go")
        #expect(paths.local("rel/main.go") == "/root/rel/main.go")
    }
}
