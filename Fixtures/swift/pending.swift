// pending.swift — Swift tasks made but not started yet.
//
// Exercises: a task the runtime has queued but never run (`tasks` lists it as not started,
// at the function it will start in), beside the running main task. main runs on the main
// actor and makes three tasks for the main actor too: they cannot start before main lets
// go of it, which it does only after allMade(_:) returns.
// Good breakpoint: allMade(_:).
//
// Prints "made 3 tasks", then each task's line, then "done"; exits 0. Built with
// -parse-as-library because of @main.

@MainActor
func greet(_ name: String) -> String {
    "hello, \(name)"
}

@MainActor
func countDown(from start: Int) -> Int {
    var total = 0
    for value in stride(from: start, to: 0, by: -1) { total += value }
    return total
}

func allMade(_ count: Int) {
    print("made \(count) tasks")   // the three tasks are queued, not started
}

@main
struct Main {
    @MainActor
    static func main() async {
        let first = Task { @MainActor in greet("first") }
        let second = Task { @MainActor in greet("second") }
        let third = Task { @MainActor in countDown(from: 4) }
        allMade(3)
        print(await first.value)
        print(await second.value)
        print("count down: \(await third.value)")
        print("done")
    }
}
