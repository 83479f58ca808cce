import Testing

/// The transcript's normalisation: what it must take out (run-to-run noise) and what it must keep.
@Suite struct TranscriptNormalisationTests {
    @Test func threadIdsAndAddressesGo() {
        #expect(Transcript.normalise("* [Go 1] main.main (Thread 6578)") == "* [Go 1] main.main")
        #expect(Transcript.normalise("(*main.Line)(0xc0000a42a0)") == "(*main.Line)(0x…)")
    }

    @Test func mapEntriesAreSortedRecursively() {
        let a = #"main.Order {Tags: map[string]int ["rush": 1, "gift": 2, ], M: map[string]map[int]bool ["b": map[int]bool [2: true, 1: false, ], "a": map[int]bool [], ]}"#
        let b = #"main.Order {Tags: map[string]int ["gift": 2, "rush": 1, ], M: map[string]map[int]bool ["a": map[int]bool [], "b": map[int]bool [1: false, 2: true, ], ]}"#
        #expect(Transcript.normalise(a) == Transcript.normalise(b))
        #expect(Transcript.normalise(b) == b)
    }

    @Test func quotedKeysWithSeparatorsStayWhole() {
        let text = #"map[string]int ["x, ]y": 1, "a[": 2, ]"#
        #expect(Transcript.normalise(text) == #"map[string]int ["a[": 2, "x, ]y": 1, ]"#)
    }

    @Test func unloadedMapsAndOtherValuesStay() {
        #expect(Transcript.normalise("map[string]int [...]") == "map[string]int [...]")
        #expect(Transcript.normalise(#"[]string len: 3, cap: 3, ["b","a"]"#) == #"[]string len: 3, cap: 3, ["b","a"]"#)
        #expect(Transcript.normalise("map[string]int nil") == "map[string]int nil")
    }

    @Test func mismatchIgnoresOnlyTheNamedTopics() {
        var left = Transcript(), right = Transcript()
        left.add("stdout", "hello")
        right.add("stdout", "")
        left.add("next", "top main.main x.go:35")
        right.add("next", "top main.main x.go:36")
        let mismatch = Transcript.mismatch(left, right, ignoring: ["stdout": "why"])
        #expect(mismatch.count == 1)
        #expect(mismatch.first?.contains("x.go:36") == true)
    }
}
