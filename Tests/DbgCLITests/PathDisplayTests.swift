import Testing
@testable import DbgCLI

@Suite struct PathDisplayTests {
    @Test func pathsUnderTheWorkingDirectoryAreShownRelative() {
        #expect(PathDisplay.relative("/home/me/proj/main.go", to: "/home/me/proj") == "./main.go")
        #expect(PathDisplay.relative("/usr/lib/go/src/runtime/proc.go", to: "/home/me/proj") == "/usr/lib/go/src/runtime/proc.go")
    }
}
